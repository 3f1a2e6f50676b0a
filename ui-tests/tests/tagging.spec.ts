import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { openNotebook, runsPanel } from './helpers';

const NOTEBOOK = 'untagged.ipynb';

// Wide enough for the notebook toolbar to show both tagging buttons beside
// the open Runs panel (narrower, they move into the toolbar's overflow menu).
test.use({ viewport: { width: 1600, height: 900 } });

/** Run a command from the command palette by typing its label. */
async function runFromPalette(
  page: IJupyterLabPageFixture,
  label: string
): Promise<void> {
  await page.keyboard.press('Control+Shift+C');
  const palette = page.locator('#modal-command-palette');
  await expect(palette).toBeVisible();
  await palette.getByRole('textbox').fill(label);
  await palette
    .getByRole('menuitemcheckbox', { name: new RegExp(`^${label}`) })
    .click();
  await expect(palette).toBeHidden();
}

/** The tags saved in the notebook file, one list per cell. */
async function savedTags(
  page: IJupyterLabPageFixture,
  filePath: string
): Promise<string[][]> {
  await page.notebook.save();
  const response = await page.request.get(
    `/api/contents/${filePath}?content=1&type=notebook`
  );
  expect(response.ok()).toBe(true);
  const model = (await response.json()) as {
    content: { cells: { metadata: { tags?: string[] } }[] };
  };
  return model.content.cells.map(cell => cell.metadata.tags ?? []);
}

/** The role marker shown on a cell: its class and its badge text. */
async function expectMarker(
  cell: Locator,
  role: 'parameters' | 'tracked' | null
): Promise<void> {
  const parameters = /\bjp-runlog-parametersCell\b/;
  const tracked = /\bjp-runlog-trackedCell\b/;
  if (role === 'parameters') {
    await expect(cell).toHaveClass(parameters);
    await expect(cell).not.toHaveClass(tracked);
  } else if (role === 'tracked') {
    await expect(cell).toHaveClass(tracked);
    await expect(cell).not.toHaveClass(parameters);
  } else {
    await expect(cell).not.toHaveClass(parameters);
    await expect(cell).not.toHaveClass(tracked);
  }
  if (role) {
    await expect(cell).toHaveAttribute('data-runlog-badge', role);
  } else {
    await expect(cell).not.toHaveAttribute('data-runlog-badge');
  }
}

/** The notebook's cells, in order. */
function notebookCells(page: IJupyterLabPageFixture): Locator[] {
  return [0, 1, 2].map(index =>
    page
      .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')
      .nth(index)
  );
}

/** The notebook toolbar's "tracked" button. */
function trackedButton(page: IJupyterLabPageFixture): Locator {
  return page
    .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar')
    .getByRole('button', { name: /^Tag the selected cells as tracked/ });
}

/**
 * Right-click a cell's editor and pick a command from the context menu. A
 * command whose tag the cell already has is shown checked.
 */
async function fromContextMenu(
  page: IJupyterLabPageFixture,
  cell: Locator,
  label: string,
  tagged = false
): Promise<void> {
  await cell.locator('.jp-InputArea-editor').click({ button: 'right' });
  const menu = page.getByRole('menu');
  const item = tagged
    ? menu.getByRole('menuitemcheckbox', { name: label, checked: true })
    : menu.getByRole('menuitem', { name: label });
  await expect(item).toBeVisible();
  await expect(item).not.toHaveAttribute('aria-disabled', 'true');
  await item.click();
}

test('tag cells from the palette, the toolbar and the context menu', async ({
  page,
  tmpPath
}) => {
  await openNotebook(page, tmpPath, NOTEBOOK);
  const cells = notebookCells(page);
  for (const cell of cells) {
    await expectMarker(cell, null);
  }
  await expect(runsPanel(page)).toBeHidden();

  // 1. The parameters cell, from the command palette.
  await page.notebook.selectCells(0);
  await runFromPalette(page, 'Toggle Parameters Cell');
  await expectMarker(cells[0], 'parameters');

  // Tagging opened the Runs panel beside the notebook, with its three steps.
  const panel = runsPanel(page);
  await expect(panel).toBeVisible();
  await expect(
    panel.getByRole('heading', { name: 'No runs yet' })
  ).toBeVisible();
  await expect(panel.locator('ol > li').getByRole('button')).toHaveText([
    'Tag a parameters cell',
    'Track a cell',
    'Run the notebook'
  ]);
  const notebookBox = await page
    .locator('.jp-NotebookPanel:not(.lm-mod-hidden)')
    .boundingBox();
  const panelBox = await panel.boundingBox();
  expect(notebookBox).not.toBeNull();
  expect(panelBox).not.toBeNull();
  expect(panelBox!.x).toBeGreaterThanOrEqual(
    notebookBox!.x + notebookBox!.width - 1
  );

  // 2. A tracked cell, from the notebook toolbar; the button shows its state.
  await page.notebook.selectCells(2);
  const trackButton = trackedButton(page);
  await expect(trackButton).toHaveAttribute('aria-pressed', 'false');
  await trackButton.click();
  await expectMarker(cells[2], 'tracked');
  await expect(trackButton).toHaveAttribute('aria-pressed', 'true');

  // 3. Another tracked cell, from its context menu.
  await fromContextMenu(page, cells[1], 'Toggle Tracked Cell');
  await expectMarker(cells[1], 'tracked');

  // Nothing else was retagged, and the tags are in the saved notebook.
  await expectMarker(cells[0], 'parameters');
  await expectMarker(cells[2], 'tracked');
  const filePath = `${tmpPath}/${NOTEBOOK}`;
  expect(await savedTags(page, filePath)).toEqual([
    ['parameters'],
    ['experiment'],
    ['experiment']
  ]);

  // Toggling again removes the tag, and only that one.
  await fromContextMenu(page, cells[2], 'Toggle Tracked Cell', true);
  await expectMarker(cells[2], null);
  await fromContextMenu(page, cells[0], 'Toggle Parameters Cell', true);
  await expectMarker(cells[0], null);
  await expectMarker(cells[1], 'tracked');
  expect(await savedTags(page, filePath)).toEqual([[], ['experiment'], []]);
});

// A right-click must not leave the commands pointed at the right-clicked cell:
// toolbar, palette and shortcuts act on the active cell.
test('after a context menu, the toolbar button acts on the active cell', async ({
  page,
  tmpPath
}) => {
  await openNotebook(page, tmpPath, NOTEBOOK);
  const cells = notebookCells(page);
  await fromContextMenu(page, cells[1], 'Toggle Tracked Cell');
  await expectMarker(cells[1], 'tracked');

  await page.notebook.selectCells(2);
  const trackButton = trackedButton(page);
  await expect(trackButton).toHaveAttribute('aria-pressed', 'false');
  await trackButton.click();
  await expectMarker(cells[2], 'tracked');
  await expectMarker(cells[1], 'tracked');

  await page.notebook.selectCells(0);
  await runFromPalette(page, 'Toggle Parameters Cell');
  await expectMarker(cells[0], 'parameters');
  await expectMarker(cells[1], 'tracked');
});
