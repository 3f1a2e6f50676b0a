import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import {
  cellSource,
  expectRuns,
  openNotebook,
  openRunsPanel,
  runDetails,
  runRow,
  startRunAll,
  typeCell,
  waitForKernelIdle
} from './helpers';

const NOTEBOOK = 'restore.ipynb';

/** The fixture's cells as run 1 ran them (the parameters and the tracked cell). */
const RUN_1 = {
  parameters: 'lr = 0.1  # comment\nname = "a"\nlayers = [1, 2]',
  tracked: 'score = round(lr * len(layers), 3)\nprint(f"{name}: {score}")'
};

/** What the user changes before run 2: every parameter, one more, and the code. */
const RUN_2 = {
  parameters: 'lr = 0.5  # comment\nname = "b"\nlayers = [1, 2, 3]\nextra = 7',
  tracked: 'score = round(lr * len(layers) * 2, 3)\nprint(f"{name}: {score}")'
};

/** The open restore dialog. */
function restoreDialog(page: IJupyterLabPageFixture): Locator {
  return page.locator('.jp-Dialog').filter({ hasText: 'Restore Run #' });
}

/** Name → [now, restored] rows of the preview's change table. */
async function readChanges(dialog: Locator): Promise<string[][]> {
  const table = dialog.getByRole('table', { name: 'Parameter changes' });
  return table.evaluate(node =>
    [...(node as HTMLTableElement).tBodies[0].rows].map(row =>
      [...row.cells].map(cell => (cell.textContent ?? '').trim())
    )
  );
}

/** The values the kernel holds, as the fixture's untagged check cell prints them. */
async function kernelValues(
  page: IJupyterLabPageFixture
): Promise<Record<string, unknown>> {
  // In place (Ctrl+Enter): running the last cell with Shift+Enter would add a cell.
  await page.notebook.runCell(0, true);
  await page.notebook.runCell(2, true);
  await waitForKernelIdle(page);
  const output = (await page.notebook.getCellTextOutput(2)) ?? [];
  return JSON.parse(output.join('').trim());
}

test('restores run 1 into the notebook as one undoable edit', async ({
  page,
  tmpPath
}) => {
  // Two Run Alls and kernel round trips; slow machines need the margin.
  test.setTimeout(240_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);

  await startRunAll(page);
  await expectRuns(page, [{ '#': '1', Status: 'completed' }]);
  await waitForKernelIdle(page);
  await typeCell(page, 0, RUN_2.parameters);
  await typeCell(page, 1, RUN_2.tracked);
  await startRunAll(page);
  await expectRuns(page, [
    { '#': '2', Status: 'completed' },
    { '#': '1', Status: 'completed' }
  ]);
  await waitForKernelIdle(page);

  // From run 1's details.
  await runRow(page, 1).click();
  const details = runDetails(page);
  await expect(details.getByRole('heading', { name: /Run #1/ })).toBeVisible();
  await details.getByRole('button', { name: 'Restore parameters' }).click();

  const dialog = restoreDialog(page);
  await expect(dialog).toBeVisible();
  expect(await readChanges(dialog)).toEqual([
    ['lr', '0.5', '0.1'],
    ['name', '"b"', '"a"'],
    ['layers', '[1, 2, 3]', '[1, 2]']
  ]);
  await expect(dialog).toContainText('Not in run #1, left as they are: extra');
  // Code restore is offered, off by default, naming the cell it would change.
  const restoreCode = dialog.getByRole('checkbox', {
    name: 'Restore code too'
  });
  await expect(restoreCode).not.toBeChecked();
  await expect(dialog).toContainText(
    'cell 2: score = round(lr * len(layers) * 2, 3)'
  );
  await restoreCode.check();
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(dialog).toBeHidden();

  // Run 1's values, the comment kept; the line the run lacked left alone.
  expect(await page.notebook.getCellTextInput(0)).toBe(
    RUN_1.parameters + '\nextra = 7'
  );
  expect(await cellSource(page, 1)).toBe(RUN_1.tracked);

  // Executing the parameters cell gives run 1's values in the kernel.
  expect(await kernelValues(page)).toEqual({
    lr: 0.1,
    name: 'a',
    layers: [1, 2],
    types: ['float', 'str', 'list']
  });

  // One undo (Z in command mode) brings back both cells as they were.
  await page.keyboard.press('Escape');
  await page.keyboard.press('z');
  await expect.poll(() => cellSource(page, 0)).toBe(RUN_2.parameters);
  expect(await page.notebook.getCellTextInput(0)).toBe(RUN_2.parameters);
  expect(await cellSource(page, 1)).toBe(RUN_2.tracked);

  // From the runs table's context menu: run 2 matches the cell, nothing to do.
  await runRow(page, 2).click({ button: 'right' });
  await page
    .locator('.lm-Menu')
    .getByRole('menuitem', { name: 'Restore Parameters' })
    .click();
  const again = page
    .locator('.jp-Dialog')
    .filter({ hasText: 'Restore Run #2' });
  await expect(again).toContainText(
    "The parameters cell already has this run's values."
  );
  await expect(again).toContainText(
    "The tracked cells already have this run's code."
  );
  await again.getByRole('button', { name: 'Close' }).click();
  await expect(again).toBeHidden();
  expect(await cellSource(page, 0)).toBe(RUN_2.parameters);
});

test('keeps a derived parameter as written when restoring an older run', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(180_000);
  const derived = 'retries = 2 if temperature > 0.5 else 1';
  await openNotebook(page, tmpPath, 'restore-derived.ipynb');
  await openRunsPanel(page);

  // Run 1 with a low temperature, then the user raises it.
  await startRunAll(page);
  await expectRuns(page, [{ '#': '1', Status: 'completed' }]);
  await waitForKernelIdle(page);
  await typeCell(page, 0, `temperature = 0.7\n${derived}`);

  await runRow(page, 1).click();
  const details = runDetails(page);
  await details.getByRole('button', { name: 'Restore parameters' }).click();
  const dialog = restoreDialog(page);
  await expect(dialog).toBeVisible();
  // The derivation stays, and the preview says why.
  const rule = '2 if temperature > 0.5 else 1';
  expect(await readChanges(dialog)).toEqual([
    ['temperature', '0.7', '0.2'],
    ['retries', rule, `${rule} kept: follows from restored values`]
  ]);
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(dialog).toBeHidden();
  expect(await page.notebook.getCellTextInput(0)).toBe(
    `temperature = 0.2\n${derived}`
  );

  // Running the cell gives run 1's values...
  expect(await kernelValues(page)).toEqual({ temperature: 0.2, retries: 1 });
  // ...and the next change of temperature still moves retries.
  await typeCell(page, 0, `temperature = 0.9\n${derived}`);
  expect(await kernelValues(page)).toEqual({ temperature: 0.9, retries: 2 });
});
