import { expect, test } from '@jupyterlab/galata';
import {
  executionPrompts,
  expectRuns,
  openNotebook,
  openRunsPanel,
  readDetailsTable,
  readRunColumns,
  runDetails,
  runRow,
  runsGrid,
  startRunAll,
  typeCell,
  waitForKernelIdle
} from './helpers';

const NOTEBOOK = 'capture.ipynb';

/**
 * Three passes with different parameters. `batch` is computed: the source
 * says `16 * 2`, only the kernel knows it is 32. The fixture's tracked cells
 * log `loss` per epoch and end with `{"score": ..., "examples": ...}`;
 * loss = (1 - lr) ** epochs (rounded), score = 1 - loss,
 * examples = len(model) * batch.
 */
const PASSES = [
  {
    source: 'lr = 0.1\nmodel = "small"\nepochs = 3\nbatch = 16 * 2',
    row: { lr: '0.1', model: 'small', epochs: '3', batch: '32' },
    metrics: { loss: '0.729', score: '0.271', examples: '160' }
  },
  {
    source: 'lr = 0.2\nmodel = "large"\nepochs = 2\nbatch = 16 * 4',
    row: { lr: '0.2', model: 'large', epochs: '2', batch: '64' },
    metrics: { loss: '0.64', score: '0.36', examples: '320' }
  },
  {
    source: 'lr = 0.05\nmodel = "tiny"\nepochs = 4\nbatch = 8 * 2',
    row: { lr: '0.05', model: 'tiny', epochs: '4', batch: '16' },
    metrics: { loss: '0.8145', score: '0.1855', examples: '64' }
  }
];

/** The panel row expected for pass `index` (0-based), numbered from 1. */
function expectedRow(index: number) {
  return {
    '#': String(index + 1),
    Status: 'completed',
    ...PASSES[index].row,
    ...PASSES[index].metrics
  };
}

test('Run All three times records three runs with their parameters and metrics', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(120_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);

  for (const [index, pass] of PASSES.entries()) {
    if (index > 0) {
      await typeCell(page, 0, pass.source);
    }
    await startRunAll(page);
    // Newest first; each pass adds one row, and earlier rows keep their values.
    await expectRuns(
      page,
      PASSES.slice(0, index + 1)
        .map((_, i) => expectedRow(i))
        .reverse()
    );

    // The silent parameter read used no execution count: 3 cells per pass,
    // numbered on from the previous pass without a gap.
    await waitForKernelIdle(page);
    expect(await executionPrompts(page)).toEqual(
      [1, 2, 3].map(cell => `[${3 * index + cell}]:`)
    );
  }

  // Parameter and metric columns, after the fixed ones.
  await expect(runsGrid(page).getByRole('columnheader')).toHaveText([
    '#',
    'Status',
    'Started',
    'Duration',
    'lr',
    'model',
    'epochs',
    'batch',
    'examples',
    'loss',
    'score'
  ]);

  // Sort by lr: ascending first, then descending.
  const lrHeader = runsGrid(page).getByRole('columnheader', {
    name: 'lr',
    exact: true
  });
  await lrHeader.click();
  await expect(lrHeader).toHaveAttribute('aria-sort', 'ascending');
  expect(await readRunColumns(page, ['#', 'lr'])).toEqual([
    { '#': '3', lr: '0.05' },
    { '#': '1', lr: '0.1' },
    { '#': '2', lr: '0.2' }
  ]);
  await lrHeader.click();
  await expect(lrHeader).toHaveAttribute('aria-sort', 'descending');
  expect(await readRunColumns(page, ['#', 'lr'])).toEqual([
    { '#': '2', lr: '0.2' },
    { '#': '1', lr: '0.1' },
    { '#': '3', lr: '0.05' }
  ]);

  // The details of run 2.
  await runRow(page, 2).click();
  const details = runDetails(page);
  await expect(details).toBeVisible();
  await expect(details.getByRole('heading', { name: /Run #2/ })).toBeVisible();
  expect(await readDetailsTable(page, 'Parameters')).toEqual(PASSES[1].row);
  expect(await readDetailsTable(page, 'Metrics')).toEqual(PASSES[1].metrics);
  // The computed parameter keeps the expression as written beside its value.
  await expect(
    details.getByRole('table', { name: 'Parameters' }).getByRole('row', {
      name: /batch/
    })
  ).toContainText('16 * 4');

  // Each tracked cell's code, as it ran, and its rendered outputs.
  const code = details.locator('pre.jp-runlog-code');
  await expect(code).toHaveCount(3);
  await expect(code.nth(0)).toHaveText(PASSES[1].source);
  await expect(code.nth(1)).toContainText('log(loss=loss, step=epoch)');
  await expect(code.nth(2)).toContainText('"score": round(1 - loss, 4)');
  // log() output through the metrics renderer, print() output as text.
  const logged = details.getByRole('table', { name: 'Logged metrics' });
  await expect(logged).toBeVisible();
  await expect(logged.getByRole('row', { name: /loss/ })).toContainText('0.64');
  await expect(details).toContainText('trained large for 2 epochs');
  await expect(details).toContainText("{'score': 0.36, 'examples': 320}");
});
