import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import {
  importFromFileBrowser,
  openExperimentNotebook,
  openRunsPanel,
  runsGrid,
  runsPanel
} from './helpers';
import { bundleText, Json, sampleRun } from './bundleFixtures';

const EXPERIMENT = { id: 'nb-hostile-names', name: 'names' };
const NOTEBOOK = 'names.ipynb';

/**
 * Parameter and metric names that once broke the charts: Object.prototype
 * members and `then` ("Illegal property"), line breaks ("Expression parse
 * error"), quoting and markup (parallel coordinates stuck with no message),
 * and the empty name (taken for "no metrics").
 */
const NAMES = [
  'toString',
  'valueOf',
  'hasOwnProperty',
  'then',
  '__defineGetter__',
  '__proto__',
  'constructor',
  'line\nbreak',
  'line\u2028separator',
  '',
  '"+x+"',
  "datum['x']",
  '<b>bold</b>',
  'a.b[0]',
  'back\\slash'
];

/** Bundles refuse these keys; a capture can still record them (`__proto__ = 1`). */
const CAPTURE_ONLY = new Set(['__proto__', 'constructor']);

/**
 * An object with these own keys, `__proto__` included (an object literal
 * would set the prototype instead): what JSON.parse makes of a bundle.
 */
function withKeys(entries: [string, Json][]): { [key: string]: Json } {
  const object: { [key: string]: Json } = {};
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true
    });
  }
  return object;
}

/**
 * Run `number` with each of `names` as a parameter (number × position) and
 * as a metric logged over two steps.
 */
function hostileRun(number: number, names: readonly string[]): Json {
  return sampleRun({
    id: `hostile-${number}`,
    number,
    experiment: EXPERIMENT,
    notebook_path: NOTEBOOK,
    params: withKeys(
      names.map(name => {
        const index = NAMES.indexOf(name);
        const value = number * (index + 1);
        return [
          name,
          { value, source: String(value), type: 'int', origin: 'kernel' }
        ];
      })
    ),
    metrics: withKeys(
      names.map(name => {
        const index = NAMES.indexOf(name);
        const value = number * number + index;
        return [
          name,
          {
            value,
            series: [
              [0, index],
              [1, value]
            ]
          }
        ];
      })
    )
  });
}

/**
 * Store runs through the extension's IRunStore, as the capture does. The
 * records travel as JSON text so that `__proto__` stays an own key.
 */
async function storeRuns(page: IJupyterLabPageFixture, runs: Json[]) {
  await page.evaluate(async text => {
    type Store = {
      ready: Promise<void>;
      put(run: unknown): Promise<unknown>;
      flush(): Promise<void>;
    };
    type Federated = Record<
      string,
      { get(name: string): Promise<() => { IRunStore: unknown }> }
    >;
    const app = window.jupyterapp;
    const federated = (window as unknown as { _JUPYTERLAB: Federated })
      ._JUPYTERLAB;
    const module = (await federated['jupyterlab-runlog'].get('./extension'))();
    const store = (await app.resolveRequiredService(
      module.IRunStore as Parameters<typeof app.resolveRequiredService>[0]
    )) as Store;
    await store.ready;
    for (const run of JSON.parse(text) as unknown[]) {
      await store.put(run);
    }
    await store.flush();
  }, JSON.stringify(runs));
}

const CHARTS = [
  'metric-by-run',
  'param-vs-metric',
  'parallel-coordinates',
  'series',
  'importance'
];

test('runs with hostile parameter and metric names: every chart draws and shows the names', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(300_000);
  await openExperimentNotebook(page, tmpPath, NOTEBOOK, EXPERIMENT);
  await openRunsPanel(page);
  // Runs 1-3 come in a bundle, 4-6 as a capture stores them.
  const bundled = NAMES.filter(name => !CAPTURE_ONLY.has(name));
  await page.contents.uploadContent(
    bundleText([1, 2, 3].map(number => hostileRun(number, bundled))),
    'text',
    `${tmpPath}/names.runlog.json`
  );
  await page.filebrowser.refresh();
  await importFromFileBrowser(page, 'names.runlog.json');
  const report = page.locator('.jp-Dialog');
  await expect(report).toContainText('Imported 3 runs');
  await report.getByRole('button', { name: 'Close' }).click();
  await storeRuns(
    page,
    [4, 5, 6].map(number => hostileRun(number, NAMES))
  );

  await runsGrid(page)
    .getByRole('checkbox', { name: 'Select all runs' })
    .click();
  const compare = runsPanel(page).getByRole('button', { name: /^Compare/ });
  await expect(compare).toHaveText('Compare (6)');
  await compare.click();
  const view = page.locator('#jp-runlog-compare');
  await expect(view).toHaveAttribute('data-render-ms', /\d+/, {
    timeout: 60_000
  });

  const chart = (kind: string) => view.locator(`[data-chart="${kind}"]`);
  const expectDrawn = async (kind: string) => {
    await expect(chart(kind)).toHaveAttribute('data-state', 'ready', {
      timeout: 30_000
    });
    await expect(chart(kind).locator('svg.marks')).toBeVisible();
    await expect(chart(kind)).not.toContainText('cannot be drawn');
    await expect(chart(kind)).not.toContainText('no metrics');
  };
  for (const kind of CHARTS) {
    await expectDrawn(kind);
  }

  // Each name in turn, as the metric (and parameter) charted: the chart
  // draws and its axis title is the name. Titles are SVG text: a line
  // break shows as a space, the empty name as its placeholder.
  const shown = (name: string) =>
    name === '' ? '(empty name)' : name.replace(/[\n\u2028]/g, ' ');
  const svgText = (kind: string) =>
    chart(kind)
      .locator('svg.marks')
      .evaluate(svg =>
        (svg.textContent ?? '').replace(/\u2060/g, '').replace(/\s+/g, ' ')
      );
  for (const name of NAMES) {
    const label = shown(name);
    const pick = async (kind: string, combobox: string) => {
      const select = chart(kind).getByRole('combobox', { name: combobox });
      const index = await select
        .locator('option')
        .evaluateAll(
          (options, wanted) =>
            options.findIndex(
              option =>
                (option.textContent ?? '').replace(/\s+/g, ' ') === wanted
            ),
          label
        );
      expect(index).toBeGreaterThanOrEqual(0);
      await select.selectOption({ index });
    };
    await pick('metric-by-run', 'Metric');
    await pick('param-vs-metric', 'Parameter (x)');
    await pick('series', 'Metric');
    await pick('importance', 'Metric');
    for (const kind of CHARTS) {
      await expectDrawn(kind);
    }
    await expect.poll(() => svgText('metric-by-run')).toContain(label);
    await expect.poll(() => svgText('param-vs-metric')).toContain(label);
    await expect.poll(() => svgText('series')).toContain(label);
  }

  // Parallel coordinates over every name at once: an axis per name,
  // labelled with it (labels may be cut short; the start shows).
  const axes = chart('parallel-coordinates').locator(
    '.jp-runlog-compare-axisPicker'
  );
  await axes.locator('summary').click();
  const unticked = axes.locator('input:not(:checked)');
  while ((await unticked.count()) > 0) {
    await unticked.first().check();
  }
  await expect(axes.locator('summary')).toHaveText(
    `Axes (${NAMES.length * 2} of ${NAMES.length * 2})`
  );
  await expectDrawn('parallel-coordinates');
  const text = await svgText('parallel-coordinates');
  for (const name of ['toString', '__proto__', '<b>bold</b>', 'datum[']) {
    expect(text).toContain(name);
  }
  // Importance labels its bars with the parameter names.
  const importance = await svgText('importance');
  for (const name of ['toString', 'then', '"+x+"']) {
    expect(importance).toContain(name);
  }
});
