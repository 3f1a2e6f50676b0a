/**
 * How the Runs panel reads a notebook's runs (or its trash) into its table: a
 * quick first page, then the whole list, keeping the store's live changes
 * that arrive while a listing is read so the listing does not undo them,
 * and when the first rows of a newly shown list are painted.
 * Its own module so runsPanel.ts keeps to the panel's layout and wiring.
 */
import type { IRunStore, IRunSummary } from '../tokens';
import type { RunsTable } from './runsTable';
import { applyListChange, belongsToList } from './runsTrash';

/** Runs painted before the whole list is read, so the first paint is quick. */
const FIRST_PAGE = 200;

/** Reads the shown list of runs into a table and keeps its run count. */
export class RunsPanelLoader {
  constructor(options: RunsPanelLoader.IOptions) {
    this._store = options.store;
    this._table = options.table;
    this._trashShown = options.trashShown;
    this._updateView = options.updateView;
  }

  /** Whether a listing is being read. */
  get loading(): boolean {
    return this._loading;
  }

  /** Runs in the list shown, known from the store's count before the whole list is read. */
  get runCount(): number {
    return this._runCount;
  }

  /** Resolves once the latest listing is in the table. */
  get loaded(): Promise<void> {
    return this._loaded;
  }

  /** Whether the next rows painted are the first of a newly shown list. */
  expectFirstPaint(expected: boolean): void {
    this._firstPaintPending = expected;
  }

  /**
   * The first paint of the list shown, once: null when `rowCount` rows
   * painted are not its first (none, or a paint after the first).
   */
  takeFirstPaint(rowCount: number): RunsPanelLoader.IFirstPaint | null {
    if (!this._firstPaintPending || rowCount === 0) {
      return null;
    }
    this._firstPaintPending = false;
    return {
      rowCount,
      runCount: this._table.runCount,
      elapsedMs: performance.now() - this._loadStarted
    };
  }

  /** Drop any listing being read and empty the table, for another list. */
  reset(): void {
    this._generation++;
    this._loading = false;
    this._runCount = 0;
    this._table.setRuns([]);
  }

  /** Drop any listing being read (the panel is going away). */
  cancel(): void {
    this._generation++;
  }

  /** Read the runs of an experiment (none without one) into the table. */
  load(experimentId: string | null): void {
    this._loaded = this._load(++this._generation, experimentId);
  }

  /**
   * Apply a store change's runs of the shown experiment (and the ids deleted
   * for good) to the table and the run count; returns the runs upserted.
   */
  applyChange(
    runs: readonly IRunSummary[],
    removed: readonly string[] | undefined
  ): IRunSummary[] {
    if (this._loading) {
      for (const run of runs) {
        this._live.set(run.id, run);
      }
    }
    const { upsert, added, gone } = applyListChange(
      this._table,
      runs,
      removed,
      this._trashShown()
    );
    this._runCount = Math.max(
      this._runCount + added - gone,
      this._table.runCount
    );
    return upsert;
  }

  private async _load(generation: number, id: string | null): Promise<void> {
    const trash = this._trashShown();
    this._live.clear();
    if (id === null) {
      this._table.setRuns([]);
      this._runCount = 0;
      this._updateView();
      return;
    }
    this._loadStarted = performance.now();
    this._loading = true;
    this._updateView();
    try {
      // A reload of a filled table skips the first page, which would drop a
      // selected older run for a moment.
      if (this._table.runCount === 0) {
        const first = await this._store.listRuns(id, {
          limit: FIRST_PAGE,
          trash
        });
        if (generation !== this._generation) {
          return;
        }
        this._table.setRuns(this._withLive(first));
        this._runCount = this._table.runCount;
        if (first.length < FIRST_PAGE) {
          return;
        }
        this._updateView();
        // The header's count, known before the whole list is read.
        void this._store
          .countRuns(id, { trash })
          .then(count => {
            if (generation === this._generation && this._loading) {
              this._runCount = Math.max(count, this._table.runCount);
              this._updateView();
            }
          })
          .catch(() => undefined);
      }
      const all = await this._store.listRuns(id, { trash });
      if (generation !== this._generation) {
        return;
      }
      this._table.setRuns(this._withLive(all));
      this._runCount = this._table.runCount;
    } catch (reason) {
      console.error('jupyterlab-runlog: cannot list runs', reason);
    } finally {
      if (generation === this._generation) {
        this._loading = false;
        this._live.clear();
        this._updateView();
        // Only a load's first rows count; later live rows are not a "first paint".
        this._firstPaintPending = false;
      }
    }
  }

  /** A listing with the live changes that arrived while it was being read. */
  private _withLive(listed: IRunSummary[]): IRunSummary[] {
    if (this._live.size === 0) {
      return listed;
    }
    const byId = new Map(listed.map(run => [run.id, run]));
    for (const run of this._live.values()) {
      const stored = byId.get(run.id);
      if (!stored || stored.updated_at < run.updated_at) {
        byId.set(run.id, run);
      }
    }
    // A run moved to (or out of) the trash while listing leaves this list.
    const trash = this._trashShown();
    return [...byId.values()].filter(run => belongsToList(run, trash));
  }

  private _store: IRunStore;
  private _table: RunsTable;
  private _trashShown: () => boolean;
  private _updateView: () => void;
  private _generation = 0;
  private _loading = false;
  private _loaded: Promise<void> = Promise.resolve();
  private _loadStarted = 0;
  private _runCount = 0;
  private _firstPaintPending = false;
  /** Changes received while a listing is being read. */
  private _live = new Map<string, IRunSummary>();
}

export namespace RunsPanelLoader {
  export interface IOptions {
    store: IRunStore;
    table: RunsTable;
    /** Whether the trash is listed instead of the live runs. */
    trashShown: () => boolean;
    /** Called whenever the table or the run count changed. */
    updateView: () => void;
  }

  /** A list's first paint, for the panel's firstPaint signal. */
  export interface IFirstPaint {
    /** Row elements in the DOM. */
    rowCount: number;
    /** Runs loaded into the table at that moment. */
    runCount: number;
    /** From the start of the load to the paint. */
    elapsedMs: number;
  }
}
