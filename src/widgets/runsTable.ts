import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { Message } from '@lumino/messaging';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import type { IOriginEntry } from '../model/record/runOrigin';
import type { IColumnCount, IRunColumn, IRunSort } from '../model/runTable';
import type { IRunSummary } from '../tokens';
import { RunsTableBody } from './runsTableBody';
import { RunsTableGestures } from './runsTableGestures';
import { RunsTableHeader } from './runsTableHeader';
import { RunsTableModel } from './runsTableModel';
import { nextSort } from './runsTableNavigation';

let tableCount = 0;

/**
 * The runs of one experiment as a grid: a header row (sort, select all)
 * over a virtualised body, with mouse and keyboard multi-selection.
 *
 * The widget wires the parts: the model holds the runs, sort and selection;
 * the header and body paint them; the gestures map to selection changes in
 * `runSelection`.
 */
export class RunsTable extends Widget {
  constructor(options: RunsTable.IOptions = {}) {
    super();
    const trans = (options.translator ?? nullTranslator).load(
      'jupyterlab_runlog'
    );
    const rowHeight = options.rowHeight ?? 26;
    this.addClass('jp-runlog-RunsTable');
    const node = this.node;
    node.setAttribute('role', 'grid');
    node.setAttribute('aria-label', trans.__('Runs'));
    node.setAttribute('aria-rowcount', '1');
    node.tabIndex = 0;
    node.style.setProperty('--jp-runlog-row-height', `${rowHeight}px`);
    const model = this._model;
    this._header = new RunsTableHeader({ grid: node, model, trans });
    this._body = new RunsTableBody({
      scroller: node,
      model,
      rowHeight,
      idPrefix: `jp-runlog-runs-${++tableCount}`,
      trans
    });
    node.append(this._header.node, this._body.node);
    this._gestures = new RunsTableGestures({
      table: this,
      model,
      header: this._header,
      body: this._body,
      activate: activation => this._activated.emit(activation)
    });
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

  /** Whether a run with this id is listed (not hidden by the origin filter). */
  hasRun(runId: string): boolean {
    return this._model.has(runId);
  }

  /** Whether the table holds a run with this id, even if it is filtered out. */
  holdsRun(runId: string): boolean {
    return this._model.holds(runId);
  }

  /** The listed runs in display order. */
  get runs(): readonly IRunSummary[] {
    return this._model.runs;
  }

  /** Every run held, listed or filtered out. */
  get runCount(): number {
    return this._model.runCount;
  }

  /** The origins of every run held, with their counts. */
  get origins(): IOriginEntry[] {
    return this._model.origins;
  }

  /** The origin filter's key (`all`, `here` or an imported file's key). */
  get originFilter(): string {
    return this._model.originFilter;
  }

  /**
   * List only the runs of one origin (`all`: every run). Selected runs it
   * hides are unselected; the view goes to the top, or to the focused run.
   */
  setOriginFilter(key: string): void {
    if (key === this._model.originFilter) {
      return;
    }
    this._refilter(() => this._model.setOriginFilter(key));
  }

  /** List only the runs `query` lets through (null: all), as the origin filter does. */
  setQuery(query: { matches(run: IRunSummary): boolean } | null): void {
    this._refilter(() => this._model.setQuery(query));
  }

  /** The number of runs listed (after the filters). */
  get listedCount(): number {
    return this._model.runs.length;
  }

  private _refilter(apply: () => boolean): void {
    this._change(() => {
      const focusDropped = apply();
      // Size the body to the rows now listed before scrolling in it.
      this._body.keepAnchorInView(null);
      this.node.scrollTop = 0;
      return focusDropped;
    }, true);
  }

  get columns(): readonly IRunColumn[] {
    return this._model.columns;
  }

  /** Parameter and metric columns drawn, of how many the runs have. */
  get columnCounts(): { param: IColumnCount; metric: IColumnCount } {
    return this._model.columnCounts;
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
    const anchor = this._body.scrollAnchor();
    this._change(() => {
      const focusDropped = this._model.upsertRuns(runs);
      this._body.keepAnchorInView(anchor);
      return focusDropped;
    });
  }

  /** Take runs out by id (moved to the trash, or restored from it). */
  removeRuns(runIds: Iterable<string>): void {
    const anchor = this._body.scrollAnchor();
    this._change(() => {
      const focusDropped = this._model.removeRuns(runIds);
      this._body.keepAnchorInView(anchor);
      return focusDropped;
    });
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

  /**
   * Set what is added to each row element beyond its cells (null: nothing),
   * and apply it to the rows painted now.
   */
  setRowAdornment(adornment: RunsTableBody.Adornment | null): void {
    this._body.adornment = adornment;
    this._body.readorn();
  }

  /** Apply the row adornment again to the painted rows of these runs (or all). */
  refreshRowAdornments(runIds?: Iterable<string>): void {
    this._body.readorn(runIds);
  }

  /** Sort by a column: its default direction first, flipped on a repeat. */
  toggleSort(columnId: string): void {
    this.sort = nextSort(this._model.sort, columnId);
  }

  handleEvent(event: Event): void {
    if (event.type === 'scroll') {
      this.update();
    } else {
      this._gestures.handle(event);
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
    this._header.update();
    this.node.setAttribute('aria-rowcount', String(this.runs.length + 1));
    const { rowCount, focusedRow } = this._body.paint();
    this._header.paintSelectAll();
    if (focusedRow) {
      this.node.setAttribute('aria-activedescendant', focusedRow.id);
    } else {
      this.node.removeAttribute('aria-activedescendant');
    }
    this._painted.emit(rowCount);
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
      this._body.scrollToIndex(this._model.indexOf(id));
    }
    this._paint();
    if (focusChanged) {
      this._focusChanged.emit(id);
    }
    if (version !== this._model.selectionVersion) {
      this._selectionChanged.emit(this._model.selectedIds);
    }
  }

  private _model = new RunsTableModel();
  private _header: RunsTableHeader;
  private _body: RunsTableBody;
  private _gestures: RunsTableGestures;
  private _stale = true;
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
