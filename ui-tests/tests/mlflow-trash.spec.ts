/**
 * The trash with MLflow sync on, against a real `mlflow server`: a run moved
 * to the trash is deleted in MLflow, restoring it restores the MLflow run,
 * and a run deleted for good while sync was off is still deleted in MLflow
 * once sync is on again. Read back with the MLflow client.
 *
 * The runs are moved with the trash commands (`runlog:delete-runs`, …, the
 * public API the Runs panel's buttons call); on a build without them the
 * test falls back to the extension's IRunStore, which the commands call.
 */
import {
  expect,
  IJupyterLabPageFixture,
  JupyterLabPage,
  test
} from '@jupyterlab/galata';
import {
  expectRuns,
  openNotebook,
  openRunsPanel,
  runFromPalette,
  runRow,
  startRunAll,
  waitForKernelIdle
} from './helpers';
import { IMlflowServer, readMlflowRuns, startMlflow } from './mlflowServer';

const NOTEBOOK = 'capture.ipynb';
const TOGGLE_SYNC = 'Sync Runs with MLflow';

test.describe.configure({ mode: 'serial' });

let mlflow: IMlflowServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  mlflow = await startMlflow();
});

test.afterAll(async () => {
  await mlflow?.dispose();
});

// Sync is a user setting kept by the shared test server: leave it off.
test.afterEach(async ({ page }) => {
  await setSync(page, false);
});

function isSyncOn(page: IJupyterLabPageFixture): Promise<boolean> {
  return page.evaluate(() =>
    window.jupyterapp.commands.isToggled('runlog:toggle-sync')
  );
}

async function setSync(
  page: IJupyterLabPageFixture,
  on: boolean
): Promise<void> {
  if ((await isSyncOn(page)) !== on) {
    await runFromPalette(page, TOGGLE_SYNC);
  }
  await expect.poll(() => isSyncOn(page)).toBe(on);
}

type TrashMove = 'delete' | 'restore' | 'purge';

/**
 * Move runs with the trash commands (as the panel's buttons do); a purge
 * asks first, and the confirmation is accepted as a user would.
 */
async function trash(
  page: IJupyterLabPageFixture,
  move: TrashMove,
  runIds: string[]
): Promise<void> {
  const done = page.evaluate(
    ({ move, runIds }) =>
      window.jupyterapp.commands.execute(`runlog:${move}-runs`, { runIds }),
    { move, runIds }
  );
  if (move === 'purge') {
    const dialog = page.locator('.jp-Dialog');
    await dialog.getByRole('button', { name: 'Delete for Good' }).click();
    await expect(dialog).toHaveCount(0);
  }
  await done;
}

/** The lifecycle stage of the run's one MLflow run, or null while it has none. */
async function mlflowStage(runId: string): Promise<string | null> {
  const runs = await readMlflowRuns(runId);
  expect(runs.length).toBeLessThanOrEqual(1);
  return runs[0]?.lifecycle_stage ?? null;
}

test('deleting a synced run deletes it in MLflow, restoring it restores it, deleting it for good with sync off still deletes it', async ({
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
  const runId = (await runRow(page, 1).getAttribute('data-run-id'))!;
  expect(runId).toBeTruthy();
  await expect
    .poll(() => mlflowStage(runId), { timeout: 60_000 })
    .toBe('active');

  await trash(page, 'delete', [runId]);
  await expect
    .poll(() => mlflowStage(runId), { timeout: 60_000 })
    .toBe('deleted');

  await trash(page, 'restore', [runId]);
  await expect
    .poll(() => mlflowStage(runId), { timeout: 60_000 })
    .toBe('active');
  // Restored, not pushed again as a new run: still one, with its params.
  const [restored] = await readMlflowRuns(runId);
  expect(restored.params.lr).toBe('0.1');

  // Deleted for good while sync is off: nothing reaches MLflow then…
  await setSync(page, false);
  await trash(page, 'delete', [runId]);
  await trash(page, 'purge', [runId]);
  // Galata's ready check wants the Launcher in front; the notebook is.
  await (page as unknown as JupyterLabPage).reload({ waitForIsReady: false });
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  await page.waitForFunction(() =>
    window.jupyterapp.commands.hasCommand('runlog:toggle-sync')
  );
  expect(await mlflowStage(runId)).toBe('active');
  // …and the outbox delivers the delete once sync is on again.
  await setSync(page, true);
  await expect
    .poll(() => mlflowStage(runId), { timeout: 60_000 })
    .toBe('deleted');
});
