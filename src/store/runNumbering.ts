/**
 * Run numbers on the way in: an imported run keeps its number only when that
 * number is in range (1…MAX_RUN_NUMBER) and free in its experiment; any
 * other gets the next free number and keeps its own as provenance. So a
 * bundle cannot give an experiment a number no listing or count should ever
 * have to reach, nor two runs one number.
 */
import type { IDBPIndex, StoreNames } from 'idb';
import { isKeptRunNumber, MAX_RUN_NUMBER } from '../model/record/runNumbers';
import type { IPurgedRun, IRunRecord } from '../model/types';
import type { IExperimentSummary } from '../tokens';
import {
  BY_EXPERIMENT_NUMBER,
  BY_PURGED_EXPERIMENT_NUMBER,
  PURGED_RUNS_STORE,
  RUNS_STORE,
  type IRunlogDBSchema
} from './schema';

/** The runs store's experiment/number index, inside any transaction. */
export type NumberIndex = IDBPIndex<
  IRunlogDBSchema,
  ArrayLike<StoreNames<IRunlogDBSchema>>,
  typeof RUNS_STORE,
  typeof BY_EXPERIMENT_NUMBER,
  IDBTransactionMode
>;

/** The purged_runs store's experiment/number index, inside any transaction. */
export type PurgedNumberIndex = IDBPIndex<
  IRunlogDBSchema,
  ArrayLike<StoreNames<IRunlogDBSchema>>,
  typeof PURGED_RUNS_STORE,
  typeof BY_PURGED_EXPERIMENT_NUMBER,
  IDBTransactionMode
>;

/** The keys of an experiment's runs numbered `low`…`high`. */
function numbersBetween(
  experimentId: string,
  low: number,
  high: number
): IDBKeyRange {
  return IDBKeyRange.bound([experimentId, low], [experimentId, high]);
}

/** Numbers up to this one stay exact when one is added. */
const SAFE_TOP = Number.MAX_SAFE_INTEGER - 1;

/** The highest number ≤ `top` a stored run of the experiment has, or 0. */
async function highestBelow(
  index: NumberIndex,
  experimentId: string,
  top: number
): Promise<number> {
  const cursor = await index.openKeyCursor(
    numbersBetween(experimentId, 1, top),
    'prev'
  );
  return cursor ? Number(cursor.key[1]) : 0;
}

/** The highest in-range number a stored run of the experiment has, or 0. */
export function highestKeptNumber(
  index: NumberIndex,
  experimentId: string
): Promise<number> {
  return highestBelow(index, experimentId, MAX_RUN_NUMBER);
}

/**
 * Bring experiment summaries whose `last_number` is out of range (written
 * before numbers were bounded, e.g. 1e21, where adding one changes nothing)
 * back to their highest in-range number, so the next run numbered from it
 * gets a number in range. Only when a run holds the top number of the range
 * does numbering go on above it, from the highest exact number stored.
 */
export async function boundLastNumbers(
  index: NumberIndex,
  experiments: Map<string, IExperimentSummary>
): Promise<void> {
  await Promise.all(
    [...experiments.values()]
      .filter(experiment => !(experiment.last_number <= MAX_RUN_NUMBER))
      .map(async experiment => {
        const highest = await highestKeptNumber(index, experiment.id);
        experiment.last_number =
          highest < MAX_RUN_NUMBER
            ? highest
            : await highestBelow(index, experiment.id, SAFE_TOP);
      })
  );
}

/** The highest in-range number of a run of the experiment deleted for good, or 0. */
async function highestPurged(
  index: PurgedNumberIndex,
  experimentId: string
): Promise<number> {
  const cursor = await index.openKeyCursor(
    numbersBetween(experimentId, 1, MAX_RUN_NUMBER),
    'prev'
  );
  return cursor ? Number(cursor.key[1]) : 0;
}

/**
 * Raise `last_number` of the `experiments` to the highest number of their
 * runs deleted for good, so that number is never given again, even if the
 * summary was written by code that did not know of tombstones.
 */
export async function raiseToPurgedNumbers(
  index: PurgedNumberIndex,
  experiments: Map<string, IExperimentSummary>
): Promise<void> {
  await Promise.all(
    [...experiments.values()].map(async experiment => {
      const highest = await highestPurged(index, experiment.id);
      if (highest > experiment.last_number) {
        experiment.last_number = highest;
      }
    })
  );
}

/** Tombstones to keep numbers from: their index, and those of the runs asked. */
export interface IPurgedNumbers {
  index: PurgedNumberIndex;
  /** Tombstones of the incoming ids: a run may have its own number back. */
  own: ReadonlyMap<string, IPurgedRun>;
}

/**
 * The numbers runs new to the store are written with, in order: each keeps
 * its number when that is in range and held neither by a stored run of its
 * experiment (which, its id being new, is another run), nor by another run
 * deleted for good (`purged`), nor by an earlier run of `runs`; the others get the next free numbers, after the highest in use,
 * and those that had a number keep it as `origin.original_number`. A run
 * numbered 0 (the store's "next number") gets one without provenance.
 *
 * `experiments` holds the stored summaries of the experiments involved;
 * out-of-range `last_number`s are corrected in place.
 */
export async function numberNewRuns(
  index: NumberIndex,
  runs: readonly IRunRecord[],
  experiments: Map<string, IExperimentSummary>,
  purged?: IPurgedNumbers
): Promise<IRunRecord[]> {
  await boundLastNumbers(index, experiments);
  if (purged) {
    await raiseToPurgedNumbers(purged.index, experiments);
  }
  const byExperiment = new Map<string, number[]>();
  runs.forEach((run, position) => {
    const positions = byExperiment.get(run.experiment.id);
    if (positions) {
      positions.push(position);
    } else {
      byExperiment.set(run.experiment.id, [position]);
    }
  });
  const numbered = [...runs];
  await Promise.all(
    [...byExperiment].map(async ([experimentId, positions]) => {
      const numbers = await numbersFor(
        index,
        experimentId,
        positions.map(position => runs[position].number),
        experiments.get(experimentId)?.last_number ?? 0,
        purged && {
          index: purged.index,
          own: positions.map(position => {
            const tombstone = purged.own.get(runs[position].id);
            return tombstone?.experiment_id === experimentId
              ? tombstone.number
              : null;
          })
        }
      );
      positions.forEach((position, i) => {
        numbered[position] = renumbered(runs[position], numbers[i]);
      });
    })
  );
  return numbered;
}

/** The run with its number, keeping a different former one as provenance. */
function renumbered(run: IRunRecord, number: number): IRunRecord {
  if (number === run.number) {
    return run;
  }
  const had = run.number;
  const provenance =
    run.origin && typeof had === 'number' && Number.isInteger(had) && had >= 1;
  return provenance
    ? { ...run, number, origin: { ...run.origin!, original_number: had } }
    : { ...run, number };
}

/** The numbers, in order, of new runs of one experiment that asked for `wanted`. */
async function numbersFor(
  index: NumberIndex,
  experimentId: string,
  wanted: readonly number[],
  lastNumber: number,
  purged?: { index: PurgedNumberIndex; own: readonly (number | null)[] }
): Promise<number[]> {
  const highestStored = Math.max(
    await highestKeptNumber(index, experimentId),
    isKeptRunNumber(lastNumber) ? lastNumber : 0,
    purged ? await highestPurged(purged.index, experimentId) : 0
  );
  // Only numbers up to the highest stored one can be held by a stored run.
  const toCheck = [
    ...new Set(wanted.filter(n => isKeptRunNumber(n) && n <= highestStored))
  ];
  const keys = toCheck.map(n => numbersBetween(experimentId, n, n));
  const [counts, purgedCounts] = await Promise.all([
    Promise.all(keys.map(key => index.count(key))),
    Promise.all(keys.map(key => purged?.index.count(key) ?? 0))
  ]);
  const stored = new Set(toCheck.filter((_, i) => counts[i] > 0));
  // A number a run deleted for good had stays taken, but for that run.
  const purgedAt = new Map(toCheck.map((n, i) => [n, purgedCounts[i]]));
  const heldByPurged = (n: number, position: number): boolean =>
    (purgedAt.get(n) ?? 0) - (purged?.own[position] === n ? 1 : 0) > 0;
  const used = new Set<number>();
  const kept = wanted.map((n, position) => {
    if (
      isKeptRunNumber(n) &&
      !stored.has(n) &&
      !heldByPurged(n, position) &&
      !used.has(n)
    ) {
      used.add(n);
      return n;
    }
    return 0;
  });
  const needed = kept.filter(n => n === 0).length;
  let next = highestStored + 1;
  for (const n of used) {
    next = Math.max(next, n + 1);
  }
  const given =
    next + needed - 1 <= MAX_RUN_NUMBER
      ? Array.from({ length: needed }, (_, i) => next + i)
      : await lowestFree(index, experimentId, used, needed);
  let taken = 0;
  return kept.map(n => (n !== 0 ? n : given[taken++]));
}

/**
 * The `count` lowest numbers held neither by a stored run of the experiment
 * nor in `used`. Reads every stored number of the experiment, so it is only
 * asked when numbers at the very top of the range are in use.
 */
async function lowestFree(
  index: NumberIndex,
  experimentId: string,
  used: ReadonlySet<number>,
  count: number
): Promise<number[]> {
  const held = new Set(used);
  let cursor = await index.openKeyCursor(
    numbersBetween(experimentId, 1, MAX_RUN_NUMBER)
  );
  while (cursor) {
    held.add(Number(cursor.key[1]));
    cursor = await cursor.continue();
  }
  const free: number[] = [];
  for (let n = 1; free.length < count && n <= MAX_RUN_NUMBER; n++) {
    if (!held.has(n)) {
      free.push(n);
    }
  }
  return free;
}
