import type { TranslationBundle } from '@jupyterlab/translation';
import type { IRunSummary } from '../tokens';
import type { RunsTableModel } from './runsTableModel';
import { renderRow, SELECT_RUN_CLASS } from './runsTableRows';

/** Rows painted beyond the visible ones, so a short scroll shows no gap. */
const OVERSCAN = 8;
/** jsdom (and a not-yet-laid-out node) report a height of 0. */
const FALLBACK_VIEWPORT_HEIGHT = 600;

interface IRenderedRow {
  run: IRunSummary;
  columnsVersion: number;
  node: HTMLElement;
  checkbox: HTMLInputElement | null;
}

/**
 * The runs table's body, virtualised: only the rows in the scroller's view
 * (plus a few) are in the DOM, each placed at its index, so 100,000 runs
 * scroll as smoothly as 10. A row's element is kept while its run and the
 * columns stay the same.
 */
export class RunsTableBody {
  constructor(options: RunsTableBody.IOptions) {
    this._scroller = options.scroller;
    this._model = options.model;
    this._rowHeight = options.rowHeight;
    this._idPrefix = options.idPrefix;
    this._trans = options.trans;
    this.node.className = 'jp-runlog-RunsTable-body';
    this.node.setAttribute('role', 'rowgroup');
  }

  /** The row group element; the table places it below the header. */
  readonly node = document.createElement('div');

  /**
   * Adds to a row what the table itself does not draw (e.g. a sync badge);
   * called for each row element when it is built and on `readorn`.
   */
  adornment: RunsTableBody.Adornment | null = null;

  /** Adorn the painted rows again: those of these runs, or all of them. */
  readorn(runIds?: Iterable<string>): void {
    const adorn = this.adornment;
    if (!adorn) {
      return;
    }
    const rows = runIds
      ? [...runIds].map(id => this._rendered.get(id))
      : this._rendered.values();
    for (const row of rows) {
      if (row) {
        adorn(row.run, row.node);
      }
    }
  }

  /** Rows that PageUp and PageDown move: a view's worth below the header. */
  get pageRows(): number {
    const rowHeight = this._rowHeight;
    return Math.max(
      1,
      Math.floor((this._viewportHeight() - rowHeight) / rowHeight)
    );
  }

  /**
   * Paint the rows in view with their selection state; returns how many row
   * elements are in the DOM and the focused run's row, when painted.
   */
  paint(): RunsTableBody.IPainted {
    const model = this._model;
    const rowHeight = this._rowHeight;
    const runs = model.runs;
    const total = runs.length;
    this._fitHeight();
    const viewport = this._viewportHeight();
    const top = this._scroller.scrollTop;
    const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
    const last = Math.min(
      total,
      Math.ceil((top + viewport - rowHeight) / rowHeight) + OVERSCAN
    );
    const now = Date.now();
    const next = new Map<string, IRenderedRow>();
    for (let index = first; index < last; index++) {
      const run = runs[index];
      let row = this._rendered.get(run.id);
      this._rendered.delete(run.id);
      if (
        row &&
        (row.run !== run || row.columnsVersion !== model.columnsVersion)
      ) {
        row.node.remove();
        row = undefined;
      }
      if (!row) {
        const node = renderRow(run, model.columns, {
          elementId: `${this._idPrefix}-${run.id}`,
          now,
          trans: this._trans
        });
        row = {
          run,
          columnsVersion: model.columnsVersion,
          node,
          checkbox: node.querySelector<HTMLInputElement>(`.${SELECT_RUN_CLASS}`)
        };
        this.adornment?.(run, node);
        this.node.appendChild(row.node);
      }
      const selected = model.selection.has(run.id);
      if (row.checkbox) {
        row.checkbox.checked = selected;
      }
      row.node.style.top = `${index * rowHeight}px`;
      row.node.setAttribute('aria-rowindex', String(index + 2));
      row.node.setAttribute('aria-selected', String(selected));
      row.node.classList.toggle('jp-mod-selected', selected);
      row.node.classList.toggle('jp-mod-active', run.id === model.focusedId);
      next.set(run.id, row);
    }
    for (const row of this._rendered.values()) {
      row.node.remove();
    }
    this._rendered = next;
    const focused = model.focusedId === null ? null : next.get(model.focusedId);
    return { rowCount: next.size, focusedRow: focused?.node ?? null };
  }

  /** The run id of the body row holding `target`, or null. */
  rowIdAt(target: EventTarget | null): string | null {
    const row = (target as Element | null)?.closest<HTMLElement>(
      '[data-run-id]'
    );
    return row && this.node.contains(row) ? row.dataset.runId! : null;
  }

  /** The run at the top of the view and how far it is scrolled past. */
  scrollAnchor(): RunsTableBody.IScrollAnchor | null {
    const top = this._scroller.scrollTop;
    const runs = this._model.runs;
    if (top <= 0 || runs.length === 0) {
      return null;
    }
    const index = Math.min(Math.floor(top / this._rowHeight), runs.length - 1);
    return {
      runId: runs[index].id,
      offset: top - index * this._rowHeight
    };
  }

  /**
   * After the runs changed: size the body to them and scroll so the anchor
   * run is where it was (runs inserted above do not push the view down).
   */
  keepAnchorInView(anchor: RunsTableBody.IScrollAnchor | null): void {
    // Size first: a scroll past the old height would be cut short.
    this._fitHeight();
    if (!anchor) {
      return;
    }
    const index = this._model.indexOf(anchor.runId);
    if (index >= 0) {
      this._scroller.scrollTop = index * this._rowHeight + anchor.offset;
    }
  }

  /** Scroll the least that shows the row at `index` below the header. */
  scrollToIndex(index: number): void {
    if (index < 0) {
      return;
    }
    const rowHeight = this._rowHeight;
    const viewport = this._viewportHeight();
    const rowTop = index * rowHeight;
    const scrollTop = this._scroller.scrollTop;
    if (rowTop < scrollTop) {
      this._scroller.scrollTop = rowTop;
    } else if (rowTop + 2 * rowHeight > scrollTop + viewport) {
      // The sticky header covers one row height at the top of the view.
      this._scroller.scrollTop = rowTop + 2 * rowHeight - viewport;
    }
  }

  /** The body is as tall as all runs, so the scrollbar reflects them. */
  private _fitHeight(): void {
    this.node.style.height = `${this._model.runs.length * this._rowHeight}px`;
  }

  private _viewportHeight(): number {
    return this._scroller.clientHeight || FALLBACK_VIEWPORT_HEIGHT;
  }

  private _scroller: HTMLElement;
  private _model: RunsTableModel;
  private _rowHeight: number;
  private _idPrefix: string;
  private _trans: TranslationBundle;
  private _rendered = new Map<string, IRenderedRow>();
}

export namespace RunsTableBody {
  /** Adds to (or updates) a built row element of a run; must be idempotent. */
  export type Adornment = (run: IRunSummary, row: HTMLElement) => void;

  export interface IOptions {
    /** The element that scrolls (the grid): its view decides the rows painted. */
    scroller: HTMLElement;
    model: RunsTableModel;
    /** Row height in pixels; every row has the same height. */
    rowHeight: number;
    /** Prefix of the rows' element ids, unique per table. */
    idPrefix: string;
    trans: TranslationBundle;
  }

  export interface IPainted {
    /** Row elements in the DOM. */
    rowCount: number;
    /** The focused run's row element, or null when it is out of view. */
    focusedRow: HTMLElement | null;
  }

  export interface IScrollAnchor {
    runId: string;
    /** Pixels the run's row is scrolled past the top of the view. */
    offset: number;
  }
}
