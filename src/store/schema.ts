/**
 * The IndexedDB layout of the run store and its migrations.
 *
 * The layout is a public format (docs/storage.md): every change bumps
 * DB_VERSION by appending a migration to MIGRATIONS, and adds a test that
 * fills the previous version and opens it with the current code.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction } from 'idb';
import type { ICellRecord, IPurgedRun, JSONValue } from '../model/types';
import type { IExperimentSummary, IRunSummary, IRunSyncState } from '../tokens';
import type { ITrashMark } from './trashMarks';

export const DB_NAME = 'jupyterlab-runlog';

/** Object store names. */
export const RUNS_STORE = 'runs';
export const RUN_CELLS_STORE = 'run_cells';
export const EXPERIMENTS_STORE = 'experiments';
export const META_STORE = 'meta';
/** Since version 2: which experiment a notebook without an id joins, per path. */
export const NOTEBOOK_CLAIMS_STORE = 'notebook_claims';
/** Since version 3: where each run stands with MLflow (src/store/syncStates.ts). */
export const SYNC_STATES_STORE = 'sync_states';
/** Since version 3: marks of the MLflow sync (reconcile watermark, pull marks). */
export const SYNC_META_STORE = 'sync_meta';

/** Since version 4: tombstones of runs deleted for good (IPurgedRun). */
export const PURGED_RUNS_STORE = 'purged_runs';
/**
 * Since version 4: one small record per run ever moved to the trash
 * (ITrashMark): its trash state and trash history, kept out of the run
 * record so a move never rewrites the run.
 */
export const TRASH_MARKS_STORE = 'trash_marks';

/** Index names on the `runs` store. */
export const BY_EXPERIMENT_NUMBER = 'by_experiment_number';
export const BY_EXPERIMENT = 'by_experiment';
export const BY_STATUS = 'by_status';
export const BY_UPDATED = 'by_updated';
/**
 * Index name on the `trash_marks` store (since version 4): marks of runs in
 * the trash by experiment and number. Its key path ends with `deleted.at`,
 * which only marks of runs in the trash have, so the index holds them
 * alone: the trash is listed and counted without reading live runs, and
 * live runs are counted as all minus these.
 */
export const BY_TRASH = 'by_trash';
/**
 * Index name on the `trash_marks` store (since version 4): marks by the
 * time of the run's last move, so the MLflow sync's reconcile finds runs
 * moved since its watermark although their records were not written.
 */
export const BY_MOVED = 'by_moved';

/**
 * Index name on the `purged_runs` store (since version 4): tombstones by
 * experiment and number, for an experiment's list and its highest number.
 */
export const BY_PURGED_EXPERIMENT_NUMBER = 'by_experiment_number';

/** Index name on the `experiments` store (since version 2). */
export const BY_NOTEBOOK_PATH = 'by_notebook_path';

/** Index name on the `sync_states` store (since version 3). */
export const BY_SYNC_STATE = 'state';

/** The cells of one run, kept apart from the summary so listing never reads outputs. */
export interface IRunCells {
  run_id: string;
  cells: ICellRecord[];
}

/**
 * The experiment the first capture of a notebook without an id at
 * `notebook_path` was given: every tab that captures such a first run asks
 * the store, which decides once (src/store/notebookClaims.ts).
 */
export interface INotebookClaim {
  notebook_path: string;
  experiment_id: string;
  /** ISO 8601 time of the claim. */
  claimed_at: string;
}

/** The current layout, for idb's typed access. */
export interface IRunlogDBSchema extends DBSchema {
  runs: {
    key: string;
    value: IRunSummary;
    indexes: {
      by_experiment_number: [string, number];
      by_experiment: string;
      by_status: string;
      by_updated: string;
    };
  };
  run_cells: { key: string; value: IRunCells };
  experiments: {
    key: string;
    value: IExperimentSummary;
    indexes: { by_notebook_path: string };
  };
  meta: { key: string; value: JSONValue };
  notebook_claims: { key: string; value: INotebookClaim };
  sync_states: {
    key: string;
    value: IRunSyncState;
    indexes: { state: string };
  };
  sync_meta: { key: string; value: JSONValue };
  purged_runs: {
    key: string;
    value: IPurgedRun;
    indexes: { by_experiment_number: [string, number] };
  };
  trash_marks: {
    key: string;
    value: ITrashMark;
    indexes: { by_trash: [string, number, string]; by_moved: string };
  };
}

/** A database at any historical version: migrations must not assume today's types. */
export type UntypedDatabase = IDBPDatabase<unknown>;
export type UpgradeTransaction = IDBPTransaction<
  unknown,
  string[],
  'versionchange'
>;

/** Brings a database from version `index` to `index + 1`. */
export type Migration = (db: UntypedDatabase, tx: UpgradeTransaction) => void;

/**
 * Ordered migrations: MIGRATIONS[0] creates version 1, MIGRATIONS[1] would
 * turn version 1 into version 2, and so on. Append only; never edit a
 * migration that has shipped.
 */
export const MIGRATIONS: readonly Migration[] = [
  // Version 1: runs (summaries), run_cells, experiments, meta.
  db => {
    const runs = db.createObjectStore(RUNS_STORE, { keyPath: 'id' });
    runs.createIndex(BY_EXPERIMENT_NUMBER, ['experiment.id', 'number'], {
      unique: false
    });
    runs.createIndex(BY_EXPERIMENT, 'experiment.id');
    runs.createIndex(BY_STATUS, 'status');
    runs.createIndex(BY_UPDATED, 'updated_at');
    db.createObjectStore(RUN_CELLS_STORE, { keyPath: 'run_id' });
    db.createObjectStore(EXPERIMENTS_STORE, { keyPath: 'id' });
    // Out-of-line keys: small flags such as whether persistence was requested.
    db.createObjectStore(META_STORE);
  },
  // Version 2: notebook_claims, and experiments by notebook path, so that
  // tabs capturing a notebook's first runs at once agree on one experiment.
  (db, tx) => {
    db.createObjectStore(NOTEBOOK_CLAIMS_STORE, { keyPath: 'notebook_path' });
    tx.objectStore(EXPERIMENTS_STORE).createIndex(
      BY_NOTEBOOK_PATH,
      'notebook_path'
    );
  },
  // Version 3: the MLflow sync's durable outbox. Kept apart from `runs` so
  // a push never rewrites a run record (and never bumps its updated_at).
  db => {
    const states = db.createObjectStore(SYNC_STATES_STORE, {
      keyPath: 'run_id'
    });
    states.createIndex(BY_SYNC_STATE, 'state');
    // Out-of-line keys, like `meta`.
    db.createObjectStore(SYNC_META_STORE);
  },
  // Version 4: the trash. A run in it keeps its record untouched; its trash
  // state is a small mark apart, and an index holds the marks of runs in
  // the trash alone. Runs deleted for good leave a tombstone, so their
  // numbers are never given again and the purge stays on record.
  db => {
    const marks = db.createObjectStore(TRASH_MARKS_STORE, {
      keyPath: 'run_id'
    });
    marks.createIndex(BY_TRASH, ['experiment_id', 'number', 'deleted.at'], {
      unique: false
    });
    marks.createIndex(BY_MOVED, 'moved_at', { unique: false });
    const purged = db.createObjectStore(PURGED_RUNS_STORE, { keyPath: 'id' });
    purged.createIndex(BY_PURGED_EXPERIMENT_NUMBER, [
      'experiment_id',
      'number'
    ]);
  }
];

/** The schema version this code writes. */
export const DB_VERSION = MIGRATIONS.length;

/**
 * The `upgradeneeded` handler: applies, in order, every migration between the
 * stored version and the requested one.
 */
export function upgradeDatabase(
  db: UntypedDatabase,
  oldVersion: number,
  newVersion: number | null,
  tx: UpgradeTransaction,
  migrations: readonly Migration[] = MIGRATIONS
): void {
  const target = Math.min(newVersion ?? migrations.length, migrations.length);
  for (let version = oldVersion; version < target; version++) {
    migrations[version](db, tx);
  }
}
