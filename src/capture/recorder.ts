/**
 * The recorder: one listener on notebook executions for the whole
 * application, dispatching to a NotebookRecorder per open notebook.
 */
import { NotebookActions, NotebookPanel, Notebook } from '@jupyterlab/notebook';
import type { Cell } from '@jupyterlab/cells';
import type { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import type { IRunRecord } from '../model/types';
import type { IRunRecorder, IRunStore } from '../tokens';
import type { NotebookIdReader } from '../notebook/notebookIdentity';
import { ICaptureSettings, NotebookRecorder } from './notebookRecorder';
import { isOrphaned, RunLocks } from './runLocks';

export interface IRunRecorderOptions {
  store: IRunStore;
  settings: ICaptureSettings;
  user: () => string | undefined;
  /** Reads the experiment id saved in a notebook file (to tell copies apart). */
  readNotebookId: NotebookIdReader;
  newId?: () => string;
}

export class RunRecorder implements IRunRecorder, IDisposable {
  constructor(options: IRunRecorderOptions) {
    this._store = options.store;
    this._settings = options.settings;
    this._user = options.user;
    this._readNotebookId = options.readNotebookId;
    this._newId = options.newId ?? (() => crypto.randomUUID());
    NotebookActions.executionScheduled.connect(this._onScheduled, this);
    NotebookActions.executed.connect(this._onExecuted, this);
    window.addEventListener('pagehide', this._onPageHide);
  }

  /** The capture settings in force. */
  get settings(): ICaptureSettings {
    return this._settings;
  }

  get enabled(): boolean {
    return this._settings.enabled;
  }

  get enabledChanged(): ISignal<IRunRecorder, boolean> {
    return this._enabledChanged;
  }

  get tags(): IRunRecorder.ITags {
    return this._settings.tags;
  }

  get tagsChanged(): ISignal<IRunRecorder, IRunRecorder.ITags> {
    return this._tagsChanged;
  }

  /** Emitted whenever a run record of any notebook changed. */
  get runChanged(): ISignal<this, IRunRecord> {
    return this._runChanged;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  get settingsChanged(): ISignal<IRunRecorder, ICaptureSettings> {
    return this._settingsChanged;
  }

  /** Apply new settings; signals listeners of what changed. */
  updateSettings(settings: ICaptureSettings): void {
    const old = this._settings;
    this._settings = settings;
    this._settingsChanged.emit(settings);
    if (old.enabled !== settings.enabled) {
      this._enabledChanged.emit(settings.enabled);
    }
    if (
      old.tags.parameters !== settings.tags.parameters ||
      old.tags.tracked !== settings.tags.tracked
    ) {
      this._tagsChanged.emit(settings.tags);
    }
  }

  /** Start capturing a notebook panel; stops when the panel is disposed. */
  addNotebook(panel: NotebookPanel): NotebookRecorder {
    const existing = this._recorders.get(panel.content);
    if (existing) {
      return existing;
    }
    const recorder = new NotebookRecorder({
      panel,
      store: this._store,
      settings: () => this._settings,
      locks: this._locks,
      user: this._user,
      newId: this._newId,
      readNotebookId: this._readNotebookId,
      onRunChanged: run => {
        this._runChanged.emit(run);
        this._runCaptured.emit({ notebook: panel.content, run });
      }
    });
    this._recorders.set(panel.content, recorder);
    panel.disposed.connect(() => {
      this._recorders.delete(panel.content);
      recorder.dispose();
    });
    return recorder;
  }

  get runCaptured(): ISignal<IRunRecorder, IRunRecorder.ICapturedRun> {
    return this._runCaptured;
  }

  openRunOf(notebook: object): IRunRecord | null {
    return this._recorders.get(notebook as Notebook)?.openRun ?? null;
  }

  recorderFor(panel: NotebookPanel): NotebookRecorder | undefined {
    return this._recorders.get(panel.content);
  }

  /**
   * Mark runs left `running` by a tab that went away (closed, crashed,
   * reloaded) as interrupted. Runs whose tab is alive hold a lock and stay.
   */
  async closeOrphanedRuns(): Promise<number> {
    const running = await this._store.listRunning();
    let closed = 0;
    for (const summary of running) {
      if (!(await isOrphaned(summary.id))) {
        continue;
      }
      const run = await this._store.getRun(summary.id);
      if (!run || run.status !== 'running') {
        continue;
      }
      const lastCell = run.cells[run.cells.length - 1];
      const endedAt = lastCell?.started_at
        ? new Date(
            Date.parse(lastCell.started_at) + (lastCell.duration_ms ?? 0)
          ).toISOString()
        : run.started_at;
      await this._store.put({
        ...run,
        status: 'interrupted',
        status_reason: 'JupyterLab was closed or reloaded during the run',
        ended_at: endedAt,
        duration_ms: Math.max(
          0,
          Date.parse(endedAt) - Date.parse(run.started_at)
        ),
        updated_at: new Date().toISOString()
      });
      closed++;
    }
    return closed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    NotebookActions.executionScheduled.disconnect(this._onScheduled, this);
    NotebookActions.executed.disconnect(this._onExecuted, this);
    window.removeEventListener('pagehide', this._onPageHide);
    for (const recorder of this._recorders.values()) {
      recorder.dispose();
    }
    this._recorders.clear();
    this._locks.releaseAll();
    Signal.clearData(this);
  }

  private _onScheduled(
    _: unknown,
    args: { notebook: Notebook; cell: Cell }
  ): void {
    this._recorders.get(args.notebook)?.cellScheduled(args.cell);
  }

  private _onExecuted(
    _: unknown,
    args: { notebook: Notebook; cell: Cell; success: boolean; error?: unknown }
  ): void {
    this._recorders
      .get(args.notebook)
      ?.cellExecuted(args.cell, args.success, args.error);
  }

  /** Best effort: the page is going away, close open runs now. */
  private _onPageHide = (): void => {
    for (const recorder of this._recorders.values()) {
      recorder.interrupt('JupyterLab was closed or reloaded during the run');
    }
    void this._store.flush();
  };

  private _store: IRunStore;
  private _settings: ICaptureSettings;
  private _user: () => string | undefined;
  private _newId: () => string;
  private _readNotebookId: NotebookIdReader;
  private _locks = new RunLocks();
  private _recorders = new Map<Notebook, NotebookRecorder>();
  private _isDisposed = false;
  private _enabledChanged = new Signal<IRunRecorder, boolean>(this);
  private _tagsChanged = new Signal<IRunRecorder, IRunRecorder.ITags>(this);
  private _settingsChanged = new Signal<IRunRecorder, ICaptureSettings>(this);
  private _runChanged = new Signal<this, IRunRecord>(this);
  private _runCaptured = new Signal<IRunRecorder, IRunRecorder.ICapturedRun>(
    this
  );
}
