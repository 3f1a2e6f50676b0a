/**
 * Cancelling a long export from its progress notification: the user is told
 * it was cancelled and no bundle file is left on the server. Ten thousand
 * runs make the export last well past the notification's 400 ms delay.
 * A cancelled import of those runs, in a fresh profile, stores none of them.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { Json, sampleRun } from './bundleFixtures';
import {
  freshProfile,
  importFromFileBrowser,
  openExperimentNotebook,
  openRunsPanel,
  runFromPalette,
  runsPanel
} from './helpers';

const BIG = { id: 'nb-big', name: 'big' };
const NOTEBOOK = 'big.ipynb';
/** About 25 MB of bundle: seconds of work, even on a fast machine. */
const RUN_COUNT = 10_000;

/** A run of BIG as heavy as a real one: 20 parameters, 10 metrics. */
function heavyRun(): { [key: string]: Json } {
  const params: { [key: string]: Json } = {};
  for (let p = 0; p < 20; p++) {
    const value = (p * 7) / 100;
    params[`param_${p}`] = {
      value,
      source: String(value),
      type: 'float',
      origin: 'kernel'
    };
  }
  const metrics: { [key: string]: Json } = {};
  for (let m = 0; m < 10; m++) {
    metrics[`metric_${m}`] = { value: Math.sin(m) * 100 };
  }
  return sampleRun({
    experiment: BIG,
    notebook_path: NOTEBOOK,
    params,
    metrics
  });
}

/**
 * Put `count` runs of BIG in the store in one import transaction, through
 * the extension's IRunStore service: its token comes from the extension's
 * federated module, as in benchmarks/lib/browser.mjs (installRunlogHandles).
 * The runs are built in the page from one template: cheaper than sending
 * 25 MB over.
 */
async function fillStore(
  page: IJupyterLabPageFixture,
  count: number
): Promise<number> {
  return page.evaluate(
    async ({ template, count }) => {
      type Store = {
        ready: Promise<void>;
        importRuns(runs: unknown[]): Promise<unknown>;
        countRuns(experimentId: string): Promise<number>;
      };
      const scope = window as unknown as {
        _JUPYTERLAB: Record<
          string,
          { get(name: string): Promise<() => { IRunStore: unknown }> }
        >;
      };
      const container = scope._JUPYTERLAB['jupyterlab-runlog'];
      const extension = (await container.get('./extension'))();
      const store = (await window.jupyterapp.resolveRequiredService(
        extension.IRunStore as never
      )) as Store;
      await store.ready;
      const runs = [];
      for (let index = 0; index < count; index++) {
        runs.push({ ...template, id: `big-${index + 1}`, number: index + 1 });
      }
      await store.importRuns(runs);
      return store.countRuns(template.experiment.id);
    },
    { template: heavyRun() as { experiment: { id: string } }, count }
  );
}

/**
 * Fill the store, open the notebook of those runs and export them all to a
 * file beside it, as a user does: the palette, then "Export" in the dialog.
 */
async function startBigExport(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<string> {
  expect(await fillStore(page, RUN_COUNT)).toBe(RUN_COUNT);
  await openExperimentNotebook(page, tmpPath, NOTEBOOK, BIG);
  await openRunsPanel(page);
  await expect(runsPanel(page)).toContainText(
    `${RUN_COUNT.toLocaleString('en-US')} runs`
  );
  await runFromPalette(page, 'Export Runs…');
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText(`Export ${RUN_COUNT} runs as a bundle`);
  const bundlePath = `${tmpPath}/big.runlog.json`;
  await expect(
    dialog.getByRole('textbox', { name: 'Bundle path' })
  ).toHaveValue(bundlePath);
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  return bundlePath;
}

/** Click "Cancel" in the export's progress notification. */
async function cancelExport(page: IJupyterLabPageFixture): Promise<void> {
  await exportProgress(page).getByRole('button', { name: 'Cancel' }).click();
}

/** The export's in-progress notification. */
function exportProgress(page: IJupyterLabPageFixture): Locator {
  return page.locator('.jp-Notification-Toast-in-progress', {
    hasText: `Exporting ${RUN_COUNT} runs…`
  });
}

/** What the user sees after cancelling, and no file on the server. */
async function expectCancelledWithoutFile(
  page: IJupyterLabPageFixture,
  bundlePath: string
): Promise<void> {
  await expect(page.locator('.jp-Notification-Toast-info')).toContainText(
    'Export cancelled: no file was written.'
  );
  await expect(exportProgress(page)).toHaveCount(0);
  await expect(page.locator('.jp-Notification-Toast-success')).toHaveCount(0);
  expect(await page.contents.fileExists(bundlePath)).toBe(false);
  await page.filebrowser.refresh();
  expect(await page.filebrowser.isFileListedInBrowser('big.runlog.json')).toBe(
    false
  );
}

test('cancelling a long export from its notification writes no file', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(180_000);
  const bundlePath = await startBigExport(page, tmpPath);
  // While the bundle is being built (seconds): nothing saved yet.
  await cancelExport(page);
  await expectCancelledWithoutFile(page, bundlePath);
});

test('cancelling an export while the file is being saved leaves no file', async ({
  page,
  tmpPath
}) => {
  // The bundle is saved in chunks of 8 Mi characters to a partial file
  // that replaces the target only when complete.
  test.setTimeout(180_000);
  const firstChunkSaved = page.waitForResponse(
    response =>
      response.url().includes('/api/contents/') &&
      response.url().includes('big.runlog.json') &&
      response.request().method() === 'PUT'
  );
  const bundlePath = await startBigExport(page, tmpPath);
  await firstChunkSaved;
  await cancelExport(page);
  await expectCancelledWithoutFile(page, bundlePath);
});

test('cancelling a long import from its notification imports nothing', async ({
  page,
  tmpPath,
  browser,
  baseURL
}) => {
  test.setTimeout(240_000);
  await startBigExport(page, tmpPath);
  await expect(page.locator('.jp-Notification-Toast-success')).toContainText(
    `Exported ${RUN_COUNT} runs`,
    { timeout: 120_000 }
  );
  // A colleague's browser: none of these runs yet.
  const fresh = await freshProfile(browser, baseURL!, `${tmpPath}/${NOTEBOOK}`);
  try {
    const panel = fresh.locator('#jp-runlog-panel');
    await expect(panel.getByText('No runs yet')).toBeVisible();
    await importFromFileBrowser(fresh, 'big.runlog.json');
    await fresh
      .locator('.jp-Notification-Toast-in-progress', {
        hasText: 'Importing'
      })
      .getByRole('button', { name: 'Cancel' })
      .click();
    await expect(fresh.locator('.jp-Notification-Toast-info')).toContainText(
      'Import cancelled: nothing was imported.'
    );
    await expect(fresh.locator('.jp-Dialog')).toHaveCount(0);
    await expect(panel.getByText('No runs yet')).toBeVisible();
  } finally {
    await fresh.context().close();
  }
});
