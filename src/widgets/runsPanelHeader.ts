import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { deleteIcon } from '@jupyterlab/ui-components';
import { CommandRegistry } from '@lumino/commands';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import { CommandIDs } from '../commands';
import {
  ALL_ORIGINS,
  CAPTURED_HERE,
  IOriginEntry
} from '../model/record/runOrigin';

/**
 * The Runs panel's header line: the shown notebook's name and run count, the
 * "Origin" drop-down (only when some runs were imported) and the
 * "Compare (N)" button that runs `runlog:compare-selected`.
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
    this._actions.className = 'jp-runlog-RunsPanel-actions';
    const trash = this._deleteButton;
    trash.type = 'button';
    trash.className = 'jp-runlog-RunsPanel-delete';
    // An icon: the line is narrow, and Compare must keep its room.
    trash.setAttribute('aria-label', this._trans.__('Move to Trash'));
    trash.appendChild(deleteIcon.element({ tag: 'span' }));
    trash.addEventListener('click', () => {
      void options.commands.execute(CommandIDs.deleteRuns);
    });
    this._actions.append(this._originSelect, trash, button);
    const origin = this._originSelect;
    origin.className = 'jp-runlog-RunsPanel-origin';
    origin.setAttribute('aria-label', this._trans.__('Origin'));
    origin.title = this._trans.__('Show the runs captured here or imported');
    origin.addEventListener('change', () => {
      this._originChanged.emit(origin.value);
    });
    this.setSelectedCount(0);
    this.setOrigins([], ALL_ORIGINS);
    this.render(null, 0);
  }

  /** Emitted with an origin key when the user picks one in the drop-down. */
  get originChanged(): ISignal<this, string> {
    return this._originChanged;
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
    node.replaceChildren(name, count, this._actions);
  }

  /**
   * Offer the origins of the shown runs (counts included), with `selected`
   * picked; hidden when no run was imported. Options are updated in place
   * where they stay, so a live update does not disturb an open drop-down.
   */
  setOrigins(origins: readonly IOriginEntry[], selected: string): void {
    const select = this._originSelect;
    const imported = origins.some(origin => origin.kind !== CAPTURED_HERE);
    select.hidden = !imported;
    // The drop-down needs room: let the line wrap rather than squeeze it.
    this.node.classList.toggle('jp-runlog-mod-withOrigin', imported);
    const choices = imported ? this._originChoices(origins, selected) : [];
    const options = select.options;
    const sameKeys =
      options.length === choices.length &&
      choices.every((choice, i) => options[i].value === choice.value);
    if (!sameKeys) {
      select.replaceChildren(
        ...choices.map(choice => {
          const option = document.createElement('option');
          option.value = choice.value;
          return option;
        })
      );
    }
    choices.forEach((choice, i) => {
      const option = options[i];
      if (option.textContent !== choice.label) {
        option.textContent = choice.label;
      }
      option.title = choice.title;
    });
    select.value = imported ? selected : ALL_ORIGINS;
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
    // Shown on a selection only: deleting is never the first thing offered.
    this._deleteButton.hidden = count === 0;
    this._deleteButton.title = this._trans._n(
      'Move the selected run to the trash (Delete)',
      'Move the %1 selected runs to the trash (Delete)',
      count
    );
  }

  /** The drop-down's options: every run, then each origin with runs. */
  private _originChoices(
    origins: readonly IOriginEntry[],
    selected: string
  ): RunsPanelHeader.IOriginChoice[] {
    const trans = this._trans;
    const total = origins.reduce((sum, origin) => sum + origin.count, 0);
    const choices: RunsPanelHeader.IOriginChoice[] = [
      {
        value: ALL_ORIGINS,
        label: trans.__('All runs (%1)', total.toLocaleString()),
        title: trans.__('Show every run of this notebook')
      }
    ];
    for (const origin of origins) {
      const count = origin.count.toLocaleString();
      if (origin.kind === CAPTURED_HERE) {
        choices.push({
          value: origin.key,
          label: trans.__('Captured here (%1)', count),
          title: trans.__('Show the runs captured in this browser')
        });
        continue;
      }
      if (origin.kind === 'mlflow') {
        choices.push({
          value: origin.key,
          label: trans.__('MLflow: %1 (%2)', origin.file ?? '', count),
          title: trans.__(
            'Show the runs pulled from the MLflow tracking server %1',
            origin.file ?? ''
          )
        });
        continue;
      }
      choices.push({
        value: origin.key,
        label: trans.__('Imported: %1 (%2)', origin.name ?? '', count),
        title:
          origin.kind === 'papermill'
            ? trans.__(
                'Show the runs imported from the papermill-executed notebook %1',
                origin.file ?? ''
              )
            : trans.__(
                'Show the runs imported from the bundle %1',
                origin.file ?? ''
              )
      });
    }
    // A picked origin whose runs are gone stays listed, so the pick shows.
    if (!choices.some(choice => choice.value === selected)) {
      choices.push({
        value: selected,
        label:
          selected === CAPTURED_HERE
            ? trans.__('Captured here (%1)', 0)
            : selected.startsWith('mlflow:')
              ? trans.__('MLflow: %1 (%2)', selected.slice('mlflow:'.length), 0)
              : trans.__(
                  'Imported: %1 (%2)',
                  selected.slice(selected.indexOf(':') + 1),
                  0
                ),
        title: ''
      });
    }
    return choices;
  }

  private _trans: TranslationBundle;
  private _compareButton = document.createElement('button');
  private _deleteButton = document.createElement('button');
  private _originSelect = document.createElement('select');
  /** The drop-down and Compare: they stay together at the end of the line. */
  private _actions = document.createElement('div');
  private _originChanged = new Signal<this, string>(this);
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

  /** One option of the Origin drop-down. */
  export interface IOriginChoice {
    value: string;
    label: string;
    title: string;
  }
}
