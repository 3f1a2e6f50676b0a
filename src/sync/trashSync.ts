/**
 * The trash in the MLflow sync. A run moved to the trash is pushed as a
 * deletion (only what finds its MLflow run: no params, metrics or
 * artifacts), a restored run as itself again, so both ride the outbox like
 * any change. A run deleted for good keeps its sync state until MLflow has
 * the delete; then the state goes. Pure decisions, and the one outbox write
 * a purge makes.
 */
import type { IMlflowRunDeletion } from '../model/mlflow/protocol';
import type {
  IndexedDBSyncStateStore,
  ISyncStateChange
} from '../store/syncStates';
import type { IRunSummary, IRunSyncState } from '../tokens';

/** The deletion pushed for a run in the trash. */
export function deletionOf(
  run: Pick<IRunSummary, 'id'>,
  state: IRunSyncState,
  experimentName: string
): IMlflowRunDeletion {
  return {
    runlog_run_id: run.id,
    deleted: true,
    mlflow_run_id: state.mlflow?.run_id ?? null,
    experiment_name: experimentName
  };
}

/**
 * The deletion pushed for a run deleted for good: by its MLflow run id
 * only, since the run (and so its experiment's name) is gone.
 */
export function purgedDeletionOf(state: IRunSyncState): IMlflowRunDeletion {
  return {
    runlog_run_id: state.run_id,
    deleted: true,
    mlflow_run_id: state.mlflow?.run_id ?? null,
    experiment_name: null
  };
}

/** Whether MLflow has nothing left to learn of this purged run. */
function mlflowIsDone(state: IRunSyncState): boolean {
  return state.mlflow === null || state.mlflow_deleted === true;
}

/**
 * What a purge makes of a run's state: `drop` when MLflow has no run for it
 * or has its delete already, a state waiting to deliver the delete
 * otherwise, null when there is nothing to do (no state, purged already).
 */
export function stateAfterPurge(
  existing: IRunSyncState | undefined,
  now: number
): IRunSyncState | 'drop' | null {
  if (!existing || existing.purged) {
    return null;
  }
  if (mlflowIsDone(existing)) {
    return 'drop';
  }
  return {
    ...existing,
    purged: true,
    state: 'waiting',
    attempts: 0,
    next_attempt_at: null,
    error: null,
    updated_at: new Date(now).toISOString()
  };
}

/**
 * What to write for a push's outcome, given the state stored now: a purge
 * may have come while the push was under way. A purged run whose delete
 * MLflow has is dropped; an outcome for a run purged meanwhile keeps
 * waiting to deliver the delete when MLflow has a live run for it.
 */
export function outcomeToWrite(
  outcome: IRunSyncState,
  stored: IRunSyncState | undefined,
  now: number
): IRunSyncState | 'drop' {
  const purgedMeanwhile = !outcome.purged && (!stored || stored.purged);
  if (!purgedMeanwhile) {
    return outcome.purged && outcome.state === 'synced' ? 'drop' : outcome;
  }
  const after = stateAfterPurge(outcome, now);
  return after === null ? outcome : after;
}

/**
 * What one push's outcomes write, read against the states stored now (in
 * the same transaction): the states, `updated_at` set, and the drops.
 */
export function outcomesChange(
  outcomes: readonly IRunSyncState[],
  stored: ReadonlyMap<string, IRunSyncState>,
  now: number,
  updated_at: string
): ISyncStateChange {
  const change: Required<Pick<ISyncStateChange, 'states' | 'drop'>> = {
    states: [],
    drop: []
  };
  for (const outcome of outcomes) {
    const write = outcomeToWrite(outcome, stored.get(outcome.run_id), now);
    if (write === 'drop') {
      change.drop.push(outcome.run_id);
    } else {
      change.states.push({ ...write, updated_at });
    }
  }
  return change;
}

/** The outbox change for runs deleted for good (one transaction). */
export function purgeChange(
  runIds: readonly string[],
  existing: ReadonlyMap<string, IRunSyncState>,
  now: number
): ISyncStateChange {
  const change: Required<Pick<ISyncStateChange, 'states' | 'drop'>> = {
    states: [],
    drop: []
  };
  for (const runId of runIds) {
    const after = stateAfterPurge(existing.get(runId), now);
    if (after === 'drop') {
      change.drop.push(runId);
    } else if (after !== null) {
      change.states.push(after);
    }
  }
  return change;
}

/**
 * Record in the outbox that runs were deleted for good; resolves with the
 * states written (those waiting to deliver the MLflow delete).
 */
export function recordPurges(
  states: Pick<IndexedDBSyncStateStore, 'modify'>,
  runIds: readonly string[],
  now: number
): Promise<IRunSyncState[]> {
  return states.modify(runIds, existing => purgeChange(runIds, existing, now));
}
