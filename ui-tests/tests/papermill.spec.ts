import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { execFileSync } from 'child_process';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  expectRuns,
  openRunsPanel,
  readDetailsTable,
  runDetails,
  runRow
} from './helpers';

const VENV_BIN = path.resolve(__dirname, '..', '..', '.venv', 'bin');
const SOURCE = 'papermill-sweep.ipynb';
const EXECUTED = 'papermill-sweep-lr-0.5.ipynb';
/** The experiment name: the source notebook's file name. */
const EXPERIMENT = 'papermill-sweep';

/**
 * A notebook as a user prepares it for papermill: a parameters cell and two
 * tracked cells (the default tags), and the runlog id a first capture writes.
 * With lr = 0.5 and epochs = 2: loss 0.5 then 0.25, accuracy 0.75.
 */
function sourceNotebook(notebookId: string): object {
  const code = (id: string, tag: string, source: string) => ({
    cell_type: 'code',
    execution_count: null,
    id,
    metadata: { tags: [tag] },
    outputs: [],
    source
  });
  return {
    cells: [
      code('params', 'parameters', 'lr = 0.1\nepochs = 2'),
      code(
        'train',
        'experiment',
        [
          'from jupyterlab_runlog import log',
          '',
          'loss = 1.0',
          'for step in range(1, epochs + 1):',
          '    loss = round(loss * (1 - lr), 4)',
          '    log(loss=loss, step=step)',
          'print(f"trained with lr={lr}")'
        ].join('\n')
      ),
      code('evaluate', 'experiment', '{"accuracy": round(1 - loss, 4)}')
    ],
    metadata: {
      kernelspec: {
        display_name: 'Python 3 (ipykernel)',
        language: 'python',
        name: 'python3'
      },
      language_info: { name: 'python' },
      runlog: { notebook_id: notebookId }
    },
    nbformat: 4,
    nbformat_minor: 5
  };
}

/** The open dialog whose title is `title`. */
function dialogTitled(page: IJupyterLabPageFixture, title: string): Locator {
  return page.locator('.jp-Dialog').filter({
    has: page.locator('.jp-Dialog-header', { hasText: title })
  });
}

/** The dialog's sentences and list items, as the user reads them. */
async function readDialog(
  dialog: Locator
): Promise<{ text: string[]; items: string[] }> {
  const body = dialog.locator('.jp-Dialog-body');
  return {
    text: await body.locator('p').allTextContents(),
    items: await body.locator('li').allTextContents()
  };
}

let localDir = '';

test.beforeAll(() => {
  // papermill starts a kernel: give it time on slow machines.
  test.setTimeout(120_000);
  localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-papermill-'));
  fs.writeFileSync(
    path.join(localDir, SOURCE),
    JSON.stringify(sourceNotebook(randomUUID()), null, 1)
  );
  // Relative paths, as a user runs it in the notebook's folder: papermill
  // records them, and the run is filed under the source notebook's path.
  execFileSync(
    path.join(VENV_BIN, 'papermill'),
    [SOURCE, EXECUTED, '-p', 'lr', '0.5', '-k', 'python3', '--no-progress-bar'],
    {
      cwd: localDir,
      // The python3 kernelspec starts whichever python is first on PATH.
      env: { ...process.env, PATH: `${VENV_BIN}:${process.env.PATH}` },
      stdio: 'pipe'
    }
  );
});

test.afterAll(() => {
  if (localDir) {
    fs.rmSync(localDir, { recursive: true, force: true });
  }
});

test('imports a notebook executed by papermill as a run of its source notebook, once', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(120_000);
  for (const name of [SOURCE, EXECUTED]) {
    await page.contents.uploadFile(
      path.join(localDir, name),
      `${tmpPath}/${name}`
    );
  }
  await page.filebrowser.refresh();
  await page.notebook.openByPath(`${tmpPath}/${SOURCE}`);
  await page.notebook.activate(SOURCE);
  const panel = await openRunsPanel(page);
  await expect(panel.getByRole('grid', { name: 'Runs' })).toBeHidden();

  // From the file browser: both notebooks selected, right-click, import.
  const item = (name: string) =>
    page.locator('.jp-DirListing-item[data-file-type="notebook"]', {
      has: page.locator('.jp-DirListing-itemText', { hasText: name })
    });
  await item(EXECUTED).click();
  await item(SOURCE).click({ modifiers: ['Control'] });
  await item(EXECUTED).click({ button: 'right' });
  await page
    .locator('.lm-Menu')
    .getByRole('menuitem', { name: 'Import as Runs' })
    .click();

  const imported = dialogTitled(page, 'Imported 1 Run');
  await expect(imported).toBeVisible({ timeout: 30_000 });
  expect(await readDialog(imported)).toEqual({
    text: [`1 run added to experiment "${EXPERIMENT}":`, '1 file was skipped:'],
    items: [
      `Run #1 (completed) from ${tmpPath}/${EXECUTED}`,
      `"${tmpPath}/${SOURCE}" was not executed by papermill: its metadata has no "papermill" entry.`
    ]
  });
  await imported.getByRole('button', { name: 'OK' }).click();
  await expect(imported).toBeHidden();

  // The open source notebook's panel lists the run: papermill's parameter
  // value, the metrics of both tracked cells.
  const row = { '#': '1', Status: 'completed', lr: '0.5', epochs: '2' };
  const metrics = { loss: '0.25', accuracy: '0.75' };
  await expectRuns(page, [{ ...row, ...metrics }]);

  await runRow(page, 1).click();
  await expect(
    runDetails(page).getByRole('heading', { name: /Run #1/ })
  ).toBeVisible();
  expect(await readDetailsTable(page, 'Parameters')).toEqual({
    lr: '0.5',
    epochs: '2'
  });
  expect(await readDetailsTable(page, 'Metrics')).toEqual(metrics);
  await expect(runDetails(page)).toContainText('trained with lr=0.5');

  // Again, from the palette and its file dialog: already there, nothing added.
  await page.keyboard.press('Control+Shift+C');
  const palette = page.locator('#modal-command-palette');
  await palette.getByRole('textbox').fill('Import Executed Notebooks as Runs');
  await palette
    .getByRole('menuitem', { name: /^Import Executed Notebooks as Runs/ })
    .click();
  const picker = dialogTitled(page, 'Import Executed Notebooks as Runs');
  await picker
    .locator('.jp-DirListing-item', {
      has: page.locator('.jp-DirListing-itemText', { hasText: EXECUTED })
    })
    .click();
  await picker.getByRole('button', { name: 'Select' }).click();

  const again = dialogTitled(page, 'No New Runs');
  await expect(again).toBeVisible({ timeout: 30_000 });
  expect(await readDialog(again)).toEqual({
    text: ['1 run was already stored; nothing changed:'],
    items: [`${tmpPath}/${EXECUTED}: run #1 of "${EXPERIMENT}"`]
  });
  await again.getByRole('button', { name: 'OK' }).click();
  await expectRuns(page, [{ ...row, ...metrics }]);
});

/**
 * Change a capture setting as the Settings editor does, through the
 * application's setting registry (found among the services it provides).
 */
async function setCaptureSetting(
  page: IJupyterLabPageFixture,
  key: string,
  value: unknown
): Promise<void> {
  await page.evaluate(
    async ({ key, value }) => {
      type Registry = {
        set(plugin: string, key: string, value: unknown): Promise<void>;
      };
      const app = window.jupyterapp;
      const services = (
        app as unknown as {
          pluginRegistry: { _services: Map<{ name: string }, string> };
        }
      ).pluginRegistry._services;
      const token = [...services.keys()].find(
        candidate => candidate.name === '@jupyterlab/coreutils:ISettingRegistry'
      );
      const registry = (await app.resolveRequiredService(
        token as Parameters<typeof app.resolveRequiredService>[0]
      )) as Registry;
      await registry.set('jupyterlab-runlog:capture', key, value);
    },
    { key, value }
  );
}

test('a secret name pattern added in the settings applies to the next import at once', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(120_000);
  await page.contents.uploadFile(
    path.join(localDir, EXECUTED),
    `${tmpPath}/${EXECUTED}`
  );
  await page.filebrowser.refresh();
  // No reload: the import reads the capture settings as they are now.
  await setCaptureSetting(page, 'redaction', {
    enabled: true,
    namePatterns: ['lr']
  });

  await page
    .locator('.jp-DirListing-item[data-file-type="notebook"]', {
      has: page.locator('.jp-DirListing-itemText', { hasText: EXECUTED })
    })
    .click({ button: 'right' });
  await page
    .locator('.lm-Menu')
    .getByRole('menuitem', { name: 'Import as Runs' })
    .click();

  const imported = dialogTitled(page, 'Imported 1 Run');
  await expect(imported).toBeVisible({ timeout: 30_000 });
  const { text, items } = await readDialog(imported);
  expect(text).toContain('Parameters redacted as secrets:');
  expect(items).toContain(`${tmpPath}/${EXECUTED}: lr`);
  await imported.getByRole('button', { name: 'OK' }).click();
});
