import { expect, test } from '@jupyterlab/galata';
import {
  expectRuns,
  openNotebook,
  openRunsPanel,
  runDetails,
  runRow,
  runsPanel,
  startRunAll,
  waitForKernelIdle
} from './helpers';

const NOTEBOOK = 'persistence.ipynb';

test('star, tag and annotate a run; the changes are kept with their history and can be filtered on', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(90_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  await startRunAll(page);
  await expectRuns(page, [{ '#': '1' }]);
  await waitForKernelIdle(page);
  await startRunAll(page);
  await expectRuns(page, [{ '#': '2' }, { '#': '1' }]);

  await runRow(page, 1).click();
  const details = runDetails(page);
  await details.getByRole('button', { name: 'Star run 1' }).click();
  await expect(
    details.getByRole('button', { name: 'Unstar run 1' })
  ).toHaveAttribute('aria-pressed', 'true');
  await expect(runRow(page, 1)).toHaveAttribute('data-starred', 'true');
  await expect(runRow(page, 2)).not.toHaveAttribute('data-starred', 'true');

  const tags = details.getByRole('textbox', { name: 'Tags' });
  await tags.fill('baseline, best, baseline');
  await tags.press('Enter');
  // Saved as typed, without the duplicate.
  await expect(details.getByRole('textbox', { name: 'Tags' })).toHaveValue(
    'baseline, best'
  );
  const note = details.getByRole('textbox', { name: 'Note' });
  await note.fill('First try: alpha from the paper.');
  await note.press('Tab');

  const history = details.locator('.jp-runlog-RunAnnotations-history');
  await expect(history.locator('summary')).toHaveText('History (3)');
  await history.locator('summary').click();
  await expect(history.locator('li')).toHaveCount(3);
  await expect(history.locator('li').nth(0)).toContainText('changed the note');
  await expect(history.locator('li').nth(1)).toContainText(
    'set the tags to baseline, best'
  );
  await expect(history.locator('li').nth(2)).toContainText('starred the run');

  // Another run and back: read from the store again.
  await runRow(page, 2).click();
  await expect(
    details.getByRole('button', { name: 'Star run 2' })
  ).toHaveAttribute('aria-pressed', 'false');
  await runRow(page, 1).click();
  await expect(details.getByRole('textbox', { name: 'Note' })).toHaveValue(
    'First try: alpha from the paper.'
  );

  // The filter box knows stars and tags.
  const box = runsPanel(page).getByRole('searchbox', { name: 'Filter runs' });
  await box.fill('tag:best');
  await expectRuns(page, [{ '#': '1' }]);
  await box.fill('not is:starred');
  await expectRuns(page, [{ '#': '2' }]);
  await box.fill('');
  await box.press('Enter');

  // A new run leaves run 1's annotations as they are.
  await startRunAll(page);
  await expectRuns(page, [{ '#': '3' }, { '#': '2' }, { '#': '1' }]);
  await expect(runRow(page, 1)).toHaveAttribute('data-starred', 'true');
});
