import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import type { MetricDirection } from '../../model/compare/compare';
import type { IRunSummary } from '../../tokens';
import { ROWS_PER_PAGE } from '../cappedRows';
import { makeRunRecord, makeRunSummary } from '../__tests__/testing';
import { defaultBaseline } from './compareView';
import { DiffTable, formatDelta, IDiffTableState } from './diffTable';
import { MAX_OUTPUT_COLUMNS, outputColumns, trackedCells } from './outputs';

const trans = nullTranslator.load('jupyterlab_runlog');

function runs() {
  const param = (value: number | string) => ({
    value,
    source: JSON.stringify(value),
    type: typeof value
  });
  return [1, 2, 3].map(number =>
    makeRunSummary(number, {
      params: {
        lr: param([0.1, 0.2, 0.05][number - 1]),
        model: param('small')
      },
      metrics: { loss: { value: [0.5, 0.4, 0.6][number - 1] } }
    })
  );
}

describe('DiffTable', () => {
  let table: DiffTable;
  const calls: string[] = [];
  const state: IDiffTableState = {
    baselineId: 'run-1',
    differencesOnly: true,
    directions: {}
  };

  beforeEach(() => {
    calls.length = 0;
    table = new DiffTable(trans, {
      baselineChosen: id => calls.push(`baseline ${id}`),
      differencesOnlyChanged: value => calls.push(`differences ${value}`),
      directionChosen: (metric, direction: MetricDirection) =>
        calls.push(`direction ${metric} ${direction}`)
    });
    Widget.attach(table, document.body);
  });

  afterEach(() => table.dispose());

  function row(name: string): HTMLTableRowElement {
    return table.node.querySelector<HTMLTableRowElement>(
      `tr[data-name="${name}"]`
    )!;
  }

  it('has a column per run and only the rows that differ', () => {
    table.render(runs(), state);
    const headers = [
      ...table.node.querySelectorAll('th.jp-runlog-compare-runHeader')
    ].map(th => th.querySelector('span')!.textContent);
    expect(headers).toEqual(['#1', '#2', '#3']);
    expect(row('lr').classList).toContain('jp-runlog-compare-differs');
    expect(row('model')).toBeNull();
    expect(table.node.textContent).toContain(
      '1 row with the same value in every run is hidden'
    );
    const values = [...row('lr').querySelectorAll('.jp-runlog-compare-value')];
    expect(values.map(v => v.textContent)).toEqual(['0.1', '0.2', '0.05']);
  });

  it('draws a page of rows per section for runs of many parameters, more on demand', () => {
    const wide = runs()
      .slice(0, 2)
      .map((run, index) => {
        const params: IRunSummary['params'] = {};
        for (let p = 0; p < 2_000; p++) {
          params[`p_${p}`] = { value: p + index, source: '', type: 'int' };
        }
        return { ...run, params };
      });
    table.render(wide, state);
    const drawn = () =>
      table.node.querySelectorAll('tr.jp-runlog-compare-param').length;
    expect(drawn()).toBe(ROWS_PER_PAGE);
    const more = table.node.querySelector<HTMLButtonElement>(
      '.jp-runlog-compare-showMore'
    )!;
    expect(more.textContent).toBe(
      `Show ${ROWS_PER_PAGE} more (${2_000 - ROWS_PER_PAGE} rows not shown)`
    );
    more.click();
    expect(drawn()).toBe(2 * ROWS_PER_PAGE);
    // Metrics are still drawn after the parameters cut short.
    expect(
      table.node.querySelectorAll('tr.jp-runlog-compare-metric').length
    ).toBeGreaterThan(0);
    // A new baseline keeps what was shown; other runs start over.
    table.render(wide, { ...state, baselineId: wide[1].id });
    expect(drawn()).toBe(2 * ROWS_PER_PAGE);
    table.render([wide[0], { ...wide[1], id: 'run-other' }], state);
    expect(drawn()).toBe(ROWS_PER_PAGE);
  });

  it('shows what the runs ran with under Context, with readable labels', () => {
    const withContext = runs().map((run, index) => ({
      ...run,
      context: {
        ...run.context,
        packages: { numpy: ['2.1.0', '2.1.0', '2.2.0'][index] },
        resources: {
          cpu_seconds: index + 1,
          wall_seconds: index + 1,
          peak_rss_bytes: null,
          peak_rss_scope: 'process' as const,
          gpu: [{ device: 0, name: 'A100', peak_bytes: 2e9 }],
          cells_measured: 1
        }
      }
    }));
    table.render(withContext, { ...state, differencesOnly: false });
    const sections = [
      ...table.node.querySelectorAll('.jp-runlog-compare-section th')
    ].map(th => th.textContent);
    expect(sections).toEqual(['Parameters', 'Metrics', 'Context']);
    const labels = [
      ...table.node.querySelectorAll(
        'tr[data-kind="context"] .jp-runlog-compare-name'
      )
    ].map(name => name.textContent);
    expect(labels).toEqual([
      'CPU time (s)',
      'GPU 0 peak memory (MB)',
      'Package numpy'
    ]);
    // Against run 1 (the baseline): 2 s and 3 s of CPU are +1 s and +2 s.
    const deltas = [
      ...row('cpu_seconds').querySelectorAll('.jp-runlog-compare-delta')
    ].map(delta => delta.textContent);
    expect(deltas).toEqual(['+1 (+100%)', '+2 (+200%)']);
  });

  it('colours metric cells against the baseline in the direction in force', () => {
    table.render(runs(), state);
    const cells = row('loss').querySelectorAll('td');
    expect(cells[0].classList).toContain('jp-runlog-compare-baseline');
    expect(cells[1].classList).toContain('jp-runlog-compare-better');
    expect(cells[2].classList).toContain('jp-runlog-compare-worse');
    expect(
      cells[1].querySelector('.jp-runlog-compare-delta')!.textContent
    ).toBe('−0.1 (−20.0%)');
    table.render(runs(), { ...state, directions: { loss: 'max' } });
    const flipped = row('loss').querySelectorAll('td');
    expect(flipped[1].classList).toContain('jp-runlog-compare-worse');
    expect(flipped[2].classList).toContain('jp-runlog-compare-better');
  });

  it('reports pins, the direction toggle and the differences-only box', () => {
    table.render(runs(), state);
    table.node
      .querySelector<HTMLButtonElement>(
        '.jp-runlog-compare-pin[data-run-id="run-3"]'
      )!
      .click();
    row('loss')
      .querySelector<HTMLButtonElement>('.jp-runlog-compare-direction')!
      .click();
    const box = table.node.querySelector<HTMLInputElement>(
      '.jp-runlog-compare-differencesOnly'
    )!;
    expect(box.checked).toBe(true);
    box.click();
    expect(calls).toEqual([
      'baseline run-3',
      'direction loss max',
      'differences false'
    ]);
  });
});

describe('formatDelta', () => {
  it.each<[number | null, number | null, string]>([
    [null, null, ''],
    [0.25, 0.5, '+0.25 (+50.0%)'],
    [-3, -1.5, '−3 (−150%)'],
    [2, null, '+2'],
    [0, 0, '±0']
  ])('delta %p, relative %p → %j', (delta, relative, expected) => {
    expect(
      formatDelta({ raw: 0, text: '', delta, relative, better: null })
    ).toBe(expected);
  });
});

describe('defaultBaseline', () => {
  it('is the run started first, whatever the order given', () => {
    const late = makeRunRecord(1, { started_at: '2024-02-01T00:00:00.000Z' });
    const early = makeRunRecord(2, { started_at: '2024-01-01T00:00:00.000Z' });
    expect(defaultBaseline([late, early])).toBe('run-2');
    expect(defaultBaseline([])).toBeUndefined();
  });
});

describe('trackedCells', () => {
  it('lists tracked cells in first-seen order with each run’s record', () => {
    const cell = (cell_id: string, role: 'tracked' | 'parameters') => ({
      cell_id,
      role,
      source: '',
      outputs: [],
      status: 'ok' as const,
      execution_count: 1,
      duration_ms: 1
    });
    const a = makeRunRecord(1, {
      cells: [cell('p', 'parameters'), cell('t1', 'tracked')]
    });
    const b = makeRunRecord(2, {
      cells: [cell('t1', 'tracked'), cell('t2', 'tracked')]
    });
    const cells = trackedCells([a, b]);
    expect(cells.map(c => c.cellId)).toEqual(['t1', 't2']);
    expect(cells[1].records[0]).toBeUndefined();
    expect(cells[1].records[1]?.cell_id).toBe('t2');
  });
});

describe('outputColumns', () => {
  it.each([
    [3, 0, 12, [0, 1, 2]],
    [20, 0, 4, [0, 1, 2, 3]],
    [20, 15, 4, [0, 1, 2, 15]],
    [20, -1, 3, [0, 1, 2]],
    [1000, 999, 12, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 999]]
  ])(
    '%i runs, baseline %i, at most %i: columns %j',
    (runCount, baseline, max, expected) => {
      expect(outputColumns(runCount, baseline, max)).toEqual(expected);
    }
  );

  it('shows a dozen runs by default', () => {
    expect(outputColumns(50, 0)).toHaveLength(MAX_OUTPUT_COLUMNS);
  });
});
