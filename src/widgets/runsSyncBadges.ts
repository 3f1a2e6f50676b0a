/**
 * The runs table's MLflow badges: a small mark in each row's status cell
 * saying whether the run is synced, waiting or failed (the reason in its
 * tooltip), or was pulled from MLflow.
 *
 * Cheap at any table size: the states are read only for rows as they are
 * painted, all rows of one paint in a single `runStates` call, and a change
 * of states repaints the badges of the painted rows it concerns, nothing else.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';
import type { IMlflowSync, IRunSummary, IRunSyncState } from '../tokens';
import type { RunsTable } from './runsTable';
import {
  describeRunSync,
  mlflowOrigin,
  mlflowUrlOf,
  syncTooltip
} from './runSyncDescription';

/**
 * The badge's class; `data-sync-state` holds its kind. Its mark is drawn by
 * CSS, so the status cell's text stays the status word.
 */
export const SYNC_BADGE_CLASS = 'jp-runlog-SyncBadge';

export class RunsSyncBadges implements IDisposable {
  constructor(options: RunsSyncBadges.IOptions) {
    this._sync = options.sync;
    this._table = options.table;
    this._trans = options.trans;
    this._sync.runStatesChanged.connect(this._onStatesChanged, this);
    this._sync.statusChanged.connect(this._onStatusChanged, this);
    this._enabled = this._sync.status.enabled;
    this._table.setRowAdornment(this._adorn);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The sync state read or received for a run, if any. */
  stateOf(runId: string): IRunSyncState | undefined {
    return this._states.get(runId);
  }

  /** The MLflow link of a run as far as known now (no request). */
  knownUrlOf(run: IRunSummary | undefined, runId: string): string | null {
    return mlflowUrlOf(run, this._states.get(runId));
  }

  /** Resolves when the states asked for so far have arrived (tests, commands). */
  get settled(): Promise<void> {
    return this._inFlight;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._sync.runStatesChanged.disconnect(this._onStatesChanged, this);
    this._sync.statusChanged.disconnect(this._onStatusChanged, this);
    if (!this._table.isDisposed) {
      this._table.setRowAdornment(null);
    }
  }

  /** Draws a row's badge; asks for its state if not read yet. */
  private _adorn = (run: IRunSummary, row: HTMLElement): void => {
    // Pulled runs are never pushed: they have no state to read.
    if (
      this._enabled &&
      !this._asked.has(run.id) &&
      !mlflowOrigin(run.origin)
    ) {
      this._ask(run.id);
    }
    const cell = row.querySelector(
      '.jp-runlog-RunsTable-cell.jp-runlog-mod-status'
    );
    const old = cell?.querySelector(`.${SYNC_BADGE_CLASS}`);
    const description = this._enabled
      ? describeRunSync(run, this._states.get(run.id), this._trans)
      : null;
    if (!cell || !description || description.kind === 'none') {
      old?.remove();
      return;
    }
    const badge = document.createElement('span');
    badge.className = `${SYNC_BADGE_CLASS} ${SYNC_BADGE_CLASS}-${description.kind}`;
    badge.dataset.syncState = description.kind;
    badge.setAttribute('role', 'img');
    badge.setAttribute('aria-label', description.label);
    badge.title = syncTooltip(description);
    if (old) {
      old.replaceWith(badge);
    } else {
      cell.appendChild(badge);
    }
  };

  /** Queue a run for the next read. */
  private _ask(runId: string): void {
    this._asked.add(runId);
    this._pending.push(runId);
    if (this._pending.length > 1) {
      return;
    }
    // After the reads before it: one read takes every run queued meanwhile.
    this._inFlight = this._inFlight
      .then(() => this._read())
      .catch(reason =>
        console.warn('jupyterlab-runlog: cannot read sync states', reason)
      );
  }

  private async _read(): Promise<void> {
    const ids = this._pending;
    this._pending = [];
    let states: Map<string, IRunSyncState>;
    try {
      states = await this._sync.runStates(ids);
    } catch (reason) {
      // Ask again when the rows are painted next.
      for (const id of ids) {
        this._asked.delete(id);
      }
      throw reason;
    }
    if (!this._isDisposed) {
      this._take([...states.values()]);
    }
  }

  private _onStatesChanged(
    _: IMlflowSync,
    states: readonly IRunSyncState[]
  ): void {
    this._take(states);
  }

  /** Keep the newer of each state and repaint those runs' badges. */
  private _take(states: readonly IRunSyncState[]): void {
    const changed: string[] = [];
    for (const state of states) {
      const known = this._states.get(state.run_id);
      if (known && known.updated_at > state.updated_at) {
        continue;
      }
      this._states.set(state.run_id, state);
      this._asked.add(state.run_id);
      changed.push(state.run_id);
    }
    if (changed.length && this._enabled && !this._table.isDisposed) {
      this._table.refreshRowAdornments(changed);
    }
  }

  private _onStatusChanged(_: IMlflowSync, status: IMlflowSync.IStatus): void {
    if (status.enabled === this._enabled) {
      return;
    }
    this._enabled = status.enabled;
    this._table.refreshRowAdornments();
  }

  private _sync: IMlflowSync;
  private _table: RunsTable;
  private _trans: TranslationBundle;
  private _enabled: boolean;
  private _states = new Map<string, IRunSyncState>();
  /** Runs whose state was read or is being read (known absent included). */
  private _asked = new Set<string>();
  private _pending: string[] = [];
  private _inFlight: Promise<void> = Promise.resolve();
  private _isDisposed = false;
}

export namespace RunsSyncBadges {
  export interface IOptions {
    sync: IMlflowSync;
    table: RunsTable;
    trans: TranslationBundle;
  }
}
