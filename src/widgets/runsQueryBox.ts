/**
 * The Runs panel's filter box: a query such as
 * `lr > 0.01 and model == "gpt-4o" status:completed tag:baseline`.
 * A query that does not parse is explained under the box and changes
 * nothing: the table keeps the last filter that did.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import {
  IRunQuery,
  parseRunQuery,
  qualifierHelp
} from '../model/query/runQuery';

/** Makes each box's message id unique (the input points at it). */
let queryBoxCount = 0;

/** Typing pauses this long before the table is filtered again. */
const TYPING_PAUSE_MS = 150;

export class RunsQueryBox extends Widget {
  constructor(trans: TranslationBundle) {
    super();
    this._trans = trans;
    this.addClass('jp-runlog-RunsQuery');
    const input = this._input;
    input.type = 'search';
    input.className = 'jp-runlog-RunsQuery-input';
    input.spellcheck = false;
    input.placeholder = trans.__('Filter: lr > 0.01 status:completed tag:best');
    input.setAttribute('aria-label', trans.__('Filter runs'));
    // The qualifiers come from the parser's table, so none is left out.
    input.title = trans.__(
      'Compare parameters and metrics (== != > >= < <= ~), combine with and, or, not and parentheses; %1; a bare word searches names, values, tags and notes',
      qualifierHelp()
    );
    const message = this._message;
    message.className = 'jp-runlog-RunsQuery-message';
    message.id = `jp-runlog-RunsQuery-message-${++queryBoxCount}`;
    message.setAttribute('role', 'status');
    input.setAttribute('aria-describedby', message.id);
    input.addEventListener('input', () => this._schedule());
    input.addEventListener('keydown', event => {
      if (event.key === 'Enter') {
        this._apply();
      } else if (event.key === 'Escape' && input.value) {
        event.stopPropagation();
        this.setText('');
      }
    });
    this.node.append(input, message);
  }

  /** Emitted with the query in force (null: no filter) when it changes. */
  get queryChanged(): ISignal<this, IRunQuery | null> {
    return this._queryChanged;
  }

  /** The query in force: the last text that parsed. */
  get query(): IRunQuery | null {
    return this._query;
  }

  get text(): string {
    return this._input.value;
  }

  /** Put `text` in the box and filter by it at once. */
  setText(text: string): void {
    this._input.value = text;
    this._apply();
  }

  /** Say how many runs the query lets through ("12 of 340 runs match"). */
  setMatchCount(shown: number, total: number): void {
    this._counts = { shown, total };
    if (!this._input.classList.contains('jp-mod-invalid')) {
      this._showCount();
    }
  }

  focusInput(): void {
    this._input.focus();
    this._input.select();
  }

  dispose(): void {
    window.clearTimeout(this._timer);
    super.dispose();
  }

  private _schedule(): void {
    window.clearTimeout(this._timer);
    this._timer = window.setTimeout(() => this._apply(), TYPING_PAUSE_MS);
  }

  private _apply(): void {
    window.clearTimeout(this._timer);
    const parsed = parseRunQuery(this._input.value, this._trans);
    const input = this._input;
    if (!parsed.ok) {
      const { message, offset } = parsed.error;
      input.classList.add('jp-mod-invalid');
      input.setAttribute('aria-invalid', 'true');
      this._message.textContent = this._trans.__(
        '%1 (at character %2). The filter is unchanged.',
        message,
        offset + 1
      );
      this._message.classList.add('jp-mod-error');
      return;
    }
    input.classList.remove('jp-mod-invalid');
    input.removeAttribute('aria-invalid');
    this._message.classList.remove('jp-mod-error');
    if (parsed.query?.source !== this._query?.source) {
      this._query = parsed.query;
      this._queryChanged.emit(parsed.query);
    }
    this._showCount();
  }

  private _showCount(): void {
    const { shown, total } = this._counts;
    this._message.textContent = this._query
      ? this._trans._n(
          '%2 of %3 run matches',
          '%2 of %3 runs match',
          total,
          shown.toLocaleString(),
          total.toLocaleString()
        )
      : '';
  }

  private _trans: TranslationBundle;
  private _input = document.createElement('input');
  private _message = document.createElement('div');
  private _query: IRunQuery | null = null;
  private _queryChanged = new Signal<this, IRunQuery | null>(this);
  private _timer = 0;
  private _counts = { shown: 0, total: 0 };
}
