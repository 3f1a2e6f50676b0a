import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { Widget } from '@lumino/widgets';
import { CommandIDs } from '../commands';

/**
 * The Runs panel's header line: the shown notebook's name and run count, and
 * the "Compare (N)" button that runs `runlog:compare-selected`.
 */
export class RunsPanelHeader extends Widget {
  constructor(options: RunsPanelHeader.IOptions) {
    super();
    this._trans = (options.translator ?? nullTranslator).load(
      'jupyterlab_runlog'
    );
    this.addClass('jp-runlog-RunsPanel-header');
    const button = this._compareButton;
    button.type = 'button';
    button.className = 'jp-runlog-RunsPanel-compare jp-mod-styled';
    button.addEventListener('click', () => {
      void options.commands.execute(CommandIDs.compareSelected);
    });
    this.setSelectedCount(0);
    this.render(null, 0);
  }

  /** Show a notebook's name (its path on hover) and run count; null: "Runs". */
  render(
    experiment: RunsPanelHeader.IExperiment | null,
    runCount: number
  ): void {
    const node = this.node;
    if (!experiment) {
      node.textContent = this._trans.__('Runs');
      return;
    }
    const name = document.createElement('span');
    name.className = 'jp-runlog-RunsPanel-experiment';
    name.textContent = experiment.name;
    name.title = experiment.path;
    const count = document.createElement('span');
    count.className = 'jp-runlog-RunsPanel-count';
    // %1 is the count itself, %2 the same with the locale's digit grouping.
    count.textContent = this._trans._n(
      '%2 run',
      '%2 runs',
      runCount,
      runCount.toLocaleString()
    );
    node.replaceChildren(name, count, this._compareButton);
  }

  /** "Compare (N)": enabled from two selected runs. */
  setSelectedCount(count: number): void {
    const button = this._compareButton;
    button.textContent = this._trans.__('Compare (%1)', count);
    button.disabled = count < 2;
    button.title =
      count < 2
        ? this._trans.__(
            'Select two or more runs (Ctrl/Cmd-click, Shift-click or the checkboxes) to compare them'
          )
        : this._trans.__('Compare the %1 selected runs', count);
  }

  private _trans: TranslationBundle;
  private _compareButton = document.createElement('button');
}

export namespace RunsPanelHeader {
  export interface IOptions {
    commands: CommandRegistry;
    translator?: ITranslator;
  }

  /** What the header shows of a notebook. */
  export interface IExperiment {
    name: string;
    path: string;
  }
}
