/**
 * The comparison's diff table: one column per run, parameters then metrics,
 * each cell with its value and its difference to the baseline run.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import {
  buildComparison,
  ICompareCell,
  ICompareRow,
  IComparison,
  MetricDirection
} from '../../model/compare/compare';
import { formatNumber } from '../../model/record/runFormat';
import type { IRunSummary } from '../../tokens';
import { ROWS_PER_PAGE } from '../cappedRows';

export interface IDiffTableState {
  baselineId: string | undefined;
  differencesOnly: boolean;
  directions: { [metric: string]: MetricDirection | null };
}

export interface IDiffTableCallbacks {
  baselineChosen(runId: string): void;
  differencesOnlyChanged(value: boolean): void;
  directionChosen(metric: string, direction: MetricDirection): void;
}

/** `+0.012 (+4.1%)`: a difference and, when known, its relative size. */
export function formatDelta(cell: ICompareCell): string {
  if (cell.delta === null) {
    return '';
  }
  const sign = cell.delta > 0 ? '+' : cell.delta < 0 ? '−' : '±';
  const absolute = `${sign}${formatNumber(Math.abs(cell.delta))}`;
  if (cell.relative === null || cell.delta === 0) {
    return absolute;
  }
  const percent = Math.abs(cell.relative * 100);
  const digits = percent >= 100 ? 0 : percent >= 10 ? 1 : 2;
  return `${absolute} (${sign}${percent.toFixed(digits)}%)`;
}

export class DiffTable extends Widget {
  constructor(trans: TranslationBundle, callbacks: IDiffTableCallbacks) {
    super();
    this._trans = trans;
    this._callbacks = callbacks;
    this.addClass('jp-runlog-compare-diff');
    const toolbar = document.createElement('div');
    toolbar.className = 'jp-runlog-compare-toolbar';
    const label = document.createElement('label');
    this._differencesOnly.type = 'checkbox';
    this._differencesOnly.className = 'jp-runlog-compare-differencesOnly';
    this._differencesOnly.addEventListener('change', () =>
      this._callbacks.differencesOnlyChanged(this._differencesOnly.checked)
    );
    label.append(this._differencesOnly, ` ${trans.__('Differences only')}`);
    this._hiddenNote.className = 'jp-runlog-compare-note';
    toolbar.append(label, this._hiddenNote);
    this._table.className = 'jp-runlog-compare-table';
    this._table.setAttribute('aria-label', trans.__('Differences'));
    this._scroller.className = 'jp-runlog-compare-tableScroller';
    this._scroller.appendChild(this._table);
    this.node.append(toolbar, this._scroller);
    this.node.addEventListener('click', this._onClick);
  }

  /** The comparison last rendered. */
  get comparison(): IComparison | null {
    return this._comparison;
  }

  render(runs: readonly IRunSummary[], state: IDiffTableState): void {
    const runsKey = runs.map(run => run.id).join('\n');
    if (runsKey !== this._runsKey) {
      this._shown.clear();
      this._runsKey = runsKey;
    }
    this._runs = runs;
    this._state = state;
    const trans = this._trans;
    const comparison = buildComparison(runs, {
      baselineId: state.baselineId,
      differencesOnly: state.differencesOnly,
      metricDirections: state.directions
    });
    this._comparison = comparison;
    this._differencesOnly.checked = state.differencesOnly;
    this._hiddenNote.textContent =
      comparison.hiddenRows > 0
        ? trans._n(
            '%1 row with the same value in every run is hidden',
            '%1 rows with the same value in every run are hidden',
            comparison.hiddenRows
          )
        : '';

    const head = document.createElement('thead');
    const headRow = head.insertRow();
    const corner = document.createElement('th');
    corner.scope = 'col';
    corner.textContent = trans.__('Name');
    headRow.appendChild(corner);
    for (const column of comparison.columns) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.className = 'jp-runlog-compare-runHeader';
      th.dataset.runId = column.id;
      th.classList.toggle('jp-runlog-compare-baseline', column.baseline);
      const name = document.createElement('span');
      name.textContent = `#${column.number}`;
      const pin = document.createElement('button');
      pin.type = 'button';
      pin.className = 'jp-runlog-compare-pin';
      pin.dataset.runId = column.id;
      // Drawn by CSS: emoji fonts are not everywhere.
      pin.textContent = '';
      pin.setAttribute('aria-pressed', String(column.baseline));
      pin.setAttribute(
        'aria-label',
        column.baseline
          ? trans.__('Run %1 is the baseline', column.number)
          : trans.__('Use run %1 as the baseline', column.number)
      );
      pin.title = pin.getAttribute('aria-label')!;
      th.append(name, pin);
      headRow.appendChild(th);
    }

    const body = document.createElement('tbody');
    let section: ICompareRow['kind'] | null = null;
    // Rows of a section drawn so far, and past its limit, not drawn.
    let drawn = 0;
    let notDrawn = 0;
    const closeSection = () => {
      if (section !== null && notDrawn > 0) {
        body.appendChild(this._renderMore(section, notDrawn, comparison));
      }
    };
    for (const row of comparison.rows) {
      if (row.kind !== section) {
        closeSection();
        section = row.kind;
        drawn = 0;
        notDrawn = 0;
        const sectionRow = body.insertRow();
        sectionRow.className = 'jp-runlog-compare-section';
        const th = document.createElement('th');
        th.scope = 'rowgroup';
        th.colSpan = comparison.columns.length + 1;
        th.textContent =
          row.kind === 'param'
            ? trans.__('Parameters')
            : row.kind === 'metric'
              ? trans.__('Metrics')
              : trans.__('Context');
        sectionRow.appendChild(th);
      }
      // Each drawn row has a cell per run: 10,000 parameters would be drawn
      // whole otherwise, freezing the page.
      if (drawn >= (this._shown.get(row.kind) ?? ROWS_PER_PAGE)) {
        notDrawn++;
        continue;
      }
      drawn++;
      body.appendChild(this._renderRow(row));
    }
    closeSection();
    if (comparison.rows.length === 0) {
      const empty = body.insertRow();
      const cell = empty.insertCell();
      cell.colSpan = comparison.columns.length + 1;
      cell.className = 'jp-runlog-compare-note';
      cell.textContent = trans.__(
        'These runs have the same parameters and metrics.'
      );
    }
    this._table.replaceChildren(head, body);
  }

  /** The last row of a section drawn in part: how many are left, and a button. */
  private _renderMore(
    kind: ICompareRow['kind'],
    notDrawn: number,
    comparison: IComparison
  ): HTMLTableRowElement {
    const row = document.createElement('tr');
    row.className = 'jp-runlog-compare-more';
    const cell = row.insertCell();
    cell.colSpan = comparison.columns.length + 1;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'jp-runlog-compare-showMore jp-Button';
    button.dataset.section = kind;
    button.textContent = this._trans._n(
      'Show %2 more (%1 row not shown)',
      'Show %2 more (%1 rows not shown)',
      notDrawn,
      Math.min(notDrawn, ROWS_PER_PAGE)
    );
    cell.appendChild(button);
    return row;
  }

  private _renderRow(row: ICompareRow): HTMLTableRowElement {
    const trans = this._trans;
    const tr = document.createElement('tr');
    tr.className = `jp-runlog-compare-row jp-runlog-compare-${row.kind}`;
    tr.dataset.kind = row.kind;
    tr.dataset.name = row.name;
    tr.classList.toggle('jp-runlog-compare-differs', row.differs);
    const th = document.createElement('th');
    th.scope = 'row';
    const name = document.createElement('span');
    name.className = 'jp-runlog-compare-name';
    name.textContent =
      row.kind === 'context' ? contextLabel(row.name, trans) : row.name;
    name.title = name.textContent;
    th.appendChild(name);
    if (row.kind === 'metric') {
      const toggle = document.createElement('button');
      toggle.type = 'button';
      toggle.className = 'jp-runlog-compare-direction';
      toggle.dataset.metric = row.name;
      toggle.dataset.direction = row.direction ?? 'none';
      toggle.textContent =
        row.direction === 'max' ? '↑' : row.direction === 'min' ? '↓' : '↕';
      toggle.title =
        row.direction === 'max'
          ? trans.__('Higher is better; click for lower is better')
          : row.direction === 'min'
            ? trans.__('Lower is better; click for higher is better')
            : trans.__('No better direction known; click for higher is better');
      toggle.setAttribute('aria-label', toggle.title);
      th.appendChild(toggle);
    }
    tr.appendChild(th);
    row.values.forEach((cell, index) => {
      const td = document.createElement('td');
      td.className = 'jp-runlog-compare-cell';
      const value = document.createElement('span');
      value.className = 'jp-runlog-compare-value';
      value.textContent = cell.text;
      td.appendChild(value);
      const delta = formatDelta(cell);
      if (delta) {
        const span = document.createElement('span');
        span.className = 'jp-runlog-compare-delta';
        span.textContent = delta;
        td.appendChild(span);
      }
      if (row.kind === 'metric' && cell.better !== null) {
        td.classList.add(
          cell.better ? 'jp-runlog-compare-better' : 'jp-runlog-compare-worse'
        );
        td.title = cell.better
          ? trans.__('Better than the baseline')
          : trans.__('Worse than the baseline');
      }
      if (this._comparison?.baselineIndex === index) {
        td.classList.add('jp-runlog-compare-baseline');
      }
      tr.appendChild(td);
    });
    return tr;
  }

  private _onClick = (event: MouseEvent): void => {
    const target = event.target as HTMLElement;
    const more = target.closest<HTMLElement>('.jp-runlog-compare-showMore');
    const kind = more?.dataset.section as ICompareRow['kind'] | undefined;
    if (kind && this._runs && this._state) {
      this._shown.set(
        kind,
        (this._shown.get(kind) ?? ROWS_PER_PAGE) + ROWS_PER_PAGE
      );
      this.render(this._runs, this._state);
      return;
    }
    const pin = target.closest<HTMLElement>('.jp-runlog-compare-pin');
    if (pin?.dataset.runId) {
      this._callbacks.baselineChosen(pin.dataset.runId);
      return;
    }
    const toggle = target.closest<HTMLElement>('.jp-runlog-compare-direction');
    if (toggle?.dataset.metric !== undefined) {
      const next: MetricDirection =
        toggle.dataset.direction === 'max' ? 'min' : 'max';
      this._callbacks.directionChosen(toggle.dataset.metric, next);
    }
  };

  private _trans: TranslationBundle;
  private _callbacks: IDiffTableCallbacks;
  private _differencesOnly = document.createElement('input');
  private _hiddenNote = document.createElement('span');
  private _table = document.createElement('table');
  private _scroller = document.createElement('div');
  private _comparison: IComparison | null = null;
  private _runs: readonly IRunSummary[] | null = null;
  private _runsKey = '';
  private _state: IDiffTableState | null = null;
  /** Rows drawn per section, once "Show more" was used (for these runs). */
  private _shown = new Map<ICompareRow['kind'], number>();
}

/** The label of a context row (see `contextRows` in src/model/compare/compareContext.ts). */
function contextLabel(name: string, trans: TranslationBundle): string {
  const colon = name.indexOf(':');
  const kind = colon < 0 ? name : name.slice(0, colon);
  const detail = colon < 0 ? '' : name.slice(colon + 1);
  switch (kind) {
    case 'git':
      return trans.__('Git commit');
    case 'cpu_seconds':
      return trans.__('CPU time (s)');
    case 'peak_memory_mb':
      return trans.__('Peak memory (MB)');
    case 'gpu':
      return trans.__('GPU %1 peak memory (MB)', detail);
    case 'package':
      return trans.__('Package %1', detail);
    case 'file':
      return trans.__('File: %1', detail);
    default:
      return name;
  }
}
