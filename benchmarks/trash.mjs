/**
 * Benchmark 6: the trash. Moving 10,000 selected runs to the trash in one
 * transaction (issue 11's goal: at most 1 s, no main-thread task over
 * 100 ms), taking them out again, and deleting them for good, through the
 * page's own IndexedDBRunStore in real Chromium IndexedDB.
 */
import { installFillHelpers } from './storeFill.mjs';

/**
 * In-page: `window.runlogBench.measureTrashCall(label, call)` times one
 * store call from just before it to its resolution, with every main-thread
 * task over 50 ms seen meanwhile (PerformanceObserver `longtask`).
 */
export function installTrashHelpers() {
  const bench = window.runlogBench;
  bench.measureTrashCall = async (label, call) => {
    const tasks = [];
    const observer = new PerformanceObserver(list =>
      tasks.push(...list.getEntries())
    );
    observer.observe({ type: 'longtask' });
    const started = performance.now();
    const result = await call();
    const ms = performance.now() - started;
    // A task still running when the call resolved ends before this one.
    await new Promise(resolve => setTimeout(resolve, 0));
    observer.takeRecords().forEach(entry => tasks.push(entry));
    observer.disconnect();
    const during = tasks
      .filter(task => task.startTime + task.duration >= started)
      .map(task => task.duration)
      .sort((a, b) => b - a);
    return {
      label,
      ms,
      count: Array.isArray(result) ? result.length : result,
      longestTaskMs: during[0] ?? 0,
      longTasks: during.length,
      longTasksMs: during.reduce((sum, value) => sum + value, 0)
    };
  };

  /**
   * The platform floor of a move: the summaries read (getAll over key
   * ranges of 400 ids; the announcement carries them) and one small record
   * (~200 B, like a trash mark) put per run (200 puts per task) in one
   * readwrite transaction of plain IndexedDB, no store code. The small
   * records go to `meta` under keys of their own and are removed after, in
   * a transaction not timed. Resolves with the count.
   */
  bench.rawReadAndPutSmall = ids =>
    new Promise((resolve, reject) => {
      const open = indexedDB.open('jupyterlab-runlog');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction(['runs', 'meta'], 'readwrite');
        const runs = tx.objectStore('runs');
        const meta = tx.objectStore('meta');
        const sorted = [...ids].sort();
        const read = [];
        let pending = 0;
        for (let start = 0; start < sorted.length; start += 400) {
          const last = sorted[Math.min(start + 399, sorted.length - 1)];
          const request = runs.getAll(IDBKeyRange.bound(sorted[start], last));
          pending += 1;
          request.onsuccess = () => {
            read.push(...request.result);
            if (--pending === 0) {
              putSlice(0);
            }
          };
        }
        const at = new Date().toISOString();
        const putSlice = start => {
          const slice = read.slice(start, start + 200);
          slice.forEach((run, index) => {
            const request = meta.put(
              {
                run_id: run.id,
                experiment_id: run.experiment.id,
                number: run.number,
                deleted: { at, user: 'bench' },
                history: [
                  { at, user: 'bench', field: 'deleted', from: false, to: true }
                ]
              },
              `bench-floor/${run.id}`
            );
            if (index === 0 && start + 200 < read.length) {
              request.onsuccess = () => putSlice(start + 200);
            }
          });
        };
        tx.oncomplete = () => {
          const cleanup = db.transaction('meta', 'readwrite');
          cleanup
            .objectStore('meta')
            .delete(IDBKeyRange.bound('bench-floor/', 'bench-floor/\uffff'));
          cleanup.oncomplete = () => {
            db.close();
            resolve(read.length);
          };
          cleanup.onerror = () => reject(cleanup.error);
        };
        tx.onerror = () => reject(tx.error);
      };
    });
}

/**
 * Seed `count` runs into a fresh experiment, then: `rounds` times move them
 * all to the trash and back; list the first page of live runs and of the
 * trash with all of them in it; finally delete them for good. Returns each
 * call's timing and what the store holds after each step.
 */
export async function benchmarkTrash(page, { count, rounds, log }) {
  await page.evaluate(installFillHelpers);
  await page.evaluate(installTrashHelpers);
  const experiment = { id: 'bench-trash', name: 'trash' };
  const seeded = await page.evaluate(
    async ({ experiment, count }) => {
      const bench = window.runlogBench;
      const runs = bench.makeRuns(experiment, count, 'trash.ipynb');
      const ms = await bench.writeRuns(runs, runs.length);
      bench.trashIds = runs.map(run => run.id);
      return { ms, stored: await bench.store.countRuns(experiment.id) };
    },
    { experiment, count }
  );
  log(`  seeded ${seeded.stored} runs in ${seeded.ms.toFixed(0)} ms`);

  const step = (label, operation) =>
    page.evaluate(
      async ({ label, operation, experimentId }) => {
        const bench = window.runlogBench;
        const { store, trashIds: ids } = bench;
        const operations = {
          delete: () => store.deleteRuns(ids, 'bench'),
          restore: () => store.restoreRuns(ids, 'bench'),
          purge: () => store.purgeRuns(ids, 'bench'),
          firstLivePage: () => store.listRuns(experimentId, { limit: 50 }),
          firstTrashPage: () =>
            store.listRuns(experimentId, { limit: 50, trash: true }),
          floor: () => bench.rawReadAndPutSmall(ids)
        };
        const measured = await bench.measureTrashCall(
          label,
          operations[operation]
        );
        return {
          ...measured,
          live: await store.countRuns(experimentId),
          trash: await store.countRuns(experimentId, { trash: true })
        };
      },
      { label, operation, experimentId: experiment.id }
    );
  const show = result =>
    log(
      `  ${result.label}: ${result.ms.toFixed(0)} ms, ${result.count} runs; ` +
        `longest task ${result.longestTaskMs.toFixed(0)} ms ` +
        `(${result.longTasks} over 50 ms); live ${result.live}, trash ${result.trash}`
    );

  const deletes = [];
  const restores = [];
  const floors = [];
  for (let round = 0; round < rounds; round++) {
    const floor = await step(
      'platform floor: read, put small records',
      'floor'
    );
    show(floor);
    floors.push(floor);
    const deleted = await step('deleteRuns', 'delete');
    show(deleted);
    deletes.push(deleted);
    if (round === rounds - 1) {
      break;
    }
    const restored = await step('restoreRuns', 'restore');
    show(restored);
    restores.push(restored);
  }
  const firstLivePage = await step(
    'listRuns(limit 50), all in the trash',
    'firstLivePage'
  );
  show(firstLivePage);
  const firstTrashPage = await step(
    'listRuns(limit 50, trash)',
    'firstTrashPage'
  );
  show(firstTrashPage);
  const purge = await step('purgeRuns', 'purge');
  show(purge);
  const tombstones = await page.evaluate(
    async experimentId =>
      (await window.runlogBench.store.listPurged(experimentId)).length,
    experiment.id
  );
  log(`  ${tombstones} tombstones`);
  return {
    count,
    seeded,
    deletes,
    restores,
    floors,
    firstLivePage,
    firstTrashPage,
    purge,
    tombstones
  };
}
