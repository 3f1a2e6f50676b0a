/**
 * What the runlog ui-tests share: opening fixture notebooks, running them the
 * way a user does (the Run menu) and reading the Runs panel as a user sees it.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Browser, Locator, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

/** Upload a notebook (a fixture by default) into the test folder and open it. */
export async function openNotebook(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  name: string,
  source = path.resolve(__dirname, '../notebooks', name)
): Promise<void> {
  await page.contents.uploadFile(source, `${tmpPath}/${name}`);
  await page.notebook.openByPath(`${tmpPath}/${name}`);
  await page.notebook.activate(name);
}

/** Wait until the kernel is idle, as the status bar shows it. */
export async function waitForKernelIdle(
  page: IJupyterLabPageFixture
): Promise<void> {
  await expect(page.locator('#jp-main-statusbar')).toContainText('Idle', {
    timeout: 60_000
  });
}

/**
 * Run > Run All Cells, without waiting for the cells: callers wait for what
 * the user waits for (a row in the panel, a status).
 */
export async function startRunAll(page: IJupyterLabPageFixture): Promise<void> {
  await waitForKernelIdle(page);
  await page.menu.clickMenuItem('Run>Run All Cells');
}

/** Replace a code cell's source by typing in its editor. */
export async function typeCell(
  page: IJupyterLabPageFixture,
  index: number,
  source: string
): Promise<void> {
  await page.notebook.setCell(index, 'code', source);
  // The editor may auto-close brackets or quotes: check what is really there.
  expect(await page.notebook.getCellTextInput(index)).toBe(source);
}

/** The Runs side panel. */
export function runsPanel(page: IJupyterLabPageFixture): Locator {
  return page.locator('#jp-runlog-panel');
}

/** The runs grid. */
export function runsGrid(page: IJupyterLabPageFixture): Locator {
  return page.getByRole('grid', { name: 'Runs' });
}

/** The details region of the selected run. */
export function runDetails(page: IJupyterLabPageFixture): Locator {
  return page.getByRole('region', { name: 'Run details' });
}

/** Open the Runs panel from the View menu. */
export async function openRunsPanel(
  page: IJupyterLabPageFixture
): Promise<Locator> {
  const panel = runsPanel(page);
  if (!(await panel.isVisible())) {
    await page.menu.clickMenuItem('View>Runs Panel');
  }
  await expect(panel).toBeVisible();
  return panel;
}

/** One row of the runs grid: header label → cell text. */
export type RunRow = Record<string, string>;

/**
 * The runs grid as text, rows in display order (by `aria-rowindex`, since the
 * virtualised rows are positioned, not ordered, in the DOM).
 */
export async function readRuns(
  page: IJupyterLabPageFixture
): Promise<RunRow[]> {
  const grid = runsGrid(page);
  if (!(await grid.isVisible())) {
    return [];
  }
  return grid.evaluate(node => {
    const headers = [
      ...node.querySelectorAll<HTMLElement>('[role="columnheader"]')
    ].map(cell => (cell.textContent ?? '').trim());
    const rows = [
      ...node.querySelectorAll<HTMLElement>('[role="row"][data-run-id]')
    ]
      .map(row => ({
        index: Number(row.getAttribute('aria-rowindex')),
        cells: [...row.querySelectorAll<HTMLElement>('[role="gridcell"]')].map(
          cell => (cell.textContent ?? '').trim()
        )
      }))
      .sort((a, b) => a.index - b.index);
    return rows.map(row =>
      Object.fromEntries(headers.map((header, i) => [header, row.cells[i]]))
    );
  });
}

/** Only the given columns of each row, for exact comparisons. */
export async function readRunColumns(
  page: IJupyterLabPageFixture,
  columns: string[]
): Promise<RunRow[]> {
  return (await readRuns(page)).map(row =>
    Object.fromEntries(columns.map(column => [column, row[column]]))
  );
}

/** Wait until the grid lists exactly these runs (only the given columns compared). */
export async function expectRuns(
  page: IJupyterLabPageFixture,
  expected: RunRow[],
  timeout = 30_000
): Promise<void> {
  const columns = Object.keys(expected[0] ?? {});
  await expect
    .poll(() => readRunColumns(page, columns), { timeout })
    .toEqual(expected);
}

/** The grid row of run number `number`. */
export function runRow(page: IJupyterLabPageFixture, number: number): Locator {
  return runsGrid(page)
    .locator('[role="row"][data-run-id]')
    .filter({
      has: page.locator('[role="gridcell"]:first-child', {
        hasText: new RegExp(`^${number}$`)
      })
    });
}

/** Name → value rows of a details table ("Parameters", "Metrics" or "Context"). */
export async function readDetailsTable(
  page: IJupyterLabPageFixture,
  name: 'Parameters' | 'Metrics' | 'Context'
): Promise<Record<string, string>> {
  const table = runDetails(page).getByRole('table', { name, exact: true });
  return table.evaluate(node =>
    Object.fromEntries(
      [...(node as HTMLTableElement).tBodies[0].rows].map(row => [
        row.cells[0].textContent ?? '',
        row.cells[1].textContent ?? ''
      ])
    )
  );
}

/** The prompts (`[n]:`) of the active notebook's code cells. */
export async function executionPrompts(
  page: IJupyterLabPageFixture
): Promise<string[]> {
  return page
    .locator(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt'
    )
    .allTextContents()
    .then(texts => texts.map(text => text.trim()));
}

/** A cell's text in the active notebook's model (cheap to poll, unlike the editor). */
export async function cellSource(
  page: IJupyterLabPageFixture,
  index: number
): Promise<string> {
  return page.evaluate(cellIndex => {
    const widget = window.jupyterapp.shell.currentWidget as unknown as {
      content: {
        model: {
          cells: { get(i: number): { sharedModel: { getSource(): string } } };
        };
      };
    };
    return widget.content.model.cells.get(cellIndex).sharedModel.getSource();
  }, index);
}

/**
 * Run a command from the command palette by its label, as a user does. The
 * label must match whole: "Sync Runs with MLflow" is not "… Now".
 */
export async function runFromPalette(page: Page, label: string): Promise<void> {
  await page.keyboard.press('Control+Shift+C');
  const palette = page.locator('#modal-command-palette');
  await palette.getByRole('textbox').fill(label);
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await palette
    .locator('.lm-CommandPalette-item')
    .filter({
      has: page.locator('.lm-CommandPalette-itemLabel', { hasText: exact })
    })
    .first()
    .click();
}

/** The open dialog whose title contains `title`. */
export function dialogTitled(
  page: IJupyterLabPageFixture,
  title: string
): Locator {
  return page.locator('.jp-Dialog').filter({
    has: page.locator('.jp-Dialog-header', { hasText: title })
  });
}

/**
 * Upload the persistence fixture as `name` with runlog metadata naming
 * `experiment`, and open it: the Runs panel then shows that experiment's
 * runs, however they got into the store (an import, a fill).
 */
export async function openExperimentNotebook(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  name: string,
  experiment: { id: string; name: string }
): Promise<void> {
  const source = path.resolve(__dirname, '../notebooks/persistence.ipynb');
  const notebook = JSON.parse(fs.readFileSync(source, 'utf-8'));
  notebook.metadata.runlog = {
    notebook_id: experiment.id,
    experiment: experiment.name
  };
  await page.contents.uploadContent(
    JSON.stringify(notebook),
    'text',
    `${tmpPath}/${name}`
  );
  await page.notebook.openByPath(`${tmpPath}/${name}`);
  await page.notebook.activate(name);
}

/** A page of a new browser context: nothing in its IndexedDB. */
export async function freshProfile(
  browser: Browser,
  baseURL: string,
  notebookPath: string
): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto(`/lab/tree/${notebookPath}`);
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  await expect(page.locator('.jp-NotebookPanel')).toBeVisible({
    timeout: 30_000
  });
  await page.getByRole('menuitem', { name: 'View' }).click();
  await page.getByRole('menuitem', { name: 'Runs Panel' }).click();
  await expect(page.locator('#jp-runlog-panel')).toBeVisible();
  return page;
}

/**
 * Right-click a file in the file browser and pick "Import Runs", first
 * showing the file browser as a user would when the left sidebar shows
 * something else or is collapsed (a fresh profile restores the layout the
 * server last saved, which another test's page may have left that way).
 */
export async function importFromFileBrowser(
  page: Page,
  name: string
): Promise<void> {
  const item = page.locator(
    '.jp-DirListing-item[data-file-type="runlog-bundle"]',
    { hasText: name }
  );
  await item.waitFor({ state: 'attached' });
  if (!(await item.isVisible())) {
    const tab = page.getByRole('tab', { name: /^File Browser/ });
    // Clicking the tab of the panel already shown would collapse it.
    if ((await tab.getAttribute('aria-selected')) !== 'true') {
      await tab.click();
    }
  }
  try {
    await item.click({ button: 'right', timeout: 60_000 });
  } catch (error) {
    // A page of another context is not in the trace: keep what it showed.
    await page.screenshot({
      path: test.info().outputPath('file-browser-page.png')
    });
    throw error;
  }
  await page.getByRole('menuitem', { name: 'Import Runs' }).click();
}
