import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { SidePanel } from '@jupyterlab/ui-components';
import { CommandRegistry } from '@lumino/commands';
import { Message } from '@lumino/messaging';
import { ISignal, Signal } from '@lumino/signaling';
import { SplitPanel } from '@lumino/widgets';
import { ALL_ORIGINS, CAPTURED_HERE } from '../model/record/runOrigin';
import type { IMlflowSync, IRunsPanel, IRunStore } from '../tokens';
import { RunsEmptyState } from './emptyState';
import { runsIcon } from './icons';
import { RunDetails } from './runDetails';
import { RunsColumnsNote } from './runsColumnsNote';
import { RunsPanelHeader } from './runsPanelHeader';
import { RunsPanelLoader } from './runsPanelLoader';
import { RunsPanelSync } from './runsPanelSync';
import { RunsQueryBox } from './runsQueryBox';
import { RunsTable } from './runsTable';
import { RunsTrashMode } from './runsTrash';

/**
 * The Runs side panel: the active notebook's runs, newest first and live,
 * with the selected run's details below.
 */
export class RunsPanel extends SidePanel implements IRunsPanel {
  constructor(options: RunsPanel.IOptions) {
    const translator = options.translator ?? nullTranslator;
    const content = new SplitPanel({ orientation: 'vertical', spacing: 4 });
    super({ content, translator });
    this._store = options.store;
    const trans = translator.load('jupyterlab_runlog');
    this.id = 'jp-runlog-panel';
    this.addClass('jp-runlog-RunsPanel');
    this.title.icon = runsIcon;
    this.title.caption = trans.__('Runs');
    this.node.setAttribute('aria-label', trans.__('Runs'));

    this._headerLine = new RunsPanelHeader({
      commands: options.commands,
      translator
    });
    this.header.addWidget(this._headerLine);
    this._headerLine.originChanged.connect(this._onOriginChanged, this);
    this._trash = new RunsTrashMode({
      panel: this,
      headerLine: this._headerLine,
      store: options.store,
      commands: options.commands,
      trans
    });
    this._trash.header.backRequested.connect(() => this.showTrash(false));
    this.header.addWidget(this._trash.header);
    this._queryBox = new RunsQueryBox(trans);
    this.header.addWidget(this._queryBox);
    this._columnsNote = new RunsColumnsNote(trans);
    this.header.addWidget(this._columnsNote);
    this._queryBox.queryChanged.connect((_, query) => {
      this._table.setQuery(query);
      this._updateView();
    });

    this._empty = new RunsEmptyState({
      commands: options.commands,
      translator
    });
    this._table = new RunsTable({ translator });
    this._loader = new RunsPanelLoader({
      store: options.store,
      table: this._table,
      trashShown: () => this._trash.shown,
      updateView: () => this._updateView()
    });
    this._details = new RunDetails({
      store: options.store,
      rendermime: options.rendermime,
      translator,
      user: options.user,
      sync: options.sync,
      openUrl: options.openUrl
    });
    this.sync = options.sync
      ? new RunsPanelSync({
          sync: options.sync,
          store: options.store,
          table: this._table,
          trans,
          shownExperiment: () =>
            this.isVisible ? (this._experiment?.id ?? null) : null
        })
      : null;
    content.addClass('jp-runlog-RunsPanel-content');
    content.addWidget(this._empty);
    content.addWidget(this._table);
    content.addWidget(this._details);
    // Details hold code and outputs: give them the larger share.
    content.setRelativeSizes([1, 2, 3]);
    SplitPanel.setStretch(this._table, 2);
    SplitPanel.setStretch(this._details, 3);

    this._table.focusChanged.connect(this._onFocusChanged, this);
    this._table.selectionChanged.connect(this._onSelectionChanged, this);
    this._table.activated.connect(this._onActivated, this);
    this._table.painted.connect(this._onPainted, this);
    this._details.closeRequested.connect(this._onCloseDetails, this);
    this._details.restoreRequested.connect((_, runId) =>
      this._restoreRequested.emit(runId)
    );
    this._store.changed.connect(this._onStoreChanged, this);
    this._updateView();
  }

  /** Emitted once per experiment shown, when its first rows are in the DOM. */
  get firstPaint(): ISignal<this, RunsPanel.IFirstPaint> {
    return this._firstPaint;
  }

  /** Resolves once the shown experiment's full run list is in the table. */
  get loaded(): Promise<void> {
    return this._loader.loaded;
  }

  /** The panel's MLflow sync parts; null without the sync service. */
  readonly sync: RunsPanelSync | null;

  get table(): RunsTable {
    return this._table;
  }

  get details(): RunDetails {
    return this._details;
  }

  /** The selected run ids in display order. */
  get selectedRunIds(): string[] {
    return this._table.selectedIds;
  }

  /** Emitted with every selected id, in display order, when the selection changes. */
  get selectionChanged(): ISignal<this, readonly string[]> {
    return this._selectionChanged;
  }

  /** Whether the panel lists the runs in the trash instead of the live runs. */
  get trashShown(): boolean {
    return this._trash.shown;
  }

  /** Emitted when the panel switches between the runs and the trash. */
  get trashShownChanged(): ISignal<RunsTrashMode, boolean> {
    return this._trash.shownChanged;
  }

  /** List the runs in the trash (true) or the live runs (false). */
  showTrash(shown: boolean): void {
    if (this._trash.setShown(shown)) {
      this._showRunsOf(this._experiment);
    }
  }

  /** Emitted with a run's id when its details' Restore button is pressed. */
  get restoreRequested(): ISignal<this, string> {
    return this._restoreRequested;
  }

  /**
   * Show a run: focus its row (scrolled into view) and its details, keeping
   * the selection (a click on a run in a comparison chart). A run the filters
   * hide is shown by clearing the origin filter, then the query.
   */
  focusRun(runId: string): void {
    if (!this._table.holdsRun(runId)) {
      return;
    }
    if (!this._table.hasRun(runId)) {
      this._setOriginFilter(ALL_ORIGINS);
    }
    if (!this._table.hasRun(runId)) {
      this._queryBox.setText('');
    }
    this._table.focusRun(runId, { scroll: true });
    this._details.show();
    void this._details.showRun(runId);
  }

  /** The notebook whose runs are shown; null when no notebook is active. */
  get experiment(): RunsPanel.IExperiment | null {
    return this._experiment;
  }
  set experiment(value: RunsPanel.IExperiment | null) {
    const previous = this._experiment;
    this._experiment = value ? { ...value } : null;
    const sameRuns =
      previous !== null && value !== null && previous.id === value.id;
    if (sameRuns || (previous === null && value === null)) {
      this._updateView();
      return;
    }
    this._showRunsOf(value);
    this.sync?.pullIfDue();
  }

  /** Read the runs of another notebook, or of the trash, from scratch. */
  private _showRunsOf(experiment: RunsPanel.IExperiment | null): void {
    this._loader.reset();
    // Another notebook's runs come from other files: start from all of them.
    this._table.setOriginFilter(ALL_ORIGINS);
    this._loader.expectFirstPaint(experiment !== null);
    this._reload();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._loader.cancel();
    this._store.changed.disconnect(this._onStoreChanged, this);
    this.sync?.dispose();
    Signal.clearData(this);
    super.dispose();
  }

  protected onBeforeShow(msg: Message): void {
    super.onBeforeShow(msg);
    if (this._stale) {
      // Wait for the show to finish so the table can measure itself.
      requestAnimationFrame(() => {
        if (this._stale && !this.isDisposed) {
          this._reload();
        }
      });
    }
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this.sync?.pullIfDue();
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    if (this._stale && this.isVisible) {
      this._reload();
    }
    this.sync?.pullIfDue();
  }

  /** Read the runs again now, or on show when hidden. */
  private _reload(): void {
    if (!this.isVisible) {
      this._stale = true;
      this._updateView();
      return;
    }
    this._stale = false;
    this._loader.load(this._experiment?.id ?? null);
  }

  private _onStoreChanged(_: IRunStore, change: IRunStore.IChange): void {
    const id = this._experiment?.id;
    if (!id || change.experimentId !== id) {
      return;
    }
    if (!this.isVisible) {
      this._stale = true;
      return;
    }
    const runs = change.runs.filter(run => run.experiment.id === id);
    const upsert = this._loader.applyChange(runs, change.removed);
    this._updateView();
    const shown = this._details.runId;
    if (shown !== null && upsert.some(run => run.id === shown)) {
      void this._details.refresh();
    }
  }

  private _onFocusChanged(_: RunsTable, runId: string | null): void {
    if (runId === null) {
      this._details.hide();
      void this._details.showRun(null);
      return;
    }
    this._details.show();
    void this._details.showRun(runId);
  }

  private _onSelectionChanged(_: RunsTable, ids: readonly string[]): void {
    this._headerLine.setSelectedCount(ids.length);
    this._trash.header.setSelectedCount(ids.length);
    this._selectionChanged.emit(ids);
  }

  private _onActivated(_: RunsTable, activation: RunsTable.IActivation): void {
    this._details.show();
    const shown = this._details.showRun(activation.runId);
    if (activation.focus) {
      void shown.then(() => this._details.focus());
    }
  }

  private _onOriginChanged(_: RunsPanelHeader, key: string): void {
    this._setOriginFilter(key);
  }

  private _setOriginFilter(key: string): void {
    this._table.setOriginFilter(key);
    this._updateView();
  }

  private _onCloseDetails(): void {
    this._details.hide();
    this._table.node.focus();
  }

  private _onPainted(_: RunsTable, rowCount: number): void {
    const experimentId = this._experiment?.id;
    const paint = experimentId ? this._loader.takeFirstPaint(rowCount) : null;
    if (experimentId && paint) {
      this._firstPaint.emit({ experimentId, ...paint });
    }
  }

  /** Show the empty state, or the table (and the details when a run is picked). */
  private _updateView(): void {
    const experiment = this._experiment;
    const table = this._table;
    const origins = table.origins;
    // With no imported run left the drop-down goes: so must its filter.
    if (
      table.originFilter !== ALL_ORIGINS &&
      origins.every(origin => origin.kind === CAPTURED_HERE)
    ) {
      table.setOriginFilter(ALL_ORIGINS);
    }
    const hasRuns = table.runCount > 0;
    this._empty.mode = experiment ? 'no-runs' : 'no-notebook';
    // The trash says it is empty in its header.
    this._empty.setHidden(
      hasRuns || (this._loader.loading && !!experiment) || this._trash.shown
    );
    this._table.setHidden(!hasRuns);
    if (!hasRuns || this._table.selectedRunId === null) {
      this._details.hide();
    }
    this._headerLine.render(experiment, this._loader.runCount);
    if (this._trash.shown) {
      this._trash.header.render(experiment, this._loader.runCount);
    }
    this._headerLine.setOrigins(origins, table.originFilter);
    this._queryBox.setHidden(!hasRuns);
    this._queryBox.setMatchCount(table.listedCount, table.runCount);
    this._columnsNote.setCounts(table.columnCounts);
  }

  /** Filter the runs by a query (see RunsQueryBox); without one, focus the box. */
  filterRuns(query?: string): void {
    if (query !== undefined) {
      this._queryBox.setText(query);
    }
    this._queryBox.focusInput();
  }

  private _store: IRunStore;
  private _headerLine: RunsPanelHeader;
  private _trash: RunsTrashMode;
  private _queryBox: RunsQueryBox;
  private _columnsNote: RunsColumnsNote;
  private _empty: RunsEmptyState;
  private _table: RunsTable;
  private _loader: RunsPanelLoader;
  private _details: RunDetails;
  private _experiment: RunsPanel.IExperiment | null = null;
  private _stale = false;
  private _firstPaint = new Signal<this, RunsPanel.IFirstPaint>(this);
  private _selectionChanged = new Signal<this, readonly string[]>(this);
  private _restoreRequested = new Signal<this, string>(this);
}

export namespace RunsPanel {
  export interface IOptions {
    store: IRunStore;
    rendermime: IRenderMimeRegistry;
    commands: CommandRegistry;
    translator?: ITranslator;
    /** The JupyterLab user, named in the history of annotation changes. */
    user?: () => string | null;
    /** MLflow sync, when installed: sync states, Open in MLflow, pull on show. */
    sync?: IMlflowSync | null;
    /** Opens an MLflow link (tests); a new browser tab by default. */
    openUrl?: (url: string) => void;
  }

  export interface IExperiment {
    /** The notebook id; null until the notebook's first capture assigns one. */
    id: string | null;
    name: string;
    path: string;
  }

  /** A notebook's first rows in the DOM, and how long they took. */
  export interface IFirstPaint extends RunsPanelLoader.IFirstPaint {
    experimentId: string;
  }
}
