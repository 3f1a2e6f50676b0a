/**
 * A shared bundle with numbers no listing should walk to (1e21), a number
 * another run holds, and a run of 10,000 parameters: importing it must leave
 * the notebook's Runs panel usable, the runs renumbered, and the details of
 * the wide run quick to open.
 */
import { expect, test } from '@jupyterlab/galata';
import {
  importFromFileBrowser,
  openExperimentNotebook,
  openRunsPanel,
  readRunColumns,
  runDetails,
  runRow,
  runsGrid
} from './helpers';
import { bundleText, Json, sampleRun } from './bundleFixtures';

const EXPERIMENT = { id: 'nb-shared', name: 'shared' };
const BUNDLE = 'crowded.runlog.json';
const WIDE_PARAMS = 10_000;

/** 250 runs #1…#250, one of 10,000 parameters (#251), #1e21 and a second #7. */
function crowdedRuns(): Json[] {
  const runs: Json[] = Array.from({ length: 250 }, (_, i) =>
    sampleRun({ id: `run-${i + 1}`, number: i + 1 })
  );
  const params: { [name: string]: Json } = {};
  for (let p = 0; p < WIDE_PARAMS; p++) {
    params[`p_${p}`] = { value: p, source: String(p), type: 'int' };
  }
  runs.push(sampleRun({ id: 'run-wide', number: 251, params }));
  runs.push(sampleRun({ id: 'run-huge', number: 1e21 }));
  runs.push(sampleRun({ id: 'run-clash', number: 7 }));
  return runs;
}

test('a bundle with a huge and a clashing run number imports renumbered; the panel lists it and stays alive', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(240_000);
  await openExperimentNotebook(page, tmpPath, 'shared.ipynb', EXPERIMENT);
  await openRunsPanel(page);
  await page.contents.uploadContent(
    bundleText(crowdedRuns()),
    'text',
    `${tmpPath}/${BUNDLE}`
  );
  await page.filebrowser.refresh();

  await importFromFileBrowser(page, BUNDLE);
  const report = page.locator('.jp-Dialog');
  await expect(report).toContainText('Imported 253 runs', { timeout: 60_000 });
  await expect(report).toContainText(
    '2 runs were renumbered, their numbers being out of range or held by other runs: #1e+21 → #252, #7 → #253.'
  );
  await report.getByRole('button', { name: 'Close' }).click();

  // The panel lists the runs, newest number first, and the tab still answers.
  const listed = Date.now();
  await expect
    .poll(async () => (await readRunColumns(page, ['#'])).slice(0, 4), {
      timeout: 60_000
    })
    .toEqual([{ '#': '253' }, { '#': '252' }, { '#': '251' }, { '#': '250' }]);
  console.log(
    `runlog numbers: runs listed ${Date.now() - listed} ms after the report closed`
  );
  expect(await page.evaluate(() => 6 * 7)).toBe(42);
  await expect(runsGrid(page)).toHaveAttribute('aria-rowcount', '254');
  // 10,000 parameters do not make 10,000 columns.
  const headers = await runsGrid(page).getByRole('columnheader').count();
  expect(headers).toBeLessThan(300);
  // The panel says columns are left out, how many, and where they are.
  const [shown, total, hidden] = await page.evaluate(
    paramNames =>
      [100, paramNames, paramNames - 100].map(n => n.toLocaleString()),
    WIDE_PARAMS + 1 // p_0… and the other runs' lr
  );
  const note = page.getByRole('note').filter({ hasText: 'columns' });
  await expect(note).toBeVisible();
  await expect(note).toHaveText(
    `Showing ${shown} of ${total} parameter columns`
  );
  await expect(note).toHaveAttribute(
    'title',
    new RegExp(`^${hidden} parameter columns are hidden\\..*details`)
  );

  // The renumbered run says the number it came with.
  await runRow(page, 252).click();
  await expect(runDetails(page)).toContainText(
    'Imported as #1e+21, renumbered #252'
  );

  // The wide run's details open quickly, drawing a bounded number of rows.
  const opened = Date.now();
  await runRow(page, 251).click();
  const parameters = runDetails(page).getByRole('table', {
    name: 'Parameters'
  });
  await expect(parameters).toBeVisible({ timeout: 60_000 });
  console.log(
    `runlog numbers: details of a run of ${WIDE_PARAMS} parameters shown in ${Date.now() - opened} ms`
  );
  const rows = parameters.locator('tbody tr');
  await expect(rows).toHaveCount(200);
  const more = runDetails(page).getByRole('button', { name: 'Show 200 more' });
  await expect(runDetails(page)).toContainText('200 of 10000 parameters');
  // By keyboard: the import's progress toast can linger over the panel's
  // bottom right corner.
  await more.press('Enter');
  await expect(rows).toHaveCount(400);
  // Any parameter can be found by name.
  await runDetails(page)
    .getByRole('searchbox', { name: 'Filter parameters' })
    .fill('p_9999');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('9999');
});
