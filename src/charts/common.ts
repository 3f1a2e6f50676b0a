/**
 * Shared pieces of the Vega-Lite spec builders.
 *
 * Every builder is a pure function of run data. User-chosen names (metrics
 * such as `val/acc.top[1]`, parameters) never become field names or
 * expressions: rows carry them as values of fixed fields (`metric`, `dim`,
 * `param`), and they reach the spec only as data, sort lists and titles
 * (escaped where Vega-Lite writes titles into expressions: `tooltipTitle`).
 * `config` is left out so the view can apply the JupyterLab theme.
 */
import { stableJson } from '../model/importance';
import type { IRunRecord, JSONValue } from '../model/types';

/** What the charts need of a run (an `IRunSummary` or `IRunRecord` fits). */
export type ChartRun = Pick<IRunRecord, 'id' | 'number' | 'params' | 'metrics'>;

export const VEGA_LITE_SCHEMA =
  'https://vega.github.io/schema/vega-lite/v6.json';

/** The point selection every run chart has; the view reads clicks from it. */
export const RUN_SELECTION = 'run_select';

/** The inline dataset every chart draws from (`datasets[CHART_DATA]`). */
export const CHART_DATA = 'runlog_data';

export const DEFAULT_HEIGHT = 260;

export type ChartKind =
  | 'metric-by-run'
  | 'param-vs-metric'
  | 'parallel-coordinates'
  | 'series'
  | 'importance';

/** The fields every row of a run chart carries. */
export interface IRunRow {
  run_id: string;
  /** The run number. */
  run: number;
  /** `#3`, or `#3 (1a2b3c)` when two runs share a number. */
  run_label: string;
}

/** Axis, legend and tooltip titles: translated by the view. */
export interface IChartLabels {
  run: string;
  value: string;
  step: string;
  parameter: string;
  metric: string;
  dimension: string;
  importance: string;
  pearson: string;
  spearman: string;
  eta: string;
  runsUsed: string;
  reliable: string;
}

/** Something with gettext's `__`, like JupyterLab's `TranslationBundle`. */
export interface ITranslate {
  __(text: string): string;
}

/** The chart labels through the view's translation bundle. */
export function chartLabels(trans: ITranslate): IChartLabels {
  return {
    run: trans.__('Run'),
    value: trans.__('Value'),
    step: trans.__('Step'),
    parameter: trans.__('Parameter'),
    metric: trans.__('Metric'),
    dimension: trans.__('Axis'),
    importance: trans.__('Importance'),
    pearson: trans.__('Pearson r'),
    spearman: trans.__('Spearman ρ'),
    eta: trans.__('Correlation ratio η'),
    runsUsed: trans.__('Runs used'),
    reliable: trans.__('Reliable')
  };
}

export const DEFAULT_LABELS: Readonly<IChartLabels> = chartLabels({
  __: text => text
});

/** Options every builder takes. */
export interface IChartOptions {
  labels?: IChartLabels;
  /** Plot height in pixels; the width follows the container. */
  height?: number;
}

/** Metadata the view reads back from a spec. */
export interface IChartMeta {
  kind: ChartKind;
  /** Runs (ids) or, for importance, parameters left out for lack of data. */
  omitted: string[];
}

/** Top-level properties every spec shares; specs add their `data`. */
export function topLevel(
  kind: ChartKind,
  rows: object[],
  omitted: string[],
  options: IChartOptions
) {
  const meta: IChartMeta = { kind, omitted };
  return {
    $schema: VEGA_LITE_SCHEMA,
    autosize: { type: 'fit' as const, contains: 'padding' as const },
    width: 'container' as const,
    height: options.height ?? DEFAULT_HEIGHT,
    datasets: { [CHART_DATA]: rows },
    usermeta: { runlog: meta }
  };
}

/**
 * The click selection of runs. `nearest` picks the closest point, so small
 * marks need no precise aim; it only works on point-like marks and costs a
 * Voronoi diagram, so it suits a few thousand points, not series.
 */
export function runSelection(options: { nearest?: boolean } = {}) {
  return {
    name: RUN_SELECTION,
    select: {
      type: 'point' as const,
      fields: ['run_id'],
      on: 'click',
      clear: 'dblclick',
      ...(options.nearest ? { nearest: true } : {})
    }
  };
}

/** Full opacity for selected runs (or all when none is), faded otherwise. */
export function selectedOpacity(unselected = 0.25) {
  return {
    condition: { param: RUN_SELECTION, value: 1, empty: true },
    value: unselected
  };
}

/**
 * A tooltip title as Vega-Lite needs it. Vega-Lite 6 writes tooltip titles
 * into an expression string escaping `"` but not `\`, so a name ending in a
 * backslash broke the chart and `\"` ended the string early (letting a name
 * from an imported bundle inject expression code). Doubling backslashes first
 * makes the title arrive intact; tests catch a Vega-Lite that fixes this.
 */
export function tooltipTitle(text: string): string {
  return text.replace(/\\/g, '\\\\');
}

/**
 * The title properties of an axis channel. The channel's own title also
 * feeds Vega-Lite's generated ARIA descriptions (an expression, like
 * tooltips), so it is escaped; the axis shows the title as plain text.
 */
export function axisTitle(title: string, axis: object = {}) {
  return { title: tooltipTitle(title), axis: { ...axis, title } };
}

/** The title properties of a legend channel; see `axisTitle`. */
export function legendTitle(title: string) {
  return { title: tooltipTitle(title), legend: { title } };
}

/** A tooltip entry; every tooltip title goes through `tooltipTitle`. */
export function tooltipField(
  field: string,
  type: 'nominal' | 'quantitative',
  title: string,
  format?: string
) {
  return {
    field,
    type,
    title: tooltipTitle(title),
    ...(format === undefined ? {} : { format })
  };
}

/** The run tooltip entry: label, titled "Run". */
export function runTooltip(labels: IChartLabels) {
  return tooltipField('run_label', 'nominal', labels.run);
}

/** Row fields identifying each run, with duplicate numbers told apart. */
export function runIdentities(runs: readonly ChartRun[]): Map<string, IRunRow> {
  const counts = new Map<number, number>();
  for (const run of runs) {
    counts.set(run.number, (counts.get(run.number) ?? 0) + 1);
  }
  const identities = new Map<string, IRunRow>();
  for (const run of runs) {
    const shared = (counts.get(run.number) ?? 0) > 1;
    identities.set(run.id, {
      run_id: run.id,
      run: run.number,
      run_label: shared
        ? `#${run.number} (${run.id.slice(0, 6)})`
        : `#${run.number}`
    });
  }
  return identities;
}

/** Run labels in run-number order, for an explicit axis sort. */
export function labelsByNumber(identities: Iterable<IRunRow>): string[] {
  return [...identities]
    .sort((a, b) => a.run - b.run || (a.run_id < b.run_id ? -1 : 1))
    .map(identity => identity.run_label);
}

/** A run's metric value when it is a finite number. */
export function finiteMetric(run: ChartRun, metric: string): number | null {
  const value = Object.prototype.hasOwnProperty.call(run.metrics, metric)
    ? run.metrics[metric].value
    : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * A run's parameter value, or null when missing, `None` or not
 * representable (charts and importance leave those runs out alike).
 */
export function paramValue(run: ChartRun, param: string): JSONValue | null {
  if (!Object.prototype.hasOwnProperty.call(run.params, param)) {
    return null;
  }
  return run.params[param].value ?? null;
}

/** A parameter value as a category: strings as written, others as JSON. */
export function categoryText(value: JSONValue): string {
  return typeof value === 'string' ? value : stableJson(value);
}

export const collator = new Intl.Collator(undefined, {
  numeric: true,
  sensitivity: 'base'
});
