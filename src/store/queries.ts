/**
 * Reads over the run database. Summaries never touch `run_cells`, so listing
 * many runs does not read code or outputs.
 */
import type { IDBPDatabase } from 'idb';
import type { IPurgedRun, IRunRecord } from '../model/types';
import type { IRunSummary } from '../tokens';
import {
  BY_EXPERIMENT_NUMBER,
  RUN_CELLS_STORE,
  RUNS_STORE,
  TRASH_MARKS_STORE,
  type IRunlogDBSchema
} from './schema';
import { readMarks, withMark, withMarks } from './trashMarks';

type Database = IDBPDatabase<IRunlogDBSchema>;

/** One run joined with its cells and its trash mark. */
export async function readRun(
  db: Database,
  id: string
): Promise<IRunRecord | undefined> {
  const tx = db.transaction(
    [RUNS_STORE, RUN_CELLS_STORE, TRASH_MARKS_STORE],
    'readonly'
  );
  const [summary, cells, mark] = await Promise.all([
    tx.objectStore(RUNS_STORE).get(id),
    tx.objectStore(RUN_CELLS_STORE).get(id),
    tx.objectStore(TRASH_MARKS_STORE).get(id)
  ]);
  return summary
    ? withMark({ ...summary, cells: cells?.cells ?? [] }, mark)
    : undefined;
}

/**
 * Runs joined with their cells and trash marks, in the order asked;
 * unknown ids left out.
 */
export async function readRuns(
  db: Database,
  ids: readonly string[]
): Promise<IRunRecord[]> {
  const tx = db.transaction(
    [RUNS_STORE, RUN_CELLS_STORE, TRASH_MARKS_STORE],
    'readonly'
  );
  const summaries = tx.objectStore(RUNS_STORE);
  const cells = tx.objectStore(RUN_CELLS_STORE);
  // Both stores hold one record per run, so one plan serves both.
  const plan = await planKeyedReads(ids, range => summaries.count(range));
  const [summaryById, cellsById, marks] = await Promise.all([
    readPlanned(summaries, plan, run => run.id),
    readPlanned(cells, plan, record => record.run_id),
    readMarks(tx.objectStore(TRASH_MARKS_STORE), ids)
  ]);
  const found: IRunRecord[] = [];
  for (const id of ids) {
    const summary = summaryById.get(id);
    if (summary) {
      found.push(
        withMark(
          { ...summary, cells: cellsById.get(id)?.cells ?? [] },
          marks.get(id)
        )
      );
    }
  }
  return found;
}

/**
 * An experiment's runs (in the trash too), highest number first, at most
 * `limit` of them, merged with their trash marks.
 */
export async function readRunsNewestFirst(
  db: Database,
  experimentId: string,
  limit?: number
): Promise<IRunSummary[]> {
  const runs = await readRecordsNewestFirst(db, experimentId, limit);
  const marks = db.transaction(TRASH_MARKS_STORE).store;
  return withMarks(marks, runs);
}

/** An experiment's run records, highest number first, at most `limit`. */
async function readRecordsNewestFirst(
  db: Database,
  experimentId: string,
  limit?: number
): Promise<IRunSummary[]> {
  const range = IDBKeyRange.bound(
    [experimentId, -Infinity],
    [experimentId, Infinity]
  );
  if (limit === undefined) {
    return readAllNewestFirst(db, experimentId);
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

/**
 * Runs read per request when listing a whole experiment. getAll is much
 * faster than a cursor, but one getAll of 10,000 summaries clones them all
 * in one task (~0.6 s without a pause for the page); chunks of this many
 * runs arrive as one task each. The walk goes by the runs stored, never by
 * the values of their numbers, so its cost follows the number of runs.
 */
export const LIST_CHUNK_RUNS = 500;

async function readAllNewestFirst(
  db: Database,
  experimentId: string
): Promise<IRunSummary[]> {
  const index = db.transaction(RUNS_STORE).store.index(BY_EXPERIMENT_NUMBER);
  const runs = await readIndexInChunks(
    index,
    [experimentId, -Infinity],
    [experimentId, Infinity],
    run => [experimentId, run.number]
  );
  // The walk is ascending by number; the list is newest first.
  return runs.reverse();
}

/** An index of the runs store, as far as a chunked walk needs it. */
export interface IChunkedIndex {
  getAll(range: IDBKeyRange, count?: number): Promise<IRunSummary[]>;
}

/**
 * Every run whose key in `index` is between `lower` and `upper`, in index
 * order, read LIST_CHUNK_RUNS at a time; `keyOf` is a run's key there.
 */
export async function readIndexInChunks(
  index: IChunkedIndex,
  lower: IDBValidKey[],
  upper: IDBValidKey[],
  keyOf: (run: IRunSummary) => IDBValidKey[]
): Promise<IRunSummary[]> {
  const runs: IRunSummary[] = [];
  // Each chunk starts at the last key of the one before, inclusive (the
  // index is not unique: runs sharing that key may lie either side),
  // skipping the runs there already read.
  let from = lower;
  let afterFrom = false;
  let seenAtFrom = new Set<string>();
  for (;;) {
    const chunk = await index.getAll(
      IDBKeyRange.bound(from, upper, afterFrom),
      LIST_CHUNK_RUNS
    );
    const fresh = chunk.filter(run => !seenAtFrom.has(run.id));
    if (fresh.length === 0 && chunk.length === LIST_CHUNK_RUNS) {
      // More runs share one key than a chunk holds: read them at once,
      // then go on above that key.
      const same = await index.getAll(IDBKeyRange.only(from));
      runs.push(...same.filter(run => !seenAtFrom.has(run.id)));
      afterFrom = true;
      seenAtFrom = new Set();
      continue;
    }
    runs.push(...fresh);
    if (chunk.length < LIST_CHUNK_RUNS) {
      break;
    }
    from = keyOf(chunk[chunk.length - 1]);
    const fromText = JSON.stringify(from);
    afterFrom = false;
    seenAtFrom = new Set();
    for (
      let i = chunk.length - 1;
      i >= 0 && JSON.stringify(keyOf(chunk[i])) === fromText;
      i--
    ) {
      seenAtFrom.add(chunk[i].id);
    }
  }
  return runs;
}

/**
 * The stored summaries of the given ids, merged with their trash marks;
 * unknown ids are left out.
 */
export async function readSummaries(
  db: Database,
  ids: readonly string[]
): Promise<IRunSummary[]> {
  const tx = db.transaction([RUNS_STORE, TRASH_MARKS_STORE]);
  const [byId, marks] = await Promise.all([
    readSummariesById(tx.objectStore(RUNS_STORE), ids),
    readMarks(tx.objectStore(TRASH_MARKS_STORE), ids)
  ]);
  const found: IRunSummary[] = [];
  for (const id of ids) {
    const summary = byId.get(id);
    if (summary) {
      found.push(withMark(summary, marks.get(id)));
    }
  }
  return found;
}

/** Reads by key from one object store (a structural view of idb's store). */
export interface IKeyedStore<T> {
  get(key: string): Promise<T | undefined>;
  getAll(range: IDBKeyRange): Promise<T[]>;
  count(range: IDBKeyRange): Promise<number>;
}

/**
 * The stored summaries of `ids` by id (unknown ids absent), read inside the
 * caller's transaction. The map may hold other runs whose ids fall between
 * the asked ones.
 */
export async function readSummariesById(
  store: IKeyedStore<IRunSummary>,
  ids: readonly string[]
): Promise<Map<string, IRunSummary>> {
  const plan = await planKeyedReads(ids, range => store.count(range));
  return readPlanned(store, plan, run => run.id);
}

/**
 * Key spans up to this many ids are read with single gets: counting the
 * span first would cost as much as the gets.
 */
const SINGLE_GET_SPAN = 16;

/**
 * A key range is read whole (one getAll) when it holds at most this many
 * records per id asked; otherwise it is split, since reading and cloning
 * other runs' records would cost more than the requests saved.
 */
const RANGE_RECORDS_PER_ID = 2;

/**
 * A range serves at most this many ids: the records of one request are
 * cloned into the page in one task, so bigger ranges would freeze the page
 * (10,000 runs in one getAll took ~0.5 s).
 */
export const MAX_RANGE_IDS = 400;

/** How to read a set of keys: whole key ranges and single keys. */
export interface IKeyedReadPlan {
  ranges: IDBKeyRange[];
  keys: string[];
}

/**
 * Plan reads of `ids`: one `get` per record is slow for thousands of
 * records (each is its own request), so runs of neighbouring ids (in key
 * order) are read as one key range when that range holds few records that
 * were not asked for (at most `recordsPerId` per id asked; 1 when the range
 * must hold only the ids asked, all stored), as told by `count`, and serves
 * at most MAX_RANGE_IDS ids.
 */
export async function planKeyedReads(
  ids: readonly string[],
  count: (range: IDBKeyRange) => Promise<number>,
  recordsPerId = RANGE_RECORDS_PER_ID
): Promise<IKeyedReadPlan> {
  // The default sort compares UTF-16 code units, as IndexedDB orders string keys.
  const sorted = [...new Set(ids)].sort();
  const plan: IKeyedReadPlan = { ranges: [], keys: [] };
  const visit = async (start: number, end: number): Promise<void> => {
    const asked = end - start;
    if (asked <= SINGLE_GET_SPAN) {
      for (let i = start; i < end; i++) {
        plan.keys.push(sorted[i]);
      }
      return;
    }
    const middle = start + Math.floor(asked / 2);
    if (asked > MAX_RANGE_IDS) {
      await Promise.all([visit(start, middle), visit(middle, end)]);
      return;
    }
    const range = IDBKeyRange.bound(sorted[start], sorted[end - 1]);
    if ((await count(range)) <= asked * recordsPerId) {
      plan.ranges.push(range);
      return;
    }
    await Promise.all([visit(start, middle), visit(middle, end)]);
  };
  await visit(0, sorted.length);
  return plan;
}

/** The records of a plan by key (absent keys left out, extra keys possible). */
export async function readPlanned<T>(
  store: Pick<IKeyedStore<T>, 'get' | 'getAll'>,
  plan: IKeyedReadPlan,
  keyOf: (record: T) => string
): Promise<Map<string, T>> {
  const [spans, singles] = await Promise.all([
    Promise.all(plan.ranges.map(range => store.getAll(range))),
    Promise.all(plan.keys.map(key => store.get(key)))
  ]);
  const byKey = new Map<string, T>();
  for (const records of spans) {
    for (const record of records) {
      byKey.set(keyOf(record), record);
    }
  }
  singles.forEach((record, index) => {
    if (record !== undefined) {
      byKey.set(plan.keys[index], record);
    }
  });
  return byKey;
}

/**
 * The tombstones of `ids` (runs deleted for good), by id, read by key
 * ranges like the runs: a batch of 10,000 new ids costs a few requests.
 */
export async function readTombstones(
  store: IKeyedStore<IPurgedRun>,
  ids: readonly string[]
): Promise<Map<string, IPurgedRun>> {
  const plan = await planKeyedReads(ids, range => store.count(range));
  const byId = await readPlanned(store, plan, tombstone => tombstone.id);
  const asked = new Set(ids);
  for (const id of byId.keys()) {
    if (!asked.has(id)) {
      byId.delete(id);
    }
  }
  return byId;
}
