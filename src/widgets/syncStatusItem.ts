/**
 * The status bar item of the MLflow sync: what waits, what failed, whether
 * MLflow can be reached. Hidden while sync is off; a click retries now.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import type { IMlflowSync } from '../tokens';

/** The item's text, e.g. `MLflow: 3 waiting`; null when it is hidden. */
export function syncStatusText(
  status: IMlflowSync.IStatus,
  trans: TranslationBundle
): string | null {
  switch (status.phase) {
    case 'off':
      return null;
    case 'unavailable':
      return trans.__('MLflow: unavailable');
    case 'offline':
      return status.waiting
        ? trans.__('MLflow: offline (%1 waiting)', status.waiting)
        : trans.__('MLflow: offline');
    case 'syncing':
      return trans.__('MLflow: syncing (%1 waiting)', status.waiting);
  }
  if (status.failed) {
    return status.waiting
      ? trans.__('MLflow: %1 failed, %2 waiting', status.failed, status.waiting)
      : trans.__('MLflow: %1 failed', status.failed);
  }
  return status.waiting
    ? trans.__('MLflow: %1 waiting', status.waiting)
    : trans.__('MLflow: synced');
}

/** The item's tooltip: the problem, else where runs go. */
export function syncStatusTitle(
  status: IMlflowSync.IStatus,
  trans: TranslationBundle
): string {
  const lines: string[] = [];
  if (status.message) {
    lines.push(status.message);
  }
  if (status.trackingUri) {
    lines.push(trans.__('Tracking server: %1', status.trackingUri));
  }
  lines.push(trans.__('Click to sync now'));
  return lines.join('\n');
}

export class SyncStatusItem extends Widget {
  constructor(options: SyncStatusItem.IOptions) {
    super({ node: document.createElement('button') });
    this.addClass('jp-runlog-SyncStatus');
    this.node.setAttribute('type', 'button');
    this._sync = options.sync;
    this._trans = options.trans;
    this.node.addEventListener('click', options.onClick);
    this._sync.statusChanged.connect(this._render, this);
    this._render();
  }

  /** Emitted when the item should appear or disappear (sync turned on or off). */
  get activeStateChanged(): ISignal<this, void> {
    return this._activeStateChanged;
  }

  /** Whether the status bar shows the item. */
  get isActive(): boolean {
    return syncStatusText(this._sync.status, this._trans) !== null;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    Signal.clearData(this);
    super.dispose();
  }

  private _render(): void {
    const status = this._sync.status;
    const text = syncStatusText(status, this._trans);
    this.node.textContent = text ?? '';
    this.node.title = syncStatusTitle(status, this._trans);
    this.node.dataset.phase = status.phase;
    this.toggleClass('jp-mod-failed', status.failed > 0);
    const active = text !== null;
    if (active !== this._active) {
      this._active = active;
      this._activeStateChanged.emit();
    }
  }

  private readonly _sync: IMlflowSync;
  private readonly _trans: TranslationBundle;
  private _active: boolean | null = null;
  private _activeStateChanged = new Signal<this, void>(this);
}

export namespace SyncStatusItem {
  export interface IOptions {
    sync: IMlflowSync;
    trans: TranslationBundle;
    onClick: () => void;
  }
}
