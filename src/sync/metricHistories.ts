/**
 * Metric histories of pulled runs, fetched on demand (IMlflowSync.loadSeries).
 * Bounded: at most MAX_HISTORY_METRICS_PER_RUN metrics per run and
 * HISTORY_REQUESTS_AT_ONCE requests at a time; each answer is checked and
 * thinned (model/mlflow/metricHistory.ts) and the run is written once with
 * all its series, or not at all when one of them cannot be read.
 */
import {
  historyMetricKeys,
  needsMetricHistories,
  seriesFromHistory,
  type SeriesPoint,
  withMetricHistories
} from '../model/mlflow/metricHistory';
import type { IRunRecord } from '../model/types';
import type { Translate } from '../store/messages';
import type { IMlflowSync, IRunStore } from '../tokens';
import { syncErrorKind } from './answers';
import type { IMlflowClient } from './mlflowClient';

/** History requests in flight at once, over all runs. */
export const HISTORY_REQUESTS_AT_ONCE = 4;

export interface IHistoryContext {
  store: IRunStore;
  client: IMlflowClient;
  trackingUri: string;
  /** Points kept per series: the capture setting. */
  maxPoints: number;
  tr: Translate;
  now: () => number;
  /**
   * Called once before the first request: what keeps the server from
   * answering, as a sentence, or null.
   */
  serverProblem: () => Promise<string | null>;
}

/** Run `work` on every item, at most `limit` at a time. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      await work(items[next++]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker)
  );
}

export async function loadMetricHistories(
  context: IHistoryContext,
  runIds: readonly string[]
): Promise<IMlflowSync.ISeriesResult> {
  const { store, client, tr } = context;
  const runs = (await store.getRuns([...new Set(runIds)])).filter(
    needsMetricHistories
  );
  const result: IMlflowSync.ISeriesResult = { loaded: [], failed: [] };
  if (!runs.length) {
    return result;
  }
  const problem = await context.serverProblem();
  if (problem !== null) {
    result.failed = runs.map(run => ({ run_id: run.id, reason: problem }));
    return result;
  }

  const series = new Map<string, Map<string, SeriesPoint[] | null>>();
  const failures = new Map<string, string>();
  // Once the server or MLflow cannot be reached, the other requests would
  // only fail the same way (or wait for the same timeout).
  let unreachable: string | null = null;
  const keysOf = new Map(runs.map(run => [run.id, historyMetricKeys(run)]));
  const jobs = runs.flatMap(run =>
    keysOf.get(run.id)!.map(key => ({ run, key }))
  );
  await forEachLimited(jobs, HISTORY_REQUESTS_AT_ONCE, async ({ run, key }) => {
    if (unreachable !== null || failures.has(run.id)) {
      return;
    }
    const failed = (reason: string) =>
      failures.set(
        run.id,
        tr(
          'Could not load the history of metric %1 from MLflow: %2',
          key,
          reason
        )
      );
    try {
      const answer = await client.metricHistory({
        tracking_uri: context.trackingUri,
        run_id: run.origin!.mlflow_run_id!,
        key
      });
      const checked = seriesFromHistory(answer.history, context.maxPoints, {
        __: tr
      });
      if (!checked.ok) {
        failed(checked.reason);
        return;
      }
      const ofRun = series.get(run.id) ?? new Map();
      ofRun.set(key, checked.series);
      series.set(run.id, ofRun);
    } catch (error) {
      const message = String((error as Error)?.message ?? error);
      failed(message);
      const kind = syncErrorKind(error);
      if (kind === 'offline' || kind === 'unavailable') {
        unreachable = message;
      }
    }
  });

  // Read the runs again before writing: an annotation made meanwhile stays.
  const fetchedAt = new Date(context.now()).toISOString();
  const written: IRunRecord[] = [];
  for (const run of await store.getRuns(runs.map(r => r.id))) {
    const fetched = series.get(run.id)?.size ?? 0;
    if (fetched < keysOf.get(run.id)!.length) {
      const reason = failures.get(run.id) ?? unreachable ?? '';
      result.failed.push({ run_id: run.id, reason });
    } else if (needsMetricHistories(run)) {
      written.push(
        withMetricHistories(run, series.get(run.id) ?? new Map(), fetchedAt)
      );
    }
  }
  await Promise.all(written.map(run => store.put(run)));
  result.loaded = written.map(run => run.id);
  return result;
}

/**
 * Metric-history loads in flight, by run: a run asked for again while its
 * histories are on the way (the compare view and the details at once) waits
 * for the same requests instead of sending its own.
 */
export class SharedSeriesLoads {
  /** Start `start` for the runs not already loading; resolve for all of `runIds`. */
  async load(
    runIds: readonly string[],
    start: (fresh: string[]) => Promise<IMlflowSync.ISeriesResult>
  ): Promise<IMlflowSync.ISeriesResult> {
    const fresh = [...new Set(runIds)].filter(id => !this._loads.has(id));
    if (fresh.length) {
      const load = start(fresh).finally(() =>
        fresh.forEach(id => this._loads.delete(id))
      );
      fresh.forEach(id => this._loads.set(id, load));
    }
    const wanted = new Set(runIds);
    const results = await Promise.all(
      [...new Set(runIds.map(id => this._loads.get(id)))].map(
        load => load ?? Promise.resolve({ loaded: [], failed: [] })
      )
    );
    return {
      loaded: results.flatMap(r => r.loaded).filter(id => wanted.has(id)),
      failed: results.flatMap(r => r.failed).filter(f => wanted.has(f.run_id))
    };
  }

  private _loads = new Map<string, Promise<IMlflowSync.ISeriesResult>>();
}
