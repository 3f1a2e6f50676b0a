import { CHART_DATA, chartLabels, RUN_SELECTION } from './common';
import {
  IDimension,
  IParallelRow,
  IParallelSegment,
  IParallelTick,
  PARALLEL_SEGMENTS,
  PARALLEL_TICKS,
  parallelCoordinatesSpec,
  parallelRows
} from './parallelCoordinates';
import { AWKWARD_METRIC, chartRun } from './__tests__/runs';
import {
  dataset,
  expectValidSpec,
  markItems,
  runView,
  selections,
  titlesDrawn
} from './__tests__/vegaLite';

const runs = [
  chartRun(1, { lr: 0.1, model: 'gpt', seed: 7 }, { loss: 0.5, acc: 0.8 }),
  chartRun(2, { lr: 0.3, model: 'claude', seed: 7 }, { loss: 0.25, acc: 0.9 }),
  chartRun(3, { lr: 0.2, model: 'llama', seed: 7 }, { loss: 1 }),
  chartRun(4, { other: 1 }, { other: 2 })
];

const dims: IDimension[] = [
  { kind: 'param', name: 'lr' },
  { kind: 'param', name: 'model' },
  { kind: 'param', name: 'seed' },
  { kind: 'metric', name: 'loss' },
  { kind: 'metric', name: 'acc' }
];

function cell(rows: IParallelRow[], run: number, dim: string): IParallelRow {
  return rows.find(row => row.run === run && row.dim === dim)!;
}

describe('parallelRows', () => {
  const { rows, ticks, omitted, axes } = parallelRows(runs, dims);

  it('has a row per run and axis, runs without any value omitted', () => {
    expect(rows).toHaveLength(3 * 5);
    expect(omitted).toEqual(['run-4']);
    expect(axes).toEqual([
      { label: 'lr', kind: 'param', numeric: true },
      { label: 'model', kind: 'param', numeric: false },
      { label: 'seed', kind: 'param', numeric: true },
      { label: 'loss', kind: 'metric', numeric: true },
      { label: 'acc', kind: 'metric', numeric: true }
    ]);
  });

  it.each([
    [1, 'lr', 0],
    [3, 'lr', 0.5],
    [2, 'lr', 1],
    [2, 'loss', 0],
    [1, 'loss', 1 / 3],
    [3, 'loss', 1],
    [1, 'seed', 0.5]
  ])('normalises run %i on %s to %d', (run, dim, position) => {
    expect(cell(rows, run, dim).position).toBeCloseTo(position, 12);
  });

  it('keeps the original value and its text for tooltips', () => {
    expect(cell(rows, 2, 'lr')).toMatchObject({
      value: 0.3,
      value_text: '0.3'
    });
    expect(cell(rows, 2, 'model')).toMatchObject({
      value: 'claude',
      value_text: 'claude'
    });
  });

  it('spaces categories evenly in sorted order', () => {
    expect(cell(rows, 2, 'model').position).toBe(0);
    expect(cell(rows, 1, 'model').position).toBe(0.5);
    expect(cell(rows, 3, 'model').position).toBe(1);
  });

  it('joins neighbouring axes with a segment, none to a missing value', () => {
    const { segments } = parallelRows(runs, dims);
    const ofRun = (run: number) =>
      segments
        .filter(segment => segment.run === run)
        .map(segment => `${segment.dim}→${segment.next_dim}`);
    // Segments name axes by key: d0 is lr, d1 model, … d4 acc.
    expect(ofRun(1)).toEqual(['d0→d1', 'd1→d2', 'd2→d3', 'd3→d4']);
    expect(ofRun(3)).toEqual(['d0→d1', 'd1→d2', 'd2→d3']);
    const first: IParallelSegment = segments[0];
    expect(first).toMatchObject({
      position: cell(rows, 1, 'lr').position,
      next_position: cell(rows, 1, 'model').position,
      colour: 0.8
    });
  });

  it('leaves a missing value without a position, so the line breaks', () => {
    expect(cell(rows, 3, 'acc')).toMatchObject({
      position: null,
      value: null,
      value_text: '—'
    });
  });

  it('labels each axis: min and max, a constant once, every category', () => {
    const byAxis = (dim: string) =>
      ticks
        .filter((tick: IParallelTick) => tick.dim === dim)
        .map(tick => [tick.position, tick.text]);
    expect(byAxis('d0')).toEqual([
      [0, '0.1'],
      [1, '0.3']
    ]);
    expect(byAxis('d2')).toEqual([[0.5, '7']]);
    expect(byAxis('d1')).toEqual([
      [0, 'claude'],
      [0.5, 'gpt'],
      [1, 'llama']
    ]);
  });

  it('labels at most about a dozen categories, always the last', () => {
    const many = Array.from({ length: 40 }, (_, index) =>
      chartRun(index + 1, { name: `n${index}` }, {})
    );
    const result = parallelRows(many, [{ kind: 'param', name: 'name' }]);
    const texts = result.ticks.map(tick => tick.text);
    expect(texts.length).toBeLessThanOrEqual(13);
    expect(texts[0]).toBe('n0');
    expect(texts[texts.length - 1]).toBe('n39');
  });

  it('drops repeated dimensions and tells a parameter from a metric of the same name', () => {
    const sameName = [
      chartRun(1, { loss: 'l1' }, { loss: 0.1 }),
      chartRun(2, { loss: 'l2' }, { loss: 0.2 })
    ];
    const result = parallelRows(sameName, [
      { kind: 'param', name: 'loss' },
      { kind: 'metric', name: 'loss' },
      { kind: 'param', name: 'loss' }
    ]);
    expect(result.axes.map(axis => axis.label)).toEqual([
      'loss (Parameter)',
      'loss (Metric)'
    ]);
    expect(result.rows).toHaveLength(4);
  });
});

describe('parallelCoordinatesSpec', () => {
  it('is valid: a line per run, points with tooltips, tick labels', async () => {
    const spec = parallelCoordinatesSpec(runs, dims);
    expectValidSpec(spec, 'parallel-coordinates');
    expect(spec.usermeta).toEqual({
      runlog: { kind: 'parallel-coordinates', omitted: ['run-4'] }
    });
    expect(selections(spec).map(param => param.name)).toEqual([RUN_SELECTION]);
    expect(dataset(spec, CHART_DATA)).toHaveLength(15);
    expect(dataset(spec, PARALLEL_SEGMENTS)).toHaveLength(11);
    expect(dataset(spec, PARALLEL_TICKS)).toHaveLength(2 + 3 + 1 + 2 + 2);
    const view = await runView(spec);
    // A segment between neighbouring axes: 4 for runs 1 and 2, 3 for run 3.
    const segments = markItems(view, 'lines_marks');
    expect(segments).toHaveLength(11);
    expect(new Set(segments.map(item => item.datum?.run_id))).toEqual(
      new Set(['run-1', 'run-2', 'run-3'])
    );
    // Run 3 lacks acc, the colour metric: grey, not the scale's low end.
    const strokes = (run: string) =>
      new Set(
        segments
          .filter(item => item.datum?.run_id === run)
          .map(item => (item as { stroke?: string }).stroke)
      );
    expect(strokes('run-3')).toEqual(new Set(['#9e9e9e']));
    expect(strokes('run-1')).not.toContain('#9e9e9e');
    expect(markItems(view, 'axes_marks')).toHaveLength(5);
    expect(markItems(view, 'ticks_marks')).toHaveLength(10);
    const points = markItems(view, 'points_marks');
    // The missing acc of run 3 has no point.
    expect(points).toHaveLength(14);
    expect(points[0].tooltip).toEqual({ Run: '#1', Axis: 'lr', Value: '0.1' });
  });

  it('colours lines by the last numeric metric, with its values', () => {
    const spec = parallelCoordinatesSpec(runs, dims);
    const lines = (spec as { layer: { encoding: { color?: object } }[] })
      .layer[1];
    expect(lines.encoding.color).toMatchObject({
      field: 'colour',
      legend: { title: 'acc' }
    });
    const rows = dataset<IParallelRow>(spec, CHART_DATA);
    expect(
      rows.filter(row => row.run === 2).every(row => row.colour === 0.9)
    ).toBe(true);
    expect(
      rows.filter(row => row.run === 3).every(row => row.colour === null)
    ).toBe(true);
  });

  it('has no colour without a numeric metric', async () => {
    const spec = parallelCoordinatesSpec(runs, dims.slice(0, 2));
    expectValidSpec(spec, 'parallel-coordinates');
    const lines = (spec as { layer: { encoding: { color?: object } }[] })
      .layer[1];
    expect(lines.encoding.color).toBeUndefined();
    expect(markItems(await runView(spec), 'lines_marks')).toHaveLength(3);
  });

  it('is valid with awkward names and translated labels', async () => {
    const awkward = [
      chartRun(1, { [AWKWARD_METRIC]: 'x"y' }, { [AWKWARD_METRIC]: 1 }),
      chartRun(2, { [AWKWARD_METRIC]: 'z\\' }, { [AWKWARD_METRIC]: 2 })
    ];
    const labels = chartLabels({ __: text => `${text}!` });
    const spec = parallelCoordinatesSpec(
      awkward,
      [
        { kind: 'param', name: AWKWARD_METRIC },
        { kind: 'metric', name: AWKWARD_METRIC }
      ],
      { labels }
    );
    expectValidSpec(spec, 'parallel-coordinates');
    const view = await runView(spec);
    expect(titlesDrawn(view)).toEqual([`${AWKWARD_METRIC} (Metric!)`]);
    const tooltips = markItems(view, 'points_marks').map(
      point => point.tooltip
    );
    expect(tooltips).toContainEqual({
      'Run!': '#2',
      'Axis!': `${AWKWARD_METRIC} (Parameter!)`,
      'Value!': 'z\\'
    });
  });

  it('builds 1,000 runs × 12 axes quickly (timing informational)', async () => {
    const many = Array.from({ length: 1_000 }, (_, index) =>
      chartRun(
        index + 1,
        Object.fromEntries(
          Array.from({ length: 8 }, (__, p) => [
            `p${p}`,
            (index * (p + 1)) % 97
          ])
        ),
        Object.fromEntries(
          Array.from({ length: 4 }, (__, m) => [`m${m}`, Math.sin(index + m)])
        )
      )
    );
    const dimensions: IDimension[] = [
      ...Array.from({ length: 8 }, (_, p) => ({
        kind: 'param' as const,
        name: `p${p}`
      })),
      ...Array.from({ length: 4 }, (_, m) => ({
        kind: 'metric' as const,
        name: `m${m}`
      }))
    ];
    let started = performance.now();
    const spec = parallelCoordinatesSpec(many, dimensions);
    const built = performance.now() - started;
    expect(dataset(spec, CHART_DATA)).toHaveLength(12_000);
    started = performance.now();
    const view = await runView(spec);
    const rendered = performance.now() - started;
    console.info(
      `parallelCoordinatesSpec 1,000 runs x 12 axes: build ${built.toFixed(0)} ms, ` +
        `compile + headless dataflow ${rendered.toFixed(0)} ms`
    );
    expect(markItems(view, 'lines_marks')).toHaveLength(11_000);
    expect(built).toBeLessThan(2_000);
  });
});
