/** Run fixtures for the chart tests. */
import type { IMetricRecord, JSONValue } from '../../model/types';
import type { ChartRun } from '../common';

/** Set an own property, even one named `__proto__` (as JSON.parse does). */
function own<T>(target: { [name: string]: T }, name: string, value: T): void {
  Object.defineProperty(target, name, {
    value,
    enumerable: true,
    writable: true,
    configurable: true
  });
}

/**
 * A run from plain values: params as JSON values, metrics as a number or a
 * `[step, value]` series (whose last value becomes the metric's value).
 */
export function chartRun(
  number: number,
  params: { [name: string]: JSONValue },
  metrics: { [name: string]: number | [number, number][] },
  id = `run-${number}`
): ChartRun {
  const metricRecords: { [name: string]: IMetricRecord } = {};
  for (const [name, value] of Object.entries(metrics)) {
    own(
      metricRecords,
      name,
      typeof value === 'number'
        ? { value }
        : { value: value[value.length - 1]?.[1] ?? NaN, series: value }
    );
  }
  const paramRecords: ChartRun['params'] = {};
  for (const [name, value] of Object.entries(params)) {
    own(paramRecords, name, {
      value,
      source: JSON.stringify(value),
      type: typeof value
    });
  }
  return { id, number, params: paramRecords, metrics: metricRecords };
}

/**
 * A name with every character that breaks naive field access or expression
 * quoting, ending in a backslash.
 */
export const AWKWARD_METRIC = `a.b/c[0] "q" 'x' \\" {y} \\`;

/**
 * Names that broke the charts: members of `Object.prototype` and `then`
 * (Vega refuses them as object keys, and fails on literal text equal to
 * one), line breaks (in an expression's string), the empty name, keys
 * vega-tooltip treats specially, and quoting, markup and path syntax.
 */
export const HOSTILE_NAMES: readonly string[] = [
  'toString',
  'valueOf',
  'hasOwnProperty',
  'then',
  '__defineGetter__',
  '__proto__',
  'constructor',
  'a\nb',
  'a\u2028b',
  'a\u2029b',
  '',
  '"+x+"',
  "datum['x']",
  '<b>x</b>',
  'a.b',
  'a[0]',
  "'",
  '\\',
  'title',
  'image',
  AWKWARD_METRIC
];
