import { expect, test } from '@jupyterlab/galata';
import {
  expectRuns,
  openNotebook,
  openRunsPanel,
  readDetailsTable,
  runDetails,
  runRow,
  startRunAll,
  typeCell,
  waitForKernelIdle
} from './helpers';

const NOTEBOOK = 'failure.ipynb';

test('an exception fails its run; the aborted cell after it starts no run', async ({
  page,
  tmpPath
}) => {
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);

  // Run 1: no error.
  await startRunAll(page);
  await expectRuns(page, [{ '#': '1', Status: 'completed', result: '42' }]);
  await waitForKernelIdle(page);

  // Run 2: the first tracked cell raises; the second is aborted behind it.
  await typeCell(page, 0, 'fail = True\nscale = 3');
  await startRunAll(page);
  await expectRuns(page, [
    { '#': '2', Status: 'failed', fail: 'true', scale: '3', result: '—' },
    { '#': '1', Status: 'completed', fail: 'false', scale: '2', result: '42' }
  ]);
  await waitForKernelIdle(page);
  // The notebook shows the error and that the last cell did not run.
  await expect(
    page.locator(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    )
  ).toContainText('ValueError');
  // Still two runs once everything settled: the aborted cell opened none.
  await expectRuns(page, [
    { '#': '2', Status: 'failed' },
    { '#': '1', Status: 'completed' }
  ]);

  // The failed run's details: the error, and only the cells that ran.
  await runRow(page, 2).click();
  const details = runDetails(page);
  await expect(details.getByRole('heading', { name: /Run #2/ })).toContainText(
    'failed'
  );
  await expect(details).toContainText('ValueError: boom');
  expect(await readDetailsTable(page, 'Parameters')).toEqual({
    fail: 'true',
    scale: '3'
  });
  const cellHeadings = details.getByRole('heading', { level: 5 });
  await expect(cellHeadings).toHaveCount(2);
  await expect(cellHeadings.nth(0)).toContainText('Parameters cell');
  await expect(cellHeadings.nth(0)).toContainText('ok');
  await expect(cellHeadings.nth(1)).toContainText('Tracked cell');
  await expect(cellHeadings.nth(1)).toContainText('error');
  // The traceback is among the failing cell's recorded outputs.
  await expect(details.locator('.jp-RenderedText')).toContainText([
    /ValueError: boom/
  ]);

  // The earlier run is untouched.
  await runRow(page, 1).click();
  await expect(details.getByRole('heading', { name: /Run #1/ })).toContainText(
    'completed'
  );
  await expect(details).not.toContainText('ValueError: boom');
  await expect(details.getByRole('heading', { level: 5 })).toHaveText([
    /Parameters cell .* ok/,
    /Tracked cell .* ok/,
    /Tracked cell .* ok/
  ]);
  expect(await readDetailsTable(page, 'Metrics')).toEqual({ result: '42' });
});
