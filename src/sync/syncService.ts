/**
 * IMlflowSync: keeps the outbox (sync_states) in step with the run store
 * and pushes what waits through the server extension. The decisions are in
 * outbox.ts; this class reads, calls, writes and reports.
 *
 * A changed run is first written as `waiting` (durable before any network
 * call), then a debounced round pushes due runs in batches. On start, and
 * when sync is turned on, runs written since the stored watermark that
 * MLflow does not have at their `updated_at` are queued (all runs the
 * first time: the backfill), and waiting runs resume.
 */
import type { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import type { IMlflowServerStatus } from '../model/mlflow/protocol';
import { ChangeBroadcast } from '../store/broadcast';
import type { IndexedDBSyncStateStore } from '../store/syncStates';
import type { Translate } from '../store/messages';
import type {
  IMlflowSync,
  IRunStore,
  IRunSummary,
  IRunSyncState
} from '../tokens';
import { DEFAULT_OUTPUT_LIMITS } from '../model/record/outputs';
import { syncErrorKind } from './answers';
import { loadMetricHistories, SharedSeriesLoads } from './metricHistories';
import type { IMlflowClient } from './mlflowClient';
import type { IRunMapper } from './mapper';
import { laterTime } from './outbox';
import { pullExperiment } from './pull';
import {
  enqueueRuns,
  reconcilePages,
  retryAllNow,
  storedWatermark
} from './queue';
import { EarliestTimer, type Schedule } from './timer';
import { LOCKED_RETRY_MS, PushRounds } from './pushRounds';
import { nextStatus, serverProblem } from './serverStatus';
import { recordPurges } from './trashSync';

export interface ISyncSettings {
  enabled: boolean;
  trackingUri: string;
  experimentNameTemplate: string;
}

export class MlflowSyncService implements IMlflowSync, IDisposable {
  constructor(options: MlflowSyncService.IOptions) {
    this._store = options.store;
    this._states = options.states;
    this._client = options.client;
    this._mapper = options.mapper;
    this._tr = options.translate;
    this._now = options.now ?? Date.now;
    this._debounceMs = options.debounceMs ?? 1000;
    this._timer = new EarliestTimer(this._now, options.schedule);
    this._push = new PushRounds({
      store: this._store,
      states: this._states,
      client: this._client,
      mapper: this._mapper,
      tr: this._tr,
      now: this._now,
      random: options.random ?? Math.random,
      locks: options.locks ?? null,
      timer: this._timer,
      settings: () => this._settings,
      status: () => this._status,
      update: change => this._update(change),
      isActive: () => this._active && !this._isDisposed,
      announce: states => this._announce(states),
      refreshCounts: () => this._refreshCounts(),
      flush: () => void this.flush()
    });
    this._maxSeriesPoints =
      options.maxSeriesPoints ?? (() => DEFAULT_OUTPUT_LIMITS.maxSeriesPoints);
    this._store.changed.connect(this._onRunsChanged, this);
    if (options.broadcastName) {
      // Tell the other tabs which states changed: only one of them pushes.
      this._broadcast = ChangeBroadcast.open(
        options.broadcastName,
        notice => void this._onOtherTabWrote(notice.ids)
      );
    }
  }

  get status(): IMlflowSync.IStatus {
    return this._status;
  }
  get statusChanged(): ISignal<IMlflowSync, IMlflowSync.IStatus> {
    return this._statusChanged;
  }
  get runStatesChanged(): ISignal<IMlflowSync, readonly IRunSyncState[]> {
    return this._runStatesChanged;
  }
  get isDisposed(): boolean {
    return this._isDisposed;
  }
  /** The settings in force. */
  get settings(): ISyncSettings {
    return this._settings;
  }
  /** The server's last status answer, once one was read. */
  get serverStatus(): IMlflowServerStatus | null {
    return this._server;
  }

  /**
   * Apply settings: turning sync on checks the server, reconciles and
   * pushes what waits; turning it off stops pushing (states are kept).
   */
  async configure(settings: ISyncSettings): Promise<void> {
    this._settings = { ...settings };
    this._active = false;
    this._timer.cancel();
    if (!settings.enabled) {
      this._update({ enabled: false, phase: 'off', message: null });
      return;
    }
    // Counts first, so the item does not claim "synced" while runs wait.
    await this._refreshCounts();
    this._update({ enabled: true, phase: 'idle' });
    await this._activate();
  }

  async runStates(
    runIds: readonly string[]
  ): Promise<Map<string, IRunSyncState>> {
    return this._states.get(runIds);
  }

  async syncNow(): Promise<void> {
    if (!this._settings.enabled) {
      return;
    }
    if (!this._active) {
      await this._activate();
      if (!this._active) {
        return;
      }
    }
    this._announce(await retryAllNow(this._states, this._now()));
    this._push.releaseHold();
    await this.flush();
  }

  async pull(experimentId: string): Promise<IMlflowSync.IPullResult> {
    const server = this._server ?? (await this._checkServer());
    const problem = server && serverProblem(server, this._settings, this._tr);
    if (!server || problem) {
      throw new Error(problem?.message ?? this._status.message ?? '');
    }
    try {
      const result = await pullExperiment(
        {
          store: this._store,
          states: this._states,
          client: this._client,
          mapper: this._mapper,
          trackingUri: this._settings.trackingUri,
          experimentNameTemplate: this._settings.experimentNameTemplate,
          now: this._now
        },
        experimentId
      );
      if (
        this._pullError !== null &&
        this._status.message === this._pullError
      ) {
        this._update({ message: null });
      }
      this._pullError = null;
      return result;
    } catch (error) {
      // Callers such as the Runs panel leave reporting to the status.
      this._pullError = this._tr(
        'Could not pull runs from MLflow: %1',
        String((error as Error)?.message ?? error)
      );
      this._update({ message: this._pullError });
      throw error;
    }
  }

  async loadSeries(
    runIds: readonly string[]
  ): Promise<IMlflowSync.ISeriesResult> {
    return this._seriesLoads.load(runIds, fresh =>
      loadMetricHistories(
        {
          store: this._store,
          client: this._client,
          trackingUri: this._settings.trackingUri,
          maxPoints: this._maxSeriesPoints(),
          tr: this._tr,
          now: this._now,
          serverProblem: async () => {
            const server = this._server ?? (await this._checkServer());
            return server
              ? (serverProblem(server, this._settings, this._tr)?.message ??
                  null)
              : (this._status.message ?? this._tr('MLflow cannot be reached.'));
          }
        },
        fresh
      )
    );
  }

  /** Resolves once the run changes seen so far are in the outbox. */
  whenQueued(): Promise<void> {
    return this._enqueuing;
  }

  /**
   * Finish queuing the changes seen so far, then push what is due now
   * (respecting back-off). The timer calls it; tests await it.
   */
  async flush(): Promise<void> {
    await this._enqueuing;
    if (this._round) {
      await this._round;
    }
    if (!this._active || this._isDisposed) {
      return;
    }
    this._round = this._push.run().finally(() => (this._round = null));
    await this._round;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._active = false;
    this._timer.cancel();
    this._broadcast?.dispose();
    Signal.clearData(this);
  }

  /** Check the server; when it can sync, reconcile and push. */
  private async _activate(): Promise<void> {
    const server = await this._checkServer();
    if (!server || !this._settings.enabled || this._isDisposed) {
      return;
    }
    const problem = serverProblem(server, this._settings, this._tr);
    if (problem) {
      this._update({ phase: 'unavailable', message: problem.message });
      return;
    }
    this._active = true;
    this._update({
      phase: 'idle',
      message: null,
      trackingUri: this._settings.trackingUri || server.default_uri
    });
    await this._reconcile();
    await this.flush();
  }

  /** The server's status, or null (with the phase set) when it cannot be read. */
  private async _checkServer(): Promise<IMlflowServerStatus | null> {
    try {
      this._server = await this._client.status();
      return this._server;
    } catch (error) {
      const offline = syncErrorKind(error) === 'offline';
      this._update({
        phase: offline ? 'offline' : 'unavailable',
        message: (error as Error).message
      });
      if (offline && this._settings.enabled) {
        // Ask again later; the runs keep waiting meanwhile.
        this._timer.arm(LOCKED_RETRY_MS, () => void this._activate());
      }
      return null;
    }
  }

  /** Queue runs written since the watermark (every run the first time). */
  private async _reconcile(): Promise<void> {
    const stored = await storedWatermark(this._states);
    this._watermark = laterTime(this._watermark, stored);
    await reconcilePages(this._states, stored, runs => this._enqueue(runs));
    await this._refreshCounts();
  }

  private _onRunsChanged(_: IRunStore, change: IRunStore.IChange): void {
    const removed = change.removed ?? [];
    if (removed.length) {
      // Even with sync off or not started: no reconcile sees a purged run
      // again, and its MLflow run may still have to be deleted.
      this._queue(async () => {
        const written = await recordPurges(this._states, removed, this._now());
        this._announce(written);
        await this._refreshCounts();
      });
    }
    if (!this._active) {
      return; // The watermark lets the next activation catch up.
    }
    const runs = change.runs;
    for (const run of runs) {
      this._push.noteChanged(run);
    }
    this._queue(() => this._enqueue(runs));
  }

  /** Queue an outbox write after those before it, then push soon. */
  private _queue(write: () => Promise<void>): void {
    this._enqueuing = this._enqueuing.then(write).catch(error => {
      if (!this._isDisposed) {
        console.error('jupyterlab-runlog: cannot queue runs for MLflow', error);
      }
    });
    void this._enqueuing.then(() =>
      this._timer.arm(this._debounceMs, () => void this.flush())
    );
  }

  private async _enqueue(runs: readonly IRunSummary[]): Promise<void> {
    const queued = await enqueueRuns(this._states, runs, {
      isPushable: run => this._mapper.isPushable(run),
      watermark: this._watermark,
      now: this._now()
    });
    this._watermark = queued.watermark;
    if (queued.written.length) {
      this._announce(queued.written);
      await this._refreshCounts();
    }
  }

  /** Emit `runStatesChanged` here and in the other tabs. */
  private _announce(states: readonly IRunSyncState[]): void {
    if (!states.length) {
      return;
    }
    this._runStatesChanged.emit(states);
    this._broadcast?.post({
      experimentId: '',
      ids: states.map(state => state.run_id)
    });
  }

  private async _onOtherTabWrote(runIds: readonly string[]): Promise<void> {
    try {
      const states = await this._states.get(runIds);
      if (states.size && !this._isDisposed) {
        this._runStatesChanged.emit([...states.values()]);
      }
      await this._refreshCounts();
    } catch {
      // Disposed or the database is closing: the next read catches up.
    }
  }

  private async _refreshCounts(): Promise<void> {
    const counts = await this._states.counts();
    this._update({ waiting: counts.waiting, failed: counts.failed });
  }

  private _update(change: Partial<IMlflowSync.IStatus>): void {
    const next = nextStatus(this._status, change);
    if (next && !this._isDisposed) {
      this._status = next;
      this._statusChanged.emit(next);
    }
  }

  private readonly _store: IRunStore;
  private readonly _states: IndexedDBSyncStateStore;
  private readonly _client: IMlflowClient;
  private readonly _mapper: IRunMapper;
  private readonly _tr: Translate;
  private readonly _now: () => number;
  private readonly _debounceMs: number;
  private readonly _timer: EarliestTimer;
  private readonly _push: PushRounds;
  private readonly _maxSeriesPoints: () => number;
  private _seriesLoads = new SharedSeriesLoads();
  private _settings: ISyncSettings = {
    enabled: false,
    trackingUri: '',
    experimentNameTemplate: '{notebook_path}'
  };
  private _active = false;
  private _server: IMlflowServerStatus | null = null;
  private _watermark: string | null = null;
  /** The message of the last failed pull, while the status shows it. */
  private _pullError: string | null = null;
  private _enqueuing: Promise<void> = Promise.resolve();
  private _round: Promise<void> | null = null;
  private _isDisposed = false;
  private _broadcast: ChangeBroadcast | null = null;
  private _status: IMlflowSync.IStatus = {
    enabled: false,
    phase: 'off',
    waiting: 0,
    failed: 0,
    trackingUri: null,
    message: null
  };
  private _statusChanged = new Signal<IMlflowSync, IMlflowSync.IStatus>(this);
  private _runStatesChanged = new Signal<IMlflowSync, readonly IRunSyncState[]>(
    this
  );
}

export namespace MlflowSyncService {
  export interface IOptions {
    store: IRunStore;
    states: IndexedDBSyncStateStore;
    client: IMlflowClient;
    mapper: IRunMapper;
    translate: Translate;
    /** A BroadcastChannel name, to tell other tabs of state changes; none by default. */
    broadcastName?: string | null;
    /** Web Locks, so only one tab pushes at a time (`navigator.locks`). */
    locks?: LockManager | null;
    /** Wait after a change before pushing (ms), so a run's cells go in one push. */
    debounceMs?: number;
    now?: () => number;
    random?: () => number;
    schedule?: Schedule;
    /** Points kept per fetched metric series (the capture setting). */
    maxSeriesPoints?: () => number;
  }
}
