import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { Message } from '@lumino/messaging';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import type { IRunColumn, IRunSort } from '../model/runTable';
import type { IRunSummary } from '../tokens';
import { navigationTarget, nextSort, RunsTableModel } from './runsTableModel';
import {
  CHECKBOX_WIDTH,
  columnWidths,
  renderHeaderCells,
  renderRow,
  SELECT_ALL_CLASS,
  SELECT_RUN_CLASS
} from './runsTableRows';

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

let tableCount = 0;

/**
 * The runs of one experiment as a virtualised grid: only the rows in view
 * (plus a few) are in the DOM, so 100,000 runs scroll as smoothly as 10.
 */
export class RunsTable extends Widget {
  constructor(options: RunsTable.IOptions = {}) {
    super();
    this._trans = (options.translator ?? nullTranslator).load(
      'jupyterlab_runlog'
    );
    this._rowHeight = options.rowHeight ?? 26;
    this._idPrefix = `jp-runlog-runs-${++tableCount}`;
    this.addClass('jp-runlog-RunsTable');
    const node = this.node;
    node.setAttribute('role', 'grid');
    node.setAttribute('aria-label', this._trans.__('Runs'));
    node.setAttribute('aria-rowcount', '1');
    node.tabIndex = 0;
    node.style.setProperty('--jp-runlog-row-height', `${this._rowHeight}px`);
    this._header.className = 'jp-runlog-RunsTable-header';
    this._header.setAttribute('role', 'row');
    this._header.setAttribute('aria-rowindex', '1');
    this._body.className = 'jp-runlog-RunsTable-body';
    this._body.setAttribute('role', 'rowgroup');
    node.append(this._header, this._body);
    this._renderHeader();
  }

  /** The focused run changed (null: none): the one the details show. */
  get focusChanged(): ISignal<this, string | null> {
    return this._focusChanged;
  }

  /** The set of selected runs changed; the argument is every selected id, in display order. */
  get selectionChanged(): ISignal<this, readonly string[]> {
    return this._selectionChanged;
  }

  /**
   * A run was opened: Enter (`focus` true: move focus to its details), a
   * double click, or a click on the selected row.
   */
  get activated(): ISignal<this, RunsTable.IActivation> {
    return this._activated;
  }

  /** Rows were painted; the argument is the number of row elements in the DOM. */
  get painted(): ISignal<this, number> {
    return this._painted;
  }

  /** Whether a run with this id is listed. */
  hasRun(runId: string): boolean {
    return this._model.has(runId);
  }

  /** The runs in display order. */
  get runs(): readonly IRunSummary[] {
    return this._model.runs;
  }

  get columns(): readonly IRunColumn[] {
    return this._model.columns;
  }

  get sort(): IRunSort {
    return this._model.sort;
  }
  set sort(value: IRunSort) {
    if (this._model.setSort(value)) {
      this._paint();
    }
  }

  /** The focused run (the one the details show), or null. */
  get selectedRunId(): string | null {
    return this._model.focusedId;
  }

  /** Every selected run id. */
  get selection(): ReadonlySet<string> {
    return this._model.selection;
  }

  /** The selected run ids in display order. */
  get selectedIds(): string[] {
    return this._model.selectedIds;
  }

  /** Replace all runs; selection and scroll position are kept. */
  setRuns(runs: readonly IRunSummary[]): void {
    this._change(() => this._model.setRuns(runs));
  }

  /**
   * Add or replace runs by id (live updates). The rows in view stay in view
   * when runs are inserted above them.
   */
  upsertRuns(runs: readonly IRunSummary[]): void {
    if (runs.length === 0) {
      return;
    }
    const anchor = this._scrollAnchor();
    this._model.upsertRuns(runs);
    this._body.style.height = `${this.runs.length * this._rowHeight}px`;
    if (anchor) {
      const index = this._model.indexOf(anchor.id);
      if (index >= 0) {
        this.node.scrollTop = index * this._rowHeight + anchor.offset;
      }
    }
    this._paint();
  }

  /** Select one run (or none) and make it the focused row. */
  select(runId: string | null, options: { scroll?: boolean } = {}): void {
    this._change(() => this._model.select(runId), options.scroll);
  }

  /** Make a run the focused row (shown in the details) keeping the selection. */
  focusRun(runId: string, options: { scroll?: boolean } = {}): void {
    this._change(() => this._model.focus(runId), options.scroll);
  }

  /** Add a run to the selection or take it out; it becomes the focused row. */
  toggle(runId: string, options: { scroll?: boolean } = {}): void {
    this._change(() => this._model.toggle(runId), options.scroll);
  }

  /**
   * Select the runs from the last one clicked (or toggled) to this one;
   * `extend` keeps the others selected.
   */
  selectRange(
    runId: string,
    options: { extend?: boolean; scroll?: boolean } = {}
  ): void {
    this._change(() => this._model.selectRange(runId, options), options.scroll);
  }

  /** Select every listed run. */
  selectAll(): void {
    this._change(() => {
      this._model.selectAll();
      return false;
    });
  }

  /** Unselect every run (the focused row and its details stay). */
  clearSelection(): void {
    this._change(() => {
      this._model.clearSelection();
      return false;
    });
  }

  /** Sort by a column: its default direction first, flipped on a repeat. */
  toggleSort(columnId: string): void {
    this.sort = nextSort(this._model.sort, columnId);
  }

  handleEvent(event: Event): void {
    switch (event.type) {
      case 'scroll':
        this.update();
        break;
      case 'click':
        this._onClick(event as MouseEvent);
        break;
      case 'dblclick': {
        const id = this._rowIdAt(event.target);
        if (id !== null) {
          this._activated.emit({ runId: id, focus: false });
        }
        break;
      }
      case 'keydown':
        this._onKeyDown(event as KeyboardEvent);
        break;
    }
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this.node.addEventListener('scroll', this, { passive: true });
    this.node.addEventListener('click', this);
    this.node.addEventListener('dblclick', this);
    this.node.addEventListener('keydown', this);
    this.update();
  }

  protected onBeforeDetach(msg: Message): void {
    this.node.removeEventListener('scroll', this);
    this.node.removeEventListener('click', this);
    this.node.removeEventListener('dblclick', this);
    this.node.removeEventListener('keydown', this);
    super.onBeforeDetach(msg);
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    // Catch up at once, so the first rows are there as soon as it shows.
    if (this._stale) {
      this._paint();
    }
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    // Painting is skipped while hidden; remember to catch up on show.
    this._stale = true;
  }

  protected onResize(msg: Widget.ResizeMessage): void {
    super.onResize(msg);
    this.update();
  }

  protected onUpdateRequest(msg: Message): void {
    super.onUpdateRequest(msg);
    this._paint();
  }

  private _paint(): void {
    if (!this.isVisible) {
      this._stale = true;
      return;
    }
    this._stale = false;
    const model = this._model;
    if (
      this._headerVersion !== model.columnsVersion ||
      !sameSort(this._headerSort, model.sort)
    ) {
      this._renderHeader();
    }
    const rowHeight = this._rowHeight;
    const runs = model.runs;
    const total = runs.length;
    this._body.style.height = `${total * rowHeight}px`;
    this.node.setAttribute('aria-rowcount', String(total + 1));
    const viewport = this.node.clientHeight || FALLBACK_VIEWPORT_HEIGHT;
    const top = this.node.scrollTop;
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
        this._body.appendChild(row.node);
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
    this._paintSelectAll();
    const focused = model.focusedId !== null && next.get(model.focusedId);
    if (focused) {
      this.node.setAttribute('aria-activedescendant', focused.node.id);
    } else {
      this.node.removeAttribute('aria-activedescendant');
    }
    this._painted.emit(next.size);
  }

  /** Header cells, column widths and counts, after the columns or sort changed. */
  private _renderHeader(): void {
    const model = this._model;
    const widths = columnWidths(model.columns, model.highestNumber);
    widths[0] += CHECKBOX_WIDTH;
    const total = widths.reduce((sum, width) => sum + width, 0);
    this.node.style.setProperty(
      '--jp-runlog-columns',
      widths.map(width => `${width}px`).join(' ')
    );
    this.node.style.setProperty('--jp-runlog-table-width', `${total}px`);
    this.node.setAttribute('aria-colcount', String(model.columns.length));
    this._header.replaceChildren(
      ...renderHeaderCells(model.columns, model.sort, this._trans)
    );
    this._headerVersion = model.columnsVersion;
    this._headerSort = model.sort;
    this._selectAll = this._header.querySelector<HTMLInputElement>(
      `.${SELECT_ALL_CLASS}`
    );
  }

  /** The select-all box: checked when every run is selected, mixed when some are. */
  private _paintSelectAll(): void {
    const box = this._selectAll;
    if (!box) {
      return;
    }
    const count = this._model.selection.size;
    const total = this._model.runs.length;
    box.checked = total > 0 && count === total;
    box.indeterminate = count > 0 && count < total;
  }

  /**
   * Apply a selection change (`apply` returns whether the focused run
   * changed), repaint and tell the listeners.
   */
  private _change(apply: () => boolean, scroll = false): void {
    const version = this._model.selectionVersion;
    const focusChanged = apply();
    const id = this._model.focusedId;
    if (id !== null && scroll) {
      this._scrollToIndex(this._model.indexOf(id));
    }
    this._paint();
    if (focusChanged) {
      this._focusChanged.emit(id);
    }
    if (version !== this._model.selectionVersion) {
      this._selectionChanged.emit(this._model.selectedIds);
    }
  }

  private _onClick(event: MouseEvent): void {
    const target = event.target as Element | null;
    if (target?.classList.contains(SELECT_ALL_CLASS)) {
      const all =
        this.runs.length > 0 && this._model.selection.size === this.runs.length;
      if (all) {
        this.clearSelection();
      } else {
        this.selectAll();
      }
      return;
    }
    const header = target?.closest<HTMLElement>('[data-column-id]');
    if (header && this._header.contains(header)) {
      this.toggleSort(header.dataset.columnId!);
      return;
    }
    const id = this._rowIdAt(target);
    if (id === null) {
      return;
    }
    const additive = event.ctrlKey || event.metaKey;
    if (event.shiftKey) {
      // Keep the browser from selecting text across the rows.
      window.getSelection()?.removeAllRanges();
      const onCheckbox = target!.classList.contains(SELECT_RUN_CLASS);
      this.selectRange(id, { extend: additive || onCheckbox });
    } else if (additive || target!.classList.contains(SELECT_RUN_CLASS)) {
      this.toggle(id);
    } else if (
      id === this._model.focusedId &&
      this._model.selection.size === 1 &&
      this._model.selection.has(id)
    ) {
      this._activated.emit({ runId: id, focus: false });
    } else {
      this.select(id);
    }
  }

  private _onKeyDown(event: KeyboardEvent): void {
    if (this._header.contains(event.target as Node)) {
      return;
    }
    const count = this.runs.length;
    if (count === 0) {
      return;
    }
    const focusedId = this._model.focusedId;
    const current = focusedId !== null ? this._model.indexOf(focusedId) : -1;
    const page = Math.max(
      1,
      Math.floor(
        ((this.node.clientHeight || FALLBACK_VIEWPORT_HEIGHT) -
          this._rowHeight) /
          this._rowHeight
      )
    );
    if (event.key === 'Enter') {
      if (focusedId !== null) {
        event.preventDefault();
        this._activated.emit({ runId: focusedId, focus: true });
      }
      return;
    }
    if (event.key === ' ') {
      if (focusedId !== null) {
        event.preventDefault();
        this.toggle(focusedId);
      }
      return;
    }
    const target = navigationTarget(event.key, current, count, page);
    if (target === null) {
      return;
    }
    event.preventDefault();
    const id = this.runs[target].id;
    if (event.shiftKey) {
      this.selectRange(id, { scroll: true });
    } else {
      this.select(id, { scroll: true });
    }
  }

  private _rowIdAt(target: EventTarget | null): string | null {
    const row = (target as Element | null)?.closest<HTMLElement>(
      '[data-run-id]'
    );
    return row && this._body.contains(row) ? row.dataset.runId! : null;
  }

  /** The run at the top of the view and how far it is scrolled past. */
  private _scrollAnchor(): { id: string; offset: number } | null {
    const top = this.node.scrollTop;
    const runs = this.runs;
    if (top <= 0 || runs.length === 0) {
      return null;
    }
    const index = Math.min(Math.floor(top / this._rowHeight), runs.length - 1);
    return {
      id: runs[index].id,
      offset: top - index * this._rowHeight
    };
  }

  private _scrollToIndex(index: number): void {
    if (index < 0) {
      return;
    }
    const rowHeight = this._rowHeight;
    const viewport = this.node.clientHeight || FALLBACK_VIEWPORT_HEIGHT;
    const rowTop = index * rowHeight;
    const scrollTop = this.node.scrollTop;
    if (rowTop < scrollTop) {
      this.node.scrollTop = rowTop;
    } else if (rowTop + 2 * rowHeight > scrollTop + viewport) {
      // The sticky header covers one row height at the top of the view.
      this.node.scrollTop = rowTop + 2 * rowHeight - viewport;
    }
  }

  private _trans: TranslationBundle;
  private _rowHeight: number;
  private _idPrefix: string;
  private _header = document.createElement('div');
  private _body = document.createElement('div');
  private _model = new RunsTableModel();
  private _headerVersion = -1;
  private _headerSort: IRunSort | null = null;
  private _rendered = new Map<string, IRenderedRow>();
  private _stale = true;
  private _selectAll: HTMLInputElement | null = null;
  private _focusChanged = new Signal<this, string | null>(this);
  private _selectionChanged = new Signal<this, readonly string[]>(this);
  private _activated = new Signal<this, RunsTable.IActivation>(this);
  private _painted = new Signal<this, number>(this);
}

export namespace RunsTable {
  export interface IOptions {
    translator?: ITranslator;
    /** Row height in pixels; every row has the same height. */
    rowHeight?: number;
  }

  export interface IActivation {
    runId: string;
    /** Whether focus should follow to the run's details (keyboard). */
    focus: boolean;
  }
}

function sameSort(a: IRunSort | null, b: IRunSort): boolean {
  return a !== null && a.columnId === b.columnId && a.direction === b.direction;
}
