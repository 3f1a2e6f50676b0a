/**
 * A metric over steps, one line per run, down-sampled to the chart's width.
 */
import type { TopLevelSpec } from 'vega-lite';
import { lttb, Point } from '../model/compare/downsample';
import {
  axisTitle,
  CHART_DATA,
  ChartRun,
  DEFAULT_LABELS,
  describe,
  DESCRIBED_ENCODING,
  IChartLabels,
  IChartOptions,
  IDescribed,
  IRunRow,
  labelsByNumber,
  legendTitle,
  nameText,
  runIdentities,
  runSelection,
  selectedOpacity,
  TOOLTIP_FROM_ROW,
  topLevel,
  valueText
} from './common';

export interface ISeriesRow extends IRunRow {
  metric: string;
  step: number;
  value: number;
  /** What a screen reader says of the run's line (one text per run). */
  description: string;
}

/** A hover target: a line's point with its tooltip. */
export type ISeriesHoverRow = ISeriesRow & IDescribed;

/** Below this many pixels a width is taken as unknown (a hidden panel). */
const MIN_WIDTH = 100;
/** However many runs share the budget, each keeps this many points. */
const MIN_POINTS_PER_RUN = 50;
/**
 * Line points drawn in all, by default. Drawing time grows with points: at
 * 10,000 a comparison of 50 long series draws within about 300 ms in
 * headless Chromium, and 50 overlaid lines of 200 points each show as much
 * as the eye can separate.
 */
export const DEFAULT_MAX_POINTS = 10_000;
/**
 * Hover targets in all: every k-th drawn point of each run, so pointer
 * moves stay cheap however many points the lines have.
 */
export const DEFAULT_MAX_HOVER_POINTS = 2_000;
/** The hover targets' dataset name (`datasets[SERIES_HOVER]`). */
export const SERIES_HOVER = 'runlog_hover';

export interface ISeriesOptions extends IChartOptions {
  /**
   * The plot's width in pixels: each run keeps at most this many points
   * (LTTB); more cannot be told apart. Widths under 100 count as 100.
   */
  width: number;
  /**
   * Points in all runs together (default 10,000): with many runs each keeps
   * fewer than `width` points, but never under 50.
   */
  maxPoints?: number;
  /** Hover targets in all runs together (default 2,000). */
  maxHoverPoints?: number;
}

function seriesOf(run: ChartRun, metric: string): Point[] | undefined {
  return Object.prototype.hasOwnProperty.call(run.metrics, metric)
    ? run.metrics[metric].series
    : undefined;
}

/** Points kept per run: the width, or a share of the budget if smaller. */
export function pointsPerRun(
  width: number,
  runCount: number,
  maxPoints = DEFAULT_MAX_POINTS
): number {
  const byWidth = Math.max(MIN_WIDTH, Math.round(width) || 0);
  const share = Math.floor(maxPoints / Math.max(1, runCount));
  return Math.max(MIN_POINTS_PER_RUN, Math.min(byWidth, share));
}

/**
 * Long-format rows of a metric's series, at most `pointsPerRun` per run.
 * Runs without a series for the metric (a value logged once has no steps)
 * are omitted, as are non-finite points.
 */
export function seriesRows(
  runs: readonly ChartRun[],
  metric: string,
  width: number,
  maxPoints = DEFAULT_MAX_POINTS,
  labels: IChartLabels = DEFAULT_LABELS
): { rows: ISeriesRow[]; omitted: string[] } {
  const identities = runIdentities(runs);
  const title = nameText(metric, labels);
  const withSeries = runs.filter(run => seriesOf(run, metric)?.length);
  const threshold = pointsPerRun(width, withSeries.length, maxPoints);
  const rows: ISeriesRow[] = [];
  const omitted: string[] = [];
  for (const run of runs) {
    const series = seriesOf(run, metric);
    const points: Point[] = series ? lttb(series, threshold) : [];
    const { run_id, run: number, run_label } = identities.get(run.id)!;
    const description = `${labels.run}: ${run_label}; ${title}`;
    let added = 0;
    for (const [step, value] of points) {
      // lttb drops non-finite points only when it down-samples.
      if (Number.isFinite(step) && Number.isFinite(value)) {
        // A literal, not a spread: this runs tens of thousands of times.
        rows.push({
          run_id,
          run: number,
          run_label,
          metric,
          step,
          value,
          description
        });
        added++;
      }
    }
    if (added === 0) {
      omitted.push(run.id);
    }
  }
  return { rows, omitted };
}

/**
 * Evenly spread rows of each run, at most `maxPoints` in all (each run's
 * first and last among them): targets for the pointer, with tooltips.
 */
export function hoverRows(
  rows: readonly ISeriesRow[],
  maxPoints = DEFAULT_MAX_HOVER_POINTS,
  labels: IChartLabels = DEFAULT_LABELS
): ISeriesHoverRow[] {
  const byRun = new Map<string, ISeriesRow[]>();
  for (const row of rows) {
    const own = byRun.get(row.run_id);
    if (own) {
      own.push(row);
    } else {
      byRun.set(row.run_id, [row]);
    }
  }
  const share = Math.max(2, Math.floor(maxPoints / Math.max(1, byRun.size)));
  const picked: ISeriesRow[] = [];
  for (const own of byRun.values()) {
    if (own.length <= share) {
      picked.push(...own);
      continue;
    }
    const stride = (own.length - 1) / (share - 1);
    for (let index = 0; index < share; index++) {
      picked.push(own[Math.round(index * stride)]);
    }
  }
  const title = nameText(picked[0]?.metric ?? '', labels);
  return picked.map(row => ({
    ...row,
    ...describe([
      [labels.run, row.run_label],
      [labels.step, valueText(row.step)],
      [title, valueText(row.value)]
    ])
  }));
}

/**
 * One line per run of `metric` against its step. Hovering a line shows the
 * run, step and value of the point under the pointer; clicking there
 * selects its run. (No nearest-point Voronoi: over tens of thousands of
 * points it costs several times the rest of the chart.)
 */
export function seriesSpec(
  runs: readonly ChartRun[],
  metric: string,
  options: ISeriesOptions
): TopLevelSpec {
  const labels = options.labels ?? DEFAULT_LABELS;
  const { rows, omitted } = seriesRows(
    runs,
    metric,
    options.width,
    options.maxPoints,
    labels
  );
  const drawn = new Set(rows.map(row => row.run_id));
  const runOrder = labelsByNumber(
    [...runIdentities(runs).values()].filter(identity =>
      drawn.has(identity.run_id)
    )
  );
  const color = {
    field: 'run_label',
    type: 'nominal' as const,
    ...legendTitle(labels.run),
    // A domain, not a sort list: Vega-Lite writes sort lists into
    // expression text.
    scale: { domain: runOrder }
  };
  const base = topLevel('series', rows, omitted, options);
  return {
    ...base,
    datasets: {
      ...base.datasets,
      [SERIES_HOVER]: hoverRows(rows, options.maxHoverPoints, labels)
    },
    encoding: {
      x: { field: 'step', type: 'quantitative', ...axisTitle(labels.step) },
      y: {
        field: 'value',
        type: 'quantitative',
        ...axisTitle(nameText(metric, labels)),
        scale: { zero: false }
      },
      color
    },
    layer: [
      {
        name: 'lines',
        data: { name: CHART_DATA },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          detail: { field: 'run_id', type: 'nominal' },
          order: { field: 'step', type: 'quantitative' },
          opacity: selectedOpacity(0.15),
          ...DESCRIBED_ENCODING
        }
      },
      {
        // Invisible points along the lines: hover targets with tooltips.
        name: 'points',
        data: { name: SERIES_HOVER },
        params: [
          // Clicking a target selects its run. (Vega-Lite cannot share one
          // selection between two layers. No nearest-point Voronoi: even
          // over 2,000 targets it costs as much as the lines.)
          runSelection(),
          {
            name: 'hover',
            select: { type: 'point', on: 'pointerover', clear: 'pointerout' }
          }
        ],
        // Not announced to screen readers: the lines are, once per run.
        mark: {
          type: 'point',
          filled: true,
          size: 64,
          aria: false,
          ...TOOLTIP_FROM_ROW
        },
        encoding: {
          opacity: {
            condition: { param: 'hover', value: 1, empty: false },
            value: 0
          }
        }
      }
    ]
  };
}
