/**
 * Which parameters and metrics the parallel coordinates chart shows: a
 * drop-down list of checkboxes in the chart's controls.
 *
 * By default the axes are the dimensions whose values differ between the
 * compared runs (constant ones tell nothing apart), at most MAX_DEFAULT_AXES.
 * Once the user ticks or unticks one, their choice is kept for every name
 * it covers, across selection changes, for the life of the view.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { IDimension } from '../../charts/specs';

/** Axes shown by default, at most: more makes every axis unreadable. */
export const MAX_DEFAULT_AXES = 12;

/** A dimension the picker offers, and whether its values differ. */
export interface IAxisChoice extends IDimension {
  varies: boolean;
}

const keyOf = (dimension: IDimension) => `${dimension.kind}:${dimension.name}`;

export class AxisPicker {
  constructor(options: { trans: TranslationBundle; changed: () => void }) {
    this._trans = options.trans;
    this._changed = options.changed;
    const node = (this.node = document.createElement('details'));
    node.className = 'jp-runlog-compare-axisPicker';
    this._summary.className = 'jp-mod-styled';
    this._list.className = 'jp-runlog-compare-axisList';
    node.append(this._summary, this._list);
  }

  readonly node: HTMLDetailsElement;

  /** The dimensions drawn, in the offered order. */
  get chosen(): IDimension[] {
    return this._choices
      .filter(choice => this._isChosen(choice))
      .map(({ kind, name }) => ({ kind, name }));
  }

  /** Offer these dimensions (parameters first, then metrics). */
  setChoices(choices: readonly IAxisChoice[]): void {
    this._choices = [...choices];
    const varying = choices.filter(choice => choice.varies);
    const defaults = (varying.length > 0 ? varying : choices).slice(
      0,
      MAX_DEFAULT_AXES
    );
    this._defaults = new Set(defaults.map(keyOf));
    this._renderList();
  }

  private _isChosen(choice: IDimension): boolean {
    const key = keyOf(choice);
    return this._userChoice.get(key) ?? this._defaults.has(key);
  }

  private _renderList(): void {
    const trans = this._trans;
    this._list.replaceChildren(
      ...this._choices.map(choice => {
        const label = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.checked = this._isChosen(choice);
        box.dataset.axis = keyOf(choice);
        box.addEventListener('change', () => {
          this._userChoice.set(keyOf(choice), box.checked);
          this._renderSummary();
          this._changed();
        });
        const kind =
          choice.kind === 'param' ? trans.__('parameter') : trans.__('metric');
        const note = choice.varies ? kind : trans.__('%1, same in all', kind);
        const hint = document.createElement('span');
        hint.className = 'jp-runlog-compare-axisKind';
        hint.textContent = note;
        const name =
          choice.name === '' ? trans.__('(empty name)') : choice.name;
        label.append(box, ` ${name} `, hint);
        return label;
      })
    );
    this._renderSummary();
  }

  private _renderSummary(): void {
    this._summary.textContent = this._trans.__(
      'Axes (%1 of %2)',
      this.chosen.length,
      this._choices.length
    );
  }

  private _trans: TranslationBundle;
  private _changed: () => void;
  private _summary = document.createElement('summary');
  private _list = document.createElement('div');
  private _choices: IAxisChoice[] = [];
  private _defaults = new Set<string>();
  private _userChoice = new Map<string, boolean>();
}
