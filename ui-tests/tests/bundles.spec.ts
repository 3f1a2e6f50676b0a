/**
 * Sharing runs as bundle files, the way users do it: export from the File
 * menu, import from the file browser's context menu, in another browser
 * profile (a fresh IndexedDB).
 */
import { expect, test } from '@jupyterlab/galata';
import {
  expectRuns,
  freshProfile,
  importFromFileBrowser,
  openNotebook,
  openRunsPanel,
  readRuns,
  startRunAll,
  typeCell,
  waitForKernelIdle
} from './helpers';
import { bundleText, sampleRun } from './bundleFixtures';

const NOTEBOOK = 'persistence.ipynb';
const BUNDLE = 'persistence.runlog.json';

test('export runs, import them in a fresh profile: the same runs, and nothing more the second time', async ({
  page,
  tmpPath,
  browser,
  baseURL
}) => {
  test.setTimeout(180_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  await startRunAll(page);
  await expectRuns(page, [{ '#': '1', Status: 'completed', alpha: '0.5' }]);
  await typeCell(page, 0, 'alpha = 0.25\nlabel = "second"');
  await startRunAll(page);
  await expectRuns(page, [
    { '#': '2', Status: 'completed', alpha: '0.25' },
    { '#': '1', Status: 'completed', alpha: '0.5' }
  ]);
  await waitForKernelIdle(page);
  await page.notebook.save();
  const exported = await readRuns(page);

  // Export all runs of the notebook: File > Export Runs…, beside the notebook.
  await page.menu.clickMenuItem('File>Export Runs…');
  const dialog = page.locator('.jp-Dialog');
  await expect(
    dialog.getByRole('textbox', { name: 'Bundle path' })
  ).toHaveValue(`${tmpPath}/${BUNDLE}`);
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.locator('.jp-Notification-Toast-success')).toContainText(
    'Exported 2 runs'
  );
  expect(await page.contents.fileExists(`${tmpPath}/${BUNDLE}`)).toBe(true);

  const fresh = await freshProfile(browser, baseURL!, `${tmpPath}/${NOTEBOOK}`);
  await expect(
    fresh.locator('#jp-runlog-panel').getByText('No runs yet')
  ).toBeVisible();
  await importFromFileBrowser(fresh, BUNDLE);
  const report = fresh.locator('.jp-Dialog');
  await expect(report).toContainText(
    `Imported 2 runs from ${tmpPath}/${BUNDLE}`
  );
  await report.getByRole('button', { name: 'Close' }).click();
  await expect
    .poll(() => readRuns(fresh as never), { timeout: 15_000 })
    .toEqual(exported);

  // Each imported run says where it came from.
  await fresh
    .getByRole('grid', { name: 'Runs' })
    .getByRole('row')
    .filter({ hasText: '0.25' })
    .click();
  await expect(
    fresh.getByRole('region', { name: 'Run details' })
  ).toContainText(`from ${tmpPath}/${BUNDLE}, exported by`);

  // The same bundle again: recognised, nothing added.
  await importFromFileBrowser(fresh, BUNDLE);
  await expect(report).toContainText('2 runs were already here');
  await report.getByRole('button', { name: 'Close' }).click();
  expect(await readRuns(fresh as never)).toEqual(exported);
  await fresh.context().close();
});

test('a damaged or over-limit bundle is refused with what is wrong and where; nothing is imported', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(90_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  const valid = bundleText([sampleRun({ id: 'run-a', number: 1 })]);
  const bad = valid.replace('"status":"completed"', '"status":"finished"');
  await page.contents.uploadContent(
    bad,
    'text',
    `${tmpPath}/edited.runlog.json`
  );
  await page.contents.uploadContent(
    valid.slice(0, valid.length / 2),
    'text',
    `${tmpPath}/cut.runlog.json`
  );
  // Intact, but with more tags than the store allows a run.
  const tags = Array.from({ length: 51 }, (_, i) => `tag-${i}`);
  await page.contents.uploadContent(
    bundleText([
      sampleRun({
        id: 'run-b',
        number: 1,
        annotations: { note: '', tags, starred: false }
      })
    ]),
    'text',
    `${tmpPath}/tagged.runlog.json`
  );
  await page.filebrowser.refresh();

  const dialog = page.locator('.jp-Dialog');
  await importFromFileBrowser(page, 'cut.runlog.json');
  await expect(dialog).toContainText('Cannot import');
  await expect(dialog).toContainText('Nothing was imported.');
  await expect(dialog).toContainText(
    /not valid JSON|ends too early|truncated/i
  );
  await dialog.getByRole('button', { name: 'Close' }).click();

  await importFromFileBrowser(page, 'edited.runlog.json');
  // The edit breaks the checksum; the message names it.
  await expect(dialog).toContainText(/checksum/i);
  await dialog.getByRole('button', { name: 'Close' }).click();

  await importFromFileBrowser(page, 'tagged.runlog.json');
  await expect(dialog).toContainText('Nothing was imported.');
  await expect(dialog).toContainText(
    '/runs/0/annotations/tags (run "run-b") can have at most 50 items; found 51.'
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(
    page.locator('#jp-runlog-panel').getByText('No runs yet')
  ).toBeVisible();
});

test('a bundle dropped on the Runs panel from the computer is imported', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(90_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  const text = bundleText([
    sampleRun({ id: 'dropped-1', number: 1 }),
    sampleRun({ id: 'dropped-2', number: 2, status: 'failed' })
  ]);
  // What the browser hands over when a file is dragged from the desktop.
  const dataTransfer = await page.evaluateHandle(content => {
    const transfer = new DataTransfer();
    transfer.items.add(
      new File([content], 'shared.runlog.json', { type: 'application/json' })
    );
    return transfer;
  }, text);
  const panel = page.locator('#jp-runlog-panel');
  await panel.dispatchEvent('dragenter', { dataTransfer });
  await panel.dispatchEvent('dragover', { dataTransfer });
  await expect(panel).toHaveClass(/jp-runlog-mod-dropTarget/);
  await panel.dispatchEvent('drop', { dataTransfer });
  const report = page.locator('.jp-Dialog');
  await expect(report).toContainText(
    'Imported 2 runs from shared.runlog.json into shared'
  );
  await report.getByRole('button', { name: 'Close' }).click();
  await expect(panel).not.toHaveClass(/jp-runlog-mod-dropTarget/);
});
