import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { IRunStore } from '../tokens';
import { LIST_CHUNK_RUNS } from './queries';
import { IndexedDBRunStore } from './runStore';
import { makeRun, makeStore } from './__tests__/fixtures';

/** Count readwrite transactions opened on any fake database. */
function spyOnWriteTransactions(): jest.SpyInstance {
  return jest.spyOn(IDBDatabase.prototype, 'transaction');
}

function writeCount(spy: jest.SpyInstance): number {
  return spy.mock.calls.filter(call => call[1] === 'readwrite').length;
}

describe('IndexedDBRunStore', () => {
  let store: IndexedDBRunStore;

  afterEach(() => {
    jest.restoreAllMocks();
    store?.dispose();
  });

  describe('writing and reading', () => {
    it('stores a run and reads it back with its cells', async () => {
      store = makeStore();
      const run = makeRun();
      const summary = await store.put(run);
      expect(summary.number).toBe(1);
      expect(summary).not.toHaveProperty('cells');
      const stored = await store.getRun(run.id);
      expect(stored).toEqual({ ...run, number: 1 });
    });

    it('returns undefined for an unknown run', async () => {
      store = makeStore();
      expect(await store.getRun('missing')).toBeUndefined();
    });

    it('rejects a record without an id instead of poisoning the batch', async () => {
      store = makeStore();
      await expect(store.put(makeRun({ id: '' }))).rejects.toThrow(TypeError);
    });

    it('numbers runs 1..n per experiment and keeps numbers on rewrite', async () => {
      store = makeStore();
      const a = [makeRun(), makeRun(), makeRun()];
      const b = [
        makeRun({ experiment: { id: 'nb-2', name: 'other' } }),
        makeRun({ experiment: { id: 'nb-2', name: 'other' } })
      ];
      const numbers = await Promise.all(
        [...a, ...b].map(run => store.put(run))
      );
      expect(numbers.map(s => s.number)).toEqual([1, 2, 3, 1, 2]);

      // The recorder rewrites a run after each cell, still with number 0.
      const rewritten = await store.put({ ...a[1], status: 'failed' });
      expect(rewritten.number).toBe(2);
      const next = await store.put(makeRun());
      expect(next.number).toBe(4);
      expect(await store.countRuns('nb-1')).toBe(4);
      expect(await store.countRuns('nb-2')).toBe(2);
    });

    it('keeps a number the caller gave and continues after it', async () => {
      store = makeStore();
      expect((await store.put(makeRun({ number: 7 }))).number).toBe(7);
      expect((await store.put(makeRun())).number).toBe(8);
    });

    it('renumbers a run that moves to another experiment', async () => {
      store = makeStore();
      const run = makeRun();
      await store.put(makeRun());
      await store.put(run);
      const moved = await store.put({
        ...run,
        number: 0,
        experiment: { id: 'nb-2', name: 'copy' }
      });
      expect(moved.number).toBe(1);
      const counts = (await store.listExperiments()).map(e => [
        e.id,
        e.run_count,
        e.last_number
      ]);
      expect(counts).toEqual([
        ['nb-1', 1, 2],
        ['nb-2', 1, 1]
      ]);
      expect(await store.countRuns('nb-1')).toBe(1);
    });

    it('maintains experiment summaries', async () => {
      store = makeStore();
      const first = makeRun();
      await store.put(first);
      const renamed = makeRun({
        experiment: { id: 'nb-1', name: 'renamed' },
        notebook_path: 'work/renamed.ipynb'
      });
      await store.put(renamed);
      // Rewriting the older run must not bring the old name back.
      await store.put({
        ...first,
        annotations: { note: 'x', tags: [], starred: true }
      });
      expect(await store.listExperiments()).toEqual([
        {
          id: 'nb-1',
          name: 'renamed',
          notebook_path: 'work/renamed.ipynb',
          run_count: 2,
          last_number: 2,
          last_run_at: renamed.started_at
        }
      ]);
    });
  });

  describe('batching', () => {
    it('writes many puts in one transaction, off the caller stack', async () => {
      store = makeStore({ batchDelayMs: 20 });
      await store.ready;
      const spy = spyOnWriteTransactions();
      const puts = Array.from({ length: 25 }, () => store.put(makeRun()));
      expect(writeCount(spy)).toBe(0);
      expect(store.pendingCount).toBe(25);
      const summaries = await Promise.all(puts);
      expect(writeCount(spy)).toBe(1);
      expect(summaries.map(s => s.number)).toEqual(
        Array.from({ length: 25 }, (_, i) => i + 1)
      );
    });

    it('coalesces puts of one run: the latest record wins', async () => {
      store = makeStore({ batchDelayMs: 20 });
      await store.ready;
      const spy = spyOnWriteTransactions();
      const run = makeRun({ status: 'running' });
      const puts = [
        store.put(run),
        store.put({ ...run, metrics: {} }),
        store.put({ ...run, status: 'completed' })
      ];
      expect(store.pendingCount).toBe(1);
      const results = await Promise.all(puts);
      expect(writeCount(spy)).toBe(1);
      expect(results.map(r => r.status)).toEqual([
        'completed',
        'completed',
        'completed'
      ]);
      expect((await store.getRun(run.id))?.status).toBe('completed');
      expect(await store.countRuns('nb-1')).toBe(1);
    });

    it('writes at once when the page is hidden', async () => {
      store = makeStore({ batchDelayMs: 60000 });
      const run = makeRun();
      const put = store.put(run);
      const visibility = jest
        .spyOn(document, 'visibilityState', 'get')
        .mockReturnValue('hidden');
      document.dispatchEvent(new Event('visibilitychange'));
      expect((await put).number).toBe(1);
      expect(visibility).toHaveBeenCalled();
    });

    it('flush() resolves once queued runs are durable', async () => {
      store = makeStore({ batchDelayMs: 10000 });
      const run = makeRun();
      void store.put(run);
      await store.flush();
      expect(store.pendingCount).toBe(0);
      expect(await store.getRun(run.id)).toBeDefined();
    });
  });

  describe('listing', () => {
    it('lists runs newest first, honours limit and leaves cells out', async () => {
      store = makeStore();
      const runs = Array.from({ length: 5 }, () => makeRun());
      await Promise.all(runs.map(run => store.put(run)));
      await store.put(makeRun({ experiment: { id: 'nb-2', name: 'b' } }));

      const all = await store.listRuns('nb-1');
      expect(all.map(r => r.number)).toEqual([5, 4, 3, 2, 1]);
      expect(all.map(r => r.id)).toEqual(runs.map(r => r.id).reverse());
      expect(all.every(r => !('cells' in r))).toBe(true);

      const page = await store.listRuns('nb-1', { limit: 2 });
      expect(page.map(r => r.number)).toEqual([5, 4]);
      expect(await store.listRuns('nb-1', { limit: 0 })).toEqual([]);
      expect(await store.listRuns('unknown')).toEqual([]);
    });

    it('lists every run of an experiment that spans several chunks, newest first', async () => {
      store = makeStore();
      const numbers = Array.from(
        { length: 2 * LIST_CHUNK_RUNS + 7 },
        (_, i) => 3 * i + 1
      );
      await store.importRuns(numbers.map(number => makeRun({ number })));
      await store.put(makeRun({ experiment: { id: 'nb-2', name: 'b' } }));
      const all = await store.listRuns('nb-1');
      expect(all.map(r => r.number)).toEqual([...numbers].reverse());
    });

    it('lists runs left running across experiments', async () => {
      store = makeStore();
      const open = makeRun({ status: 'running' });
      const other = makeRun({
        status: 'running',
        experiment: { id: 'nb-2', name: 'b' }
      });
      await Promise.all([
        store.put(open),
        store.put(makeRun()),
        store.put(other)
      ]);
      const running = await store.listRunning();
      expect(running.map(r => r.id).sort()).toEqual([open.id, other.id].sort());
    });
  });

  describe('changed signal', () => {
    it('emits once per experiment touched with the stored summaries', async () => {
      store = makeStore({ batchDelayMs: 10 });
      const changes: IRunStore.IChange[] = [];
      store.changed.connect((_, change) => changes.push(change));
      const a1 = makeRun();
      const a2 = makeRun();
      const b1 = makeRun({ experiment: { id: 'nb-2', name: 'b' } });
      await Promise.all([store.put(a1), store.put(b1), store.put(a2)]);
      expect(changes).toHaveLength(2);
      const byId = new Map(changes.map(c => [c.experimentId, c.runs]));
      expect(byId.get('nb-1')?.map(r => [r.id, r.number])).toEqual([
        [a1.id, 1],
        [a2.id, 2]
      ]);
      expect(byId.get('nb-2')?.map(r => r.id)).toEqual([b1.id]);
      expect(byId.get('nb-1')?.[0]).not.toHaveProperty('cells');
    });
  });

  describe('persistence', () => {
    function fakeStorage(granted: boolean) {
      return {
        persist: jest.fn(async () => granted),
        persisted: jest.fn(async () => granted)
      } as unknown as StorageManager & {
        persist: jest.Mock;
        persisted: jest.Mock;
      };
    }

    it('asks the browser once, across sessions', async () => {
      const factory = new IDBFactory();
      const storage = fakeStorage(true);
      store = makeStore({ idbFactory: factory });
      expect(await store.requestPersistence(storage)).toBe(true);
      expect(await store.requestPersistence(storage)).toBe(true);
      store.dispose();
      store = makeStore({ idbFactory: factory });
      expect(await store.requestPersistence(storage)).toBe(true);
      expect(storage.persist).toHaveBeenCalledTimes(1);
      expect(storage.persisted).toHaveBeenCalledTimes(1);
    });

    it('reports a refusal and does nothing without the Storage API', async () => {
      store = makeStore();
      const storage = fakeStorage(false);
      expect(await store.requestPersistence(storage)).toBe(false);
      const bare = makeStore();
      // jsdom has no navigator.storage.
      expect(await bare.requestPersistence()).toBe(false);
      bare.dispose();
    });
  });
});

describe('IndexedDBRunStore default factory', () => {
  it('opens the global indexedDB when given no factory', async () => {
    const store = new IndexedDBRunStore({
      broadcast: false,
      dbName: 'default'
    });
    await expect(store.ready).resolves.toBeUndefined();
    store.dispose();
  });
});
