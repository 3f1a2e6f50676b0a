import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { IndexedDBRunStore } from './runStore';
import { makeRun } from './__tests__/fixtures';

const PATH = 'work/tune-prompt.ipynb';

/** Two tabs: two stores (two connections) on one database. */
function twoTabs(): [IndexedDBRunStore, IndexedDBRunStore] {
  const factory = new IDBFactory();
  const open = () =>
    new IndexedDBRunStore({
      idbFactory: factory,
      batchDelayMs: 0,
      broadcast: false
    });
  return [open(), open()];
}

describe('IndexedDBRunStore.claimExperiment', () => {
  let tabs: [IndexedDBRunStore, IndexedDBRunStore];

  beforeEach(() => {
    tabs = twoTabs();
  });

  afterEach(() => {
    tabs.forEach(store => store.dispose());
  });

  it.each([2, 7, 20])(
    'gives %i concurrent first claims from two tabs one id, and their runs numbers 1…N',
    async count => {
      const claims = await Promise.all(
        Array.from({ length: count }, (_, index) =>
          tabs[index % 2].claimExperiment(PATH, `candidate-${index}`)
        )
      );
      expect(new Set(claims).size).toBe(1);
      const [id] = claims;
      expect(id).toMatch(/^candidate-\d+$/);

      // Each claimer writes its first run at once, from its own tab.
      const stored = await Promise.all(
        claims.map((claimed, index) =>
          tabs[index % 2].put(
            makeRun({
              experiment: { id: claimed, name: 'tune-prompt' },
              notebook_path: PATH
            })
          )
        )
      );
      expect(stored.map(run => run.number).sort((a, b) => a - b)).toEqual(
        Array.from({ length: count }, (_, index) => index + 1)
      );
      const experiments = await tabs[1].listExperiments();
      expect(experiments.map(e => [e.id, e.run_count, e.last_number])).toEqual([
        [id, count, count]
      ]);
    }
  );

  it('keeps the first id once its runs are stored', async () => {
    const id = await tabs[0].claimExperiment(PATH, 'first');
    await tabs[0].put(
      makeRun({ experiment: { id, name: 'tune-prompt' }, notebook_path: PATH })
    );
    expect(await tabs[1].claimExperiment(PATH, 'second')).toBe('first');
  });

  it('joins the newest experiment recorded at the path (reloaded unsaved)', async () => {
    for (const [id, minute] of [
      ['older', 1],
      ['newer', 2]
    ] as const) {
      await tabs[0].put(
        makeRun({
          experiment: { id, name: 'tune-prompt' },
          notebook_path: PATH,
          started_at: `2025-02-01T00:0${minute}:00.000Z`
        })
      );
    }
    expect(await tabs[1].claimExperiment(PATH, 'fresh')).toBe('newer');
  });

  it('passes over a claim whose notebook was renamed and ran elsewhere', async () => {
    const id = await tabs[0].claimExperiment(PATH, 'renamed');
    await tabs[0].put(
      makeRun({
        experiment: { id, name: 'tune-prompt' },
        notebook_path: 'work/renamed.ipynb'
      })
    );
    // A new notebook at the old path starts its own experiment.
    expect(await tabs[1].claimExperiment(PATH, 'new-notebook')).toBe(
      'new-notebook'
    );
    expect(await tabs[0].claimExperiment(PATH, 'another')).toBe('new-notebook');
  });

  it('decides each path on its own (a copy gets its own experiment)', async () => {
    const original = await tabs[0].claimExperiment(PATH, 'original');
    const copy = await tabs[1].claimExperiment(
      'work/tune-prompt-Copy1.ipynb',
      'copy'
    );
    expect([original, copy]).toEqual(['original', 'copy']);
  });
});
