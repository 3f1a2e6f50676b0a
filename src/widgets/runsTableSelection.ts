/**
 * The runs table's selection: the selected runs, the focused run and the
 * anchor of a Shift-click range, kept to the runs listed. Its own module so
 * runsTableModel.ts keeps to the runs, their order, columns and filters.
 */
import type { IRunSummary } from '../tokens';

/** The listed runs a selection is kept within (the table model). */
export interface IListedRuns {
  /** The listed runs, in display order. */
  readonly runs: readonly IRunSummary[];
  /** Whether a run is listed. */
  has(runId: string): boolean;
  /** The display index of a run, or -1. */
  indexOf(runId: string): number;
}

/** Selected, focused and anchor runs, without DOM. */
export class RunsTableSelection {
  constructor(private readonly _listed: IListedRuns) {}

  /** Every selected run id. */
  get ids(): ReadonlySet<string> {
    return this._selection;
  }

  /** Changes whenever the set of selected runs changes. */
  get version(): number {
    return this._version;
  }

  /** The selected run ids in display order. */
  get idsInOrder(): string[] {
    return [...this._selection].sort(
      (a, b) => this._listed.indexOf(a) - this._listed.indexOf(b)
    );
  }

  /** The focused run (see RunsTableModel.focusedId). */
  get focusedId(): string | null {
    return this._focusedId;
  }

  /** See RunsTableModel.select. */
  select(runId: string | null): boolean {
    const id = runId !== null && this._listed.has(runId) ? runId : null;
    this._replace(id === null ? [] : [id]);
    this._anchorId = id;
    return this._setFocus(id);
  }

  /** See RunsTableModel.toggle. */
  toggle(runId: string): boolean {
    if (!this._listed.has(runId)) {
      return false;
    }
    if (!this._selection.delete(runId)) {
      this._selection.add(runId);
    }
    this._version++;
    this._anchorId = runId;
    return this._setFocus(runId);
  }

  /** See RunsTableModel.selectRange. */
  selectRange(runId: string, options: { extend?: boolean } = {}): boolean {
    const end = this._listed.indexOf(runId);
    if (end < 0) {
      return false;
    }
    const anchor = this._anchorId ?? this._focusedId;
    let start = anchor === null ? -1 : this._listed.indexOf(anchor);
    if (start < 0) {
      start = end;
      this._anchorId = runId;
    }
    const ids = this._listed.runs
      .slice(Math.min(start, end), Math.max(start, end) + 1)
      .map(run => run.id);
    this._replace(options.extend ? [...this._selection, ...ids] : ids);
    return this._setFocus(runId);
  }

  /** See RunsTableModel.focus. */
  focus(runId: string): boolean {
    if (!this._listed.has(runId)) {
      return false;
    }
    this._anchorId = runId;
    return this._setFocus(runId);
  }

  /** Select every listed run; the focused run stays. */
  selectAll(): void {
    this._replace(this._listed.runs.map(run => run.id));
  }

  /** Unselect every run; the focused run stays. */
  clear(): void {
    this._replace([]);
  }

  /**
   * Unselect runs that are not listed (gone or filtered out), so what is
   * selected is what the user sees; returns whether the focus was dropped.
   */
  dropHidden(): boolean {
    for (const id of [...this._selection]) {
      if (!this._listed.has(id)) {
        this._selection.delete(id);
        this._version++;
      }
    }
    if (this._anchorId !== null && !this._listed.has(this._anchorId)) {
      this._anchorId = null;
    }
    if (this._focusedId !== null && !this._listed.has(this._focusedId)) {
      this._focusedId = null;
      return true;
    }
    return false;
  }

  private _replace(ids: readonly string[]): void {
    const next = new Set(ids);
    if (
      next.size === this._selection.size &&
      ids.every(id => this._selection.has(id))
    ) {
      return;
    }
    this._selection = next;
    this._version++;
  }

  private _setFocus(id: string | null): boolean {
    const changed = id !== this._focusedId;
    this._focusedId = id;
    return changed;
  }

  private _selection = new Set<string>();
  private _version = 0;
  private _focusedId: string | null = null;
  private _anchorId: string | null = null;
}
