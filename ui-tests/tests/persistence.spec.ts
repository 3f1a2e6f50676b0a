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
  readDetailsTable,
  runDetails,
  runRow,
  runsPanel,
  startRunAll,
  waitForKernelIdle
} from './helpers';

const NOTEBOOK = 'persistence.ipynb';
const RENAMED = 'renamed.ipynb';

const RUN_1 = {
  '#': '1',
  Status: 'completed',
  alpha: '0.5',
  label: 'first',
  fit: '2'
};

/**
 * Reload the page the way a user comes back to JupyterLab: the workspace
 * restores the open notebook.
 */
async function reloadJupyterLab(page: IJupyterLabPageFixture): Promise<void> {
  // Reload at /lab, not at the /lab/tree/PATH address JupyterLab shows for the
  // open notebook: from such an address it opens PATH once more about a
  // second after it is ready, and under load that came after the rename below
  // and put up a "Could not find path" dialog over the Run menu.
  await page.evaluate(() =>
    window.history.replaceState(
      null,
      '',
      window.location.pathname.replace(/\/tree\/.*$/, '')
    )
  );
  // Galata's ready check wants the Launcher in front; the restored notebook is.
  // The fixture's type shows Playwright's reload; galata's takes this option.
  await (page as unknown as JupyterLabPage).reload({ waitForIsReady: false });
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
}

test('runs survive a page reload and a rename of the notebook', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(90_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  await startRunAll(page);
  await expectRuns(page, [RUN_1]);
  await waitForKernelIdle(page);
  // The first capture wrote the notebook's id into its metadata: save it.
  await page.notebook.save();

  await reloadJupyterLab(page);
  // JupyterLab restores the open notebook; open it again if it did not.
  if (!(await page.notebook.isOpen(NOTEBOOK))) {
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
  }
  await page.notebook.activate(NOTEBOOK);
  const panel = await openRunsPanel(page);
  await expectRuns(page, [RUN_1]);
  await runRow(page, 1).click();
  expect(await readDetailsTable(page, 'Parameters')).toEqual({
    alpha: '0.5',
    label: 'first'
  });
  expect(await readDetailsTable(page, 'Metrics')).toEqual({ fit: '2' });
  await expect(runDetails(page).locator('pre.jp-runlog-code')).toHaveText([
    'alpha = 0.5\nlabel = "first"',
    '{"fit": alpha * 4}'
  ]);

  // Rename the open notebook: the panel follows it and keeps its runs.
  expect(
    await page.contents.renameFile(
      `${tmpPath}/${NOTEBOOK}`,
      `${tmpPath}/${RENAMED}`
    )
  ).toBe(true);
  const experiment = panel.locator('.jp-runlog-RunsPanel-experiment');
  await expect(experiment).toHaveText('renamed');
  await expect(experiment).toHaveAttribute('title', `${tmpPath}/${RENAMED}`);
  await expectRuns(page, [RUN_1]);

  // Closed and opened again under its new name, it still shows its runs,
  // and the next run is numbered on from them.
  await page.notebook.close(false);
  await expect(
    panel.getByRole('heading', { name: /Open a notebook/ })
  ).toBeVisible();
  // Opened with JupyterLab's open command (as File > Open from Path does):
  // galata's file-browser walk timed out under load after the rename.
  await page.evaluate(async path => {
    await window.jupyterapp.commands.execute('docmanager:open', {
      path,
      factory: 'Notebook'
    });
  }, `${tmpPath}/${RENAMED}`);
  await page.notebook.activate(RENAMED);
  await expect(runsPanel(page)).toBeVisible();
  await expectRuns(page, [RUN_1]);
  await startRunAll(page);
  await expectRuns(page, [{ ...RUN_1, '#': '2' }, RUN_1]);
});

test('runs of a notebook reloaded unsaved after its first run are found again', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(90_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  await startRunAll(page);
  await expectRuns(page, [RUN_1]);
  await waitForKernelIdle(page);

  // Not saved: the experiment id written at first capture is lost with the
  // page. The runs must still be found by the notebook's path.
  page.once('dialog', dialog => void dialog.accept());
  await reloadJupyterLab(page);
  if (!(await page.notebook.isOpen(NOTEBOOK))) {
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
  }
  await page.notebook.activate(NOTEBOOK);
  await openRunsPanel(page);
  await expectRuns(page, [RUN_1]);

  // The next run joins the same experiment and is numbered on from it.
  await startRunAll(page);
  await expectRuns(page, [{ ...RUN_1, '#': '2' }, RUN_1]);
});

test('a duplicated notebook starts its own runs and leaves the original its runs', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(120_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  const panel = await openRunsPanel(page);
  await startRunAll(page);
  await expectRuns(page, [RUN_1]);
  await waitForKernelIdle(page);
  await page.notebook.save();

  // File browser > right-click > Duplicate, then open the copy.
  await page
    .locator('.jp-DirListing-item', { hasText: NOTEBOOK })
    .click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Duplicate' }).click();
  const copy = 'persistence-Copy1.ipynb';
  await expect(
    page.locator('.jp-DirListing-item', { hasText: copy })
  ).toBeVisible();
  await page.notebook.openByPath(`${tmpPath}/${copy}`);
  await page.notebook.activate(copy);

  // The copy carries the original's id, yet shows none of its runs...
  await expect(panel.locator('.jp-runlog-RunsPanel-experiment')).toHaveText(
    'persistence-Copy1'
  );
  await expect(panel.getByText('No runs yet')).toBeVisible();
  // ...and its first run is its own run 1.
  await startRunAll(page);
  await expectRuns(page, [RUN_1]);

  // The original still has just its own run, and numbers on from it.
  await page.notebook.activate(NOTEBOOK);
  await expect(panel.locator('.jp-runlog-RunsPanel-experiment')).toHaveText(
    'persistence'
  );
  await expectRuns(page, [RUN_1]);
  await startRunAll(page);
  await expectRuns(page, [{ ...RUN_1, '#': '2' }, RUN_1]);
});
