/**
 * Imported runs keep their numbers only when those are in range and free in
 * their experiment; the others are renumbered, keeping the number they had.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { MAX_RUN_NUMBER } from '../model/record/runNumbers';
import type { IRunOrigin, IRunRecord } from '../model/types';
import { openRunlogDatabase } from './database';
import { IndexedDBRunStore } from './runStore';
import { EXPERIMENTS_STORE, RUN_CELLS_STORE, RUNS_STORE } from './schema';
import { makeRun, makeStore } from './__tests__/fixtures';

const ORIGIN: IRunOrigin = {
  kind: 'bundle',
  file: 'shared/sweep.runlog.json',
  imported_at: '2026-01-01T00:00:00.000Z'
};

/** A run as a bundle brings it: with its number and an origin. */
function imported(number: number, overrides: Partial<IRunRecord> = {}) {
  return makeRun({ number, origin: ORIGIN, ...overrides });
}

/** Numbers and original numbers of an experiment's runs, by id. */
async function numbersById(
  store: IndexedDBRunStore,
  experimentId = 'nb-1'
): Promise<Map<string, [number, number | undefined]>> {
  const runs = await store.listRuns(experimentId);
  return new Map(
    runs.map(run => [run.id, [run.number, run.origin?.original_number]])
  );
}

describe('numbers of imported runs', () => {
  let store: IndexedDBRunStore | undefined;

  afterEach(() => store?.dispose());

  it('renumbers runs out of range or sharing a number, keeping the number they had', async () => {
    store = makeStore();
    const runs = [
      ...Array.from({ length: 250 }, (_, i) => imported(i + 1)),
      imported(1e21),
      imported(3),
      imported(MAX_RUN_NUMBER + 1)
    ];
    const result = await store.importRuns(runs);

    const numbers = await numbersById(store);
    runs.slice(0, 250).forEach((run, i) => {
      expect(numbers.get(run.id)).toEqual([i + 1, undefined]);
    });
    expect(numbers.get(runs[250].id)).toEqual([251, 1e21]);
    expect(numbers.get(runs[251].id)).toEqual([252, 3]);
    expect(numbers.get(runs[252].id)).toEqual([253, MAX_RUN_NUMBER + 1]);
    // The result tells the caller the numbers as stored.
    expect(result.added.map(run => run.number)).toEqual(
      Array.from({ length: 253 }, (_, i) => i + 1)
    );
    const [experiment] = await store.listExperiments();
    expect(experiment).toMatchObject({ run_count: 253, last_number: 253 });
    // The origin is otherwise the one imported with.
    expect((await store.getRun(runs[250].id))?.origin).toEqual({
      ...ORIGIN,
      original_number: 1e21
    });
  });

  it('renumbers a new run whose number a stored run of its experiment holds', async () => {
    store = makeStore();
    const mine = [1, 2, 3].map(() => makeRun());
    for (const run of mine) {
      await store.put(run);
    }
    const other = makeRun({ experiment: { id: 'nb-2', name: 'b' } });
    await store.put(other);
    const colleague = [
      imported(2),
      imported(4),
      imported(1, { experiment: other.experiment })
    ];
    await store.importRuns(colleague);

    const numbers = await numbersById(store);
    expect(mine.map(run => numbers.get(run.id))).toEqual([
      [1, undefined],
      [2, undefined],
      [3, undefined]
    ]);
    // #4 is free: kept. #2 is taken: the next free number after #4.
    expect(numbers.get(colleague[1].id)).toEqual([4, undefined]);
    expect(numbers.get(colleague[0].id)).toEqual([5, 2]);
    // Another experiment's #1 held nb-2's #1: renumbered there.
    expect((await numbersById(store, 'nb-2')).get(colleague[2].id)).toEqual([
      2, 1
    ]);
    // Capture goes on after the highest number.
    expect((await store.put(makeRun())).number).toBe(6);
  });

  it('leaves a run imported before as it is: same id, same run', async () => {
    store = makeStore();
    const run = imported(7);
    await store.importRuns([run]);
    const again = await store.importRuns([{ ...run }]);
    expect(again.identical).toEqual([run.id]);
    expect((await numbersById(store)).get(run.id)).toEqual([7, undefined]);
  });

  it('gives runs without a number the next ones, with no original number', async () => {
    store = makeStore();
    const runs = [imported(0), imported(2), imported(0)];
    await store.importRuns(runs);
    const numbers = await numbersById(store);
    expect(runs.map(run => numbers.get(run.id))).toEqual([
      [3, undefined],
      [2, undefined],
      [4, undefined]
    ]);
  });

  it('takes the lowest free numbers when the top of the range is in use', async () => {
    store = makeStore();
    const runs = [
      imported(2),
      imported(MAX_RUN_NUMBER),
      imported(2),
      imported(1e21)
    ];
    await store.importRuns(runs);
    const numbers = await numbersById(store);
    expect(runs.map(run => numbers.get(run.id))).toEqual([
      [2, undefined],
      [MAX_RUN_NUMBER, undefined],
      [1, 2],
      [3, 1e21]
    ]);
  });
});

describe('numbering at the top of the range', () => {
  let store: IndexedDBRunStore | undefined;

  afterEach(() => store?.dispose());

  it('never gives two captured runs one number, even past the bound', async () => {
    store = makeStore();
    await store.importRuns([imported(MAX_RUN_NUMBER)]);
    const first = await store.put(makeRun());
    const second = await store.put(makeRun());
    expect(first.number).toBe(MAX_RUN_NUMBER + 1);
    expect(second.number).toBe(MAX_RUN_NUMBER + 2);
  });
});

describe('numbering over a database that holds a number out of range', () => {
  let store: IndexedDBRunStore | undefined;

  afterEach(() => store?.dispose());

  it('numbers new runs after the highest number in range', async () => {
    const factory = new IDBFactory();
    // What an import made before numbers were bounded left behind.
    const db = await openRunlogDatabase({ factory });
    const tx = db.transaction(
      [RUNS_STORE, RUN_CELLS_STORE, EXPERIMENTS_STORE],
      'readwrite'
    );
    const old = [
      makeRun({ number: 1 }),
      makeRun({ number: 2 }),
      makeRun({ number: 1e21 })
    ];
    for (const { cells, ...summary } of old) {
      void tx.objectStore(RUNS_STORE).put(summary);
      void tx.objectStore(RUN_CELLS_STORE).put({ run_id: summary.id, cells });
    }
    void tx.objectStore(EXPERIMENTS_STORE).put({
      id: 'nb-1',
      name: 'tune-prompt',
      notebook_path: 'work/tune-prompt.ipynb',
      run_count: 3,
      last_number: 1e21,
      last_run_at: old[2].started_at
    });
    await tx.done;
    db.close();
    store = new IndexedDBRunStore({
      idbFactory: factory,
      batchDelayMs: 0,
      broadcast: false
    });

    expect((await store.put(makeRun())).number).toBe(3);
    const bundle = [imported(1e21), imported(9)];
    const result = await store.importRuns(bundle);
    expect(result.added.map(run => run.number)).toEqual([10, 9]);
    const [experiment] = await store.listExperiments();
    expect(experiment.last_number).toBe(10);
  });
});
