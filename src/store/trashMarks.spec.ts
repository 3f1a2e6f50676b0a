import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openRunlogDatabase } from './database';
import { IndexedDBRunStore } from './runStore';
import { RUNS_STORE, TRASH_MARKS_STORE } from './schema';
import { mergeHistories } from './trashMarks';
import { makeRun, makeStore } from './__tests__/fixtures';

/** Later calls get a later millisecond, so history times are distinct. */
const tick = () => new Promise(resolve => setTimeout(resolve, 3));

describe('IndexedDBRunStore trash marks', () => {
  let store: IndexedDBRunStore;
  let factory: IDBFactory;

  beforeEach(() => {
    factory = new IDBFactory();
    store = makeStore({ idbFactory: factory });
  });

  afterEach(() => store.dispose());

  async function raw(id: string) {
    const db = await openRunlogDatabase({ factory });
    try {
      return {
        record: await db.get(RUNS_STORE, id),
        mark: await db.get(TRASH_MARKS_STORE, id)
      };
    } finally {
      db.close();
    }
  }

  it('moves a run to the trash and back without rewriting its record', async () => {
    const run = makeRun();
    await store.put(run);
    const before = (await raw(run.id)).record;
    expect(before).toBeDefined();

    const [moved] = await store.deleteRuns([run.id], 'ada');
    const inTrash = await raw(run.id);
    expect(inTrash.record).toEqual(before);
    expect(inTrash.mark).toEqual({
      run_id: run.id,
      experiment_id: 'nb-1',
      number: 1,
      deleted: moved.deleted,
      moved_at: moved.deleted!.at,
      history: [
        {
          at: moved.deleted!.at,
          user: 'ada',
          field: 'deleted',
          from: false,
          to: true
        }
      ]
    });

    await store.restoreRuns([run.id], 'ada');
    const restored = await raw(run.id);
    expect(restored.record).toEqual(before);
    expect(restored.mark?.deleted).toBeUndefined();
    expect(restored.mark?.history.map(entry => entry.to)).toEqual([
      true,
      false
    ]);
  });

  it('merges annotation and trash histories in time order', async () => {
    const run = makeRun();
    await store.put(run);
    await store.annotateRun(run.id, { note: 'first' }, 'ada');
    await tick();
    await store.deleteRuns([run.id], 'bob');
    await tick();
    const annotated = await store.annotateRun(run.id, { starred: true }, 'ada');
    await tick();
    await store.restoreRuns([run.id], 'bob');
    await tick();
    await store.annotateRun(run.id, { tags: ['x'] }, 'ada');

    const expected = ['note', 'deleted', 'starred', 'deleted', 'tags'];
    const read = await store.getRun(run.id);
    expect(read!.history!.map(entry => entry.field)).toEqual(expected);
    const times = read!.history!.map(entry => entry.at);
    expect([...times].sort()).toEqual(times);
    // Annotating a run in the trash hands it out still in the trash.
    expect(annotated!.deleted).toBeDefined();
    const [listed] = await store.listRuns('nb-1');
    expect(listed.history!.map(entry => entry.field)).toEqual(expected);
    // The record holds only its own changes.
    const { record } = await raw(run.id);
    expect(record!.history!.map(entry => entry.field)).toEqual([
      'note',
      'starred',
      'tags'
    ]);
  });

  it('imports a run exported from the trash as a record and a mark', async () => {
    const at = '2025-02-01T00:00:00.000Z';
    const entry = {
      at,
      user: 'ada',
      field: 'deleted' as const,
      from: false,
      to: true
    };
    const run = makeRun({
      number: 4,
      deleted: { at, user: 'ada' },
      history: [entry]
    });
    const result = await store.importRuns([run]);
    expect(result.added[0].deleted).toEqual({ at, user: 'ada' });

    const { record, mark } = await raw(run.id);
    expect(record!.deleted).toBeUndefined();
    expect(mark!.deleted).toEqual({ at, user: 'ada' });
    expect(await store.listRuns('nb-1')).toEqual([]);
    const [inTrash] = await store.listRuns('nb-1', { trash: true });
    expect(inTrash.history).toEqual([entry]);

    // Restoring adds one entry; the imported one is not doubled.
    const [restored] = await store.restoreRuns([run.id], 'bob');
    expect(restored.history!.map(change => change.to)).toEqual([true, false]);
  });

  it('removes the mark with the run when deleting for good', async () => {
    const run = makeRun();
    await store.put(run);
    await store.deleteRuns([run.id], 'ada');
    const [tombstone] = await store.purgeRuns([run.id], 'ada');
    expect(tombstone.history.map(change => change.field)).toEqual([
      'deleted',
      'purged'
    ]);
    expect(await raw(run.id)).toEqual({
      record: undefined,
      mark: undefined
    });
  });
});

describe('mergeHistories', () => {
  const change = (at: string, field: 'note' | 'deleted') => ({
    at,
    user: null,
    field,
    from: false,
    to: true
  });

  it('orders by time, keeping the order of entries of one time', () => {
    const merged = mergeHistories(
      [
        change('2025-01-01T00:00:01Z', 'note'),
        change('2025-01-01T00:00:03Z', 'note')
      ],
      [
        change('2025-01-01T00:00:02Z', 'deleted'),
        change('2025-01-01T00:00:03Z', 'deleted')
      ]
    );
    expect(merged.map(entry => [entry.at.slice(-3), entry.field])).toEqual([
      ['01Z', 'note'],
      ['02Z', 'deleted'],
      ['03Z', 'note'],
      ['03Z', 'deleted']
    ]);
  });
});
