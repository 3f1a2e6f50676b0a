/**
 * Every chart with parameter and metric names that once broke them: each
 * is compiled and run headless, must draw its marks, and must show the
 * real name (in titles, axis labels and tooltips) without any name in
 * Vega expression text.
 */
import { parameterImportance } from '../model/compare/importance';
import { DEFAULT_LABELS } from './common';
import { importanceSpec } from './importanceChart';
import { parallelCoordinatesSpec } from './parallelCoordinates';
import { metricByRunSpec, paramVsMetricSpec } from './runCharts';
import { seriesSpec } from './seriesChart';
import { chartRun, HOSTILE_NAMES } from './__tests__/runs';
import {
  axisLabelsDrawn,
  expectValidSpec,
  expressionTexts,
  markItems,
  runView,
  titlesDrawn,
  visible
} from './__tests__/vegaLite';

/** How a name is shown: the empty name has a placeholder. */
const shown = (name: string) => (name === '' ? DEFAULT_LABELS.unnamed : name);

/**
 * Three runs: parameter `name` is 1, 2, 3 and the metric `name` is its
 * square, logged over two steps; parameter `category` is a hostile name
 * too (as a value); parameter `other` goes the other way.
 */
function hostileRuns(name: string) {
  return [1, 2, 3].map(number =>
    chartRun(
      number,
      {
        [name]: number,
        category: HOSTILE_NAMES[number],
        other: 10 - number
      },
      {
        [name]: [
          [0, 0],
          [1, number * number]
        ]
      }
    )
  );
}

type Tooltip = { [label: string]: string };

const tooltips = (items: { tooltip?: unknown }[]) =>
  items.map(item => item.tooltip as Tooltip);

/** The key a tooltip line got: the label, suffixed when vega-tooltip reserves it. */
const tooltipKey = (label: string) =>
  label === 'title' || label === 'image' ? `${label} (2)` : label;

describe.each(HOSTILE_NAMES.map(name => [JSON.stringify(name), name]))(
  'charts of the name %s',
  (_, name) => {
    const runs = hostileRuns(name);

    it('metric by run: draws each run and shows the name', async () => {
      const spec = metricByRunSpec(runs, name);
      expectValidSpec(spec, 'metric-by-run');
      const view = await runView(spec);
      const bars = markItems(view, 'marks');
      expect(bars.map(bar => bar.datum?.value)).toEqual([1, 4, 9]);
      expect(titlesDrawn(view).map(visible)).toEqual(['Run', shown(name)]);
      expect(tooltips(bars)[2][tooltipKey(shown(name))]).toBe('9');
      expect(bars[2].description).toBe(`Run: #3; ${shown(name)}: 9`);
    });

    it('parameter against metric: draws each run, categories labelled', async () => {
      const numeric = paramVsMetricSpec(runs, name, name);
      expectValidSpec(numeric, 'param-vs-metric');
      const view = await runView(numeric);
      const points = markItems(view, 'marks');
      expect(points.map(point => point.datum?.value)).toEqual([1, 4, 9]);
      expect(titlesDrawn(view).map(visible)).toEqual([
        shown(name),
        shown(name)
      ]);
      expect(tooltips(points)[1]).toMatchObject({
        [`${shown(name)} (Parameter)`]: '2',
        [tooltipKey(shown(name))]: '4'
      });

      const categorical = paramVsMetricSpec(runs, 'category', name);
      expectValidSpec(categorical, 'param-vs-metric');
      const categories = await runView(categorical);
      expect(markItems(categories, 'marks')).toHaveLength(3);
      const texts = HOSTILE_NAMES.slice(1, 4);
      expect(axisLabelsDrawn(categories)[0]).toEqual(
        expect.arrayContaining(texts)
      );
      expect(
        tooltips(markItems(categories, 'marks')).map(tip => tip.category)
      ).toEqual(texts);
    });

    it('parallel coordinates: draws every line and labels each axis', async () => {
      const spec = parallelCoordinatesSpec(runs, [
        { kind: 'param', name },
        { kind: 'metric', name },
        { kind: 'param', name: 'other' }
      ]);
      expectValidSpec(spec, 'parallel-coordinates');
      const view = await runView(spec);
      // Two segments per run, between three axes.
      expect(markItems(view, 'lines_marks')).toHaveLength(6);
      expect(markItems(view, 'points_marks')).toHaveLength(9);
      expect(axisLabelsDrawn(view)[0]).toEqual([
        `${shown(name)} (Parameter)`,
        `${shown(name)} (Metric)`,
        'other'
      ]);
      expect(titlesDrawn(view).map(visible)).toEqual([
        `${shown(name)} (Metric)`
      ]);
      const tip = tooltips(markItems(view, 'points_marks'))[1];
      expect(tip).toEqual({
        Run: '#1',
        Axis: `${shown(name)} (Metric)`,
        Value: '1'
      });
    });

    it('series: draws a line per run and shows the name', async () => {
      const spec = seriesSpec(runs, name, { width: 400 });
      expectValidSpec(spec, 'series');
      const view = await runView(spec);
      const lineRuns = markItems(view, 'lines_marks').map(
        point => point.datum?.run_id
      );
      expect(new Set(lineRuns)).toEqual(new Set(['run-1', 'run-2', 'run-3']));
      expect(titlesDrawn(view).map(visible)).toEqual(
        expect.arrayContaining(['Step', shown(name)])
      );
      const last = tooltips(markItems(view, 'points_marks')).pop()!;
      expect(last).toEqual({
        Run: '#3',
        Step: '1',
        [tooltipKey(shown(name))]: '9'
      });
    });

    it('importance: draws a bar per parameter, labelled with its name', async () => {
      const importances = parameterImportance(runs, name);
      const spec = importanceSpec(importances);
      expectValidSpec(spec, 'importance');
      const view = await runView(spec);
      const bars = markItems(view, 'marks');
      // `name` and `other` vary with the metric; the category too.
      expect(bars).toHaveLength(3);
      expect(axisLabelsDrawn(view).flat()).toEqual(
        expect.arrayContaining([shown(name), 'other'])
      );
      expect(tooltips(bars).map(tip => tip.Parameter)).toEqual(
        expect.arrayContaining([shown(name), 'other'])
      );
    });
  }
);

describe('names in expression text', () => {
  // A marker in every name: none may appear in any expression.
  const marked = HOSTILE_NAMES.map(name => `ⓜ${name}`);
  const runs = [1, 2, 3].map(number =>
    chartRun(
      number,
      Object.fromEntries(
        marked.map((name, index) => [name, `ⓜ${index}-${number % 2}`])
      ),
      Object.fromEntries(
        marked.map((name, index) => [
          name,
          [
            [0, index],
            [1, number * index]
          ] as [number, number][]
        ])
      )
    )
  );
  const specs = {
    'metric by run': metricByRunSpec(runs, marked[0]),
    'parameter against metric': paramVsMetricSpec(runs, marked[1], marked[2]),
    'parallel coordinates': parallelCoordinatesSpec(runs, [
      ...marked.map(name => ({ kind: 'param' as const, name })),
      ...marked.map(name => ({ kind: 'metric' as const, name }))
    ]),
    series: seriesSpec(runs, marked[3], { width: 400 }),
    importance: importanceSpec(parameterImportance(runs, marked[4]))
  };

  it.each(Object.entries(specs))('%s has none', async (_, spec) => {
    const texts = expressionTexts(spec);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.filter(text => text.includes('ⓜ'))).toEqual([]);
    // And all the names at once still draw.
    await expect(runView(spec)).resolves.toBeDefined();
  });

  it('parallel coordinates over all the names at once draws every axis', async () => {
    const view = await runView(specs['parallel coordinates']);
    const axisLabels = axisLabelsDrawn(view)[0];
    expect(axisLabels).toHaveLength(marked.length * 2);
    expect(axisLabels).toContain(`${marked[0]} (Parameter)`);
    expect(axisLabels).toContain(`${marked[7]} (Metric)`);
    expect(markItems(view, 'points_marks')).toHaveLength(3 * marked.length * 2);
  });
});
