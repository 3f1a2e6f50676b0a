/**
 * Fakes for the sync tests: a mapping that keeps only what the service
 * looks at, and an MLflow server extension in memory whose answers go
 * through the real answer checks.
 */
import type {
  IMlflowMetricHistory,
  IMlflowPushRequest,
  IMlflowPushResponse,
  IMlflowRunData,
  IMlflowRunsPage,
  IMlflowServerStatus
} from '../../model/mlflow/protocol';
import type { IRunRecord } from '../../model/types';
import { makeRun } from '../../store/__tests__/fixtures';
import {
  checkMetricHistory,
  checkPushResponse,
  checkRunsPage,
  SyncRequestError
} from '../answers';
import type { IMlflowClient } from '../mlflowClient';
import type { IRunMapper } from '../mapper';

export const fakeMapper: IRunMapper = {
  experimentNameFor: (template, run) =>
    template.split('{notebook_path}').join(run.notebook_path),
  buildRunPayload: (run, options) => ({
    runlog_run_id: run.id,
    experiment: {
      name: options.experimentName,
      runlog_experiment_id: run.experiment.id
    },
    run_name: `#${run.number}`,
    status: run.status === 'running' ? 'RUNNING' : 'FINISHED',
    start_time: Date.parse(run.started_at),
    end_time: run.ended_at ? Date.parse(run.ended_at) : null,
    params: [],
    metrics: [],
    tags: [{ key: 'mlflow.note.content', value: run.annotations.note }],
    artifacts: options.withArtifacts
      ? [{ path: 'runlog/run.json', content: '{}', encoding: 'utf-8' }]
      : [],
    mlflow_run_id: options.mlflowRunId,
    deleted: false
  }),
  pulledRunToRecord: (data, context) => {
    const run = data as Partial<IMlflowRunData>;
    if (typeof run?.run_id !== 'string' || typeof run.tags !== 'object') {
      return { ok: false, reason: 'not an MLflow run' };
    }
    const record = makeRun({
      id: `mlflow-${context.host}-${run.run_id}`,
      experiment: context.experiment,
      notebook_path: context.notebookPath
    });
    record.origin = {
      kind: 'mlflow',
      file: context.host,
      imported_at: context.importedAt
    } as unknown as IRunRecord['origin'];
    return { ok: true, record };
  },
  isPushable: run => (run.origin?.kind as string) !== 'mlflow',
  mlflowRunIdOf: tags => tags['runlog.run_id'] ?? null
};

/** One MLflow run as the fake server lists it. */
export function mlflowRun(
  runId: string,
  tags: { [key: string]: string } = {}
): IMlflowRunData {
  return {
    run_id: runId,
    run_name: null,
    experiment_id: '1',
    status: 'FINISHED',
    start_time: 1000,
    end_time: 2000,
    params: {},
    metrics: {},
    tags,
    run_url: null
  };
}

export class FakeServer implements IMlflowClient {
  /** Whether MLflow answers pushes. */
  up = true;
  /**
   * How a push fails while MLflow is down: `results` as the server
   * extension answers (HTTP 200, every run retryable), `http` as when the
   * Jupyter server itself cannot be reached.
   */
  downAs: 'results' | 'http' = 'results';
  statusAnswer: IMlflowServerStatus = {
    available: true,
    install_hint: null,
    mlflow_version: '3.17.2',
    tracking_uris: [
      { uri: 'http://mlflow:5000', ui_url: 'http://mlflow:5000' }
    ],
    default_uri: 'http://mlflow:5000'
  };
  /** Every push request received while up. */
  requests: IMlflowPushRequest[] = [];
  /** Per run id: how often it was pushed. */
  pushCounts = new Map<string, number>();
  /** Runlog run ids MLflow has a run for, and those of them deleted. */
  created = new Set<string>();
  deletedRuns = new Set<string>();
  /** Replace the answer of the next pushes (raw, before checks). */
  answer: ((request: IMlflowPushRequest) => unknown) | null = null;
  /** Called while a push is under way. */
  duringPush: (() => Promise<void>) | null = null;
  /** Pages `runs()` returns, in order. */
  pages: unknown[] = [];
  runsQueries: IMlflowClient.IRunsQuery[] = [];

  async status(): Promise<IMlflowServerStatus> {
    return this.statusAnswer;
  }

  async push(request: IMlflowPushRequest): Promise<IMlflowPushResponse> {
    if (!this.up && this.downAs === 'http') {
      throw new SyncRequestError(
        'offline',
        'The Jupyter server cannot be reached.'
      );
    }
    if (!this.up) {
      return checkPushResponse(
        {
          results: request.runs.map(run => ({
            runlog_run_id: run.runlog_run_id,
            ok: false,
            retryable: true,
            error: 'MLflow cannot be reached: Connection refused.'
          }))
        },
        request.runs.map(run => run.runlog_run_id)
      );
    }
    await this.duringPush?.();
    this.requests.push(request);
    const raw = this.answer
      ? this.answer(request)
      : {
          results: request.runs.map(run => {
            const id = run.runlog_run_id;
            this.pushCounts.set(id, (this.pushCounts.get(id) ?? 0) + 1);
            if (run.deleted) {
              // As the server: deletes a run it has, never creates one.
              const known = this.created.has(id);
              if (known) {
                this.deletedRuns.add(id);
              }
              return {
                runlog_run_id: id,
                ok: true,
                mlflow_run_id: known ? `m-${id}` : null,
                mlflow_experiment_id: known ? '1' : null,
                run_url: null,
                warnings: []
              };
            }
            this.created.add(id);
            this.deletedRuns.delete(id);
            return {
              runlog_run_id: run.runlog_run_id,
              ok: true,
              mlflow_run_id: `m-${run.runlog_run_id}`,
              mlflow_experiment_id: '1',
              run_url: null,
              warnings: []
            };
          })
        };
    return checkPushResponse(
      raw,
      request.runs.map(run => run.runlog_run_id),
      request.runs.filter(run => run.deleted).map(run => run.runlog_run_id)
    );
  }

  async runs(query: IMlflowClient.IRunsQuery): Promise<IMlflowRunsPage> {
    this.runsQueries.push(query);
    return checkRunsPage(this.pages.shift());
  }

  /**
   * Raw answers of `metricHistory` by `run_id/key`, checked as the real
   * client checks them; an empty history when there is none.
   */
  histories = new Map<string, unknown>();
  historyQueries: IMlflowClient.IMetricHistoryQuery[] = [];
  /** The most history requests that were in flight at once. */
  maxHistoriesInFlight = 0;
  private _historiesInFlight = 0;

  async metricHistory(
    query: IMlflowClient.IMetricHistoryQuery
  ): Promise<IMlflowMetricHistory> {
    this.historyQueries.push(query);
    this._historiesInFlight++;
    this.maxHistoriesInFlight = Math.max(
      this.maxHistoriesInFlight,
      this._historiesInFlight
    );
    try {
      // An answer takes a while, so requests can overlap.
      await new Promise(resolve => setTimeout(resolve, 1));
      if (!this.up) {
        throw new SyncRequestError(
          'offline',
          'MLflow cannot be reached: Connection refused.',
          503
        );
      }
      return checkMetricHistory(
        this.histories.get(`${query.run_id}/${query.key}`) ?? {
          history: [],
          truncated: false
        }
      );
    } finally {
      this._historiesInFlight--;
    }
  }
}
