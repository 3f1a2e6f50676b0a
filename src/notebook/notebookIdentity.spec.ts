import { NotebookModel } from '@jupyterlab/notebook';
import type { Contents } from '@jupyterlab/services';
import { RUNLOG_METADATA_KEY } from '../model/runlogMetadata';
import { makeRunRecord, MemoryRunStore } from '../widgets/__tests__/testing';
import {
  findCopySource,
  NotebookIdReader,
  notebookIdReader,
  resolveExperiment
} from './notebookIdentity';

/** Notebook files on "disk": path → the experiment id saved in them. */
function files(saved: { [path: string]: string | null }): NotebookIdReader {
  return async path => saved[path] ?? null;
}

/** A store holding runs of experiment `exp-1`, recorded at the given paths. */
async function storeWithRunsAt(...paths: string[]): Promise<MemoryRunStore> {
  const store = new MemoryRunStore();
  for (const [index, path] of paths.entries()) {
    await store.put(makeRunRecord(index + 1, { notebook_path: path }));
  }
  return store;
}

function notebookWithId(id?: string): NotebookModel {
  const model = new NotebookModel();
  if (id) {
    model.setMetadata(RUNLOG_METADATA_KEY, { notebook_id: id });
  }
  return model;
}

describe('findCopySource', () => {
  it('tells a copy: the original still carries the id where its runs were recorded', async () => {
    const store = await storeWithRunsAt('tune.ipynb', 'tune.ipynb');
    const disk = files({ 'tune.ipynb': 'exp-1', 'tune-Copy1.ipynb': 'exp-1' });
    expect(await findCopySource(store, disk, 'tune-Copy1.ipynb', 'exp-1')).toBe(
      'tune.ipynb'
    );
  });

  it('keeps the history of a renamed or moved notebook: nothing is left at the old path', async () => {
    const store = await storeWithRunsAt('tune.ipynb');
    const disk = files({ 'work/tuned.ipynb': 'exp-1' });
    expect(
      await findCopySource(store, disk, 'work/tuned.ipynb', 'exp-1')
    ).toBeNull();
  });

  it('is not a copy when another notebook now sits at the old path', async () => {
    const store = await storeWithRunsAt('tune.ipynb');
    const disk = files({ 'tune.ipynb': 'exp-other', 'tuned.ipynb': 'exp-1' });
    expect(
      await findCopySource(store, disk, 'tuned.ipynb', 'exp-1')
    ).toBeNull();
  });

  it('is not a copy at the path its runs were last recorded at', async () => {
    const store = await storeWithRunsAt('tune.ipynb');
    const disk = files({ 'tune.ipynb': 'exp-1', 'tune-Copy1.ipynb': 'exp-1' });
    expect(await findCopySource(store, disk, 'tune.ipynb', 'exp-1')).toBeNull();
  });

  it('is not a copy once runs of the experiment were recorded at its path', async () => {
    // Both files ran before copies were told apart: neither loses its runs.
    const store = await storeWithRunsAt('tune.ipynb', 'tune-Copy1.ipynb');
    const disk = files({ 'tune.ipynb': 'exp-1', 'tune-Copy1.ipynb': 'exp-1' });
    expect(await findCopySource(store, disk, 'tune.ipynb', 'exp-1')).toBeNull();
  });

  it('is not a copy for an experiment with no runs stored', async () => {
    const store = await storeWithRunsAt();
    const disk = files({ 'tune.ipynb': 'exp-1' });
    expect(
      await findCopySource(store, disk, 'tune-Copy1.ipynb', 'exp-1')
    ).toBeNull();
  });
});

describe('resolveExperiment', () => {
  it("gives a notebook's own id when it is not a copy", async () => {
    const store = await storeWithRunsAt('tune.ipynb');
    const resolved = await resolveExperiment(
      store,
      files({ 'tune.ipynb': 'exp-1' }),
      notebookWithId('exp-1'),
      'tune.ipynb'
    );
    expect(resolved).toEqual({ id: 'exp-1', copyOf: null });
  });

  it('gives a copy no experiment until its first capture', async () => {
    const store = await storeWithRunsAt('tune.ipynb');
    const resolved = await resolveExperiment(
      store,
      files({ 'tune.ipynb': 'exp-1', 'copy.ipynb': 'exp-1' }),
      notebookWithId('exp-1'),
      'copy.ipynb'
    );
    expect(resolved).toEqual({ id: null, copyOf: 'tune.ipynb' });
  });

  it('gives a copy whose new id was not saved the experiment recorded at its path', async () => {
    const store = await storeWithRunsAt('tune.ipynb');
    await store.put(
      makeRunRecord(1, {
        id: 'copy-run-1',
        experiment: { id: 'exp-copy', name: 'copy' },
        notebook_path: 'copy.ipynb'
      })
    );
    const resolved = await resolveExperiment(
      store,
      files({ 'tune.ipynb': 'exp-1', 'copy.ipynb': 'exp-1' }),
      notebookWithId('exp-1'),
      'copy.ipynb'
    );
    expect(resolved).toEqual({ id: 'exp-copy', copyOf: 'tune.ipynb' });
  });

  it('gives a notebook without an id the experiment recorded at its path', async () => {
    const store = await storeWithRunsAt('tune.ipynb');
    expect(
      await resolveExperiment(store, files({}), notebookWithId(), 'tune.ipynb')
    ).toEqual({ id: 'exp-1', copyOf: null });
    expect(
      await resolveExperiment(store, files({}), notebookWithId(), 'new.ipynb')
    ).toEqual({ id: null, copyOf: null });
  });
});

describe('notebookIdReader', () => {
  /** A contents manager holding one notebook file with this metadata. */
  function contentsWith(metadata: unknown): Contents.IManager {
    return {
      get: async () => ({ content: { metadata, cells: [] } })
    } as unknown as Contents.IManager;
  }

  // It used to take any text, so an empty id read from a file was an id,
  // while the open notebook and papermill import read it as none.
  it.each<[string, unknown, string | null]>([
    ['an id', { runlog: { notebook_id: 'nb-1' } }, 'nb-1'],
    ['an empty id', { runlog: { notebook_id: '' } }, null],
    ['a numeric id', { runlog: { notebook_id: 1 } }, null],
    ['a runlog that is not an object', { runlog: 'nb-1' }, null],
    ['no metadata', undefined, null]
  ])('%s', async (_, metadata, expected) => {
    await expect(
      notebookIdReader(contentsWith(metadata))('a.ipynb')
    ).resolves.toBe(expected);
  });

  it('reads an unreadable file as no id', async () => {
    const contents = {
      get: async () => {
        throw new Error('404');
      }
    } as unknown as Contents.IManager;
    await expect(notebookIdReader(contents)('gone.ipynb')).resolves.toBeNull();
  });
});
