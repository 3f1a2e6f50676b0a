import { expect, test } from '@jupyterlab/galata';
import {
  expectRuns,
  openNotebook,
  openRunsPanel,
  runDetails,
  runsGrid,
  runsPanel,
  startRunAll,
  typeCell
} from './helpers';

const NOTEBOOK = 'capture.ipynb';

/**
 * Three passes that change only `lr`. The fixture logs `loss` per epoch
 * (loss = (1 - lr) ** epochs) and ends with `{"score", "examples"}`.
 */
const SOURCES = [
  'lr = 0.1\nmodel = "small"\nepochs = 3\nbatch = 16 * 2',
  'lr = 0.2\nmodel = "small"\nepochs = 3\nbatch = 16 * 2',
  'lr = 0.05\nmodel = "small"\nepochs = 3\nbatch = 16 * 2'
];

const CHARTS = [
  'metric-by-run',
  'param-vs-metric',
  'parallel-coordinates',
  'series',
  'importance'
];

test('Compare three selected runs: diff table, charts and outputs', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(180_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);

  for (const [index, source] of SOURCES.entries()) {
    if (index > 0) {
      await typeCell(page, 0, source);
    }
    await startRunAll(page);
    await expectRuns(
      page,
      SOURCES.slice(0, index + 1)
        .map((_, i) => ({ '#': String(i + 1), Status: 'completed' }))
        .reverse()
    );
  }

  const compare = runsPanel(page).getByRole('button', { name: /^Compare/ });
  await expect(compare).toBeDisabled();
  await runsGrid(page)
    .getByRole('checkbox', { name: 'Select all runs' })
    .click();
  for (const number of [1, 2, 3]) {
    await expect(
      runsGrid(page).getByRole('checkbox', { name: `Select run ${number}` })
    ).toBeChecked();
  }
  await expect(compare).toHaveText('Compare (3)');
  await expect(compare).toBeEnabled();
  await compare.click();

  const view = page.locator('#jp-runlog-compare');
  await expect(view).toBeVisible();
  await expect(view).toHaveAttribute('data-render-ms', /\d+/, {
    timeout: 60_000
  });
  // Beside the notebook, not over it.
  await expect(page.locator('.jp-NotebookPanel').first()).toBeVisible();

  // Diff table: three run columns, #1 (the oldest) the baseline.
  const table = view.getByRole('table', { name: 'Differences' });
  await expect(table.locator('th.jp-runlog-compare-runHeader')).toHaveText([
    '#1',
    '#2',
    '#3'
  ]);
  await expect(
    table.getByRole('button', { name: 'Run 1 is the baseline' })
  ).toHaveAttribute('aria-pressed', 'true');
  // Only lr changed: it is listed and highlighted; equal parameters are hidden.
  const lr = table.locator('tr[data-kind="param"][data-name="lr"]');
  await expect(lr).toHaveClass(/jp-runlog-compare-differs/);
  await expect(lr.locator('.jp-runlog-compare-value')).toHaveText([
    '0.1',
    '0.2',
    '0.05'
  ]);
  await expect(table.locator('tr[data-name="model"]')).toHaveCount(0);
  // loss: lower is better; lr 0.2 lowers it, lr 0.05 raises it.
  const loss = table.locator('tr[data-kind="metric"][data-name="loss"] td');
  await expect(loss.nth(1)).toHaveClass(/jp-runlog-compare-better/);
  await expect(loss.nth(2)).toHaveClass(/jp-runlog-compare-worse/);
  // Flipping the direction swaps better and worse.
  await table
    .locator('tr[data-name="loss"] .jp-runlog-compare-direction')
    .click();
  await expect(loss.nth(1)).toHaveClass(/jp-runlog-compare-worse/);
  // Showing every row brings back the equal parameters.
  await view.getByRole('checkbox', { name: 'Differences only' }).uncheck();
  await expect(table.locator('tr[data-name="model"]')).toHaveCount(1);

  // Each chart is drawn (SVG: few marks) with the marks its data calls for.
  for (const kind of CHARTS) {
    const chart = view.locator(`[data-chart="${kind}"]`);
    await expect(chart.locator('svg.marks')).toBeVisible({ timeout: 30_000 });
    await expect(chart).toHaveAttribute('data-state', 'ready');
  }
  const marks = async (kind: string) =>
    JSON.parse(
      (await view
        .locator(`[data-chart="${kind}"]`)
        .getAttribute('data-marks')) ?? '{}'
    );
  // A bar, a point per run.
  expect(await marks('metric-by-run')).toEqual({ marks: 3 });
  expect(await marks('param-vs-metric')).toEqual({ marks: 3 });
  // A line per run; a hover target per logged step (3 epochs each).
  expect(await marks('series')).toEqual({ lines_marks: 3, points_marks: 9 });
  // Parallel coordinates: by default the axes whose values differ; a point
  // per run and axis, a segment per run between neighbouring axes.
  const axes = view.locator('.jp-runlog-compare-axisPicker summary');
  const [, shown] = /Axes \((\d+) of \d+\)/.exec(
    (await axes.textContent()) ?? ''
  )!;
  const axisCount = Number(shown);
  expect(axisCount).toBeGreaterThanOrEqual(2);
  expect(await marks('parallel-coordinates')).toMatchObject({
    lines_marks: 3 * (axisCount - 1),
    points_marks: 3 * axisCount,
    axes_marks: axisCount
  });
  // Only lr varies with the metric: one importance bar.
  expect(await marks('importance')).toMatchObject({ marks: 1 });

  // Metric by run, sorted by value: descending is ascending reversed (the
  // x axis announces its values in drawing order); points instead of bars.
  const byRun = view.locator('[data-chart="metric-by-run"]');
  const runOrder = async () => {
    const label =
      (await byRun
        .locator('[aria-label^="X-axis"]')
        .first()
        .getAttribute('aria-label')) ?? '';
    return label.replace(/^.*values: /, '').split(', ');
  };
  const order = byRun.getByRole('combobox', { name: 'Order' });
  await order.selectOption('ascending');
  await expect(byRun).toHaveAttribute('data-state', 'ready');
  const ascending = await runOrder();
  expect([...ascending].sort()).toEqual(['#1', '#2', '#3']);
  await order.selectOption('descending');
  await expect.poll(runOrder).toEqual([...ascending].reverse());
  await byRun.getByRole('combobox', { name: 'Mark' }).selectOption('point');
  await expect(
    byRun.locator('[role="graphics-symbol"][aria-roledescription="point"]')
  ).toHaveCount(3);
  expect(await marks('metric-by-run')).toEqual({ marks: 3 });
  await byRun.getByRole('combobox', { name: 'Mark' }).selectOption('bar');
  await expect(
    byRun.locator('[role="graphics-symbol"][aria-roledescription="bar"]')
  ).toHaveCount(3);

  // The user picks the axes: unticking one redraws with one axis fewer.
  await axes.click();
  await view
    .locator('.jp-runlog-compare-axisList input:checked')
    .first()
    .uncheck();
  await expect(axes).toHaveText(
    `Axes (${axisCount - 1} of ${/of (\d+)/.exec((await axes.textContent())!)![1]})`
  );
  await expect
    .poll(async () => (await marks('parallel-coordinates')).axes_marks)
    .toBe(axisCount - 1);
  await axes.click();

  // Clicking run 2's bar opens run 2 in the Runs panel and highlights it.
  await view
    .locator(
      '[data-chart="metric-by-run"] [role="graphics-symbol"][aria-label^="Run: #2;"]'
    )
    .click();
  await expect(
    runDetails(page).getByRole('heading', { name: /Run #2/ })
  ).toBeVisible();
  await expect(
    runsGrid(page).locator('.jp-mod-active').getByRole('checkbox')
  ).toHaveAccessibleName('Select run 2');

  await expect(view.locator('[data-chart="importance"]')).toContainText(
    'unreliable'
  );

  // For a look at the view: RUNLOG_COMPARE_SCREENSHOTS=<folder>.
  const shots = process.env.RUNLOG_COMPARE_SCREENSHOTS;
  if (shots) {
    await page.screenshot({ path: `${shots}/compare-top.png` });
  }

  // Outputs side by side, with a diff of text against the baseline.
  const rows = view.locator('.jp-runlog-compare-outputRow');
  await expect(rows).toHaveCount(2);
  await expect(
    rows.first().locator('.jp-runlog-compare-outputColumn')
  ).toHaveCount(3);
  const toggle = rows.first().getByRole('button', { name: 'Show diff' });
  await toggle.click();
  await expect(
    rows.first().locator('.jp-runlog-compare-textDiff').first()
  ).toBeVisible();
  if (shots) {
    await rows.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/compare-outputs.png` });
  }

  // The charts follow JupyterLab's theme: dark (and dark high contrast).
  await expect(view.locator('[data-chart="series"]')).toHaveAttribute(
    'data-theme',
    'light'
  );
  await page.theme.setDarkTheme();
  for (const kind of CHARTS) {
    await expect(view.locator(`[data-chart="${kind}"]`)).toHaveAttribute(
      'data-theme',
      'dark'
    );
  }
  if (shots) {
    await view
      .locator('[data-chart="parallel-coordinates"]')
      .scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/compare-dark.png` });
  }
  await page.theme.setLightTheme();

  // Unselecting a run updates the comparison live.
  await runsGrid(page).getByRole('checkbox', { name: 'Select run 3' }).click();
  await expect(table.locator('th.jp-runlog-compare-runHeader')).toHaveCount(2);

  const renderMs = await view.getAttribute('data-render-ms');
  console.log(`compare view render for 3 runs: ${renderMs} ms`);
});
