import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { Widget } from '@lumino/widgets';
import { CommandIDs } from '../commands';

/** Runs the active notebook's cells; JupyterLab's own command. */
const RUN_ALL_CELLS = 'notebook:run-all-cells';

/**
 * What the panel shows before there are runs: the three steps to the first
 * run, each with a button doing it; or a hint to open a notebook.
 */
export class RunsEmptyState extends Widget {
  constructor(options: RunsEmptyState.IOptions) {
    super();
    this._commands = options.commands;
    this._trans = (options.translator ?? nullTranslator).load(
      'jupyterlab_runlog'
    );
    this.addClass('jp-runlog-EmptyState');
    this._commands.commandChanged.connect(this._updateButtons, this);
    this._render();
  }

  /** `no-notebook`: no notebook is active; `no-runs`: it has no runs yet. */
  get mode(): RunsEmptyState.Mode {
    return this._mode;
  }
  set mode(value: RunsEmptyState.Mode) {
    if (value !== this._mode) {
      this._mode = value;
      this._render();
    }
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._commands.commandChanged.disconnect(this._updateButtons, this);
    super.dispose();
  }

  private _render(): void {
    const trans = this._trans;
    const title = document.createElement('h3');
    title.className = 'jp-runlog-EmptyState-title';
    this._buttons = [];
    if (this._mode === 'no-notebook') {
      title.textContent = trans.__('Open a notebook to see its runs');
      this.node.replaceChildren(title);
      return;
    }
    title.textContent = trans.__('No runs yet');
    const intro = document.createElement('p');
    intro.textContent = trans.__(
      'Runs of this notebook appear here as they happen, in three steps:'
    );
    const steps = document.createElement('ol');
    steps.className = 'jp-runlog-EmptyState-steps';
    steps.append(
      this._step(
        trans.__('Tag a parameters cell'),
        trans.__('Its assignments become each run’s parameters.'),
        CommandIDs.toggleParametersCell
      ),
      this._step(
        trans.__('Track a cell'),
        trans.__('Its code, outputs and metrics are recorded.'),
        CommandIDs.toggleTrackedCell
      ),
      this._step(
        trans.__('Run the notebook'),
        trans.__('Each pass through the tracked cells is one run.'),
        RUN_ALL_CELLS
      )
    );
    this.node.replaceChildren(title, intro, steps);
    this._updateButtons();
  }

  private _step(label: string, hint: string, command: string): HTMLElement {
    const item = document.createElement('li');
    item.className = 'jp-runlog-EmptyState-step';
    const button = document.createElement('button');
    button.type = 'button';
    button.className =
      'jp-mod-styled jp-mod-accept jp-runlog-EmptyState-button';
    button.textContent = label;
    button.dataset.command = command;
    button.addEventListener('click', () => {
      if (this._commands.hasCommand(command)) {
        void this._commands.execute(command);
      }
    });
    const text = document.createElement('p');
    text.className = 'jp-runlog-EmptyState-hint';
    text.textContent = hint;
    item.append(button, text);
    this._buttons.push(button);
    return item;
  }

  /**
   * A step's button is off while its command is not registered. Enabled-ness
   * is left to the command: it follows the active cell, which changes
   * without a `commandChanged` notice.
   */
  private _updateButtons(): void {
    for (const button of this._buttons) {
      button.disabled = !this._commands.hasCommand(button.dataset.command!);
    }
  }

  private _commands: CommandRegistry;
  private _trans: TranslationBundle;
  private _mode: RunsEmptyState.Mode = 'no-runs';
  private _buttons: HTMLButtonElement[] = [];
}

export namespace RunsEmptyState {
  export type Mode = 'no-notebook' | 'no-runs';
  export interface IOptions {
    commands: CommandRegistry;
    translator?: ITranslator;
  }
}
