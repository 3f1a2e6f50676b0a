/**
 * How the page copes with 10,000 selected runs moved to the trash at once,
 * and back with Undo: the time to an empty list and the longest main-thread
 * task (goal: none over 100 ms). A measurement, skipped unless
 * RUNLOG_PERF=1:
 *   CI=1 RUNLOG_PERF=1 RUNLOG_UI_PORT=… npx playwright test tests/trash-perf.spec.ts
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { bundleText, Json, sampleRun } from './bundleFixtures';
import {
  dialogTitled,
  openExperimentNotebook,
  openRunsPanel,
  runsGrid,
  runsPanel
} from './helpers';

const RUNS = 10_000;
const EXPERIMENT = { id: 'nb-trash-perf', name: 'trashperf' };

test.skip(process.env.RUNLOG_PERF !== '1', 'a measurement: RUNLOG_PERF=1');

/** Start collecting long tasks (over 50 ms) from now on. */
async function watchLongTasks(page: IJupyterLabPageFixture): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { runlogTasks: number[] };
    w.runlogTasks = [];
    new PerformanceObserver(list => {
      for (const entry of list.getEntries()) {
        w.runlogTasks.push(entry.duration);
      }
    }).observe({ type: 'longtask' });
  });
}

/** The long tasks seen since `watchLongTasks`, and page time now. */
function longTasks(
  page: IJupyterLabPageFixture
): Promise<{ tasks: number[]; now: number }> {
  return page.evaluate(() => ({
    tasks: (window as unknown as { runlogTasks: number[] }).runlogTasks,
    now: performance.now()
  }));
}

test('deleting and restoring 10,000 selected runs', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(300_000);
  const runs: Json[] = [];
  for (let n = 1; n <= RUNS; n++) {
    runs.push(
      sampleRun({
        id: `perf-${n}`,
        number: n,
        experiment: EXPERIMENT,
        notebook_path: 'perf.ipynb',
        cells: []
      })
    );
  }
  await page.contents.uploadContent(
    bundleText(runs),
    'text',
    `${tmpPath}/perf.runlog.json`
  );
  await openExperimentNotebook(page, tmpPath, 'perf.ipynb', EXPERIMENT);
  await openRunsPanel(page);
  await page.evaluate(path => {
    void window.jupyterapp.commands.execute('runlog:import-bundle', { path });
  }, `${tmpPath}/perf.runlog.json`);
  const report = dialogTitled(page, 'Runs imported');
  await report.waitFor({ timeout: 120_000 });
  await report.getByRole('button', { name: 'Close' }).click();
  const count = runsPanel(page).locator('.jp-runlog-RunsPanel-count');
  await expect(count).toHaveText('10,000 runs', { timeout: 60_000 });

  await runsGrid(page).locator('[role="columnheader"] input').first().click();
  await watchLongTasks(page);
  const start = await page.evaluate(() => performance.now());
  await page.keyboard.press('Delete');
  const moved = page.locator('.Toastify__toast').filter({
    hasText: `Moved ${RUNS.toLocaleString('en-US')} runs to the trash`
  });
  await expect(runsGrid(page)).toBeHidden({ timeout: 60_000 });
  const deleted = await longTasks(page);
  await expect(moved).toBeVisible();

  await watchLongTasks(page);
  const undoStart = await page.evaluate(() => performance.now());
  await moved.getByRole('button', { name: 'Undo' }).click();
  await expect(count).toHaveText('10,000 runs', { timeout: 60_000 });
  const restored = await longTasks(page);

  const figures = {
    deleteMs: Math.round(deleted.now - start),
    deleteLongestTaskMs: Math.round(Math.max(0, ...deleted.tasks)),
    deleteLongTasks: deleted.tasks.length,
    undoMs: Math.round(restored.now - undoStart),
    undoLongestTaskMs: Math.round(Math.max(0, ...restored.tasks)),
    undoLongTasks: restored.tasks.length
  };
  console.log(`trash with ${RUNS} runs: ${JSON.stringify(figures)}`);
  test.info().annotations.push({
    type: 'figures',
    description: JSON.stringify(figures)
  });
});
