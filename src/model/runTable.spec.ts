import {
  buildColumns,
  cellValue,
  columnFromId,
  compareRuns,
  DEFAULT_SORT,
  formatDuration,
  formatStarted,
  formatTimestamp,
  formatValue,
  insertionIndex,
  IRunSort,
  RunRow,
  sortRuns,
  sourceDiffers
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
  run.params.model = { value: null, source: 'Net()', type: 'Net', exact: false };

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
    expect(DEFAULT_SORT).toEqual({ columnId: 'number', direction: 'descending' });
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
    [{ columnId: 'param:lr', direction: 'ascending' }, makeRun(9, { lr: 0.05 }), 2],
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

describe('formatDuration', () => {
  it.each<[number | null | undefined, string]>([
    [null, '—'],
    [undefined, '—'],
    [-5, '—'],
    [Number.NaN, '—'],
    [0, '0 ms'],
    [850, '850 ms'],
    [999.4, '999 ms'],
    [1000, '1.0 s'],
    [1234, '1.2 s'],
    [59_940, '59.9 s'],
    [59_960, '1 min 00 s'],
    [184_000, '3 min 04 s'],
    [3_599_400, '59 min 59 s'],
    [3_600_000, '1 h 00 min'],
    [7_500_000, '2 h 05 min'],
    [90_000_000, '25 h 00 min']
  ])('%p → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('formatValue', () => {
  it.each<[JSONValue | undefined, string]>([
    [undefined, '—'],
    [null, '—'],
    [0, '0'],
    [42, '42'],
    [-3, '-3'],
    [0.5, '0.5'],
    [0.1, '0.1'],
    [0.123456, '0.1235'],
    [0.30000000000000004, '0.3'],
    [0.00123456, '0.001235'],
    [0.0000123456, '1.235e-5'],
    [0.00001, '1e-5'],
    [1.23456, '1.235'],
    [123.456, '123.5'],
    [12345.678, '12346'],
    [-0.00001234, '-1.234e-5'],
    [1e21, '1e21'],
    [1.23456e22, '1.235e22'],
    [true, 'true'],
    [false, 'false'],
    ['gpt-4o', 'gpt-4o'],
    ['', ''],
    [[1, 2, 3], '[1,2,3]'],
    [{ a: 1, b: [true, null] }, '{"a":1,"b":[true,null]}']
  ])('%p → %s', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });

  it('cuts long strings and JSON at 60 characters', () => {
    const long = 'x'.repeat(100);
    expect(formatValue(long)).toBe(`${'x'.repeat(59)}…`);
    const list = Array.from({ length: 50 }, (_, i) => i);
    const text = formatValue(list);
    expect(text).toHaveLength(60);
    expect(text.startsWith('[0,1,2,')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    expect(formatValue(long, 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('formatStarted', () => {
  // Local times, so the expectations hold in any time zone.
  const now = new Date(2024, 5, 15, 18, 30);

  it.each<[Date, string]>([
    [new Date(2024, 5, 15, 9, 5), '09:05'],
    [new Date(2024, 5, 14, 23, 59), 'Jun 14, 23:59'],
    [new Date(2024, 0, 2, 7, 0), 'Jan 2, 07:00'],
    [new Date(2023, 11, 31, 12, 0), 'Dec 31, 2023, 12:00']
  ])('%s', (started, expected) => {
    expect(formatStarted(started.toISOString(), now, 'en-US')).toBe(expected);
  });

  it('shows a dash for an unreadable time', () => {
    expect(formatStarted('not a date', now, 'en-US')).toBe('—');
  });
});

describe('sourceDiffers', () => {
  it.each<[string, JSONValue, boolean]>([
    ['0.3', 0.3, false],
    ['3e-4', 0.0003, false],
    ['1_000', 1000, false],
    ['0.1 * 3', 0.30000000000000004, true],
    ['N_LAYERS', 4, true],
    ["'gpt-4o'", 'gpt-4o', false],
    ['"gpt-4o"', 'gpt-4o', false],
    ["f'{name}'", 'x', true],
    ["'a' + 'b'", 'ab', true],
    ['True', true, false],
    ['false', false, false],
    ['not x', false, true],
    ['None', null, false],
    ['make_model()', null, true],
    ['[1, 2]', [1, 2], false],
    ['(1, 2)', [1, 2], true],
    ['{"a": 1}', { a: 1 }, false],
    ["{'a': 1}", { a: 1 }, true]
  ])('%s for %p → %p', (source, value, expected) => {
    expect(sourceDiffers(source, value)).toBe(expected);
  });
});

describe('formatTimestamp', () => {
  it('shows the full local date and time', () => {
    const iso = new Date(2024, 2, 4, 7, 8, 9).toISOString();
    expect(formatTimestamp(iso, 'en-US')).toBe('Mar 4, 2024, 07:08:09');
    expect(formatTimestamp('', 'en-US')).toBe('—');
  });
});
