import 'fake-indexeddb/auto';
import type { IRunStore } from '../tokens';
import { PUT_SLICE_RUNS } from './importBatch';
import { IndexedDBRunStore } from './runStore';
import { makeRun, makeStore, quotaError } from './__tests__/fixtures';

describe('IndexedDBRunStore.importRuns', () => {
  let store: IndexedDBRunStore;

  afterEach(() => {
    jest.restoreAllMocks();
    store?.dispose();
  });

  it('adds new runs with their numbers and cells, and says so', async () => {
    store = makeStore();
    const changes: IRunStore.IChange[] = [];
    store.changed.connect((_, change) => changes.push(change));
    const runs = [makeRun({ number: 4 }), makeRun({ number: 7 })];
    const result = await store.importRuns(runs);
    expect(result.added.map(run => run.number)).toEqual([4, 7]);
    expect(result.identical).toEqual([]);
    expect(result.conflicting).toEqual([]);
    expect(await store.getRuns(runs.map(run => run.id))).toEqual(runs);
    const [experiment] = await store.listExperiments();
    expect(experiment).toMatchObject({ run_count: 2, last_number: 7 });
    expect(changes.flatMap(change => change.runs.map(run => run.id))).toEqual(
      runs.map(run => run.id)
    );
    // A run captured afterwards continues the numbering.
    expect((await store.put(makeRun())).number).toBe(8);
  });

  it('adds nothing the second time: same ids, same content', async () => {
    store = makeStore();
    const runs = [makeRun({ number: 1 }), makeRun({ number: 2 })];
    await store.importRuns(runs);
    // A re-import carries a new origin and write time: still the same run.
    const again = runs.map(run => ({
      ...run,
      origin: {
        kind: 'bundle' as const,
        file: 'b.runlog.json',
        imported_at: '2026-01-01T00:00:00Z'
      },
      updated_at: '2026-01-02T00:00:00Z'
    }));
    const result = await store.importRuns(again);
    expect(result.added).toEqual([]);
    expect(result.identical).toEqual(runs.map(run => run.id));
    expect(await store.countRuns(runs[0].experiment.id)).toBe(2);
  });

  it('keeps the stored run when one with its id differs, and reports it', async () => {
    store = makeStore();
    const run = makeRun({ number: 1 });
    await store.importRuns([run]);
    const changed = { ...run, status: 'failed' as const };
    const fresh = makeRun({ number: 2 });
    const result = await store.importRuns([changed, fresh]);
    expect(result.conflicting).toEqual([run.id]);
    expect(result.added.map(summary => summary.id)).toEqual([fresh.id]);
    expect((await store.getRun(run.id))?.status).toBe(run.status);
  });

  it('numbers runs that come without a number (0)', async () => {
    store = makeStore();
    await store.put(makeRun());
    const result = await store.importRuns([makeRun({ number: 0 })]);
    expect(result.added[0].number).toBe(2);
  });

  // The second case fails in a later slice of puts, after earlier slices
  // were issued from a request's success.
  it.each([
    [5, 5],
    [PUT_SLICE_RUNS * 2 + 3, PUT_SLICE_RUNS * 4 + 2]
  ])(
    'writes nothing when the transaction fails (quota): %i runs, put #%i fails',
    async (count, failingPut) => {
      store = makeStore();
      await store.put(makeRun());
      const realPut = IDBObjectStore.prototype.put;
      let calls = 0;
      jest.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
        this: IDBObjectStore,
        ...args: Parameters<IDBObjectStore['put']>
      ) {
        // Fail in the middle: some runs are already put in the transaction.
        if (++calls === failingPut) {
          throw quotaError();
        }
        return realPut.apply(this, args);
      });
      const runs = Array.from({ length: count }, (_, index) =>
        makeRun({ number: index + 10 })
      );
      await expect(store.importRuns(runs)).rejects.toThrow(/quota/i);
      jest.restoreAllMocks();
      expect(await store.getRuns(runs.map(run => run.id))).toEqual([]);
      const [experiment] = await store.listExperiments();
      expect(experiment.run_count).toBe(1);
    }
  );

  it('imports more runs than one slice of puts, all in one go', async () => {
    store = makeStore();
    const runs = Array.from({ length: PUT_SLICE_RUNS * 2 + 7 }, (_, index) =>
      makeRun({ number: index + 1 })
    );
    const result = await store.importRuns(runs);
    expect(result.added).toHaveLength(runs.length);
    const read = await store.getRuns(runs.map(run => run.id));
    expect(read).toEqual(runs);
    const [experiment] = await store.listExperiments();
    expect(experiment).toMatchObject({
      run_count: runs.length,
      last_number: runs.length
    });
  });

  it.each([
    ['between slices of puts', 0.5],
    ['after the last put, before the commit', 1]
  ])('writes nothing when cancelled %s', async (_, cancelAt) => {
    store = makeStore();
    await store.put(makeRun());
    const runs = Array.from({ length: PUT_SLICE_RUNS * 3 }, (_, index) =>
      makeRun({ number: index + 10 })
    );
    const controller = new AbortController();
    const progress: number[] = [];
    const imported = store.importRuns(runs, {
      signal: controller.signal,
      onProgress: fraction => {
        progress.push(fraction);
        if (fraction >= cancelAt) {
          controller.abort();
        }
      }
    });
    await expect(imported).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress[progress.length - 1]).toBeGreaterThanOrEqual(cancelAt);
    expect(await store.getRuns(runs.map(run => run.id))).toEqual([]);
    const [experiment] = await store.listExperiments();
    expect(experiment.run_count).toBe(1);
  });

  it('reports progress as slices of runs are handed to the database', async () => {
    store = makeStore();
    const runs = Array.from({ length: PUT_SLICE_RUNS * 2 + 1 }, (_, index) =>
      makeRun({ number: index + 1 })
    );
    const progress: number[] = [];
    await store.importRuns(runs, { onProgress: f => progress.push(f) });
    expect(progress).toEqual([
      0,
      PUT_SLICE_RUNS / runs.length,
      (2 * PUT_SLICE_RUNS) / runs.length,
      1
    ]);
  });

  it('reads several runs with cells in the order asked', async () => {
    store = makeStore();
    const runs = [makeRun(), makeRun(), makeRun()];
    await Promise.all(runs.map(run => store.put(run)));
    const read = await store.getRuns([runs[2].id, 'missing', runs[0].id]);
    expect(read.map(run => run.id)).toEqual([runs[2].id, runs[0].id]);
    expect(read[0].cells).toEqual(runs[2].cells);
  });
});
