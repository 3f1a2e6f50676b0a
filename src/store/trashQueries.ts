/**
 * Listing and counting an experiment's live runs or its trash. The marks of
 * runs in the trash are in an index of their own (BY_TRASH on trash_marks),
 * so the trash is found without touching live runs, and live runs are
 * counted as all minus those.
 */
import type { IDBPDatabase } from 'idb';
import type { IRunSummary } from '../tokens';
import {
  MAX_RANGE_IDS,
  readRunsNewestFirst,
  readSummaries,
  readSummariesById
} from './queries';
import {
  BY_EXPERIMENT,
  BY_EXPERIMENT_NUMBER,
  BY_MOVED,
  BY_TRASH,
  BY_UPDATED,
  RUNS_STORE,
  TRASH_MARKS_STORE,
  type IRunlogDBSchema
} from './schema';
import { readMarks, withMark } from './trashMarks';

type Database = IDBPDatabase<IRunlogDBSchema>;

/** The BY_TRASH keys of one experiment: [id, number, deleted.at]. */
function trashOf(experimentId: string): IDBKeyRange {
  // Arrays sort after numbers and strings, so [id, []] is above every key.
  return IDBKeyRange.bound([experimentId], [experimentId, []]);
}

/** The BY_EXPERIMENT_NUMBER keys of one experiment. */
function runsOf(experimentId: string): IDBKeyRange {
  return IDBKeyRange.bound([experimentId], [experimentId, []]);
}

/** How many runs of the experiment are live, or in the trash when `trash`. */
export async function countRunsOf(
  db: Database,
  experimentId: string,
  trash: boolean
): Promise<number> {
  const tx = db.transaction([RUNS_STORE, TRASH_MARKS_STORE]);
  const [all, inTrash] = await Promise.all([
    trash
      ? 0
      : tx.objectStore(RUNS_STORE).index(BY_EXPERIMENT).count(experimentId),
    tx
      .objectStore(TRASH_MARKS_STORE)
      .index(BY_TRASH)
      .count(trashOf(experimentId))
  ]);
  return trash ? inTrash : all - inTrash;
}

/**
 * Live runs of the experiment (or those in the trash, when `trash`),
 * highest number first, at most `limit`.
 */
export async function readRunsOf(
  db: Database,
  experimentId: string,
  options: { limit?: number; trash?: boolean }
): Promise<IRunSummary[]> {
  const { limit, trash } = options;
  if (limit !== undefined && limit <= 0) {
    return [];
  }
  if (trash) {
    return readTrash(db, experimentId, limit);
  }
  const trashIds = await db.getAllKeysFromIndex(
    TRASH_MARKS_STORE,
    BY_TRASH,
    trashOf(experimentId)
  );
  if (trashIds.length === 0) {
    return readRunsNewestFirst(db, experimentId, limit);
  }
  const inTrash = new Set(trashIds);
  if (limit === undefined) {
    // Every run is read anyway; those in the trash are dropped after.
    const runs = await readRunsNewestFirst(db, experimentId);
    return runs.filter(run => !inTrash.has(run.id));
  }
  // Ids are cheap to read (no record is cloned): the newest live ones are
  // found among them, and only those records are read, however many runs
  // the trash holds above them.
  const ids = await db.getAllKeysFromIndex(
    RUNS_STORE,
    BY_EXPERIMENT_NUMBER,
    runsOf(experimentId)
  );
  const newest: string[] = [];
  for (let i = ids.length - 1; i >= 0 && newest.length < limit; i--) {
    if (!inTrash.has(ids[i])) {
      newest.push(ids[i]);
    }
  }
  // Read as of now: a run moved meanwhile is left out, not shown stale.
  const runs = await readSummaries(db, newest);
  return runs.filter(run => run.deleted === undefined);
}

/**
 * Runs in the trash, highest number first, at most `limit`: their marks
 * from the trash index (small records, cheap to read), then their runs.
 */
async function readTrash(
  db: Database,
  experimentId: string,
  limit: number | undefined
): Promise<IRunSummary[]> {
  // Keys only: the index is ascending by number, the list newest first.
  const ids = (
    await db.getAllKeysFromIndex(
      TRASH_MARKS_STORE,
      BY_TRASH,
      trashOf(experimentId)
    )
  ).reverse();
  const wanted = limit === undefined ? ids : ids.slice(0, limit);
  const runs: IRunSummary[] = [];
  // Slices, so no one task clones thousands of records.
  for (let start = 0; start < wanted.length; start += MAX_RANGE_IDS) {
    const read = await readSummaries(
      db,
      wanted.slice(start, start + MAX_RANGE_IDS)
    );
    // Read as of now: a run restored meanwhile is left out.
    runs.push(...read.filter(run => run.deleted !== undefined));
  }
  return runs;
}

/**
 * Runs written or moved in or out of the trash after `range`'s lower bound
 * (its runs' `updated_at` or their marks' `moved_at`), merged with their
 * marks, by merged `updated_at`, at most `limit`: what the MLflow sync's
 * reconcile pages through. A move leaves the run record as it was, so the
 * marks' BY_MOVED index is read beside the runs' BY_UPDATED.
 */
export async function readUpdatedSince(
  db: Database,
  range: IDBKeyRange | undefined,
  limit: number | undefined
): Promise<IRunSummary[]> {
  const tx = db.transaction([RUNS_STORE, TRASH_MARKS_STORE]);
  const runStore = tx.objectStore(RUNS_STORE);
  const markStore = tx.objectStore(TRASH_MARKS_STORE);
  const [records, moved] = await Promise.all([
    runStore.index(BY_UPDATED).getAll(range, limit),
    markStore.index(BY_MOVED).getAll(range, limit)
  ]);
  const marks = await readMarks(
    markStore,
    records.map(run => run.id)
  );
  moved.forEach(mark => marks.set(mark.run_id, mark));
  const byId = new Map(records.map(run => [run.id, run]));
  const missing = moved.map(mark => mark.run_id).filter(id => !byId.has(id));
  for (const [id, run] of await readSummariesById(runStore, missing)) {
    byId.set(id, run);
  }
  const runs = [...byId.values()]
    .map(run => withMark(run, marks.get(run.id)))
    // Index order: ISO 8601 texts compare as their times.
    .sort((a, b) =>
      a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : 0
    );
  if (limit === undefined) {
    return runs;
  }
  // A full read stops at a time; runs merged past it may have been left
  // unread in the other index, so only those up to it are sure.
  let cutoff: string | undefined;
  if (records.length === limit) {
    cutoff = records[limit - 1].updated_at;
  }
  if (moved.length === limit) {
    const last = moved[limit - 1].moved_at;
    cutoff = cutoff === undefined || last < cutoff ? last : cutoff;
  }
  const sure =
    cutoff === undefined ? runs : runs.filter(run => run.updated_at <= cutoff!);
  // Never an empty page while runs remain, so a reconcile goes on.
  return (sure.length > 0 ? sure : runs).slice(0, limit);
}
