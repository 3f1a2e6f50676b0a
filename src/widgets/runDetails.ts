import type { OutputAreaModel } from '@jupyterlab/outputarea';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { closeIcon } from '@jupyterlab/ui-components';
import { ISignal, Signal } from '@lumino/signaling';
import { Panel, Widget } from '@lumino/widgets';
import { needsMetricHistories } from '../model/mlflow/metricHistory';
import { formatDuration, formatTimestamp } from '../model/record/runFormat';
import type {
  ICellRecord,
  IMlflowSync,
  IRunRecord,
  IRunStore
} from '../tokens';
import { renderStatusBadge } from './status';
import { renderRecordedOutputs } from './recordedOutputs';
import {
  renderAlertsSection,
  renderContextSection,
  renderMetricsSection,
  renderParametersSection
} from './runDetailsSections';
import { annotationEdit, renderAnnotations } from './runAnnotations';
import { renderRunNotes } from './runNotes';
import { RunSyncSection } from './runSyncSection';

/**
 * One run in full: parameters, metrics, and each captured cell with its code
 * and its outputs (rendered as untrusted).
 */
export class RunDetails extends Panel {
  constructor(options: RunDetails.IOptions) {
    super();
    this._store = options.store;
    this._user = options.user ?? (() => null);
    this._rendermime = options.rendermime;
    this._translator = options.translator ?? nullTranslator;
    this._trans = this._translator.load('jupyterlab_runlog');
    this.addClass('jp-runlog-RunDetails');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', this._trans.__('Run details'));
    this.node.tabIndex = -1;
    this._sync = options.sync ?? null;
    this._syncSection = options.sync
      ? new RunSyncSection({
          sync: options.sync,
          trans: this._trans,
          open: options.openUrl
        })
      : null;
  }

  /** The user asked to close the details (the close button or Escape). */
  get closeRequested(): ISignal<this, void> {
    return this._closeRequested;
  }

  /** The user asked to restore the shown run's parameters (its id). */
  get restoreRequested(): ISignal<this, string> {
    return this._restoreRequested;
  }

  /** The id of the run shown (or being loaded), or null. */
  get runId(): string | null {
    return this._runId;
  }

  /** The run shown, once loaded. */
  get run(): IRunRecord | null {
    return this._run;
  }

  /** Show a run (null: nothing). Resolves once it is rendered. */
  async showRun(runId: string | null): Promise<void> {
    if (runId === this._runId && this._run) {
      return;
    }
    this._runId = runId;
    await this._load(false);
  }

  /** Re-read the shown run, e.g. after the store rewrote it. */
  async refresh(): Promise<void> {
    await this._load(true);
  }

  /** Focus the details region, e.g. after Enter in the table. */
  focus(): void {
    this.node.focus();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._clear();
    this._syncSection?.dispose();
    Signal.clearData(this);
    super.dispose();
  }

  private async _load(keepScroll: boolean): Promise<void> {
    const request = ++this._request;
    const runId = this._runId;
    if (runId === null) {
      this._run = null;
      this._clear();
      void this._syncSection?.show(null);
      return;
    }
    this.node.setAttribute('aria-busy', 'true');
    let run: IRunRecord | undefined;
    try {
      run = await this._store.getRun(runId);
    } catch (reason) {
      console.error('jupyterlab-runlog: cannot read run', runId, reason);
    }
    // A later request (another run picked meanwhile) wins.
    if (request !== this._request || this.isDisposed) {
      return;
    }
    this.node.removeAttribute('aria-busy');
    const scrollTop = this.node.scrollTop;
    const editing = annotationEdit(this.node);
    this._run = run ?? null;
    this._clear();
    if (!run) {
      void this._syncSection?.show(null);
      this._addMessage(this._trans.__('This run no longer exists.'));
      return;
    }
    this._render(run);
    if (keepScroll) {
      this.node.scrollTop = scrollTop;
    }
    editing?.();
  }

  private _clear(): void {
    for (const widget of [...this.widgets]) {
      widget.dispose();
    }
    for (const model of this._models) {
      model.dispose();
    }
    this._models = [];
  }

  private _addMessage(text: string): void {
    const message = new Widget();
    message.addClass('jp-runlog-RunDetails-message');
    message.node.textContent = text;
    this.addWidget(message);
  }

  private _render(run: IRunRecord): void {
    const summary = new Widget();
    summary.addClass('jp-runlog-RunDetails-summary');
    summary.node.append(
      this._renderHeader(run),
      ...renderRunNotes(run, this._trans),
      ...(this._syncSection ? [this._syncSection.node] : []),
      renderAnnotations({
        run,
        trans: this._trans,
        save: async change => {
          await this._store.annotateRun(run.id, change, this._user());
        }
      }),
      ...renderAlertsSection(run, this._trans),
      renderParametersSection(run, this._trans),
      renderMetricsSection(run, this._trans),
      renderContextSection(run, this._trans)
    );
    if (run.cells.length) {
      const heading = document.createElement('h4');
      heading.className = 'jp-runlog-RunDetails-heading';
      heading.textContent = this._trans.__('Cells');
      summary.node.appendChild(heading);
    }
    this.addWidget(summary);
    void this._syncSection?.show(run);
    if (this._sync && needsMetricHistories(run)) {
      // Stored with the run once fetched; the store's change notice then
      // shows the series here (the Runs panel refreshes the details).
      void this._sync.loadSeries([run.id]).catch(reason => {
        console.error(
          'jupyterlab-runlog: cannot load metric histories',
          reason
        );
      });
    }
    for (const cell of run.cells) {
      this.addWidget(this._renderCell(cell));
    }
  }

  private _renderHeader(run: IRunRecord): HTMLElement {
    const header = document.createElement('div');
    header.className = 'jp-runlog-RunDetails-header';
    const title = document.createElement('h3');
    title.className = 'jp-runlog-RunDetails-title';
    title.append(
      this._trans.__('Run #%1', run.number),
      ' · ',
      renderStatusBadge(run, this._trans),
      ' · ',
      formatTimestamp(run.started_at),
      ' · ',
      formatDuration(run.duration_ms)
    );
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'jp-runlog-RunDetails-close jp-Button';
    const label = this._trans.__('Close run details');
    close.setAttribute('aria-label', label);
    close.title = label;
    close.appendChild(closeIcon.element({ tag: 'span' }));
    close.addEventListener('click', () => this._closeRequested.emit());
    const restore = document.createElement('button');
    restore.type = 'button';
    restore.className = 'jp-runlog-RunDetails-restore jp-Button';
    restore.textContent = this._trans.__('Restore parameters');
    restore.title = this._trans.__(
      "Rewrite the notebook's parameters cell to this run's values"
    );
    restore.addEventListener('click', () =>
      this._restoreRequested.emit(run.id)
    );
    header.append(title, restore, close);
    header.addEventListener('keydown', event => {
      if (event.key === 'Escape') {
        this._closeRequested.emit();
      }
    });
    return header;
  }

  private _renderCell(cell: ICellRecord): Panel {
    const panel = new Panel();
    panel.addClass('jp-runlog-RunDetails-cell');
    const info = new Widget();
    info.addClass('jp-runlog-RunDetails-cellInfo');
    const heading = document.createElement('h5');
    heading.className = 'jp-runlog-RunDetails-cellHeading';
    const role =
      cell.role === 'parameters'
        ? this._trans.__('Parameters cell')
        : this._trans.__('Tracked cell');
    const count =
      cell.execution_count === null ? '[ ]' : `[${cell.execution_count}]`;
    const status = document.createElement('span');
    status.className = `jp-runlog-cellStatus jp-runlog-cellStatus-${cell.status}`;
    status.textContent = this._cellStatusText(cell);
    heading.append(
      `${role} ${count} · `,
      status,
      ` · ${formatDuration(cell.duration_ms)}`
    );
    heading.title = cell.cell_id;
    const code = document.createElement('pre');
    code.className = 'jp-runlog-code';
    code.textContent = cell.source;
    info.node.append(heading, code);
    panel.addWidget(info);
    panel.addWidget(this._renderOutputs(cell));
    return panel;
  }

  private _cellStatusText(cell: ICellRecord): string {
    switch (cell.status) {
      case 'ok':
        return this._trans.__('ok');
      case 'error':
        return this._trans.__('error');
      case 'interrupted':
        return this._trans.__('interrupted');
    }
  }

  private _renderOutputs(cell: ICellRecord): Widget {
    const { widget, model } = renderRecordedOutputs(cell, {
      rendermime: this._rendermime,
      translator: this._translator,
      areaClass: 'jp-runlog-RunDetails-outputs',
      noteClass: 'jp-runlog-RunDetails-message'
    });
    if (model) {
      this._models.push(model);
    }
    return widget;
  }

  private _store: IRunStore;
  private _user: () => string | null;
  private _rendermime: IRenderMimeRegistry;
  private _translator: ITranslator;
  private _trans: TranslationBundle;
  private _runId: string | null = null;
  private _run: IRunRecord | null = null;
  private _request = 0;
  private _models: OutputAreaModel[] = [];
  private _syncSection: RunSyncSection | null;
  private _sync: IMlflowSync | null;
  private _closeRequested = new Signal<this, void>(this);
  private _restoreRequested = new Signal<this, string>(this);
}

export namespace RunDetails {
  export interface IOptions {
    store: IRunStore;
    /** The JupyterLab user, named in the history of annotation changes. */
    user?: () => string | null;
    rendermime: IRenderMimeRegistry;
    translator?: ITranslator;
    /** MLflow sync, when installed: the details show the run's sync state. */
    sync?: IMlflowSync | null;
    /** Opens an MLflow link (tests); a new browser tab by default. */
    openUrl?: (url: string) => void;
  }
}
