import {
  buildColumns,
  cellValue,
  columnFromId,
  compareRuns,
  DEFAULT_SORT,
  insertionIndex,
  IRunSort,
  RunRow,
  sortRuns
} from './runTable';
import type { IMetricRecord, IParamRecord, JSONValue } from './types';

function makeRun(
  number: number,
  params: { [name: string]: JSONValue } = {},
  metrics: { [name: string]: number } = {},
  extra: Partial<RunRow> = {}
): RunRow {
  const paramRecords: { [name: string]: IParamRecord } = {};
  for (const [name, value] of Object.entries(params)) {
    paramRecords[name] = { value, source: JSON.stringify(value), type: 'x' };
  }
  const metricRecords: { [name: string]: IMetricRecord } = {};
  for (const [name, value] of Object.entries(metrics)) {
    metricRecords[name] = { value };
  }
  return {
    id: `run-${number}`,
    number,
    experiment: { id: 'exp', name: 'exp' },
    notebook_path: 'exp.ipynb',
    status: 'completed',
    started_at: new Date(Date.UTC(2024, 0, 1, 0, number)).toISOString(),
    ended_at: null,
    duration_ms: number * 100,
    params: paramRecords,
    metrics: metricRecords,
    context: { kernel: { name: 'python3', language: 'python' } },
    annotations: { note: '', tags: [], starred: false },
    updated_at: new Date(Date.UTC(2024, 0, 1)).toISOString(),
    ...extra
  };
}

const numbers = (runs: RunRow[]) => runs.map(run => run.number);

describe('buildColumns', () => {
  it('starts with the fixed columns', () => {
    expect(buildColumns([]).map(c => c.id)).toEqual([
      'number',
      'status',
      'started',
      'duration'
    ]);
  });

  it('orders parameters as the newest run assigns them, then the rest alphabetically', () => {
    const runs = [
      makeRun(1, { zeta: 1, alpha: 2, old: 3 }),
      makeRun(3, { lr: 0.1, batch: 32 }),
      makeRun(2, { beta: 1, lr: 0.2 })
    ];
    const params = buildColumns(runs).filter(c => c.kind === 'param');
    expect(params.map(c => c.id)).toEqual([
      'param:lr',
      'param:batch',
      'param:alpha',
      'param:beta',
      'param:old',
      'param:zeta'
    ]);
    expect(params[0]).toEqual({
      id: 'param:lr',
      kind: 'param',
      key: 'lr',
      label: 'lr'
    });
  });

  it('groups metrics by section, alphabetically, after the parameters', () => {
    const runs = [
      makeRun(1, { lr: 1 }, { 'val/loss': 1, accuracy: 1, 'train/loss': 1 }),
      makeRun(2, {}, { 'train/acc': 1, 'val/acc': 1, 'train/step10': 1 })
    ];
    const ids = buildColumns(runs).map(c => c.id);
    expect(ids.slice(4)).toEqual([
      'param:lr',
      'metric:accuracy',
      'metric:train/acc',
      'metric:train/loss',
      'metric:train/step10',
      'metric:val/acc',
      'metric:val/loss'
    ]);
  });
});

describe('columnFromId', () => {
  it.each([
    ['number', 'number', undefined],
    ['duration', 'duration', undefined],
    ['param:lr', 'param', 'lr'],
    ['metric:val/acc', 'metric', 'val/acc'],
    ['param:a:b', 'param', 'a:b']
  ])('parses %s', (id, kind, key) => {
    const column = columnFromId(id);
    expect(column?.kind).toBe(kind);
    expect(column?.key).toBe(key);
  });

  it.each(['', 'param:', 'other:x', 'bogus'])('rejects %p', id => {
    expect(columnFromId(id)).toBeNull();
  });
});

describe('cellValue', () => {
  const run = makeRun(
    7,
    { lr: 0.01, name: 'gpt', layers: [1, 2] },
    { 'val/acc': 0.9 },
    { duration_ms: null }
  );
  run.params.model = {
    value: null,
    source: 'Net()',
    type: 'Net',
    exact: false
  };

  it.each([
    ['number', 7],
    ['status', 'completed'],
    ['started', Date.UTC(2024, 0, 1, 0, 7)],
    ['duration', undefined],
    ['param:lr', 0.01],
    ['param:name', 'gpt'],
    ['param:layers', [1, 2]],
    ['param:model', undefined],
    ['param:absent', undefined],
    ['metric:val/acc', 0.9],
    ['metric:absent', undefined]
  ])('%s → %p', (id, expected) => {
    expect(cellValue(run, columnFromId(id)!)).toEqual(expected);
  });
});

describe('sorting', () => {
  const runs = [
    makeRun(1, { lr: 0.1, model: 'b10' }),
    makeRun(2, { lr: 0.01, model: 'b9' }),
    makeRun(3, { model: 'a' }),
    makeRun(4, { lr: 1, model: 'B2' }),
    makeRun(5, { lr: 0.01 })
  ];

  it.each<[string, IRunSort['direction'], number[]]>([
    ['number', 'descending', [5, 4, 3, 2, 1]],
    ['number', 'ascending', [1, 2, 3, 4, 5]],
    // Ties (runs 2 and 5) fall back to the higher number first; missing last.
    ['param:lr', 'ascending', [5, 2, 1, 4, 3]],
    ['param:lr', 'descending', [4, 1, 5, 2, 3]],
    // Strings compare with numeric awareness and without case.
    ['param:model', 'ascending', [3, 4, 2, 1, 5]],
    ['param:model', 'descending', [1, 2, 4, 3, 5]],
    ['duration', 'descending', [5, 4, 3, 2, 1]]
  ])('by %s %s', (columnId, direction, expected) => {
    expect(numbers(sortRuns(runs, { columnId, direction }))).toEqual(expected);
  });

  it('defaults to newest first and leaves the input untouched', () => {
    const input = [...runs].reverse().reverse();
    expect(numbers(sortRuns(input))).toEqual([5, 4, 3, 2, 1]);
    expect(numbers(input)).toEqual([1, 2, 3, 4, 5]);
    expect(DEFAULT_SORT).toEqual({
      columnId: 'number',
      direction: 'descending'
    });
  });

  it('puts numbers before strings when a parameter mixes types', () => {
    const mixed = [
      makeRun(1, { x: 'text' }),
      makeRun(2, { x: 3 }),
      makeRun(3, { x: true })
    ];
    expect(
      numbers(sortRuns(mixed, { columnId: 'param:x', direction: 'ascending' }))
    ).toEqual([3, 2, 1]);
  });

  it('compareRuns agrees with sortRuns', () => {
    const column = columnFromId('param:lr')!;
    const sorted = [...runs].sort((a, b) =>
      compareRuns(a, b, column, 'descending')
    );
    expect(numbers(sorted)).toEqual(
      numbers(sortRuns(runs, { columnId: 'param:lr', direction: 'descending' }))
    );
  });

  it.each<[IRunSort, RunRow, number]>([
    [DEFAULT_SORT, makeRun(6), 0],
    [DEFAULT_SORT, makeRun(0), 5],
    [
      { columnId: 'param:lr', direction: 'ascending' },
      makeRun(9, { lr: 0.05 }),
      2
    ],
    [{ columnId: 'param:lr', direction: 'ascending' }, makeRun(9), 4]
  ])('insertionIndex keeps order (%j)', (sort, run, expected) => {
    const sorted = sortRuns(runs, sort);
    const index = insertionIndex(sorted, run, sort);
    expect(index).toBe(expected);
    const inserted = [...sorted];
    inserted.splice(index, 0, run);
    expect(numbers(inserted)).toEqual(numbers(sortRuns(inserted, sort)));
  });
});
