import { expect, test } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as path from 'path';
import {
  expectRuns,
  openRunsPanel,
  readDetailsTable,
  runRow,
  runsGrid,
  runsPanel,
  startRunAll
} from './helpers';

const NOTEBOOK = 'context.ipynb';
const DATA = 'a,b\n1,2\n3,4\n';

test("a run's details show what it ran with: git commit, seeds, packages, files, CPU and memory", async ({
  page,
  tmpPath
}) => {
  test.setTimeout(90_000);
  // The notebook sits in a git repository beside the data file it reads.
  const serverRoot = await page.evaluate(
    () =>
      JSON.parse(
        document.getElementById('jupyter-config-data')?.textContent ?? '{}'
      ).serverRoot as string
  );
  const folder = path.join(serverRoot, tmpPath);
  await page.contents.uploadContent(DATA, 'text', `${tmpPath}/data.csv`);
  await page.contents.uploadFile(
    path.resolve(__dirname, '../notebooks', NOTEBOOK),
    `${tmpPath}/${NOTEBOOK}`
  );
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: folder, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=Test', '-c', 'user.email=t@example.com', 'add', '.');
  git(
    '-c',
    'user.name=Test',
    '-c',
    'user.email=t@example.com',
    'commit',
    '-q',
    '-m',
    'experiment'
  );
  const commit = git('rev-parse', 'HEAD');

  await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
  await page.notebook.activate(NOTEBOOK);
  await openRunsPanel(page);
  await startRunAll(page);
  await expectRuns(page, [
    {
      '#': '1',
      Status: 'completed',
      seed: '7',
      data_path: 'data.csv',
      rows: '3'
    }
  ]);
  await runRow(page, 1).click();

  // The context is read from the kernel once the run ended.
  await expect
    .poll(async () => Object.keys(await readDetailsTable(page, 'Context')), {
      timeout: 20_000
    })
    .toContain('Packages');
  const context = await readDetailsTable(page, 'Context');

  expect(context['Kernel']).toMatch(/^Python 3 \(ipykernel\) \(python 3\./);
  expect(context['Git']).toMatch(new RegExp(`^${commit.slice(0, 10)} on main`));
  expect(context['Seeds']).toBe('seed = 7; random.seed(seed)');
  // traitlets is imported and installed; random is the standard library.
  expect(context['Packages']).toMatch(/^traitlets \d+\.\d+/);
  const sha = createHash('sha256').update(DATA).digest('hex');
  const dataFile = path
    .join(folder, 'data.csv')
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(context['File: data_path']).toMatch(
    new RegExp(
      `^${dataFile} \\(12 bytes, modified \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, SHA-256 ${sha.slice(0, 12)}\\)$`
    )
  );
  expect(context['CPU time']).toMatch(/^[\d.]+ s \(cells ran [\d.]+ s\)$/);
  // The tracked cell held 64 MiB (67 MB): the run's peak is at least that.
  const [, amount, unit] = context['Peak memory'].match(/^([\d.]+) (MB|GB)$/)!;
  expect(Number(amount) * (unit === 'GB' ? 1000 : 1)).toBeGreaterThanOrEqual(
    67
  );

  // New data in the committed file, run again, compare: the Context rows
  // show the data and the working tree changed between the runs.
  const NEW_DATA = 'a,b\n5,6\n';
  await page.contents.uploadContent(NEW_DATA, 'text', `${tmpPath}/data.csv`);
  await startRunAll(page);
  await expectRuns(page, [
    { '#': '2', Status: 'completed', rows: '2' },
    { '#': '1', Status: 'completed', rows: '3' }
  ]);
  await runsGrid(page)
    .getByRole('checkbox', { name: 'Select all runs' })
    .click();
  await runsPanel(page).getByRole('button', { name: 'Compare (2)' }).click();
  const table = page
    .locator('#jp-runlog-compare')
    .getByRole('table', { name: 'Differences' });
  const values = (name: string) =>
    table.locator(
      `tr[data-kind="context"][data-name="${name}"] .jp-runlog-compare-value`
    );
  const newSha = createHash('sha256').update(NEW_DATA).digest('hex');
  await expect(values('file:data_path')).toHaveText(
    [sha.slice(0, 12), newSha.slice(0, 12)],
    { timeout: 20_000 }
  );
  await expect(values('git')).toHaveText([
    commit.slice(0, 10),
    `${commit.slice(0, 10)}*`
  ]);
  await expect(
    table.locator('tr[data-kind="context"][data-name="git"] th')
  ).toHaveText('Git commit');
});
