/**
 * Benchmark 5: MLflow sync in the browser against a real `mlflow server`.
 *
 * (a) push: N runs (20 params, 10 metrics, a 100-step series) in the store,
 *     sync turned on with `runlog:toggle-sync`, timed until every run is
 *     synced; (b) pull: M runs written into the MLflow experiment of a
 *     notebook shown in the Runs panel, `runlog:pull-from-mlflow` timed to
 *     the first painted rows of pulled runs and to all of them stored. Both
 *     record the page's long tasks (over 50 ms) meanwhile.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openNotebook } from './lib/browser.mjs';
import { profiled } from './lib/profile.mjs';
import { ROOT } from './lib/server.mjs';
import { installFillHelpers } from './storeFill.mjs';

const VENV_BIN = path.join(ROOT, '.venv', 'bin');
const sleep = delay => new Promise(resolve => setTimeout(resolve, delay));

/** `mlflow server` (SQLite, temporary folder) on `port`, in its own process group. */
export async function startMlflow({ port, log = () => {} }) {
  const url = `http://127.0.0.1:${port}`;
  const healthy = () =>
    fetch(`${url}/health`).then(
      answer => answer.ok,
      () => false
    );
  if (await healthy()) {
    throw new Error(`Something answers on ${url}; set RUNLOG_MLFLOW_PORT.`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'runlog-bench-mlflow-'));
  const logFile = openSync(path.join(dir, 'mlflow-server.log'), 'a');
  const child = spawn(
    path.join(VENV_BIN, 'mlflow'),
    [
      'server',
      '--backend-store-uri',
      `sqlite:///${path.join(dir, 'db.sqlite')}`,
      '--artifacts-destination',
      path.join(dir, 'artifacts'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--workers',
      '1'
    ],
    {
      detached: true,
      stdio: ['ignore', logFile, logFile],
      env: { ...process.env, MLFLOW_DISABLE_TELEMETRY: 'true' }
    }
  );
  closeSync(logFile);
  const exited = new Promise(resolve => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      if (!(await Promise.race([exited.then(() => true), sleep(15_000)]))) {
        process.kill(-child.pid, 'SIGKILL');
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  log(`mlflow server (pid ${child.pid}) starting on ${url}`);
  const deadline = Date.now() + 120_000;
  while (!(await healthy())) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`mlflow server did not start on ${url}.`);
    }
    await sleep(500);
  }
  return { url, dbPath: path.join(dir, 'db.sqlite'), stop };
}

/** In-page helpers: the sync service, series runs, push and pull timers. */
function installSyncHelpers() {
  const app = window.jupyterapp;
  const bench = window.runlogBench;
  const sleep = delay => new Promise(resolve => setTimeout(resolve, delay));
  const afterNextFrame = () =>
    new Promise(resolve =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
      })
    );
  const watchLongTasks = () => {
    const tasks = [];
    const observer = new PerformanceObserver(list =>
      tasks.push(...list.getEntries())
    );
    observer.observe({ type: 'longtask' });
    return since => {
      observer.takeRecords().forEach(entry => tasks.push(entry));
      observer.disconnect();
      const during = tasks.filter(task => task.startTime >= since);
      const durations = during.map(task => task.duration).sort((a, b) => b - a);
      return {
        count: during.length,
        totalMs: durations.reduce((sum, value) => sum + value, 0),
        longestMs: durations[0] ?? 0,
        top: durations.slice(0, 10).map(value => Math.round(value)),
        // When the longest happened (ms after the start), to line them up.
        at: [...during]
          .sort((a, b) => b.duration - a.duration)
          .slice(0, 10)
          .map(task => Math.round(task.startTime - since))
      };
    };
  };

  bench.makeSeriesRuns = (experiment, count, notebookPath) =>
    bench.makeRuns(experiment, count, notebookPath).map((run, index) => {
      const series = [];
      for (let step = 0; step < 100; step++) {
        series.push([step, 1 / (step + 1) + (index % 7) * 1e-3]);
      }
      run.metrics.loss = { value: series[99][1], series };
      return run;
    });

  bench.measurePush = async (runIds, timeoutMs) => {
    const { sync } = bench;
    const wanted = new Set(runIds);
    const synced = new Map();
    const onStates = (_, states) => {
      for (const state of states) {
        if (state.state === 'synced' && wanted.has(state.run_id)) {
          if (!synced.has(state.run_id)) {
            synced.set(state.run_id, performance.now());
          }
        } else if (state.state === 'failed') {
          bench.lastFailure = state.error;
        }
      }
    };
    sync.runStatesChanged.connect(onStates);
    const stopWatching = watchLongTasks();
    const started = performance.now();
    try {
      await app.commands.execute('runlog:toggle-sync');
      const deadline = started + timeoutMs;
      while (synced.size < wanted.size) {
        if (performance.now() > deadline) {
          break;
        }
        await sleep(100);
      }
      const doneMs = performance.now() - started;
      const longTasks = stopWatching(started);
      const times = [...synced.values()].sort((a, b) => a - b);
      const states = await sync.runStates(runIds);
      return {
        runs: wanted.size,
        synced: [...states.values()].filter(s => s.state === 'synced').length,
        doneMs,
        firstSyncedMs: times.length ? times[0] - started : null,
        status: sync.status,
        lastFailure: bench.lastFailure ?? null,
        longTasks
      };
    } finally {
      sync.runStatesChanged.disconnect(onStates);
    }
  };

  bench.measurePull = async (experimentId, expectedTotal, timeoutMs) => {
    const { panel, store } = bench;
    const pulledRowPainted = () => {
      const pulled = new Set(
        panel.table.runs
          .filter(run => run.origin?.kind === 'mlflow')
          .map(run => run.id)
      );
      if (!pulled.size) {
        return false;
      }
      return Array.from(
        panel.table.node.querySelectorAll(
          '.jp-runlog-RunsTable-row[data-run-id]'
        )
      ).some(row => pulled.has(row.dataset.runId));
    };
    // The runs requests' times, from Resource Timing.
    performance.clearResourceTimings();
    performance.setResourceTimingBufferSize(10_000);
    const stopWatching = watchLongTasks();
    let firstRowsAt = null;
    const firstRows = new Promise(resolve => {
      const observer = new MutationObserver(() => {
        if (pulledRowPainted()) {
          firstRowsAt = performance.now();
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(panel.node, { childList: true, subtree: true });
    });
    const started = performance.now();
    const command = app.commands.execute('runlog:pull-from-mlflow', {
      experimentId
    });
    const firstPaint = firstRows
      .then(afterNextFrame)
      .then(() => performance.now() - started);
    await command;
    const commandMs = performance.now() - started;
    const stored = await store.countRuns(experimentId);
    const deadline = started + timeoutMs;
    while (panel.table.runs.length < expectedTotal) {
      if (performance.now() > deadline) {
        break;
      }
      await sleep(50);
    }
    await afterNextFrame();
    const tableMs = performance.now() - started;
    const firstPaintMs = await Promise.race([firstPaint, sleep(1000)]);
    return {
      commandMs,
      stored,
      firstRowsInDomMs: firstRowsAt === null ? null : firstRowsAt - started,
      firstPaintMs: typeof firstPaintMs === 'number' ? firstPaintMs : null,
      tableMs,
      tableRuns: panel.table.runs.length,
      longTasks: stopWatching(started),
      requests: performance
        .getEntriesByType('resource')
        .filter(entry => entry.name.includes('/runlog/mlflow/runs'))
        .map(entry => ({
          at: Math.round(entry.startTime - started),
          ms: Math.round(entry.duration),
          kB: Math.round(entry.encodedBodySize / 1024)
        }))
    };
  };
}

/** Resolve the IMlflowSync service into `window.runlogBench.sync`. */
async function installSyncHandle(page) {
  await page.evaluate(async () => {
    const container = window._JUPYTERLAB['jupyterlab-runlog'];
    const module = (await container.get('./extension'))();
    window.runlogBench.sync = await window.jupyterapp.resolveRequiredService(
      module.IMlflowSync
    );
  });
}

/**
 * Run (a) and (b). `notebooks` gives the pull notebook's path and id (the
 * Lab root has it); `mlflow` is the started server.
 */
export async function benchmarkMlflow(page, options) {
  const { mlflow, syncRuns, pullRuns, pullNotebook, log } = options;
  await installSyncHandle(page);
  await page.evaluate(installFillHelpers);
  await page.evaluate(installSyncHelpers);

  // (a) push
  const pushExperiment = { id: 'bench-sync-push', name: 'sync push' };
  const runIds = await page.evaluate(
    async ({ experiment, count }) => {
      const bench = window.runlogBench;
      const runs = bench.makeSeriesRuns(experiment, count, 'mlflow-push.ipynb');
      await bench.writeRuns(runs, 100);
      return runs.map(run => run.id);
    },
    { experiment: pushExperiment, count: syncRuns }
  );
  log(`  ${syncRuns} runs in the store; turning sync on`);
  const { value: push, summary: pushProfile } = await profiled(page, () =>
    page.evaluate(
      ({ runIds }) => window.runlogBench.measurePush(runIds, 1_800_000),
      { runIds }
    )
  );
  push.runsPerSecond = (push.synced / push.doneMs) * 1000;
  // Without the start (server status, MLflow's import and experiment):
  // from the first synced run to the last.
  push.steadyRunsPerSecond =
    push.synced > 1 && push.firstSyncedMs !== null
      ? ((push.synced - 1) / (push.doneMs - push.firstSyncedMs)) * 1000
      : null;
  push.profile = pushProfile;
  log(
    `  push: ${push.synced}/${push.runs} synced in ${(push.doneMs / 1000).toFixed(1)} s ` +
      `(${push.runsPerSecond.toFixed(1)} runs/s); long tasks ${push.longTasks.count}, ` +
      `longest ${push.longTasks.longestMs.toFixed(0)} ms`
  );

  // (b) pull: one local run makes the notebook's experiment (and, pushed,
  // its MLflow experiment); the MLflow runs are then written beside it.
  await openNotebook(page, pullNotebook.path);
  await page.evaluate(async () => {
    await window.jupyterapp.commands.execute('runlog:open-panel');
  });
  await page.evaluate(
    async ({ experiment, path }) => {
      const bench = window.runlogBench;
      const [run] = bench.makeSeriesRuns(experiment, 1, path);
      await bench.store.put(run);
      const deadline = Date.now() + 60_000;
      for (;;) {
        const states = await bench.sync.runStates([run.id]);
        if (states.get(run.id)?.state === 'synced') {
          return;
        }
        if (Date.now() > deadline) {
          throw new Error('The pull notebook’s local run was not pushed.');
        }
        await new Promise(resolve => setTimeout(resolve, 200));
      }
    },
    {
      experiment: { id: pullNotebook.id, name: pullNotebook.name },
      path: pullNotebook.path
    }
  );
  const seedStarted = Date.now();
  const { stdout } = await promisify(execFile)(
    path.join(VENV_BIN, 'python'),
    [
      path.join(ROOT, 'benchmarks', 'mlflow_seed.py'),
      mlflow.dbPath,
      pullNotebook.path,
      String(pullRuns)
    ],
    { env: { ...process.env, MLFLOW_DISABLE_TELEMETRY: 'true' } }
  );
  const seed = JSON.parse(stdout.trim().split('\n').pop());
  seed.wallSeconds = (Date.now() - seedStarted) / 1000;
  log(
    `  wrote ${pullRuns} runs into MLflow experiment ${seed.experiment_id} ` +
      `in ${seed.wallSeconds.toFixed(1)} s; pulling`
  );
  const { value: pull, summary: pullProfile } = await profiled(page, () =>
    page.evaluate(
      ({ id, total }) => window.runlogBench.measurePull(id, total, 600_000),
      { id: pullNotebook.id, total: pullRuns + 1 }
    )
  );
  pull.profile = pullProfile;
  pull.runs = pullRuns;
  log(
    `  pull: first painted rows ${pull.firstPaintMs?.toFixed(0)} ms, ` +
      `${pull.stored} stored in ${(pull.commandMs / 1000).toFixed(1)} s, ` +
      `table full ${(pull.tableMs / 1000).toFixed(1)} s; long tasks ` +
      `${pull.longTasks.count}, longest ${pull.longTasks.longestMs.toFixed(0)} ms`
  );
  return { push, pull, seed };
}
