import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { IRunAnnotations, IRunRecord } from '../model/types';
import type { IRunStore } from '../tokens';
import { MemoryRunStore } from '../widgets/__tests__/testing';
import { NOTE_MAX_LENGTH } from './annotations';
import { IndexedDBRunStore } from './runStore';
import { makeRun, makeStore, quotaError } from './__tests__/fixtures';

/** The store, a stored run, and every `changed` emitted after it was stored. */
async function storeWithRun(
  create: () => IRunStore,
  overrides: Partial<IRunRecord> = {}
): Promise<{
  store: IRunStore;
  run: IRunRecord;
  changes: IRunStore.IChange[];
}> {
  const store = create();
  const run = makeRun(overrides);
  await store.put(run);
  await store.flush();
  const changes: IRunStore.IChange[] = [];
  store.changed.connect((_, change) => changes.push(change));
  return { store, run: { ...run, number: 1 }, changes };
}

describe.each<[string, () => IRunStore]>([
  ['IndexedDBRunStore', () => makeStore()],
  ['MemoryRunStore', () => new MemoryRunStore()]
])('%s.annotateRun', (_, create) => {
  let store: IRunStore;

  afterEach(() => store?.dispose());

  it.each<[keyof IRunAnnotations, Partial<IRunAnnotations>, unknown]>([
    ['note', { note: 'lr too high' }, 'lr too high'],
    ['tags', { tags: ['best', 'adam'] }, ['best', 'adam']],
    ['starred', { starred: true }, true]
  ])('changes the %s and keeps the other fields', async (field, change, to) => {
    const ctx = await storeWithRun(create);
    store = ctx.store;
    const before = new Date().toISOString();
    const summary = await store.annotateRun(ctx.run.id, change, 'ada');
    const after = new Date().toISOString();
    const expected = { ...ctx.run.annotations, [field]: to };
    expect(summary?.annotations).toEqual(expected);
    expect(summary?.history).toHaveLength(1);
    const [entry] = summary!.history!;
    expect(entry).toEqual({
      at: summary!.updated_at,
      user: 'ada',
      field,
      from: ctx.run.annotations[field],
      to
    });
    expect(entry.at >= before && entry.at <= after).toBe(true);
    expect(summary).not.toHaveProperty('cells');

    const stored = await store.getRun(ctx.run.id);
    expect(stored).toEqual({
      ...ctx.run,
      annotations: expected,
      history: [entry],
      updated_at: entry.at
    });
    const [listed] = await store.listRuns('nb-1');
    expect(listed.annotations).toEqual(expected);
    expect(listed.history).toEqual([entry]);
  });

  it('emits changed once, with the new summary', async () => {
    const ctx = await storeWithRun(create);
    store = ctx.store;
    const summary = await store.annotateRun(ctx.run.id, { starred: true });
    expect(ctx.changes).toEqual([{ experimentId: 'nb-1', runs: [summary] }]);
  });

  it('appends one entry per changed field, oldest first', async () => {
    const ctx = await storeWithRun(create);
    store = ctx.store;
    await store.annotateRun(ctx.run.id, { note: 'first' }, 'ada');
    const summary = await store.annotateRun(
      ctx.run.id,
      { note: 'second', tags: ['x'], starred: false },
      null
    );
    expect(
      summary?.history?.map(({ field, from, to, user }) => ({
        field,
        from,
        to,
        user
      }))
    ).toEqual([
      { field: 'note', from: '', to: 'first', user: 'ada' },
      { field: 'note', from: 'first', to: 'second', user: null },
      { field: 'tags', from: [], to: ['x'], user: null }
    ]);
  });

  it('records an unknown user as null', async () => {
    const ctx = await storeWithRun(create);
    store = ctx.store;
    const summary = await store.annotateRun(ctx.run.id, { starred: true });
    expect(summary?.history?.[0].user).toBeNull();
  });

  it('writes nothing when nothing changed', async () => {
    const ctx = await storeWithRun(create, {
      annotations: { note: 'same', tags: ['a'], starred: true }
    });
    store = ctx.store;
    const summary = await store.annotateRun(
      ctx.run.id,
      { note: 'same  ', tags: [' a', 'a'], starred: true },
      'ada'
    );
    expect(summary?.updated_at).toBe(ctx.run.updated_at);
    expect(summary).not.toHaveProperty('history');
    expect(ctx.changes).toEqual([]);
    expect(await store.getRun(ctx.run.id)).toEqual(ctx.run);
  });

  it('normalises tags before storing them', async () => {
    const ctx = await storeWithRun(create);
    store = ctx.store;
    const summary = await store.annotateRun(ctx.run.id, {
      tags: [' best', 'best ', '', 'x'.repeat(150)]
    });
    expect(summary?.annotations.tags).toEqual(['best', 'x'.repeat(100)]);
    expect((await store.getRun(ctx.run.id))?.annotations.tags).toEqual([
      'best',
      'x'.repeat(100)
    ]);
  });

  it('rejects a note over the limit and leaves the run as stored', async () => {
    const ctx = await storeWithRun(create);
    store = ctx.store;
    await expect(
      store.annotateRun(ctx.run.id, {
        note: 'n'.repeat(NOTE_MAX_LENGTH + 1),
        starred: true
      })
    ).rejects.toThrow(/at most 100000 characters/);
    expect(await store.getRun(ctx.run.id)).toEqual(ctx.run);
    expect(ctx.changes).toEqual([]);
  });

  it('resolves undefined for an unknown run', async () => {
    const ctx = await storeWithRun(create);
    store = ctx.store;
    expect(
      await store.annotateRun('missing', { starred: true })
    ).toBeUndefined();
    expect(ctx.changes).toEqual([]);
    expect(await store.getRun('missing')).toBeUndefined();
  });

  it('keeps annotations and history when capture rewrites the run', async () => {
    const ctx = await storeWithRun(create, { status: 'running' });
    store = ctx.store;
    const annotated = await store.annotateRun(
      ctx.run.id,
      { note: 'watch this one', starred: true },
      'ada'
    );
    // The recorder rewrites a running run with blank annotations, number 0.
    const rewritten = await store.put({
      ...ctx.run,
      number: 0,
      status: 'completed',
      annotations: { note: '', tags: [], starred: false }
    });
    await store.flush();
    expect(rewritten.status).toBe('completed');
    expect(rewritten.annotations).toEqual(annotated?.annotations);
    expect(rewritten.history).toEqual(annotated?.history);
    const stored = await store.getRun(ctx.run.id);
    expect(stored?.status).toBe('completed');
    expect(stored?.annotations).toEqual({
      note: 'watch this one',
      tags: [],
      starred: true
    });
    expect(stored?.history).toHaveLength(2);
    const [listed] = await store.listRuns('nb-1');
    expect(listed.history).toEqual(annotated?.history);
  });
});

describe('IndexedDBRunStore.annotateRun and the database', () => {
  let store: IndexedDBRunStore;

  afterEach(() => {
    jest.restoreAllMocks();
    store?.dispose();
  });

  it('rejects a failed transaction with its error, nothing written', async () => {
    store = makeStore();
    const run = { ...makeRun(), number: 1 };
    await store.put(run);
    const changes: IRunStore.IChange[] = [];
    store.changed.connect((_, change) => changes.push(change));
    jest.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quotaError();
    });
    await expect(
      store.annotateRun(run.id, { note: 'x' })
    ).rejects.toMatchObject({ name: 'QuotaExceededError' });
    jest.restoreAllMocks();
    expect(await store.getRun(run.id)).toEqual(run);
    expect(changes).toEqual([]);
  });

  it('waits for a queued write of the same run instead of missing it', async () => {
    store = makeStore({ batchDelayMs: 60000 });
    const run = makeRun();
    const put = store.put(run);
    const summary = await store.annotateRun(run.id, { tags: ['early'] });
    expect(summary?.annotations.tags).toEqual(['early']);
    expect((await put).number).toBe(1);
    expect((await store.getRun(run.id))?.annotations.tags).toEqual(['early']);
  });

  it('puts nothing when nothing changed', async () => {
    store = makeStore();
    const run = makeRun();
    await store.put(run);
    const put = jest.spyOn(IDBObjectStore.prototype, 'put');
    await store.annotateRun(run.id, { note: '' });
    expect(put).not.toHaveBeenCalled();
  });
});

describe('IndexedDBRunStore.annotateRun across tabs', () => {
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

  it('tells another tab, which emits the annotated summary', async () => {
    const factory = new IDBFactory();
    const options = { idbFactory: factory, dbName: 'annotate-tabs' };
    const writer = new IndexedDBRunStore({
      ...options,
      batchDelayMs: 0,
      broadcast: true
    });
    const reader = new IndexedDBRunStore({ ...options, broadcast: true });
    try {
      const run = makeRun();
      await writer.put(run);
      const received = new Promise<IRunStore.IChange>(resolve =>
        reader.changed.connect((_, change) => {
          if (change.runs[0]?.annotations.starred) {
            resolve(change);
          }
        })
      );
      const summary = await writer.annotateRun(
        run.id,
        { starred: true },
        'ada'
      );
      expect(await received).toEqual({ experimentId: 'nb-1', runs: [summary] });
    } finally {
      writer.dispose();
      reader.dispose();
    }
  });
});
