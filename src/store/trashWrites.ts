/**
 * The trash and alerts in the database: moving runs in and out of the
 * trash, deleting them for good (a tombstone stays) and recording alert
 * firings. Each call is one readwrite transaction, whole or not at all; the
 * record changes themselves are trash.ts's, shared with the in-memory store.
 */
import type { IDBPDatabase } from 'idb';
import type { IPurgedRun, IRunAlert } from '../model/types';
import type { IExperimentSummary, IRunSummary } from '../tokens';
import { PUT_SLICE_RUNS } from './importBatch';
import { planKeyedReads, readSummariesById } from './queries';
import {
  BY_PURGED_EXPERIMENT_NUMBER,
  EXPERIMENTS_STORE,
  PURGED_RUNS_STORE,
  RUN_CELLS_STORE,
  RUNS_STORE,
  TRASH_MARKS_STORE,
  type IRunlogDBSchema
} from './schema';
import { applyAlerts, tombstoneOf } from './trash';
import { movedMark, readMarks, withMark, type ITrashMark } from './trashMarks';
import { inRunWriteTransaction, type RunWriteTransaction } from './writeBatch';

type Database = IDBPDatabase<IRunlogDBSchema>;

/**
 * Move the stored runs `runIds` into (`deleted` true) or out of the trash,
 * by `user` at `at`, in one transaction; experiments' `run_count` (live
 * runs) follows. Only the runs' trash marks are written, never their
 * records. Unknown ids and runs already there are left out. Resolves with
 * the summaries moved, as now read (merged with their marks).
 */
export function moveStoredRuns(
  db: Database,
  runIds: readonly string[],
  deleted: boolean,
  user: string | null,
  at: string
): Promise<IRunSummary[]> {
  const ids = [...new Set(runIds)];
  return inRunWriteTransaction(db, async (tx, requests) => {
    const marks = tx.objectStore(TRASH_MARKS_STORE);
    const [stored, storedMarks] = await Promise.all([
      readSummariesById(tx.objectStore(RUNS_STORE), ids),
      readMarks(marks, ids)
    ]);
    const moved: IRunSummary[] = [];
    // Changed and put a slice per task: 10,000 puts at once would be one
    // long task of its own.
    await putInSlices(requests, ids, id => {
      const run = stored.get(id);
      const mark =
        run && movedMark(run, storedMarks.get(id), deleted, user, at);
      if (run && mark) {
        moved.push(withMark(run, mark));
        requests.push(marks.put(mark));
      }
    });
    if (moved.length === 0) {
      return moved;
    }
    const counts = new Map<string, number>();
    for (const run of moved) {
      const id = run.experiment.id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const experiment of await readExperiments(tx, [...counts.keys()])) {
      const change = counts.get(experiment.id) ?? 0;
      experiment.run_count = Math.max(
        0,
        experiment.run_count + (deleted ? -change : change)
      );
      requests.push(tx.objectStore(EXPERIMENTS_STORE).put(experiment));
    }
    return moved;
  });
}

/**
 * Delete the runs `runIds` that are in the trash for good, in one
 * transaction: record and cells go, a tombstone stays (and keeps the
 * experiment's numbering above the run's number). Others are left alone.
 * Resolves with the tombstones written.
 */
export function purgeStoredRuns(
  db: Database,
  runIds: readonly string[],
  user: string | null,
  at: string
): Promise<IPurgedRun[]> {
  const ids = [...new Set(runIds)];
  return inRunWriteTransaction(db, async (tx, requests) => {
    const runs = tx.objectStore(RUNS_STORE);
    const cells = tx.objectStore(RUN_CELLS_STORE);
    const purged = tx.objectStore(PURGED_RUNS_STORE);
    const marks = tx.objectStore(TRASH_MARKS_STORE);
    const [stored, storedMarks] = await Promise.all([
      readSummariesById(runs, ids),
      readMarks(marks, ids)
    ]);
    const tombstones: IPurgedRun[] = [];
    for (const id of ids) {
      const run = stored.get(id);
      const mark: ITrashMark | undefined = storedMarks.get(id);
      if (run && mark?.deleted !== undefined) {
        tombstones.push(tombstoneOf(withMark(run, mark), user, at));
      }
    }
    if (tombstones.length === 0) {
      return tombstones;
    }
    const highest = new Map<string, number>();
    for (const { experiment_id, number } of tombstones) {
      highest.set(
        experiment_id,
        Math.max(highest.get(experiment_id) ?? 0, number)
      );
    }
    // Key ranges holding only purged runs go in one request each (emptying
    // the trash of an experiment is mostly such ranges); the others by id.
    const plan = await planKeyedReads(
      tombstones.map(tombstone => tombstone.id),
      range => runs.count(range),
      1
    );
    for (const range of plan.ranges) {
      requests.push(runs.delete(range));
      requests.push(cells.delete(range));
      requests.push(marks.delete(range));
    }
    await putInSlices(requests, plan.keys, id => {
      requests.push(runs.delete(id));
      requests.push(cells.delete(id));
      requests.push(marks.delete(id));
    });
    await putInSlices(requests, tombstones, tombstone => {
      requests.push(purged.put(tombstone));
    });
    for (const experiment of await readExperiments(tx, [...highest.keys()])) {
      // Numbering never goes back below a number once given (run_count
      // counts live runs only, so the trash's runs were out of it already).
      const number = highest.get(experiment.id) ?? 0;
      if (number > experiment.last_number) {
        experiment.last_number = number;
        requests.push(tx.objectStore(EXPERIMENTS_STORE).put(experiment));
      }
    }
    return tombstones;
  });
}

/** An experiment's tombstones, most recently purged first. */
export async function readPurged(
  db: Database,
  experimentId: string
): Promise<IPurgedRun[]> {
  const tombstones = await db.getAllFromIndex(
    PURGED_RUNS_STORE,
    BY_PURGED_EXPERIMENT_NUMBER,
    IDBKeyRange.bound([experimentId], [experimentId, []])
  );
  // Same purge time: the higher number first, as lists of runs go.
  return tombstones.sort(
    (a, b) => b.purged_at.localeCompare(a.purged_at) || b.number - a.number
  );
}

/** What `addStoredAlerts` did. */
export interface IAlertsResult {
  summary: IRunSummary;
  /** False when every rule had fired on the run already: nothing written. */
  written: boolean;
}

/**
 * Record `alerts` on the stored run `runId`, each rule once, in one
 * transaction. Resolves undefined for an unknown id.
 */
export function addStoredAlerts(
  db: Database,
  runId: string,
  alerts: readonly IRunAlert[],
  at: string
): Promise<IAlertsResult | undefined> {
  return inRunWriteTransaction(db, async (tx, requests) => {
    const runs = tx.objectStore(RUNS_STORE);
    const [stored, mark] = await Promise.all([
      runs.get(runId),
      tx.objectStore(TRASH_MARKS_STORE).get(runId)
    ]);
    if (!stored) {
      return undefined;
    }
    const changed = applyAlerts(stored, alerts, at);
    if (!changed) {
      return { summary: withMark(stored, mark), written: false };
    }
    requests.push(runs.put(changed));
    return { summary: withMark(changed, mark), written: true };
  });
}

/** The stored summaries of the experiments `ids` (missing ones left out). */
async function readExperiments(
  tx: RunWriteTransaction,
  ids: readonly string[]
): Promise<IExperimentSummary[]> {
  const store = tx.objectStore(EXPERIMENTS_STORE);
  const found = await Promise.all(ids.map(id => store.get(id)));
  return found.filter(
    (experiment): experiment is IExperimentSummary => experiment !== undefined
  );
}

/**
 * Call `issue` for each item, PUT_SLICE_RUNS items per task; `issue` pushes
 * its requests. Each put clones its record on the page's thread, so 10,000
 * at once would freeze the page. Waiting for a request of the slice before
 * the next keeps the one transaction active and busy.
 */
async function putInSlices<T>(
  requests: Promise<unknown>[],
  items: readonly T[],
  issue: (item: T) => void
): Promise<void> {
  for (let start = 0; start < items.length; start += PUT_SLICE_RUNS) {
    const first = requests.length;
    for (const item of items.slice(start, start + PUT_SLICE_RUNS)) {
      issue(item);
    }
    if (start + PUT_SLICE_RUNS < items.length && requests.length > first) {
      await requests[first];
    }
  }
}
