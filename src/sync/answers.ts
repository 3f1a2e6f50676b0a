/**
 * Checks on what the server extension answers, before anything of it is
 * used or stored. A server (or whatever sits in front of it) may be broken
 * or hostile: an answer of the wrong shape is refused as a whole, with a
 * sentence that says so. Pure functions; no DOM, no JupyterLab.
 */
import { webLink } from '../model/mlflow/pulledRunFields';
import type {
  IMlflowMetricHistory,
  IMlflowPushResponse,
  IMlflowPushResult,
  IMlflowRunData,
  IMlflowRunsPage,
  IMlflowServerStatus,
  IMlflowTrackingUri
} from '../model/mlflow/protocol';

/** Longest message from the server shown to users (characters). */
export const MAX_MESSAGE_LENGTH = 1000;

/** An answer that does not have the shape the protocol promises. */
export class MalformedAnswerError extends Error {
  constructor(what: string, problem: string) {
    super(`${what}: ${problem}`);
    this.name = 'MalformedAnswerError';
  }
}

type Json = { [key: string]: unknown };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

/** Only web links: a `javascript:` or `data:` URL must never become a link. */
export function isWebUrl(value: unknown): value is string {
  return webLink(value) !== null;
}

function isUrlOrNull(value: unknown): value is string | null {
  return value === null || isWebUrl(value);
}

/** A server message, cut to a length fit for a notification. */
export function serverMessage(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim()) {
    return null;
  }
  const text = value.trim();
  return text.length > MAX_MESSAGE_LENGTH
    ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…`
    : text;
}

export function checkStatus(value: unknown): IMlflowServerStatus {
  const what = 'MLflow status';
  if (!isObject(value)) {
    throw new MalformedAnswerError(what, 'not an object');
  }
  if (typeof value.available !== 'boolean') {
    throw new MalformedAnswerError(what, '"available" is not a boolean');
  }
  for (const key of ['install_hint', 'mlflow_version', 'default_uri']) {
    if (!isStringOrNull(value[key])) {
      throw new MalformedAnswerError(what, `"${key}" is not a string or null`);
    }
  }
  if (!Array.isArray(value.tracking_uris)) {
    throw new MalformedAnswerError(what, '"tracking_uris" is not a list');
  }
  const uris: IMlflowTrackingUri[] = value.tracking_uris.map(item => {
    if (
      !isObject(item) ||
      typeof item.uri !== 'string' ||
      !isUrlOrNull(item.ui_url)
    ) {
      throw new MalformedAnswerError(what, 'a tracking URI is malformed');
    }
    return { uri: item.uri, ui_url: item.ui_url };
  });
  return {
    available: value.available,
    install_hint: serverMessage(value.install_hint),
    mlflow_version: value.mlflow_version as string | null,
    tracking_uris: uris,
    default_uri: value.default_uri as string | null
  };
}

function checkPushResult(item: unknown): IMlflowPushResult {
  const what = 'MLflow push answer';
  if (!isObject(item) || typeof item.runlog_run_id !== 'string') {
    throw new MalformedAnswerError(what, 'a result has no run id');
  }
  if (item.ok === true) {
    // Both ids, or (a deletion of a run MLflow never had) neither and no link.
    const found =
      typeof item.mlflow_run_id === 'string' &&
      !!item.mlflow_run_id &&
      typeof item.mlflow_experiment_id === 'string';
    const none =
      item.mlflow_run_id === null &&
      item.mlflow_experiment_id === null &&
      item.run_url === null;
    if (
      !(found || none) ||
      !isUrlOrNull(item.run_url) ||
      !Array.isArray(item.warnings) ||
      !item.warnings.every(w => typeof w === 'string')
    ) {
      throw new MalformedAnswerError(
        what,
        `the result for run ${item.runlog_run_id} is malformed`
      );
    }
    return {
      runlog_run_id: item.runlog_run_id,
      ok: true,
      mlflow_run_id: item.mlflow_run_id as string | null,
      mlflow_experiment_id: item.mlflow_experiment_id as string | null,
      run_url: item.run_url,
      warnings: item.warnings.map(w => serverMessage(w) ?? '').filter(Boolean)
    };
  }
  if (item.ok === false) {
    const error = serverMessage(item.error);
    if (typeof item.retryable !== 'boolean' || error === null) {
      throw new MalformedAnswerError(
        what,
        `the failure for run ${item.runlog_run_id} is malformed`
      );
    }
    return {
      runlog_run_id: item.runlog_run_id,
      ok: false,
      retryable: item.retryable,
      error
    };
  }
  throw new MalformedAnswerError(what, '"ok" is not a boolean');
}

/**
 * A push answer, checked against the request: one result per run sent at
 * most, none for a run not sent, no MLflow run missing except for a
 * deletion (`deletedIds`). Runs without a result are left out (the caller
 * retries them).
 */
export function checkPushResponse(
  value: unknown,
  sentIds: readonly string[],
  deletedIds: readonly string[] = []
): IMlflowPushResponse {
  const what = 'MLflow push answer';
  if (!isObject(value) || !Array.isArray(value.results)) {
    throw new MalformedAnswerError(what, '"results" is not a list');
  }
  const expected = new Set(sentIds);
  const deletions = new Set(deletedIds);
  const seen = new Set<string>();
  const results = value.results.map(checkPushResult);
  for (const result of results) {
    if (!expected.has(result.runlog_run_id)) {
      throw new MalformedAnswerError(
        what,
        `a result is for run ${JSON.stringify(result.runlog_run_id.slice(0, 80))}, which was not sent`
      );
    }
    if (seen.has(result.runlog_run_id)) {
      throw new MalformedAnswerError(
        what,
        `two results for run ${result.runlog_run_id}`
      );
    }
    seen.add(result.runlog_run_id);
    if (
      result.ok &&
      result.mlflow_run_id === null &&
      !deletions.has(result.runlog_run_id)
    ) {
      throw new MalformedAnswerError(
        what,
        `the result for run ${result.runlog_run_id} names no MLflow run`
      );
    }
  }
  return { results };
}

/**
 * A page of pulled runs. Only the page's frame is checked here; each run is
 * untrusted data that the mapping checks one by one, so one malformed run
 * is skipped, not the page.
 */
export function checkRunsPage(value: unknown): IMlflowRunsPage {
  const what = 'MLflow runs page';
  if (!isObject(value)) {
    throw new MalformedAnswerError(what, 'not an object');
  }
  const experiment = value.experiment;
  if (
    experiment !== null &&
    !(
      isObject(experiment) &&
      typeof experiment.id === 'string' &&
      typeof experiment.name === 'string' &&
      isUrlOrNull(experiment.url)
    )
  ) {
    throw new MalformedAnswerError(what, '"experiment" is malformed');
  }
  if (!Array.isArray(value.runs)) {
    throw new MalformedAnswerError(what, '"runs" is not a list');
  }
  if (!isStringOrNull(value.next_page_token)) {
    throw new MalformedAnswerError(what, '"next_page_token" is malformed');
  }
  if (
    typeof value.host !== 'string' ||
    !value.host ||
    value.host.length > 255 ||
    // A host name, not a path or markup: it becomes part of run origins.
    !/^[\w.\-:[\]@]+$/.test(value.host)
  ) {
    throw new MalformedAnswerError(what, '"host" is not a host name');
  }
  return {
    experiment: experiment as IMlflowRunsPage['experiment'],
    runs: value.runs as IMlflowRunData[],
    next_page_token: value.next_page_token,
    host: value.host
  };
}

export function checkMetricHistory(value: unknown): IMlflowMetricHistory {
  const what = 'MLflow metric history';
  if (
    !isObject(value) ||
    !Array.isArray(value.history) ||
    typeof value.truncated !== 'boolean'
  ) {
    throw new MalformedAnswerError(what, 'not a history');
  }
  const history = value.history.map(point => {
    if (
      !Array.isArray(point) ||
      point.length !== 2 ||
      typeof point[0] !== 'number' ||
      !Number.isFinite(point[0]) ||
      typeof point[1] !== 'number'
    ) {
      throw new MalformedAnswerError(what, 'a point is not [step, value]');
    }
    return [point[0], point[1]] as [number, number];
  });
  return { history, truncated: value.truncated };
}

/**
 * Why a request to the server extension failed, as the sync acts on it:
 * `offline` (the server or MLflow cannot be reached now: retry later),
 * `unavailable` (no MLflow client or server extension: say what to install),
 * `refused` (the server refused the request, e.g. a tracking URI it does not
 * allow) and `malformed` (the answer had the wrong shape).
 */
export type SyncErrorKind = 'offline' | 'unavailable' | 'refused' | 'malformed';

export class SyncRequestError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly status: number | null = null
  ) {
    super(message);
    this.name = 'SyncRequestError';
  }
}

/** The kind of any error a request raised (a malformed answer included). */
export function syncErrorKind(error: unknown): SyncErrorKind {
  if (error instanceof SyncRequestError) {
    return error.kind;
  }
  if (error instanceof MalformedAnswerError) {
    return 'malformed';
  }
  return 'offline';
}
