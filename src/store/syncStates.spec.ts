import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { IRunSyncState } from '../tokens';
import { openRunlogDatabase } from './database';
import { IndexedDBRunStore } from './runStore';
import { DB_NAME } from './schema';
import { IndexedDBSyncStateStore } from './syncStates';
import { makeRun } from './__tests__/fixtures';

function state(
  runId: string,
  overrides: Partial<IRunSyncState> = {}
): IRunSyncState {
  return {
    run_id: runId,
    experiment_id: 'nb-1',
    state: 'waiting',
    pushed_updated_at: null,
    artifacts_pushed: false,
    mlflow: null,
    attempts: 0,
    next_attempt_at: null,
    error: null,
    updated_at: '2025-01-01T00:00:00.000Z',
    ...overrides
  };
}

describe('IndexedDBSyncStateStore', () => {
  let factory: IDBFactory;
  let states: IndexedDBSyncStateStore;

  beforeEach(() => {
    factory = new IDBFactory();
    states = new IndexedDBSyncStateStore({ idbFactory: factory });
  });
  afterEach(() => states.dispose());

  it('upgrades a version 2 database to 3 and keeps every run', async () => {
    const runs = [makeRun({ number: 1 }), makeRun({ number: 2 })];
    const old = await openRunlogDatabase({
      factory,
      name: DB_NAME,
      version: 2
    });
    const tx = old.transaction(['runs', 'run_cells'], 'readwrite');
    for (const { cells, ...summary } of runs) {
      void tx.objectStore('runs').put(summary);
      void tx.objectStore('run_cells').put({ run_id: summary.id, cells });
    }
    await tx.done;
    old.close();

    // The sync store opens first, as after an upgrade of the extension.
    expect(await states.counts()).toEqual({ waiting: 0, synced: 0, failed: 0 });
    expect((await states.runsUpdatedSince(null)).map(r => r.id)).toEqual(
      runs.map(r => r.id)
    );
    const store = new IndexedDBRunStore({
      idbFactory: factory,
      batchDelayMs: 0,
      broadcast: false
    });
    try {
      expect(await store.getRuns(runs.map(r => r.id))).toEqual(runs);
    } finally {
      store.dispose();
    }
  });

  it('puts states in one transaction and reads them by id and by state', async () => {
    await states.put([
      state('a'),
      state('b', { state: 'synced' }),
      state('c', { state: 'failed', error: 'refused' }),
      state('d')
    ]);
    expect([...(await states.get(['d', 'x', 'b'])).keys()]).toEqual(['d', 'b']);
    expect((await states.listByState('waiting')).map(s => s.run_id)).toEqual([
      'a',
      'd'
    ]);
    expect((await states.listByState('failed'))[0].error).toBe('refused');
    expect(await states.counts()).toEqual({ waiting: 2, synced: 1, failed: 1 });
  });

  it('writes nothing when one state of a put is invalid', async () => {
    const broken = { ...state('b'), run_id: undefined } as never;
    await expect(states.put([state('a'), broken])).rejects.toBeDefined();
    expect(await states.counts()).toEqual({ waiting: 0, synced: 0, failed: 0 });
  });

  it('modify reads and writes in one transaction, with marks', async () => {
    await states.put([state('a', { attempts: 3 })]);
    const written = await states.modify(['a', 'b'], existing => ({
      states: [
        { ...existing.get('a')!, attempts: existing.get('a')!.attempts + 1 },
        state('b')
      ],
      meta: { watermark: '2025-02-01T00:00:00.000Z' }
    }));
    expect(written.map(s => s.run_id)).toEqual(['a', 'b']);
    expect((await states.get(['a'])).get('a')!.attempts).toBe(4);
    expect(await states.getMeta('watermark')).toBe('2025-02-01T00:00:00.000Z');
  });

  it('modify writes nothing when the decision throws', async () => {
    await expect(
      states.modify(['a'], () => {
        throw new Error('no');
      })
    ).rejects.toThrow('no');
    expect(await states.counts()).toEqual({ waiting: 0, synced: 0, failed: 0 });
  });

  it('keeps marks and lists runs written after a time, oldest first', async () => {
    await states.setMeta('pull:nb-1', 1234);
    expect(await states.getMeta('pull:nb-1')).toBe(1234);
    expect(await states.getMeta('missing')).toBeUndefined();

    const store = new IndexedDBRunStore({
      idbFactory: factory,
      batchDelayMs: 0,
      broadcast: false
    });
    try {
      const early = makeRun({ updated_at: '2025-03-01T00:00:00.000Z' });
      const late = makeRun({ updated_at: '2025-03-02T00:00:00.000Z' });
      await Promise.all([store.put(late), store.put(early)]);
      expect(
        (await states.runsUpdatedSince('2025-03-01T00:00:00.000Z')).map(
          r => r.id
        )
      ).toEqual([late.id]);
      expect((await states.runsUpdatedSince(null)).map(r => r.id)).toEqual([
        early.id,
        late.id
      ]);
    } finally {
      store.dispose();
    }
  });

  it('lists runs moved in or out of the trash after a time, though their records were not written', async () => {
    const store = new IndexedDBRunStore({
      idbFactory: factory,
      batchDelayMs: 0,
      broadcast: false
    });
    try {
      const runs = [1, 2, 3].map(day =>
        makeRun({ updated_at: `2025-03-0${day}T00:00:00.000Z` })
      );
      await Promise.all(runs.map(run => store.put(run)));
      const since = '2025-03-03T00:00:00.000Z';
      expect((await states.runsUpdatedSince(since)).map(r => r.id)).toEqual([]);
      const [moved] = await store.deleteRuns([runs[0].id]);

      const listed = await states.runsUpdatedSince(since);
      expect(listed.map(r => r.id)).toEqual([runs[0].id]);
      expect(listed[0].deleted).toEqual(moved.deleted);
      expect(listed[0].updated_at).toBe(moved.deleted!.at);
      // Paged as a reconcile pages: every run once, the moved one last.
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 5; page++) {
        const runsOfPage = await states.runsUpdatedSince(after, { limit: 2 });
        if (runsOfPage.length === 0) {
          break;
        }
        seen.push(...runsOfPage.map(r => r.id));
        after = runsOfPage[runsOfPage.length - 1].updated_at;
      }
      expect(seen).toEqual([runs[1].id, runs[2].id, runs[0].id]);
    } finally {
      store.dispose();
    }
  });

  it('rejects after dispose', async () => {
    states.dispose();
    await expect(states.counts()).rejects.toThrow('disposed');
  });
});
