/**
 * The REST client of the server extension's MLflow endpoints
 * (`/runlog/mlflow/*`). Requests go through ServerConnection, so they carry
 * the Jupyter server's authentication and XSRF token; every answer is
 * checked (answers.ts) before it is returned.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import type {
  IMlflowMetricHistory,
  IMlflowPushRequest,
  IMlflowPushResponse,
  IMlflowRunsPage,
  IMlflowServerStatus
} from '../model/mlflow/protocol';
import {
  checkMetricHistory,
  checkPushResponse,
  checkRunsPage,
  checkStatus,
  MalformedAnswerError,
  serverMessage,
  SyncRequestError
} from './answers';

/** What the sync service needs from the server; tests pass a fake. */
export interface IMlflowClient {
  status(): Promise<IMlflowServerStatus>;
  push(request: IMlflowPushRequest): Promise<IMlflowPushResponse>;
  runs(query: IMlflowClient.IRunsQuery): Promise<IMlflowRunsPage>;
  metricHistory(
    query: IMlflowClient.IMetricHistoryQuery
  ): Promise<IMlflowMetricHistory>;
}

export namespace IMlflowClient {
  export interface IRunsQuery {
    tracking_uri: string;
    experiment_name: string;
    /** Epoch ms: runs that started or ended after it; null for all. */
    updated_after: number | null;
    page_token: string | null;
    /** Most runs in the page (the server's default and most: 1,000). */
    max_results?: number;
  }
  export interface IMetricHistoryQuery {
    tracking_uri: string;
    run_id: string;
    key: string;
  }
}

/** The endpoints' path under the server's base URL. */
const API_PATH = 'runlog/mlflow';

export class MlflowClient implements IMlflowClient {
  constructor(options: { serverSettings?: ServerConnection.ISettings } = {}) {
    this._settings = options.serverSettings ?? ServerConnection.makeSettings();
  }

  async status(): Promise<IMlflowServerStatus> {
    return checkStatus(await this._request('status'));
  }

  async push(request: IMlflowPushRequest): Promise<IMlflowPushResponse> {
    const answer = await this._request('push', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request)
    });
    return checkPushResponse(
      answer,
      request.runs.map(run => run.runlog_run_id),
      request.runs.filter(run => run.deleted).map(run => run.runlog_run_id)
    );
  }

  async runs(query: IMlflowClient.IRunsQuery): Promise<IMlflowRunsPage> {
    const params: { [key: string]: string } = {
      tracking_uri: query.tracking_uri,
      experiment_name: query.experiment_name
    };
    if (query.updated_after !== null) {
      params.updated_after = String(query.updated_after);
    }
    if (query.page_token !== null) {
      params.page_token = query.page_token;
    }
    if (query.max_results !== undefined) {
      params.max_results = String(query.max_results);
    }
    return checkRunsPage(
      await this._request(`runs${URLExt.objectToQueryString(params)}`)
    );
  }

  async metricHistory(
    query: IMlflowClient.IMetricHistoryQuery
  ): Promise<IMlflowMetricHistory> {
    const params = URLExt.objectToQueryString({ ...query });
    return checkMetricHistory(await this._request(`metric-history${params}`));
  }

  /** Send one request; its JSON answer, or a SyncRequestError. */
  private async _request(
    endpoint: string,
    init: RequestInit = {}
  ): Promise<unknown> {
    const url = URLExt.join(this._settings.baseUrl, API_PATH, endpoint);
    let response: Response;
    try {
      response = await ServerConnection.makeRequest(
        url,
        { cache: 'no-store', ...init },
        this._settings
      );
    } catch (error) {
      throw new SyncRequestError(
        'offline',
        `The Jupyter server cannot be reached (${(error as Error)?.message ?? error}).`
      );
    }
    const text = await response.text().catch(() => '');
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      throw errorFromAnswer(response.status, body);
    }
    if (body === undefined) {
      throw new MalformedAnswerError(
        `The answer of ${API_PATH}/${endpoint.split('?')[0]}`,
        'not JSON'
      );
    }
    return body;
  }

  private readonly _settings: ServerConnection.ISettings;
}

/** The error an HTTP error answer stands for. */
export function errorFromAnswer(
  status: number,
  body: unknown
): SyncRequestError {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as {
    message?: unknown;
    retryable?: unknown;
  };
  const message = serverMessage(fields.message);
  if (status === 404 && message === null) {
    // Not an answer of the server extension (its errors carry a message):
    // the route does not exist on this server.
    return new SyncRequestError(
      'unavailable',
      'The Jupyter server does not have the runlog server extension enabled: install jupyterlab_runlog on the server and restart it.',
      status
    );
  }
  if (status === 503 && fields.retryable !== true) {
    return new SyncRequestError(
      'unavailable',
      message ?? 'MLflow is not available on the Jupyter server.',
      status
    );
  }
  if (status === 408 || status === 429 || status >= 500) {
    return new SyncRequestError(
      'offline',
      message ?? `MLflow cannot be reached (HTTP ${status}).`,
      status
    );
  }
  return new SyncRequestError(
    'refused',
    message ?? `The server refused the request (HTTP ${status}).`,
    status
  );
}
