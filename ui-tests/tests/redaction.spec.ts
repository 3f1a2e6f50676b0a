import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import {
  cellSource,
  expectRuns,
  openNotebook,
  openRunsPanel,
  readDetailsTable,
  runDetails,
  runRow,
  runsGrid,
  startRunAll,
  typeCell,
  waitForKernelIdle
} from './helpers';

const NOTEBOOK = 'secrets.ipynb';
/** The fixture's stand-in, replaced by a fake key when the test uploads it. */
const MARKER = 'FAKE_KEY_WRITTEN_BY_THE_TEST';
const MARKER_TEXT = '‹redacted›';
const PLACEHOLDER = 'REDACTED_BY_RUNLOG';

/**
 * A fake OpenAI project key: the format's prefix and 48 characters mixing
 * upper case, lower case and digits, as the detector expects of a real one.
 * Assembled here so that no file holds a key-shaped text.
 */
function fakeKey(step: number): string {
  const alphabet = 'aB3xY7kQ9mZ2pL5wN8cR4tV6';
  const body = Array.from(
    { length: 48 },
    (_, i) => alphabet[(i * step + 5) % alphabet.length]
  ).join('');
  return ['s', 'k-proj-', body].join('');
}

const KEY_1 = fakeKey(7);
const KEY_2 = fakeKey(5);

type Federated = Record<
  string,
  { get(name: string): Promise<() => { IRunStore: unknown }> }
>;

/**
 * Watch the store from inside the page, through its public token: every
 * record handed to `put` (by capture, among others) is kept as JSON in
 * `window.runlogWrites`, before the store batches and coalesces them.
 */
async function watchStore(page: IJupyterLabPageFixture): Promise<void> {
  await page.evaluate(async () => {
    type Store = {
      ready: Promise<void>;
      put(run: unknown): Promise<unknown>;
    };
    const app = window.jupyterapp;
    const federated = (window as unknown as { _JUPYTERLAB: Federated })
      ._JUPYTERLAB;
    const module = (await federated['jupyterlab-runlog'].get('./extension'))();
    const store = (await app.resolveRequiredService(
      module.IRunStore as Parameters<typeof app.resolveRequiredService>[0]
    )) as Store;
    await store.ready;
    const writes: string[] = [];
    (window as unknown as { runlogWrites: string[] }).runlogWrites = writes;
    const put = store.put.bind(store);
    store.put = run => {
      writes.push(JSON.stringify(run));
      return put(run);
    };
  });
}

/** Every record handed to the store so far, as JSON. */
async function storeWrites(page: IJupyterLabPageFixture): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { runlogWrites: string[] }).runlogWrites
  );
}

/** The stored runs of a notebook, with their cells, as JSON, by run number. */
async function storedRuns(
  page: IJupyterLabPageFixture,
  notebookPath: string
): Promise<Record<number, string>> {
  return page.evaluate(async notebookPath => {
    type Store = {
      flush(): Promise<void>;
      listExperiments(): Promise<{ id: string; notebook_path: string }[]>;
      listRuns(id: string): Promise<{ id: string; number: number }[]>;
      getRun(id: string): Promise<unknown>;
    };
    const app = window.jupyterapp;
    const federated = (window as unknown as { _JUPYTERLAB: Federated })
      ._JUPYTERLAB;
    const module = (await federated['jupyterlab-runlog'].get('./extension'))();
    const store = (await app.resolveRequiredService(
      module.IRunStore as Parameters<typeof app.resolveRequiredService>[0]
    )) as Store;
    await store.flush();
    const experiment = (await store.listExperiments()).find(
      candidate => candidate.notebook_path === notebookPath
    );
    const result: Record<number, string> = {};
    for (const summary of experiment
      ? await store.listRuns(experiment.id)
      : []) {
      result[summary.number] = JSON.stringify(await store.getRun(summary.id));
    }
    return result;
  }, notebookPath);
}

/** The open restore dialog. */
function restoreDialog(page: IJupyterLabPageFixture): Locator {
  return page.locator('.jp-Dialog').filter({ hasText: 'Restore Run #' });
}

/** Run a command from the palette, as a user does. */
async function runFromPalette(
  page: IJupyterLabPageFixture,
  label: string
): Promise<void> {
  await page.keyboard.press('Control+Shift+C');
  await page.locator('#command-palette input').fill(label);
  await page
    .locator('#command-palette .lm-CommandPalette-item', { hasText: label })
    .first()
    .click();
}

test('secrets are redacted before they are stored, shown as such, and left alone by restore', async ({
  page,
  tmpPath
}, testInfo) => {
  test.setTimeout(240_000);
  const source = testInfo.outputPath(NOTEBOOK);
  const fixture = fs.readFileSync(
    path.resolve(__dirname, '../notebooks', NOTEBOOK),
    'utf-8'
  );
  expect(fixture).toContain(MARKER);
  fs.writeFileSync(source, fixture.replace(MARKER, KEY_1));
  const notebookPath = `${tmpPath}/${NOTEBOOK}`;
  await openNotebook(page, tmpPath, NOTEBOOK, source);
  await openRunsPanel(page);
  await watchStore(page);

  // Run 1, as a user runs it: the key is in the cell and in the kernel.
  await startRunAll(page);
  await expectRuns(page, [
    { '#': '1', Status: 'completed', api_key: MARKER_TEXT, lr: '0.1' }
  ]);
  await waitForKernelIdle(page);
  expect(await page.notebook.getCellTextOutput(1)).toEqual([
    `score: 1.0, key length: ${KEY_1.length}\n`
  ]);

  // The table marks it, with a reason on hover.
  const keyCell = runRow(page, 1).locator('.jp-runlog-mod-redacted');
  await expect(keyCell).toHaveText(MARKER_TEXT);
  await expect(keyCell).toHaveAttribute('title', /^Redacted: the value/);

  // So do the details; the parameters cell's code shows the placeholder.
  await runRow(page, 1).click();
  const details = runDetails(page);
  await expect(details.getByRole('heading', { name: /Run #1/ })).toBeVisible();
  expect(await readDetailsTable(page, 'Parameters')).toEqual({
    api_key: MARKER_TEXT,
    lr: '0.1'
  });
  await expect(details.locator('pre.jp-runlog-code').first()).toHaveText(
    `api_key = ${PLACEHOLDER}\nlr = 0.1`
  );
  await expect(details).not.toContainText(KEY_1);

  // The store never had it: not in run 1 now, not in any write on the way.
  const stored = await storedRuns(page, notebookPath);
  expect(Object.keys(stored)).toEqual(['1']);
  expect(stored[1]).not.toContain(KEY_1);
  expect(stored[1]).toContain(
    `"api_key":{"value":null,"source":"${PLACEHOLDER}"`
  );
  const writes = await storeWrites(page);
  // Opened, completed, given the kernel's values (in either order): each
  // record as it reached the store was redacted.
  expect(writes.length).toBeGreaterThanOrEqual(3);
  expect(writes.some(write => write.includes('"status":"running"'))).toBe(true);
  expect(
    writes.some(write =>
      write.includes(
        `"api_key":{"value":null,"source":"${PLACEHOLDER}","type":"str","origin":"kernel"`
      )
    )
  ).toBe(true);
  for (const write of writes) {
    expect(write).not.toContain(KEY_1);
  }

  // Another key and rate in the cell, then restore run 1: the rate comes
  // back, the key line stays as the user has it.
  const edited = `api_key = "${KEY_2}"\nlr = 0.5`;
  await typeCell(page, 0, edited);
  await details.getByRole('button', { name: 'Restore parameters' }).click();
  const dialog = restoreDialog(page);
  await expect(dialog).toBeVisible();
  const changes = await dialog
    .getByRole('table', { name: 'Parameter changes' })
    .evaluate(node =>
      [...(node as HTMLTableElement).tBodies[0].rows].map(row =>
        [...row.cells].map(cell => (cell.textContent ?? '').trim())
      )
    );
  expect(changes).toEqual([['lr', '0.5', '0.1']]);
  await expect(dialog).toContainText(
    'Left as is (redacted in the run): api_key'
  );
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect
    .poll(() => cellSource(page, 0))
    .toBe(`api_key = "${KEY_2}"\nlr = 0.1`);

  // Redaction off for this notebook, after the warning.
  await runFromPalette(page, "Redact Secrets in This Notebook's Runs");
  const warning = page
    .locator('.jp-Dialog')
    .filter({ hasText: 'Stop Redacting Secrets in This Notebook?' });
  await expect(warning).toContainText('stored unredacted in this browser');
  await warning.getByRole('button', { name: 'Stop Redacting' }).click();
  await expect(warning).toBeHidden();
  await expect
    .poll(() =>
      page.evaluate(() =>
        window.jupyterapp.commands.isToggled('runlog:toggle-redaction')
      )
    )
    .toBe(false);

  // Run 2 keeps the value; run 1 stays redacted.
  await startRunAll(page);
  await expectRuns(page, [
    { '#': '2', Status: 'completed', api_key: KEY_2, lr: '0.1' },
    { '#': '1', Status: 'completed', api_key: MARKER_TEXT, lr: '0.1' }
  ]);
  await expect(runsGrid(page)).not.toContainText(KEY_1);
  const after = await storedRuns(page, notebookPath);
  expect(after[2]).toContain(`"value":"${KEY_2}"`);
  expect(after[1]).toBe(stored[1]);
});
