/**
 * A runlog run as MLflow entities (docs/mlflow-sync.md, "What is sent"):
 * the body of one run in a push. Pure: the sync service sends it, the
 * server extension logs it with the MLflow client.
 */
import { compareCodeUnits } from '../bundle/canonicalJson';
import type { IOutputLimits } from '../record/outputs';
import {
  DEFAULT_REDACTION_OPTIONS,
  isRedactedParam,
  REDACTED_SOURCE,
  redactRun,
  type IRedactionOptions
} from '../redaction/redaction';
import type { IParamRecord, IRunRecord, RunStatus } from '../types';
import { RUNLOG_VERSION } from '../../version';
import { notebookName } from './experimentName';
import {
  cutToLength,
  MAX_PARAM_VALUE_LENGTH,
  MAX_RUN_NAME_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  mlflowKeys
} from './mlflowLimits';
import type {
  IMlflowKeyValue,
  IMlflowMetricPoint,
  IMlflowRunPayload,
  MlflowRunStatus
} from './protocol';
import { runArtifacts } from './runArtifacts';

/** The tags we own on an MLflow run (MLflow's own `mlflow.*` ones, and ours). */
export const TAG = {
  runId: 'runlog.run_id',
  experimentId: 'runlog.experiment_id',
  tags: 'runlog.tags',
  starred: 'runlog.starred',
  runName: 'mlflow.runName',
  sourceName: 'mlflow.source.name',
  sourceType: 'mlflow.source.type',
  gitCommit: 'mlflow.source.git.commit',
  note: 'mlflow.note.content',
  user: 'mlflow.user'
} as const;

export const MLFLOW_STATUS: {
  readonly [status in RunStatus]: MlflowRunStatus;
} = {
  running: 'RUNNING',
  completed: 'FINISHED',
  failed: 'FAILED',
  interrupted: 'KILLED'
};

export interface IBuildRunPayloadOptions {
  /** The MLflow experiment's name (experimentNameFor). */
  experimentName: string;
  /** Add the artifacts (runlog/run.json, cells, outputs): for a closed run. */
  withArtifacts: boolean;
  /** The MLflow run an earlier push created, when known. */
  mlflowRunId: string | null;
  /** Caps on output artifacts; default the capture defaults. */
  outputLimits?: IOutputLimits;
  /** Only used when the run's own times are unreadable. */
  now?: Date;
  /** Secrets are redacted with these (default: the default options). */
  redaction?: IRedactionOptions;
  /** `exported_by.user` of runlog/run.json. */
  user?: string;
}

/**
 * The push payload of `run`. Secrets are redacted first, so neither params
 * nor tags nor artifacts can carry one. Params and metrics get MLflow keys
 * (mlflowKeys: invalid characters rewritten, collisions numbered); values
 * over MLflow's limits are cut with CUT_MARKER and kept whole in
 * runlog/run.json. Metric points are timestamped with the run's start, so
 * pushing the same run again sends the same points. Non-finite values
 * (which a JSON request cannot carry) are left out.
 */
export async function buildRunPayload(
  run: IRunRecord,
  options: IBuildRunPayloadOptions
): Promise<IMlflowRunPayload> {
  const redaction = options.redaction ?? DEFAULT_REDACTION_OPTIONS;
  const redacted = redactRun(run, redaction).run;
  const fallback = (options.now ?? new Date(0)).getTime();
  const startTime = epochMs(run.started_at) ?? epochMs(run.updated_at);
  const start = startTime ?? fallback;
  const runName = cutToLength(
    `#${run.number} ${notebookName(run.notebook_path)}`.trim(),
    MAX_RUN_NAME_LENGTH
  );
  return {
    runlog_run_id: run.id,
    experiment: {
      name: options.experimentName,
      runlog_experiment_id: run.experiment.id
    },
    run_name: runName,
    status: MLFLOW_STATUS[run.status] ?? 'RUNNING',
    start_time: start,
    end_time:
      run.status === 'running' || run.ended_at === null
        ? null
        : Math.max(start, epochMs(run.ended_at) ?? start),
    params: paramsOf(redacted.params),
    metrics: metricPoints(redacted, start),
    tags: tagsOf(redacted, runName),
    artifacts: options.withArtifacts
      ? await runArtifacts(redacted, {
          appVersion: RUNLOG_VERSION,
          user: options.user,
          outputLimits: options.outputLimits,
          redaction
        })
      : [],
    mlflow_run_id: options.mlflowRunId,
    deleted: false
  };
}

/** Epoch ms (never negative) of an ISO time, or null when it does not parse. */
function epochMs(time: string | null | undefined): number | null {
  const ms = typeof time === 'string' ? Date.parse(time) : NaN;
  return Number.isFinite(ms) ? Math.max(0, ms) : null;
}

/**
 * A param's value as MLflow stores it: a string as is, any other JSON value
 * as JSON; a value that is not JSON (a DataFrame) as its source; a redacted
 * one as the placeholder, never the secret.
 */
export function paramText(param: IParamRecord): string {
  if (isRedactedParam(param)) {
    return REDACTED_SOURCE;
  }
  const value = param.value;
  if (typeof value === 'string') {
    return value;
  }
  if (value === null && param.exact === false) {
    return typeof param.source === 'string' ? param.source : '';
  }
  return JSON.stringify(value) ?? '';
}

function paramsOf(params: { [name: string]: IParamRecord }): IMlflowKeyValue[] {
  const names = Object.keys(params).sort(compareCodeUnits);
  const keys = mlflowKeys(names);
  return names.map(name => ({
    key: keys.get(name)!,
    value: cutToLength(paramText(params[name]), MAX_PARAM_VALUE_LENGTH)
  }));
}

/** MLflow steps are 64-bit integers: whole numbers within what a double holds exactly. */
function stepOf(step: number): number {
  return Math.min(
    Number.MAX_SAFE_INTEGER,
    Math.max(Number.MIN_SAFE_INTEGER, Math.round(step))
  );
}

/** One point per series step, or one at step 0 for a scalar; non-finite values left out. */
function metricPoints(
  run: IRunRecord,
  timestamp: number
): IMlflowMetricPoint[] {
  const names = Object.keys(run.metrics).sort(compareCodeUnits);
  const keys = mlflowKeys(names);
  const points: IMlflowMetricPoint[] = [];
  for (const name of names) {
    const key = keys.get(name)!;
    const metric = run.metrics[name];
    const series: readonly (readonly [number, number])[] =
      Array.isArray(metric.series) && metric.series.length
        ? metric.series
        : [[0, metric.value]];
    for (const point of series) {
      const [step, value] = Array.isArray(point) ? point : [NaN, NaN];
      if (Number.isFinite(step) && Number.isFinite(value)) {
        points.push({ key, value, step: stepOf(step), timestamp });
      }
    }
  }
  return points;
}

function tagsOf(run: IRunRecord, runName: string): IMlflowKeyValue[] {
  const annotations = run.annotations;
  const tags: [string, string][] = [
    [TAG.runId, run.id],
    [TAG.experimentId, run.experiment.id],
    [TAG.tags, JSON.stringify(annotations.tags ?? [])],
    [TAG.starred, annotations.starred === true ? 'true' : 'false'],
    [TAG.runName, runName],
    [TAG.sourceName, run.notebook_path],
    [TAG.sourceType, 'NOTEBOOK'],
    // Sent also when empty, so a deleted note is deleted in MLflow too.
    [TAG.note, typeof annotations.note === 'string' ? annotations.note : '']
  ];
  const commit = run.context?.git?.commit;
  if (typeof commit === 'string' && commit) {
    tags.push([TAG.gitCommit, commit]);
  }
  const user = run.context?.user;
  if (typeof user === 'string' && user) {
    tags.push([TAG.user, user]);
  }
  return tags.map(([key, value]) => ({
    key,
    value: cutToLength(value, MAX_TAG_VALUE_LENGTH)
  }));
}
