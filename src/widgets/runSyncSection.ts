/**
 * The MLflow section of a run's details: whether the run is in MLflow
 * (synced, waiting with its retries, failed with the reason and a Retry
 * button) or was pulled from it, with "Open in MLflow" when the link is
 * known. It follows the sync service live.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { IDisposable } from '@lumino/disposable';
import type { IRunRecord, IMlflowSync, IRunSyncState } from '../tokens';
import { describeRunSync } from './runSyncDescription';

/** Open a URL in a new browser tab, with no hold on this page. */
export function openInNewTab(url: string): void {
  window.open(url, '_blank', 'noopener');
}

export class RunSyncSection implements IDisposable {
  constructor(options: RunSyncSection.IOptions) {
    this._sync = options.sync;
    this._trans = options.trans;
    this._open = options.open ?? openInNewTab;
    this.node.className =
      'jp-runlog-RunDetails-section jp-runlog-RunDetails-sync';
    this.node.hidden = true;
    this._sync.runStatesChanged.connect(this._onStatesChanged, this);
    this._sync.statusChanged.connect(this._paint, this);
  }

  /** The section; the details place it, it fills itself. */
  readonly node = document.createElement('section');

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Show a run's standing (null: none). The state is read once per run; a
   * later change arrives through `runStatesChanged`.
   */
  show(run: IRunRecord | null): Promise<void> {
    const sameRun = run !== null && run.id === this._run?.id;
    this._run = run;
    if (!sameRun) {
      this._state = null;
      this._stateRead = false;
    }
    this._paint();
    if (!run) {
      return Promise.resolve();
    }
    const request = ++this._request;
    return this._sync.runStates([run.id]).then(
      states => {
        if (request !== this._request) {
          return;
        }
        this._stateRead = true;
        const state = states.get(run.id);
        if (state) {
          this._accept(state);
        } else {
          this._paint();
        }
      },
      reason =>
        console.warn('jupyterlab-runlog: cannot read sync state', reason)
    );
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._sync.runStatesChanged.disconnect(this._onStatesChanged, this);
    this._sync.statusChanged.disconnect(this._paint, this);
    this.node.remove();
  }

  private _onStatesChanged(
    _: IMlflowSync,
    states: readonly IRunSyncState[]
  ): void {
    const runId = this._run?.id;
    const state = states.find(changed => changed.run_id === runId);
    if (state) {
      this._accept(state);
    }
  }

  /** Take a state unless a newer one is already shown. */
  private _accept(state: IRunSyncState): void {
    if (this._state && this._state.updated_at > state.updated_at) {
      return;
    }
    this._state = state;
    this._paint();
  }

  private _paint(): void {
    const run = this._run;
    const node = this.node;
    const trans = this._trans;
    if (!run) {
      node.hidden = true;
      node.replaceChildren();
      return;
    }
    const description = describeRunSync(run, this._state, trans);
    // Pulled runs say where they came from even with the sync turned off;
    // "Not synced yet" waits for the read, so a synced run does not flash it.
    node.hidden =
      description.kind === 'pulled'
        ? false
        : !this._sync.status.enabled ||
          (description.kind === 'none' && !this._stateRead);
    node.dataset.syncState = description.kind;
    const heading = document.createElement('h4');
    heading.className = 'jp-runlog-RunDetails-heading';
    heading.textContent = trans.__('MLflow');
    const line = document.createElement('p');
    line.className = 'jp-runlog-RunDetails-syncLine';
    const label = document.createElement('span');
    label.className = 'jp-runlog-RunDetails-syncState';
    label.textContent = description.label;
    line.appendChild(label);
    if (description.url) {
      line.appendChild(
        this._button(
          'jp-runlog-RunDetails-openInMlflow',
          trans.__('Open in MLflow'),
          trans.__('Open this run in the MLflow UI, in a new tab'),
          () => this._open(description.url!)
        )
      );
    }
    if (description.kind === 'failed') {
      line.appendChild(
        this._button(
          'jp-runlog-RunDetails-syncRetry',
          trans.__('Retry'),
          trans.__('Send the waiting and failed runs to MLflow again now'),
          button => {
            button.disabled = true;
            // A failure shows in the sync status and the run's new state.
            void this._sync
              .syncNow()
              .catch(() => undefined)
              .finally(() => (button.disabled = false));
          }
        )
      );
    }
    node.replaceChildren(heading, line);
    if (description.detail) {
      node.appendChild(
        paragraph('jp-runlog-RunDetails-syncDetail', description.detail)
      );
    }
    if (description.error) {
      node.appendChild(
        paragraph(
          'jp-runlog-RunDetails-syncError',
          trans.__('Last error: %1', description.error)
        )
      );
    }
  }

  private _button(
    className: string,
    text: string,
    title: string,
    onClick: (button: HTMLButtonElement) => void
  ): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `${className} jp-Button`;
    button.textContent = text;
    button.title = title;
    button.addEventListener('click', () => onClick(button));
    return button;
  }

  private _sync: IMlflowSync;
  private _trans: TranslationBundle;
  private _open: (url: string) => void;
  private _run: IRunRecord | null = null;
  private _state: IRunSyncState | null = null;
  private _request = 0;
  /** Whether the shown run's state was read (it may have none). */
  private _stateRead = false;
  private _isDisposed = false;
}

function paragraph(className: string, text: string): HTMLParagraphElement {
  const element = document.createElement('p');
  element.className = className;
  element.textContent = text;
  return element;
}

export namespace RunSyncSection {
  export interface IOptions {
    sync: IMlflowSync;
    trans: TranslationBundle;
    /** Opens the MLflow link; a new browser tab by default. */
    open?: (url: string) => void;
  }
}
