/**
 * Parallel coordinates over parameters and metrics: one vertical axis per
 * dimension, one line per run.
 *
 * Values are normalised here, in JS, to 0…1 per dimension (numbers by
 * min–max, categories to evenly spaced positions), so one y scale serves
 * every axis; rows keep the original value for tooltips, and tick labels
 * come as a second dataset.
 */
import type { TopLevelSpec } from 'vega-lite';
import { formatNumber, truncate } from '../model/record/runFormat';
import type { JSONValue } from '../model/types';
import {
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
  legendTitle,
  NAME_LOOKUP_LABEL,
  nameText,
  paramValue,
  runIdentities,
  runSelection,
  selectedOpacity,
  TOOLTIP_FROM_ROW,
  topLevel
} from './common';

export interface IDimension {
  kind: 'param' | 'metric';
  name: string;
}

export interface IParallelRow extends IRunRow, IDescribed {
  /** The axis label (unique among the dimensions). */
  dim: string;
  /** The axis's generated key (`d0`…): what the x scale works on. */
  dim_key: string;
  dim_index: number;
  /** 0…1 on the axis; null when the run has no value there (the line breaks). */
  position: number | null;
  /** The original value: a number, or a category's text. */
  value: number | string | null;
  value_text: string;
  /** The run's value on the colour axis (`colourAxis`), if any. */
  colour: number | null;
}

/**
 * One stretch of a run's line, between two neighbouring axes. Lines are
 * drawn as these segments (rule marks) rather than as one path per run: a
 * path per run makes Vega build a group per run, which at a thousand runs
 * costs several times the drawing itself.
 */
export interface IParallelSegment extends IRunRow {
  /** The generated keys of the two axes (`dim_key`). */
  dim: string;
  next_dim: string;
  position: number;
  next_position: number;
  colour: number | null;
}

export interface IParallelTick {
  /** The axis's generated key (`dim_key`). */
  dim: string;
  dim_index: number;
  position: number;
  text: string;
}

/** One axis as drawn: its label, and whether its values are numbers. */
export interface IParallelAxis {
  label: string;
  kind: IDimension['kind'];
  numeric: boolean;
}

/** The tick labels' dataset name (`datasets[PARALLEL_TICKS]`). */
export const PARALLEL_TICKS = 'runlog_ticks';
/** The line segments' dataset name (`datasets[PARALLEL_SEGMENTS]`). */
export const PARALLEL_SEGMENTS = 'runlog_segments';

/** Lines of runs that lack the colour metric. */
const MISSING_COLOUR = '#9e9e9e';

/** Categorical axes label at most this many categories (evenly picked). */
const MAX_CATEGORY_LABELS = 12;
const TICK_TEXT_LENGTH = 24;

interface IAxis {
  label: string;
  numeric: boolean;
  /** Per run id: the value (number or category text). */
  values: Map<string, number | string>;
  position(value: number | string): number;
  ticks: { position: number; text: string }[];
}

function valueOf(run: ChartRun, dimension: IDimension): JSONValue | null {
  return dimension.kind === 'metric'
    ? finiteMetric(run, dimension.name)
    : paramValue(run, dimension.name);
}

function axisLabels(dimensions: IDimension[], labels: IChartLabels): string[] {
  const counts = new Map<string, number>();
  for (const { name } of dimensions) {
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return dimensions.map(({ kind, name }) =>
    (counts.get(name) ?? 0) > 1
      ? `${nameText(name, labels)} (${kind === 'param' ? labels.parameter : labels.metric})`
      : nameText(name, labels)
  );
}

function buildAxis(
  runs: readonly ChartRun[],
  dimension: IDimension,
  label: string
): IAxis {
  const raw = new Map<string, JSONValue>();
  for (const run of runs) {
    const value = valueOf(run, dimension);
    if (value !== null) {
      raw.set(run.id, value);
    }
  }
  const numeric = [...raw.values()].every(
    value => typeof value === 'number' && Number.isFinite(value)
  );
  if (numeric) {
    const values = raw as Map<string, number>;
    let min = Infinity;
    let max = -Infinity;
    for (const value of values.values()) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    const span = max - min;
    const position = (value: number | string) =>
      span > 0 ? ((value as number) - min) / span : 0.5;
    const ticks =
      values.size === 0
        ? []
        : span > 0
          ? [
              { position: 0, text: formatNumber(min) },
              { position: 1, text: formatNumber(max) }
            ]
          : [{ position: 0.5, text: formatNumber(min) }];
    return { label, numeric, values, position, ticks };
  }
  const values = new Map<string, string>();
  for (const [id, value] of raw) {
    values.set(id, categoryText(value));
  }
  const categories = [...new Set(values.values())].sort(collator.compare);
  const indices = new Map(categories.map((text, index) => [text, index]));
  const last = categories.length - 1;
  const position = (value: number | string) =>
    last > 0 ? indices.get(value as string)! / last : 0.5;
  const stride = Math.ceil(categories.length / MAX_CATEGORY_LABELS);
  const ticks = categories
    .filter((_, index) => index % stride === 0 || index === last)
    .map(text => ({
      position: position(text),
      text: truncate(text, TICK_TEXT_LENGTH)
    }));
  return { label, numeric, values, position, ticks };
}

/** The line rows and tick rows of a parallel coordinates chart. */
export function parallelRows(
  runs: readonly ChartRun[],
  dimensions: readonly IDimension[],
  labels: IChartLabels = DEFAULT_LABELS
): {
  rows: IParallelRow[];
  segments: IParallelSegment[];
  ticks: IParallelTick[];
  omitted: string[];
  axes: IParallelAxis[];
  /** The axis lines are coloured by: the last numeric metric, if any. */
  colourAxis: number | null;
  /** Each axis's key (`d0`…) and the label it stands for. */
  axisNames: ReturnType<typeof keyTexts>;
} {
  const unique = dimensions.filter(
    (dimension, index) =>
      dimensions.findIndex(
        other => other.kind === dimension.kind && other.name === dimension.name
      ) === index
  );
  const names = axisLabels(unique, labels);
  const axisNames = keyTexts('d', names);
  const { keys } = axisNames;
  const axes = unique.map((dimension, index) =>
    buildAxis(runs, dimension, names[index])
  );
  const described = axes.map((axis, index) => ({
    label: axis.label,
    kind: unique[index].kind,
    numeric: axis.numeric && axis.values.size > 0
  }));
  const colourAxis = lastIndex(
    described,
    axis => axis.kind === 'metric' && axis.numeric
  );
  const identities = runIdentities(runs);
  const rows: IParallelRow[] = [];
  const segments: IParallelSegment[] = [];
  const omitted: string[] = [];
  for (const run of runs) {
    if (!axes.some(axis => axis.values.has(run.id))) {
      omitted.push(run.id);
      continue;
    }
    const { run_id, run: number, run_label } = identities.get(run.id)!;
    const colour =
      colourAxis < 0 ? undefined : axes[colourAxis].values.get(run.id);
    const runColour = typeof colour === 'number' ? colour : null;
    let previous: IParallelRow | null = null;
    axes.forEach((axis, index) => {
      const value = axis.values.get(run.id);
      const valueText =
        value === undefined
          ? '—'
          : typeof value === 'number'
            ? formatNumber(value)
            : value;
      // A literal, not a spread: this runs runs × axes times.
      const row: IParallelRow = {
        run_id,
        run: number,
        run_label,
        dim: axis.label,
        dim_key: keys[index],
        dim_index: index,
        position: value === undefined ? null : axis.position(value),
        value: value ?? null,
        value_text: valueText,
        colour: runColour,
        ...describe([
          [labels.run, run_label],
          [labels.dimension, axis.label],
          [labels.value, valueText]
        ])
      };
      rows.push(row);
      // A missing value breaks the line: no segment to or from it.
      if (
        previous !== null &&
        previous.position !== null &&
        row.position !== null
      ) {
        segments.push({
          run_id,
          run: number,
          run_label,
          dim: previous.dim_key,
          next_dim: row.dim_key,
          position: previous.position,
          next_position: row.position,
          colour: runColour
        });
      }
      previous = row;
    });
  }
  const ticks = axes.flatMap((axis, index) =>
    axis.ticks.map(tick => ({ dim: keys[index], dim_index: index, ...tick }))
  );
  return {
    rows,
    segments,
    ticks,
    omitted,
    axes: described,
    colourAxis: colourAxis < 0 ? null : colourAxis,
    axisNames
  };
}

function lastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) {
    if (test(items[index])) {
      return index;
    }
  }
  return -1;
}

/**
 * Parallel coordinates of `runs` over `dimensions` (duplicates dropped).
 * Lines are coloured by the last numeric metric dimension, if any.
 */
export function parallelCoordinatesSpec(
  runs: readonly ChartRun[],
  dimensions: readonly IDimension[],
  options: IChartOptions = {}
): TopLevelSpec {
  const labels = options.labels ?? DEFAULT_LABELS;
  const {
    rows,
    segments,
    ticks,
    omitted,
    axes,
    colourAxis,
    axisNames: names
  } = parallelRows(runs, dimensions, labels);
  const base = topLevel('parallel-coordinates', rows, omitted, options);
  // Three datasets draw on this axis: x is the axis key of each (`dim` of
  // segments and ticks, `dim_key` of points), labelled with the axis name.
  const xOn = (field: 'dim' | 'dim_key') => ({
    field,
    type: 'nominal' as const,
    scale: { type: 'point' as const, padding: 0.2, domain: names.keys },
    axis: {
      title: null,
      labelExpr: NAME_LOOKUP_LABEL,
      labelAngle: 0,
      labelLimit: 140,
      domain: false,
      ticks: false,
      orient: 'top' as const
    }
  });
  const x = xOn('dim');
  const y = {
    field: 'position',
    type: 'quantitative' as const,
    scale: { domain: [0, 1], nice: false, zero: false },
    axis: null
  };
  return {
    ...base,
    datasets: {
      ...base.datasets,
      [PARALLEL_SEGMENTS]: segments,
      [PARALLEL_TICKS]: ticks
    },
    params: [names.lookup],
    layer: [
      {
        name: 'axes',
        data: { name: PARALLEL_TICKS },
        // One rule per axis, however many ticks it has.
        transform: [
          { aggregate: [{ op: 'count', as: 'ticks' }], groupby: ['dim'] }
        ],
        mark: { type: 'rule', opacity: 0.35 },
        encoding: { x }
      },
      {
        name: 'lines',
        data: { name: PARALLEL_SEGMENTS },
        // Clicking a line selects its run: every segment of the run lights
        // up, as the selection is by run id.
        params: [runSelection()],
        // `show`: a run without the colour metric is drawn (grey), not
        // dropped. Not announced to screen readers: the points are, with
        // each value.
        mark: { type: 'rule', strokeWidth: 1.2, invalid: 'show', aria: false },
        encoding: {
          x,
          x2: { field: 'next_dim' },
          y,
          y2: { field: 'next_position' },
          opacity: selectedOpacity(0.1),
          ...(colourAxis === null
            ? {}
            : {
                color: {
                  // A run without the colour metric is grey, not the
                  // scale's low end.
                  condition: {
                    test: 'datum.colour === null',
                    value: MISSING_COLOUR
                  },
                  field: 'colour',
                  type: 'quantitative' as const,
                  ...legendTitle(axes[colourAxis].label)
                }
              })
        }
      },
      {
        // Small points: hover targets with each value's tooltip.
        name: 'points',
        data: { name: CHART_DATA },
        mark: {
          type: 'point',
          filled: true,
          size: 14,
          opacity: 0.5,
          ...TOOLTIP_FROM_ROW
        },
        encoding: { x: xOn('dim_key'), y, ...DESCRIBED_ENCODING }
      },
      {
        name: 'ticks',
        data: { name: PARALLEL_TICKS },
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 },
        encoding: { x, y, text: { field: 'text', type: 'nominal' } }
      }
    ]
  };
}
