/**
 * Informational timings over fake-indexeddb (not a real browser; see
 * benchmarks/ for those). Skipped unless RUNLOG_PERF=1:
 *   RUNLOG_PERF=1 npx jest src/store/runStore.perf
 */
import 'fake-indexeddb/auto';
import type { IRunRecord } from '../model/types';
import { makeRun, makeStore } from './__tests__/fixtures';

const { env } = jest.requireActual<{ env: Record<string, string | undefined> }>(
  'process'
);
const perfIt = env.RUNLOG_PERF === '1' ? it : it.skip;

function wideRun(index: number): IRunRecord {
  const params: IRunRecord['params'] = {};
  for (let p = 0; p < 20; p++) {
    params[`param_${p}`] = {
      value: index * p,
      source: String(index * p),
      type: 'int'
    };
  }
  const metrics: IRunRecord['metrics'] = {};
  for (let m = 0; m < 10; m++) {
    metrics[`metric_${m}`] = { value: Math.sin(index + m) };
  }
  return makeRun({ params, metrics });
}

describe('IndexedDBRunStore timings (informational)', () => {
  perfIt(
    'puts, lists and counts 10,000 runs',
    async () => {
      const store = makeStore();
      await store.ready;
      const runs = Array.from({ length: 10000 }, (_, i) => wideRun(i));
      const timings: Record<string, number> = {};
      let start = performance.now();
      await Promise.all(runs.map(run => store.put(run)));
      timings['put 10,000 (one batch)'] = performance.now() - start;

      start = performance.now();
      const all = await store.listRuns('nb-1');
      timings['listRuns all'] = performance.now() - start;

      start = performance.now();
      await store.listRuns('nb-1', { limit: 100 });
      timings['listRuns limit 100'] = performance.now() - start;

      start = performance.now();
      await store.countRuns('nb-1');
      timings['countRuns'] = performance.now() - start;

      start = performance.now();
      for (let i = 0; i < 100; i++) {
        await store.put({ ...runs[i], status: 'failed' });
      }
      timings['100 sequential rewrites'] = performance.now() - start;

      expect(all).toHaveLength(10000);
      console.log(
        Object.entries(timings)
          .map(([name, ms]) => `${name}: ${ms.toFixed(0)} ms`)
          .join('\n')
      );
      store.dispose();
    },
    300000
  );
});
