import { CHART_DATA, chartLabels, RUN_SELECTION } from './common';
import {
  IMetricRow,
  IParamMetricRow,
  MAX_LABELLED_RUNS,
  metricByRunSpec,
  metricRows,
  paramMetricRows,
  paramVsMetricSpec
} from './runCharts';
import { AWKWARD_METRIC, chartRun } from './__tests__/runs';
import {
  dataset,
  expectValidSpec,
  markItems,
  runView,
  axisLabelsDrawn,
  selections,
  titlesDrawn
} from './__tests__/vegaLite';

type Encoding = { [channel: string]: { [key: string]: unknown } };

function encodingOf(spec: object): Encoding {
  return (spec as { encoding: Encoding }).encoding;
}

const runs = [
  chartRun(1, { lr: 0.1, model: 'gpt', layers: 2 }, { 'val/loss': 0.5 }),
  chartRun(2, { lr: 0.001, model: 'claude', layers: 4 }, { 'val/loss': 0.3 }),
  chartRun(3, { lr: 0.01, model: 'gpt', layers: 'auto' }, { 'val/loss': 0.4 }),
  chartRun(4, { lr: null, model: 'gpt' }, { other: 1 }),
  chartRun(5, { lr: 0.02, model: 'gpt', layers: 3 }, { 'val/loss': NaN })
];

describe('metricRows', () => {
  it('has a row per run with a finite value, omitting the others', () => {
    const { rows, omitted } = metricRows(runs, 'val/loss');
    expect(rows[0]).toMatchObject({
      tooltip: { Run: '#1', 'val/loss': '0.5' },
      description: 'Run: #1; val/loss: 0.5'
    });
    expect(
      rows.map(({ tooltip: _t, description: _d, ...fields }) => fields)
    ).toEqual([
      {
        run_id: 'run-1',
        run: 1,
        run_label: '#1',
        metric: 'val/loss',
        value: 0.5
      },
      {
        run_id: 'run-2',
        run: 2,
        run_label: '#2',
        metric: 'val/loss',
        value: 0.3
      },
      {
        run_id: 'run-3',
        run: 3,
        run_label: '#3',
        metric: 'val/loss',
        value: 0.4
      }
    ]);
    expect(omitted).toEqual(['run-4', 'run-5']);
  });

  it('tells runs sharing a number apart', () => {
    const { rows } = metricRows(
      [
        chartRun(1, {}, { m: 1 }, 'aaaaaaaa-1'),
        chartRun(1, {}, { m: 2 }, 'bbbbbbbb-2'),
        chartRun(2, {}, { m: 3 }, 'cccccccc-3')
      ],
      'm'
    );
    expect(rows.map(row => row.run_label)).toEqual([
      '#1 (aaaaaa)',
      '#1 (bbbbbb)',
      '#2'
    ]);
  });
});

describe('metricByRunSpec', () => {
  it('is a valid bar chart of the metric by run, with a run selection', async () => {
    const spec = metricByRunSpec(runs, 'val/loss');
    expectValidSpec(spec, 'metric-by-run');
    expect(spec.usermeta).toEqual({
      runlog: { kind: 'metric-by-run', omitted: ['run-4', 'run-5'] }
    });
    expect(selections(spec)).toEqual([
      expect.objectContaining({
        name: RUN_SELECTION,
        select: expect.objectContaining({ type: 'point', fields: ['run_id'] })
      })
    ]);
    const view = await runView(spec);
    const bars = markItems(view, 'marks');
    expect(bars).toHaveLength(3);
    expect(bars.map(bar => bar.datum?.value)).toEqual([0.5, 0.3, 0.4]);
    expect(view.signal(RUN_SELECTION)).toEqual({});
  });

  it.each([
    [undefined, undefined, ['#1', '#2', '#3']],
    ['ascending', 'y', undefined],
    ['descending', '-y', undefined]
  ] as const)('sorts runs %s', (sort, expected, domain) => {
    const spec = metricByRunSpec(runs, 'val/loss', { sort });
    expect(encodingOf(spec).x.sort).toEqual(expected);
    // Run-number order is a domain: Vega-Lite writes sort lists into
    // expression text.
    expect((encodingOf(spec).x.scale as { domain?: string[] })?.domain).toEqual(
      domain
    );
  });

  it('orders bars by value when asked', async () => {
    const view = await runView(
      metricByRunSpec(runs, 'val/loss', { sort: 'ascending' })
    );
    const bars = markItems(view, 'marks') as unknown as {
      x: number;
      datum: IMetricRow;
    }[];
    const byPosition = [...bars].sort((a, b) => a.x - b.x);
    expect(byPosition.map(bar => bar.datum.value)).toEqual([0.3, 0.4, 0.5]);
  });

  it.each([
    [MAX_LABELLED_RUNS, true],
    [MAX_LABELLED_RUNS + 1, false]
  ])('with %i runs labels each run on the axis: %s', async (count, shown) => {
    const many = Array.from({ length: count }, (_, index) =>
      chartRun(index + 1, {}, { acc: index / count })
    );
    const view = await runView(metricByRunSpec(many, 'acc'));
    expect(markItems(view, 'marks')).toHaveLength(count);
    // Axis labels drawn, both axes: the y axis has a dozen at most.
    let labels = 0;
    const walk = (node: { role?: string; items?: object[] }) => {
      for (const item of (node.items ?? []) as (typeof node)[]) {
        if (item.role === 'axis-label') {
          labels += item.items?.length ?? 0;
        }
        walk(item);
      }
    };
    walk((view.scenegraph() as unknown as { root: object }).root);
    expect(labels > count).toBe(shown);
  });

  it('draws points when asked, selecting the nearest', () => {
    const spec = metricByRunSpec(runs, 'val/loss', { mark: 'point' });
    expectValidSpec(spec, 'metric-by-run');
    expect((spec as { mark: { type: string } }).mark.type).toBe('point');
    expect(selections(spec)[0].select.nearest).toBe(true);
  });

  it('keeps an awkward metric name out of field names', async () => {
    const awkward = [
      chartRun(1, {}, { [AWKWARD_METRIC]: 2 }),
      chartRun(2, {}, { [AWKWARD_METRIC]: 5 })
    ];
    const spec = metricByRunSpec(awkward, AWKWARD_METRIC);
    expectValidSpec(spec, 'metric-by-run');
    expect(encodingOf(spec).y).toMatchObject({
      field: 'value',
      axis: { title: AWKWARD_METRIC }
    });
    const view = await runView(spec);
    expect(titlesDrawn(view)).toEqual(['Run', AWKWARD_METRIC]);
    const bars = markItems(view, 'marks');
    expect(bars.map(bar => bar.tooltip)).toEqual([
      { Run: '#1', [AWKWARD_METRIC]: '2' },
      { Run: '#2', [AWKWARD_METRIC]: '5' }
    ]);
    expect(bars[0].description).toBe(`Run: #1; ${AWKWARD_METRIC}: 2`);
  });

  it('titles with the translated labels', async () => {
    const labels = chartLabels({ __: text => `«${text}»` });
    const spec = metricByRunSpec(runs, 'val/loss', { labels });
    expect(encodingOf(spec).x.title).toBe('«Run»');
    const view = await runView(spec);
    expect(Object.keys(markItems(view, 'marks')[0].tooltip ?? {})).toEqual([
      '«Run»',
      'val/loss'
    ]);
  });

  it('is valid with no data', async () => {
    const spec = metricByRunSpec([], 'val/loss', { height: 120 });
    expectValidSpec(spec, 'metric-by-run');
    expect((spec as { height: number }).height).toBe(120);
    expect(dataset(spec, CHART_DATA)).toEqual([]);
    expect(markItems(await runView(spec), 'marks')).toHaveLength(0);
  });
});

describe('paramMetricRows', () => {
  it.each([
    ['lr', true, [0.1, 0.001, 0.01]],
    ['layers', false, ['2', '4', 'auto']],
    ['model', false, ['gpt', 'claude', 'gpt']]
  ])('reads %s (numeric: %s)', (param, numeric, xs) => {
    const result = paramMetricRows(runs, param, 'val/loss');
    expect(result.numeric).toBe(numeric);
    expect(result.rows.map(row => row.x)).toEqual(xs);
    expect(result.rows.map(row => row.run)).toEqual([1, 2, 3]);
    expect(result.omitted).toEqual(['run-4', 'run-5']);
  });

  it('writes objects as JSON with sorted keys', () => {
    const result = paramMetricRows(
      [
        chartRun(1, { opt: { b: 1, a: [2] } }, { m: 1 }),
        chartRun(2, { opt: true }, { m: 2 })
      ],
      'opt',
      'm'
    );
    expect(result.rows.map(row => row.x)).toEqual(['{"a":[2],"b":1}', 'true']);
  });
});

describe('paramVsMetricSpec', () => {
  it('puts a numeric parameter on a quantitative axis, log when it spans decades', async () => {
    const spec = paramVsMetricSpec(runs, 'lr', 'val/loss');
    expectValidSpec(spec, 'param-vs-metric');
    expect(encodingOf(spec).x).toMatchObject({
      field: 'x_key',
      type: 'quantitative',
      title: 'lr',
      scale: { type: 'log' }
    });
    const view = await runView(spec);
    const points = markItems(view, 'marks');
    expect(
      points.map(point => (point.datum as unknown as IParamMetricRow).x)
    ).toEqual([0.1, 0.001, 0.01]);
  });

  it.each([
    ['linear', undefined],
    ['auto', undefined],
    ['log', 'log']
  ] as const)('honours xScale %s for a narrow range', (xScale, type) => {
    const narrow = [
      chartRun(1, { t: 0.5 }, { m: 1 }),
      chartRun(2, { t: 0.7 }, { m: 2 })
    ];
    const spec = paramVsMetricSpec(narrow, 't', 'm', { xScale });
    expect((encodingOf(spec).x.scale as { type?: string }).type).toBe(type);
  });

  it('puts a categorical parameter on a nominal axis, categories sorted', async () => {
    const spec = paramVsMetricSpec(runs, 'model', 'val/loss');
    expectValidSpec(spec, 'param-vs-metric');
    expect(encodingOf(spec).x).toMatchObject({
      type: 'nominal',
      field: 'x_key',
      scale: { domain: ['c0', 'c1'] }
    });
    const view = await runView(spec);
    expect(markItems(view, 'marks')).toHaveLength(3);
    expect(axisLabelsDrawn(view)).toContainEqual(['claude', 'gpt']);
  });

  it('is valid for awkward names on both axes', async () => {
    const awkward = [
      chartRun(1, { [AWKWARD_METRIC]: 1 }, { [AWKWARD_METRIC]: 2 }),
      chartRun(2, { [AWKWARD_METRIC]: 3 }, { [AWKWARD_METRIC]: 4 })
    ];
    const spec = paramVsMetricSpec(awkward, AWKWARD_METRIC, AWKWARD_METRIC);
    expectValidSpec(spec, 'param-vs-metric');
    const view = await runView(spec);
    expect(markItems(view, 'marks').map(point => point.tooltip)).toEqual([
      {
        Run: '#1',
        [`${AWKWARD_METRIC} (Parameter)`]: '1',
        [AWKWARD_METRIC]: '2'
      },
      {
        Run: '#2',
        [`${AWKWARD_METRIC} (Parameter)`]: '3',
        [AWKWARD_METRIC]: '4'
      }
    ]);
  });
});
