/**
 * One notebook open in two tabs of one browser (same origin, same IndexedDB):
 * first runs captured in both at once join one experiment.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import {
  expectRuns,
  openNotebook,
  openRunsPanel,
  waitForKernelIdle
} from './helpers';

const NOTEBOOK = 'persistence.ipynb';

/** Open JupyterLab at `notebookPath` in another tab of the same browser. */
async function openSecondTab(page: Page, notebookPath: string): Promise<Page> {
  const tab = await page.context().newPage();
  await tab.goto(`/lab/tree/${notebookPath}`);
  await tab.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  await expect(tab.locator('.jp-NotebookPanel')).toBeVisible({
    timeout: 30_000
  });
  return tab;
}

/** View > Runs Panel, unless it is open already (e.g. restored after a reload). */
async function showRunsPanel(tab: Page): Promise<void> {
  const panel = tab.locator('#jp-runlog-panel');
  if (!(await panel.isVisible())) {
    await tab.getByRole('menuitem', { name: 'View' }).click();
    await tab.getByRole('menuitem', { name: 'Runs Panel' }).click();
  }
  await expect(panel).toBeVisible();
}

/** Run > Run All Cells, as a user clicks it. */
async function clickRunAll(tab: Page): Promise<void> {
  await tab.locator('.lm-MenuBar-item', { hasText: /^Run$/ }).click();
  await tab
    .getByRole('menuitem', { name: 'Run All Cells', exact: true })
    .click();
}

/** The experiment id in the active notebook's metadata, as that tab holds it. */
function notebookId(tab: Page): Promise<string | null> {
  return tab.evaluate(() => {
    const widget = window.jupyterapp.shell.currentWidget as unknown as {
      content: { model: { getMetadata(key: string): unknown } };
    };
    const runlog = widget.content.model.getMetadata('runlog') as
      { notebook_id?: string } | undefined;
    return runlog?.notebook_id ?? null;
  });
}

/** The grid readers only use Playwright's locators, which any tab has. */
function asLab(tab: Page): IJupyterLabPageFixture {
  return tab as unknown as IJupyterLabPageFixture;
}

const BOTH_RUNS = [
  { '#': '2', Status: 'completed' },
  { '#': '1', Status: 'completed' }
];

test('a never-run notebook run in two tabs at once keeps one experiment', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(150_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  await waitForKernelIdle(page);

  // The same notebook in a second tab of the same browser: its own model,
  // the same kernel session and the same IndexedDB.
  const second = await openSecondTab(page, `${tmpPath}/${NOTEBOOK}`);
  await showRunsPanel(second);
  await expect(second.locator('#jp-main-statusbar')).toContainText('Idle', {
    timeout: 60_000
  });

  // Run All in both tabs at (nearly) the same time.
  await Promise.all([clickRunAll(page), clickRunAll(second)]);

  // Each tab's Runs panel lists both runs, numbered 1 and 2.
  await expectRuns(page, BOTH_RUNS, 60_000);
  await expectRuns(asLab(second), BOTH_RUNS, 60_000);
  // Both notebook models carry the one experiment's id.
  const id = await notebookId(page);
  expect(id).toBeTruthy();
  expect(await notebookId(second)).toBe(id);

  // The second tab reloaded unsaved (Leave the page) finds the runs by the
  // notebook's path: still both of them, in one experiment.
  second.once('dialog', dialog => void dialog.accept());
  await second.reload();
  await second.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  await expect(second.locator('.jp-NotebookPanel')).toBeVisible({
    timeout: 30_000
  });
  await showRunsPanel(second);
  await expectRuns(asLab(second), BOTH_RUNS);
  await second.close();
});
