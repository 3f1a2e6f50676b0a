/**
 * One mark per run: a metric by run, and a parameter against a metric.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { JSONValue } from '../model/types';
import {
  axisTitle,
  CHART_DATA,
  categoryText,
  ChartRun,
  collator,
  DEFAULT_LABELS,
  finiteMetric,
  IChartOptions,
  IRunRow,
  labelsByNumber,
  paramValue,
  runIdentities,
  runSelection,
  runTooltip,
  selectedOpacity,
  tooltipField,
  topLevel
} from './common';

export interface IMetricRow extends IRunRow {
  metric: string;
  value: number;
}

/** Long-format rows of one metric: one per run with a finite value. */
export function metricRows(
  runs: readonly ChartRun[],
  metric: string
): { rows: IMetricRow[]; omitted: string[] } {
  const identities = runIdentities(runs);
  const rows: IMetricRow[] = [];
  const omitted: string[] = [];
  for (const run of runs) {
    const value = finiteMetric(run, metric);
    if (value === null) {
      omitted.push(run.id);
    } else {
      rows.push({ ...identities.get(run.id)!, metric, value });
    }
  }
  return { rows, omitted };
}

/**
 * Above this many runs the run axis has no labels (hover tells the run):
 * they could not be read, and measuring a thousand of them to find which
 * overlap costs more than the rest of the chart.
 */
export const MAX_LABELLED_RUNS = 60;

export interface IMetricByRunOptions extends IChartOptions {
  mark?: 'bar' | 'point';
  /** Order runs by value; by run number when absent. */
  sort?: 'ascending' | 'descending';
}

/** A metric's value for each run, as bars or points. */
export function metricByRunSpec(
  runs: readonly ChartRun[],
  metric: string,
  options: IMetricByRunOptions = {}
): TopLevelSpec {
  const labels = options.labels ?? DEFAULT_LABELS;
  const mark = options.mark ?? 'bar';
  const { rows, omitted } = metricRows(runs, metric);
  const sort =
    options.sort === 'ascending'
      ? 'y'
      : options.sort === 'descending'
        ? '-y'
        : labelsByNumber(rows);
  return {
    ...topLevel('metric-by-run', rows, omitted, options),
    data: { name: CHART_DATA },
    params: [runSelection({ nearest: mark === 'point' })],
    mark: mark === 'bar' ? { type: 'bar' } : { type: 'point', filled: true },
    encoding: {
      x: {
        field: 'run_label',
        type: 'nominal',
        sort,
        ...axisTitle(
          labels.run,
          rows.length > MAX_LABELLED_RUNS
            ? { labels: false, ticks: false }
            : { labelAngle: 0, labelOverlap: true }
        )
      },
      y: {
        field: 'value',
        type: 'quantitative',
        ...axisTitle(metric),
        scale: { zero: mark === 'bar' }
      },
      opacity: selectedOpacity(),
      tooltip: [
        runTooltip(labels),
        tooltipField('value', 'quantitative', metric)
      ]
    }
  };
}

export interface IParamMetricRow extends IRunRow {
  param: string;
  metric: string;
  /** The parameter value: a number on a quantitative axis, else its text. */
  x: number | string;
  value: number;
}

export interface IParamVsMetricOptions extends IChartOptions {
  /**
   * Scale of a numeric parameter axis. `auto` (the default) uses a log scale
   * when all values are positive and span two decades or more, as learning
   * rates and regularisation weights do.
   */
  xScale?: 'auto' | 'linear' | 'log';
}

/** Rows of one parameter against one metric, and whether x is numeric. */
export function paramMetricRows(
  runs: readonly ChartRun[],
  param: string,
  metric: string
): { rows: IParamMetricRow[]; omitted: string[]; numeric: boolean } {
  const identities = runIdentities(runs);
  const pairs: { run: ChartRun; x: JSONValue; value: number }[] = [];
  const omitted: string[] = [];
  for (const run of runs) {
    const x = paramValue(run, param);
    const value = finiteMetric(run, metric);
    if (x === null || value === null) {
      omitted.push(run.id);
    } else {
      pairs.push({ run, x, value });
    }
  }
  const numeric = pairs.every(
    pair => typeof pair.x === 'number' && Number.isFinite(pair.x)
  );
  const rows = pairs.map((pair): IParamMetricRow => ({
    ...identities.get(pair.run.id)!,
    param,
    metric,
    x: numeric ? (pair.x as number) : categoryText(pair.x),
    value: pair.value
  }));
  return { rows, omitted, numeric };
}

function logScaleFits(values: number[]): boolean {
  if (values.length < 2 || values.some(value => value <= 0)) {
    return false;
  }
  return Math.max(...values) / Math.min(...values) >= 100;
}

/**
 * A scatter of a metric against a parameter: a quantitative x axis when every
 * value is a number, a nominal one (categories sorted) otherwise.
 */
export function paramVsMetricSpec(
  runs: readonly ChartRun[],
  param: string,
  metric: string,
  options: IParamVsMetricOptions = {}
): TopLevelSpec {
  const labels = options.labels ?? DEFAULT_LABELS;
  const { rows, omitted, numeric } = paramMetricRows(runs, param, metric);
  const xValues = rows.map(row => row.x);
  const scaleOption = options.xScale ?? 'auto';
  const log =
    numeric &&
    (scaleOption === 'log' ||
      (scaleOption === 'auto' && logScaleFits(xValues as number[])));
  const x = numeric
    ? {
        field: 'x',
        type: 'quantitative' as const,
        ...axisTitle(param),
        scale: log ? { type: 'log' as const } : { zero: false }
      }
    : {
        field: 'x',
        type: 'nominal' as const,
        ...axisTitle(param, { labelLimit: 160 }),
        sort: [...new Set(xValues as string[])].sort(collator.compare)
      };
  return {
    ...topLevel('param-vs-metric', rows, omitted, options),
    data: { name: CHART_DATA },
    params: [runSelection({ nearest: true })],
    mark: { type: 'point', filled: true, size: 60 },
    encoding: {
      x,
      y: {
        field: 'value',
        type: 'quantitative',
        ...axisTitle(metric),
        scale: { zero: false }
      },
      opacity: selectedOpacity(),
      tooltip: [
        runTooltip(labels),
        tooltipField(
          'x',
          numeric ? 'quantitative' : 'nominal',
          // Two equal titles would make one tooltip line.
          param === metric ? `${param} (${labels.parameter})` : param
        ),
        tooltipField('value', 'quantitative', metric)
      ]
    }
  };
}
