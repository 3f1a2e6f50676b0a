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
import { readSummariesById } from './queries';
import {
  BY_PURGED_EXPERIMENT_NUMBER,
  EXPERIMENTS_STORE,
  PURGED_RUNS_STORE,
  RUN_CELLS_STORE,
  RUNS_STORE,
  type IRunlogDBSchema
} from './schema';
import { applyAlerts, applyTrashMove, tombstoneOf } from './trash';
import { inRunWriteTransaction, type RunWriteTransaction } from './writeBatch';

type Database = IDBPDatabase<IRunlogDBSchema>;

/**
 * Move the stored runs `runIds` into (`deleted` true) or out of the trash,
 * by `user` at `at`, in one transaction; experiments' `run_count` (live
 * runs) follows. Unknown ids and runs already there are left out. Resolves
 * with the summaries moved, as stored.
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
    const runs = tx.objectStore(RUNS_STORE);
    const stored = await readSummariesById(runs, ids);
    const moved: IRunSummary[] = [];
    for (const id of ids) {
      const run = stored.get(id);
      const changed = run && applyTrashMove(run, deleted, user, at);
      if (changed) {
        moved.push(changed);
      }
    }
    if (moved.length === 0) {
      return moved;
    }
    const counts = new Map<string, number>();
    for (const run of moved) {
      const id = run.experiment.id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const experiments = await readExperiments(tx, [...counts.keys()]);
    await putInSlices(requests, moved, run => runs.put(run));
    for (const experiment of experiments) {
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
    const stored = await readSummariesById(runs, ids);
    const tombstones: IPurgedRun[] = [];
    for (const id of ids) {
      const run = stored.get(id);
      if (run?.deleted !== undefined) {
        tombstones.push(tombstoneOf(run, user, at));
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
    const experiments = await readExperiments(tx, [...highest.keys()]);
    await putInSlices(requests, tombstones, tombstone => {
      requests.push(runs.delete(tombstone.id));
      requests.push(cells.delete(tombstone.id));
      return purged.put(tombstone);
    });
    for (const experiment of experiments) {
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
    const stored = await runs.get(runId);
    if (!stored) {
      return undefined;
    }
    const changed = applyAlerts(stored, alerts, at);
    if (!changed) {
      return { summary: stored, written: false };
    }
    requests.push(runs.put(changed));
    return { summary: changed, written: true };
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
 * Issue one request per item (`issue` may push more itself), PUT_SLICE_RUNS
 * items per task: each put clones its record on the page's thread, so
 * 10,000 at once would freeze the page. Waiting for a request of the slice
 * before the next keeps the one transaction active and busy.
 */
async function putInSlices<T>(
  requests: Promise<unknown>[],
  items: readonly T[],
  issue: (item: T) => Promise<unknown>
): Promise<void> {
  for (let start = 0; start < items.length; start += PUT_SLICE_RUNS) {
    const first = requests.length;
    for (const item of items.slice(start, start + PUT_SLICE_RUNS)) {
      requests.push(issue(item));
    }
    if (start + PUT_SLICE_RUNS < items.length) {
      await requests[first];
    }
  }
}
