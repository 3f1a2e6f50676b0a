import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import type { IRunSummary } from '../tokens';
import { RunsTable } from './runsTable';
import { makeRunSummary } from './__tests__/testing';

const ROW_HEIGHT = 26;

function bodyRows(table: RunsTable): HTMLElement[] {
  return Array.from(
    table.node.querySelectorAll<HTMLElement>('[role="row"][data-run-id]')
  ).sort(
    (a, b) =>
      Number(a.getAttribute('aria-rowindex')) -
      Number(b.getAttribute('aria-rowindex'))
  );
}

function renderedNumbers(table: RunsTable): number[] {
  return bodyRows(table).map(row =>
    Number(row.querySelector('[role="gridcell"]')!.textContent)
  );
}

function header(table: RunsTable, columnId: string): HTMLElement {
  return table.node.querySelector<HTMLElement>(
    `[role="columnheader"][data-column-id="${columnId}"]`
  )!;
}

function scrollTo(table: RunsTable, top: number): void {
  table.node.scrollTop = top;
  table.node.dispatchEvent(new Event('scroll'));
  MessageLoop.flush();
}

function manyRuns(count: number): IRunSummary[] {
  return Array.from({ length: count }, (_, i) => makeRunSummary(i + 1));
}

describe('RunsTable', () => {
  let table: RunsTable;

  beforeEach(() => {
    table = new RunsTable();
    Widget.attach(table, document.body);
  });

  afterEach(() => {
    table.dispose();
  });

  it('is a labelled grid with a header row of column headers', () => {
    table.setRuns(manyRuns(3));
    expect(table.node.getAttribute('role')).toBe('grid');
    expect(table.node.getAttribute('aria-label')).toBe('Runs');
    expect(table.node.getAttribute('aria-rowcount')).toBe('4');
    const labels = Array.from(
      table.node.querySelectorAll('[role="columnheader"]')
    ).map(cell => cell.textContent);
    expect(labels).toEqual([
      '#',
      'Status',
      'Started',
      'Duration',
      'lr',
      'val/acc'
    ]);
    const cells = bodyRows(table)[0].querySelectorAll('[role="gridcell"]');
    expect(cells).toHaveLength(6);
    expect(cells[4].textContent).toBe('0.003');
    expect(cells[3].textContent).toBe('1.5 s');
  });

  it('lists runs newest first by default', () => {
    table.setRuns([makeRunSummary(2), makeRunSummary(7), makeRunSummary(4)]);
    expect(renderedNumbers(table)).toEqual([7, 4, 2]);
    expect(header(table, 'number').getAttribute('aria-sort')).toBe(
      'descending'
    );
  });

  it('keeps only the visible rows of 100,000 runs in the DOM', () => {
    table.setRuns(manyRuns(100_000));
    const rows = bodyRows(table);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    expect(table.node.getAttribute('aria-rowcount')).toBe('100001');
    expect(rows[0].dataset.runId).toBe('run-100000');
    expect(rows[0].getAttribute('aria-rowindex')).toBe('2');

    scrollTo(table, 50_000 * ROW_HEIGHT);
    const scrolled = bodyRows(table);
    expect(scrolled.length).toBeLessThan(60);
    const indexes = scrolled.map(row =>
      Number(row.getAttribute('aria-rowindex'))
    );
    expect(Math.min(...indexes)).toBeLessThanOrEqual(50_002);
    expect(Math.max(...indexes)).toBeGreaterThan(50_002 + 10);
    const row = scrolled.find(
      row => row.getAttribute('aria-rowindex') === '50002'
    )!;
    // Newest first: the 50,001st row is run 50,000.
    expect(row.dataset.runId).toBe('run-50000');
    expect(row.style.top).toBe(`${50_000 * ROW_HEIGHT}px`);
  });

  it('sorts when a header is clicked, and flips on a second click', () => {
    const runs = [
      makeRunSummary(1, {
        params: { lr: { value: 0.3, source: '', type: '' } }
      }),
      makeRunSummary(2, {
        params: { lr: { value: 0.1, source: '', type: '' } }
      }),
      makeRunSummary(3, { params: {} }),
      makeRunSummary(4, {
        params: { lr: { value: 0.2, source: '', type: '' } }
      })
    ];
    table.setRuns(runs);
    const lr = header(table, 'param:lr');
    expect(lr.getAttribute('aria-sort')).toBe('none');

    lr.querySelector('button')!.click();
    expect(header(table, 'param:lr').getAttribute('aria-sort')).toBe(
      'ascending'
    );
    expect(header(table, 'number').getAttribute('aria-sort')).toBe('none');
    expect(renderedNumbers(table)).toEqual([2, 4, 1, 3]);

    header(table, 'param:lr').querySelector('button')!.click();
    expect(header(table, 'param:lr').getAttribute('aria-sort')).toBe(
      'descending'
    );
    // The run without the parameter stays last either way.
    expect(renderedNumbers(table)).toEqual([1, 4, 2, 3]);
  });

  it('sorts 100,000 runs by a clicked column', () => {
    table.setRuns(manyRuns(100_000));
    header(table, 'param:lr').querySelector('button')!.click();
    expect(renderedNumbers(table).slice(0, 3)).toEqual([1, 2, 3]);
    expect(table.runs[99_999].number).toBe(100_000);
  });

  it('keeps the rows in view when a live run is inserted above them', () => {
    table.setRuns(manyRuns(1000));
    scrollTo(table, 100 * ROW_HEIGHT + 5);
    const before = renderedNumbers(table);
    table.upsertRuns([makeRunSummary(1001)]);
    expect(table.node.scrollTop).toBe(101 * ROW_HEIGHT + 5);
    expect(table.runs[0].number).toBe(1001);
    expect(renderedNumbers(table)).toEqual(before);
  });

  it('shows a new run at the top when scrolled to the top', () => {
    table.setRuns(manyRuns(10));
    table.upsertRuns([makeRunSummary(11, { status: 'running' })]);
    expect(table.node.scrollTop).toBe(0);
    expect(renderedNumbers(table)[0]).toBe(11);
    expect(table.node.getAttribute('aria-rowcount')).toBe('12');
  });

  it('updates a run in place and adds columns for new metrics', () => {
    table.setRuns(manyRuns(5));
    table.upsertRuns([
      makeRunSummary(3, {
        status: 'failed',
        status_reason: 'ZeroDivisionError',
        metrics: { 'val/acc': { value: 0.9 }, 'train/loss': { value: 0.25 } }
      })
    ]);
    expect(table.runs).toHaveLength(5);
    expect(header(table, 'metric:train/loss')).not.toBeNull();
    const row = table.node.querySelector('[data-run-id="run-3"]')!;
    const badge = row.querySelector('.jp-runlog-status')!;
    expect(badge.classList).toContain('jp-runlog-status-failed');
    expect(badge.textContent).toBe('failed');
    expect(badge.getAttribute('title')).toBe('ZeroDivisionError');
    expect(row.textContent).toContain('0.25');
  });

  it('marks partial and running runs', () => {
    table.setRuns([
      makeRunSummary(1, { partial: { skipped_cells: ['c-2', 'c-3'] } }),
      makeRunSummary(2, { status: 'running', duration_ms: null })
    ]);
    const partial = table.node.querySelector(
      '[data-run-id="run-1"] .jp-runlog-status'
    )!;
    expect(partial.textContent).toBe('completed (partial)');
    expect(partial.getAttribute('title')).toContain('c-2, c-3');
    const running = table.node.querySelector(
      '[data-run-id="run-2"] .jp-runlog-status-running'
    )!;
    expect(running.querySelector('.jp-runlog-status-indicator')).not.toBeNull();
    expect(running.textContent).toBe('running');
  });

  it('selects by click and arrow keys, and opens with Enter', () => {
    table.setRuns(manyRuns(5));
    const selected: (string | null)[] = [];
    const opened: RunsTable.IActivation[] = [];
    table.focusChanged.connect((_, id) => selected.push(id));
    table.activated.connect((_, activation) => opened.push(activation));

    bodyRows(table)[1].click();
    expect(table.selectedRunId).toBe('run-4');
    expect([...table.selection]).toEqual(['run-4']);
    const row = table.node.querySelector('[data-run-id="run-4"]')!;
    expect(row.getAttribute('aria-selected')).toBe('true');
    expect(table.node.getAttribute('aria-activedescendant')).toBe(row.id);

    const key = (name: string) =>
      table.node.dispatchEvent(
        new KeyboardEvent('keydown', { key: name, bubbles: true })
      );
    key('ArrowDown');
    key('ArrowDown');
    expect(table.selectedRunId).toBe('run-2');
    key('ArrowUp');
    expect(table.selectedRunId).toBe('run-3');
    expect(
      table.node
        .querySelector('[data-run-id="run-4"]')!
        .getAttribute('aria-selected')
    ).toBe('false');
    key('Enter');
    expect(selected).toEqual(['run-4', 'run-3', 'run-2', 'run-3']);
    expect(opened).toEqual([{ runId: 'run-3', focus: true }]);
  });

  it('scrolls the selection into view when moving past the last row', () => {
    table.setRuns(manyRuns(1000));
    table.select('run-1000');
    const key = (name: string) =>
      table.node.dispatchEvent(new KeyboardEvent('keydown', { key: name }));
    key('End');
    expect(table.selectedRunId).toBe('run-1');
    expect(table.node.scrollTop).toBeGreaterThan(900 * ROW_HEIGHT);
    expect(
      table.node
        .querySelector('[data-run-id="run-1"]')
        ?.getAttribute('aria-selected')
    ).toBe('true');
  });

  it('keeps the selection across setRuns and drops it when its run is gone', () => {
    table.setRuns(manyRuns(5));
    table.select('run-2');
    const selected: (string | null)[] = [];
    table.focusChanged.connect((_, id) => selected.push(id));
    table.setRuns(manyRuns(6));
    expect(table.selectedRunId).toBe('run-2');
    table.setRuns(manyRuns(1));
    expect(table.selectedRunId).toBeNull();
    expect(selected).toEqual([null]);
  });

  it('does not paint while hidden, and catches up when shown', () => {
    table.hide();
    table.setRuns(manyRuns(20));
    expect(bodyRows(table)).toHaveLength(0);
    table.show();
    expect(bodyRows(table)).toHaveLength(20);
  });

  describe('multi-selection', () => {
    function checkbox(runId: string): HTMLInputElement {
      return table.node.querySelector<HTMLInputElement>(
        `[data-run-id="${runId}"] input[type="checkbox"]`
      )!;
    }

    function selectAllBox(): HTMLInputElement {
      return table.node.querySelector<HTMLInputElement>(
        '[role="columnheader"] input[type="checkbox"]'
      )!;
    }

    function clickRow(runId: string, init: MouseEventInit = {}): void {
      table.node
        .querySelector(`[data-run-id="${runId}"] .jp-runlog-mod-status`)!
        .dispatchEvent(new MouseEvent('click', { bubbles: true, ...init }));
    }

    it('labels each row checkbox with its run number', () => {
      table.setRuns(manyRuns(3));
      expect(checkbox('run-2').getAttribute('aria-label')).toBe('Select run 2');
      expect(selectAllBox().getAttribute('aria-label')).toBe('Select all runs');
      // The number cell's text is still the number alone.
      expect(renderedNumbers(table)).toEqual([3, 2, 1]);
    });

    it('toggles with Ctrl/Cmd-click and row checkboxes, selects ranges with Shift-click', () => {
      table.setRuns(manyRuns(8));
      const selections: string[][] = [];
      const focused: (string | null)[] = [];
      table.selectionChanged.connect((_, ids) => selections.push([...ids]));
      table.focusChanged.connect((_, id) => focused.push(id));

      clickRow('run-7');
      clickRow('run-5', { ctrlKey: true });
      clickRow('run-2', { metaKey: true });
      expect(table.selectedIds).toEqual(['run-7', 'run-5', 'run-2']);
      checkbox('run-5').click();
      expect(table.selectedIds).toEqual(['run-7', 'run-2']);
      expect(checkbox('run-5').checked).toBe(false);
      expect(checkbox('run-7').checked).toBe(true);

      // The anchor is run 5 (toggled last): Shift-click selects 5..3 only.
      clickRow('run-3', { shiftKey: true });
      expect(table.selectedIds).toEqual(['run-5', 'run-4', 'run-3']);
      // Ctrl+Shift extends instead of replacing.
      clickRow('run-7', { shiftKey: true, ctrlKey: true });
      expect(table.selectedIds).toEqual([
        'run-7',
        'run-6',
        'run-5',
        'run-4',
        'run-3'
      ]);
      const rows = bodyRows(table).filter(
        row => row.getAttribute('aria-selected') === 'true'
      );
      expect(rows.map(row => row.dataset.runId)).toEqual(table.selectedIds);

      // A plain click goes back to one run.
      clickRow('run-1');
      expect(table.selectedIds).toEqual(['run-1']);
      expect(selections).toEqual([
        ['run-7'],
        ['run-7', 'run-5'],
        ['run-7', 'run-5', 'run-2'],
        ['run-7', 'run-2'],
        ['run-5', 'run-4', 'run-3'],
        ['run-7', 'run-6', 'run-5', 'run-4', 'run-3'],
        ['run-1']
      ]);
      expect(focused).toEqual([
        'run-7',
        'run-5',
        'run-2',
        'run-5',
        'run-3',
        'run-7',
        'run-1'
      ]);
    });

    it('selects a range with Shift+arrows and toggles with Space', () => {
      table.setRuns(manyRuns(5));
      const key = (name: string, shiftKey = false) =>
        table.node.dispatchEvent(
          new KeyboardEvent('keydown', { key: name, shiftKey, bubbles: true })
        );
      table.select('run-4');
      key('ArrowDown', true);
      key('ArrowDown', true);
      expect(table.selectedIds).toEqual(['run-4', 'run-3', 'run-2']);
      key(' ');
      expect(table.selectedIds).toEqual(['run-4', 'run-3']);
      expect(table.selectedRunId).toBe('run-2');
    });

    it('selects all runs in the current sort with the header checkbox, and clears', () => {
      table.setRuns(manyRuns(100_000));
      header(table, 'param:lr').querySelector('button')!.click();
      const selections: number[] = [];
      table.selectionChanged.connect((_, ids) => selections.push(ids.length));
      table.select('run-10');
      expect(selectAllBox().indeterminate).toBe(true);

      selectAllBox().click();
      expect(table.selection.size).toBe(100_000);
      expect(table.selectedIds.slice(0, 3)).toEqual([
        'run-1',
        'run-2',
        'run-3'
      ]);
      expect(selectAllBox().checked).toBe(true);
      expect(selectAllBox().indeterminate).toBe(false);
      // Still virtualised: only the rows in view are in the DOM, all checked.
      const rows = bodyRows(table);
      expect(rows.length).toBeLessThan(60);
      expect(rows.every(row => checkbox(row.dataset.runId!).checked)).toBe(
        true
      );
      // Clicking the header checkbox did not sort.
      expect(header(table, 'param:lr').getAttribute('aria-sort')).toBe(
        'ascending'
      );

      selectAllBox().click();
      expect(table.selection.size).toBe(0);
      expect(selectAllBox().checked).toBe(false);
      expect(table.selectedRunId).toBe('run-10');
      expect(selections).toEqual([1, 100_000, 0]);
    });

    it('unchecks the header checkbox when a new run arrives', () => {
      table.setRuns(manyRuns(3));
      selectAllBox().click();
      table.upsertRuns([makeRunSummary(4)]);
      expect(selectAllBox().checked).toBe(false);
      expect(selectAllBox().indeterminate).toBe(true);
    });
  });
});
