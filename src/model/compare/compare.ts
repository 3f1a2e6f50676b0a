/**
 * The comparison table of selected runs: one column per run, one row per
 * parameter and metric, with what differs and how each run fares against a
 * baseline. Pure logic; the compare view renders it.
 */
import { contextRows } from './compareContext';
import { stableJson } from './importance';
import { isRedactedParam } from '../redaction/redaction';
import {
  formatNumber,
  formatValue,
  MISSING,
  truncate
} from '../record/runFormat';

/** How the comparison shows a value removed as a secret. */
export const REDACTED_MARK = '‹redacted›';
import { buildColumns, RunRow } from '../runTable';
import type { JSONValue, RunStatus } from '../types';

/** Whether lower (`min`) or higher (`max`) values of a metric are better. */
export type MetricDirection = 'min' | 'max';

export interface ICompareOptions {
  /** The run others are measured against; none when absent or not among the runs. */
  baselineId?: string;
  /** Leave out rows whose value is the same in every run. */
  differencesOnly: boolean;
  /**
   * Directions the user chose, overriding the guess from the metric's name;
   * `null` marks a metric as having no better direction.
   */
  metricDirections?: { [metric: string]: MetricDirection | null };
}

export interface ICompareColumn {
  id: string;
  number: number;
  status: RunStatus;
  baseline: boolean;
}

export interface ICompareCell {
  /**
   * The value: a parameter's JSON value (null when not representable) or a
   * metric's number; undefined when the run does not have it.
   */
  raw: JSONValue | undefined;
  /** The value as shown: shortened numbers, `—` when missing. */
  text: string;
  /** Value minus the baseline's, when both are finite numbers; null otherwise and in the baseline column. */
  delta: number | null;
  /** `delta` relative to the baseline's magnitude; null when the baseline value is 0. */
  relative: number | null;
  /**
   * Whether this run does better than the baseline on a metric of known
   * direction; null when equal, not comparable or the direction is unknown.
   */
  better: boolean | null;
}

export interface ICompareRow {
  kind: 'param' | 'metric' | 'context';
  /** The parameter or metric name; for context, a name of `contextRows`. */
  name: string;
  /** One cell per column, in column order. */
  values: ICompareCell[];
  /** Whether the runs disagree (a missing value differs from any value). */
  differs: boolean;
  /** For metrics, the direction in force; always null for parameters. */
  direction: MetricDirection | null;
}

export interface IComparison {
  /** The runs, in the order given. */
  columns: ICompareColumn[];
  rows: ICompareRow[];
  /** The baseline's column index, or -1 without a baseline. */
  baselineIndex: number;
  /** Rows left out by `differencesOnly`, so the view can say so. */
  hiddenRows: number;
}

/** Longest text shown for a value before it is cut; full values stay in `raw`. */
const TEXT_LENGTH = 80;

// Substrings of the metric's last path segment that mean lower is better.
const LOWER_IS_BETTER = [
  'loss',
  'error',
  'latency',
  'mse',
  'rmse',
  'mae',
  'perplexity'
];
// Whole words of the last path segment (split at punctuation and camelCase),
// too short to match as substrings without false hits (`wer` in `power`).
const LOWER_IS_BETTER_WORD = /^(nll|wer|cer|ppl|fid|mape|smape|regret)$/;
const HIGHER_IS_BETTER_WORD =
  /^(acc|accuracy|precision|recall|f1|fbeta|auc|auroc|roc|bleu|rouge\w*|meteor|chrf|map|ndcg|mrr|iou|miou|dice|r2|reward|return|throughput|top\d+|hits?|hitrate|winrate)$/;

function words(segment: string): string[] {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(word => word !== '');
}

/**
 * The direction a metric's name suggests, from its last `/` segment:
 * `min` for losses, errors, latencies and the like, `max` for accuracy-like
 * scores, null when the name does not say.
 */
export function defaultMetricDirection(name: string): MetricDirection | null {
  const segment = name.slice(name.lastIndexOf('/') + 1);
  const lower = segment.toLowerCase();
  const segmentWords = words(segment);
  if (
    LOWER_IS_BETTER.some(part => lower.includes(part)) ||
    segmentWords.some(word => LOWER_IS_BETTER_WORD.test(word))
  ) {
    return 'min';
  }
  if (segmentWords.some(word => HIGHER_IS_BETTER_WORD.test(word))) {
    return 'max';
  }
  return null;
}

/** The direction in force: the user's choice if any, else the name's. */
export function metricDirection(
  name: string,
  overrides?: ICompareOptions['metricDirections']
): MetricDirection | null {
  if (overrides && Object.prototype.hasOwnProperty.call(overrides, name)) {
    return overrides[name] ?? null;
  }
  return defaultMetricDirection(name);
}

interface ICellValue {
  raw: JSONValue | undefined;
  text: string;
  /** Equal keys mean equal values; decides `differs`. */
  key: string;
  number: number | null;
}

function paramValue(run: RunRow, name: string): ICellValue {
  if (!Object.prototype.hasOwnProperty.call(run.params, name)) {
    return { raw: undefined, text: MISSING, key: 'missing', number: null };
  }
  const param = run.params[name];
  if (isRedactedParam(param)) {
    // Two redacted values may differ: nothing tells, so they count as equal.
    return { raw: null, text: REDACTED_MARK, key: 'redacted', number: null };
  }
  if (param.value === null && param.exact === false) {
    // Not representable as JSON (an object): its source is all we have.
    return {
      raw: null,
      text: truncate(param.source.trim(), TEXT_LENGTH),
      key: `source:${param.source.trim()}`,
      number: null
    };
  }
  const value = param.value;
  return {
    raw: value,
    text: value === null ? 'None' : formatValue(value, TEXT_LENGTH),
    key: `value:${stableJson(value)}`,
    number: typeof value === 'number' && Number.isFinite(value) ? value : null
  };
}

function metricValue(run: RunRow, name: string): ICellValue {
  if (!Object.prototype.hasOwnProperty.call(run.metrics, name)) {
    return { raw: undefined, text: MISSING, key: 'missing', number: null };
  }
  const value = run.metrics[name].value;
  return {
    raw: value,
    text: formatNumber(value),
    // String() makes NaN equal NaN and 0 equal -0, as a reader would.
    key: `value:${String(value)}`,
    number: Number.isFinite(value) ? value : null
  };
}

function cellsOf(
  values: ICellValue[],
  baselineIndex: number,
  direction: MetricDirection | null
): ICompareCell[] {
  const baseline = baselineIndex < 0 ? null : values[baselineIndex].number;
  return values.map((value, index): ICompareCell => {
    const comparable =
      index !== baselineIndex && baseline !== null && value.number !== null;
    const delta = comparable ? value.number! - baseline! : null;
    const relative =
      delta !== null && baseline !== 0 ? delta / Math.abs(baseline!) : null;
    const better =
      delta === null || delta === 0 || direction === null
        ? null
        : direction === 'min'
          ? delta < 0
          : delta > 0;
    return { raw: value.raw, text: value.text, delta, relative, better };
  });
}

/**
 * The comparison of `runs`: parameters first (in the newest run's order, then
 * alphabetically), then metrics (grouped by section), as in the runs table,
 * then what the runs ran with and used (`contextRows`).
 */
export function buildComparison(
  runs: readonly RunRow[],
  options: ICompareOptions
): IComparison {
  const baselineIndex =
    options.baselineId === undefined
      ? -1
      : runs.findIndex(run => run.id === options.baselineId);
  const columns = runs.map((run, index): ICompareColumn => ({
    id: run.id,
    number: run.number,
    status: run.status,
    baseline: index === baselineIndex
  }));
  const rows: ICompareRow[] = [];
  let hiddenRows = 0;
  for (const column of buildColumns(runs)) {
    if (
      (column.kind !== 'param' && column.kind !== 'metric') ||
      column.key === undefined
    ) {
      continue;
    }
    const name = column.key;
    const kind = column.kind;
    const values = runs.map(run =>
      kind === 'param' ? paramValue(run, name) : metricValue(run, name)
    );
    const differs = new Set(values.map(value => value.key)).size > 1;
    if (options.differencesOnly && !differs) {
      hiddenRows++;
      continue;
    }
    const direction =
      kind === 'metric'
        ? metricDirection(name, options.metricDirections)
        : null;
    rows.push({
      kind,
      name,
      values: cellsOf(values, baselineIndex, direction),
      differs,
      direction
    });
  }
  for (const { name, values } of contextRows(runs)) {
    const differs = new Set(values.map(value => value.key)).size > 1;
    if (options.differencesOnly && !differs) {
      hiddenRows++;
      continue;
    }
    rows.push({
      kind: 'context',
      name,
      values: cellsOf(values, baselineIndex, null),
      differs,
      direction: null
    });
  }
  return { columns, rows, baselineIndex, hiddenRows };
}
