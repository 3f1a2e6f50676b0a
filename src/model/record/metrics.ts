/**
 * Metrics found in a cell's outputs.
 *
 * Two sources: the runlog MIME bundle that the Python `log()` helper emits
 * (scalars and series over steps), and a cell whose result is a mapping of
 * names to numbers (`{'acc': 0.91}`). Outputs can come from imported bundles,
 * so every shape is checked before use.
 */

import { parsePythonLiteral, setOwn } from '../python/pythonLiteral';
import type { ICapturedOutput, IMetricRecord, JSONValue } from '../types';

/** The MIME type of the metrics bundle emitted by `jupyterlab_runlog.log()`. */
export const RUNLOG_METRICS_MIME =
  'application/vnd.jupyterlab-runlog.metrics+json';

/** The payload version this code reads. */
export const RUNLOG_METRICS_VERSION = 1;

/** Longest metric name accepted. */
export const MAX_METRIC_NAME_LENGTH = 200;

/** Deepest nesting of a result mapping that is flattened into `a/b` names. */
const MAX_MAPPING_DEPTH = 8;

export type MetricMap = { [name: string]: IMetricRecord };

/**
 * Metrics from a runlog MIME payload:
 * `{ version: 1, metrics: { name: { value, series? } } }`.
 * Malformed metrics are skipped, a malformed payload yields none.
 */
export function metricsFromPayload(payload: unknown): MetricMap {
  const metrics: MetricMap = {};
  if (
    !isPlainObject(payload) ||
    payload.version !== RUNLOG_METRICS_VERSION ||
    !isPlainObject(payload.metrics)
  ) {
    return metrics;
  }
  const entries = payload.metrics;
  for (const name of Object.keys(entries)) {
    const record = metricRecord(entries[name]);
    if (record && isMetricName(name)) {
      setOwn(metrics, name, record);
    }
  }
  return metrics;
}

/**
 * Metrics from a cell's result when it is a mapping of names to numbers,
 * nested mappings flattened to `outer/inner` names. Anything else (a
 * non-number value, an empty mapping, a bool) yields no metrics at all.
 */
export function metricsFromResult(data: unknown): MetricMap {
  if (!isPlainObject(data)) {
    return {};
  }
  let mapping: unknown = data['application/json'];
  if (!isPlainObject(mapping)) {
    const text = textOf(data['text/plain']);
    const parsed =
      text === null ? null : parsePythonLiteral(text, { numpyScalars: true });
    mapping = parsed?.ok && parsed.type === 'dict' ? parsed.value : null;
  }
  const metrics: MetricMap = {};
  return isPlainObject(mapping) && flatten(mapping, '', 1, metrics)
    ? metrics
    : {};
}

/**
 * All metrics of one cell execution. A later output overrides an earlier one
 * for the same name (the helper's display is updated in place, so the last
 * state is the accumulated one).
 */
export function extractMetrics(outputs: ICapturedOutput[]): MetricMap {
  const metrics: MetricMap = {};
  for (const output of Array.isArray(outputs) ? outputs : []) {
    if (!isPlainObject(output) || !isPlainObject(output.data)) {
      continue;
    }
    const data = output.data;
    const found =
      RUNLOG_METRICS_MIME in data
        ? metricsFromPayload(data[RUNLOG_METRICS_MIME])
        : output.output_type === 'execute_result'
          ? metricsFromResult(data)
          : {};
    mergeMetrics(metrics, found);
  }
  return metrics;
}

/**
 * Merge `from` into `into` (a later cell's metric replaces an earlier one of
 * the same name). Mutates and returns `into`; records are copied.
 */
export function mergeMetrics(into: MetricMap, from: MetricMap): MetricMap {
  for (const name of Object.keys(from)) {
    const record = from[name];
    const copy: IMetricRecord = { value: record.value };
    if (record.series) {
      copy.series = record.series.map(([step, value]) => [step, value]);
    }
    setOwn(into, name, copy);
  }
  return into;
}

function metricRecord(entry: unknown): IMetricRecord | null {
  if (isFiniteNumber(entry)) {
    return { value: entry };
  }
  if (!isPlainObject(entry)) {
    return null;
  }
  const series = Array.isArray(entry.series)
    ? entry.series.filter(isPoint).map(([step, value]) => [step, value])
    : [];
  if (series.length) {
    // The scalar of a series is its last value.
    const value = series[series.length - 1][1];
    return { value, series: series as [number, number][] };
  }
  return isFiniteNumber(entry.value) ? { value: entry.value } : null;
}

function isPoint(point: unknown): point is [number, number] {
  return (
    Array.isArray(point) &&
    point.length === 2 &&
    isFiniteNumber(point[0]) &&
    isFiniteNumber(point[1])
  );
}

function flatten(
  mapping: { [key: string]: unknown },
  prefix: string,
  depth: number,
  into: MetricMap
): boolean {
  const keys = Object.keys(mapping);
  if (!keys.length || depth > MAX_MAPPING_DEPTH) {
    return false;
  }
  for (const key of keys) {
    const name = prefix + key;
    const value = mapping[key];
    if (!key.length || !isMetricName(name)) {
      return false;
    }
    if (isFiniteNumber(value)) {
      setOwn(into, name, { value });
    } else if (
      !isPlainObject(value) ||
      !flatten(value, name + '/', depth + 1, into)
    ) {
      return false;
    }
  }
  return true;
}

function isMetricName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_METRIC_NAME_LENGTH;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** nbformat allows multi-line strings as arrays of lines. */
function textOf(value: JSONValue | unknown): string | null {
  if (typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value) && value.every(line => typeof line === 'string')) {
    return value.join('');
  }
  return null;
}
