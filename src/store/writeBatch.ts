/**
 * Writing a batch of runs in one transaction: numbering, the summary/cells
 * split and the experiment summaries.
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import type { IRunRecord } from '../model/types';
import type { IExperimentSummary, IRunSummary } from '../tokens';
import { MAX_RUN_NUMBER } from '../model/record/runNumbers';
import { keepStoredAnnotations } from './annotations';
import { readTombstones } from './queries';
import { boundLastNumbers, raiseToPurgedNumbers } from './runNumbering';
import { readMarks, splitTrash, withMark } from './trashMarks';
import {
  BY_EXPERIMENT_NUMBER,
  BY_PURGED_EXPERIMENT_NUMBER,
  EXPERIMENTS_STORE,
  PURGED_RUNS_STORE,
  RUN_CELLS_STORE,
  RUNS_STORE,
  TRASH_MARKS_STORE,
  type IRunCells,
  type IRunlogDBSchema
} from './schema';

/** A run as it is stored: summary and cells apart. */
export interface IPlacedRun {
  summary: IRunSummary;
  cells: IRunCells;
}

/**
 * Decide a run's number and update the experiment summaries it affects.
 *
 * `previous` is the stored summary with the same id, if any; `experiments`
 * holds the stored summaries of the experiments involved and is updated in
 * place (missing ones are created).
 */
export function placeRun(
  run: IRunRecord,
  previous: IRunSummary | undefined,
  experiments: Map<string, IExperimentSummary>
): IPlacedRun {
  const { cells, ...fields } = run;
  const experimentId = run.experiment.id;
  const rewrite = previous?.experiment.id === experimentId;
  // `run_count` counts live runs: runs in the trash are left out.
  if (previous && previous.deleted === undefined) {
    // Counted again below if it is still live (in whatever experiment).
    const former = experiments.get(previous.experiment.id);
    if (former) {
      former.run_count = Math.max(0, former.run_count - 1);
    }
  }
  const experiment = experiments.get(experimentId) ?? {
    id: experimentId,
    name: run.experiment.name,
    notebook_path: run.notebook_path,
    run_count: 0,
    last_number: 0,
    last_run_at: null
  };
  let number = run.number;
  if (!isRunNumber(number)) {
    number =
      rewrite && previous && isRunNumber(previous.number)
        ? previous.number
        : experiment.last_number + 1;
  }
  // A kept number above the bound (written before numbers were bounded)
  // does not move the numbering there; a number handed out here always does.
  if (number <= MAX_RUN_NUMBER || number === experiment.last_number + 1) {
    experiment.last_number = Math.max(experiment.last_number, number);
  }
  if (run.deleted === undefined) {
    experiment.run_count += 1;
  }
  // Name and path follow the newest run, so rewriting an old run (an
  // annotation, an import) does not bring back a former name.
  if (
    experiment.last_run_at === null ||
    notEarlier(run.started_at, experiment.last_run_at)
  ) {
    experiment.name = run.experiment.name;
    experiment.notebook_path = run.notebook_path;
    experiment.last_run_at = run.started_at;
  }
  experiments.set(experimentId, experiment);
  return {
    summary: { ...fields, number },
    cells: { run_id: run.id, cells: cells ?? [] }
  };
}

/**
 * A readwrite transaction over runs, run_cells, experiments, purged_runs
 * and trash_marks.
 */
export type RunWriteTransaction = IDBPTransaction<
  IRunlogDBSchema,
  [
    typeof RUNS_STORE,
    typeof RUN_CELLS_STORE,
    typeof EXPERIMENTS_STORE,
    typeof PURGED_RUNS_STORE,
    typeof TRASH_MARKS_STORE
  ],
  'readwrite'
>;

/**
 * Run `work` in one readwrite transaction over runs, run_cells, experiments,
 * purged_runs and trash_marks. `work` pushes its write requests into `requests` and returns
 * its result; this resolves once they and the transaction are done, or
 * rejects after aborting the transaction, with nothing written.
 */
export async function inRunWriteTransaction<T>(
  db: IDBPDatabase<IRunlogDBSchema>,
  work: (tx: RunWriteTransaction, requests: Promise<unknown>[]) => Promise<T>
): Promise<T> {
  const tx = db.transaction(
    [
      RUNS_STORE,
      RUN_CELLS_STORE,
      EXPERIMENTS_STORE,
      PURGED_RUNS_STORE,
      TRASH_MARKS_STORE
    ],
    'readwrite'
  );
  const done = tx.done;
  // Failures are reported through the awaited path below.
  done.catch(() => undefined);
  const requests: Promise<unknown>[] = [];
  try {
    const result = await work(tx, requests);
    await Promise.all([...requests, done]);
    return result;
  } catch (error) {
    // Requests cut short by the abort reject too; that is expected.
    requests.forEach(request => request.catch(() => undefined));
    try {
      tx.abort();
    } catch {
      // Already finished or aborted by the browser.
    }
    throw error;
  }
}

/** What `writeBatch` did. */
export interface IWrittenBatch {
  /** The summaries, in the order of the runs given. */
  summaries: IRunSummary[];
  /** Ids deleted for good here (a tombstone): not written, nor to announce. */
  purged: ReadonlySet<string>;
}

/**
 * Write runs (in order: earlier ones get lower numbers) in one readwrite
 * transaction over runs, run_cells and experiments. A run stored already
 * keeps its stored annotations, history, trash state and alerts (they
 * change only through the store's own methods; the trash state stays in
 * its mark, and a new run that comes in the trash gets one). A run deleted for good is
 * not written again. Resolves with the stored
 * summaries once the transaction commits; rejects, with nothing written, if
 * it aborts (e.g. QuotaExceededError).
 */
export async function writeBatch(
  db: IDBPDatabase<IRunlogDBSchema>,
  runs: readonly IRunRecord[]
): Promise<IWrittenBatch> {
  return inRunWriteTransaction(db, async (tx, requests) => {
    const runStore = tx.objectStore(RUNS_STORE);
    const experimentStore = tx.objectStore(EXPERIMENTS_STORE);
    const purgedStore = tx.objectStore(PURGED_RUNS_STORE);
    const markStore = tx.objectStore(TRASH_MARKS_STORE);
    const [previous, tombstones, marks] = await Promise.all([
      Promise.all(runs.map(run => runStore.get(run.id))),
      readTombstones(
        purgedStore,
        runs.map(run => run.id)
      ),
      readMarks(
        markStore,
        runs.map(run => run.id)
      )
    ]);
    const purged = runs.map(run => tombstones.has(run.id));
    const experimentIds = new Set<string>();
    runs.forEach((run, index) => {
      experimentIds.add(run.experiment.id);
      const former = previous[index]?.experiment.id;
      if (former !== undefined) {
        experimentIds.add(former);
      }
    });
    const experiments = new Map<string, IExperimentSummary>();
    await Promise.all(
      [...experimentIds].map(async id => {
        const stored = await experimentStore.get(id);
        if (stored) {
          experiments.set(id, stored);
        }
      })
    );
    // Numbering continues from an in-range number, whatever older imports
    // left, and above the numbers of runs deleted for good.
    await boundLastNumbers(runStore.index(BY_EXPERIMENT_NUMBER), experiments);
    await raiseToPurgedNumbers(
      purgedStore.index(BY_PURGED_EXPERIMENT_NUMBER),
      experiments
    );
    const placed = runs.map((run, index) => {
      // The record keeps its own history; the trash state is the mark's.
      const mark = marks.get(run.id);
      const kept = keepStoredAnnotations(run, previous[index]);
      const stored = previous[index];
      return placeRun(
        mark?.deleted ? { ...kept, deleted: mark.deleted } : kept,
        stored && withMark(stored, mark),
        // A capture still rewriting a run deleted for good must not bring
        // it back: it is placed on a copy, and not written.
        purged[index] ? structuredCopy(experiments) : experiments
      );
    });
    const cellStore = tx.objectStore(RUN_CELLS_STORE);
    const summaries = placed.map(({ summary, cells }, index) => {
      const stored = marks.get(summary.id);
      const { record, mark } = splitTrash(summary, stored);
      if (!purged[index]) {
        requests.push(runStore.put(record));
        requests.push(cellStore.put(cells));
        if (mark) {
          requests.push(markStore.put(mark));
        }
      }
      return withMark(record, mark ?? stored);
    });
    for (const experiment of experiments.values()) {
      requests.push(experimentStore.put(experiment));
    }
    return {
      summaries,
      purged: new Set(runs.filter((_, i) => purged[i]).map(run => run.id))
    };
  });
}

/** Experiment summaries copied, so placing a run in them changes nothing. */
function structuredCopy(
  experiments: Map<string, IExperimentSummary>
): Map<string, IExperimentSummary> {
  return new Map(
    [...experiments].map(([id, experiment]) => [id, { ...experiment }])
  );
}

function isRunNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/** Whether ISO time `a` is the same as or later than `b`. */
function notEarlier(a: string, b: string): boolean {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return Number.isNaN(ta) || Number.isNaN(tb) ? a >= b : ta >= tb;
}
