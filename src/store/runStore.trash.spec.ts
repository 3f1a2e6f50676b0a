import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { IRunAlert, IRunRecord } from '../model/types';
import type { IRunStore } from '../tokens';
import { MemoryRunStore } from '../widgets/__tests__/testing';
import { openRunlogDatabase } from './database';
import { IndexedDBRunStore } from './runStore';
import { RUN_CELLS_STORE } from './schema';
import { makeRun, makeStore, quotaError } from './__tests__/fixtures';

/** `count` runs of nb-1 stored and numbered 1…count, and the changes after. */
async function storeWithRuns(
  create: () => IRunStore,
  count: number
): Promise<{
  store: IRunStore;
  runs: IRunRecord[];
  changes: IRunStore.IChange[];
}> {
  const store = create();
  const runs = Array.from({ length: count }, () => makeRun());
  await Promise.all(runs.map(run => store.put(run)));
  await store.flush();
  const changes: IRunStore.IChange[] = [];
  store.changed.connect((_, change) => changes.push(change));
  return {
    store,
    runs: runs.map((run, i) => ({ ...run, number: i + 1 })),
    changes
  };
}

const numbers = (runs: readonly { number: number }[]) =>
  runs.map(run => run.number);

function alert(rule: string, value: number | string | null = 1): IRunAlert {
  return {
    rule,
    at: '2025-03-01T00:00:00.000Z',
    subject: 'loss',
    value,
    step: 3
  };
}

describe.each<[string, () => IRunStore]>([
  ['IndexedDBRunStore', () => makeStore()],
  ['MemoryRunStore', () => new MemoryRunStore()]
])('%s trash', (_, create) => {
  let store: IRunStore;

  afterEach(() => store?.dispose());

  it('moves runs to the trash with who and when, out of the live list', async () => {
    const ctx = await storeWithRuns(create, 3);
    store = ctx.store;
    const [one, two] = ctx.runs;
    const before = new Date().toISOString();
    const moved = await store.deleteRuns([two.id, one.id, 'nope'], 'ada');
    const after = new Date().toISOString();

    expect(moved.map(run => run.id)).toEqual([two.id, one.id]);
    for (const run of moved) {
      const at = run.deleted!.at;
      expect(at >= before && at <= after).toBe(true);
      expect(run.deleted).toEqual({ at, user: 'ada' });
      expect(run.updated_at).toBe(at);
      expect(run.history).toEqual([
        { at, user: 'ada', field: 'deleted', from: false, to: true }
      ]);
      expect(run).not.toHaveProperty('cells');
    }
    expect(numbers(await store.listRuns('nb-1'))).toEqual([3]);
    expect(numbers(await store.listRuns('nb-1', { trash: true }))).toEqual([
      2, 1
    ]);
    expect(await store.countRuns('nb-1')).toBe(1);
    expect(await store.countRuns('nb-1', { trash: true })).toBe(2);
    expect((await store.getRun(one.id))?.deleted?.user).toBe('ada');
    // The cells stay while the run is in the trash.
    expect((await store.getRun(one.id))?.cells).toEqual(one.cells);
    expect(ctx.changes).toEqual([{ experimentId: 'nb-1', runs: moved }]);
  });

  it('leaves runs in the trash already alone (delete twice)', async () => {
    const ctx = await storeWithRuns(create, 2);
    store = ctx.store;
    const [first] = await store.deleteRuns([ctx.runs[0].id], null);
    ctx.changes.length = 0;
    expect(await store.deleteRuns([ctx.runs[0].id], 'bob')).toEqual([]);
    expect(ctx.changes).toEqual([]);
    const stored = await store.getRun(ctx.runs[0].id);
    expect(stored?.deleted).toEqual(first.deleted);
    expect(stored?.history).toHaveLength(1);
    // Blank user names are recorded as unknown.
    expect(first.deleted?.user).toBeNull();
  });

  it('restores runs: back in the live list, both moves in the history', async () => {
    const ctx = await storeWithRuns(create, 3);
    store = ctx.store;
    const ids = [ctx.runs[0].id, ctx.runs[2].id];
    await store.deleteRuns(ids, 'ada');
    expect(await store.restoreRuns([ctx.runs[1].id], 'bob')).toEqual([]);
    const restored = await store.restoreRuns(ids, 'bob');
    expect(restored.map(run => run.id)).toEqual(ids);
    for (const run of restored) {
      expect(run).not.toHaveProperty('deleted');
      expect(run.history!.map(e => [e.field, e.from, e.to, e.user])).toEqual([
        ['deleted', false, true, 'ada'],
        ['deleted', true, false, 'bob']
      ]);
    }
    expect(numbers(await store.listRuns('nb-1'))).toEqual([3, 2, 1]);
    expect(await store.countRuns('nb-1', { trash: true })).toBe(0);
    expect(ctx.changes[ctx.changes.length - 1]).toEqual({
      experimentId: 'nb-1',
      runs: restored
    });
  });

  it('purges only runs in the trash, leaving a tombstone with the history', async () => {
    const ctx = await storeWithRuns(create, 3);
    store = ctx.store;
    const [live, trashed] = ctx.runs;
    await store.deleteRuns([trashed.id], 'ada');
    ctx.changes.length = 0;
    const before = new Date().toISOString();
    const tombstones = await store.purgeRuns([live.id, trashed.id], 'bob');

    expect(tombstones).toHaveLength(1);
    const [tombstone] = tombstones;
    expect(tombstone.purged_at >= before).toBe(true);
    expect(tombstone).toEqual({
      id: trashed.id,
      experiment_id: 'nb-1',
      number: 2,
      purged_at: tombstone.purged_at,
      user: 'bob',
      history: [
        expect.objectContaining({ field: 'deleted', user: 'ada' }),
        {
          at: tombstone.purged_at,
          user: 'bob',
          field: 'purged',
          from: false,
          to: true
        }
      ]
    });
    expect(await store.getRun(trashed.id)).toBeUndefined();
    expect(await store.getRun(live.id)).toBeDefined();
    expect(await store.listPurged('nb-1')).toEqual([tombstone]);
    expect(await store.listPurged('nb-2')).toEqual([]);
    expect(await store.countRuns('nb-1', { trash: true })).toBe(0);
    expect(numbers(await store.listRuns('nb-1'))).toEqual([3, 1]);
    expect(ctx.changes).toEqual([
      { experimentId: 'nb-1', runs: [], removed: [trashed.id] }
    ]);
    // Purging again finds nothing to purge.
    expect(await store.purgeRuns([trashed.id])).toEqual([]);
  });

  it('never gives a purged number again, to a capture or an import', async () => {
    const ctx = await storeWithRuns(create, 3);
    store = ctx.store;
    const top = ctx.runs[2];
    await store.deleteRuns([top.id]);
    await store.purgeRuns([top.id]);
    expect((await store.put(makeRun())).number).toBe(4);

    await store.deleteRuns(
      (await store.listRuns('nb-1')).filter(r => r.number === 4).map(r => r.id)
    );
    await store.purgeRuns(
      (await store.listRuns('nb-1', { trash: true })).map(r => r.id)
    );
    // An import asking for a purged number, and one asking for none.
    const result = await store.importRuns([
      makeRun({ number: 4, origin: { kind: 'bundle' } as never }),
      makeRun({ number: 0 })
    ]);
    const given = numbers(result.added);
    expect(given.filter(n => n <= 4)).toEqual([]);
    expect(new Set(given).size).toBe(2);
  });

  it('imports a purged id unless skipPurged says otherwise', async () => {
    const ctx = await storeWithRuns(create, 2);
    store = ctx.store;
    const purged = ctx.runs[1];
    await store.deleteRuns([purged.id]);
    await store.purgeRuns([purged.id]);
    const fresh = makeRun();

    const skipped = await store.importRuns([purged, fresh], {
      skipPurged: true
    });
    expect(skipped.purged).toEqual([purged.id]);
    expect(skipped.added.map(run => run.id)).toEqual([fresh.id]);
    expect(await store.getRun(purged.id)).toBeUndefined();

    const imported = await store.importRuns([purged]);
    expect(imported.added.map(run => run.id)).toEqual([purged.id]);
    // Its own number is its to have back.
    expect(imported.added[0].number).toBe(2);
    expect(await store.getRun(purged.id)).toBeDefined();
  });

  it('puts an imported run that has `deleted` in the trash', async () => {
    store = create();
    const deleted = { at: '2025-02-01T00:00:00.000Z', user: 'ada' };
    const run = makeRun({ number: 1, deleted });
    await store.importRuns([run, makeRun({ number: 2 })]);
    expect(numbers(await store.listRuns('nb-1'))).toEqual([2]);
    const [trashed] = await store.listRuns('nb-1', { trash: true });
    expect(trashed.deleted).toEqual(deleted);
    const [experiment] = await store.listExperiments();
    // run_count counts live runs.
    expect(experiment.run_count).toBe(1);
  });

  it('counts live runs in run_count as runs move', async () => {
    const ctx = await storeWithRuns(create, 4);
    store = ctx.store;
    const runCount = async () => (await store.listExperiments())[0].run_count;
    expect(await runCount()).toBe(4);
    const ids = [ctx.runs[0].id, ctx.runs[1].id];
    await store.deleteRuns(ids);
    expect(await runCount()).toBe(2);
    await store.restoreRuns([ids[0]]);
    expect(await runCount()).toBe(3);
    await store.purgeRuns([ids[1]]);
    expect(await runCount()).toBe(3);
    expect((await store.listExperiments())[0].last_number).toBe(4);
  });

  it('lists the first page of live runs past a big trash above them', async () => {
    const ctx = await storeWithRuns(create, 30);
    store = ctx.store;
    await store.deleteRuns(ctx.runs.slice(10).map(run => run.id));
    expect(numbers(await store.listRuns('nb-1', { limit: 4 }))).toEqual([
      10, 9, 8, 7
    ]);
    expect(
      numbers(await store.listRuns('nb-1', { limit: 3, trash: true }))
    ).toEqual([30, 29, 28]);
    expect(await store.listRuns('nb-1', { limit: 0 })).toEqual([]);
  });

  it('lists running runs in the trash too, so they can be closed', async () => {
    const ctx = await storeWithRuns(create, 0);
    store = ctx.store;
    const running = makeRun({ status: 'running' });
    await store.put(running);
    await store.flush();
    await store.deleteRuns([running.id]);
    expect((await store.listRunning()).map(run => run.id)).toEqual([
      running.id
    ]);
  });

  it('keeps a delete and alerts when capture rewrites a running run', async () => {
    store = create();
    const running = makeRun({ status: 'running' });
    await store.put(running);
    await store.flush();
    await store.deleteRuns([running.id], 'ada');
    await store.addAlerts(running.id, [alert('loss > 1')]);
    await store.put({
      ...running,
      status: 'completed',
      alerts: [alert('loss > 1', 5), alert('acc < 0.5')]
    });
    await store.flush();
    const stored = await store.getRun(running.id);
    expect(stored?.status).toBe('completed');
    expect(stored?.deleted?.user).toBe('ada');
    expect(stored?.alerts?.map(a => [a.rule, a.value])).toEqual([
      ['loss > 1', 1],
      ['acc < 0.5', 1]
    ]);
    expect(await store.countRuns('nb-1', { trash: true })).toBe(1);
  });

  it('records each alert rule once per run', async () => {
    const ctx = await storeWithRuns(create, 1);
    store = ctx.store;
    const [run] = ctx.runs;
    const first = await store.addAlerts(run.id, [
      alert('loss > 1'),
      alert('loss > 1', 2)
    ]);
    expect(first?.alerts).toEqual([alert('loss > 1')]);
    ctx.changes.length = 0;
    const again = await store.addAlerts(run.id, [alert('loss > 1', 9)]);
    expect(again?.alerts).toEqual([alert('loss > 1')]);
    expect(ctx.changes).toEqual([]);
    const second = await store.addAlerts(run.id, [alert('status == failed')]);
    expect(second?.alerts?.map(a => a.rule)).toEqual([
      'loss > 1',
      'status == failed'
    ]);
    expect(ctx.changes).toEqual([{ experimentId: 'nb-1', runs: [second] }]);
    expect((await store.getRun(run.id))?.alerts).toEqual(second?.alerts);
    expect(await store.addAlerts('nope', [alert('x')])).toBeUndefined();
  });
});

describe('IndexedDBRunStore trash, in the database', () => {
  let store: IndexedDBRunStore;

  afterEach(() => {
    jest.restoreAllMocks();
    store?.dispose();
  });

  it('deletes the cells of a purged run', async () => {
    const factory = new IDBFactory();
    store = makeStore({ idbFactory: factory });
    const run = makeRun();
    await store.put(run);
    await store.deleteRuns([run.id]);
    await store.purgeRuns([run.id]);
    const db = await openRunlogDatabase({ factory });
    expect(await db.get(RUN_CELLS_STORE, run.id)).toBeUndefined();
    db.close();
  });

  it('writes a queued run before moving it', async () => {
    store = makeStore({ batchDelayMs: 60_000 });
    const run = makeRun();
    const put = store.put(run);
    const [moved] = await store.deleteRuns([run.id]);
    expect(moved.id).toBe(run.id);
    await put;
    expect((await store.getRun(run.id))?.deleted).toBeDefined();
  });

  it('does not bring back a purged run capture is still rewriting', async () => {
    store = makeStore();
    const running = makeRun({ status: 'running' });
    await store.put(running);
    await store.deleteRuns([running.id]);
    await store.purgeRuns([running.id]);
    const changes: IRunStore.IChange[] = [];
    store.changed.connect((_, change) => changes.push(change));
    await store.put({ ...running, status: 'completed' });
    expect(await store.getRun(running.id)).toBeUndefined();
    expect(changes).toEqual([]);
    expect((await store.listExperiments())[0].run_count).toBe(0);
  });

  it.each([
    ['deleteRuns', (s: IRunStore, id: string) => s.deleteRuns([id])],
    ['addAlerts', (s: IRunStore, id: string) => s.addAlerts(id, [alert('a')])]
  ])('%s rejects with the quota error, nothing written', async (_, call) => {
    store = makeStore();
    const run = makeRun();
    await store.put(run);
    const stored = await store.getRun(run.id);
    const changes: IRunStore.IChange[] = [];
    store.changed.connect((__, change) => changes.push(change));
    jest.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quotaError();
    });
    await expect(call(store, run.id)).rejects.toMatchObject({
      name: 'QuotaExceededError'
    });
    jest.restoreAllMocks();
    expect(await store.getRun(run.id)).toEqual(stored);
    expect(await store.listExperiments()).toEqual([
      expect.objectContaining({ run_count: 1 })
    ]);
    expect(changes).toEqual([]);
  });

  it('purge rejects with the quota error, the run still in the trash', async () => {
    store = makeStore();
    const run = makeRun();
    await store.put(run);
    await store.deleteRuns([run.id]);
    jest.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quotaError();
    });
    await expect(store.purgeRuns([run.id])).rejects.toMatchObject({
      name: 'QuotaExceededError'
    });
    jest.restoreAllMocks();
    expect((await store.getRun(run.id))?.deleted).toBeDefined();
    expect(await store.listPurged('nb-1')).toEqual([]);
  });

  it('refuses malformed alerts before writing', async () => {
    store = makeStore();
    const run = makeRun();
    await store.put(run);
    await expect(
      store.addAlerts(run.id, [{ ...alert('a'), value: { x: 1 } as never }])
    ).rejects.toThrow(/value must be a number, a string/);
    await expect(
      store.addAlerts(run.id, [{ ...alert(''), rule: '' }])
    ).rejects.toThrow(/rule must be a non-empty string/);
    await expect(
      store.addAlerts(run.id, [{ ...alert('a'), at: 'soon' }])
    ).rejects.toThrow(/time must be an ISO 8601/);
    expect((await store.getRun(run.id))?.alerts).toBeUndefined();
  });

  it('keeps at most 100 alerts on a run', async () => {
    store = makeStore();
    const run = makeRun();
    await store.put(run);
    const many = Array.from({ length: 120 }, (_, i) => alert(`rule ${i}`));
    const summary = await store.addAlerts(run.id, many);
    expect(summary?.alerts).toHaveLength(100);
    expect(summary?.alerts?.[99].rule).toBe('rule 99');
  });
});

describe('IndexedDBRunStore trash across tabs', () => {
  const original = (globalThis as { BroadcastChannel?: unknown })
    .BroadcastChannel;

  beforeAll(() => {
    // jsdom lacks BroadcastChannel; Node's delivers between instances in one thread.
    const { BroadcastChannel } = jest.requireActual<{
      BroadcastChannel: unknown;
    }>('worker_threads');
    Object.assign(globalThis, { BroadcastChannel });
  });

  afterAll(() => {
    Object.assign(globalThis, { BroadcastChannel: original });
  });

  it('tells another tab of runs moved to the trash and deleted for good', async () => {
    const factory = new IDBFactory();
    const options = { idbFactory: factory, dbName: 'trash-tabs' };
    const writer = new IndexedDBRunStore({
      ...options,
      batchDelayMs: 0,
      broadcast: true
    });
    const reader = new IndexedDBRunStore({ ...options, broadcast: true });
    try {
      const run = makeRun();
      await writer.put(run);
      const received: IRunStore.IChange[] = [];
      const next = (test: (change: IRunStore.IChange) => boolean) =>
        new Promise<IRunStore.IChange>(resolve =>
          reader.changed.connect((_, change) => {
            received.push(change);
            if (test(change)) {
              resolve(change);
            }
          })
        );
      const deletedSeen = next(change => !!change.runs[0]?.deleted);
      const [moved] = await writer.deleteRuns([run.id], 'ada');
      expect(await deletedSeen).toEqual({
        experimentId: 'nb-1',
        runs: [moved]
      });

      const removedSeen = next(change => !!change.removed);
      await writer.purgeRuns([run.id], 'ada');
      expect(await removedSeen).toEqual({
        experimentId: 'nb-1',
        runs: [],
        removed: [run.id]
      });
      expect(await reader.listPurged('nb-1')).toHaveLength(1);
    } finally {
      writer.dispose();
      reader.dispose();
    }
  });
});
