/**
 * Writes the README's screenshot, docs/images/panel.png, from the quickstart
 * example run twice: the image shows what the extension really does today.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import {
  expectRuns,
  openNotebook,
  openRunsPanel,
  runDetails,
  runRow,
  runsGrid,
  runsPanel,
  startRunAll,
  typeCell,
  waitForKernelIdle
} from './helpers';

const EXAMPLE = path.resolve(__dirname, '../../examples/quickstart.ipynb');
const IMAGE = path.resolve(__dirname, '../../docs/images/panel.png');
const NOTEBOOK = 'quickstart.ipynb';

test.use({ viewport: { width: 1400, height: 850 } });

/** The example's parameters cell: its index and source. */
function parametersCell(): { index: number; source: string } {
  const notebook = JSON.parse(fs.readFileSync(EXAMPLE, 'utf-8')) as {
    cells: {
      cell_type: string;
      source: string[];
      metadata: { tags?: string[] };
    }[];
  };
  const index = notebook.cells.findIndex(cell =>
    (cell.metadata.tags ?? []).includes('parameters')
  );
  expect(index).toBeGreaterThanOrEqual(0);
  return { index, source: notebook.cells[index].source.join('') };
}

/** The split handle between the main area and the right sidebar. */
function rightPanelEdge(page: IJupyterLabPageFixture): Locator {
  return page
    .locator('#jp-main-split-panel > .lm-SplitPanel-handle:not(.lm-mod-hidden)')
    .last();
}

/** The handle between the runs table and the run details. */
function panelSplitHandle(page: IJupyterLabPageFixture): Locator {
  return runsPanel(page)
    .locator(
      '.jp-runlog-RunsPanel-content > .lm-SplitPanel-handle:not(.lm-mod-hidden)'
    )
    .last();
}

/** Drag a handle by a distance, as with the mouse. */
async function dragBy(
  page: IJupyterLabPageFixture,
  handle: Locator,
  dx: number,
  dy: number
): Promise<void> {
  const box = await handle.boundingBox();
  expect(box).not.toBeNull();
  const x = box!.x + box!.width / 2;
  const y = box!.y + box!.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 5 });
  await page.mouse.up();
}

test('README screenshot: two quickstart runs in the Runs panel', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(90_000);
  const parameters = parametersCell();
  expect(parameters.source).toMatch(/^learning_rate = 0\.05\b/m);

  await openNotebook(page, tmpPath, NOTEBOOK, EXAMPLE);
  // Room for the notebook and the panel: no file browser.
  await page.menu.clickMenuItem('View>Appearance>Show Left Sidebar');
  await expect(page.locator('#jp-left-stack')).toBeHidden();
  await openRunsPanel(page);

  await startRunAll(page);
  await expectRuns(page, [
    { '#': '1', Status: 'completed', learning_rate: '0.05' }
  ]);
  await waitForKernelIdle(page);

  await typeCell(
    page,
    parameters.index,
    parameters.source.replace(/^learning_rate = 0\.05/m, 'learning_rate = 0.3')
  );
  await startRunAll(page);
  await expectRuns(page, [
    { '#': '2', Status: 'completed', learning_rate: '0.3' },
    { '#': '1', Status: 'completed', learning_rate: '0.05' }
  ]);
  await waitForKernelIdle(page);

  await runRow(page, 2).click();
  const details = runDetails(page);
  await expect(details.getByRole('heading', { name: /Run #2/ })).toBeVisible();
  await expect(
    details.getByRole('table', { name: 'Logged metrics' })
  ).toBeVisible();

  // Widen the panel by its edge, and give the details more of its height.
  await dragBy(page, rightPanelEdge(page), -330, 0);
  await dragBy(page, panelSplitHandle(page), 0, -420);
  await expect(
    runsGrid(page).getByRole('columnheader', { name: 'learning_rate' })
  ).toBeInViewport();

  // The parameters cell at the top of the notebook, the training output below.
  await (await page.notebook.getCellLocator(parameters.index))!.evaluate(node =>
    node.scrollIntoView({ block: 'start' })
  );
  await page.mouse.move(0, 0);

  fs.mkdirSync(path.dirname(IMAGE), { recursive: true });
  await page.screenshot({ path: IMAGE });
  expect(fs.statSync(IMAGE).size).toBeGreaterThan(10_000);
});
