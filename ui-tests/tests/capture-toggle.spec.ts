import { expect, test } from '@jupyterlab/galata';
import {
  expectRuns,
  openNotebook,
  openRunsPanel,
  startRunAll,
  waitForKernelIdle
} from './helpers';

const NOTEBOOK = 'failure.ipynb';

test('turning capture off from the palette stops recording; on again records', async ({
  page,
  tmpPath
}) => {
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  await startRunAll(page);
  await expectRuns(page, [{ '#': '1', Status: 'completed' }]);
  await waitForKernelIdle(page);

  // Off, as a user does it: the command palette.
  await page.keyboard.press('Control+Shift+C');
  await page.locator('#command-palette input').fill('Capture Runs');
  await page
    .locator('#command-palette .lm-CommandPalette-item', {
      hasText: 'Capture Runs'
    })
    .first()
    .click();
  await expect
    .poll(() =>
      page.evaluate(() =>
        window.jupyterapp.commands.isToggled('runlog:toggle-capture')
      )
    )
    .toBe(false);
  await startRunAll(page);
  await waitForKernelIdle(page);
  // The cells ran (new prompts) but no run was recorded.
  await expectRuns(page, [{ '#': '1', Status: 'completed' }]);

  // On again: the next Run All is run #2.
  await page.evaluate(() =>
    window.jupyterapp.commands.execute('runlog:toggle-capture')
  );
  await startRunAll(page);
  await expectRuns(page, [
    { '#': '2', Status: 'completed' },
    { '#': '1', Status: 'completed' }
  ]);
});
