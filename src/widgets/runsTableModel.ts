import {
  ALL_ORIGINS,
  IOriginEntry,
  OriginTally,
  originPredicate
} from '../model/record/runOrigin';
import {
  buildColumns,
  capTableColumns,
  DEFAULT_SORT,
  IColumnCount,
  insertionIndex,
  IRunColumn,
  IRunSort,
  sortRuns,
  tableColumnCounts
} from '../model/runTable';
import type { IRunSummary } from '../tokens';
import { RunsTableSelection } from './runsTableSelection';

/** Live updates of more runs than this re-sort instead of inserting one by one. */
const BULK_UPSERT = 64;

/**
 * The runs table's data: the runs by id, their display order, the columns,
 * the sort, the origin filter and the selection. No DOM; the table widget
 * paints from it.
 *
 * Sorting happens only when the runs or the sort change, never per paint.
 * The filter keeps the sorted order, so changing it is one linear pass.
 */
export class RunsTableModel {
  /** The runs the filter lets through, in display order. */
  get runs(): readonly IRunSummary[] {
    return this._sorted;
  }

  /** Every run held, shown or filtered out. */
  get runCount(): number {
    return this._byId.size;
  }

  /** The origin filter's key (`all`, `here` or an imported file's key). */
  get originFilter(): string {
    return this._originFilter;
  }

  /** The origins of every run held, with their counts. */
  get origins(): IOriginEntry[] {
    return this._origins.entries();
  }

  get columns(): readonly IRunColumn[] {
    return this._columns;
  }

  /**
   * Parameter and metric columns drawn, of how many the runs have: fewer are
   * drawn when runs have more than TABLE_COLUMNS_PER_KIND names of a kind.
   */
  get columnCounts(): { param: IColumnCount; metric: IColumnCount } {
    return this._columnCounts;
  }

  /** Changes whenever the columns or their widths may have changed. */
  get columnsVersion(): number {
    return this._columnsVersion;
  }

  /** The highest run number listed (the number column fits its digits). */
  get highestNumber(): number {
    return this._highestNumber;
  }

  get sort(): IRunSort {
    return { ...this._sort };
  }

  /** Every selected run id. */
  get selection(): ReadonlySet<string> {
    return this._selectionState.ids;
  }

  /** Changes whenever the set of selected runs changes. */
  get selectionVersion(): number {
    return this._selectionState.version;
  }

  /** The selected run ids in display order. */
  get selectedIds(): string[] {
    return this._selectionState.idsInOrder;
  }

  /**
   * The run keyboard navigation starts from and the details show; selected
   * unless a Ctrl/Cmd-click just took it out of the selection.
   */
  get focusedId(): string | null {
    return this._selectionState.focusedId;
  }

  /** Whether a run is listed: held and let through by the filter. */
  has(runId: string): boolean {
    const run = this._byId.get(runId);
    return run !== undefined && (this._matches === null || this._matches(run));
  }

  /** Whether a run is held, even if the filter hides it. */
  holds(runId: string): boolean {
    return this._byId.has(runId);
  }

  /** The display index of a run, or -1. */
  indexOf(runId: string): number {
    if (!this._indexById) {
      this._indexById = new Map(this._sorted.map((run, i) => [run.id, i]));
    }
    return this._indexById.get(runId) ?? -1;
  }

  /**
   * Replace all runs. Selected runs that are gone (or filtered out) are
   * unselected; returns whether that dropped the focused run.
   */
  setRuns(runs: readonly IRunSummary[]): boolean {
    this._byId = new Map(runs.map(run => [run.id, run]));
    this._origins = new OriginTally(this._byId.values());
    this._setColumns(buildColumns(runs));
    this._all = sortRuns(runs, this._sort);
    return this._applyFilter();
  }

  /**
   * Add or replace runs by id, keeping the order without a full re-sort.
   * Returns whether the focused run was dropped (a rewrite the filter hides).
   */
  upsertRuns(runs: readonly IRunSummary[]): boolean {
    const bulk = runs.length > BULK_UPSERT;
    const matches = this._matches;
    let columnsChanged = false;
    for (const run of runs) {
      const previous = this._byId.get(run.id);
      this._byId.set(run.id, run);
      if (previous) {
        this._origins.remove(previous);
      }
      this._origins.add(run);
      columnsChanged ||= this._addsColumns(run);
      if (!bulk) {
        insertSorted(this._all, previous, run, this._sort);
        if (matches !== null) {
          insertSorted(
            this._sorted,
            previous,
            matches(run) ? run : undefined,
            this._sort
          );
        }
      }
    }
    if (bulk) {
      this._all = sortRuns([...this._byId.values()], this._sort);
    }
    // After a bulk update `_all` holds the new runs only now.
    if (columnsChanged) {
      this._setColumns(buildColumns(this._all));
    }
    if (bulk) {
      return this._applyFilter();
    }
    if (matches === null) {
      this._sorted = this._all;
    }
    this._indexById = null;
    return matches === null ? false : this._dropHidden();
  }

  /**
   * Take runs out by id in one pass (a bulk delete must not splice rows out
   * one by one). Returns whether the focused run was dropped.
   */
  removeRuns(runIds: Iterable<string>): boolean {
    const gone = new Set<string>();
    for (const id of runIds) {
      const run = this._byId.get(id);
      if (run) {
        this._byId.delete(id);
        this._origins.remove(run);
        gone.add(id);
      }
    }
    if (gone.size === 0) {
      return false;
    }
    const kept = (run: IRunSummary) => !gone.has(run.id);
    const filtered = this._sorted !== this._all;
    this._all = this._all.filter(kept);
    this._sorted = filtered ? this._sorted.filter(kept) : this._all;
    this._setColumns(buildColumns(this._all));
    this._indexById = null;
    return this._dropHidden();
  }

  /**
   * Show only the runs of one origin (`all`: every run). Selected runs the
   * filter hides are unselected; returns whether the focused run was dropped.
   */
  setOriginFilter(key: string): boolean {
    if (key === this._originFilter) {
      return false;
    }
    this._originFilter = key;
    this._originMatches = originPredicate(key);
    return this._applyFilter();
  }

  /**
   * Show only the runs a query lets through (null: every run), within the
   * origin filter. Returns whether the focused run was dropped.
   */
  setQuery(query: { matches(run: IRunSummary): boolean } | null): boolean {
    this._queryMatches = query ? run => query.matches(run) : null;
    return this._applyFilter();
  }

  /** Returns whether the sort changed. */
  setSort(sort: IRunSort): boolean {
    if (
      sort.columnId === this._sort.columnId &&
      sort.direction === this._sort.direction
    ) {
      return false;
    }
    this._sort = { ...sort };
    this._all = sortRuns(this._all, this._sort);
    this._applyFilter();
    return true;
  }

  /**
   * Select one run (or none; an unknown id counts as none) and focus it.
   * Returns whether the focused run changed.
   */
  select(runId: string | null): boolean {
    return this._selectionState.select(runId);
  }

  /**
   * Add a run to the selection or take it out (Ctrl/Cmd-click); it becomes
   * the focused run and the anchor of the next range. Returns whether the
   * focused run changed.
   */
  toggle(runId: string): boolean {
    return this._selectionState.toggle(runId);
  }

  /**
   * Select the runs from the anchor (the last run clicked without Shift) to
   * this one, in display order (Shift-click). `extend` keeps the runs already
   * selected. Returns whether the focused run changed.
   */
  selectRange(runId: string, options: { extend?: boolean } = {}): boolean {
    return this._selectionState.selectRange(runId, options);
  }

  /**
   * Focus a run without changing the selection (a chart click in the
   * comparison). Returns whether the focused run changed.
   */
  focus(runId: string): boolean {
    return this._selectionState.focus(runId);
  }

  /** Select every listed run; the focused run stays. */
  selectAll(): void {
    this._selectionState.selectAll();
  }

  /** Unselect every run; the focused run stays (the details keep showing it). */
  clearSelection(): void {
    this._selectionState.clear();
  }

  /** List the runs the filters let through, in the sorted order. */
  private _applyFilter(): boolean {
    const origin = this._originMatches;
    const query = this._queryMatches;
    this._matches =
      origin && query ? run => origin(run) && query(run) : (origin ?? query);
    const matches = this._matches;
    this._sorted = matches === null ? this._all : this._all.filter(matches);
    this._indexById = null;
    return this._dropHidden();
  }

  /** Unselect runs that are not listed; returns whether the focus was dropped. */
  private _dropHidden(): boolean {
    return this._selectionState.dropHidden();
  }

  /** `columns`: every name's column; the table draws a capped set of them. */
  private _setColumns(columns: IRunColumn[]): void {
    this._columns = capTableColumns(columns);
    this._columnCounts = tableColumnCounts(columns);
    // Every name counts as known, drawn or not, so runs with many names do
    // not rebuild the columns on each update.
    this._columnIds = new Set(columns.map(column => column.id));
    let highest = 0;
    for (const run of this._byId.values()) {
      highest = Math.max(highest, run.number);
    }
    this._highestNumber = highest;
    this._columnsVersion++;
    // Columns only disappear in setRuns, which sorts next.
    if (!this._columnIds.has(this._sort.columnId)) {
      this._sort = { ...DEFAULT_SORT };
    }
  }

  /** Whether a run needs a column (or a wider number column) not there yet. */
  private _addsColumns(run: IRunSummary): boolean {
    if (String(run.number).length > String(this._highestNumber).length) {
      return true;
    }
    for (const name in run.params) {
      if (!this._columnIds.has(`param:${name}`)) {
        return true;
      }
    }
    for (const name in run.metrics) {
      if (!this._columnIds.has(`metric:${name}`)) {
        return true;
      }
    }
    return false;
  }

  private _byId = new Map<string, IRunSummary>();
  /** Every run, sorted; `_sorted` is this array itself when nothing is filtered. */
  private _all: IRunSummary[] = [];
  private _sorted: IRunSummary[] = this._all;
  private _origins = new OriginTally();
  private _originFilter = ALL_ORIGINS;
  private _originMatches: ((run: IRunSummary) => boolean) | null = null;
  private _queryMatches: ((run: IRunSummary) => boolean) | null = null;
  /** Both filters together; null when neither is set. */
  private _matches: ((run: IRunSummary) => boolean) | null = null;
  private _indexById: Map<string, number> | null = null;
  private _columns: IRunColumn[] = buildColumns([]);
  private _columnIds = new Set(this._columns.map(column => column.id));
  private _columnCounts = tableColumnCounts(this._columns);
  private _columnsVersion = 0;
  private _highestNumber = 0;
  private _sort: IRunSort = { ...DEFAULT_SORT };
  private _selectionState = new RunsTableSelection(this);
}

/**
 * Take `previous` out of a sorted array (when there) and put `next` in its
 * place by the sort (when given): a live update without a re-sort.
 */
function insertSorted(
  sorted: IRunSummary[],
  previous: IRunSummary | undefined,
  next: IRunSummary | undefined,
  sort: IRunSort
): void {
  const index = previous ? sorted.indexOf(previous) : -1;
  if (index >= 0) {
    sorted.splice(index, 1);
  }
  if (next) {
    sorted.splice(insertionIndex(sorted, next, sort), 0, next);
  }
}
