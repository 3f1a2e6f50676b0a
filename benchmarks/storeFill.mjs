/**
 * Benchmark 2a: writing runs into IndexedDB through the extension's own
 * IndexedDBRunStore instance (the IRunStore service of the page).
 */

/**
 * In-page: `window.runlogBench.makeRuns(experiment, count)` builds run records
 * of 20 parameters, 10 metrics and one small cell, and `.writeRuns(runs,
 * batch)` puts them, `batch` at a time, awaiting each batch's durability.
 */
export function installFillHelpers() {
  const bench = window.runlogBench;
  const models = ['linear', 'mlp', 'cnn', 'transformer'];
  const optimizers = ['sgd', 'adam', 'adamw'];

  bench.makeRuns = (experiment, count, notebookPath) => {
    const base = Date.parse('2025-01-01T00:00:00Z');
    const runs = [];
    for (let index = 0; index < count; index++) {
      const params = {};
      for (let p = 0; p < 20; p++) {
        let value;
        if (p % 5 === 0) {
          value = models[(index + p) % models.length];
        } else if (p % 5 === 1) {
          value = optimizers[(index * 7 + p) % optimizers.length];
        } else if (p % 5 === 2) {
          value = (index * 31 + p) % 2 === 0;
        } else if (p % 5 === 3) {
          value = 2 ** ((index + p) % 10);
        } else {
          value = Math.round(((index * 13 + p * 7) % 1000) * 1e-2 * 1e4) / 1e4;
        }
        params[`param_${String(p).padStart(2, '0')}`] = {
          value,
          source: JSON.stringify(value),
          type: typeof value === 'string' ? 'str' : typeof value,
          origin: 'kernel',
          exact: true
        };
      }
      const metrics = {};
      for (let m = 0; m < 10; m++) {
        metrics[`metric_${m}`] = {
          value: Math.sin(index * 0.01 + m) * 100 + m
        };
      }
      const started = new Date(base + index * 60_000).toISOString();
      const ended = new Date(base + index * 60_000 + 1500).toISOString();
      runs.push({
        id: `${experiment.id}-run-${index}`,
        number: 0,
        experiment,
        notebook_path: notebookPath,
        status: index % 50 === 7 ? 'failed' : 'completed',
        started_at: started,
        ended_at: ended,
        duration_ms: 1500,
        params,
        metrics,
        cells: [
          {
            cell_id: 'train',
            role: 'tracked',
            source: `loss = train(model, epochs=${index % 10})\nlog("loss", loss)`,
            outputs: [
              {
                output_type: 'stream',
                name: 'stdout',
                text: `epoch ${index % 10} loss ${(index % 97) / 100}\n`
              }
            ],
            status: 'ok',
            execution_count: index + 1,
            started_at: started,
            duration_ms: 1400
          }
        ],
        context: {
          kernel: { name: 'python3', language: 'python' }
        },
        annotations: { note: '', tags: [], starred: false },
        updated_at: ended
      });
    }
    return runs;
  };

  bench.writeRuns = async (runs, batch) => {
    const { store } = bench;
    const started = performance.now();
    for (let offset = 0; offset < runs.length; offset += batch) {
      await Promise.all(
        runs.slice(offset, offset + batch).map(run => store.put(run))
      );
    }
    return performance.now() - started;
  };
}

/**
 * Write `count` runs into the experiment in one go (the store gathers the
 * queued puts into one transaction), and `batchedCount` more into a second
 * experiment 100 at a time. Returns the timings and what the store then holds.
 */
export async function fillStore(page, { experiment, count, batched, log }) {
  await page.evaluate(installFillHelpers);
  const result = await page.evaluate(
    async ({ experiment, count, batched }) => {
      const bench = window.runlogBench;
      const runs = bench.makeRuns(experiment, count, 'runs-10k.ipynb');
      const bulkMs = await bench.writeRuns(runs, runs.length);
      const batchedExperiment = {
        id: `${experiment.id}-batched`,
        name: 'batched writes'
      };
      const more = bench.makeRuns(batchedExperiment, batched, 'other.ipynb');
      const batchedMs = await bench.writeRuns(more, 100);
      const experiments = await bench.store.listExperiments();
      const summary = experiments.find(item => item.id === experiment.id);
      const [newest] = await bench.store.listRuns(experiment.id, { limit: 1 });
      const stored = await bench.store.getRun(newest.id);
      return {
        bulkMs,
        batchedMs,
        stored: await bench.store.countRuns(experiment.id),
        lastNumber: summary?.last_number ?? null,
        newest: {
          number: newest.number,
          params: Object.keys(stored.params).length,
          metrics: Object.keys(stored.metrics).length,
          cells: stored.cells.length
        }
      };
    },
    { experiment, count, batched }
  );
  log(
    `  wrote ${count} runs in ${result.bulkMs.toFixed(0)} ms (one batch); ` +
      `${batched} runs 100 at a time in ${result.batchedMs.toFixed(0)} ms`
  );
  return {
    ...result,
    count,
    batched,
    bulkRunsPerSecond: (count / result.bulkMs) * 1000,
    batchedRunsPerSecond: (batched / result.batchedMs) * 1000
  };
}
