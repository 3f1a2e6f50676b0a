import {
  buildComparison,
  defaultMetricDirection,
  ICompareRow,
  metricDirection,
  REDACTED_MARK
} from './compare';
import type { RunRow } from '../runTable';
import type { IParamRecord, JSONValue } from '../types';

function param(value: JSONValue, source = JSON.stringify(value)): IParamRecord {
  return { value, source, type: typeof value };
}

function run(
  number: number,
  params: { [name: string]: IParamRecord },
  metrics: { [name: string]: number }
): RunRow {
  return {
    id: `run-${number}`,
    number,
    experiment: { id: 'nb', name: 'nb' },
    notebook_path: 'nb.ipynb',
    status: 'completed',
    started_at: '2025-01-01T00:00:00Z',
    ended_at: null,
    duration_ms: null,
    params,
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([name, value]) => [name, { value }])
    ),
    context: { kernel: { name: 'python3', language: 'python' } },
    annotations: { note: '', tags: [], starred: false },
    updated_at: '2025-01-01T00:00:00Z'
  };
}

const runs = [
  run(
    1,
    { lr: param(0.1), model: param('gpt'), seed: param(1) },
    { 'val/loss': 0.5, 'val/accuracy': 0.8, tokens: 100 }
  ),
  run(
    2,
    { lr: param(0.01), model: param('gpt'), seed: param(1) },
    { 'val/loss': 0.4, 'val/accuracy': 0.9, tokens: 100 }
  ),
  run(
    3,
    { lr: param(0.1), model: param('gpt'), seed: param(1), extra: param(true) },
    { 'val/loss': 0.5, 'val/accuracy': 0.7, tokens: 120 }
  )
];

function row(rows: ICompareRow[], name: string): ICompareRow {
  const found = rows.find(candidate => candidate.name === name);
  if (!found) {
    throw new Error(`no row ${name}`);
  }
  return found;
}

describe('defaultMetricDirection', () => {
  it.each([
    ['loss', 'min'],
    ['train/Loss', 'min'],
    ['val_loss', 'min'],
    ['eval/error_rate', 'min'],
    ['p95_latency_ms', 'min'],
    ['rmse', 'min'],
    ['MAE', 'min'],
    ['test/perplexity', 'min'],
    ['wer', 'min'],
    ['val/nll', 'min'],
    ['accuracy', 'max'],
    ['val/acc', 'max'],
    ['valAccuracy', 'max'],
    ['f1_score', 'max'],
    ['eval/rougeL', 'max'],
    ['top5', 'max'],
    ['loss/accuracy', 'max'],
    ['accuracy/loss', 'min'],
    ['power', null],
    ['tokens', null],
    ['score', null],
    ['', null]
  ])('%j → %s', (name, expected) => {
    expect(defaultMetricDirection(name)).toBe(expected);
  });
});

describe('metricDirection', () => {
  it.each([
    ['loss', undefined, 'min'],
    ['loss', { loss: 'max' }, 'max'],
    ['tokens', { tokens: 'min' }, 'min'],
    ['accuracy', { accuracy: null }, null],
    ['accuracy', { loss: 'min' }, 'max'],
    ['constructor', {}, null]
  ] as const)('%s with %j → %s', (name, overrides, expected) => {
    expect(metricDirection(name, overrides)).toBe(expected);
  });
});

describe('buildComparison', () => {
  it('has a column per run, in the order given', () => {
    const table = buildComparison([runs[2], runs[0]], {
      differencesOnly: false
    });
    expect(table.columns.map(column => column.number)).toEqual([3, 1]);
    expect(table.baselineIndex).toBe(-1);
    expect(table.columns.every(column => !column.baseline)).toBe(true);
  });

  it('lists parameters before metrics, every name once', () => {
    const table = buildComparison(runs, { differencesOnly: false });
    const names = table.rows.map(r => `${r.kind}:${r.name}`);
    expect(names.slice(0, 4).sort()).toEqual([
      'param:extra',
      'param:lr',
      'param:model',
      'param:seed'
    ]);
    expect(names.slice(4).sort()).toEqual([
      'metric:tokens',
      'metric:val/accuracy',
      'metric:val/loss'
    ]);
  });

  it.each([
    ['lr', true],
    ['model', false],
    ['seed', false],
    ['extra', true],
    ['val/loss', true],
    ['tokens', true]
  ])('marks whether %s differs (%s)', (name, differs) => {
    const table = buildComparison(runs, { differencesOnly: false });
    expect(row(table.rows, name).differs).toBe(differs);
  });

  it('shows a redacted parameter as a marker, equal across runs', () => {
    const redacted: IParamRecord = {
      value: null,
      source: 'REDACTED_BY_RUNLOG',
      type: 'str',
      exact: false,
      redacted: true
    };
    const table = buildComparison(
      [
        run(1, { api_key: redacted, lr: param(0.1) }, {}),
        run(2, { api_key: { ...redacted }, lr: param(0.2) }, {})
      ],
      { differencesOnly: false }
    );
    const key = row(table.rows, 'api_key');
    expect(key.values.map(value => value.text)).toEqual([
      REDACTED_MARK,
      REDACTED_MARK
    ]);
    expect(key.differs).toBe(false);
  });

  it('keeps only differing rows when asked, counting the hidden ones', () => {
    const table = buildComparison(runs, { differencesOnly: true });
    expect(table.rows.map(r => r.name).sort()).toEqual([
      'extra',
      'lr',
      'tokens',
      'val/accuracy',
      'val/loss'
    ]);
    expect(table.hiddenRows).toBe(2);
  });

  it('formats values and keeps raw ones, a dash for missing', () => {
    const table = buildComparison(runs, { differencesOnly: false });
    const extra = row(table.rows, 'extra').values;
    expect(extra.map(cell => cell.text)).toEqual(['—', '—', 'true']);
    expect(extra.map(cell => cell.raw)).toEqual([undefined, undefined, true]);
    const accuracy = row(table.rows, 'val/accuracy').values;
    expect(accuracy.map(cell => cell.raw)).toEqual([0.8, 0.9, 0.7]);
  });

  it.each([
    // baseline run 1: loss 0.5; run 2 has 0.4 (better), run 3 0.5 (equal)
    ['val/loss', [null, -0.1, 0], [null, true, null]],
    // accuracy 0.8 → 0.9 better, 0.7 worse
    ['val/accuracy', [null, 0.1, -0.1], [null, true, false]],
    // tokens: direction unknown, deltas without judgement
    ['tokens', [null, 0, 20], [null, null, null]],
    // a numeric parameter gets deltas, never a judgement
    ['lr', [null, -0.09, 0], [null, null, null]],
    ['model', [null, null, null], [null, null, null]]
  ])('compares %s with the baseline', (name, deltas, better) => {
    const table = buildComparison(runs, {
      differencesOnly: false,
      baselineId: 'run-1'
    });
    const cells = row(table.rows, name).values;
    cells.forEach((cell, index) => {
      if (deltas[index] === null) {
        expect(cell.delta).toBeNull();
      } else {
        expect(cell.delta).toBeCloseTo(deltas[index] as number, 12);
      }
    });
    expect(cells.map(cell => cell.better)).toEqual(better);
  });

  it('gives relative deltas against the baseline magnitude', () => {
    const table = buildComparison(runs, {
      differencesOnly: false,
      baselineId: 'run-1'
    });
    const relative = row(table.rows, 'tokens').values.map(
      cell => cell.relative
    );
    expect(relative).toEqual([null, 0, 0.2]);
  });

  it('lets the user flip a direction', () => {
    const table = buildComparison(runs, {
      differencesOnly: false,
      baselineId: 'run-1',
      metricDirections: { 'val/loss': 'max', tokens: 'min' }
    });
    expect(row(table.rows, 'val/loss').direction).toBe('max');
    expect(row(table.rows, 'val/loss').values[1].better).toBe(false);
    expect(row(table.rows, 'tokens').values[2].better).toBe(false);
    expect(row(table.rows, 'lr').direction).toBeNull();
  });

  it('uses another baseline column when chosen', () => {
    const table = buildComparison(runs, {
      differencesOnly: false,
      baselineId: 'run-3'
    });
    expect(table.baselineIndex).toBe(2);
    expect(table.columns[2].baseline).toBe(true);
    const accuracy = row(table.rows, 'val/accuracy').values;
    expect(accuracy.map(cell => cell.better)).toEqual([true, true, null]);
  });

  it('has no baseline for an unknown id', () => {
    const table = buildComparison(runs, {
      differencesOnly: false,
      baselineId: 'nope'
    });
    expect(table.baselineIndex).toBe(-1);
    expect(
      table.rows.every(r => r.values.every(cell => cell.delta === null))
    ).toBe(true);
  });

  it('has no delta where the baseline lacks the value', () => {
    const table = buildComparison(runs, {
      differencesOnly: false,
      baselineId: 'run-1'
    });
    expect(row(table.rows, 'extra').values[2].delta).toBeNull();
  });

  it.each([
    [
      'equal objects in another key order',
      { a: 1, b: [1, 2] },
      { b: [1, 2], a: 1 },
      false
    ],
    ['different lists', [1, 2], [2, 1], true],
    ['a number and its string', 1, '1', true],
    ['None and a missing value', null, undefined, true]
  ])('compares %s', (_, first, second, differs) => {
    const paramsOf = (
      value: JSONValue | undefined
    ): { [name: string]: IParamRecord } =>
      value === undefined ? {} : { x: param(value) };
    const table = buildComparison(
      [run(1, paramsOf(first), {}), run(2, paramsOf(second), {})],
      { differencesOnly: false }
    );
    expect(row(table.rows, 'x').differs).toBe(differs);
  });

  it('shows None for null and the source for a value JSON cannot hold', () => {
    const frame: IParamRecord = {
      value: null,
      source: '  pd.DataFrame()  ',
      type: 'DataFrame',
      exact: false
    };
    const table = buildComparison(
      [run(1, { x: param(null, 'None') }, {}), run(2, { x: frame }, {})],
      { differencesOnly: false }
    );
    const cells = row(table.rows, 'x').values;
    expect(cells.map(cell => cell.text)).toEqual(['None', 'pd.DataFrame()']);
    expect(row(table.rows, 'x').differs).toBe(true);
  });

  it('treats NaN metrics as equal to each other and without delta', () => {
    const table = buildComparison(
      [run(1, {}, { loss: NaN }), run(2, {}, { loss: NaN })],
      { differencesOnly: false, baselineId: 'run-1' }
    );
    const loss = row(table.rows, 'loss');
    expect(loss.differs).toBe(false);
    expect(loss.values.map(cell => cell.text)).toEqual(['NaN', 'NaN']);
    expect(loss.values[1].delta).toBeNull();
  });

  it('is empty for no runs, and nothing differs for one', () => {
    expect(buildComparison([], { differencesOnly: false })).toEqual({
      columns: [],
      rows: [],
      baselineIndex: -1,
      hiddenRows: 0
    });
    const single = buildComparison([runs[0]], { differencesOnly: true });
    expect(single.rows).toEqual([]);
    expect(single.hiddenRows).toBe(6);
  });
});
