/**
 * The Runs panel's trash mode: which runs a live change adds to or takes out
 * of the listed runs, and the header shown instead of the notebook's line
 * ("Trash · N runs", back to the runs, restore, delete for good, empty).
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import { CommandIDs } from '../commands';
import type { IRunStore, IRunSummary } from '../tokens';
import type { RunsTable } from './runsTable';

/** The panel's class while it shows the trash (keybindings, context menus). */
export const TRASH_MODE_CLASS = 'jp-runlog-mod-trash';

/** What one store change does to a list of live runs or of runs in the trash. */
export interface IListChange {
  /** Runs to add or update: they belong to the list shown. */
  upsert: IRunSummary[];
  /** Ids to take out: moved to the other list, or deleted for good. */
  remove: string[];
}

/**
 * Split a store change for the list shown: runs whose trash state matches
 * it stay (added or updated), the others leave it, and runs deleted for
 * good leave both lists.
 */
export function splitChange(
  runs: readonly IRunSummary[],
  removed: readonly string[] | undefined,
  trash: boolean
): IListChange {
  const upsert: IRunSummary[] = [];
  const remove: string[] = removed ? [...removed] : [];
  for (const run of runs) {
    if ((run.deleted !== undefined) === trash) {
      upsert.push(run);
    } else {
      remove.push(run.id);
    }
  }
  return { upsert, remove };
}

/**
 * Apply a store change to a table listing live runs or the trash, in one
 * bulk removal and one upsert. Returns the runs upserted and how many runs
 * the table gained and lost.
 */
export function applyListChange(
  table: RunsTable,
  runs: readonly IRunSummary[],
  removed: readonly string[] | undefined,
  trash: boolean
): { upsert: IRunSummary[]; added: number; gone: number } {
  const { upsert, remove } = splitChange(runs, removed, trash);
  const added = upsert.filter(run => !table.holdsRun(run.id)).length;
  const gone = remove.filter(runId => table.holdsRun(runId)).length;
  table.removeRuns(remove);
  table.upsertRuns(upsert);
  return { upsert, added, gone };
}

/** Whether a run belongs to the list shown (live runs, or the trash). */
export function belongsToList(run: IRunSummary, trash: boolean): boolean {
  return (run.deleted !== undefined) === trash;
}

/**
 * Whether the panel shows its trash: the panel's class, which header line
 * is shown, and a signal for the commands' toggled state.
 */
export class RunsTrashMode {
  constructor(options: RunsTrashMode.IOptions) {
    this._panel = options.panel;
    this._headerLine = options.headerLine;
    this.header = new RunsTrashHeader(options);
    this.header.hide();
  }

  /** The header line shown instead of the notebook's in the trash. */
  readonly header: RunsTrashHeader;

  get shown(): boolean {
    return this._shown;
  }

  /** Emitted when the panel switches between the runs and the trash. */
  get shownChanged(): ISignal<this, boolean> {
    return this._shownChanged;
  }

  /** Switch; returns whether anything changed (the caller then reloads). */
  setShown(shown: boolean): boolean {
    if (shown === this._shown) {
      return false;
    }
    this._shown = shown;
    this._panel.toggleClass(TRASH_MODE_CLASS, shown);
    this._headerLine.setHidden(shown);
    this.header.setHidden(!shown);
    this._shownChanged.emit(shown);
    return true;
  }

  private _panel: Widget;
  private _headerLine: Widget;
  private _shown = false;
  private _shownChanged = new Signal<this, boolean>(this);
}

export namespace RunsTrashMode {
  export interface IOptions extends RunsTrashHeader.IOptions {
    /** The panel, which carries TRASH_MODE_CLASS in the trash. */
    panel: Widget;
    /** The notebook's header line, hidden in the trash. */
    headerLine: Widget;
  }
}

/**
 * The header line of the trash: its run count, a way back to the runs,
 * and the buttons that run the trash commands on the selection or on all.
 */
export class RunsTrashHeader extends Widget {
  constructor(options: RunsTrashHeader.IOptions) {
    super();
    const trans = options.trans;
    this._trans = trans;
    this._store = options.store;
    this.addClass('jp-runlog-RunsTrash-header');
    const line = document.createElement('div');
    line.className = 'jp-runlog-RunsTrash-line';
    this._title.className = 'jp-runlog-RunsTrash-title';
    const back = this._button(
      trans.__('Back to Runs'),
      trans.__('Show the runs that are not in the trash'),
      'jp-runlog-RunsTrash-back'
    );
    back.addEventListener('click', () => this._backRequested.emit());
    const commands = options.commands;
    this._restore = this._button(
      '',
      trans.__('Take the selected runs out of the trash'),
      'jp-runlog-RunsTrash-restore'
    );
    this._restore.addEventListener('click', () => {
      void commands.execute(CommandIDs.restoreRuns);
    });
    this._purge = this._button(
      trans.__('Delete for Good'),
      trans.__('Delete the selected runs for good; this cannot be undone'),
      'jp-runlog-RunsTrash-purge'
    );
    this._purge.addEventListener('click', () => {
      void commands.execute(CommandIDs.purgeRuns);
    });
    this._empty = this._button(
      trans.__('Empty Trash'),
      trans.__('Delete every run in the trash for good'),
      'jp-runlog-RunsTrash-empty'
    );
    this._empty.addEventListener('click', () => {
      void commands.execute(CommandIDs.emptyTrash);
    });
    const actions = document.createElement('div');
    actions.className = 'jp-runlog-RunsTrash-actions';
    actions.append(this._restore, this._purge, this._empty);
    line.append(this._title, back);
    this._note.className = 'jp-runlog-RunsTrash-note';
    this.node.append(line, actions, this._note);
    this.setSelectedCount(0);
  }

  /** Emitted when the user asks to go back to the live runs. */
  get backRequested(): ISignal<this, void> {
    return this._backRequested;
  }

  /**
   * Show the count of runs in the trash of a notebook, and how many of its
   * runs were deleted for good (read from the store).
   */
  render(
    experiment: { id: string | null; name: string } | null,
    count: number
  ): void {
    const trans = this._trans;
    this._title.textContent = trans._n(
      'Trash · %2 run',
      'Trash · %2 runs',
      count,
      count.toLocaleString()
    );
    this._title.title = experiment
      ? trans.__('Runs of %1 in the trash', experiment.name)
      : '';
    this._empty.disabled = count === 0;
    this.node.dataset.count = String(count);
    const id = experiment?.id ?? null;
    this._emptyLine =
      count === 0
        ? trans.__(
            'The trash is empty. Runs you delete wait here until you restore them or delete them for good.'
          )
        : '';
    this._showNote();
    // The purged count changes only with the trash's count: ask once per change.
    const key = `${id}\n${count}`;
    if (id === null || key === this._purgedKey) {
      return;
    }
    if (!this._purgedKey.startsWith(`${id}\n`)) {
      this._purgedLine = '';
      this._showNote();
    }
    this._purgedKey = key;
    void this._store
      .listPurged(id)
      .then(purged => {
        if (key !== this._purgedKey) {
          return;
        }
        this._purgedLine = purged.length
          ? trans._n(
              '%1 run of this notebook was deleted for good.',
              '%1 runs of this notebook were deleted for good.',
              purged.length
            )
          : '';
        this._showNote();
      })
      .catch(() => undefined);
  }

  private _showNote(): void {
    this._note.textContent = [this._emptyLine, this._purgedLine]
      .filter(Boolean)
      .join(' ');
  }

  /** The buttons acting on the selection follow its size. */
  setSelectedCount(count: number): void {
    const trans = this._trans;
    this._restore.textContent =
      count > 0 ? trans.__('Restore (%1)', count) : trans.__('Restore');
    this._restore.disabled = count === 0;
    this._purge.disabled = count === 0;
  }

  private _button(
    label: string,
    title: string,
    className: string
  ): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `jp-runlog-RunsTrash-button ${className}`;
    button.textContent = label;
    button.title = title;
    return button;
  }

  private _trans: TranslationBundle;
  private _store: IRunStore;
  private _title = document.createElement('span');
  private _note = document.createElement('div');
  private _restore: HTMLButtonElement;
  private _purge: HTMLButtonElement;
  private _empty: HTMLButtonElement;
  private _purgedKey = '';
  private _emptyLine = '';
  private _purgedLine = '';
  private _backRequested = new Signal<this, void>(this);
}

export namespace RunsTrashHeader {
  export interface IOptions {
    store: IRunStore;
    commands: CommandRegistry;
    trans: TranslationBundle;
  }
}
