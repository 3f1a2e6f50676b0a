import { expect, test } from '@jupyterlab/galata';
import {
  expectRuns,
  openNotebook,
  openRunsPanel,
  runsPanel,
  startRunAll,
  typeCell
} from './helpers';

const NOTEBOOK = 'capture.ipynb';

/** Three passes of the capture fixture (score = 1 - (1 - lr) ** epochs). */
const SOURCES = [
  'lr = 0.1\nmodel = "small"\nepochs = 3\nbatch = 16 * 2',
  'lr = 0.2\nmodel = "large"\nepochs = 2\nbatch = 16 * 4',
  'lr = 0.05\nmodel = "tiny"\nepochs = 4\nbatch = 8 * 2'
];

const rows = (...numbers: number[]) =>
  numbers.map(number => ({ '#': String(number) }));

test('the filter box narrows the runs by a query and explains a bad one', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(120_000);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  for (const [index, source] of SOURCES.entries()) {
    if (index > 0) {
      await typeCell(page, 0, source);
    }
    await startRunAll(page);
    await expectRuns(page, rows(...[3, 2, 1].slice(2 - index)));
  }

  const box = runsPanel(page).getByRole('searchbox', { name: 'Filter runs' });
  const message = runsPanel(page).locator('.jp-runlog-RunsQuery-message');

  await box.fill('lr > 0.06 and model ~ "a"');
  await expectRuns(page, rows(2, 1));
  await expect(message).toHaveText('2 of 3 runs match');

  // Metrics by name too; juxtaposed terms must all hold.
  await box.fill('score >= 0.3 status:completed');
  await expectRuns(page, rows(2));
  await expect(message).toHaveText('1 of 3 runs match');

  // A query that does not parse says why and where, and changes nothing.
  await box.fill('lr >');
  await expect(message).toContainText('The filter is unchanged.');
  await expect(message).toContainText(/at character \d+/);
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expectRuns(page, rows(2));

  // Escape clears the filter: every run again.
  await box.press('Escape');
  await expectRuns(page, rows(3, 2, 1));
  await expect(message).toBeHidden();

  // From the palette's command, with the query as its argument.
  await page.evaluate(async () => {
    await window.jupyterapp.commands.execute('runlog:filter-runs', {
      query: 'epochs == 4 or model == large'
    });
  });
  await expect(box).toHaveValue('epochs == 4 or model == large');
  await expectRuns(page, rows(3, 2));
});
