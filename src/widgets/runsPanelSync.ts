/**
 * The Runs panel's side of MLflow sync: the table's sync badges, the MLflow
 * link of a run, and a pull of the shown experiment's MLflow runs when the
 * panel shows it (at most once a minute per experiment; failures show in
 * the sync status, not here).
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';
import type { IMlflowSync, IRunStore } from '../tokens';
import type { RunsTable } from './runsTable';
import { mlflowUrlOf } from './runSyncDescription';
import { RunsSyncBadges } from './runsSyncBadges';

/** The shortest time between two pulls of one experiment on showing it. */
export const PULL_INTERVAL_MS = 60_000;

/** Lets a pull per key through at most once per interval. */
export class PullThrottle {
  constructor(
    private readonly _intervalMs: number = PULL_INTERVAL_MS,
    private readonly _now: () => number = Date.now
  ) {}

  /** Whether a pull of `key` may start now; if so, it counts as started. */
  take(key: string): boolean {
    const now = this._now();
    const last = this._last.get(key);
    if (last !== undefined && now - last < this._intervalMs) {
      return false;
    }
    this._last.set(key, now);
    return true;
  }

  private _last = new Map<string, number>();
}

export class RunsPanelSync implements IDisposable {
  constructor(options: RunsPanelSync.IOptions) {
    this._sync = options.sync;
    this._store = options.store;
    this._table = options.table;
    this._shownExperiment = options.shownExperiment;
    this._throttle = new PullThrottle(options.pullIntervalMs, options.now);
    this.badges = new RunsSyncBadges({
      sync: options.sync,
      table: options.table,
      trans: options.trans
    });
    this._enabled = this._sync.status.enabled;
    this._sync.statusChanged.connect(this._onStatusChanged, this);
  }

  readonly badges: RunsSyncBadges;

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Pull the shown experiment's MLflow runs, if sync is on and it was not
   * pulled in the last interval. New runs arrive through the store.
   */
  pullIfDue(): void {
    const experimentId = this._shownExperiment();
    if (
      this._isDisposed ||
      experimentId === null ||
      !this._sync.status.enabled ||
      !this._throttle.take(experimentId)
    ) {
      return;
    }
    this._sync.pull(experimentId).catch(reason => {
      // The sync service reports failures in its status.
      console.debug('jupyterlab-runlog: pull from MLflow failed', reason);
    });
  }

  /** A listed run's MLflow link as known now (for a command's enablement). */
  knownUrlOf(runId: string): string | null {
    const run = this._table.runs.find(listed => listed.id === runId);
    return this.badges.knownUrlOf(run, runId);
  }

  /** Any run's MLflow link, read from the store and sync when not known. */
  async urlOf(runId: string): Promise<string | null> {
    const known = this.knownUrlOf(runId);
    if (known) {
      return known;
    }
    const [run, states] = await Promise.all([
      this._store.getRun(runId),
      this._sync.runStates([runId])
    ]);
    return mlflowUrlOf(run, states.get(runId));
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._sync.statusChanged.disconnect(this._onStatusChanged, this);
    this.badges.dispose();
  }

  /** Sync turned on: pull what the panel shows. */
  private _onStatusChanged(_: IMlflowSync, status: IMlflowSync.IStatus): void {
    const turnedOn = status.enabled && !this._enabled;
    this._enabled = status.enabled;
    if (turnedOn) {
      this.pullIfDue();
    }
  }

  private _sync: IMlflowSync;
  private _enabled: boolean;
  private _store: IRunStore;
  private _table: RunsTable;
  private _shownExperiment: () => string | null;
  private _throttle: PullThrottle;
  private _isDisposed = false;
}

export namespace RunsPanelSync {
  export interface IOptions {
    sync: IMlflowSync;
    store: IRunStore;
    table: RunsTable;
    trans: TranslationBundle;
    /** The experiment the panel shows while visible; null when hidden or none. */
    shownExperiment: () => string | null;
    pullIntervalMs?: number;
    now?: () => number;
  }
}
