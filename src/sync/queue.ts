/**
 * Putting runs into the outbox: a changed run becomes `waiting` (unless
 * MLflow has that version) in the same transaction that moves the
 * reconcile watermark, so a reload never skips a run it did not queue.
 */
import type { JSONValue } from '../model/types';
import type { IndexedDBSyncStateStore } from '../store/syncStates';
import type { IRunSummary, IRunSyncState } from '../tokens';
import { laterTime, retryNow, stateAfterChange } from './outbox';

/** The `sync_meta` key of the reconcile watermark. */
export const WATERMARK_KEY = 'watermark';
/** A reconcile looks this far behind the watermark (clock skew between tabs). */
export const RECONCILE_MARGIN_MS = 5 * 60_000;

type States = Pick<
  IndexedDBSyncStateStore,
  'modify' | 'getMeta' | 'runsUpdatedSince' | 'listByState'
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

/** Runs a reconcile reads and queues at once (one transaction each). */
export const RECONCILE_PAGE_RUNS = 500;

/**
 * The runs a reconcile looks at, page by page, oldest first: written since
 * a little before the watermark, or every run when there is none
 * (sync never ran: the backfill). Pages keep each transaction and each
 * task short however many runs the browser holds.
 */
export async function reconcilePages(
  states: States,
  watermark: string | null,
  onPage: (runs: IRunSummary[]) => Promise<void>,
  pageRuns = RECONCILE_PAGE_RUNS
): Promise<void> {
  let lower =
    watermark === null
      ? null
      : new Date(Date.parse(watermark) - RECONCILE_MARGIN_MS).toISOString();
  // Runs at the page's last `updated_at` already seen: the next page starts
  // at that time inclusive, since several runs can share it.
  const seenAtLower = new Set<string>();
  for (;;) {
    const limit = pageRuns + seenAtLower.size;
    const page = await states.runsUpdatedSince(lower, {
      inclusive: lower !== null,
      limit
    });
    const fresh = page.filter(
      run => !(run.updated_at === lower && seenAtLower.has(run.id))
    );
    if (!fresh.length) {
      break;
    }
    await onPage(fresh);
    const last = fresh[fresh.length - 1].updated_at;
    if (last !== lower) {
      seenAtLower.clear();
      lower = last;
    }
    fresh
      .filter(run => run.updated_at === last)
      .forEach(run => seenAtLower.add(run.id));
    if (page.length < limit) {
      break;
    }
  }
}

/** The stored watermark, or null before the first queued run. */
export async function storedWatermark(states: States): Promise<string | null> {
  const stored = await states.getMeta(WATERMARK_KEY);
  return typeof stored === 'string' ? stored : null;
}

/** `syncNow`: every waiting and failed run due at once; the states written. */
export async function retryAllNow(
  states: States,
  now: number
): Promise<IRunSyncState[]> {
  const retry = [
    ...(await states.listByState('waiting')),
    ...(await states.listByState('failed'))
  ];
  if (!retry.length) {
    return [];
  }
  return states.modify(
    retry.map(state => state.run_id),
    existing => ({
      // Read again in the transaction: another tab may have pushed meanwhile.
      states: [...existing.values()]
        .filter(state => state.state !== 'synced')
        .map(state => retryNow(state, now))
    })
  );
}
