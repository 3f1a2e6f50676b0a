import {
  DEFAULT_SORT,
  IRunSort,
  TABLE_COLUMNS_PER_KIND
} from '../model/runTable';
import type { IRunRecord } from '../model/types';
import { columnWidths } from './runsTableRows';
import { RunsTableModel } from './runsTableModel';
import { navigationTarget, nextSort } from './runsTableNavigation';
import { makeRunSummary } from './__tests__/testing';

describe('nextSort', () => {
  it.each<[IRunSort, string, IRunSort]>([
    [DEFAULT_SORT, 'number', { columnId: 'number', direction: 'ascending' }],
    [
      DEFAULT_SORT,
      'param:lr',
      { columnId: 'param:lr', direction: 'ascending' }
    ],
    [DEFAULT_SORT, 'started', { columnId: 'started', direction: 'descending' }],
    [
      { columnId: 'param:lr', direction: 'ascending' },
      'param:lr',
      { columnId: 'param:lr', direction: 'descending' }
    ],
    [
      { columnId: 'param:lr', direction: 'descending' },
      'metric:acc',
      { columnId: 'metric:acc', direction: 'ascending' }
    ]
  ])('from %j, clicking %s gives %j', (current, columnId, expected) => {
    expect(nextSort(current, columnId)).toEqual(expected);
  });
});

describe('navigationTarget', () => {
  it.each<[string, number, number | null]>([
    ['ArrowDown', -1, 0],
    ['ArrowDown', 3, 4],
    ['ArrowDown', 9, 9],
    ['ArrowUp', -1, 0],
    ['ArrowUp', 3, 2],
    ['ArrowUp', 0, 0],
    ['PageDown', 3, 7],
    ['PageDown', 8, 9],
    ['PageUp', 5, 1],
    ['PageUp', 2, 0],
    ['Home', 6, 0],
    ['End', 2, 9],
    ['a', 2, null],
    ['Enter', 2, null]
  ])('%s from %i → %p (10 rows, 4 per page)', (key, current, expected) => {
    expect(navigationTarget(key, current, 10, 4)).toBe(expected);
  });
});

describe('RunsTableModel', () => {
  it('widens the number column when run numbers gain a digit', () => {
    const model = new RunsTableModel();
    model.setRuns([makeRunSummary(9)]);
    const version = model.columnsVersion;
    expect(columnWidths(model.columns, model.highestNumber)[0]).toBe(56);
    model.upsertRuns([makeRunSummary(1_000_000)]);
    expect(model.columnsVersion).toBeGreaterThan(version);
    expect(columnWidths(model.columns, model.highestNumber)[0]).toBe(
      16 + 8 * 7
    );
  });

  it('keeps columns (and their version) when an update adds nothing new', () => {
    const model = new RunsTableModel();
    model.setRuns([makeRunSummary(1), makeRunSummary(2)]);
    const version = model.columnsVersion;
    model.upsertRuns([makeRunSummary(2, { status: 'failed' })]);
    expect(model.columnsVersion).toBe(version);
    expect(model.runs.map(run => run.status)).toEqual(['failed', 'completed']);
  });

  it('keeps the order when many runs arrive at once', () => {
    const model = new RunsTableModel();
    model.setRuns([makeRunSummary(1)]);
    model.upsertRuns(
      Array.from({ length: 100 }, (_, i) => makeRunSummary(i + 2))
    );
    expect(model.runs.map(run => run.number)).toEqual(
      Array.from({ length: 101 }, (_, i) => 101 - i)
    );
    expect(model.indexOf('run-101')).toBe(0);
    expect(model.indexOf('run-1')).toBe(100);
  });

  it('falls back to newest first when the sorted column disappears', () => {
    const model = new RunsTableModel();
    model.setRuns([makeRunSummary(1), makeRunSummary(2)]);
    model.setSort({ columnId: 'param:lr', direction: 'ascending' });
    expect(model.runs.map(run => run.number)).toEqual([1, 2]);
    model.setRuns([
      makeRunSummary(3, { params: {} }),
      makeRunSummary(4, { params: {} })
    ]);
    expect(model.sort).toEqual(DEFAULT_SORT);
    expect(model.runs.map(run => run.number)).toEqual([4, 3]);
  });

  it('selects only listed runs', () => {
    const model = new RunsTableModel();
    model.setRuns([makeRunSummary(1)]);
    expect(model.select('run-1')).toBe(true);
    expect(model.select('run-1')).toBe(false);
    expect(model.select('nope')).toBe(true);
    expect(model.focusedId).toBeNull();
    expect(model.selection.size).toBe(0);
  });
});

describe('RunsTableModel multi-selection', () => {
  // Newest first: display order is run-6, run-5, ..., run-1.
  function model(): RunsTableModel {
    const m = new RunsTableModel();
    m.setRuns([1, 2, 3, 4, 5, 6].map(n => makeRunSummary(n)));
    return m;
  }

  it.each<[string, string[], string, boolean, string[]]>([
    [
      'downwards',
      ['run-5'],
      'run-2',
      false,
      ['run-5', 'run-4', 'run-3', 'run-2']
    ],
    ['upwards', ['run-5'], 'run-6', false, ['run-6', 'run-5']],
    ['onto the anchor itself', ['run-5'], 'run-5', false, ['run-5']],
    [
      'replacing other selected runs',
      ['run-1', 'run-5'],
      'run-4',
      false,
      ['run-5', 'run-4']
    ],
    [
      'keeping other selected runs',
      ['run-1', 'run-5'],
      'run-4',
      true,
      ['run-5', 'run-4', 'run-1']
    ]
  ])(
    'selects a range %s: after toggling %j, Shift-click on %s (extend %p)',
    (_, toggled, target, extend, expected) => {
      const m = model();
      for (const id of toggled) {
        m.toggle(id);
      }
      m.selectRange(target, { extend });
      expect(m.selectedIds).toEqual(expected);
      expect(m.focusedId).toBe(target);
    }
  );

  it('starts a range at the focused run when nothing was clicked before', () => {
    const m = model();
    m.setRuns([1, 2, 3, 4].map(n => makeRunSummary(n)));
    expect(m.selectRange('run-2')).toBe(true);
    expect(m.selectedIds).toEqual(['run-2']);
    m.selectRange('run-4');
    expect(m.selectedIds).toEqual(['run-4', 'run-3', 'run-2']);
  });

  it('keeps the range anchor when Shift-clicking again (the range shrinks)', () => {
    const m = model();
    m.select('run-6');
    m.selectRange('run-2');
    m.selectRange('run-4');
    expect(m.selectedIds).toEqual(['run-6', 'run-5', 'run-4']);
  });

  it('follows the current sort for ranges', () => {
    const m = model();
    m.setSort({ columnId: 'number', direction: 'ascending' });
    m.select('run-2');
    m.selectRange('run-4');
    expect(m.selectedIds).toEqual(['run-2', 'run-3', 'run-4']);
  });

  it('toggles membership and moves the focus to the toggled run', () => {
    const m = model();
    m.select('run-1');
    m.toggle('run-3');
    expect(m.selectedIds).toEqual(['run-3', 'run-1']);
    expect(m.focusedId).toBe('run-3');
    m.toggle('run-1');
    expect(m.selectedIds).toEqual(['run-3']);
    expect(m.focusedId).toBe('run-1');
  });

  it('selects all runs and clears, keeping the focused run', () => {
    const m = model();
    m.select('run-2');
    const version = m.selectionVersion;
    m.selectAll();
    expect(m.selectedIds).toEqual([
      'run-6',
      'run-5',
      'run-4',
      'run-3',
      'run-2',
      'run-1'
    ]);
    expect(m.selectionVersion).toBeGreaterThan(version);
    const all = m.selectionVersion;
    m.selectAll();
    expect(m.selectionVersion).toBe(all);
    m.clearSelection();
    expect(m.selection.size).toBe(0);
    expect(m.focusedId).toBe('run-2');
  });

  it('drops runs that are gone from the selection', () => {
    const m = model();
    m.selectAll();
    const version = m.selectionVersion;
    m.setRuns([makeRunSummary(2), makeRunSummary(5)]);
    expect(m.selectedIds).toEqual(['run-5', 'run-2']);
    expect(m.selectionVersion).toBeGreaterThan(version);
  });
});

describe('RunsTableModel origin filter', () => {
  const BUNDLE = 'bundle:a.runlog.json';
  const PAPERMILL = 'papermill:out.ipynb';

  function fromBundle(number: number) {
    return makeRunSummary(number, {
      origin: {
        kind: 'bundle',
        file: 'a.runlog.json',
        imported_at: '2024-05-01T00:00:00.000Z'
      }
    });
  }

  function fromPapermill(number: number) {
    return makeRunSummary(number, {
      origin: {
        kind: 'papermill',
        file: 'out.ipynb',
        imported_at: '2024-05-01T00:00:00.000Z'
      }
    });
  }

  // Newest first: 6 (papermill), 5 (bundle), 4 (here), 3 (bundle), 2, 1 (here).
  function model(): RunsTableModel {
    const m = new RunsTableModel();
    m.setRuns([
      makeRunSummary(1),
      makeRunSummary(2),
      fromBundle(3),
      makeRunSummary(4),
      fromBundle(5),
      fromPapermill(6)
    ]);
    return m;
  }

  const ids = (m: RunsTableModel) => m.runs.map(run => run.id);

  it.each<[string, string[]]>([
    ['all', ['run-6', 'run-5', 'run-4', 'run-3', 'run-2', 'run-1']],
    ['here', ['run-4', 'run-2', 'run-1']],
    [BUNDLE, ['run-5', 'run-3']],
    [PAPERMILL, ['run-6']],
    ['bundle:other.runlog.json', []]
  ])('filter %j lists %j in display order', (key, expected) => {
    const m = model();
    m.setOriginFilter(key);
    expect(m.originFilter).toBe(key);
    expect(ids(m)).toEqual(expected);
    expect(m.runCount).toBe(6);
    expect(m.indexOf(expected[0] ?? 'none')).toBe(expected.length ? 0 : -1);
    expect(['run-1', 'run-3', 'run-6'].map(id => m.has(id))).toEqual(
      ['run-1', 'run-3', 'run-6'].map(id => expected.includes(id))
    );
    expect(m.holds('run-6')).toBe(true);
  });

  it('combines the origin filter with a query, each settable on its own', () => {
    const m = model();
    // Even run numbers only.
    const even = { matches: (run: { number: number }) => run.number % 2 === 0 };
    m.selectAll();
    expect(m.setQuery(even)).toBe(false);
    expect(ids(m)).toEqual(['run-6', 'run-4', 'run-2']);
    expect(m.selectedIds).toEqual(['run-6', 'run-4', 'run-2']);
    m.setOriginFilter('here');
    expect(ids(m)).toEqual(['run-4', 'run-2']);
    m.setQuery(null);
    expect(ids(m)).toEqual(['run-4', 'run-2', 'run-1']);
    m.setOriginFilter('all');
    m.setQuery(even);
    expect(ids(m)).toEqual(['run-6', 'run-4', 'run-2']);
    expect(m.has('run-5')).toBe(false);
    expect(m.holds('run-5')).toBe(true);
  });

  it('counts the runs of each origin', () => {
    const m = model();
    expect(m.origins.map(origin => [origin.key, origin.count])).toEqual([
      ['here', 3],
      [BUNDLE, 2],
      [PAPERMILL, 1]
    ]);
  });

  it('drops the runs it hides from the selection, and the focus with them', () => {
    const m = model();
    m.selectAll();
    m.focus('run-4');
    const version = m.selectionVersion;
    expect(m.setOriginFilter(BUNDLE)).toBe(true);
    expect(m.selectedIds).toEqual(['run-5', 'run-3']);
    expect(m.selectionVersion).toBeGreaterThan(version);
    expect(m.focusedId).toBeNull();
    // Hidden runs cannot be selected or focused.
    expect(m.select('run-4')).toBe(false);
    expect(m.toggle('run-1')).toBe(false);
    expect(m.focus('run-6')).toBe(false);
    expect(m.selection.size).toBe(0);
    // Showing every run again does not bring the dropped ones back.
    m.toggle('run-5');
    expect(m.setOriginFilter('all')).toBe(false);
    expect(m.selectedIds).toEqual(['run-5']);
    expect(m.focusedId).toBe('run-5');
  });

  it('selects ranges and all within the listed runs only', () => {
    const m = model();
    m.setOriginFilter('here');
    m.select('run-4');
    m.selectRange('run-1');
    expect(m.selectedIds).toEqual(['run-4', 'run-2', 'run-1']);
    m.clearSelection();
    m.selectAll();
    expect(m.selectedIds).toEqual(['run-4', 'run-2', 'run-1']);
  });

  it('keeps the filter through live updates, and counts them', () => {
    const m = model();
    m.setOriginFilter(BUNDLE);
    m.upsertRuns([makeRunSummary(7), fromBundle(8)]);
    expect(ids(m)).toEqual(['run-8', 'run-5', 'run-3']);
    expect(m.runCount).toBe(8);
    // A rewrite of a listed run keeps its place; a hidden one stays hidden.
    m.upsertRuns([fromBundle(5), makeRunSummary(1, { status: 'failed' })]);
    expect(ids(m)).toEqual(['run-8', 'run-5', 'run-3']);
    expect(m.origins.map(origin => [origin.key, origin.count])).toEqual([
      ['here', 4],
      [BUNDLE, 3],
      [PAPERMILL, 1]
    ]);
    m.setOriginFilter('here');
    expect(ids(m)).toEqual(['run-7', 'run-4', 'run-2', 'run-1']);
    expect(m.runs[3].status).toBe('failed');
  });

  it('unselects a listed run rewritten with an origin the filter hides', () => {
    const m = model();
    m.setOriginFilter('here');
    m.select('run-2');
    expect(m.upsertRuns([fromBundle(2)])).toBe(true);
    expect(ids(m)).toEqual(['run-4', 'run-1']);
    expect(m.selection.size).toBe(0);
    expect(m.origins.find(origin => origin.key === BUNDLE)!.count).toBe(3);
  });

  it('keeps the filter for many runs arriving at once and for a new sort', () => {
    const m = model();
    m.setOriginFilter(BUNDLE);
    m.upsertRuns(
      Array.from({ length: 100 }, (_, i) =>
        i % 2 ? fromBundle(i + 7) : makeRunSummary(i + 7)
      )
    );
    expect(m.runs).toHaveLength(52);
    expect(m.runs.every(run => run.origin?.file === 'a.runlog.json')).toBe(
      true
    );
    expect(m.runs[0].number).toBe(106);
    m.setSort({ columnId: 'number', direction: 'ascending' });
    expect(ids(m).slice(0, 3)).toEqual(['run-3', 'run-5', 'run-8']);
    expect(m.runs).toHaveLength(52);
  });

  it('filters 100,000 runs in one pass over them, without sorting again', () => {
    // Each run's origin is counted as it is read: a filter change should test
    // every run once (plus the selected ones it unselects), and keep the
    // sorted order instead of sorting again.
    let reads = 0;
    const runs = Array.from({ length: 100_000 }, (_, i) => {
      const run = i % 4 === 0 ? fromBundle(i + 1) : makeRunSummary(i + 1);
      const origin = run.origin;
      return Object.defineProperty(run, 'origin', {
        get() {
          reads++;
          return origin;
        }
      });
    });
    const m = new RunsTableModel();
    m.setRuns(runs);
    m.selectAll();
    const sorts = jest.spyOn(Array.prototype, 'sort');
    reads = 0;
    try {
      m.setOriginFilter(BUNDLE);
      m.setOriginFilter('here');
      m.setOriginFilter(BUNDLE);
      expect(sorts).not.toHaveBeenCalled();
    } finally {
      sorts.mockRestore();
    }
    expect(m.runs).toHaveLength(25_000);
    expect(m.selection.size).toBe(0);
    expect(m.runs[0].number).toBe(99_997);
    // Three filter passes of at most two reads a run, and the 100,000 runs
    // selected tested once more as the first filter unselects them.
    expect(reads).toBeLessThanOrEqual(3 * 2 * runs.length + 2 * runs.length);
  });
});

describe('RunsTableModel columns of runs with many names', () => {
  /** A run with `count` parameters `p_0`… and as many metrics `m_0`…. */
  function wideRun(number: number, count: number) {
    const params: IRunRecord['params'] = {};
    const metrics: IRunRecord['metrics'] = {};
    for (let i = 0; i < count; i++) {
      params[`p_${i}`] = { value: i, source: String(i), type: 'int' };
      metrics[`m_${i}`] = { value: i };
    }
    return makeRunSummary(number, { params, metrics });
  }

  it('draws at most a capped number of parameter and metric columns, the newest run’s first', () => {
    const model = new RunsTableModel();
    model.setRuns([wideRun(1, 10_000), makeRunSummary(2)]);
    const kinds = (kind: string) =>
      model.columns.filter(column => column.kind === kind);
    expect(kinds('param')).toHaveLength(TABLE_COLUMNS_PER_KIND);
    expect(kinds('metric')).toHaveLength(TABLE_COLUMNS_PER_KIND);
    // Run #2 is the newest: its parameters lead.
    const newest = Object.keys(makeRunSummary(2).params);
    expect(kinds('param').map(column => column.key)).toEqual(
      expect.arrayContaining(newest)
    );
    expect(model.columns.slice(0, 4).map(column => column.id)).toEqual([
      'number',
      'status',
      'started',
      'duration'
    ]);
  });

  it('counts the parameter and metric columns it leaves out', () => {
    const model = new RunsTableModel();
    model.setRuns([makeRunSummary(1)]);
    const few = model.columnCounts;
    expect(few.param.shown).toBe(few.param.total);
    expect(few.metric.shown).toBe(few.metric.total);
    model.setRuns([wideRun(1, 10_000)]);
    expect(model.columnCounts).toEqual({
      param: { shown: TABLE_COLUMNS_PER_KIND, total: 10_000 },
      metric: { shown: TABLE_COLUMNS_PER_KIND, total: 10_000 }
    });
    model.upsertRuns([wideRun(2, 10_050)]);
    expect(model.columnCounts.param).toEqual({
      shown: TABLE_COLUMNS_PER_KIND,
      total: 10_050
    });
  });

  it('adds the columns of runs that arrive many at once (an import)', () => {
    const model = new RunsTableModel();
    model.setRuns([makeRunSummary(1)]);
    const imported = Array.from({ length: 200 }, (_, i) => wideRun(i + 2, 3));
    model.upsertRuns(imported);
    const ids = model.columns.map(column => column.id);
    expect(ids).toEqual(
      expect.arrayContaining(['param:p_0', 'param:p_2', 'metric:m_2'])
    );
    model.upsertRuns([wideRun(300, 150)]);
    expect(model.columnCounts.param.total).toBeGreaterThanOrEqual(150);
  });

  it('does not rebuild the columns for an update whose names are all known', () => {
    const model = new RunsTableModel();
    model.setRuns([wideRun(1, 1_000)]);
    const version = model.columnsVersion;
    model.upsertRuns([wideRun(1, 1_000)]);
    expect(model.columnsVersion).toBe(version);
    model.upsertRuns([wideRun(2, 1_001)]);
    expect(model.columnsVersion).toBe(version + 1);
  });
});
