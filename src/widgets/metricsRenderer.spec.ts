import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';

import { RUNLOG_METRICS_MIME } from '../model/record/metrics';
import {
  formatMetricValue,
  formatStep,
  metricsRendererFactory,
  sparklinePoints
} from './metricsRenderer';

function createRenderer(): IRenderMime.IRenderer {
  return metricsRendererFactory.createRenderer({
    mimeType: RUNLOG_METRICS_MIME,
    sanitizer: { sanitize: (html: string) => html },
    resolver: null,
    linkHandler: null,
    latexTypesetter: null
  });
}

/** An untrusted output holding `payload` under the runlog MIME type. */
function mimeModel(payload: unknown): IRenderMime.IMimeModel {
  return {
    trusted: false,
    data: { [RUNLOG_METRICS_MIME]: payload } as IRenderMime.IMimeModel['data'],
    metadata: {},
    setData: () => undefined
  };
}

async function render(payload: unknown): Promise<HTMLElement> {
  const renderer = createRenderer();
  await renderer.renderModel(mimeModel(payload));
  return renderer.node;
}

function rows(node: HTMLElement): string[][] {
  return Array.from(node.querySelectorAll('tbody tr')).map(row =>
    Array.from(row.children).map(cell => cell.textContent ?? '')
  );
}

describe('metricsRendererFactory', () => {
  it('declares a safe renderer for the runlog MIME type ahead of text/plain', () => {
    expect(metricsRendererFactory.safe).toBe(true);
    expect(metricsRendererFactory.mimeTypes).toEqual([RUNLOG_METRICS_MIME]);
    expect(metricsRendererFactory.defaultRank).toBeLessThan(120);
  });

  it('renders scalars and series as a table with a sparkline per series', async () => {
    const node = await render({
      version: 1,
      metrics: {
        loss: {
          value: 0.123456,
          series: [
            [0, 0.9],
            [1, 0.5],
            [2, 0.123456]
          ]
        },
        'val/acc': { value: 0.91 }
      }
    });

    expect(node.classList).toContain('jp-runlog-metrics');
    expect(
      Array.from(node.querySelectorAll('thead th')).map(th => th.textContent)
    ).toEqual(['Metric', 'Value', 'Steps']);
    expect(rows(node)).toEqual([
      ['loss', '0.1235', '3 steps, last step 2'],
      ['val/acc', '0.91', '']
    ]);
    const sparklines = node.querySelectorAll('svg.jp-runlog-metrics-sparkline');
    expect(sparklines).toHaveLength(1);
    const points = sparklines[0]
      .querySelector('polyline')!
      .getAttribute('points')!
      .split(' ')
      .map(point => point.split(',').map(Number));
    expect(points).toHaveLength(3);
    // Falling loss: the line starts high (small y) and ends low.
    expect(points[0][1]).toBeLessThan(points[2][1]);
    expect(sparklines[0].getAttribute('aria-label')).toBe('Trend of loss');
  });

  it('leaves out the steps column when nothing was logged over steps', async () => {
    const node = await render({ version: 1, metrics: { acc: { value: 2 } } });
    expect(node.querySelectorAll('thead th')).toHaveLength(2);
    expect(rows(node)).toEqual([['acc', '2']]);
  });

  it('uses the singular for a one-step series', async () => {
    const node = await render({
      version: 1,
      metrics: { loss: { value: 1, series: [[5, 1]] } }
    });
    expect(rows(node)[0][2]).toBe('1 step, last step 5');
  });

  it('shows markup in names as text, never as elements', async () => {
    const name = '<img src=x onerror="alert(1)"><b>bold</b>';
    const node = await render({
      version: 1,
      metrics: { [name]: { value: 1 } }
    });
    expect(node.querySelector('img')).toBeNull();
    expect(node.querySelector('b')).toBeNull();
    expect(rows(node)[0][0]).toBe(name);
  });

  it.each([
    ['wrong version', { version: 2, metrics: { a: { value: 1 } } }],
    ['no metrics', { version: 1, metrics: {} }],
    ['not an object', 'loss=0.3'],
    ['non-numeric values', { version: 1, metrics: { a: { value: 'x' } } }]
  ])('shows an empty note for %s', async (_, payload) => {
    const node = await render(payload);
    expect(node.querySelector('table')).toBeNull();
    expect(node.textContent).toBe('No metrics in this output.');
  });

  it('replaces its content when the display is updated', async () => {
    const renderer = createRenderer();
    const payloadOf = (value: number) => ({
      version: 1,
      metrics: { a: { value } }
    });
    await renderer.renderModel(mimeModel(payloadOf(1)));
    await renderer.renderModel(mimeModel(payloadOf(2)));
    expect(rows(renderer.node)).toEqual([['a', '2']]);
    expect(renderer.node.querySelectorAll('table')).toHaveLength(1);
  });
});

describe('formatMetricValue', () => {
  it.each([
    [0, '0'],
    [0.3, '0.3'],
    [0.123456, '0.1235'],
    [-2.71828, '-2.718'],
    [42, '42'],
    [123456, '123500'],
    [1234567, '1.235e+6'],
    [15000000, '1.5e+7'],
    [0.00001, '1e-5'],
    [0.000123456, '0.0001235'],
    [-0.00004567, '-4.567e-5']
  ])('%p -> %s', (value, text) => {
    expect(formatMetricValue(value)).toBe(text);
  });
});

describe('formatStep', () => {
  it.each([
    [0, '0'],
    [1000000, '1000000'],
    [2.5, '2.5']
  ])('%p -> %s', (step, text) => {
    expect(formatStep(step)).toBe(text);
  });
});

describe('sparklinePoints', () => {
  const parse = (points: string) =>
    points.split(' ').map(point => point.split(',').map(Number));

  it('spans the box, rising values drawn upwards', () => {
    const points = parse(
      sparklinePoints(
        [
          [0, 0],
          [5, 5],
          [10, 10]
        ],
        100,
        20
      )
    );
    expect(points.map(([x]) => x)).toEqual([0, 50, 100]);
    expect(points[0][1]).toBeGreaterThan(points[2][1]);
    for (const [, y] of points) {
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(20);
    }
  });

  it('draws a flat series across the middle', () => {
    expect(
      sparklinePoints(
        [
          [1, 3],
          [2, 3]
        ],
        10,
        8
      )
    ).toBe('0,4 10,4');
  });

  it('down-samples long series to about the width, keeping the last point', () => {
    const series: [number, number][] = Array.from({ length: 10000 }, (_, i) => [
      i,
      Math.sin(i / 100)
    ]);
    const points = parse(sparklinePoints(series, 80, 16));
    expect(points.length).toBeLessThanOrEqual(82);
    expect(points.length).toBeGreaterThan(40);
    expect(points[points.length - 1][0]).toBe(80);
  });

  it('is empty for an empty series', () => {
    expect(sparklinePoints([], 80, 16)).toBe('');
  });
});
