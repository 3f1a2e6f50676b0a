/**
 * Run assembly: the state machine that turns a notebook's cell executions into
 * run records, following product.md's definition of a run.
 *
 * - A run opens when the parameters cell or a tracked cell executes and no run
 *   is open. Executing the parameters cell always opens a new run, and so does
 *   a tracked cell that already ran in the open run.
 * - It completes when every tracked cell has run once; it fails when the
 *   parameters cell or a tracked cell raised; it is interrupted by an
 *   interrupt, a kernel restart or death, or the page going away.
 * - A run replaced by a new one before every tracked cell ran closes as
 *   completed and partial, listing the tracked cells it skipped.
 *
 * Every call returns the records to write: the caller persists each one, so a
 * crash loses nothing already captured.
 */

import type {
  CellRole,
  CellStatus,
  ICapturedOutput,
  ICellRecord,
  IExperimentRef,
  IMetricRecord,
  IParamRecord,
  IRunContext,
  IRunRecord,
  RunStatus
} from '../types';

/** One finished cell execution, as the capture layer saw it. */
export interface ICellExecution {
  cellId: string;
  role: CellRole;
  source: string;
  outputs: ICapturedOutput[];
  /** `aborted`: the kernel skipped the cell because an earlier one raised. */
  status: CellStatus | 'aborted';
  executionCount: number | null;
  /** ISO 8601 times. */
  startedAt: string;
  endedAt: string;
  /** Ids of the notebook's tracked cells at the time, in notebook order. */
  trackedCellIds: string[];
  /** Parameters read from the cell source (parameters cell only). */
  params?: { [name: string]: IParamRecord };
  /** Metrics found in the cell's outputs. */
  metrics?: { [name: string]: IMetricRecord };
  /** A one-line description of the error, e.g. `ValueError: bad lr`. */
  error?: string;
}

export interface IRunAssemblerOptions {
  experiment: IExperimentRef;
  notebookPath: string;
  /** Context known when a run opens (kernel, user). */
  context: () => IRunContext;
  newId: () => string;
  /** Current time; injectable for tests. */
  now?: () => Date;
}

/** How many closed runs stay patchable (late kernel reads arrive after close). */
const RECENT_RUNS_KEPT = 16;

export class RunAssembler {
  constructor(options: IRunAssemblerOptions) {
    this._options = options;
    this._now = options.now ?? (() => new Date());
  }

  /** The run currently open, if any. */
  get openRun(): IRunRecord | null {
    return this._open;
  }

  /** The experiment and path follow renames of the notebook. */
  setNotebook(experiment: IExperimentRef, notebookPath: string): void {
    this._options = { ...this._options, experiment, notebookPath };
  }

  /**
   * Record one cell execution. Returns the records that changed: a run closed
   * by this execution (partial) and the run the cell belongs to.
   */
  cellExecuted(execution: ICellExecution): IRunRecord[] {
    if (execution.status === 'aborted') {
      // Queued behind an error: not part of any run, not a failure.
      return [];
    }
    const changed: IRunRecord[] = [];
    const open = this._open;
    const startsNewRun =
      open !== null &&
      (execution.role === 'parameters' ||
        open.cells.some(cell => cell.cell_id === execution.cellId));
    if (open && startsNewRun) {
      changed.push(this._closePartial(open, execution));
    }
    const run =
      this._open ??
      this._openRun(execution.startedAt, execution.trackedCellIds);
    this._append(run, execution);
    changed.push(run);
    return changed;
  }

  /**
   * Close the open run as interrupted (kernel restarted or died, notebook or
   * page closed). Returns the closed run, or nothing when no run is open.
   */
  interrupt(reason: string): IRunRecord[] {
    const run = this._open;
    if (!run) {
      return [];
    }
    this._close(run, 'interrupted', this._now().toISOString(), reason);
    return [run];
  }

  /**
   * Replace source-parsed parameters with values read from the kernel.
   * Works on the open run and on recently closed ones.
   */
  applyKernelParams(
    runId: string,
    kernelParams: { [name: string]: IParamRecord }
  ): IRunRecord | null {
    const run = this._recent.find(candidate => candidate.id === runId);
    if (!run) {
      return null;
    }
    const merged: { [name: string]: IParamRecord } = { ...run.params };
    for (const [name, fromKernel] of Object.entries(kernelParams)) {
      const fromSource = run.params[name];
      merged[name] = {
        ...fromKernel,
        // Keep the expression as written so restore writes back the user's text.
        source: fromSource?.source ?? fromKernel.source,
        origin: 'kernel'
      };
    }
    run.params = merged;
    run.updated_at = this._now().toISOString();
    return run;
  }

  /**
   * Complete the context of a run once it closed (what the kernel measured,
   * seeds). Works on the open run and on recently closed ones.
   */
  applyContext(
    runId: string,
    update: (context: IRunContext) => IRunContext
  ): IRunRecord | null {
    const run = this._recent.find(candidate => candidate.id === runId);
    if (!run) {
      return null;
    }
    run.context = update(run.context);
    run.updated_at = this._now().toISOString();
    return run;
  }

  private _openRun(startedAt: string, trackedCellIds: string[]): IRunRecord {
    const { experiment, notebookPath } = this._options;
    const run: IRunRecord = {
      id: this._options.newId(),
      number: 0,
      experiment: { ...experiment },
      notebook_path: notebookPath,
      status: 'running',
      started_at: startedAt,
      ended_at: null,
      duration_ms: 0,
      params: {},
      metrics: {},
      cells: [],
      context: this._options.context(),
      annotations: { note: '', tags: [], starred: false },
      updated_at: this._now().toISOString()
    };
    this._expected = trackedCellIds;
    this._open = run;
    this._recent.unshift(run);
    this._recent.length = Math.min(this._recent.length, RECENT_RUNS_KEPT);
    return run;
  }

  private _append(run: IRunRecord, execution: ICellExecution): void {
    const cell: ICellRecord = {
      cell_id: execution.cellId,
      role: execution.role,
      source: execution.source,
      outputs: execution.outputs,
      status: execution.status as CellStatus,
      execution_count: execution.executionCount,
      started_at: execution.startedAt,
      duration_ms: elapsed(execution.startedAt, execution.endedAt)
    };
    run.cells.push(cell);
    if (execution.params) {
      run.params = { ...run.params, ...execution.params };
    }
    if (execution.metrics) {
      run.metrics = { ...run.metrics, ...execution.metrics };
    }
    // The tracked set may change while a run is open (a cell tagged mid-run).
    this._expected = execution.trackedCellIds;
    run.duration_ms = elapsed(run.started_at, execution.endedAt);
    run.updated_at = this._now().toISOString();

    if (execution.status === 'error') {
      const where =
        execution.role === 'parameters'
          ? 'the parameters cell'
          : 'a tracked cell';
      const reason = execution.error
        ? `${execution.error} (in ${where})`
        : `An error in ${where}`;
      this._close(run, 'failed', execution.endedAt, reason);
    } else if (execution.status === 'interrupted') {
      this._close(
        run,
        'interrupted',
        execution.endedAt,
        'Execution interrupted'
      );
    } else if (this._missingCells(run).length === 0) {
      this._close(run, 'completed', execution.endedAt);
    }
  }

  private _closePartial(run: IRunRecord, next: ICellExecution): IRunRecord {
    const skipped = this._missingCells(run);
    if (skipped.length > 0) {
      run.partial = { skipped_cells: skipped };
    }
    const lastCell = run.cells[run.cells.length - 1];
    const endedAt = lastCell
      ? addMs(lastCell.started_at ?? run.started_at, lastCell.duration_ms ?? 0)
      : next.startedAt;
    this._close(run, 'completed', endedAt);
    return run;
  }

  private _missingCells(run: IRunRecord): string[] {
    const ran = new Set(
      run.cells.filter(cell => cell.status === 'ok').map(cell => cell.cell_id)
    );
    return this._expected.filter(id => !ran.has(id));
  }

  private _close(
    run: IRunRecord,
    status: RunStatus,
    endedAt: string,
    reason?: string
  ): void {
    run.status = status;
    run.ended_at = endedAt;
    run.duration_ms = elapsed(run.started_at, endedAt);
    if (reason) {
      run.status_reason = reason;
    }
    run.updated_at = this._now().toISOString();
    if (this._open === run) {
      this._open = null;
    }
  }

  private _options: IRunAssemblerOptions;
  private _now: () => Date;
  private _open: IRunRecord | null = null;
  private _expected: string[] = [];
  private _recent: IRunRecord[] = [];
}

function elapsed(fromIso: string, toIso: string): number {
  return Math.max(0, Date.parse(toIso) - Date.parse(fromIso));
}

function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}
