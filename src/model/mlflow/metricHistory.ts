/**
 * Metric histories of runs pulled from MLflow, fetched on demand: a pull
 * stores each metric's latest value only, and the first comparison or
 * details view of the run fetches the histories once (bounded) and keeps
 * them in the record. Pure: which runs and metrics to ask for, and the
 * series an untrusted history answer becomes.
 */
import { type IBundleTranslator, UNTRANSLATED } from '../bundle/bundleFormat';
import { thinSeries } from '../record/outputs';
import type { IMetricRecord, IRunRecord } from '../types';

/** Metrics of one run whose history is fetched at most; the rest keep their latest value. */
export const MAX_HISTORY_METRICS_PER_RUN = 50;

export type SeriesPoint = [number, number];

export type SeriesFromHistory =
  { ok: true; series: SeriesPoint[] | null } | { ok: false; reason: string };

/**
 * Whether a run was pulled from MLflow and its metric histories were not
 * fetched yet. A run without metrics needs none.
 */
export function needsMetricHistories(
  run: Pick<IRunRecord, 'origin' | 'metrics'>
): boolean {
  const origin = run.origin;
  return (
    origin?.kind === 'mlflow' &&
    typeof origin.mlflow_run_id === 'string' &&
    origin.mlflow_run_id !== '' &&
    !origin.histories_fetched_at &&
    Object.keys(run.metrics).length > 0
  );
}

/** The metrics to fetch the history of: those without a series, in name order, at most `max`. */
export function historyMetricKeys(
  run: Pick<IRunRecord, 'metrics'>,
  max = MAX_HISTORY_METRICS_PER_RUN
): string[] {
  return Object.keys(run.metrics)
    .filter(key => !run.metrics[key]?.series)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, Math.max(0, Math.floor(max)));
}

/**
 * The series of one history answer (`[step, value]` pairs, untrusted):
 * every step an integer and every value finite, or the whole answer is
 * refused. Points go in step order and are thinned evenly to `maxPoints`
 * (first and last kept), as capture thins series. Fewer than two points
 * give null: a value logged once stays a scalar, as in capture.
 */
export function seriesFromHistory(
  history: unknown,
  maxPoints: number,
  trans: IBundleTranslator = UNTRANSLATED
): SeriesFromHistory {
  if (!Array.isArray(history)) {
    return { ok: false, reason: trans.__('The history is not a list.') };
  }
  const points: SeriesPoint[] = [];
  for (const point of history) {
    if (
      !Array.isArray(point) ||
      point.length !== 2 ||
      !Number.isSafeInteger(point[0]) ||
      typeof point[1] !== 'number' ||
      !Number.isFinite(point[1])
    ) {
      return {
        ok: false,
        reason: trans.__(
          'A point is not an integer step with a finite value: %1.',
          JSON.stringify(point)?.slice(0, 80) ?? String(point)
        )
      };
    }
    points.push([point[0], point[1]]);
  }
  if (points.length < 2) {
    return { ok: true, series: null };
  }
  // A stable sort: points logged at the same step keep MLflow's order.
  points.sort((a, b) => a[0] - b[0]);
  return { ok: true, series: thinSeries(points, maxPoints) };
}

/**
 * A copy of the run with these series set (null: the metric keeps its
 * scalar) and marked as fetched at `fetchedAt`, so they are not fetched
 * again. The latest value each metric has stays as pulled.
 */
export function withMetricHistories(
  run: IRunRecord,
  series: ReadonlyMap<string, SeriesPoint[] | null>,
  fetchedAt: string
): IRunRecord {
  const metrics: { [name: string]: IMetricRecord } = {};
  for (const key of Object.keys(run.metrics)) {
    const metric = run.metrics[key];
    const fetched = series.get(key);
    Object.defineProperty(metrics, key, {
      value:
        fetched && !metric.series ? { ...metric, series: fetched } : metric,
      enumerable: true,
      writable: true,
      configurable: true
    });
  }
  return {
    ...run,
    metrics,
    origin: run.origin && { ...run.origin, histories_fetched_at: fetchedAt },
    updated_at: fetchedAt
  };
}
