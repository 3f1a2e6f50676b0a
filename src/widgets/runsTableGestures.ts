/**
 * The runs table's mouse and keyboard handling: reads a click, double click
 * or key press on the grid and carries out what runSelection says it means.
 * Its own module so runsTable.ts keeps to the table's state and painting.
 */
import {
  keyIntent,
  rowClickIntent,
  selectAllIntent,
  type SelectionIntent
} from './runSelection';
import type { RunsTable } from './runsTable';
import type { RunsTableBody } from './runsTableBody';
import type { RunsTableHeader } from './runsTableHeader';
import type { RunsTableModel } from './runsTableModel';
import { SELECT_RUN_CLASS } from './runsTableRows';

/** Turns the grid's clicks and keys into changes of a runs table. */
export class RunsTableGestures {
  constructor(options: RunsTableGestures.IOptions) {
    this._table = options.table;
    this._model = options.model;
    this._header = options.header;
    this._body = options.body;
    this._activate = options.activate;
  }

  /** Handle a `click`, `dblclick` or `keydown` on the grid; other events are ignored. */
  handle(event: Event): void {
    switch (event.type) {
      case 'click':
        this._onClick(event as MouseEvent);
        break;
      case 'dblclick': {
        const id = this._body.rowIdAt(event.target);
        if (id !== null) {
          this._activate({ runId: id, focus: false });
        }
        break;
      }
      case 'keydown':
        this._onKeyDown(event as KeyboardEvent);
        break;
    }
  }

  /** Carry out what a gesture asked for. */
  private _apply(intent: SelectionIntent): void {
    const table = this._table;
    switch (intent.kind) {
      case 'select':
        table.select(intent.runId, { scroll: intent.scroll });
        break;
      case 'toggle':
        table.toggle(intent.runId);
        break;
      case 'range':
        table.selectRange(intent.runId, {
          extend: intent.extend,
          scroll: intent.scroll
        });
        break;
      case 'selectAll':
        table.selectAll();
        break;
      case 'clearSelection':
        table.clearSelection();
        break;
      case 'activate':
        this._activate({ runId: intent.runId, focus: intent.focus });
        break;
    }
  }

  private _onClick(event: MouseEvent): void {
    const table = this._table;
    const target = event.target as Element | null;
    const hit = this._header.hitTest(target);
    if (hit?.kind === 'selectAll') {
      this._apply(selectAllIntent(table.selection.size, table.runs.length));
      return;
    }
    if (hit?.kind === 'sort') {
      table.toggleSort(hit.columnId);
      return;
    }
    const runId = this._body.rowIdAt(target);
    if (runId === null) {
      return;
    }
    if (event.shiftKey) {
      // Keep the browser from selecting text across the rows.
      window.getSelection()?.removeAllRanges();
    }
    const click = {
      runId,
      shiftKey: event.shiftKey,
      additive: event.ctrlKey || event.metaKey,
      onCheckbox: target!.classList.contains(SELECT_RUN_CLASS)
    };
    this._apply(rowClickIntent(click, this._model));
  }

  private _onKeyDown(event: KeyboardEvent): void {
    if (this._header.contains(event.target as Node)) {
      return;
    }
    const model = this._model;
    const focusedId = model.focusedId;
    const intent = keyIntent(event.key, event.shiftKey, {
      runs: model.runs,
      focusedId,
      focusedIndex: focusedId === null ? -1 : model.indexOf(focusedId),
      pageRows: this._body.pageRows
    });
    if (intent) {
      event.preventDefault();
      this._apply(intent);
    }
  }

  private _table: RunsTable;
  private _model: RunsTableModel;
  private _header: RunsTableHeader;
  private _body: RunsTableBody;
  private _activate: (activation: RunsTable.IActivation) => void;
}

export namespace RunsTableGestures {
  export interface IOptions {
    /** The table whose selection and sort the gestures change. */
    table: RunsTable;
    model: RunsTableModel;
    header: RunsTableHeader;
    body: RunsTableBody;
    /** Opens a run (Enter, a double click, a click on the selected row). */
    activate: (activation: RunsTable.IActivation) => void;
  }
}
