/**
 * Benchmark 4b: the platform's own cost of a bundle round trip, with no
 * bundle work at all: putting the same run records into a scratch IndexedDB
 * database laid out like the store's (same object stores and indexes), reading
 * them back, saving the same bytes through the contents API and fetching them
 * from /files/. What the extension adds is the difference to benchmark 4.
 */

/** In-page: medians over `rounds` of the raw steps, for the given runs and file. */
export function measureFloor(page, { runIds, file, rounds = 3 }) {
  return page.evaluate(
    async ({ runIds, file, rounds }) => {
      const runs = await window.runlogBench.store.getRuns(runIds);
      const median = values =>
        [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
      const request = req =>
        new Promise((resolve, reject) => {
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      const openScratch = name =>
        new Promise((resolve, reject) => {
          const opening = indexedDB.open(name, 1);
          opening.onupgradeneeded = () => {
            const db = opening.result;
            const store = db.createObjectStore('runs', { keyPath: 'id' });
            store.createIndex('a', ['experiment.id', 'number']);
            store.createIndex('b', 'experiment.id');
            store.createIndex('c', 'status');
            store.createIndex('d', 'updated_at');
            db.createObjectStore('run_cells', { keyPath: 'run_id' });
          };
          opening.onsuccess = () => resolve(opening.result);
          opening.onerror = () => reject(opening.error);
        });
      const idbWrite = [];
      const idbRead = [];
      for (let round = 0; round < rounds; round++) {
        const name = `runlog-bench-floor-${round}`;
        const db = await openScratch(name);
        let started = performance.now();
        const tx = db.transaction(['runs', 'run_cells'], 'readwrite');
        const done = new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onabort = () => reject(tx.error);
        });
        // Slices of 200 runs, the next one issued from a success, as the store does.
        const summaries = tx.objectStore('runs');
        const cells = tx.objectStore('run_cells');
        let next = 0;
        const issue = () => {
          const first = next;
          for (; next < Math.min(runs.length, first + 200); next++) {
            const { cells: runCells, ...summary } = runs[next];
            const put = summaries.put(summary);
            cells.put({ run_id: summary.id, cells: runCells });
            if (next === first && first + 200 < runs.length) {
              put.onsuccess = issue;
            }
          }
        };
        issue();
        await done;
        idbWrite.push(performance.now() - started);
        started = performance.now();
        const read = db.transaction(['runs', 'run_cells']);
        await Promise.all([
          request(read.objectStore('runs').getAll()),
          request(read.objectStore('run_cells').getAll())
        ]);
        idbRead.push(performance.now() - started);
        db.close();
        await request(indexedDB.deleteDatabase(name));
      }
      const fetchMs = [];
      const saveMs = [];
      const contents = window.jupyterapp.serviceManager.contents;
      let text = '';
      for (let round = 0; round < rounds; round++) {
        let started = performance.now();
        const base = window.jupyterapp.serviceManager.serverSettings.baseUrl;
        text = await (
          await fetch(`${base}files/${file}`, { cache: 'no-store' })
        ).text();
        fetchMs.push(performance.now() - started);
        started = performance.now();
        await contents.save('bench-floor.runlog.json', {
          type: 'file',
          format: 'text',
          content: text
        });
        saveMs.push(performance.now() - started);
      }
      await contents.delete('bench-floor.runlog.json');
      return {
        runs: runs.length,
        idbWriteMs: median(idbWrite),
        idbReadMs: median(idbRead),
        fetchMs: median(fetchMs),
        saveMs: median(saveMs),
        parseMs: (() => {
          const started = performance.now();
          JSON.parse(text);
          return performance.now() - started;
        })()
      };
    },
    { runIds, file, rounds }
  );
}
