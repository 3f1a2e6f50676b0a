/**
 * The outbox's decisions, as pure functions of states, runs and time: when a
 * run waits, when it is due, what one push takes, and what a push's outcome
 * makes of each state. The sync service only reads, calls and writes.
 */
import type { IMlflowPushResult } from '../model/mlflow/protocol';
import type { IRunSummary, IRunSyncState } from '../tokens';

/** The first retry waits this long; each further failure doubles it… */
export const FIRST_RETRY_MS = 5_000;
/** …up to this. */
export const MAX_RETRY_MS = 10 * 60_000;
/** At most this many runs per push request. */
export const MAX_RUNS_PER_PUSH = 20;
/** About this many bytes of payload per push request (one run may exceed it). */
export const MAX_PUSH_BYTES = 2_000_000;

/**
 * The wait before retry number `attempts` (1 = first failure): exponential,
 * capped, with ±20 % jitter so tabs and machines do not retry in step.
 * `random` is in [0, 1).
 */
export function retryDelayMs(attempts: number, random: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  const base = Math.min(FIRST_RETRY_MS * 2 ** exponent, MAX_RETRY_MS);
  return Math.round(base * (0.8 + 0.4 * random));
}

/** A run that never had a state, waiting for its first push. */
export function newWaitingState(run: IRunSummary, now: number): IRunSyncState {
  return {
    run_id: run.id,
    experiment_id: run.experiment.id,
    state: 'waiting',
    pushed_updated_at: null,
    artifacts_pushed: false,
    mlflow: null,
    attempts: 0,
    next_attempt_at: null,
    error: null,
    updated_at: new Date(now).toISOString()
  };
}

/**
 * The state after the run was written (captured, annotated): waiting unless
 * MLflow has this very version. Null when nothing needs writing: the state
 * is waiting already (its back-off kept, so an unreachable server is not
 * hammered by every captured cell) or synced at this `updated_at`.
 */
export function stateAfterChange(
  existing: IRunSyncState | undefined,
  run: IRunSummary,
  now: number
): IRunSyncState | null {
  if (!existing) {
    return newWaitingState(run, now);
  }
  if (existing.state === 'waiting') {
    return null;
  }
  if (
    existing.pushed_updated_at !== null &&
    run.updated_at <= existing.pushed_updated_at
  ) {
    return null;
  }
  // A new version of a failed run may well be accepted: start afresh.
  return {
    ...existing,
    state: 'waiting',
    attempts: 0,
    next_attempt_at: null,
    error: null,
    updated_at: new Date(now).toISOString()
  };
}

/** Whether a waiting run may be pushed at `now`. */
export function isDue(state: IRunSyncState, now: number): boolean {
  return (
    state.state === 'waiting' &&
    (state.next_attempt_at === null || state.next_attempt_at <= now)
  );
}

/** Epoch ms of the earliest retry among waiting states, or null. */
export function nextDueAt(states: readonly IRunSyncState[]): number | null {
  let earliest: number | null = null;
  for (const state of states) {
    if (state.state !== 'waiting') {
      continue;
    }
    const at = state.next_attempt_at ?? 0;
    earliest = earliest === null ? at : Math.min(earliest, at);
  }
  return earliest;
}

/**
 * The due states one push round takes, oldest wait first (never-tried runs
 * before retries), at most `maxRuns`.
 */
export function dueBatch(
  states: readonly IRunSyncState[],
  now: number,
  maxRuns = MAX_RUNS_PER_PUSH
): IRunSyncState[] {
  return states
    .filter(state => isDue(state, now))
    .sort(
      (a, b) =>
        (a.next_attempt_at ?? 0) - (b.next_attempt_at ?? 0) ||
        a.updated_at.localeCompare(b.updated_at) ||
        a.run_id.localeCompare(b.run_id)
    )
    .slice(0, maxRuns);
}

/**
 * How many of `sizes` (payload bytes, in order) one request carries: as
 * many as fit in `maxBytes`, and always at least the first.
 */
export function fitByBytes(
  sizes: readonly number[],
  maxBytes = MAX_PUSH_BYTES
): number {
  let total = 0;
  for (let i = 0; i < sizes.length; i++) {
    total += sizes[i];
    if (total > maxBytes && i > 0) {
      return i;
    }
  }
  return sizes.length;
}

/** Whether a push should carry the run's artifacts: closed and not sent yet. */
export function shouldSendArtifacts(
  run: Pick<IRunSummary, 'status'>,
  state: IRunSyncState
): boolean {
  return run.status !== 'running' && !state.artifacts_pushed;
}

/** What was pushed for one run. */
export interface IPushedRun {
  /** The `updated_at` of the version sent. */
  updatedAt: string;
  withArtifacts: boolean;
  /** Sent as a deletion (the run is in the trash or deleted for good). */
  deleted: boolean;
}

/**
 * The state after a push's result for one run. `latestUpdatedAt` is the
 * newest version of the run known now: when the run changed while the push
 * was under way it stays waiting, to be pushed again.
 */
export function stateAfterResult(
  state: IRunSyncState,
  pushed: IPushedRun,
  result: IMlflowPushResult,
  context: {
    now: number;
    random: number;
    trackingUri: string;
    latestUpdatedAt: string | null;
  }
): IRunSyncState {
  const updated_at = new Date(context.now).toISOString();
  if (result.ok) {
    const changedSince =
      context.latestUpdatedAt !== null &&
      context.latestUpdatedAt > pushed.updatedAt;
    return {
      ...state,
      state: changedSince ? 'waiting' : 'synced',
      pushed_updated_at: pushed.updatedAt,
      artifacts_pushed: state.artifacts_pushed || pushed.withArtifacts,
      // A deletion of a run MLflow never had names none.
      mlflow:
        result.mlflow_run_id === null
          ? null
          : {
              run_id: result.mlflow_run_id,
              experiment_id: result.mlflow_experiment_id ?? '',
              run_url: result.run_url,
              tracking_uri: context.trackingUri
            },
      mlflow_deleted: pushed.deleted,
      attempts: 0,
      next_attempt_at: null,
      error: null,
      updated_at
    };
  }
  if (result.retryable) {
    return retryLater(state, result.error, context.now, context.random);
  }
  return {
    ...state,
    state: 'failed',
    attempts: state.attempts + 1,
    next_attempt_at: null,
    error: result.error,
    updated_at
  };
}

/** The state after an attempt that did not reach MLflow: waiting, backed off. */
export function retryLater(
  state: IRunSyncState,
  error: string,
  now: number,
  random: number
): IRunSyncState {
  const attempts = state.attempts + 1;
  return {
    ...state,
    state: 'waiting',
    attempts,
    next_attempt_at: now + retryDelayMs(attempts, random),
    error,
    updated_at: new Date(now).toISOString()
  };
}

/** `syncNow`: waiting and failed runs become due at once. */
export function retryNow(state: IRunSyncState, now: number): IRunSyncState {
  return {
    ...state,
    state: 'waiting',
    next_attempt_at: null,
    updated_at: new Date(now).toISOString()
  };
}

/** The later of two ISO 8601 times (null counts as earliest). */
export function laterTime(a: string | null, b: string | null): string | null {
  if (a === null) {
    return b;
  }
  if (b === null) {
    return a;
  }
  return a >= b ? a : b;
}
