import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { IRunStore } from '../tokens';
import { IndexedDBRunStore } from './runStore';
import { makeRun, makeStore, quotaError } from './__tests__/fixtures';

describe('IndexedDBRunStore resilience', () => {
  let store: IndexedDBRunStore;

  beforeEach(() => {
    // The store logs each failure; keep the test output readable.
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    store?.dispose();
  });

  describe('write failures', () => {
    it('keeps runs through quota errors and lands them on retry', async () => {
      store = makeStore({ retryDelayMs: 5 });
      await store.ready;
      const failures: IRunStore.IWriteFailure[] = [];
      store.writeFailed.connect((_, failure) => failures.push(failure));
      const realPut = IDBObjectStore.prototype.put;
      let toFail = 2;
      jest.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
        this: IDBObjectStore,
        ...args: Parameters<IDBObjectStore['put']>
      ) {
        if (toFail > 0) {
          toFail -= 1;
          throw quotaError();
        }
        return realPut.apply(this, args);
      });
      const run = makeRun();
      const summary = await store.put(run);
      expect(summary.number).toBe(1);
      expect(failures).toHaveLength(2);
      expect(failures[0]).toMatchObject({ kind: 'quota', pending: 1 });
      expect(failures[0].message).toMatch(/1 run/);
      expect(await store.getRun(run.id)).toEqual({ ...run, number: 1 });
      expect(store.pendingCount).toBe(0);
    });

    it('rolls back a failed batch whole; flush() retries at once', async () => {
      store = makeStore({ retryDelayMs: 60000 });
      await store.ready;
      const realPut = IDBObjectStore.prototype.put;
      let toFail = 1;
      jest.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
        this: IDBObjectStore,
        ...args: Parameters<IDBObjectStore['put']>
      ) {
        // The summary is already put in this transaction when the cells fail.
        if (this.name === 'run_cells' && toFail > 0) {
          toFail -= 1;
          throw quotaError();
        }
        return realPut.apply(this, args);
      });
      const failed = new Promise<IRunStore.IWriteFailure>(resolve =>
        store.writeFailed.connect((_, failure) => resolve(failure))
      );
      const run = makeRun();
      const put = store.put(run);
      expect((await failed).kind).toBe('quota');
      expect(await store.getRun(run.id)).toBeUndefined();
      expect(await store.countRuns('nb-1')).toBe(0);
      expect(await store.listExperiments()).toEqual([]);
      expect(store.pendingCount).toBe(1);
      await store.flush();
      expect((await put).number).toBe(1);
      expect(await store.countRuns('nb-1')).toBe(1);
    });

    it('keeps numbering order for runs queued during the backoff', async () => {
      store = makeStore({ retryDelayMs: 30 });
      await store.ready;
      const realTransaction = IDBDatabase.prototype.transaction;
      let toFail = 1;
      jest
        .spyOn(IDBDatabase.prototype, 'transaction')
        .mockImplementation(function (this: IDBDatabase, ...args: unknown[]) {
          if (args[1] === 'readwrite' && toFail > 0) {
            toFail -= 1;
            throw new Error('disk on fire');
          }
          return (realTransaction as (...a: unknown[]) => IDBTransaction).apply(
            this,
            args
          );
        });
      const failures: IRunStore.IWriteFailure[] = [];
      store.writeFailed.connect((_, failure) => failures.push(failure));
      const first = makeRun();
      const firstPut = store.put(first);
      await new Promise(resolve => setTimeout(resolve, 10));
      expect(failures).toEqual([
        expect.objectContaining({ kind: 'unknown', pending: 1 })
      ]);
      // Queued during the backoff: joins the retry, after the first run.
      const second = store.put(makeRun());
      const rewrite = store.put({ ...first, status: 'failed' });
      expect((await firstPut).status).toBe('failed');
      expect((await rewrite).number).toBe(1);
      expect((await second).number).toBe(2);
    });
  });

  describe('lifecycle', () => {
    it('writes what is queued when disposed and refuses later calls', async () => {
      const factory = new IDBFactory();
      store = makeStore({ idbFactory: factory, batchDelayMs: 10000 });
      const run = makeRun();
      const put = store.put(run);
      store.dispose();
      expect(store.isDisposed).toBe(true);
      expect((await put).number).toBe(1);
      await expect(store.put(makeRun())).rejects.toThrow(/disposed/);
      await expect(store.listRuns('nb-1')).rejects.toThrow(/disposed/);
      store = makeStore({ idbFactory: factory });
      expect((await store.getRun(run.id))?.id).toBe(run.id);
    });

    it('closes its connection when another tab upgrades the database', async () => {
      const factory = new IDBFactory();
      store = makeStore({ idbFactory: factory, dbName: 'upgrade-test' });
      await store.put(makeRun());
      const newer = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = factory.open('upgrade-test', 99);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
        request.onblocked = () => reject(new Error('blocked by the store'));
      });
      expect(newer.version).toBe(99);
      newer.close();
      // This tab's code is now older than the database: writes fail, loudly.
      const failed = new Promise<IRunStore.IWriteFailure>(resolve =>
        store.writeFailed.connect((_, failure) => resolve(failure))
      );
      const put = store.put(makeRun());
      expect(await failed).toMatchObject({ kind: 'unknown', pending: 1 });
      store.dispose();
      await expect(put).rejects.toThrow(/disposed before/);
    });
  });
});

describe('IndexedDBRunStore across tabs', () => {
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

  it('re-reads and emits runs written by another tab', async () => {
    const factory = new IDBFactory();
    const options = { idbFactory: factory, dbName: 'tabs', broadcast: true };
    const writer = new IndexedDBRunStore({ ...options, batchDelayMs: 0 });
    const reader = new IndexedDBRunStore(options);
    try {
      const received = new Promise<IRunStore.IChange>(resolve =>
        reader.changed.connect((_, change) => resolve(change))
      );
      const run = makeRun();
      await writer.put(run);
      const change = await received;
      expect(change.experimentId).toBe('nb-1');
      expect(change.runs.map(r => [r.id, r.number])).toEqual([[run.id, 1]]);
    } finally {
      writer.dispose();
      reader.dispose();
    }
  });
});
