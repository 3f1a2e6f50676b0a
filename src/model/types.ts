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
  [key: string]: JSONValue | undefined;
}

export interface IRunAnnotations {
  note: string;
  tags: string[];
  starred: boolean;
}

export interface IExperimentRef {
  /** The notebook's stable id (notebook metadata `runlog.notebook_id`). */
  id: string;
  name: string;
}

/** Where an imported run came from (absent on runs captured here). */
export interface IRunOrigin {
  kind: 'bundle' | 'papermill';
  /** The imported file's path (contents API) or name (dropped/uploaded). */
  file: string;
  /** ISO 8601 time of the import. */
  imported_at: string;
  /** Who exported the bundle (its `exported_by.user`), when known. */
  exported_by?: string;
  /** The bundle's `exported_at`, or papermill's end time. */
  exported_at?: string;
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
  /** Set when the run closed before every tracked cell ran: the ids it skipped. */
  partial?: { skipped_cells: string[] };
  /** Why the run ended as failed or interrupted, in a sentence. */
  status_reason?: string;
  /** Present on imported runs only. */
  origin?: IRunOrigin;
  /** ISO 8601 time of the last write; the store's change order. */
  updated_at: string;
}
