/**
 * Trash marks: a run's trash state and trash history live in a small record
 * of their own (TRASH_MARKS_STORE), not in the run record, so moving 10,000
 * runs to the trash writes 10,000 small records instead of rewriting their
 * summaries. Every read that hands out a run merges its mark back in.
 */
import { MAX_HISTORY } from '../model/record/runRecordShape';
import type { IRunChange, IRunRecord } from '../model/types';
import { planKeyedReads, readPlanned, type IKeyedStore } from './queries';
import { trashMoveEntry } from './trash';

type Summary = Omit<IRunRecord, 'cells'>;

/** One run's trash state, kept apart from its record (since version 4). */
export interface ITrashMark {
  run_id: string;
  experiment_id: string;
  number: number;
  /** Present while the run is in the trash. */
  deleted?: { at: string; user: string | null };
  /** When the run last went into or out of the trash (ISO 8601). */
  moved_at: string;
  /** The run's moves in and out of the trash, oldest first. */
  history: IRunChange[];
}

/** The marks of `ids` by run id (others absent), read by key ranges. */
export async function readMarks(
  store: IKeyedStore<ITrashMark>,
  ids: readonly string[]
): Promise<Map<string, ITrashMark>> {
  if (ids.length === 0) {
    return new Map();
  }
  const plan = await planKeyedReads(ids, range => store.count(range));
  return readPlanned(store, plan, mark => mark.run_id);
}

/** Time order of two ISO 8601 times (unparsable ones by text). */
function compareTimes(a: string, b: string): number {
  // Times written here all have toISOString's one form, which sorts as
  // text; parsing 10,000 pairs per move would cost more than the move.
  if (a.length === b.length && a.endsWith('Z') && b.endsWith('Z')) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return Number.isNaN(ta) || Number.isNaN(tb) ? a.localeCompare(b) : ta - tb;
}

const entryKey = (entry: IRunChange) => JSON.stringify(entry);

/**
 * The record's history and the mark's entries in one list by time, oldest
 * first (the record's entry first at equal times), the same entry once (an
 * imported run may carry its trash entries in both), the newest
 * MAX_HISTORY kept. Both lists are oldest first already: one merging pass.
 */
export function mergeHistories(
  record: readonly IRunChange[] | undefined,
  mark: readonly IRunChange[]
): IRunChange[] {
  const own = record ?? [];
  let extra = mark;
  const imported = own.filter(entry => entry.field === 'deleted');
  if (imported.length > 0) {
    const seen = new Set(imported.map(entryKey));
    extra = mark.filter(entry => !seen.has(entryKey(entry)));
  }
  const merged: IRunChange[] = [];
  let i = 0;
  let j = 0;
  while (i < own.length && j < extra.length) {
    merged.push(
      compareTimes(extra[j].at, own[i].at) < 0 ? extra[j++] : own[i++]
    );
  }
  merged.push(...own.slice(i), ...extra.slice(j));
  return merged.length > MAX_HISTORY ? merged.slice(-MAX_HISTORY) : merged;
}

/**
 * The run as a reader sees it: `deleted` from its mark, histories merged,
 * `updated_at` the later of the record's and the last move's. The record
 * as it is when there is no mark.
 */
export function withMark<T extends Summary>(
  run: T,
  mark: ITrashMark | undefined
): T {
  if (!mark) {
    return run;
  }
  const { deleted: _stored, ...rest } = run;
  const merged = { ...rest } as T;
  if (mark.history.length > 0) {
    merged.history = mergeHistories(run.history, mark.history);
  }
  if (mark.deleted) {
    merged.deleted = mark.deleted;
  }
  if (compareTimes(mark.moved_at, run.updated_at) > 0) {
    merged.updated_at = mark.moved_at;
  }
  return merged;
}

/** Each run merged with its mark, read from `store`. */
export async function withMarks<T extends Summary>(
  store: IKeyedStore<ITrashMark>,
  runs: readonly T[]
): Promise<T[]> {
  const marks = await readMarks(
    store,
    runs.map(run => run.id)
  );
  return runs.map(run => withMark(run, marks.get(run.id)));
}

/**
 * The mark after moving `run` (as merged) into (`deleted` true) or out of
 * the trash by `user` at `at`; null when it is there already.
 */
export function movedMark(
  run: Summary,
  mark: ITrashMark | undefined,
  deleted: boolean,
  user: string | null,
  at: string
): ITrashMark | null {
  const inTrash = mark?.deleted !== undefined;
  if (inTrash === deleted) {
    return null;
  }
  const entry = trashMoveEntry(deleted, user, at);
  const moved: ITrashMark = {
    run_id: run.id,
    experiment_id: run.experiment.id,
    number: run.number,
    moved_at: at,
    history: [...(mark?.history ?? []), entry].slice(-MAX_HISTORY)
  };
  if (deleted) {
    moved.deleted = { at, user };
  }
  return moved;
}

/**
 * A run about to be written split into its record (without `deleted`) and
 * the mark it needs: a new one when it comes in the trash (an import of a
 * bundle exported from the trash), the stored one moved along when the
 * run's experiment or number changed, else none.
 */
export function splitTrash<T extends Summary>(
  run: T,
  stored: ITrashMark | undefined
): { record: T; mark?: ITrashMark } {
  const { deleted, ...rest } = run;
  const record = rest as T;
  if (stored) {
    const moved =
      stored.experiment_id !== run.experiment.id ||
      stored.number !== run.number;
    return moved
      ? {
          record,
          mark: {
            ...stored,
            experiment_id: run.experiment.id,
            number: run.number
          }
        }
      : { record };
  }
  if (deleted === undefined) {
    return { record };
  }
  return {
    record,
    mark: {
      run_id: run.id,
      experiment_id: run.experiment.id,
      number: run.number,
      deleted,
      moved_at: deleted.at,
      history: []
    }
  };
}
