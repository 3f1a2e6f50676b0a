/**
 * Feeds the alert monitor from this tab's capture: the metrics a tracked
 * cell logs while it executes (the `log()` display is updated in place, so
 * its output model changes during the run) and the runs capture writes.
 * It listens to executions, not to the store: other tabs receive the store's
 * changes too, and must not fire the same alert again.
 */
import type { Cell, CodeCell } from '@jupyterlab/cells';
import { NotebookActions, type Notebook } from '@jupyterlab/notebook';
import type { IOutputAreaModel } from '@jupyterlab/outputarea';
import type { IDisposable } from '@lumino/disposable';
import {
  metricsFromPayload,
  RUNLOG_METRICS_MIME,
  type MetricMap
} from '../model/record/metrics';
import { cellRole } from '../notebook/tagging';
import type { IRunRecorder } from '../tokens';
import type { AlertMonitor, CellExecutionAlerts } from './alertMonitor';

export interface IAlertWatchOptions {
  recorder: IRunRecorder;
  monitor: AlertMonitor;
  /** The path of a notebook widget's file. */
  pathOf: (notebook: Notebook) => string;
}

/** The runlog metrics in a cell's outputs now (the last payload wins). */
export function loggedMetrics(outputs: IOutputAreaModel): MetricMap {
  let metrics: MetricMap = {};
  for (let i = 0; i < outputs.length; i++) {
    const payload = outputs.get(i).data[RUNLOG_METRICS_MIME];
    if (payload !== undefined) {
      metrics = { ...metrics, ...metricsFromPayload(payload) };
    }
  }
  return metrics;
}

export class AlertWatch implements IDisposable {
  constructor(options: IAlertWatchOptions) {
    this._options = options;
    NotebookActions.executionScheduled.connect(this._onScheduled, this);
    NotebookActions.executed.connect(this._onExecuted, this);
    options.recorder.runCaptured.connect(this._onCaptured, this);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    NotebookActions.executionScheduled.disconnect(this._onScheduled, this);
    NotebookActions.executed.disconnect(this._onExecuted, this);
    this._options.recorder.runCaptured.disconnect(this._onCaptured, this);
    for (const stop of this._watching.values()) {
      stop();
    }
    this._watching.clear();
  }

  private _onScheduled(
    _: unknown,
    args: { notebook: Notebook; cell: Cell }
  ): void {
    const { recorder, monitor, pathOf } = this._options;
    const { notebook, cell } = args;
    const role = cellRole(cell.model, recorder.tags);
    if (!recorder.enabled || cell.model.type !== 'code' || !role) {
      return;
    }
    this._watching.get(cell)?.();
    const cellId = cell.model.id;
    const execution = monitor.startExecution(
      notebook,
      cellId,
      pathOf(notebook)
    );
    const outputs = (cell as CodeCell).model.outputs;
    const check = () => this._check(execution, outputs, role);
    outputs.changed.connect(check);
    this._watching.set(cell, () => {
      outputs.changed.disconnect(check);
      monitor.forget(execution);
    });
  }

  private _onExecuted(_: unknown, args: { cell: Cell }): void {
    const stop = this._watching.get(args.cell);
    if (stop) {
      this._watching.delete(args.cell);
      stop();
    }
  }

  private _onCaptured(
    _: IRunRecorder,
    captured: IRunRecorder.ICapturedRun
  ): void {
    this._options.monitor.runCaptured(captured.notebook, captured.run);
  }

  private _check(
    execution: CellExecutionAlerts,
    outputs: IOutputAreaModel,
    role: 'parameters' | 'tracked'
  ): void {
    const metrics = loggedMetrics(outputs);
    if (!Object.keys(metrics).length) {
      return;
    }
    // The parameters cell, and a tracked cell that ran in the open run
    // already, begin a new run: it does not exist yet.
    const open = this._options.recorder.openRunOf(execution.notebook);
    const joins =
      open &&
      role === 'tracked' &&
      !open.cells.some(cell => cell.cell_id === execution.cellId);
    execution.metricsLogged(metrics, joins ? open : null);
  }

  private _options: IAlertWatchOptions;
  private _isDisposed = false;
  private _watching = new Map<Cell, () => void>();
}
