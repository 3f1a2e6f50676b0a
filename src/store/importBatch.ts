/**
 * Importing runs (from a bundle or executed notebooks): all in one
 * transaction, so an import is whole or not at all.
 *
 * A run id names one run. An incoming run whose id is stored already is not
 * written: it is either the same run (imported before) or a different one
 * under the same id, which is reported and left as stored. A new run whose
 * number is out of range or held by another run is renumbered
 * (runNumbering.ts).
 */
import type { IDBPDatabase } from 'idb';
import type { IRunRecord } from '../model/types';
import type { IExperimentSummary, IRunStore, IRunSummary } from '../tokens';
import {
  planKeyedReads,
  readPlanned,
  readSummariesById,
  readTombstones
} from './queries';
import { numberNewRuns } from './runNumbering';
import {
  BY_EXPERIMENT_NUMBER,
  BY_PURGED_EXPERIMENT_NUMBER,
  EXPERIMENTS_STORE,
  PURGED_RUNS_STORE,
  RUN_CELLS_STORE,
  RUNS_STORE,
  TRASH_MARKS_STORE,
  type IRunlogDBSchema
} from './schema';
import { readMarks, splitTrash, withMark } from './trashMarks';
import {
  inRunWriteTransaction,
  placeRun,
  type RunWriteTransaction
} from './writeBatch';

/**
 * Runs whose records are put in one task. Every put clones its record on the
 * page's thread, so issuing all puts of 10,000 runs at once froze the page
 * for about a second; slices of this size take a few tens of ms each.
 */
export const PUT_SLICE_RUNS = 200;

/** Whether an incoming run says the same as the stored one. */
export type SameRun = (incoming: IRunRecord, stored: IRunRecord) => boolean;

export interface IImportOptions {
  isSameRun: SameRun;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** Leave out (and report) runs deleted for good here. */
  skipPurged?: boolean;
}

/**
 * Write the runs whose ids are new, in one readwrite transaction; report the
 * others. Rejects, with nothing written, if the transaction aborts (e.g.
 * QuotaExceededError).
 */
export async function importBatch(
  db: IDBPDatabase<IRunlogDBSchema>,
  runs: readonly IRunRecord[],
  options: IImportOptions
): Promise<IRunStore.IImportResult> {
  const { signal } = options;
  const checkCancelled = () => {
    if (signal?.aborted) {
      throw new DOMException('The import was cancelled.', 'AbortError');
    }
  };
  checkCancelled();
  let stopWatching = () => undefined as void;
  try {
    return await inRunWriteTransaction(db, async (tx, requests) => {
      // A cancel while the database works aborts the transaction itself.
      const abort = () => {
        try {
          tx.abort();
        } catch {
          // Already committed or aborted.
        }
      };
      signal?.addEventListener('abort', abort);
      stopWatching = () => signal?.removeEventListener('abort', abort);
      return writeImport(tx, requests, runs, options, checkCancelled);
    });
  } finally {
    stopWatching();
  }
}

/** The import's reads and writes, inside its transaction. */
async function writeImport(
  tx: RunWriteTransaction,
  requests: Promise<unknown>[],
  runs: readonly IRunRecord[],
  options: IImportOptions,
  checkCancelled: () => void
): Promise<IRunStore.IImportResult> {
  const { isSameRun, onProgress } = options;
  const runStore = tx.objectStore(RUNS_STORE);
  const cellStore = tx.objectStore(RUN_CELLS_STORE);
  const experimentStore = tx.objectStore(EXPERIMENTS_STORE);
  const purgedStore = tx.objectStore(PURGED_RUNS_STORE);
  const ids = runs.map(run => run.id);
  // Range reads, not one get per run: most imports bring only new ids.
  const [storedById, tombstones] = await Promise.all([
    readSummariesById(runStore, ids),
    readTombstones(purgedStore, ids)
  ]);
  const result: IRunStore.IImportResult = {
    added: [],
    identical: [],
    conflicting: []
  };
  if (options.skipPurged) {
    result.purged = [];
  }
  const fresh: IRunRecord[] = [];
  const seen = new Set<string>();
  const existing: { incoming: IRunRecord; stored: IRunSummary }[] = [];
  runs.forEach(run => {
    const stored = storedById.get(run.id);
    if (options.skipPurged && tombstones.has(run.id)) {
      if (!seen.has(run.id)) {
        seen.add(run.id);
        result.purged!.push(run.id);
      }
    } else if (stored) {
      existing.push({ incoming: run, stored });
    } else if (!seen.has(run.id)) {
      seen.add(run.id);
      fresh.push(run);
    }
  });
  // Cells are keyed like runs, so the runs' counts plan their reads.
  const cellPlan = await planKeyedReads(
    existing.map(({ incoming }) => incoming.id),
    range => runStore.count(range)
  );
  const markStore = tx.objectStore(TRASH_MARKS_STORE);
  const [storedCells, storedMarks] = await Promise.all([
    readPlanned(cellStore, cellPlan, record => record.run_id),
    readMarks(
      markStore,
      existing.map(({ incoming }) => incoming.id)
    )
  ]);
  existing.forEach(({ incoming, stored }) => {
    // Compared as a reader sees the stored run: with its trash state.
    const previous: IRunRecord = withMark(
      { ...stored, cells: storedCells.get(incoming.id)?.cells ?? [] },
      storedMarks.get(incoming.id)
    );
    (isSameRun(incoming, previous)
      ? result.identical
      : result.conflicting
    ).push(incoming.id);
  });
  const experimentIds = new Set(fresh.map(run => run.experiment.id));
  const experiments = new Map<string, IExperimentSummary>();
  await Promise.all(
    [...experimentIds].map(async id => {
      const summary = await experimentStore.get(id);
      if (summary) {
        experiments.set(id, summary);
      }
    })
  );
  const numbered = await numberNewRuns(
    runStore.index(BY_EXPERIMENT_NUMBER),
    fresh,
    experiments,
    { index: purgedStore.index(BY_PURGED_EXPERIMENT_NUMBER), own: tombstones }
  );
  // A run deleted for good and imported again is no longer deleted for
  // good: its tombstone goes (the experiment's numbering remembers it).
  for (const run of fresh) {
    if (tombstones.has(run.id)) {
      requests.push(purgedStore.delete(run.id));
    }
  }
  for (let start = 0; start < numbered.length; start += PUT_SLICE_RUNS) {
    onProgress?.(start / numbered.length);
    // Throwing here aborts the transaction: nothing is written.
    checkCancelled();
    const sliceStart = requests.length;
    for (const run of numbered.slice(start, start + PUT_SLICE_RUNS)) {
      const { summary, cells } = placeRun(run, undefined, experiments);
      // A run exported from the trash comes back there: its record without
      // `deleted`, its trash state a mark.
      const { record, mark } = splitTrash(summary, undefined);
      result.added.push(withMark(record, mark));
      // One push per request: a put that throws must not strand the other.
      requests.push(runStore.put(record));
      requests.push(cellStore.put(cells));
      if (mark) {
        requests.push(markStore.put(mark));
      }
    }
    if (start + PUT_SLICE_RUNS < numbered.length) {
      // Continuing from a request's success keeps the transaction active;
      // the rest of this slice is still queued, so the database stays busy.
      await requests[sliceStart];
    }
  }
  checkCancelled();
  for (const experiment of experiments.values()) {
    requests.push(experimentStore.put(experiment));
  }
  onProgress?.(1);
  return result;
}
