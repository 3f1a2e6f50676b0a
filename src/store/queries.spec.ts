import 'fake-indexeddb/auto';
import type { IRunRecord } from '../model/types';
import { MAX_RANGE_IDS, planKeyedReads } from './queries';
import { IndexedDBRunStore } from './runStore';
import { makeRun, makeStore } from './__tests__/fixtures';

/** Ids that sort in the order made: `r-0000`, `r-0001`, ... */
const idOf = (index: number) => `r-${String(index).padStart(4, '0')}`;

/**
 * `count` runs whose ids interleave two experiments in key order: even
 * indices belong to nb-a, odd ones to nb-b. Each run carries its own output.
 */
function interleavedRuns(count: number): IRunRecord[] {
  return Array.from({ length: count }, (_, index) => {
    const run = makeRun({
      id: idOf(index),
      number: Math.floor(index / 2) + 1,
      experiment:
        index % 2 === 0 ? { id: 'nb-a', name: 'a' } : { id: 'nb-b', name: 'b' }
    });
    run.cells = [
      {
        ...run.cells[0],
        outputs: [{ output_type: 'stream', name: 'stdout', text: `${index}\n` }]
      }
    ];
    return run;
  });
}

/** A `count` over a fixed set of stored keys, remembering the ranges asked. */
function countingStub(stored: readonly string[]) {
  const asked: IDBKeyRange[] = [];
  const count = async (range: IDBKeyRange) => {
    asked.push(range);
    return stored.filter(key => range.includes(key)).length;
  };
  return { asked, count };
}

describe('reading many runs by id', () => {
  let store: IndexedDBRunStore;
  let runs: IRunRecord[];

  beforeAll(async () => {
    store = makeStore();
    runs = interleavedRuns(200);
    await store.importRuns(runs);
  });

  afterAll(() => store.dispose());

  it('reads one experiment whose ids interleave with another one', async () => {
    const evens = runs.filter(run => run.experiment.id === 'nb-a');
    const read = await store.getRuns(evens.map(run => run.id));
    expect(read).toEqual(evens);
  });

  it('keeps the order asked, leaves out unknown ids, repeats repeated ids', async () => {
    const asked = [
      idOf(150),
      'missing',
      ...Array.from({ length: 40 }, (_, i) => idOf(120 - 3 * i)),
      idOf(150),
      'r-9999',
      'a-before-all'
    ];
    const read = await store.getRuns(asked);
    const known = asked.filter(id => runs.some(run => run.id === id));
    expect(read.map(run => run.id)).toEqual(known);
    for (const run of read) {
      expect(run).toEqual(runs[Number(run.id.slice(2))]);
    }
  });

  it('reads a few scattered ids among many stored runs', async () => {
    const asked = [idOf(3), idOf(99), idOf(198), idOf(42)];
    const read = await store.getRuns(asked);
    expect(read.map(run => run.cells[0].outputs[0])).toEqual(
      [3, 99, 198, 42].map(index => ({
        output_type: 'stream',
        name: 'stdout',
        text: `${index}\n`
      }))
    );
  });

  it('reports stored ids among many new ones on import', async () => {
    const fresh = interleavedRuns(260).slice(200);
    const again = runs.filter((_, index) => index % 7 === 0);
    const changed = { ...runs[5], status: 'failed' as const };
    const result = await store.importRuns([...fresh, ...again, changed]);
    expect(result.added.map(run => run.id)).toEqual(fresh.map(run => run.id));
    expect(result.identical).toEqual(again.map(run => run.id));
    expect(result.conflicting).toEqual([runs[5].id]);
    expect(await store.getRuns(fresh.map(run => run.id))).toEqual(fresh);
  });
});

describe('planKeyedReads', () => {
  const stored = Array.from({ length: 1000 }, (_, index) => idOf(index));

  it('reads a few ids with single gets and counts nothing', async () => {
    const { asked, count } = countingStub(stored);
    const plan = await planKeyedReads([idOf(7), idOf(3), idOf(7)], count);
    expect(plan).toEqual({ ranges: [], keys: [idOf(3), idOf(7)] });
    expect(asked).toEqual([]);
  });

  it('reads a dense run of ids as one range', async () => {
    const ids = stored.slice(100, 400).reverse();
    const { count } = countingStub(stored);
    const plan = await planKeyedReads(ids, count);
    expect(plan.keys).toEqual([]);
    expect(plan.ranges).toHaveLength(1);
    expect(plan.ranges[0].lower).toBe(idOf(100));
    expect(plan.ranges[0].upper).toBe(idOf(399));
  });

  it('splits ranges that would hold far more records than asked', async () => {
    // Every tenth run, then a dense block: the sparse part must not be read whole.
    const sparse = stored.filter((_, index) => index % 10 === 0 && index < 600);
    const dense = stored.slice(800, 900);
    const { count } = countingStub(stored);
    const plan = await planKeyedReads([...sparse, ...dense], count);
    const covered = stored.filter(key =>
      plan.ranges.some(range => range.includes(key))
    );
    const wanted = new Set([...sparse, ...dense]);
    // Every id is read, once, and ranges hold at most twice the ids they serve.
    for (const id of wanted) {
      const inRanges = plan.ranges.filter(range => range.includes(id)).length;
      expect(inRanges + plan.keys.filter(key => key === id).length).toBe(1);
    }
    expect(covered.length).toBeLessThanOrEqual(
      2 * covered.filter(key => wanted.has(key)).length
    );
    expect(dense.every(id => plan.ranges.some(r => r.includes(id)))).toBe(true);
  });
});

describe('planKeyedReads with many ids', () => {
  it('reads a long dense run of ids in ranges of at most MAX_RANGE_IDS ids', async () => {
    const stored = Array.from(
      { length: 3000 },
      (_, index) => `r-${String(index).padStart(5, '0')}`
    );
    const { count } = countingStub(stored);
    const plan = await planKeyedReads(stored, count);
    expect(plan.ranges.length).toBeGreaterThanOrEqual(3000 / MAX_RANGE_IDS);
    for (const range of plan.ranges) {
      expect(
        stored.filter(key => range.includes(key)).length
      ).toBeLessThanOrEqual(MAX_RANGE_IDS);
    }
    // Every id is read exactly once.
    for (const id of stored) {
      const hits =
        plan.ranges.filter(range => range.includes(id)).length +
        plan.keys.filter(key => key === id).length;
      expect(hits).toBe(1);
    }
  });
});
