import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { IRunSummary } from '../tokens';
import { IndexedDBRunStore } from '../store/runStore';
import { IndexedDBSyncStateStore } from '../store/syncStates';
import { makeRun } from '../store/__tests__/fixtures';
import { enqueueRuns, reconcilePages, storedWatermark } from './queue';

describe('the outbox queue', () => {
  let factory: IDBFactory;
  let store: IndexedDBRunStore;
  let states: IndexedDBSyncStateStore;
  beforeEach(() => {
    factory = new IDBFactory();
    store = new IndexedDBRunStore({
      idbFactory: factory,
      batchDelayMs: 0,
      broadcast: false
    });
    states = new IndexedDBSyncStateStore({ idbFactory: factory });
  });
  afterEach(() => {
    states.dispose();
    store.dispose();
  });

  it('reads every run once, page by page, when several share a write time', async () => {
    const at = (minute: number) =>
      new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString();
    const runs = [1, 2, 2, 2, 2, 3, 4].map(minute =>
      makeRun({ updated_at: at(minute) })
    );
    await Promise.all(runs.map(run => store.put(run)));
    const pages: string[][] = [];
    await reconcilePages(
      states,
      null,
      async page => {
        pages.push(page.map(run => run.id));
      },
      2
    );
    expect(pages.every(page => page.length <= 2 + 3)).toBe(true);
    expect(pages.flat().sort()).toEqual(runs.map(run => run.id).sort());

    // From a watermark: runs since five minutes before it, once each.
    const since: IRunSummary[] = [];
    await reconcilePages(
      states,
      at(9),
      async page => {
        since.push(...page);
      },
      2
    );
    expect(since.map(run => run.id).sort()).toEqual(
      runs
        .filter(run => run.updated_at >= at(4))
        .map(run => run.id)
        .sort()
    );
  });

  it('queues pushable runs and moves the watermark in one transaction', async () => {
    const local = makeRun({ updated_at: '2025-02-01T00:00:00.000Z' });
    const pulled = makeRun({ updated_at: '2025-03-01T00:00:00.000Z' });
    const queued = await enqueueRuns(states, [local, pulled], {
      isPushable: run => run.id === local.id,
      watermark: null,
      now: 0
    });
    expect(queued.written.map(s => s.run_id)).toEqual([local.id]);
    expect(queued.watermark).toBe(pulled.updated_at);
    expect(await storedWatermark(states)).toBe(pulled.updated_at);
    expect(await states.counts()).toEqual({
      waiting: 1,
      synced: 0,
      failed: 0
    });
  });
});
