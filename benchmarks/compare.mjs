/**
 * Benchmark 3: the comparison view over many runs (issue 3's budgets).
 *
 * Runs are written through the page's own store, selected in the Runs panel
 * and compared with `runlog:compare-selected`, as a user would. Each round
 * closes the view and compares again, so every round draws from scratch.
 */
import { median } from './lib/stats.mjs';

export const COMPARE_SCENARIOS = [
  {
    key: 'series',
    label: '50 runs × 10,000-step series',
    id: 'bench-compare-series',
    count: 50,
    steps: 10_000,
    chart: 'series'
  },
  {
    key: 'parallel',
    label: '1,000 runs, parallel coordinates',
    id: 'bench-compare-many',
    count: 1000,
    steps: 0,
    chart: 'parallel-coordinates'
  }
];

/**
 * In-page: `runlogBench.writeCompareRuns(id, count, steps)` puts `count`
 * runs of 3 parameters and 2 metrics (plus a `loss` series of `steps`
 * points when steps > 0) unless the experiment already holds them.
 */
function installCompareHelpers() {
  const bench = window.runlogBench;
  bench.writeCompareRuns = async (id, count, steps) => {
    const { store } = bench;
    if ((await store.countRuns(id)) === count) {
      return 0;
    }
    const started = performance.now();
    const experiment = { id, name: id };
    const base = Date.parse('2025-01-01T00:00:00Z');
    const param = value => ({
      value,
      source: JSON.stringify(value),
      type: typeof value === 'string' ? 'str' : 'float',
      origin: 'kernel',
      exact: true
    });
    const puts = [];
    for (let index = 0; index < count; index++) {
      const lr = 10 ** -(1 + (index % 4)) * (1 + (index % 7));
      const metrics = {
        acc: { value: 0.5 + 0.4 * Math.sin(index) ** 2 },
        'val/loss': { value: 1 / (1 + index) }
      };
      if (steps > 0) {
        const series = [];
        for (let step = 0; step < steps; step++) {
          series.push([
            step,
            Math.exp(-step * lr * 0.01) + 0.01 * Math.sin(step + index)
          ]);
        }
        metrics.loss = { value: series[steps - 1][1], series };
      }
      const at = new Date(base + index * 60_000).toISOString();
      puts.push(
        store.put({
          id: `${id}-${index}`,
          number: index + 1,
          experiment,
          notebook_path: `${id}.ipynb`,
          status: 'completed',
          started_at: at,
          ended_at: at,
          duration_ms: 1000,
          params: {
            lr: param(lr),
            batch: param(2 ** (4 + (index % 4))),
            model: param(['small', 'large', 'tiny'][index % 3])
          },
          metrics,
          cells: [
            {
              cell_id: 'train',
              role: 'tracked',
              source: 'train()',
              outputs: [
                {
                  output_type: 'stream',
                  name: 'stdout',
                  text: `run ${index}\nlr ${lr}\ndone\n`
                }
              ],
              status: 'ok',
              execution_count: 1,
              duration_ms: 900
            }
          ],
          context: { kernel: { name: 'python3', language: 'python' } },
          annotations: { note: '', tags: [], starred: false },
          updated_at: at
        })
      );
    }
    await Promise.all(puts);
    await store.flush();
    return performance.now() - started;
  };

  /**
   * Select every run of the experiment, compare them, and time it: the
   * view's own figures, each chart's, and the longest main-thread task
   * (PerformanceObserver `longtask`) between the command and the last chart.
   */
  bench.compareOnce = async (id, count) => {
    const app = window.jupyterapp;
    const { panel } = bench;
    const old = app.shell.widgets('main');
    for (const widget of Array.from(old)) {
      if (widget.id === 'jp-runlog-compare-view') {
        widget.close();
      }
    }
    // No notebook open: the panel would follow it instead of the experiment
    // set below (a workspace restored from another benchmark has some).
    await app.commands.execute('application:close-all');
    await new Promise(resolve => setTimeout(resolve, 200));
    // The panel loads runs only while shown.
    await app.commands.execute('runlog:open-panel');
    panel.experiment = { id, name: id, path: `${id}.ipynb` };
    await panel.loaded;
    panel.table.selectAll();
    const tasks = [];
    const observer = new PerformanceObserver(list => {
      for (const entry of list.getEntries()) {
        tasks.push(entry.duration);
      }
    });
    observer.observe({ type: 'longtask' });
    const started = performance.now();
    // Not awaited: the deadline below reports a view that never settles.
    const shown = app.commands.execute('runlog:compare-selected');
    let node = null;
    while (!(node = document.getElementById('jp-runlog-compare'))) {
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    const settled = () =>
      node.dataset.renderMs &&
      node.dataset.runCount === String(count) &&
      Array.from(node.querySelectorAll('[data-chart]')).every(chart =>
        ['ready', 'empty', 'error', 'deferred'].includes(chart.dataset.state)
      );
    const deadline = Date.now() + 60_000;
    while (!settled()) {
      if (Date.now() > deadline) {
        const states = Array.from(node.querySelectorAll('[data-chart]')).map(
          chart => `${chart.dataset.chart}: ${chart.dataset.state}`
        );
        throw new Error(
          `The comparison of ${count} runs did not settle in a minute ` +
            `(runs shown ${node.dataset.runCount}, charts ${states.join(', ')}).`
        );
      }
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    const wallMs = performance.now() - started;
    await shown;
    // Long tasks are reported after they end: let the observer catch up.
    await new Promise(resolve => setTimeout(resolve, 100));
    observer.disconnect();
    const charts = {};
    node.querySelectorAll('[data-chart]').forEach(chart => {
      charts[chart.dataset.chart] = {
        ms: Number(chart.dataset.renderMs ?? NaN),
        marks: Number(chart.dataset.markCount ?? NaN),
        state: chart.dataset.state
      };
    });
    return {
      wallMs,
      viewMs: Number(node.dataset.renderMs),
      readMs: Number(node.dataset.readMs),
      tableMs: Number(node.dataset.tableMs),
      longestTaskMs: Math.max(0, ...tasks),
      longTasks: tasks.length,
      charts
    };
  };
}

/** Write the scenarios' runs, then compare each `rounds` times. */
export async function benchmarkCompare(page, { rounds, log }) {
  await page.evaluate(installCompareHelpers);
  const results = {};
  for (const scenario of COMPARE_SCENARIOS) {
    const writeMs = await page.evaluate(
      ({ id, count, steps }) =>
        window.runlogBench.writeCompareRuns(id, count, steps),
      scenario
    );
    log(
      `  ${scenario.label}: ${writeMs ? `wrote runs in ${Math.round(writeMs)} ms` : 'runs already stored'}`
    );
    const passes = [];
    // Round 0 loads vega-embed and warms the caches: reported, not counted.
    for (let round = 0; round <= rounds; round++) {
      const pass = await page.evaluate(
        ({ id, count }) => window.runlogBench.compareOnce(id, count),
        scenario
      );
      const chart = pass.charts[scenario.chart];
      log(
        `    ${round === 0 ? 'warm-up' : `round ${round}`}: ${scenario.chart} ${chart?.ms} ms (${chart?.marks} rows, ${chart?.state}), ` +
          `view ${pass.viewMs} ms, longest task ${Math.round(pass.longestTaskMs)} ms`
      );
      passes.push({ ...pass, warmUp: round === 0 });
    }
    const measured = passes.filter(pass => !pass.warmUp);
    results[scenario.key] = {
      ...scenario,
      passes,
      chartMs: median(measured.map(pass => pass.charts[scenario.chart]?.ms)),
      viewMs: median(measured.map(pass => pass.viewMs)),
      longestTaskMs: median(measured.map(pass => pass.longestTaskMs))
    };
  }
  return results;
}
