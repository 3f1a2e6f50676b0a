/**
 * The messages the browser and the runlog server extension exchange about
 * MLflow (`/runlog/mlflow/*`, docs/mlflow-sync.md). Pure types: the mapping
 * in this folder builds them, the sync client sends them, and the Python
 * handlers (jupyterlab_runlog/mlflow_sync) check them again on arrival.
 */

/** MLflow's run statuses, as its REST API spells them. */
export type MlflowRunStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';

/** `GET /runlog/mlflow/status`. */
export interface IMlflowServerStatus {
  /** Whether the server can import the MLflow client. */
  available: boolean;
  /** What to install when it cannot, e.g. `pip install "jupyterlab_runlog[mlflow]"`. */
  install_hint: string | null;
  /** The client's version on the server, when available. */
  mlflow_version: string | null;
  /**
   * The tracking URIs the server allows, credentials removed. The browser
   * names one of these (the `trackingUri` setting); any other is refused.
   */
  tracking_uris: IMlflowTrackingUri[];
  /** The URI used when the setting is empty; null when the server has none. */
  default_uri: string | null;
}

export interface IMlflowTrackingUri {
  /** The URI as shown to users, without credentials. */
  uri: string;
  /** Base address of the MLflow UI for links (http(s) servers), or null. */
  ui_url: string | null;
}

/** One key/value pair, as MLflow's log-batch takes params and tags. */
export interface IMlflowKeyValue {
  key: string;
  value: string;
}

/** One metric point, as MLflow's log-batch takes it. */
export interface IMlflowMetricPoint {
  key: string;
  value: number;
  step: number;
  /** Epoch milliseconds. */
  timestamp: number;
}

/** A file to store under the MLflow run's artifacts. */
export interface IMlflowArtifact {
  /** Relative path, `/`-separated, e.g. `runlog/run.json`; no `..`, no leading `/`. */
  path: string;
  /** The file's content: text as is, binary as base64. */
  content: string;
  encoding: 'utf-8' | 'base64';
}

/** One runlog run as MLflow entities: the body of a push, per run. */
export interface IMlflowRunPayload {
  /** Our run id; also sent as the `runlog.run_id` tag, which finds the run again. */
  runlog_run_id: string;
  experiment: {
    /** MLflow experiment name (from the name template). */
    name: string;
    /** Our experiment id; set as the experiment's `runlog.experiment_id` tag. */
    runlog_experiment_id: string;
  };
  /** `#N notebook`. */
  run_name: string;
  status: MlflowRunStatus;
  /** Epoch milliseconds. */
  start_time: number;
  end_time: number | null;
  params: IMlflowKeyValue[];
  metrics: IMlflowMetricPoint[];
  /** The complete set of tags we own; each push overwrites them. */
  tags: IMlflowKeyValue[];
  /** Empty unless the run closed since the last push that carried artifacts. */
  artifacts: IMlflowArtifact[];
  /** The MLflow run an earlier push created, when known (skips the search by tag). */
  mlflow_run_id: string | null;
  /** A live run (not in the trash); restores its MLflow run if that is deleted. */
  deleted: false;
}

/**
 * A run in the trash, or deleted for good: its MLflow run is marked deleted
 * and nothing else is sent. The server never creates a run for it.
 */
export interface IMlflowRunDeletion {
  runlog_run_id: string;
  deleted: true;
  /** The MLflow run an earlier push created, when known. */
  mlflow_run_id: string | null;
  /**
   * The MLflow experiment to search for the run by its `runlog.run_id` tag
   * when `mlflow_run_id` does not find it; null: no search.
   */
  experiment_name: string | null;
}

/** `POST /runlog/mlflow/push` body. */
export interface IMlflowPushRequest {
  /** One of the status' `tracking_uris`, or "" for the default. */
  tracking_uri: string;
  runs: (IMlflowRunPayload | IMlflowRunDeletion)[];
}

/** The outcome for one run of a push. */
export type IMlflowPushResult =
  | {
      runlog_run_id: string;
      ok: true;
      /** Null only for a deletion of a run MLflow never had (nothing to delete). */
      mlflow_run_id: string | null;
      mlflow_experiment_id: string | null;
      /** Link to the run in the MLflow UI, when the server knows one. */
      run_url: string | null;
      /** Things logged partly (e.g. a param whose logged value cannot change). */
      warnings: string[];
    }
  | {
      runlog_run_id: string;
      ok: false;
      /** True for unreachable, slow, 429 and 5xx: the run waits and is retried. */
      retryable: boolean;
      /** A sentence for the user. */
      error: string;
    };

/** `POST /runlog/mlflow/push` answer (HTTP 200). */
export interface IMlflowPushResponse {
  results: IMlflowPushResult[];
}

/**
 * Error answers of every endpoint: HTTP 400 (malformed request), 403
 * (tracking URI not allowed), 404 (MLflow run not found), 503 (MLflow not
 * installed or unreachable: `retryable` true when unreachable).
 */
export interface IMlflowErrorResponse {
  message: string;
  retryable?: boolean;
}

/** One MLflow run as pull lists it (`GET /runlog/mlflow/runs`). Untrusted. */
export interface IMlflowRunData {
  run_id: string;
  run_name: string | null;
  experiment_id: string;
  status: string;
  start_time: number | null;
  end_time: number | null;
  /** Param values as MLflow strings. */
  params: { [key: string]: string };
  /** Latest value of each metric (and its step). */
  metrics: {
    [key: string]: { value: number; step: number; timestamp: number };
  };
  tags: { [key: string]: string };
  run_url: string | null;
}

/**
 * `GET /runlog/mlflow/runs?tracking_uri=&experiment_name=&updated_after=&page_token=&max_results=`
 * answer: oldest start first, at most `max_results` (≤ 1,000) per page. The
 * page token is opaque: with `updated_after` the server lists runs started
 * since then, then older runs that ended since then (docs/mlflow-sync.md).
 */
export interface IMlflowRunsPage {
  /** The MLflow experiment, or null when it does not exist (yet). */
  experiment: { id: string; name: string; url: string | null } | null;
  runs: IMlflowRunData[];
  next_page_token: string | null;
  /** The MLflow host the runs came from, for `origin: mlflow:HOST`. */
  host: string;
}

/** `GET /runlog/mlflow/metric-history?tracking_uri=&run_id=&key=` answer. */
export interface IMlflowMetricHistory {
  /** `[step, value]`, step order, at most `MAX_PULLED_SERIES_POINTS`. */
  history: [number, number][];
  /** True when the server had more points than it returned. */
  truncated: boolean;
}
