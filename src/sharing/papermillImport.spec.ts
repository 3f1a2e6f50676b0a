import { nullTranslator } from '@jupyterlab/translation';
import type { Contents } from '@jupyterlab/services';
import { readFileSync } from 'fs';
import { join } from 'path';
import { DEFAULT_REDACTION_OPTIONS } from '../model/redaction/redaction';
import type { IRunRecord, IRunStore } from '../tokens';
import { MemoryRunStore } from '../widgets/__tests__/testing';
import {
  importExecutedNotebooks,
  notebookReader,
  type IExecutedNotebooksImportOptions
} from './papermillImport';
import { describePapermillImport } from './papermillImportMessage';

const FIXTURES = join(__dirname, '..', 'model', '__fixtures__', 'papermill');
const SWEEP_ID = '5d0c7a52-8f3e-4b1a-9c6d-2e4f8a1b3c70';
const trans = nullTranslator.load('jupyterlab_runlog');

type Notebook = {
  metadata: { [key: string]: unknown };
  cells: { metadata: { tags?: string[] }; source: string | string[] }[];
};

function fixture(name: string): Notebook {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf-8'));
}

/** Files by path, as the contents manager would hand them out. */
function options(
  store: IRunStore,
  files: { [path: string]: unknown },
  extra: Partial<IExecutedNotebooksImportOptions> = {}
): IExecutedNotebooksImportOptions {
  return {
    store,
    readNotebook: async path => {
      if (!(path in files)) {
        throw new Error(`No such file: ${path}`);
      }
      return files[path];
    },
    tags: { parameters: 'parameters', tracked: 'experiment' },
    redaction: DEFAULT_REDACTION_OPTIONS,
    now: () => new Date('2027-01-02T03:04:05.000Z'),
    ...extra
  };
}

const SWEEPS = {
  'runs/sweep-lr.ipynb': fixture('sweep-lr.ipynb'),
  'runs/sweep-defaults.ipynb': fixture('sweep-defaults.ipynb'),
  'runs/source/sweep.ipynb': fixture('source/sweep.ipynb')
};

describe('importExecutedNotebooks', () => {
  it('adds the executed notebooks as runs of their experiment and skips the others by name', async () => {
    const store = new MemoryRunStore();
    const outcome = await importExecutedNotebooks(
      [
        'runs/sweep-lr.ipynb',
        'runs/source/sweep.ipynb',
        'runs/missing.ipynb',
        'runs/sweep-defaults.ipynb'
      ],
      options(store, SWEEPS)
    );

    expect(outcome.storeError).toBeNull();
    expect(outcome.added.map(({ path, run }) => [path, run.number])).toEqual([
      ['runs/sweep-lr.ipynb', 1],
      ['runs/sweep-defaults.ipynb', 2]
    ]);
    const stored = await store.listRuns(SWEEP_ID);
    expect(stored).toHaveLength(2);
    const lr = stored.find(run => run.number === 1)!;
    expect(lr.experiment).toEqual({ id: SWEEP_ID, name: 'sweep' });
    expect(lr.params.learning_rate.value).toBe(0.1);
    expect(lr.notebook_path).toBe('runs/source/sweep.ipynb');
    expect(lr.origin).toMatchObject({
      kind: 'papermill',
      file: 'runs/sweep-lr.ipynb',
      imported_at: '2027-01-02T03:04:05.000Z'
    });
    expect(outcome.skipped).toEqual([
      {
        path: 'runs/source/sweep.ipynb',
        reason: expect.stringMatching(
          /^"runs\/source\/sweep\.ipynb" was not executed by papermill/
        )
      },
      {
        path: 'runs/missing.ipynb',
        reason:
          '"runs/missing.ipynb" could not be read: No such file: runs/missing.ipynb'
      }
    ]);
  });

  it('adds nothing when the same files are imported again, and names the stored runs', async () => {
    const store = new MemoryRunStore();
    const paths = ['runs/sweep-lr.ipynb', 'runs/sweep-defaults.ipynb'];
    await importExecutedNotebooks(paths, options(store, SWEEPS));
    const later = await importExecutedNotebooks(
      paths,
      options(store, SWEEPS, { now: () => new Date('2027-02-01T00:00:00Z') })
    );

    expect(later.added).toEqual([]);
    expect(later.conflicting).toEqual([]);
    expect(later.identical.map(({ path, run }) => [path, run.number])).toEqual([
      ['runs/sweep-lr.ipynb', 1],
      ['runs/sweep-defaults.ipynb', 2]
    ]);
    expect(await store.countRuns(SWEEP_ID)).toBe(2);
  });

  it('keeps a stored run that differs from the file and reports it', async () => {
    const store = new MemoryRunStore();
    const first = await importExecutedNotebooks(
      ['runs/sweep-lr.ipynb'],
      options(store, SWEEPS)
    );
    const id = first.added[0].run.id;
    const stored = (await store.getRun(id))!;
    store.seed([{ ...stored, status: 'failed' }]);

    const again = await importExecutedNotebooks(
      ['runs/sweep-lr.ipynb'],
      options(store, SWEEPS)
    );
    expect(
      again.conflicting.map(({ path, run }) => [path, run.number])
    ).toEqual([['runs/sweep-lr.ipynb', 1]]);
    expect((await store.getRun(id))!.status).toBe('failed');
  });

  it('imports a run held by two files once', async () => {
    const store = new MemoryRunStore();
    const outcome = await importExecutedNotebooks(
      ['a/sweep-lr.ipynb', 'b/copy.ipynb', 'a/sweep-lr.ipynb'],
      options(store, {
        'a/sweep-lr.ipynb': SWEEPS['runs/sweep-lr.ipynb'],
        'b/copy.ipynb': SWEEPS['runs/sweep-lr.ipynb']
      })
    );
    expect(outcome.added.map(({ path }) => path)).toEqual(['a/sweep-lr.ipynb']);
    expect(outcome.duplicates).toEqual([
      { path: 'b/copy.ipynb', sameAs: 'a/sweep-lr.ipynb' }
    ]);
    expect(await store.countRuns(SWEEP_ID)).toBe(1);
  });

  it('redacts secret parameters before they reach the store', async () => {
    const notebook = fixture('sweep-lr.ipynb');
    const papermill = notebook.metadata.papermill as {
      parameters: { [name: string]: unknown };
    };
    papermill.parameters.api_token = 'not-for-the-store';
    const injected = notebook.cells.find(cell =>
      cell.metadata.tags?.includes('injected-parameters')
    )!;
    injected.source = `${[injected.source].flat().join('')}api_token = "not-for-the-store"\n`;
    const store = new MemoryRunStore();

    const outcome = await importExecutedNotebooks(
      ['sweep.ipynb'],
      options(store, { 'sweep.ipynb': notebook })
    );
    expect(outcome.redacted).toEqual([
      { path: 'sweep.ipynb', names: ['api_token'] }
    ]);
    const run = (await store.getRun(outcome.added[0].run.id))!;
    expect(run.params.api_token.value).toBeNull();
    expect(JSON.stringify(run)).not.toContain('not-for-the-store');
  });

  it('joins the experiment recorded at the source path when the file has no id', async () => {
    const notebook = fixture('sweep-lr.ipynb');
    delete notebook.metadata.runlog;
    const store = new MemoryRunStore();
    const captured: IRunRecord = {
      ...(await sweepRun()),
      id: 'captured-run',
      number: 1,
      experiment: { id: 'captured-experiment', name: 'sweep' },
      notebook_path: 'runs/source/sweep.ipynb'
    };
    store.seed([captured]);

    const outcome = await importExecutedNotebooks(
      ['runs/sweep-lr.ipynb'],
      options(store, { 'runs/sweep-lr.ipynb': notebook })
    );
    expect(
      outcome.added.map(({ run }) => [run.experiment.id, run.number])
    ).toEqual([['captured-experiment', 2]]);
  });

  it('writes nothing and says why when the store refuses the runs', async () => {
    const store = new MemoryRunStore();
    store.importRuns = () =>
      Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError'));
    const outcome = await importExecutedNotebooks(
      ['runs/sweep-lr.ipynb', 'runs/source/sweep.ipynb'],
      options(store, SWEEPS)
    );

    expect(outcome.storeError).toEqual({
      kind: 'quota',
      message: 'Quota exceeded'
    });
    expect(outcome.added).toEqual([]);
    expect(outcome.skipped.map(({ path }) => path)).toEqual([
      'runs/source/sweep.ipynb'
    ]);
    expect(await store.countRuns(SWEEP_ID)).toBe(0);
    const message = describePapermillImport(outcome, trans);
    expect(message.title).toBe('Import Failed');
    expect(message.sections[0].text).toBe(
      "The browser's storage for runs is full: nothing was imported. Empty the trash or delete old runs, then import again."
    );
  });

  it('stores nothing once cancelled', async () => {
    const store = new MemoryRunStore();
    const controller = new AbortController();
    const progress: number[] = [];
    const outcome = await importExecutedNotebooks(
      ['runs/sweep-lr.ipynb', 'runs/sweep-defaults.ipynb'],
      options(store, SWEEPS, {
        signal: controller.signal,
        onProgress: fraction => {
          progress.push(fraction);
          controller.abort();
        }
      })
    );
    expect(outcome.cancelled).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    expect(await store.countRuns(SWEEP_ID)).toBe(0);
  });
});

describe('notebookReader', () => {
  it('asks the contents manager for the notebook with its content', async () => {
    const get = jest.fn(async () => ({ content: { cells: [] } }));
    const read = notebookReader({ get } as unknown as Contents.IManager);
    expect(await read('a/b.ipynb')).toEqual({ cells: [] });
    expect(get).toHaveBeenCalledWith('a/b.ipynb', {
      content: true,
      type: 'notebook'
    });
  });
});

/** A run of the sweep, as imported from sweep-lr.ipynb. */
async function sweepRun(): Promise<IRunRecord> {
  const store = new MemoryRunStore();
  const outcome = await importExecutedNotebooks(
    ['runs/sweep-lr.ipynb'],
    options(store, SWEEPS)
  );
  return (await store.getRun(outcome.added[0].run.id))!;
}
