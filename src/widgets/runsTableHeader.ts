import type { TranslationBundle } from '@jupyterlab/translation';
import type { IRunSort } from '../model/runTable';
import type { RunsTableModel } from './runsTableModel';
import {
  CHECKBOX_WIDTH,
  columnWidths,
  renderHeaderCells,
  SELECT_ALL_CLASS
} from './runsTableRows';

/**
 * The runs table's header row: the column headers with their sort buttons,
 * the grid's column widths, and the select-all box. The cells are rebuilt
 * only when the columns or the sort changed, not on every paint.
 */
export class RunsTableHeader {
  constructor(options: RunsTableHeader.IOptions) {
    this._grid = options.grid;
    this._model = options.model;
    this._trans = options.trans;
    this.node.className = 'jp-runlog-RunsTable-header';
    this.node.setAttribute('role', 'row');
    this.node.setAttribute('aria-rowindex', '1');
    this.render();
  }

  /** The header row element; the table places it above the body. */
  readonly node = document.createElement('div');

  /** Whether a node (e.g. an event's target) is inside the header. */
  contains(node: Node | null): boolean {
    return this.node.contains(node);
  }

  /** What a click on `target` asks for, or null when not on a header control. */
  hitTest(target: Element | null): RunsTableHeader.Hit | null {
    if (!target || !this.node.contains(target)) {
      return null;
    }
    if (target.classList.contains(SELECT_ALL_CLASS)) {
      return { kind: 'selectAll' };
    }
    const cell = target.closest<HTMLElement>('[data-column-id]');
    return cell && this.node.contains(cell)
      ? { kind: 'sort', columnId: cell.dataset.columnId! }
      : null;
  }

  /** Rebuild the cells if the columns or the sort changed since the last time. */
  update(): void {
    const model = this._model;
    if (
      this._columnsVersion !== model.columnsVersion ||
      !sameSort(this._sort, model.sort)
    ) {
      this.render();
    }
  }

  /** Header cells, column widths and counts, from the model as it is now. */
  render(): void {
    const model = this._model;
    const grid = this._grid;
    const widths = columnWidths(model.columns, model.highestNumber);
    widths[0] += CHECKBOX_WIDTH;
    const total = widths.reduce((sum, width) => sum + width, 0);
    grid.style.setProperty(
      '--jp-runlog-columns',
      widths.map(width => `${width}px`).join(' ')
    );
    grid.style.setProperty('--jp-runlog-table-width', `${total}px`);
    grid.setAttribute('aria-colcount', String(model.columns.length));
    this.node.replaceChildren(
      ...renderHeaderCells(model.columns, model.sort, this._trans)
    );
    this._columnsVersion = model.columnsVersion;
    this._sort = model.sort;
    this._selectAll = this.node.querySelector<HTMLInputElement>(
      `.${SELECT_ALL_CLASS}`
    );
  }

  /** The select-all box: checked when every run is selected, mixed when some are. */
  paintSelectAll(): void {
    const box = this._selectAll;
    if (!box) {
      return;
    }
    const count = this._model.selection.size;
    const total = this._model.runs.length;
    box.checked = total > 0 && count === total;
    box.indeterminate = count > 0 && count < total;
  }

  private _grid: HTMLElement;
  private _model: RunsTableModel;
  private _trans: TranslationBundle;
  private _columnsVersion = -1;
  private _sort: IRunSort | null = null;
  private _selectAll: HTMLInputElement | null = null;
}

export namespace RunsTableHeader {
  export interface IOptions {
    /** The grid element: it carries the column widths as CSS variables. */
    grid: HTMLElement;
    model: RunsTableModel;
    trans: TranslationBundle;
  }

  /** A click on the select-all box, or on a column's header (sort by it). */
  export type Hit = { kind: 'selectAll' } | { kind: 'sort'; columnId: string };
}

function sameSort(a: IRunSort | null, b: IRunSort): boolean {
  return a !== null && a.columnId === b.columnId && a.direction === b.direction;
}
