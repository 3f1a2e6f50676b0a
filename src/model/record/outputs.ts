/**
 * Size bounds for captured outputs, so one chatty cell cannot bloat every run
 * record: long text is cut with a visible marker, large images are replaced
 * by a note, and surplus outputs are dropped. The metrics bundle is kept
 * (metrics are read from it) with each series thinned to a maximum length.
 */

import { RUNLOG_METRICS_MIME } from './metrics';
import { setOwn } from '../python/pythonLiteral';
import type { ICapturedOutput, JSONValue } from '../types';

export interface IOutputLimits {
  /** Characters kept of one text (a stream, a MIME entry, a traceback). */
  maxTextChars: number;
  /** Size of one base64-encoded image, in stored characters (bytes). */
  maxImageBytes: number;
  /** Outputs kept per cell; outputs carrying metrics are kept beyond it. */
  maxOutputsPerCell: number;
  /** Points kept per metric series in the metrics bundle. */
  maxSeriesPoints: number;
}

export const DEFAULT_OUTPUT_LIMITS: IOutputLimits = {
  maxTextChars: 20_000,
  maxImageBytes: 1_000_000,
  maxOutputsPerCell: 50,
  maxSeriesPoints: 10_000
};

/** Binary image types stored as base64 (SVG is text). */
const BASE64_IMAGES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/bmp'
]);

/** Bound a cell's outputs. The input is not modified; the result is a copy. */
export function boundOutputs(
  outputs: ICapturedOutput[],
  limits: IOutputLimits = DEFAULT_OUTPUT_LIMITS
): ICapturedOutput[] {
  const bounded: ICapturedOutput[] = [];
  let dropped = 0;
  outputs.forEach((output, index) => {
    if (index < limits.maxOutputsPerCell || carriesMetrics(output)) {
      bounded.push(boundOutput(output, limits));
    } else {
      dropped++;
    }
  });
  if (dropped) {
    bounded.push({
      output_type: 'stream',
      name: 'stdout',
      text: `… [runlog: dropped ${formatCount(dropped)} more ${
        dropped === 1 ? 'output' : 'outputs'
      }]\n`
    });
  }
  return bounded;
}

/**
 * Keep the first `maxChars` characters and say how many were cut. A
 * surrogate pair is never split.
 */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) {
    return text;
  }
  let keep = Math.max(0, maxChars);
  const last = text.charCodeAt(keep - 1);
  if (keep > 0 && last >= 0xd800 && last <= 0xdbff) {
    keep--;
  }
  const cut = text.length - keep;
  return `${text.slice(0, keep)}\n… [runlog: truncated ${formatCount(cut)} characters]`;
}

/**
 * At most `maxPoints` points picked at even strides, always including the
 * first and the last point.
 */
export function thinSeries<T>(series: T[], maxPoints: number): T[] {
  const count = Math.max(0, Math.floor(maxPoints));
  if (series.length <= count) {
    return series.slice();
  }
  if (count <= 1) {
    return count ? [series[series.length - 1]] : [];
  }
  const step = (series.length - 1) / (count - 1);
  return Array.from({ length: count }, (_, i) => series[Math.round(i * step)]);
}

function boundOutput(
  output: ICapturedOutput,
  limits: IOutputLimits
): ICapturedOutput {
  const copy = cloneJSON(output) as ICapturedOutput;
  if (!isObject(copy)) {
    return copy;
  }
  switch (copy.output_type) {
    case 'stream':
      if (isText(copy.text)) {
        copy.text = truncateText(joinText(copy.text), limits.maxTextChars);
      }
      break;
    case 'error':
      boundError(copy, limits.maxTextChars);
      break;
    default:
      if (isObject(copy.data)) {
        boundData(copy, copy.data, limits);
      }
  }
  return copy;
}

function boundError(error: ICapturedOutput, maxChars: number): void {
  if (typeof error.evalue === 'string') {
    error.evalue = truncateText(error.evalue, maxChars);
  }
  if (!Array.isArray(error.traceback)) {
    return;
  }
  const lines: JSONValue[] = [];
  let budget = maxChars;
  let cut = 0;
  for (const line of error.traceback) {
    const text = typeof line === 'string' ? line : JSON.stringify(line);
    if (budget >= text.length) {
      lines.push(text);
      budget -= text.length;
    } else {
      if (budget > 0) {
        lines.push(text.slice(0, budget));
      }
      cut += text.length - Math.max(0, budget);
      budget = 0;
    }
  }
  if (cut) {
    lines.push(`… [runlog: truncated ${formatCount(cut)} characters]`);
  }
  error.traceback = lines;
}

function boundData(
  output: ICapturedOutput,
  data: { [mime: string]: JSONValue },
  limits: IOutputLimits
): void {
  const notes: string[] = [];
  for (const mime of Object.keys(data)) {
    const value = data[mime];
    if (mime === RUNLOG_METRICS_MIME) {
      thinPayload(value, limits.maxSeriesPoints);
    } else if (BASE64_IMAGES.has(mime) && isText(value)) {
      const size = joinText(value).length;
      if (size > limits.maxImageBytes) {
        delete data[mime];
        dropMetadata(output, mime);
        notes.push(
          `[runlog: dropped ${mime} image of ${formatCount(size)} bytes ` +
            `(limit ${formatCount(limits.maxImageBytes)})]`
        );
      }
    } else if (isText(value)) {
      setOwn(data, mime, truncateText(joinText(value), limits.maxTextChars));
    } else if (value !== null && typeof value === 'object') {
      // Structured data (JSON, widget state, plots) cannot be cut in place.
      const text = JSON.stringify(value);
      if (text.length > limits.maxTextChars) {
        delete data[mime];
        notes.push(
          `[runlog: dropped ${mime} of ${formatCount(text.length)} characters]`
        );
      }
    }
  }
  if (notes.length) {
    const plain = isText(data['text/plain'])
      ? joinText(data['text/plain'])
      : '';
    setOwn(data, 'text/plain', [plain, ...notes].filter(Boolean).join('\n'));
  }
}

/** Thin every series of a metrics payload, leaving everything else as is. */
function thinPayload(payload: JSONValue, maxPoints: number): void {
  const metrics = isObject(payload) ? payload.metrics : null;
  if (!isObject(metrics)) {
    return;
  }
  for (const name of Object.keys(metrics)) {
    const metric = metrics[name];
    if (isObject(metric) && Array.isArray(metric.series)) {
      metric.series = thinSeries(metric.series, maxPoints);
    }
  }
}

function dropMetadata(output: ICapturedOutput, mime: string): void {
  if (isObject(output.metadata) && mime in output.metadata) {
    delete output.metadata[mime];
  }
}

function carriesMetrics(output: ICapturedOutput): boolean {
  return (
    isObject(output) &&
    isObject(output.data) &&
    RUNLOG_METRICS_MIME in output.data
  );
}

function isObject(value: unknown): value is { [key: string]: JSONValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string | string[] {
  return (
    typeof value === 'string' ||
    (Array.isArray(value) && value.every(line => typeof line === 'string'))
  );
}

/** nbformat stores multi-line strings as a string or an array of lines. */
function joinText(value: string | string[]): string {
  return typeof value === 'string' ? value : value.join('');
}

function cloneJSON(value: JSONValue): JSONValue {
  if (Array.isArray(value)) {
    return value.map(cloneJSON);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const copy: { [key: string]: JSONValue } = {};
  for (const key of Object.keys(value)) {
    setOwn(copy, key, cloneJSON(value[key]));
  }
  return copy;
}

/** 12345 -> '12,345', independent of the locale. */
function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
