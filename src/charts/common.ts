/**
 * Shared pieces of the Vega-Lite spec builders.
 *
 * Every builder is a pure function of run data. User-chosen names (metrics
 * such as `val/acc.top[1]`, parameters named `toString` or with a line
 * break) and category values are data, and never reach Vega expression
 * text, field names or object keys Vega looks up: scales and selections
 * work on generated keys (`d0`, `p1`, `c2`), axis labels look the real
 * text up by key in a signal's value (`nameLookup`), and tooltips and
 * screen-reader descriptions are built here as row fields (`describe`),
 * since Vega-Lite writes tooltip and channel titles into expressions.
 * `config` is left out so the view can apply the JupyterLab theme.
 */
import { stableJson } from '../model/compare/importance';
import { formatNumber } from '../model/record/runFormat';
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

/**
 * The comparison's charts, in the order shown: the one list the specs'
 * `usermeta`, the view's slots and their titles (`chartTitles` in the
 * view, a record over this list) derive from.
 */
export const CHART_KINDS = [
  'metric-by-run',
  'param-vs-metric',
  'parallel-coordinates',
  'series',
  'importance'
] as const;

export type ChartKind = (typeof CHART_KINDS)[number];

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
  /** Shown for a parameter or metric whose name is the empty string. */
  unnamed: string;
  yes: string;
  no: string;
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
    reliable: trans.__('Reliable'),
    unnamed: trans.__('(empty name)'),
    yes: trans.__('yes'),
    no: trans.__('no')
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

/** A name as shown: the empty name gets a visible placeholder. */
export function nameText(name: string, labels: IChartLabels): string {
  return name === '' ? labels.unnamed : name;
}

/** A tooltip as vega-tooltip shows it: a table of label and value. */
export type Tooltip = { [label: string]: string };

/** What a mark shows on hover and tells screen readers. */
export interface IDescribed {
  tooltip: Tooltip;
  description: string;
}

/** vega-tooltip shows these keys as a heading and an image, not as rows. */
const RESERVED_TOOLTIP_KEYS = new Set(['title', 'image']);

/** A value's tooltip text: numbers as the rest of runlog writes them. */
export function valueText(value: number | string | boolean | null): string {
  if (value === null) {
    return '—';
  }
  return typeof value === 'number' ? formatNumber(value) : String(value);
}

/**
 * The tooltip and description of a mark from `[label, value]` lines. The
 * tooltip is a row field that the mark shows as it is (`tooltipFromRow`),
 * so labels that are names never pass through an expression. Labels become
 * keys with `defineProperty` (a name such as `__proto__` stays an ordinary
 * key); a label seen before or special to vega-tooltip gets a suffix.
 */
export function describe(
  lines: readonly (readonly [string, string])[]
): IDescribed {
  const tooltip: Tooltip = {};
  const used = new Set<string>();
  for (const [label, value] of lines) {
    let key = label;
    for (
      let copy = 2;
      used.has(key) || RESERVED_TOOLTIP_KEYS.has(key);
      copy++
    ) {
      key = `${label} (${copy})`;
    }
    used.add(key);
    Object.defineProperty(tooltip, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true
    });
  }
  const description = lines
    .map(([label, value]) => `${label}: ${value}`)
    .join('; ');
  return { tooltip, description };
}

/**
 * Encoding of the row fields `describe` makes: the mark's tooltip is the
 * row's object, its description the row's text. (Vega-Lite builds both
 * from channel titles in expression text otherwise.)
 */
export const DESCRIBED_ENCODING = {
  description: { field: 'description', type: 'nominal' as const }
};

/** The mark property showing the row's own tooltip object. */
export const TOOLTIP_FROM_ROW = { tooltip: { expr: 'datum.tooltip' } };

/** The signal holding the text of each generated key (`nameLookup`). */
export const NAME_LOOKUP = 'runlog_names';

/**
 * Generated keys for texts that are data (names, category values): `d0`,
 * `d1`… in the given order, and the signal parameter mapping each key back
 * to its text. Axes label their ticks with
 * `labelExpr: NAME_LOOKUP_LABEL`: an expression that reads the text from
 * the signal's value, never written into it.
 */
export function keyTexts(
  prefix: string,
  texts: readonly string[]
): {
  keys: string[];
  lookup: { name: string; value: { [key: string]: string } };
} {
  const keys = texts.map((_, index) => `${prefix}${index}`);
  const value: { [key: string]: string } = {};
  keys.forEach((key, index) => {
    value[key] = texts[index];
  });
  return { keys, lookup: { name: NAME_LOOKUP, value } };
}

/** Axis label text of a generated key (see `keyTexts`). */
export const NAME_LOOKUP_LABEL = `${NAME_LOOKUP}[datum.value]`;

/** Invisible, and no line break opportunity: U+2060 WORD JOINER. */
const WORD_JOINER = '\u2060';

/**
 * A title as literal text Vega draws. Vega 6 fails ("Operator not
 * defined") to build a view whose literal text equals a member of
 * `Object.prototype` (`toString`, `constructor`…); an invisible word
 * joiner in front keeps the text as shown and Vega working.
 */
export function literalText(text: string): string {
  return Object.prototype.hasOwnProperty.call(Object.prototype, text)
    ? WORD_JOINER + text
    : text;
}

/**
 * The title properties of an axis channel. Titles are literal text on the
 * axis; the description channel (`DESCRIBED_ENCODING`) keeps Vega-Lite
 * from writing them into expressions.
 */
export function axisTitle(title: string, axis: object = {}) {
  const text = literalText(title);
  return { title: text, axis: { ...axis, title: text } };
}

/** The title properties of a legend channel; see `axisTitle`. */
export function legendTitle(title: string) {
  const text = literalText(title);
  return { title: text, legend: { title: text } };
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
