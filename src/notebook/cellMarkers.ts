/**
 * Keeps the visible markers of tagged cells in one notebook up to date as
 * cells are added, retagged or the tag settings change.
 */
import type { ICellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';
import { Signal } from '@lumino/signaling';
import type { IRunRecorder } from '../tokens';
import { updateMarkers } from './tagging';

export class CellMarkers implements IDisposable {
  constructor(
    private _panel: NotebookPanel,
    private _tags: () => IRunRecorder.ITags,
    private _labels: { parameters: string; tracked: string }
  ) {
    void _panel.context.ready.then(() => {
      if (this._isDisposed) {
        return;
      }
      const cells = _panel.content.model?.cells;
      cells?.changed.connect(this._onCellsChanged, this);
      this._onCellsChanged();
    });
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Re-apply markers on the next frame (coalesces bursts of changes). */
  refresh(): void {
    if (this._frame !== null || this._isDisposed) {
      return;
    }
    this._frame = requestAnimationFrame(() => {
      this._frame = null;
      if (!this._isDisposed && !this._panel.isDisposed) {
        updateMarkers(this._panel.content, this._tags(), this._labels);
      }
    });
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    if (this._frame !== null) {
      cancelAnimationFrame(this._frame);
    }
    for (const model of this._watched) {
      model.metadataChanged.disconnect(this.refresh, this);
    }
    this._watched.clear();
    Signal.clearData(this);
  }

  private _onCellsChanged(): void {
    const cells = this._panel.content.model?.cells;
    if (!cells) {
      return;
    }
    const current = new Set<ICellModel>();
    for (let index = 0; index < cells.length; index++) {
      current.add(cells.get(index));
    }
    for (const model of this._watched) {
      if (!current.has(model)) {
        model.metadataChanged.disconnect(this.refresh, this);
        this._watched.delete(model);
      }
    }
    for (const model of current) {
      if (!this._watched.has(model)) {
        model.metadataChanged.connect(this.refresh, this);
        this._watched.add(model);
      }
    }
    this.refresh();
  }

  private _frame: number | null = null;
  private _isDisposed = false;
  private _watched = new Set<ICellModel>();
}
