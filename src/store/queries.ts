/**
 * Reads over the run database. Summaries never touch `run_cells`, so listing
 * many runs does not read code or outputs.
 */
import type { IDBPDatabase } from 'idb';
import type { IRunRecord } from '../model/types';
import type { IRunSummary } from '../tokens';
import {
  BY_EXPERIMENT_NUMBER,
  RUN_CELLS_STORE,
  RUNS_STORE,
  type IRunlogDBSchema
} from './schema';

type Database = IDBPDatabase<IRunlogDBSchema>;

/** One run joined with its cells. */
export async function readRun(
  db: Database,
  id: string
): Promise<IRunRecord | undefined> {
  const tx = db.transaction([RUNS_STORE, RUN_CELLS_STORE], 'readonly');
  const [summary, cells] = await Promise.all([
    tx.objectStore(RUNS_STORE).get(id),
    tx.objectStore(RUN_CELLS_STORE).get(id)
  ]);
  return summary ? { ...summary, cells: cells?.cells ?? [] } : undefined;
}

/** Runs joined with their cells, in the order asked; unknown ids left out. */
export async function readRuns(
  db: Database,
  ids: readonly string[]
): Promise<IRunRecord[]> {
  const tx = db.transaction([RUNS_STORE, RUN_CELLS_STORE], 'readonly');
  const summaries = tx.objectStore(RUNS_STORE);
  const cells = tx.objectStore(RUN_CELLS_STORE);
  const [runs, cellRecords] = await Promise.all([
    Promise.all(ids.map(id => summaries.get(id))),
    Promise.all(ids.map(id => cells.get(id)))
  ]);
  const found: IRunRecord[] = [];
  runs.forEach((summary, index) => {
    if (summary) {
      found.push({ ...summary, cells: cellRecords[index]?.cells ?? [] });
    }
  });
  return found;
}

/** An experiment's runs, highest number first, at most `limit` of them. */
export async function readRunsNewestFirst(
  db: Database,
  experimentId: string,
  limit?: number
): Promise<IRunSummary[]> {
  const range = IDBKeyRange.bound(
    [experimentId, -Infinity],
    [experimentId, Infinity]
  );
  if (limit === undefined) {
    // getAll is much faster than a cursor; the index is ascending by number.
    const runs = await db.getAllFromIndex(
      RUNS_STORE,
      BY_EXPERIMENT_NUMBER,
      range
    );
    return runs.reverse();
  }
  const runs: IRunSummary[] = [];
  if (limit <= 0) {
    return runs;
  }
  const index = db.transaction(RUNS_STORE).store.index(BY_EXPERIMENT_NUMBER);
  let cursor = await index.openCursor(range, 'prev');
  while (cursor && runs.length < limit) {
    runs.push(cursor.value);
    cursor = await cursor.continue();
  }
  return runs;
}

/** The stored summaries of the given ids; unknown ids are left out. */
export async function readSummaries(
  db: Database,
  ids: readonly string[]
): Promise<IRunSummary[]> {
  const store = db.transaction(RUNS_STORE).store;
  const runs = await Promise.all(ids.map(id => store.get(id)));
  return runs.filter((run): run is IRunSummary => run !== undefined);
}
