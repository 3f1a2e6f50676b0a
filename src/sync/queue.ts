/**
 * Putting runs into the outbox: a changed run becomes `waiting` (unless
 * MLflow has that version) in the same transaction that moves the
 * reconcile watermark, so a reload never skips a run it did not queue.
 */
import type { JSONValue } from '../model/types';
import type { IndexedDBSyncStateStore } from '../store/syncStates';
import type { IRunSummary, IRunSyncState } from '../tokens';
import { laterTime, stateAfterChange } from './outbox';

/** The `sync_meta` key of the reconcile watermark. */
export const WATERMARK_KEY = 'watermark';
/** A reconcile looks this far behind the watermark (clock skew between tabs). */
export const RECONCILE_MARGIN_MS = 5 * 60_000;

type States = Pick<
  IndexedDBSyncStateStore,
  'modify' | 'getMeta' | 'runsUpdatedSince'
>;

/** Queue `runs`; resolves with the states written and the new watermark. */
export async function enqueueRuns(
  states: States,
  runs: readonly IRunSummary[],
  options: {
    isPushable: (run: IRunSummary) => boolean;
    watermark: string | null;
    now: number;
  }
): Promise<{ written: IRunSyncState[]; watermark: string | null }> {
  const pushable = runs.filter(options.isPushable);
  let watermark = options.watermark;
  for (const run of runs) {
    watermark = laterTime(watermark, run.updated_at);
  }
  if (!pushable.length && watermark === options.watermark) {
    return { written: [], watermark };
  }
  const meta: { [key: string]: JSONValue } = {};
  if (watermark !== null) {
    meta[WATERMARK_KEY] = watermark;
  }
  const written = await states.modify(
    pushable.map(run => run.id),
    existing => ({
      states: pushable
        .map(run => stateAfterChange(existing.get(run.id), run, options.now))
        .filter((state): state is IRunSyncState => state !== null),
      meta
    })
  );
  return { written, watermark };
}

/**
 * The runs a reconcile looks at: written since a little before the stored
 * watermark, or every run when there is none (sync never ran: backfill).
 */
export async function runsToReconcile(
  states: States
): Promise<{ runs: IRunSummary[]; watermark: string | null }> {
  const stored = await states.getMeta(WATERMARK_KEY);
  const watermark = typeof stored === 'string' ? stored : null;
  const since =
    watermark === null
      ? null
      : new Date(Date.parse(watermark) - RECONCILE_MARGIN_MS).toISOString();
  return { runs: await states.runsUpdatedSince(since), watermark };
}
