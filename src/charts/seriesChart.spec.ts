import { CHART_DATA, RUN_SELECTION } from './common';
import {
  DEFAULT_MAX_POINTS,
  hoverRows,
  ISeriesRow,
  SERIES_HOVER,
  pointsPerRun,
  seriesRows,
  seriesSpec
} from './seriesChart';
import { AWKWARD_METRIC, chartRun } from './__tests__/runs';
import {
  dataset,
  expectValidSpec,
  markItems,
  runView,
  selections,
  titlesDrawn
} from './__tests__/vegaLite';

function series(
  length: number,
  value: (step: number) => number
): [number, number][] {
  return Array.from({ length }, (_, step) => [step, value(step)]);
}

describe('pointsPerRun', () => {
  it.each([
    [800, 1, undefined, 800],
    [800, 50, undefined, 200],
    [800, 10, undefined, 800],
    [800, 50, Infinity, 800],
    [800, 10_000, undefined, 50],
    [30, 1, undefined, 100],
    [1200.4, 0, undefined, 1200]
  ])(
    'width %d, %i runs, budget %s: %i points each',
    (width, runCount, maxPoints, expected) => {
      expect(pointsPerRun(width, runCount, maxPoints)).toBe(expected);
    }
  );

  it('defaults to a budget of 10,000 points', () => {
    expect(DEFAULT_MAX_POINTS).toBe(10_000);
  });
});

describe('seriesRows', () => {
  it('keeps a series shorter than the width whole', () => {
    const { rows, omitted } = seriesRows(
      [chartRun(1, {}, { loss: series(50, step => 1 / (step + 1)) })],
      'loss',
      400
    );
    expect(rows).toHaveLength(50);
    expect(rows[0]).toEqual({
      run_id: 'run-1',
      run: 1,
      run_label: '#1',
      metric: 'loss',
      step: 0,
      value: 1,
      description: 'Run: #1; loss'
    });
    expect(omitted).toEqual([]);
  });

  it('down-samples each run to the width, keeping first and last step', () => {
    const runs = [1, 2, 3].map(number =>
      chartRun(
        number,
        {},
        { loss: series(5_000, step => Math.sin(step / 50) * number) }
      )
    );
    const { rows } = seriesRows(runs, 'loss', 300);
    for (const number of [1, 2, 3]) {
      const steps = rows.filter(row => row.run === number).map(row => row.step);
      expect(steps).toHaveLength(300);
      expect(steps[0]).toBe(0);
      expect(steps[steps.length - 1]).toBe(4_999);
    }
  });

  it.each([
    [0, 100],
    [40.4, 100],
    [NaN, 100],
    [250.6, 251]
  ])('takes width %d as %d points per run', (width, expected) => {
    const { rows } = seriesRows(
      [chartRun(1, {}, { loss: series(1_000, step => step % 7) })],
      'loss',
      width
    );
    expect(rows).toHaveLength(expected);
  });

  it('omits runs without a series and drops non-finite points', () => {
    const withGaps = series(10, step => (step === 3 ? NaN : step));
    const { rows, omitted } = seriesRows(
      [
        chartRun(1, {}, { loss: withGaps }),
        chartRun(2, {}, { loss: 0.3 }),
        chartRun(3, {}, { other: series(5, step => step) }),
        chartRun(4, {}, { loss: [[0, Infinity]] })
      ],
      'loss',
      300
    );
    expect(rows.map(row => row.step)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
    expect(omitted).toEqual(['run-2', 'run-3', 'run-4']);
  });
});

describe('hoverRows', () => {
  const rowsOf = (runId: string, steps: number): ISeriesRow[] =>
    Array.from({ length: steps }, (_, step) => ({
      run_id: runId,
      run: 1,
      run_label: runId,
      metric: 'loss',
      step,
      value: step,
      description: `Run: ${runId}; loss`
    }));

  it.each([
    // steps per run, runs, budget, expected per run
    [10, 2, 100, 10],
    [1_000, 1, 100, 100],
    [1_000, 4, 100, 25],
    [1_000, 500, 100, 2]
  ])(
    '%i steps × %i runs, budget %i: %i targets per run, first and last kept',
    (steps, runCount, budget, expected) => {
      const rows = Array.from({ length: runCount }, (_, index) =>
        rowsOf(`r${index}`, steps)
      ).flat();
      const picked = hoverRows(rows, budget);
      for (let index = 0; index < runCount; index++) {
        const own = picked.filter(row => row.run_id === `r${index}`);
        expect(own).toHaveLength(expected);
        expect(own[0].step).toBe(0);
        expect(own[own.length - 1].step).toBe(steps - 1);
        // Evenly spread: gaps differ by at most one step.
        const gaps = own.slice(1).map((row, at) => row.step - own[at].step);
        expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
      }
    }
  );
});

describe('seriesSpec', () => {
  const runs = [
    chartRun(2, {}, { 'train/loss': series(400, step => 1 / (step + 1)) }),
    chartRun(1, {}, { 'train/loss': series(300, step => 2 / (step + 1)) }),
    chartRun(3, {}, { 'train/loss': 0.4 })
  ];

  it('is a valid line per run with hover tooltips and a run selection', async () => {
    const spec = seriesSpec(runs, 'train/loss', { width: 200 });
    expectValidSpec(spec, 'series');
    expect(spec.usermeta).toEqual({
      runlog: { kind: 'series', omitted: ['run-3'] }
    });
    expect(
      selections(spec)
        .map(param => param.name)
        .sort()
    ).toEqual(['hover', RUN_SELECTION]);
    const rows = dataset<ISeriesRow>(spec, CHART_DATA);
    expect(rows).toHaveLength(400);
    const view = await runView(spec);
    expect(markItems(view, 'lines_marks')).toHaveLength(400);
    const lines = markItems(view, 'lines_pathgroup');
    expect(lines).toHaveLength(2);
    const points = markItems(view, 'points_marks');
    expect(points).toHaveLength(400);
    // Hover targets are invisible until hovered.
    expect(
      points.every(point => (point as { opacity?: number }).opacity === 0)
    ).toBe(true);
    expect(view.signal(RUN_SELECTION)).toEqual({});
  });

  it('colours runs in run-number order', () => {
    const spec = seriesSpec(runs, 'train/loss', { width: 200 });
    const encoding = (
      spec as { encoding: { color: { scale: { domain: string[] } } } }
    ).encoding;
    // A domain, not a sort list (Vega-Lite writes those into expressions).
    expect(encoding.color.scale.domain).toEqual(['#1', '#2']);
  });

  it('is valid with an awkward metric name', async () => {
    const spec = seriesSpec(
      [chartRun(1, {}, { [AWKWARD_METRIC]: series(20, step => step) })],
      AWKWARD_METRIC,
      { width: 300 }
    );
    expectValidSpec(spec, 'series');
    const view = await runView(spec);
    expect(titlesDrawn(view)).toEqual(
      expect.arrayContaining(['Step', AWKWARD_METRIC, 'Run'])
    );
    const [first] = markItems(view, 'points_marks');
    expect(first.tooltip).toEqual({
      Run: '#1',
      Step: '0',
      [AWKWARD_METRIC]: '0'
    });
  });

  it('bounds 50 runs × 10,000 steps to the point budget', () => {
    const many = Array.from({ length: 50 }, (_, index) =>
      chartRun(
        index + 1,
        {},
        {
          loss: series(
            10_000,
            step => Math.exp(-step / 2_000) + ((step * (index + 3)) % 17) / 100
          )
        }
      )
    );
    const spec = seriesSpec(many, 'loss', { width: 800 });
    const rows = dataset<ISeriesRow>(spec, CHART_DATA);
    expect(rows).toHaveLength(10_000);
    expect(rows.filter(row => row.run === 7)).toHaveLength(200);
    const hover = dataset<ISeriesRow>(spec, SERIES_HOVER);
    expect(hover).toHaveLength(2_000);
    const run7 = hover.filter(row => row.run === 7);
    expect(run7).toHaveLength(40);
    expect(run7[0].step).toBe(0);
    expect(run7[39].step).toBe(9_999);
    const unbounded = seriesSpec(many, 'loss', {
      width: 800,
      maxPoints: Infinity
    });
    expect(dataset(unbounded, CHART_DATA)).toHaveLength(50 * 800);
  });
});
