/**
 * Captures the runs of one open notebook: feeds its tagged cells' executions
 * and its kernel's fate into a RunAssembler and hands every changed record to
 * the store, redacted first (the assembler alone holds the values as the
 * kernel had them; no write, however brief, carries them). Reads from the
 * kernel (parameter values, a closed run's environment) go through a
 * KernelReader: silent requests that leave no trace in the user's history,
 * execution count or namespace.
 */
import type { Cell, CodeCell } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { Kernel } from '@jupyterlab/services';
import type { IDisposable } from '@lumino/disposable';
import { Signal } from '@lumino/signaling';
import { extractMetrics } from '../model/record/metrics';
import { boundOutputs } from '../model/record/outputs';
import { parseParameters } from '../model/python/parameters';
import {
  redactRun,
  type IRedactionOptions
} from '../model/redaction/redaction';
import { RunAssembler, ICellExecution } from '../model/record/runAssembly';
import type {
  ICapturedOutput,
  IExperimentRef,
  IParamRecord,
  IRunContext,
  IRunRecord
} from '../model/types';
import type { IRunRecorder, IRunStore } from '../tokens';
import {
  parseProbeSnapshot,
  probeExpectCode,
  probeTakeExpression
} from './kernelProbe';
import { KernelReader } from './kernelReader';
import { CellStartTimes } from './cellStartTimes';
import { NotebookExperiment } from './notebookExperiment';
import type { NotebookIdReader } from '../notebook/notebookIdentity';
import { notebookRedactionEnabled } from '../notebook/notebookMetadata';
import { captureRedaction } from './redactionSettings';
import { completeRunContext } from './runEnvironment';
import { classifyFailure, describeError } from './executionErrors';
import { RunLocks } from './runLocks';
import { cellRole, trackedCellIds } from '../notebook/tagging';

export type ICaptureSettings = IRunRecorder.ISettings;

export interface INotebookRecorderOptions {
  panel: NotebookPanel;
  store: IRunStore;
  settings: () => ICaptureSettings;
  locks: RunLocks;
  /** The JupyterLab user's display name, when known. */
  user: () => string | undefined;
  newId: () => string;
  /** Reads the experiment id saved in another notebook file (to tell copies). */
  readNotebookId: NotebookIdReader;
  /** Called when a run record changed (after it was queued for the store), as stored. */
  onRunChanged?: (run: IRunRecord) => void;
}

/** Kernel statuses after which no queued execution will complete. */
const KERNEL_GONE: { [status: string]: string } = {
  restarting: 'Kernel restarted',
  autorestarting: 'Kernel died and restarted',
  dead: 'Kernel died',
  terminating: 'Kernel shut down'
};

/** How many closed runs to remember as having their context completed. */
const CONTEXTS_REMEMBERED = 64;

export class NotebookRecorder implements IDisposable {
  constructor(options: INotebookRecorderOptions) {
    this._options = options;
    const session = options.panel.sessionContext;
    this._kernel = new KernelReader(session);
    this._experiment = new NotebookExperiment(options);
    session.statusChanged.connect(this._onKernelStatus, this);
    session.kernelChanged.connect(this._onKernelChanged, this);
    session.iopubMessage.connect(
      (_, msg) => this._startTimes.iopubMessage(msg),
      this
    );
    options.panel.context.pathChanged.connect(this._onPathChanged, this);
    // The kernel may already be running: its signals came before we listened.
    void session.ready.then(() => this._kernel.load());
    void options.panel.context.ready.then(() => this._experiment.resolve());
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  get panel(): NotebookPanel {
    return this._options.panel;
  }

  /** The run open in this notebook, if any, redacted as it is stored. */
  get openRun(): IRunRecord | null {
    const run = this._assembler?.openRun;
    return run ? this._redact(run) : null;
  }

  /** The redaction applied to this notebook's runs now. */
  get redaction(): IRedactionOptions {
    const { panel, settings } = this._options;
    return captureRedaction(
      settings().redaction,
      !panel.model || notebookRedactionEnabled(panel.model)
    );
  }

  /**
   * The experiment of this notebook, if it ever had a run captured (a copy
   * of another notebook has none until its first capture).
   */
  get experiment(): IExperimentRef | null {
    return this._experiment.current;
  }

  /** A cell was handed to the kernel. */
  cellScheduled(cell: Cell): void {
    const settings = this._options.settings();
    if (!settings.enabled || cell.model.type !== 'code') {
      return;
    }
    this._startTimes.scheduled(cell.model.id);
    if (
      settings.readParametersFromKernel &&
      cellRole(cell.model, settings.tags) === 'parameters' &&
      this._kernel.isPython
    ) {
      // Sent before the cell's own request, so the kernel-side hook is in
      // place when the cell runs and snapshots the values right after it.
      const token = this._options.newId();
      this._probeTokens.set(cell.model.id, token);
      void this._kernel.silent(
        probeExpectCode(token, cell.model.sharedModel.getSource())
      );
    }
  }

  /** A cell finished (or failed, or was aborted behind an error). */
  cellExecuted(cell: Cell, success: boolean, error?: unknown): void {
    const settings = this._options.settings();
    const { panel } = this._options;
    const role = cellRole(cell.model, settings.tags);
    const probeToken = this._probeTokens.get(cell.model.id);
    this._probeTokens.delete(cell.model.id);
    if (!settings.enabled || !role || !panel.model) {
      return;
    }
    const endedAt = Date.now();
    const executionCount = (cell as CodeCell).model.executionCount ?? null;
    const startedAt = this._startTimes.startOf(
      cell.model.id,
      executionCount,
      endedAt
    );
    const source = cell.model.sharedModel.getSource();
    const outputs = boundOutputs(
      (cell as CodeCell).model.outputs.toJSON() as unknown as ICapturedOutput[],
      settings.limits
    );
    const execution: ICellExecution = {
      cellId: cell.model.id,
      role,
      source,
      outputs,
      status: success ? 'ok' : classifyFailure(error),
      executionCount,
      startedAt: new Date(startedAt).toISOString(),
      endedAt: new Date(endedAt).toISOString(),
      trackedCellIds: trackedCellIds(panel.content, settings.tags),
      metrics: extractMetrics(outputs),
      error: describeError(error)
    };
    if (role === 'parameters') {
      execution.params = parseParameters(source).params;
    }
    this._experiment.whenDecided(() => {
      const changed = this._ensureAssembler().cellExecuted(execution);
      this._write(changed);
      const run = changed[changed.length - 1];
      if (run && role === 'parameters' && probeToken) {
        void this._readKernelParams(probeToken, run.id);
      }
    }, this._assembler !== null);
  }

  /** Close the open run as interrupted (notebook closed, page hidden). */
  interrupt(reason: string): void {
    // Runs of the executions waiting for a claim are closed after them.
    if (this._experiment.defer(() => this.interrupt(reason))) {
      return;
    }
    if (this._assembler) {
      this._write(this._assembler.interrupt(reason));
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this.interrupt('Notebook closed during the run');
    this._isDisposed = true;
    Signal.clearData(this);
  }

  private _ensureAssembler(): RunAssembler {
    const { panel, newId } = this._options;
    const experiment = this._experiment.ensure();
    if (!this._assembler) {
      this._assembler = new RunAssembler({
        experiment,
        notebookPath: panel.context.path,
        context: () => this._context(),
        newId
      });
    } else {
      // The name may have changed through metadata or a rename.
      this._assembler.setNotebook(experiment, panel.context.path);
    }
    return this._assembler;
  }

  private _redact(run: IRunRecord): IRunRecord {
    return redactRun(run, this.redaction).run;
  }

  private _write(runs: IRunRecord[]): void {
    const { store, locks, onRunChanged } = this._options;
    for (const assembled of runs) {
      const run = this._redact(assembled);
      if (run.status === 'running') {
        locks.hold(run.id);
      } else {
        locks.release(run.id);
      }
      // The store coalesces queued writes by id, so the state written is the
      // latest one whichever put triggers the flush.
      void store.put(run).catch(reason => {
        console.error('jupyterlab-runlog: could not store run', reason);
      });
      onRunChanged?.(run);
      if (run.status !== 'running' && !this._contextCompleted.has(run.id)) {
        this._contextCompleted.add(run.id);
        if (this._contextCompleted.size > CONTEXTS_REMEMBERED) {
          this._contextCompleted.delete(
            this._contextCompleted.values().next().value as string
          );
        }
        void this._completeContext(run);
      }
    }
  }

  /** Add what is known only once a run closed to its context, and store it. */
  private async _completeContext(run: IRunRecord): Promise<void> {
    const { panel, settings } = this._options;
    const askKernel =
      settings().recordEnvironment &&
      run.status !== 'interrupted' &&
      this._kernel.isPython;
    const sources = (panel.model?.sharedModel.cells ?? [])
      .filter(cell => cell.cell_type === 'code')
      .map(cell => cell.getSource());
    try {
      const update = await completeRunContext(
        run,
        sources,
        askKernel ? expression => this._kernel.evaluate(expression) : null
      );
      const completed = update && this._assembler?.applyContext(run.id, update);
      if (completed) {
        this._write([completed]);
      }
    } catch (reason) {
      // Context is extra: the run itself is stored already.
      console.warn('jupyterlab-runlog: could not complete run context', reason);
    }
  }

  private _context(): IRunContext {
    const session = this._options.panel.sessionContext;
    const kernel = session.session?.kernel;
    const context: IRunContext = {
      kernel: {
        name: kernel?.name ?? 'unknown',
        language: this._kernel.info?.language_info.name ?? 'unknown',
        display_name: session.kernelDisplayName
      }
    };
    const version = this._kernel.info?.language_info.version;
    if (version) {
      context.kernel.language_version = version;
    }
    const user = this._options.user();
    if (user) {
      context.user = user;
    }
    if (this._kernel.pythonContext) {
      context.runtime = this._kernel.pythonContext;
    }
    return context;
  }

  private async _readKernelParams(token: string, runId: string): Promise<void> {
    const text = await this._kernel.evaluate(probeTakeExpression(token));
    const snapshot = text === null ? null : parseProbeSnapshot(text);
    if (!snapshot || snapshot.pending || !this._assembler) {
      return;
    }
    const params: { [name: string]: IParamRecord } = {};
    for (const [name, read] of Object.entries(snapshot.params)) {
      params[name] = {
        value: read.exact ? read.value : null,
        source: read.repr ?? JSON.stringify(read.value),
        type: read.type,
        exact: read.exact
      };
    }
    const run = this._assembler.applyKernelParams(runId, params);
    if (run) {
      this._write([run]);
    }
  }

  private _onKernelStatus(_: unknown, status: Kernel.Status): void {
    const reason = KERNEL_GONE[status];
    if (reason) {
      this.interrupt(reason);
      this._startTimes.clear();
      this._probeTokens.clear();
    }
    if (status === 'idle' && !this._kernel.info) {
      void this._kernel.load();
    }
  }

  private _onKernelChanged(): void {
    this.interrupt('Kernel changed during the run');
    this._kernel.forget();
    void this._kernel.load();
  }

  private _onPathChanged(): void {
    void this._experiment.resolve();
    const { panel } = this._options;
    const experiment = this.experiment;
    if (this._assembler && experiment) {
      this._assembler.setNotebook(experiment, panel.context.path);
    }
  }

  private _options: INotebookRecorderOptions;
  private _kernel: KernelReader;
  private _assembler: RunAssembler | null = null;
  private _experiment: NotebookExperiment;
  private _isDisposed = false;
  private _startTimes = new CellStartTimes();
  private _probeTokens = new Map<string, string>();
  private _contextCompleted = new Set<string>();
}
