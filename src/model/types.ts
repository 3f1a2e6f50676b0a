/**
 * Record shapes shared by the model, the store and the views.
 *
 * These mirror the public bundle core in docs/bundle-format.md and the run
 * record JSON Schema in docs/schema/run-record.schema.json: change them only
 * together with a store migration.
 */

/** A JSON value as stored in a run record. */
export type JSONValue =
  null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

export type RunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

/** How a parameter's value was obtained. */
export type ParamOrigin = 'kernel' | 'source';

export interface IParamRecord {
  /** The value as JSON; `null` when it could not be represented. */
  value: JSONValue;
  /** The right-hand side as the user wrote it. */
  source: string;
  /** Type name: the kernel's (`int`, `DataFrame`, ...) or one inferred from source. */
  type: string;
  /** Where `value` came from. */
  origin?: ParamOrigin;
  /** False when the value is not JSON-representable (e.g. an object); value is then null. */
  exact?: boolean;
  /**
   * Set when the value looked like a secret and was removed before storing
   * or exporting: `value` is then null and `source` is REDACTED_SOURCE.
   */
  redacted?: true;
}

export interface IMetricRecord {
  /** The scalar, or the last value of the series. */
  value: number;
  /** `[step, value]` pairs, present only for metrics logged over steps. */
  series?: [number, number][];
}

/** The outcome of one cell execution as the capture layer classifies it. */
export type CellStatus = 'ok' | 'error' | 'interrupted';

/** A captured nbformat output (kept as plain JSON). */
export type ICapturedOutput = { [key: string]: JSONValue };

export interface ICellRecord {
  cell_id: string;
  /** `parameters` or `tracked`. */
  role: CellRole;
  source: string;
  outputs: ICapturedOutput[];
  status: CellStatus;
  execution_count: number | null;
  /** ISO 8601 time the kernel began executing the cell, when known. */
  started_at?: string;
  duration_ms: number | null;
}

export type CellRole = 'parameters' | 'tracked';

export interface IRunContext {
  kernel: {
    name: string;
    language: string;
    language_version?: string;
    display_name?: string;
  };
  /** The JupyterLab user (identity name), when known. */
  user?: string;
  /** Versions of the packages the notebook imports (and the kernel loaded), by distribution name. */
  packages?: { [name: string]: string };
  /** The git commit of the kernel's working folder when it is in a repository. */
  git?: IRunGit;
  /** Seed-like parameters and seeding calls in the run's code. */
  seeds?: IRunSeeds;
  /** What the kernel used while the run's cells executed (Python kernels). */
  resources?: IRunResources;
  /** Fingerprints of the files named by string parameters, by parameter name. */
  files?: { [param: string]: IFileFingerprint };
  [key: string]: JSONValue | undefined;
}

export type IRunGit = {
  /** Full commit hash of HEAD. */
  commit: string;
  /** Checked-out branch; null on a detached HEAD. */
  branch: string | null;
  /** Whether tracked files differ from the commit (untracked files do not count). */
  dirty: boolean;
};

export type IRunSeeds = {
  /** Parameters named like seeds (`seed`, `random_state`, ...) and their values. */
  params: { [name: string]: JSONValue };
  /** Seeding calls as written (`torch.manual_seed(42)`), in code order. */
  calls: string[];
};

export type IRunResources = {
  /** CPU seconds the kernel process used while the run's cells executed. */
  cpu_seconds: number;
  /** Seconds the run's cells took to execute, summed. */
  wall_seconds: number;
  /** Peak resident memory of the kernel process in bytes; null when unknown. */
  peak_rss_bytes: number | null;
  /**
   * `run`: the peak while the run's cells executed (Linux); `process`: the
   * peak since the kernel started (where a per-run peak cannot be measured).
   */
  peak_rss_scope: 'run' | 'process';
  /** Peak GPU memory allocated while the run's cells executed (PyTorch CUDA), per device. */
  gpu: { device: number; name: string; peak_bytes: number }[];
  /** How many of the run's cell executions were measured. */
  cells_measured: number;
};

export type IFileFingerprint = {
  /** The absolute path the kernel resolved. */
  path: string;
  kind: 'file' | 'directory';
  /** Bytes (files); 0 for directories. */
  size: number;
  /** ISO 8601 modification time. */
  mtime: string;
  /** SHA-256 (hex) of the content; null for directories and files over the hashing limit. */
  sha256: string | null;
};

export interface IRunAnnotations {
  note: string;
  tags: string[];
  starred: boolean;
}

/**
 * One change a user made to a run: its annotations, or its place in the
 * trash (`deleted`: false → true when moved to the trash, true → false when
 * restored; `purged`: false → true when deleted for good, kept in the
 * run's tombstone).
 */
export type IRunChange = {
  /** ISO 8601 time of the change. */
  at: string;
  /** The JupyterLab user who made it, when known. */
  user: string | null;
  field: 'note' | 'tags' | 'starred' | 'deleted' | 'purged';
  from: JSONValue;
  to: JSONValue;
};

/** Set while a run is in the trash. */
export type IRunDeletion = {
  /** ISO 8601 time it was moved to the trash. */
  at: string;
  /** The JupyterLab user who did it, when known. */
  user: string | null;
};

/** An alert rule that fired on a run (each rule fires once per run). */
export type IRunAlert = {
  /** The rule as written in the `alerts` setting. */
  rule: string;
  /** ISO 8601 time it fired. */
  at: string;
  /** What the rule tested: a metric name, `status` or `run.duration`. */
  subject: string;
  /** The value that matched (a metric value, the status, seconds). */
  value: number | string | null;
  /** The step of the series point that matched, when it was one. */
  step: number | null;
};

/**
 * What is left of a run deleted for good: its number stays taken in its
 * experiment, and its history says who deleted it when.
 */
export interface IPurgedRun {
  id: string;
  experiment_id: string;
  number: number;
  /** ISO 8601 time it was deleted for good, and by whom. */
  purged_at: string;
  user: string | null;
  /** The run's history, the `purged` entry last. */
  history: IRunChange[];
  /** The MLflow run it was pulled from, so a later pull leaves it out. */
  mlflow_run_id?: string;
}

export interface IExperimentRef {
  /** The notebook's stable id (notebook metadata `runlog.notebook_id`). */
  id: string;
  name: string;
}

/** Where an imported run came from (absent on runs captured here). */
export interface IRunOrigin {
  /** `mlflow`: pulled from an MLflow tracking server (never pushed back). */
  kind: 'bundle' | 'papermill' | 'mlflow';
  /**
   * The imported file's path (contents API) or name (dropped/uploaded); for
   * `mlflow`, the tracking server's host.
   */
  file: string;
  /** ISO 8601 time of the import. */
  imported_at: string;
  /** Who exported the bundle (its `exported_by.user`), when known. */
  exported_by?: string;
  /** The bundle's `exported_at`, or papermill's end time. */
  exported_at?: string;
  /**
   * The number the run had in the bundle, when the import gave it another:
   * that number was out of range or held by another run of its experiment.
   */
  original_number?: number;
  /** The MLflow run this run was pulled from (`mlflow` only). */
  mlflow_run_id?: string;
  /** Link to that run in the MLflow UI, when the server knows one (`mlflow` only). */
  run_url?: string | null;
  /**
   * ISO 8601 time the run's metric histories were fetched from MLflow and
   * stored as series (`mlflow` only); absent until then.
   */
  histories_fetched_at?: string;
}

/** One run: a pass through the tracked cells of a notebook. */
export interface IRunRecord {
  id: string;
  /** 1-based within its experiment. */
  number: number;
  experiment: IExperimentRef;
  notebook_path: string;
  status: RunStatus;
  started_at: string;
  ended_at: string | null;
  duration_ms: number | null;
  params: { [name: string]: IParamRecord };
  metrics: { [name: string]: IMetricRecord };
  cells: ICellRecord[];
  context: IRunContext;
  annotations: IRunAnnotations;
  /** Changes made to `annotations` and `deleted`, oldest first (absent until the first). */
  history?: IRunChange[];
  /** Present while the run is in the trash. */
  deleted?: IRunDeletion;
  /** Alert rules that fired on this run, in firing order. */
  alerts?: IRunAlert[];
  /** Set when the run closed before every tracked cell ran: the ids it skipped. */
  partial?: { skipped_cells: string[] };
  /** Why the run ended as failed or interrupted, in a sentence. */
  status_reason?: string;
  /** Present on imported runs only. */
  origin?: IRunOrigin;
  /** ISO 8601 time of the last write; the store's change order. */
  updated_at: string;
}
