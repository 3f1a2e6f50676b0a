/**
 * An in-memory `IMlflowSync` for the views' tests: states set by the test,
 * every call recorded.
 */
import { ISignal, Signal } from '@lumino/signaling';
import type { IMlflowSync, IRunSyncState } from '../../tokens';

export class FakeMlflowSync implements IMlflowSync {
  /** The ids of every `runStates` call, in order. */
  readonly runStatesCalls: string[][] = [];
  /** The experiment id of every `pull` call, in order. */
  readonly pullCalls: string[] = [];
  syncNowCalls = 0;
  /** What `pull` does; resolves with nothing added by default. */
  pullResult: () => Promise<IMlflowSync.IPullResult> = async () => ({
    added: 0,
    known: 0,
    skipped: []
  });

  get status(): IMlflowSync.IStatus {
    return this._status;
  }

  get statusChanged(): ISignal<IMlflowSync, IMlflowSync.IStatus> {
    return this._statusChanged;
  }

  get runStatesChanged(): ISignal<IMlflowSync, readonly IRunSyncState[]> {
    return this._runStatesChanged;
  }

  /** Change the status and say so. */
  setStatus(change: Partial<IMlflowSync.IStatus>): void {
    this._status = { ...this._status, ...change };
    this._statusChanged.emit(this._status);
  }

  /** Store states without a change notice (the state before a view opens). */
  seed(states: IRunSyncState[]): void {
    for (const state of states) {
      this._states.set(state.run_id, state);
    }
  }

  /** Store states and emit `runStatesChanged`, as a push would. */
  change(states: IRunSyncState[]): void {
    this.seed(states);
    this._runStatesChanged.emit(states);
  }

  /**
   * Hold the answers of `runStates` (read as of the call) until the returned
   * function is called: a slow IndexedDB read.
   */
  holdRunStates(): () => void {
    let release!: () => void;
    this._held = new Promise<void>(resolve => (release = resolve));
    return release;
  }

  async runStates(
    runIds: readonly string[]
  ): Promise<Map<string, IRunSyncState>> {
    this.runStatesCalls.push([...runIds]);
    const found = new Map<string, IRunSyncState>();
    for (const id of runIds) {
      const state = this._states.get(id);
      if (state) {
        found.set(id, state);
      }
    }
    await this._held;
    return found;
  }

  async syncNow(): Promise<void> {
    this.syncNowCalls++;
  }

  pull(experimentId: string): Promise<IMlflowSync.IPullResult> {
    this.pullCalls.push(experimentId);
    return this.pullResult();
  }

  /** The ids of every `loadSeries` call, in order. */
  readonly loadSeriesCalls: string[][] = [];
  /** What `loadSeries` does; loads nothing by default. */
  loadSeriesResult: (
    runIds: readonly string[]
  ) => Promise<IMlflowSync.ISeriesResult> = async () => ({
    loaded: [],
    failed: []
  });

  loadSeries(runIds: readonly string[]): Promise<IMlflowSync.ISeriesResult> {
    this.loadSeriesCalls.push([...runIds]);
    return this.loadSeriesResult(runIds);
  }

  private _status: IMlflowSync.IStatus = {
    enabled: true,
    phase: 'idle',
    waiting: 0,
    failed: 0,
    trackingUri: 'http://127.0.0.1:5000',
    message: null
  };
  private _held: Promise<void> = Promise.resolve();
  private _states = new Map<string, IRunSyncState>();
  private _statusChanged = new Signal<IMlflowSync, IMlflowSync.IStatus>(this);
  private _runStatesChanged = new Signal<IMlflowSync, readonly IRunSyncState[]>(
    this
  );
}

/** A sync state of `run-<number>` (experiment `exp-1`), synced by default. */
export function makeSyncState(
  number: number,
  overrides: Partial<IRunSyncState> = {}
): IRunSyncState {
  return {
    run_id: `run-${number}`,
    experiment_id: 'exp-1',
    state: 'synced',
    pushed_updated_at: '2024-01-01T00:00:00.000Z',
    artifacts_pushed: true,
    mlflow: {
      run_id: `mlflow-${number}`,
      experiment_id: '7',
      run_url: `http://127.0.0.1:5000/#/experiments/7/runs/mlflow-${number}`,
      tracking_uri: 'http://127.0.0.1:5000'
    },
    attempts: 0,
    next_attempt_at: null,
    error: null,
    updated_at: '2024-01-01T00:00:01.000Z',
    ...overrides
  };
}
