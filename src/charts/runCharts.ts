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
  describe,
  DESCRIBED_ENCODING,
  finiteMetric,
  IChartLabels,
  IChartOptions,
  IDescribed,
  IRunRow,
  keyTexts,
  labelsByNumber,
  NAME_LOOKUP_LABEL,
  nameText,
  paramValue,
  runIdentities,
  runSelection,
  selectedOpacity,
  TOOLTIP_FROM_ROW,
  topLevel,
  valueText
} from './common';

export interface IMetricRow extends IRunRow, IDescribed {
  metric: string;
  value: number;
}

/** Long-format rows of one metric: one per run with a finite value. */
export function metricRows(
  runs: readonly ChartRun[],
  metric: string,
  labels: IChartLabels = DEFAULT_LABELS
): { rows: IMetricRow[]; omitted: string[] } {
  const identities = runIdentities(runs);
  const title = nameText(metric, labels);
  const rows: IMetricRow[] = [];
  const omitted: string[] = [];
  for (const run of runs) {
    const value = finiteMetric(run, metric);
    if (value === null) {
      omitted.push(run.id);
    } else {
      const identity = identities.get(run.id)!;
      rows.push({
        ...identity,
        metric,
        value,
        ...describe([
          [labels.run, identity.run_label],
          [title, valueText(value)]
        ])
      });
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
  const { rows, omitted } = metricRows(runs, metric, labels);
  // By run number: an explicit domain, not a sort list (Vega-Lite writes
  // sort lists into expression text).
  const order =
    options.sort === 'ascending'
      ? { sort: 'y' as const }
      : options.sort === 'descending'
        ? { sort: '-y' as const }
        : { scale: { domain: labelsByNumber(rows) } };
  return {
    ...topLevel('metric-by-run', rows, omitted, options),
    data: { name: CHART_DATA },
    params: [runSelection({ nearest: mark === 'point' })],
    mark:
      mark === 'bar'
        ? { type: 'bar', ...TOOLTIP_FROM_ROW }
        : { type: 'point', filled: true, ...TOOLTIP_FROM_ROW },
    encoding: {
      x: {
        field: 'run_label',
        type: 'nominal',
        ...order,
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
        ...axisTitle(nameText(metric, labels)),
        scale: { zero: mark === 'bar' }
      },
      opacity: selectedOpacity(),
      ...DESCRIBED_ENCODING
    }
  };
}

export interface IParamMetricRow extends IRunRow, IDescribed {
  param: string;
  metric: string;
  /** The parameter value: a number on a quantitative axis, else its text. */
  x: number | string;
  /** The x position: `x` when numeric, else the category's key (`c0`…). */
  x_key: number | string;
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
  metric: string,
  labels: IChartLabels = DEFAULT_LABELS
): {
  rows: IParamMetricRow[];
  omitted: string[];
  numeric: boolean;
  /** The categories in axis order, and their keys; empty when numeric. */
  categories: ReturnType<typeof keyTexts>;
} {
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
  const xs = pairs.map(pair =>
    numeric ? (pair.x as number) : categoryText(pair.x)
  );
  const categoryList = numeric
    ? []
    : [...new Set(xs as string[])].sort(collator.compare);
  const categories = keyTexts('c', categoryList);
  const keyOf = new Map(
    categoryList.map((text, index) => [text, categories.keys[index]])
  );
  const paramTitle = nameText(param, labels);
  const metricTitle = nameText(metric, labels);
  const rows = pairs.map((pair, index): IParamMetricRow => {
    const identity = identities.get(pair.run.id)!;
    const x = xs[index];
    return {
      ...identity,
      param,
      metric,
      x,
      x_key: typeof x === 'number' ? x : keyOf.get(x)!,
      value: pair.value,
      ...describe([
        [labels.run, identity.run_label],
        // Two equal titles would make one tooltip line.
        [
          param === metric ? `${paramTitle} (${labels.parameter})` : paramTitle,
          valueText(x)
        ],
        [metricTitle, valueText(pair.value)]
      ])
    };
  });
  return { rows, omitted, numeric, categories };
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
  const { rows, omitted, numeric, categories } = paramMetricRows(
    runs,
    param,
    metric,
    labels
  );
  const scaleOption = options.xScale ?? 'auto';
  const log =
    numeric &&
    (scaleOption === 'log' ||
      (scaleOption === 'auto' &&
        logScaleFits(rows.map(row => row.x as number))));
  const x = numeric
    ? {
        field: 'x_key',
        type: 'quantitative' as const,
        ...axisTitle(nameText(param, labels)),
        scale: log ? { type: 'log' as const } : { zero: false }
      }
    : {
        field: 'x_key',
        type: 'nominal' as const,
        ...axisTitle(nameText(param, labels), {
          labelLimit: 160,
          labelExpr: NAME_LOOKUP_LABEL
        }),
        scale: { domain: categories.keys }
      };
  return {
    ...topLevel('param-vs-metric', rows, omitted, options),
    data: { name: CHART_DATA },
    params: [
      runSelection({ nearest: true }),
      ...(numeric ? [] : [categories.lookup])
    ],
    mark: { type: 'point', filled: true, size: 60, ...TOOLTIP_FROM_ROW },
    encoding: {
      x,
      y: {
        field: 'value',
        type: 'quantitative',
        ...axisTitle(nameText(metric, labels)),
        scale: { zero: false }
      },
      opacity: selectedOpacity(),
      ...DESCRIBED_ENCODING
    }
  };
}
