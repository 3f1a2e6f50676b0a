/**
 * The DOM of the runs table's header and rows. Plain elements, text only:
 * values from runs never reach innerHTML.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import {
  formatDuration,
  formatStarted,
  formatTimestamp,
  formatValue,
  MISSING,
  paramDisplay
} from '../model/record/runFormat';
import type { IRunColumn, IRunSort, RunColumnKind } from '../model/runTable';
import type { IRunSummary, JSONValue } from '../tokens';
import { renderAlertMark, renderStatusBadge } from './status';

const COLUMN_WIDTHS: Record<RunColumnKind, number> = {
  number: 56,
  status: 150,
  started: 150,
  duration: 96,
  param: 120,
  metric: 112
};

/** Column widths in pixels; the number column fits the highest number. */
export function columnWidths(
  columns: readonly IRunColumn[],
  highestNumber: number
): number[] {
  const numberWidth = Math.max(
    COLUMN_WIDTHS.number,
    16 + 8 * String(highestNumber).length
  );
  return columns.map(column =>
    column.kind === 'number' ? numberWidth : COLUMN_WIDTHS[column.kind]
  );
}

function columnLabel(column: IRunColumn, trans: TranslationBundle): string {
  switch (column.kind) {
    case 'number':
      return trans.__('#');
    case 'status':
      return trans.__('Status');
    case 'started':
      return trans.__('Started');
    case 'duration':
      return trans.__('Duration');
    default:
      return column.label;
  }
}

/** Width in pixels the selection checkbox adds to the number column. */
export const CHECKBOX_WIDTH = 22;

export const SELECT_ALL_CLASS = 'jp-runlog-RunsTable-selectAll';
export const SELECT_RUN_CLASS = 'jp-runlog-RunsTable-selectRun';

/**
 * A selection checkbox. Out of the tab order: the grid is one tab stop and
 * its keys (Space, Shift+arrows) select; the checkboxes serve the mouse and
 * screen readers.
 */
function selectionCheckbox(className: string, label: string): HTMLInputElement {
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.className = className;
  box.tabIndex = -1;
  box.setAttribute('aria-label', label);
  return box;
}

/**
 * Column headers: a sort button each, `aria-sort` on the sorted one; the
 * number column's header also holds the select-all checkbox.
 */
export function renderHeaderCells(
  columns: readonly IRunColumn[],
  sort: IRunSort,
  trans: TranslationBundle
): HTMLElement[] {
  return columns.map((column, index) => {
    const cell = document.createElement('div');
    cell.className = `jp-runlog-RunsTable-headerCell jp-runlog-mod-${column.kind}`;
    cell.setAttribute('role', 'columnheader');
    cell.setAttribute('aria-colindex', String(index + 1));
    cell.dataset.columnId = column.id;
    cell.setAttribute(
      'aria-sort',
      sort.columnId === column.id ? sort.direction : 'none'
    );
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'jp-runlog-RunsTable-sortButton';
    const label = columnLabel(column, trans);
    button.textContent = label;
    button.title = trans.__('Sort by %1', label);
    const indicator = document.createElement('span');
    indicator.className = 'jp-runlog-RunsTable-sortIndicator';
    indicator.setAttribute('aria-hidden', 'true');
    button.appendChild(indicator);
    if (column.kind === 'number') {
      cell.appendChild(
        selectionCheckbox(SELECT_ALL_CLASS, trans.__('Select all runs'))
      );
    }
    cell.appendChild(button);
    return cell;
  });
}

/** One body row; position and selection state are the caller's. */
export function renderRow(
  run: IRunSummary,
  columns: readonly IRunColumn[],
  options: { elementId: string; now: number; trans: TranslationBundle }
): HTMLElement {
  const row = document.createElement('div');
  row.className = 'jp-runlog-RunsTable-row';
  row.setAttribute('role', 'row');
  row.id = options.elementId;
  row.dataset.runId = run.id;
  // The star is drawn by CSS after the number, so the cell's text stays the number.
  if (run.annotations.starred) {
    row.dataset.starred = 'true';
  }
  columns.forEach((column, index) => {
    const cell = document.createElement('div');
    cell.className = `jp-runlog-RunsTable-cell jp-runlog-mod-${column.kind}`;
    cell.setAttribute('role', 'gridcell');
    cell.setAttribute('aria-colindex', String(index + 1));
    fillCell(cell, run, column, options.now, options.trans);
    row.appendChild(cell);
  });
  return row;
}

function fillCell(
  cell: HTMLElement,
  run: IRunSummary,
  column: IRunColumn,
  now: number,
  trans: TranslationBundle
): void {
  switch (column.kind) {
    case 'number': {
      // The checkbox has no text: the cell's text stays the run number.
      const number = document.createElement('span');
      number.textContent = String(run.number);
      cell.append(
        selectionCheckbox(
          SELECT_RUN_CLASS,
          trans.__('Select run %1', run.number)
        ),
        number
      );
      if (run.annotations.starred) {
        number.title = trans.__('Run %1 is starred', run.number);
      }
      return;
    }
    case 'status':
      cell.appendChild(renderStatusBadge(run, trans));
      if (run.alerts?.length) {
        cell.appendChild(renderAlertMark(run.alerts, trans));
      }
      return;
    case 'started':
      cell.textContent = formatStarted(run.started_at, now);
      cell.title = formatTimestamp(run.started_at);
      return;
    case 'duration':
      cell.textContent = formatDuration(run.duration_ms);
      return;
    case 'param': {
      const param = run.params[column.key ?? ''];
      const display = paramDisplay(param);
      if (display.kind === 'redacted') {
        fillRedacted(cell, trans);
      } else if (display.kind === 'expression') {
        // Not representable as JSON: show what the user wrote instead.
        cell.textContent = display.text;
        cell.classList.add('jp-runlog-mod-inexact');
        cell.title = trans.__('%1 (not a JSON value)', param!.source);
      } else {
        fillValue(cell, param ? param.value : undefined);
      }
      return;
    }
    case 'metric':
      fillValue(cell, run.metrics[column.key ?? '']?.value);
      return;
  }
}

/** The class of a parameter value that was redacted (muted, italic). */
export const REDACTED_CLASS = 'jp-runlog-mod-redacted';

/**
 * A redacted parameter: a marker and why, never the stored placeholder. Also
 * used by the run details, so the two read the same.
 */
export function fillRedacted(
  element: HTMLElement,
  trans: TranslationBundle
): void {
  element.textContent = trans.__('‹redacted›');
  // The inexact style is the muted italic this needs.
  element.classList.add(REDACTED_CLASS, 'jp-runlog-mod-inexact');
  element.title = trans.__(
    'Redacted: the value looked like a secret (name or format). See Settings → Run log: capture.'
  );
}

function fillValue(cell: HTMLElement, value: JSONValue | undefined): void {
  const text = formatValue(value);
  cell.textContent = text;
  if (text === MISSING) {
    cell.classList.add('jp-runlog-mod-missing');
  } else if (text.endsWith('…')) {
    cell.title = formatValue(value, 2000);
  }
}
