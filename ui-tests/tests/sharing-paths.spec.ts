/**
 * The sharing paths bundles.spec.ts leaves out, done as a user does them:
 * exporting selected runs as a browser download, importing through the
 * command palette's file dialog, and dragging a bundle from JupyterLab's
 * file browser onto the Runs panel.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import { bundleText, checksumOf, Json, sampleRun } from './bundleFixtures';
import {
  dialogTitled,
  expectRuns,
  openExperimentNotebook,
  openNotebook,
  openRunsPanel,
  runFromPalette,
  runRow,
  startRunAll,
  typeCell
} from './helpers';

/** The experiment the bundles' runs belong to, and a notebook showing it. */
const SHARED = { id: 'nb-shared', name: 'shared' };
const SHARED_NOTEBOOK = 'shared.ipynb';

/** Two runs of SHARED, as a colleague's bundle holds them. */
function colleagueBundle(): string {
  return bundleText([
    sampleRun({ id: 'colleague-1', number: 1 }),
    sampleRun({ id: 'colleague-2', number: 2, status: 'failed' })
  ]);
}

/** What the Runs panel shows once the colleague's runs are in. */
const COLLEAGUE_ROWS = [
  { '#': '2', Status: 'failed', lr: '0.1' },
  { '#': '1', Status: 'completed', lr: '0.1' }
];

/** Upload the colleague's bundle into the test folder; returns its path. */
async function uploadColleagueBundle(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  name: string
): Promise<string> {
  const bundlePath = `${tmpPath}/${name}`;
  expect(
    await page.contents.uploadContent(colleagueBundle(), 'text', bundlePath)
  ).toBe(true);
  return bundlePath;
}

test('the selected run is exported as a browser download holding just that run', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(180_000);
  await openNotebook(page, tmpPath, 'persistence.ipynb');
  await openRunsPanel(page);
  await startRunAll(page);
  await expectRuns(page, [{ '#': '1', Status: 'completed', alpha: '0.5' }]);
  await typeCell(page, 0, 'alpha = 0.25\nlabel = "second"');
  await startRunAll(page);
  await expectRuns(page, [
    { '#': '2', Status: 'completed', alpha: '0.25' },
    { '#': '1', Status: 'completed', alpha: '0.5' }
  ]);

  // Tick run 1 only: the export takes the selection, not the notebook's runs.
  await runRow(page, 1).getByRole('checkbox', { name: 'Select run 1' }).check();
  const runId = await runRow(page, 1).getAttribute('data-run-id');
  expect(runId).toBeTruthy();

  await runFromPalette(page, 'Export Runs…');
  const dialog = dialogTitled(page, 'Export Runs');
  await expect(dialog).toContainText('Export 1 run as a bundle file');
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('persistence.runlog.json');
  await expect(page.locator('.jp-Notification-Toast-success')).toContainText(
    'Exported 1 run as a download'
  );

  const text = fs.readFileSync((await download.path())!, 'utf-8');
  const { checksum, ...body } = JSON.parse(text) as { [key: string]: Json };
  expect(body).toMatchObject({ format: 'runlog-bundle', version: 1 });
  const runs = body.runs as { [key: string]: Json }[];
  expect(runs.map(run => run.id)).toEqual([runId]);
  expect(runs[0]).toMatchObject({
    number: 1,
    status: 'completed',
    params: { alpha: { value: 0.5 } }
  });
  expect(checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(checksum).toBe(checksumOf(body));
  // A download writes nothing on the server.
  expect(
    await page.contents.fileExists(`${tmpPath}/persistence.runlog.json`)
  ).toBe(false);
});

test('with nothing selected, the palette import asks for the bundle in a file dialog', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(90_000);
  await openExperimentNotebook(page, tmpPath, SHARED_NOTEBOOK, SHARED);
  const panel = await openRunsPanel(page);
  await expect(panel.getByText('No runs yet')).toBeVisible();
  const bundlePath = await uploadColleagueBundle(
    page,
    tmpPath,
    'colleague.runlog.json'
  );
  // No bundle selected in the file browser (the open notebook may be): the
  // command has to ask which file.
  await page.filebrowser.refresh();
  const browser = page.locator('#filebrowser');
  await expect(
    browser.locator('.jp-DirListing-item[data-file-type="runlog-bundle"]')
  ).toHaveCount(1);
  await expect(
    browser.locator(
      '.jp-DirListing-item.jp-mod-selected[data-file-type="runlog-bundle"]'
    )
  ).toHaveCount(0);

  await runFromPalette(page, 'Import Runs from a Bundle…');
  const picker = dialogTitled(page, 'Import Runs from a Bundle');
  const listed = (name: string) =>
    picker.locator('.jp-DirListing-item', {
      has: page.locator('.jp-DirListing-itemText', { hasText: name })
    });
  // The dialog opens at the server's root: into the test folder first.
  await listed(tmpPath).dblclick();
  await listed('colleague.runlog.json').click();
  await picker.getByRole('button', { name: 'Select' }).click();

  const report = dialogTitled(page, 'Runs imported');
  await expect(report).toContainText(
    `Imported 2 runs from ${bundlePath} into ${SHARED.name}.`
  );
  await report.getByRole('button', { name: 'Close' }).click();
  await expectRuns(page, COLLEAGUE_ROWS);
});

test('a bundle dragged from the file browser onto the Runs panel is imported', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(90_000);
  await openExperimentNotebook(page, tmpPath, SHARED_NOTEBOOK, SHARED);
  const panel = await openRunsPanel(page);
  await expect(panel.getByText('No runs yet')).toBeVisible();
  const bundlePath = await uploadColleagueBundle(
    page,
    tmpPath,
    'dragged.runlog.json'
  );
  await page.filebrowser.openDirectory(tmpPath);
  await page.filebrowser.refresh();
  const item = page.locator('.jp-DirListing-item', {
    has: page.locator('.jp-DirListing-itemText', {
      hasText: 'dragged.runlog.json'
    })
  });
  await expect(item).toBeVisible();

  // A Lumino drag: press on the item, move past the drag threshold, then
  // over the panel, and release there.
  const from = (await item.boundingBox())!;
  const to = (await panel.boundingBox())!;
  await page.mouse.move(from.x + from.width / 4, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 4 + 20, from.y + 20, {
    steps: 5
  });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, {
    steps: 10
  });
  await expect(panel).toHaveClass(/jp-runlog-mod-dropTarget/);
  await page.mouse.up();

  const report = dialogTitled(page, 'Runs imported');
  await expect(report).toContainText(
    `Imported 2 runs from ${bundlePath} into ${SHARED.name}.`
  );
  await report.getByRole('button', { name: 'Close' }).click();
  await expect(panel).not.toHaveClass(/jp-runlog-mod-dropTarget/);
  await expectRuns(page, COLLEAGUE_ROWS);
});
