/**
 * A table body that draws at most a page of rows at a time: a run of 10,000
 * parameters once blocked the page for about 15 s while its details drew
 * every row. Rows are built only when shown; a name filter finds any row,
 * and "Show more" draws the next page.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

/** Rows drawn at first, and added by each "Show more". */
export const ROWS_PER_PAGE = 200;

/** The rows of a table, built on demand. */
export interface ITableRows {
  /** How many rows there are. */
  count: number;
  /** The name row `index` is found by (the filter matches it). */
  nameOf: (index: number) => string;
  /** Build row `index`; called only for rows shown. */
  rowOf: (index: number) => HTMLTableRowElement;
  /** What the rows are, for the filter's label: `Filter %1`. */
  noun: string;
}

export interface ICappedRowsOptions extends ITableRows {
  /** The table whose body is filled. */
  table: HTMLTableElement;
  trans: TranslationBundle;
}

/**
 * A details section: a heading, then a table of `columns` (past a page of
 * rows, drawn a page at a time) or, without rows, `emptyText`.
 */
export function renderTableSection(options: {
  title: string;
  columns: readonly string[];
  rows: ITableRows;
  emptyText: string;
  trans: TranslationBundle;
}): HTMLElement {
  const { title, columns, rows, emptyText, trans } = options;
  const section = document.createElement('section');
  section.className = 'jp-runlog-RunDetails-section';
  const heading = document.createElement('h4');
  heading.className = 'jp-runlog-RunDetails-heading';
  heading.textContent = title;
  section.appendChild(heading);
  if (rows.count === 0) {
    const empty = document.createElement('p');
    empty.className = 'jp-runlog-RunDetails-empty';
    empty.textContent = emptyText;
    section.appendChild(empty);
    return section;
  }
  const table = document.createElement('table');
  table.className = 'jp-runlog-RunDetails-table';
  table.setAttribute('aria-label', title);
  const head = table.createTHead().insertRow();
  for (const column of columns) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.textContent = column;
    head.appendChild(cell);
  }
  const { above, below } = fillCappedRows({ ...rows, table, trans });
  section.append(...[above, table, below].filter(node => node !== null));
  return section;
}

/**
 * Fill `table`'s body with its first page of rows. With more rows than a
 * page, returns the controls to put above the table (a filter box and how
 * many rows are shown) and below it (the "Show more" button); otherwise
 * returns no controls and draws every row.
 */
export function fillCappedRows(options: ICappedRowsOptions): {
  above: HTMLElement | null;
  below: HTMLElement | null;
} {
  const { table, count, nameOf, rowOf, noun, trans } = options;
  const body = table.tBodies[0] ?? table.createTBody();
  if (count <= ROWS_PER_PAGE) {
    body.append(...Array.from({ length: count }, (_, i) => rowOf(i)));
    return { above: null, below: null };
  }
  const built = new Map<number, HTMLTableRowElement>();
  const row = (index: number) => {
    let element = built.get(index);
    if (!element) {
      element = rowOf(index);
      built.set(index, element);
    }
    return element;
  };

  const above = document.createElement('div');
  above.className = 'jp-runlog-CappedRows-filter';
  const filter = document.createElement('input');
  filter.type = 'search';
  filter.className = 'jp-runlog-CappedRows-input jp-mod-styled';
  filter.placeholder = trans.__('Filter by name');
  filter.setAttribute('aria-label', trans.__('Filter %1', noun));
  const status = document.createElement('span');
  status.className = 'jp-runlog-CappedRows-status';
  status.setAttribute('aria-live', 'polite');
  above.append(filter, status);

  const below = document.createElement('div');
  below.className = 'jp-runlog-CappedRows-more';
  const more = document.createElement('button');
  more.type = 'button';
  more.className = 'jp-runlog-CappedRows-button jp-Button';
  below.appendChild(more);

  let matching: number[] = [];
  let shown = 0;
  const update = () => {
    status.textContent = trans.__(
      '%1 of %2 %3 shown',
      shown,
      matching.length,
      noun
    );
    const next = Math.min(ROWS_PER_PAGE, matching.length - shown);
    more.textContent = trans.__('Show %1 more', next);
    below.hidden = next === 0;
  };
  const showMore = () => {
    const end = Math.min(matching.length, shown + ROWS_PER_PAGE);
    body.append(...matching.slice(shown, end).map(row));
    shown = end;
    update();
  };
  const applyFilter = () => {
    const text = filter.value.trim().toLowerCase();
    matching = [];
    for (let i = 0; i < count; i++) {
      if (!text || nameOf(i).toLowerCase().includes(text)) {
        matching.push(i);
      }
    }
    body.replaceChildren();
    shown = 0;
    showMore();
  };
  filter.addEventListener('input', applyFilter);
  more.addEventListener('click', showMore);
  applyFilter();
  return { above, below };
}
