import { Token } from '@lumino/coreutils';
import { IDisposable } from '@lumino/disposable';
import { ISignal } from '@lumino/signaling';
import type { IOutputLimits } from './model/record/outputs';
import type { IRedactionOptions } from './model/redaction/redaction';
import type {
  IExperimentRef,
  IPurgedRun,
  IRunAlert,
  IRunAnnotations,
  IRunRecord
} from './model/types';

export type * from './model/types';

/** A run as listed: the record without its cells (code and outputs). */
export type IRunSummary = Omit<IRunRecord, 'cells'>;

/** What the store knows about one experiment (one notebook's runs). */
export interface IExperimentSummary extends IExperimentRef {
  /** Last known notebook path. */
  notebook_path: string;
  /**
   * Number of live runs (runs in the trash left out), and the highest run
   * number handed out (runs deleted for good included: never given again).
   */
  run_count: number;
  last_number: number;
  /** ISO 8601 time of the latest run start. */
  last_run_at: string | null;
}

/**
 * The run store: persistent run records. Other extensions get read access and
 * change notifications through this token.
 */
export interface IRunStore extends IDisposable {
  /** Emitted after runs were written (from this tab or, via broadcast, another). */
  readonly changed: ISignal<IRunStore, IRunStore.IChange>;
  /** Emitted when writes fail (quota, blocked upgrade); runs stay queued in memory. */
  readonly writeFailed: ISignal<IRunStore, IRunStore.IWriteFailure>;
  /** Resolves once the database is open. */
  readonly ready: Promise<void>;

  /**
   * Queue a run record for writing. Writes are batched into one transaction and
   * happen off the caller's path; the promise resolves when the record is
   * durable. A record with `number` 0 gets the next number of its experiment.
   */
  put(run: IRunRecord): Promise<IRunSummary>;
  /** Resolve once every queued write is durable (or has failed). */
  flush(): Promise<void>;

  /**
   * Add runs from elsewhere (a bundle, executed notebooks) in one
   * transaction: all are written or, if it fails, none. Runs whose id is
   * stored already are not written; each is reported as identical or, when
   * `isSameRun` (default: same content apart from origin and write time)
   * says it differs, as conflicting. Aborting `signal` before the
   * transaction commits rejects with an AbortError, nothing written.
   */
  importRuns(
    runs: readonly IRunRecord[],
    options?: {
      isSameRun?: (incoming: IRunRecord, stored: IRunRecord) => boolean;
      signal?: AbortSignal;
      /** The fraction of the new runs handed to the database, 0…1. */
      onProgress?: (fraction: number) => void;
      /**
       * Leave out runs deleted for good here (a tombstone with their id):
       * a pull from MLflow must not bring them back. Reported as `purged`.
       */
      skipPurged?: boolean;
    }
  ): Promise<IRunStore.IImportResult>;

  /**
   * Change a run's note, tags or star in one transaction, appending one history
   * entry per field that changed (nothing is written when nothing changed).
   * Resolves with the run's summary as stored, or undefined for an unknown id.
   */
  annotateRun(
    runId: string,
    change: Partial<IRunAnnotations>,
    user?: string | null
  ): Promise<IRunSummary | undefined>;

  /**
   * Move runs to the trash in one transaction: each gets `deleted` and a
   * history entry. Unknown ids and runs in the trash already are left out.
   * Resolves with the summaries of the runs moved, as stored.
   */
  deleteRuns(
    runIds: readonly string[],
    user?: string | null
  ): Promise<IRunSummary[]>;
  /** Take runs out of the trash (the reverse of `deleteRuns`), one transaction. */
  restoreRuns(
    runIds: readonly string[],
    user?: string | null
  ): Promise<IRunSummary[]>;
  /**
   * Delete runs in the trash for good, one transaction: record and cells go,
   * a tombstone (IPurgedRun) stays so the number is never reused and the
   * purge is on record. Runs not in the trash are left alone. Resolves with
   * the tombstones written.
   */
  purgeRuns(
    runIds: readonly string[],
    user?: string | null
  ): Promise<IPurgedRun[]>;
  /** Tombstones of an experiment's runs deleted for good, newest first. */
  listPurged(experimentId: string): Promise<IPurgedRun[]>;
  /**
   * Record alert firings on a run, once per rule: alerts whose rule the run
   * has already are dropped. Resolves with the summary as stored (unchanged
   * when nothing was new), or undefined for an unknown id.
   */
  addAlerts(
    runId: string,
    alerts: readonly IRunAlert[]
  ): Promise<IRunSummary | undefined>;

  /** One run with its cells, or undefined. */
  getRun(id: string): Promise<IRunRecord | undefined>;
  /** Runs with their cells, in the order asked; unknown ids are left out. */
  getRuns(ids: readonly string[]): Promise<IRunRecord[]>;
  /**
   * Runs of an experiment without their cells, newest (highest number) first.
   * `limit` bounds the count so a view can paint its first page early.
   * Runs in the trash are left out, unless `trash` is true: then only they
   * are listed.
   */
  listRuns(
    experimentId: string,
    options?: { limit?: number; trash?: boolean }
  ): Promise<IRunSummary[]>;
  /** Number of runs of an experiment (in the trash when `trash` is true). */
  countRuns(
    experimentId: string,
    options?: { trash?: boolean }
  ): Promise<number>;
  /** Every experiment the store has runs for. */
  listExperiments(): Promise<IExperimentSummary[]>;
  /**
   * Runs left `running` (e.g. the page closed mid-run), across experiments,
   * those in the trash included: they must still be closed.
   */
  listRunning(): Promise<IRunSummary[]>;

  /**
   * The experiment id that the first capture of a notebook without one, at
   * `notebookPath`, must use: decided once, atomically, for every tab, so
   * tabs capturing such first runs at once join one experiment. The first
   * claim of a path gets `candidateId`; later ones get the same id while it
   * is the path's experiment (see docs/storage.md).
   */
  claimExperiment(notebookPath: string, candidateId: string): Promise<string>;
}

export namespace IRunStore {
  export interface IImportResult {
    /** The runs written, as stored. */
    added: IRunSummary[];
    /** Ids already stored with the same content: nothing to do. */
    identical: string[];
    /** Ids stored with different content: the stored run was kept. */
    conflicting: string[];
    /** Ids left out because they were deleted for good here (`skipPurged`). */
    purged?: string[];
  }
  export interface IChange {
    experimentId: string;
    /**
     * The summaries as now stored. A run moved to the trash is here with
     * `deleted` set; views of live runs drop it, the trash view adds it.
     */
    runs: IRunSummary[];
    /** Ids of runs deleted for good (gone from the store). */
    removed?: string[];
  }
  export interface IWriteFailure {
    /** `quota`, `blocked` (another tab holds an older version) or `unknown`. */
    kind: 'quota' | 'blocked' | 'unknown';
    message: string;
    /** Runs waiting in memory for a retry. */
    pending: number;
  }
}

export const IRunStore = new Token<IRunStore>(
  'jupyterlab-runlog:IRunStore',
  'Read access to recorded runs and a signal of their changes.'
);

/** The recorder: captures executions of tagged cells into runs. */
export interface IRunRecorder {
  /** Whether capture is on (the `runlog:toggle-capture` command flips it). */
  readonly enabled: boolean;
  readonly enabledChanged: ISignal<IRunRecorder, boolean>;
  /** The tag names in force (from the settings). */
  readonly tags: IRunRecorder.ITags;
  readonly tagsChanged: ISignal<IRunRecorder, IRunRecorder.ITags>;
  /**
   * The capture settings in force (the `jupyterlab-runlog:capture` settings,
   * checked; the defaults until they are loaded). Imports and exports take
   * their redaction and output limits from here, so read it when needed.
   */
  readonly settings: IRunRecorder.ISettings;
  /** Emitted with the new settings each time they change. */
  readonly settingsChanged: ISignal<IRunRecorder, IRunRecorder.ISettings>;
  /**
   * Emitted with each run record capture hands to the store (redacted), in
   * the tab that captures it only: other tabs see the store's change.
   */
  readonly runCaptured: ISignal<IRunRecorder, IRunRecorder.ICapturedRun>;
  /** The run open in a notebook of this tab (redacted), or null. */
  openRunOf(notebook: object): IRunRecord | null;
}

export namespace IRunRecorder {
  export interface ITags {
    parameters: string;
    tracked: string;
  }

  export interface ISettings {
    enabled: boolean;
    tags: ITags;
    readParametersFromKernel: boolean;
    /** Read what a run used from the kernel when it ends (Python kernels). */
    recordEnvironment: boolean;
    /** Bounds on the outputs kept with a run (captured or imported). */
    limits: IOutputLimits;
    /** The global redaction setting; a notebook can turn it off for itself. */
    redaction: IRedactionOptions;
  }

  export interface ICapturedRun {
    /** The notebook widget (NotebookPanel.content) the run was captured in. */
    notebook: object;
    run: IRunRecord;
  }
}

export const IRunRecorder = new Token<IRunRecorder>(
  'jupyterlab-runlog:IRunRecorder',
  'Captures executions of tagged notebook cells as runs.'
);

/**
 * The Runs side panel, as other plugins use it: the runs selected in it and
 * the requests made from its run details.
 */
export interface IRunsPanel {
  /**
   * The notebook whose runs are shown (its experiment id is null until its
   * first capture), or null when no notebook is active.
   */
  readonly experiment: {
    readonly id: string | null;
    readonly name: string;
    readonly path: string;
  } | null;
  /** The selected run ids, in display order. */
  readonly selectedRunIds: readonly string[];
  /** Emitted with every selected id, in display order, when the selection changes. */
  readonly selectionChanged: ISignal<IRunsPanel, readonly string[]>;
  /** Whether the panel lists the runs in the trash (`runlog:show-trash`). */
  readonly trashShown?: boolean;
  /** Emitted with a run's id when the user asks to restore it (the details' Restore button). */
  readonly restoreRequested: ISignal<IRunsPanel, string>;
  /**
   * Show a run: focus its row (scrolled into view) and its details, keeping
   * the selection. Does nothing for a run that is not listed.
   */
  focusRun(runId: string): void;
}

export const IRunsPanel = new Token<IRunsPanel>(
  'jupyterlab-runlog:IRunsPanel',
  'The Runs side panel: the runs selected in it and requests to restore a run.'
);

/** Where one run stands with the MLflow tracking server (kept in the browser). */
export interface IRunSyncState {
  run_id: string;
  experiment_id: string;
  /**
   * `waiting`: a version of the run is not in MLflow yet (queued, retrying,
   * or MLflow unreachable); `synced`: MLflow has the run as last stored;
   * `failed`: MLflow refused it for a reason a retry will not fix.
   */
  state: 'waiting' | 'synced' | 'failed';
  /** The run's `updated_at` as last pushed successfully; null before. */
  pushed_updated_at: string | null;
  /** Whether the closed run's artifacts are in MLflow. */
  artifacts_pushed: boolean;
  /** The MLflow run, once a push created or found it. */
  mlflow: {
    run_id: string;
    experiment_id: string;
    run_url: string | null;
    tracking_uri: string;
  } | null;
  /** Whether the last successful push marked the MLflow run deleted (trash). */
  mlflow_deleted?: boolean;
  /**
   * Set once the run is deleted for good here: the state waits only to
   * deliver the MLflow run's delete, then goes.
   */
  purged?: boolean;
  /** Failed attempts since the last success (drives the back-off). */
  attempts: number;
  /** Epoch ms before which the run is not retried (waiting only), or null. */
  next_attempt_at: number | null;
  /** The last failure, as a sentence; null after a success. */
  error: string | null;
  /** ISO 8601 time this state was written. */
  updated_at: string;
}

/** Two-way sync with an MLflow tracking server, through the server extension. */
export interface IMlflowSync {
  /** What the status bar shows. */
  readonly status: IMlflowSync.IStatus;
  readonly statusChanged: ISignal<IMlflowSync, IMlflowSync.IStatus>;
  /** Emitted with the states that changed (pushes, failures, new waits). */
  readonly runStatesChanged: ISignal<IMlflowSync, readonly IRunSyncState[]>;
  /** The stored states of these runs (runs never queued are left out). */
  runStates(runIds: readonly string[]): Promise<Map<string, IRunSyncState>>;
  /** Retry every waiting and failed run now, ignoring the back-off. */
  syncNow(): Promise<void>;
  /**
   * Fetch runs of the experiment's MLflow experiment that are not in this
   * browser and add them as imported runs (origin `mlflow:HOST`).
   */
  pull(experimentId: string): Promise<IMlflowSync.IPullResult>;
  /**
   * Fetch the metric histories of those of these runs that were pulled from
   * MLflow without them (bounded: some metrics per run, the capture
   * setting's points per series) and store them as series, once. Other runs
   * are left alone, without a request. Resolves when the series are stored.
   */
  loadSeries(runIds: readonly string[]): Promise<IMlflowSync.ISeriesResult>;
}

export namespace IMlflowSync {
  export interface IStatus {
    /** The `enabled` setting. */
    enabled: boolean;
    /**
     * `off` (setting off), `unavailable` (no MLflow client or tracking URI on
     * the server; `message` says what to do), `idle`, `syncing`, `offline`
     * (the server or MLflow cannot be reached; runs wait).
     */
    phase: 'off' | 'unavailable' | 'idle' | 'syncing' | 'offline';
    /** Runs waiting to be pushed, and runs MLflow refused. */
    waiting: number;
    failed: number;
    /** The tracking URI in use (without credentials), when known. */
    trackingUri: string | null;
    /** A sentence for the user when something is wrong, else null. */
    message: string | null;
  }
  export interface IPullResult {
    /** Runs added to the store. */
    added: number;
    /** MLflow runs seen that were already here (ours or pulled before). */
    known: number;
    /** Runs left out with the reason, e.g. malformed data. */
    skipped: { mlflow_run_id: string; reason: string }[];
  }
  export interface ISeriesResult {
    /** Runs whose histories were fetched and stored now. */
    loaded: string[];
    /** Runs whose histories could not be fetched, with the reason; nothing stored for them. */
    failed: { run_id: string; reason: string }[];
  }
}

export const IMlflowSync = new Token<IMlflowSync>(
  'jupyterlab-runlog:IMlflowSync',
  'Sync of recorded runs with an MLflow tracking server: per-run states, retry and pull.'
);
