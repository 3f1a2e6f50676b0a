/**
 * MLflow sync as a user meets it, against a real `mlflow server` (SQLite,
 * local artifacts) that these tests start and stop themselves: a notebook's
 * runs arrive in MLflow and read back with the MLflow client; runs captured
 * while MLflow is down wait and then arrive exactly once; runs a script logged
 * with the MLflow client show up in the Runs panel and compare with local runs.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import {
  expectRuns,
  openNotebook,
  openRunsPanel,
  runDetails,
  runFromPalette,
  runRow,
  runsGrid,
  runsPanel,
  startRunAll,
  waitForKernelIdle
} from './helpers';
import {
  IMlflowServer,
  logScriptRuns,
  MLFLOW_URL,
  readMlflowRuns,
  startMlflow
} from './mlflowServer';

const NOTEBOOK = 'capture.ipynb';
const TOGGLE_SYNC = 'Sync Runs with MLflow';
/** How pulled runs name their origin: the tracking server's host and port. */
const MLFLOW_HOST = new URL(MLFLOW_URL).host;

// The tests share one MLflow server, stopped and restarted by the offline test.
test.describe.configure({ mode: 'serial' });

let mlflow: IMlflowServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  mlflow = await startMlflow();
});

test.afterAll(async () => {
  await mlflow?.stop();
});

// Sync is a user setting, kept by the shared test server: leave it off for
// the other spec files.
test.afterEach(async ({ page }) => {
  await setSync(page, false);
});

function syncStatus(page: IJupyterLabPageFixture): Locator {
  return page.locator('#jp-main-statusbar .jp-runlog-SyncStatus');
}

function isSyncOn(page: IJupyterLabPageFixture): Promise<boolean> {
  return page.evaluate(() =>
    window.jupyterapp.commands.isToggled('runlog:toggle-sync')
  );
}

/** Turn sync on or off from the command palette, as a user does. */
async function setSync(
  page: IJupyterLabPageFixture,
  on: boolean
): Promise<void> {
  if ((await isSyncOn(page)) !== on) {
    await runFromPalette(page, TOGGLE_SYNC);
  }
  await expect.poll(() => isSyncOn(page)).toBe(on);
}

async function runIdOf(
  page: IJupyterLabPageFixture,
  number: number
): Promise<string> {
  const id = await runRow(page, number).getAttribute('data-run-id');
  expect(id).toBeTruthy();
  return id!;
}

test('a run captured with sync on reads back from MLflow with its params, metric steps, status, tags, note and files', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(180_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  await setSync(page, true);
  await expect(syncStatus(page)).toBeVisible();

  await startRunAll(page);
  await expectRuns(page, [{ '#': '1', Status: 'completed' }]);
  await waitForKernelIdle(page);
  const runId = await runIdOf(page, 1);

  // A note and a star after the run closed go to MLflow too.
  await runRow(page, 1).click();
  const details = runDetails(page);
  await details.getByRole('button', { name: 'Star run 1' }).click();
  const note = details.getByRole('textbox', { name: 'Note' });
  await note.fill('Baseline: lr from the paper.');
  await note.press('Tab');

  await expect(details.locator('.jp-runlog-RunDetails-syncState')).toHaveText(
    'Synced',
    { timeout: 60_000 }
  );
  await expect(syncStatus(page)).toHaveText('MLflow: synced');
  await expect
    .poll(
      async () =>
        (await readMlflowRuns(runId))[0]?.tags['mlflow.note.content'] ?? null,
      { timeout: 60_000 }
    )
    .toBe('Baseline: lr from the paper.');

  const runs = await readMlflowRuns(runId);
  expect(runs).toHaveLength(1);
  const [run] = runs;
  expect(run.experiment_name).toBe(`${tmpPath}/${NOTEBOOK}`);
  expect(run.run_name).toBe(`#1 capture`);
  expect(run.status).toBe('FINISHED');
  expect(run.end_time).toBeGreaterThanOrEqual(run.start_time);
  expect(run.params).toEqual({
    lr: '0.1',
    model: 'small',
    epochs: '3',
    batch: '32'
  });
  // The loss logged per epoch, with its steps; the last cell's scalars at step 0.
  expect(run.metrics.loss.map(([step, value]) => [step, value])).toEqual([
    [1, 0.9],
    [2, 0.81],
    [3, 0.729]
  ]);
  expect(run.metrics.score.map(([step, value]) => [step, value])).toEqual([
    [0, 0.271]
  ]);
  expect(run.tags).toMatchObject({
    'runlog.run_id': runId,
    'runlog.starred': 'true',
    'mlflow.source.name': `${tmpPath}/${NOTEBOOK}`,
    'mlflow.runName': `#1 capture`
  });
  expect(run.artifacts).toContain('runlog/run.json');
  expect(
    run.artifacts.filter(file => file.startsWith('runlog/cells/'))
  ).toHaveLength(3);

  // "Open in MLflow" opens the run in the MLflow UI.
  const popup = page.waitForEvent('popup');
  await details.getByRole('button', { name: 'Open in MLflow' }).click();
  const opened = await popup;
  expect(opened.url()).toContain(`${MLFLOW_URL}/#/experiments/`);
  expect(opened.url()).toContain(`/runs/${run.run_id}`);
  await opened.close();
});

test('runs captured while MLflow is down wait, then arrive exactly once when it is back', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(300_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  await setSync(page, true);
  await mlflow.stop();

  for (const number of [1, 2, 3]) {
    await startRunAll(page);
    await expect(runRow(page, number)).toBeVisible({ timeout: 30_000 });
    await waitForKernelIdle(page);
  }
  await expectRuns(page, [
    { '#': '3', Status: 'completed' },
    { '#': '2', Status: 'completed' },
    { '#': '1', Status: 'completed' }
  ]);
  await expect(syncStatus(page)).toHaveText('MLflow: offline (3 waiting)', {
    timeout: 60_000
  });
  const ids = [
    await runIdOf(page, 1),
    await runIdOf(page, 2),
    await runIdOf(page, 3)
  ];
  await runRow(page, 2).click();
  await expect(
    runDetails(page).locator('.jp-runlog-RunDetails-syncState')
  ).toHaveText('Waiting to sync');
  // Nothing reached MLflow while it was down (its database, read directly).
  const database = `sqlite:///${mlflow.dir}/db.sqlite`;
  for (const id of ids) {
    expect(await readMlflowRuns(id, database)).toHaveLength(0);
  }
  mlflow = await startMlflow({ dir: mlflow.dir });

  // The status bar item retries now instead of after the back-off.
  await syncStatus(page).click();
  await expect(syncStatus(page)).toHaveText('MLflow: synced', {
    timeout: 90_000
  });
  await expect(
    runDetails(page).locator('.jp-runlog-RunDetails-syncState')
  ).toHaveText('Synced');
  // Syncing again adds nothing.
  await runFromPalette(page, 'Sync Runs with MLflow Now');
  await expect(syncStatus(page)).toHaveText('MLflow: synced');
  for (const [index, id] of ids.entries()) {
    const runs = await readMlflowRuns(id);
    expect(runs).toHaveLength(1);
    expect(runs[0].run_name).toBe(`#${index + 1} capture`);
    expect(runs[0].metrics.loss).toHaveLength(3);
  }
});

test('runs a script logged to MLflow appear in the Runs panel and compare with a local run', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(240_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  await setSync(page, true);
  await startRunAll(page);
  await expectRuns(page, [{ '#': '1', Status: 'completed' }]);
  await waitForKernelIdle(page);

  // A training script logs two runs to the notebook's MLflow experiment.
  await logScriptRuns(`${tmpPath}/${NOTEBOOK}`, 2);
  await runFromPalette(page, 'Pull Runs from MLflow');
  await expect
    .poll(
      async () =>
        await runsGrid(page).locator('[role="row"][data-run-id]').count(),
      {
        timeout: 60_000
      }
    )
    .toBe(3);

  // They say where they came from, and the origin filter knows them.
  const origin = runsPanel(page).getByRole('combobox', { name: 'Origin' });
  const options = await origin.locator('option').allTextContents();
  expect(options.some(text => text.includes(`MLflow: ${MLFLOW_HOST}`))).toBe(
    true
  );
  await runRow(page, 3).click();
  await expect(
    runDetails(page).locator('.jp-runlog-RunDetails-syncState')
  ).toHaveText(`From MLflow (${MLFLOW_HOST})`);
  // Pulled with the latest loss only; its history comes from MLflow once
  // the run is opened: the script logged it over 5 steps.
  await expect(
    runDetails(page).locator('table[aria-label="Metrics"] tr', {
      hasText: 'loss'
    })
  ).toContainText('series: 5 steps', { timeout: 30_000 });

  // Pulling again adds nothing: the panel still lists three runs.
  await runFromPalette(page, 'Pull Runs from MLflow');
  await page.waitForTimeout(2000);
  expect(
    await runsGrid(page).locator('[role="row"][data-run-id]').count()
  ).toBe(3);

  // Compared with the local run: the script's lr values beside the notebook's.
  await runsGrid(page)
    .getByRole('checkbox', { name: 'Select all runs' })
    .click();
  await runsPanel(page).getByRole('button', { name: 'Compare (3)' }).click();
  const view = page.locator('#jp-runlog-compare');
  await expect(view).toBeVisible();
  const lr = view
    .getByRole('table', { name: 'Differences' })
    .locator('tr[data-kind="param"][data-name="lr"] .jp-runlog-compare-value');
  await expect(lr).toHaveCount(3, { timeout: 60_000 });
  expect((await lr.allTextContents()).sort()).toEqual(['0.05', '0.1', '0.1']);

  // The loss over steps of all three: the pulled runs' histories were
  // fetched from MLflow (5 steps each) beside the notebook's 3 epochs.
  const series = view.locator('[data-chart="series"]');
  await expect(series).toHaveAttribute('data-state', 'ready', {
    timeout: 60_000
  });
  await expect
    .poll(
      async () => JSON.parse((await series.getAttribute('data-marks')) ?? '{}'),
      { timeout: 30_000 }
    )
    .toEqual({ lines_marks: 3, points_marks: 3 + 5 + 5 });
});
