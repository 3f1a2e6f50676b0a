/**
 * Listing an experiment costs in proportion to its runs, never to the value
 * of a run number: a database holding a run numbered 1e21 (as an import
 * before numbers were bounded could leave) must still list in a few
 * requests.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { IRunRecord } from '../model/types';
import { openRunlogDatabase } from './database';
import { LIST_CHUNK_RUNS } from './queries';
import { IndexedDBRunStore } from './runStore';
import { RUN_CELLS_STORE, RUNS_STORE } from './schema';
import { makeRun } from './__tests__/fixtures';

/** Write runs as stored records, numbers untouched (as an older version might have). */
async function storeDirectly(
  factory: IDBFactory,
  runs: readonly IRunRecord[]
): Promise<void> {
  const db = await openRunlogDatabase({ factory });
  const tx = db.transaction([RUNS_STORE, RUN_CELLS_STORE], 'readwrite');
  for (const { cells, ...summary } of runs) {
    void tx.objectStore(RUNS_STORE).put(summary);
    void tx.objectStore(RUN_CELLS_STORE).put({ run_id: summary.id, cells });
  }
  await tx.done;
  db.close();
}

/** Read requests made on indexes while `work` runs. */
async function countRequests<T>(
  work: () => Promise<T>
): Promise<{ result: T; reads: number }> {
  const readSpies = (
    [
      'get',
      'getAll',
      'getAllKeys',
      'count',
      'openCursor',
      'openKeyCursor'
    ] as const
  ).map(name => jest.spyOn(IDBIndex.prototype, name));
  try {
    const result = await work();
    const reads = readSpies.reduce(
      (sum, spy) => sum + spy.mock.calls.length,
      0
    );
    return { result, reads };
  } finally {
    readSpies.forEach(spy => spy.mockRestore());
  }
}

describe('listing an experiment', () => {
  let store: IndexedDBRunStore | undefined;

  afterEach(() => store?.dispose());

  // 1e7 alone already needs 20,000 bands by number value; 1e21 never ends.
  it.each([1e7, 1e21])(
    'lists runs 1…250 and one numbered %d with a bounded number of requests',
    async top => {
      const factory = new IDBFactory();
      const runs = [
        ...Array.from({ length: 250 }, (_, i) => makeRun({ number: i + 1 })),
        makeRun({ number: top }),
        makeRun({ number: 3, experiment: { id: 'nb-2', name: 'other' } })
      ];
      await storeDirectly(factory, runs);
      store = new IndexedDBRunStore({ idbFactory: factory, broadcast: false });
      await store.ready;

      const { result, reads } = await countRequests(() =>
        store!.listRuns('nb-1')
      );

      expect(result.map(run => run.number)).toEqual(
        [...runs.slice(0, 251)].map(run => run.number).reverse()
      );
      // 251 runs fit in one chunk: one read, give or take the last empty
      // one, and one read of the ids in the trash.
      expect(reads).toBeLessThanOrEqual(3);
    }
  );

  it('reads in chunks, and reads every run of numbers shared by many', async () => {
    const factory = new IDBFactory();
    const shared = LIST_CHUNK_RUNS + 20;
    // Ids that sort against the order made, so key order is not make order.
    const runs = [
      ...Array.from({ length: 2 * LIST_CHUNK_RUNS + 3 }, (_, i) =>
        makeRun({ number: i + 1 })
      ),
      ...Array.from({ length: shared }, (_, i) =>
        makeRun({ id: `dup-${shared - i}`, number: 5 })
      ),
      ...Array.from({ length: 3 }, (_, i) =>
        makeRun({ id: `top-${i}`, number: 1e21 })
      )
    ];
    await storeDirectly(factory, runs);
    store = new IndexedDBRunStore({ idbFactory: factory, broadcast: false });
    await store.ready;

    const { result, reads } = await countRequests(() =>
      store!.listRuns('nb-1')
    );

    expect(result).toHaveLength(runs.length);
    expect(new Set(result.map(run => run.id)).size).toBe(runs.length);
    const numbers = result.map(run => run.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    // Proportional to the runs: a handful of chunks, not one per number
    // (and one read of the ids in the trash, to leave them out).
    expect(reads).toBeLessThanOrEqual(
      Math.ceil(runs.length / LIST_CHUNK_RUNS) + 4
    );
  });
});
