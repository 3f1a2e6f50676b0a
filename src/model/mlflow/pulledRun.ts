/**
 * MLflow runs pulled into runlog as imported runs (origin `mlflow:HOST`).
 *
 * What the server relays from MLflow is untrusted, under the same rules as
 * a bundle: every field's type and size is checked, keys that would pollute
 * prototypes are refused, secrets are redacted, and the record built must
 * pass the run record checks bundles pass. Anything else is refused with a
 * reason; nothing here throws.
 */
import {
  DEFAULT_BUNDLE_LIMITS,
  type IBundleTranslator,
  UNTRANSLATED
} from '../bundle/bundleFormat';
import { RUN_SHAPE } from '../bundle/bundleShapes';
import { checkRunRecord, isPlainObject } from '../bundle/bundleValidation';
import { isDateTime } from '../bundle/dateTime';
import { IssueCollector } from '../bundle/issues';
import { isForbiddenKey } from '../bundle/jsonLimits';
import { withinShapeAndLimits } from '../bundle/shapeLimits';
import { uuidFromHash } from '../papermill/papermillNotebook';
import { setOwn } from '../python/pythonLiteral';
import { NOTE_MAX_LENGTH } from '../record/runRecordShape';
import { isKeptRunNumber } from '../record/runNumbers';
import {
  DEFAULT_REDACTION_OPTIONS,
  redactRun,
  type IRedactionOptions
} from '../redaction/redaction';
import type {
  IExperimentRef,
  IMetricRecord,
  IParamRecord,
  IRunOrigin,
  IRunRecord,
  RunStatus
} from '../types';
import {
  annotationsOf,
  contextOf,
  paramRecord,
  webLink
} from './pulledRunFields';
import { TAG } from './runPayload';

export interface IPullContext {
  /** The MLflow host the runs came from (`IMlflowRunsPage.host`). */
  host: string;
  /** The runlog experiment (notebook) the runs are added to. */
  experiment: IExperimentRef;
  notebookPath: string;
  /** ISO 8601 time of the pull. */
  importedAt: string;
  trackingUri: string;
  /** Redaction as for imported bundles (default: the default options). */
  redaction?: IRedactionOptions;
  trans?: IBundleTranslator;
}

export type PulledRunResult =
  { ok: true; record: IRunRecord } | { ok: false; reason: string };

/** Most params, metrics or tags one pulled run may have (as members per bundle object). */
export const MAX_PULLED_ENTRIES = DEFAULT_BUNDLE_LIMITS.maxKeysPerObject;
/** Longest text in a pulled run: MLflow's own limits are far below. */
export const MAX_PULLED_TEXT = NOTE_MAX_LENGTH;
/** Longest key: MLflow's is 250. */
export const MAX_PULLED_KEY = 1000;
/** Epoch ms JavaScript dates can hold. */
const MAX_EPOCH_MS = 8.64e15;

const MLFLOW_RUN_ID = /^[A-Za-z0-9_-]{1,128}$/;
const RUN_NAME_NUMBER = /^#(\d{1,10})(?:\s|$)/;

const STATUS: { [status: string]: RunStatus } = {
  RUNNING: 'running',
  SCHEDULED: 'running',
  FINISHED: 'completed',
  FAILED: 'failed',
  KILLED: 'interrupted'
};

/** The runlog run id that a pushed MLflow run carries (`runlog.run_id`), or null. */
export function mlflowRunIdOf(tags: { [key: string]: string }): string | null {
  if (
    !isPlainObject(tags) ||
    !Object.prototype.hasOwnProperty.call(tags, TAG.runId)
  ) {
    return null;
  }
  const id = tags[TAG.runId];
  return typeof id === 'string' && id && id.length <= 1000 ? id : null;
}

/** Whether a run may be pushed to MLflow: not one pulled from it. */
export function isPushable(run: { origin?: IRunOrigin }): boolean {
  return run.origin?.kind !== 'mlflow';
}

/** The id a pulled run is stored under: the same for the same MLflow run, so a second pull finds it. */
export function pulledRunId(host: string, mlflowRunId: string): string {
  return uuidFromHash(JSON.stringify(['mlflow', host, mlflowRunId]));
}

/** Thrown inside the checks only; pulledRunToRecord turns it into a reason. */
class Refused {
  constructor(readonly reason: string) {}
}

/**
 * The runlog record of one MLflow run as the server relays it
 * (IMlflowRunData), or why it cannot be one. The record: a stable id from
 * host and MLflow run id; number N when the run name is `#N …` (the store
 * keeps it when free, else renumbers and keeps N as `original_number`),
 * else 0 (the store's next number); status from MLflow's; params read back
 * from their text (JSON, else a Python literal, else the text); the latest
 * value of each finite metric (histories are fetched on demand; NaN and
 * infinite values are left out); no cells; the context MLflow's tags give;
 * annotations from our tags and the note.
 */
export function pulledRunToRecord(
  data: unknown,
  context: IPullContext
): PulledRunResult {
  const trans = context.trans ?? UNTRANSLATED;
  try {
    const record = recordOf(data, context, trans);
    const redacted = redactRun(
      record,
      context.redaction ?? DEFAULT_REDACTION_OPTIONS
    ).run;
    // The store numbers 0 itself; the checks want a number from 1.
    const checked = { ...redacted, number: redacted.number || 1 };
    if (!withinShapeAndLimits(checked, RUN_SHAPE, 3, DEFAULT_BUNDLE_LIMITS)) {
      const c = new IssueCollector(trans);
      checkRunRecord(checked, 0, DEFAULT_BUNDLE_LIMITS, c, RUN_SHAPE);
      return {
        ok: false,
        reason: c.issues[0]?.message ?? trans.__('The run is malformed.')
      };
    }
    return { ok: true, record: redacted };
  } catch (error) {
    return {
      ok: false,
      reason:
        error instanceof Refused
          ? error.reason
          : trans.__('The run could not be read: %1', String(error))
    };
  }
}

function recordOf(
  data: unknown,
  context: IPullContext,
  trans: IBundleTranslator
): IRunRecord {
  const refuse = (message: string, ...args: (string | number)[]): never => {
    throw new Refused(trans.__(message, ...args));
  };
  if (!isPlainObject(data)) {
    refuse('The MLflow run is not an object.');
  }
  const run = data as { [key: string]: unknown };
  const runId = run.run_id;
  if (typeof runId !== 'string' || !MLFLOW_RUN_ID.test(runId)) {
    refuse('The MLflow run has no valid run_id.');
  }
  const mlflowRunId = runId as string;
  const field = (name: string) =>
    Object.prototype.hasOwnProperty.call(run, name) ? run[name] : undefined;
  const text = (name: string, value: unknown, max = MAX_PULLED_TEXT) => {
    if (typeof value !== 'string') {
      refuse('%1 of MLflow run %2 is not a text.', name, mlflowRunId);
    }
    if ((value as string).length > max) {
      refuse(
        '%1 of MLflow run %2 is longer than %3 characters.',
        name,
        mlflowRunId,
        max
      );
    }
    return value as string;
  };
  const time = (name: string): number | null => {
    const value = field(name);
    if (value === null || value === undefined) {
      return null;
    }
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < 0 ||
      value > MAX_EPOCH_MS
    ) {
      return refuse('%1 of MLflow run %2 is not a time.', name, mlflowRunId);
    }
    return value;
  };
  const entries = (name: string): [string, unknown][] => {
    const value = field(name);
    if (value === undefined || value === null) {
      return [];
    }
    if (!isPlainObject(value)) {
      refuse('%1 of MLflow run %2 is not an object.', name, mlflowRunId);
    }
    const keys = Object.keys(value as object);
    if (keys.length > MAX_PULLED_ENTRIES) {
      refuse(
        'MLflow run %1 has more than %2 %3.',
        mlflowRunId,
        MAX_PULLED_ENTRIES,
        name
      );
    }
    return keys.map(key => {
      if (isForbiddenKey(key) || !key || key.length > MAX_PULLED_KEY) {
        refuse(
          'MLflow run %1 has a %2 key that is not allowed: %3.',
          mlflowRunId,
          name,
          JSON.stringify(key.slice(0, 40))
        );
      }
      return [key, (value as { [key: string]: unknown })[key]];
    });
  };

  const status = STATUS[text('status', field('status'), 20)];
  if (!status) {
    refuse('MLflow run %1 has an unknown status.', mlflowRunId);
  }
  const runName = field('run_name');
  const name =
    runName === null || runName === undefined ? '' : text('run_name', runName);
  if (field('experiment_id') !== undefined) {
    text('experiment_id', field('experiment_id'), MAX_PULLED_KEY);
  }
  const start = time('start_time');
  const end = time('end_time');
  const startMs = start ?? end;
  if (startMs === null) {
    refuse('MLflow run %1 has no start time.', mlflowRunId);
  }
  const endMs =
    status === 'running' || end === null ? null : Math.max(end, startMs!);

  const tags: { [key: string]: string } = {};
  for (const [key, value] of entries('tags')) {
    setOwn(tags, key, text(`tags/${key}`, value));
  }
  const params: { [name: string]: IParamRecord } = {};
  for (const [key, value] of entries('params')) {
    setOwn(params, key, paramRecord(text(`params/${key}`, value)));
  }
  const metrics: { [name: string]: IMetricRecord } = {};
  for (const [key, value] of entries('metrics')) {
    const latest = isPlainObject(value) ? value.value : undefined;
    if (typeof latest === 'number' && Number.isFinite(latest)) {
      setOwn(metrics, key, { value: latest });
    } else if (latest !== null && typeof latest !== 'number') {
      refuse(
        'Metric %1 of MLflow run %2 is not a number.',
        JSON.stringify(key.slice(0, 40)),
        mlflowRunId
      );
    }
    // null, NaN and ±Infinity: MLflow stores them; a record cannot.
  }

  const numberMatch = RUN_NAME_NUMBER.exec(name);
  const wanted = numberMatch ? Number(numberMatch[1]) : 0;
  const startedAt = new Date(startMs!).toISOString();
  const endedAt = endMs === null ? null : new Date(endMs).toISOString();
  const record: IRunRecord = {
    id: pulledRunId(context.host, mlflowRunId),
    number: isKeptRunNumber(wanted) ? wanted : 0,
    experiment: { id: context.experiment.id, name: context.experiment.name },
    notebook_path: context.notebookPath,
    status,
    started_at: startedAt,
    ended_at: endedAt,
    duration_ms: endMs === null ? null : endMs - startMs!,
    params,
    metrics,
    cells: [],
    context: contextOf(tags),
    annotations: annotationsOf(tags),
    origin: originOf(mlflowRunId, field('run_url'), context, trans),
    // A time from MLflow, not the pull's clock: pulling again gives the same record.
    updated_at: endedAt ?? startedAt
  };
  return record;
}

function originOf(
  mlflowRunId: string,
  url: unknown,
  context: IPullContext,
  trans: IBundleTranslator
): IRunOrigin {
  if (
    typeof context.host !== 'string' ||
    context.host.length > MAX_PULLED_KEY
  ) {
    throw new Refused(trans.__('The MLflow host is not a text.'));
  }
  if (!isDateTime(context.importedAt)) {
    throw new Refused(trans.__('The pull time is not a date and time.'));
  }
  return {
    kind: 'mlflow',
    file: context.host,
    imported_at: context.importedAt,
    mlflow_run_id: mlflowRunId,
    run_url: webLink(url)
  };
}
