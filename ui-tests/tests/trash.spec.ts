/**
 * The trash as a user meets it: Delete in the runs table with Undo, the
 * trash view from the command palette, restore, empty with a confirmation,
 * run numbers never reused, and a delete seen by a second tab.
 */
import * as fs from 'fs';
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import {
  dialogTitled,
  expectRuns,
  openNotebook,
  openRunsPanel,
  runDetails,
  runFromPalette,
  runRow,
  runsPanel,
  startRunAll,
  waitForKernelIdle
} from './helpers';

const NOTEBOOK = 'persistence.ipynb';

/** Capture `count` runs with Run All, waiting for each row. */
async function captureRuns(
  page: IJupyterLabPageFixture,
  count: number
): Promise<void> {
  for (let n = 1; n <= count; n++) {
    await startRunAll(page);
    await expect(runRow(page, n)).toBeVisible({ timeout: 60_000 });
  }
  await waitForKernelIdle(page);
}

/** Select runs by clicking the first and Ctrl-clicking the others. */
async function selectRuns(
  page: IJupyterLabPageFixture,
  numbers: number[]
): Promise<void> {
  await runRow(page, numbers[0]).click();
  for (const number of numbers.slice(1)) {
    await runRow(page, number).click({ modifiers: ['Control'] });
  }
}

function toast(page: Page, text: string) {
  return page.locator('.Toastify__toast').filter({ hasText: text });
}

/** Export the runs shown with Export Runs… as a download; the bundle's runs. */
async function exportShownRuns(
  page: IJupyterLabPageFixture,
  count: string
): Promise<{ number: number; deleted?: { user: string | null } }[]> {
  await runFromPalette(page, 'Export Runs…');
  const dialog = dialogTitled(page, 'Export Runs');
  await expect(dialog).toContainText(`Export ${count} as a bundle file`);
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download', exact: true }).click();
  const download = await downloading;
  const bundle = JSON.parse(
    fs.readFileSync((await download.path())!, 'utf-8')
  ) as { runs: { number: number; deleted?: { user: string | null } }[] };
  return bundle.runs;
}

test('delete runs with the Delete key, undo, restore from the trash and empty it; numbers are never reused', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(150_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  await captureRuns(page, 3);
  await expectRuns(page, [{ '#': '3' }, { '#': '2' }, { '#': '1' }]);

  // Delete the two newest runs with the Delete key: gone, and a notification.
  await selectRuns(page, [3, 2]);
  await page.keyboard.press('Delete');
  await expectRuns(page, [{ '#': '1' }]);
  const moved = toast(page, 'Moved 2 runs to the trash');
  await expect(moved).toBeVisible();

  // Undo brings back exactly those runs.
  await moved.getByRole('button', { name: 'Undo' }).click();
  await expectRuns(page, [{ '#': '3' }, { '#': '2' }, { '#': '1' }]);

  // Delete again, this time from the header's button on the selection.
  await selectRuns(page, [3, 2]);
  await runsPanel(page).getByRole('button', { name: 'Move to Trash' }).click();
  await expectRuns(page, [{ '#': '1' }]);

  // The trash lists the two of them.
  await runFromPalette(page, 'Show Trash');
  const panel = runsPanel(page);
  await expect(panel.locator('.jp-runlog-RunsTrash-title')).toHaveText(
    'Trash · 2 runs'
  );
  await expectRuns(page, [{ '#': '3' }, { '#': '2' }]);

  // Delete in the trash means for good: it asks first (cancelled here).
  await runRow(page, 3).click();
  await page.keyboard.press('Delete');
  const purge = dialogTitled(page, 'Delete 1 run for good?');
  await purge.getByRole('button', { name: 'Cancel' }).click();
  await expect(purge).toBeHidden();
  await expectRuns(page, [{ '#': '3' }, { '#': '2' }]);

  // Restore run 2 from the row's context menu: it leaves the trash.
  await runRow(page, 2).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Restore', exact: true }).click();
  await expectRuns(page, [{ '#': '3' }]);
  await expect(panel.locator('.jp-runlog-RunsTrash-title')).toHaveText(
    'Trash · 1 run'
  );

  // Empty the trash: the dialog names the count.
  await runFromPalette(page, 'Empty Trash…');
  const confirm = dialogTitled(page, 'Delete 1 run for good?');
  await expect(confirm).toContainText('cannot be undone');
  await confirm.getByRole('button', { name: 'Delete for Good' }).click();
  await expect(panel.locator('.jp-runlog-RunsTrash-note')).toContainText(
    'The trash is empty'
  );
  await expect(panel.locator('.jp-runlog-RunsTrash-note')).toContainText(
    '1 run of this notebook was deleted for good.'
  );

  // Back to the runs: run 2 is there again, run 3 is gone for good.
  await panel.getByRole('button', { name: 'Back to Runs' }).click();
  await expectRuns(page, [{ '#': '2' }, { '#': '1' }]);

  // Run 2's history says who moved it to the trash and back, and when.
  await runRow(page, 2).click();
  const history = runDetails(page).locator('.jp-runlog-RunAnnotations-history');
  // From the keyboard: notifications may cover the bottom of the panel.
  await history.locator('summary').press('Enter');
  await expect(history.locator('li').nth(0)).toContainText(
    'restored the run from the trash'
  );
  await expect(history.locator('li').nth(1)).toContainText(
    'moved the run to the trash'
  );

  // A new run gets a number never used: 4, not 3.
  await startRunAll(page);
  await expectRuns(page, [{ '#': '4' }, { '#': '2' }, { '#': '1' }], 60_000);
});

test('a run deleted in one tab disappears from another', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(120_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  await captureRuns(page, 2);

  // The same notebook in a second tab of the same browser (same IndexedDB).
  const second = await page.context().newPage();
  await second.goto(`/lab/tree/${tmpPath}/${NOTEBOOK}`);
  await second.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  await expect(second.locator('.jp-NotebookPanel')).toBeVisible({
    timeout: 30_000
  });
  const secondLab = second as unknown as IJupyterLabPageFixture;
  if (!(await second.locator('#jp-runlog-panel').isVisible())) {
    await second.getByRole('menuitem', { name: 'View' }).click();
    await second.getByRole('menuitem', { name: 'Runs Panel' }).click();
  }
  await expectRuns(secondLab, [{ '#': '2' }, { '#': '1' }]);

  await page.bringToFront();
  await runRow(page, 2).click();
  await page.keyboard.press('Delete');
  await expectRuns(page, [{ '#': '1' }]);
  await expectRuns(secondLab, [{ '#': '1' }]);
  await second.close();
});

test('exports leave the trash out; exported from the trash, runs keep their deleted state', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(120_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  await captureRuns(page, 2);
  await runRow(page, 1).click();
  await page.keyboard.press('Delete');
  await expectRuns(page, [{ '#': '2' }]);

  // Nothing selected: the notebook's runs go out, without the one in the trash.
  const live = await exportShownRuns(page, '1 run');
  expect(live.map(run => run.number)).toEqual([2]);
  expect(live[0].deleted).toBeUndefined();

  // From the trash view, its runs go out marked as deleted.
  await runFromPalette(page, 'Show Trash');
  await expectRuns(page, [{ '#': '1' }]);
  const trashed = await exportShownRuns(page, '1 run');
  expect(trashed.map(run => run.number)).toEqual([1]);
  expect(trashed[0].deleted).toBeDefined();
});
