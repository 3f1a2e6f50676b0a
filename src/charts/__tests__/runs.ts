/** Run fixtures for the chart tests. */
import type { IMetricRecord, JSONValue } from '../../model/types';
import type { ChartRun } from '../common';

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
    metricRecords[name] =
      typeof value === 'number'
        ? { value }
        : { value: value[value.length - 1]?.[1] ?? NaN, series: value };
  }
  const paramRecords: ChartRun['params'] = {};
  for (const [name, value] of Object.entries(params)) {
    paramRecords[name] = {
      value,
      source: JSON.stringify(value),
      type: typeof value
    };
  }
  return { id, number, params: paramRecords, metrics: metricRecords };
}

/**
 * A name with every character that breaks naive field access or expression
 * quoting, ending in a backslash.
 */
export const AWKWARD_METRIC = `a.b/c[0] "q" 'x' \\" {y} \\`;
