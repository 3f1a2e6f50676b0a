import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import { expectRuns, openNotebook, openRunsPanel, runsPanel } from './helpers';

const NOTEBOOK = 'origin-filter.ipynb';

/** What the test writes into the store: a run's number, lr and origin. */
interface IRunSpec {
  number: number;
  lr: number;
  origin?: { kind: 'bundle' | 'papermill'; file: string };
}

/** A notebook whose experiment id is known, so runs can be stored for it. */
function notebookWithId(notebookId: string): string {
  return JSON.stringify({
    cells: [
      {
        cell_type: 'code',
        execution_count: null,
        id: 'params',
        metadata: { tags: ['parameters'] },
        outputs: [],
        source: ['lr = 0.1']
      }
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
  });
}

/**
 * Write runs through the extension's IRunStore, as another extension would:
 * the token comes from the federated module, the service from the app.
 * Runs with an origin go through `importRuns`, the others through `put`.
 */
async function storeRuns(
  page: IJupyterLabPageFixture,
  experiment: { id: string; name: string; path: string },
  runs: IRunSpec[]
): Promise<void> {
  await page.evaluate(
    async ({ experiment, runs }) => {
      type Store = {
        ready: Promise<void>;
        put(run: unknown): Promise<unknown>;
        importRuns(runs: unknown[]): Promise<unknown>;
        flush(): Promise<void>;
      };
      type Federated = Record<
        string,
        { get(name: string): Promise<() => { IRunStore: unknown }> }
      >;
      const app = window.jupyterapp;
      const federated = (window as unknown as { _JUPYTERLAB: Federated })
        ._JUPYTERLAB;
      const module = (
        await federated['jupyterlab-runlog'].get('./extension')
      )();
      const store = (await app.resolveRequiredService(
        module.IRunStore as Parameters<typeof app.resolveRequiredService>[0]
      )) as Store;
      await store.ready;
      const records = runs.map(spec => {
        const started = new Date(Date.UTC(2024, 0, 1, 12, spec.number));
        return {
          id: `${experiment.id}-run-${spec.number}`,
          number: spec.number,
          experiment: { id: experiment.id, name: experiment.name },
          notebook_path: experiment.path,
          status: 'completed',
          started_at: started.toISOString(),
          ended_at: new Date(started.getTime() + 1000).toISOString(),
          duration_ms: 1000,
          params: {
            lr: { value: spec.lr, source: String(spec.lr), type: 'float' }
          },
          metrics: { score: { value: 1 - spec.lr } },
          cells: [],
          context: { kernel: { name: 'python3', language: 'python' } },
          annotations: { note: '', tags: [], starred: false },
          updated_at: started.toISOString(),
          ...(spec.origin
            ? {
                origin: {
                  ...spec.origin,
                  imported_at: new Date().toISOString(),
                  exported_by: 'ana'
                }
              }
            : {})
        };
      });
      const imported = records.filter(record => record.origin);
      if (imported.length) {
        await store.importRuns(imported);
      }
      for (const record of records.filter(record => !record.origin)) {
        await store.put(record);
      }
      await store.flush();
    },
    { experiment, runs }
  );
}

function originPicker(page: IJupyterLabPageFixture): Locator {
  return runsPanel(page).getByRole('combobox', { name: 'Origin' });
}

async function originOptions(page: IJupyterLabPageFixture): Promise<string[]> {
  return originPicker(page)
    .locator('option')
    .allTextContents()
    .then(texts => texts.map(text => text.trim()));
}

const rows = (...numbers: number[]) =>
  numbers.map(number => ({ '#': String(number) }));

const BUNDLE = { kind: 'bundle' as const, file: 'a.runlog.json' };
const PAPERMILL = { kind: 'papermill' as const, file: 'sweep/lr-0.3.ipynb' };

test('imported runs can be filtered by origin in the Runs panel', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(120_000);
  const notebookId = `origin-filter-${Date.now()}`;
  const experiment = {
    id: notebookId,
    name: 'origin-filter',
    path: `${tmpPath}/${NOTEBOOK}`
  };
  expect(
    await page.contents.uploadContent(
      notebookWithId(notebookId),
      'text',
      `${tmpPath}/${NOTEBOOK}`
    )
  ).toBe(true);

  // Two runs captured here, two from a bundle, one from papermill.
  await storeRuns(page, experiment, [
    { number: 1, lr: 0.1 },
    { number: 2, lr: 0.2 },
    { number: 3, lr: 0.01, origin: BUNDLE },
    { number: 4, lr: 0.02, origin: BUNDLE },
    { number: 5, lr: 0.3, origin: PAPERMILL }
  ]);
  await page.notebook.openByPath(experiment.path);
  await page.notebook.activate(NOTEBOOK);
  const panel = await openRunsPanel(page);
  await expectRuns(page, rows(5, 4, 3, 2, 1));

  const picker = originPicker(page);
  await expect(picker).toBeVisible();
  await expect(picker).toHaveValue('all');
  expect(await originOptions(page)).toEqual([
    'All runs (5)',
    'Captured here (2)',
    'Imported: a.runlog.json (2)',
    'Imported: lr-0.3.ipynb (1)'
  ]);

  await picker.selectOption({ label: 'Imported: a.runlog.json (2)' });
  await expectRuns(page, [
    { '#': '4', lr: '0.02' },
    { '#': '3', lr: '0.01' }
  ]);
  await picker.selectOption({ label: 'Imported: lr-0.3.ipynb (1)' });
  await expectRuns(page, [{ '#': '5', lr: '0.3' }]);
  await picker.selectOption({ label: 'Captured here (2)' });
  await expectRuns(page, rows(2, 1));

  // Selected runs the filter hides leave the selection: Compare counts the rest.
  await picker.selectOption({ label: 'All runs (5)' });
  await expectRuns(page, rows(5, 4, 3, 2, 1));
  await panel.getByRole('checkbox', { name: 'Select all runs' }).click();
  const compare = panel.getByRole('button', { name: /^Compare/ });
  await expect(compare).toHaveText('Compare (5)');
  await picker.selectOption({ label: 'Imported: a.runlog.json (2)' });
  await expectRuns(page, rows(4, 3));
  await expect(compare).toHaveText('Compare (2)');
  await expect(compare).toBeEnabled();

  // More imports and a captured run arrive live: the filter stays, counts follow.
  await storeRuns(page, experiment, [
    { number: 6, lr: 0.03, origin: BUNDLE },
    { number: 7, lr: 0.4, origin: PAPERMILL },
    { number: 8, lr: 0.5 }
  ]);
  await expectRuns(page, rows(6, 4, 3));
  await expect
    .poll(() => originOptions(page))
    .toEqual([
      'All runs (8)',
      'Captured here (3)',
      'Imported: a.runlog.json (3)',
      'Imported: lr-0.3.ipynb (2)'
    ]);
  await expect(picker).toHaveValue('bundle:a.runlog.json');
  await expect(panel.locator('.jp-runlog-RunsPanel-count')).toHaveText(
    '8 runs'
  );

  // Another notebook (no imported runs): no drop-down. Back again: all runs.
  await openNotebook(page, tmpPath, 'capture.ipynb');
  await expect(panel.locator('.jp-runlog-RunsPanel-experiment')).toHaveText(
    'capture'
  );
  await expect(picker).toBeHidden();
  await page.notebook.activate(NOTEBOOK);
  await expect(panel.locator('.jp-runlog-RunsPanel-experiment')).toHaveText(
    'origin-filter'
  );
  await expectRuns(page, rows(8, 7, 6, 5, 4, 3, 2, 1));
  await expect(picker).toHaveValue('all');
});
