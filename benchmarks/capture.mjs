/**
 * Benchmark 1: capture overhead. Run All over a notebook of a parameters cell
 * and 200 trivial tracked cells, capture on and off alternately in one page.
 */
import { openLab, openNotebook } from './lib/browser.mjs';
import { cpuDelta, cpuSnapshot, waitForQuiet } from './lib/cpu.mjs';
import { profiled } from './lib/profile.mjs';
import { median } from './lib/stats.mjs';

/** In-page helpers: window.runlogBench.runAll(), .setCapture(), .settle(). */
function installCaptureHelpers() {
  const app = window.jupyterapp;
  const bench = window.runlogBench;
  const sleep = delay => new Promise(resolve => setTimeout(resolve, delay));
  const current = () => {
    const widget = app.shell.currentWidget;
    if (!widget?.content?.model || !widget.sessionContext) {
      throw new Error('The active widget is not a notebook.');
    }
    return widget;
  };

  bench.setCapture = async on => {
    const command = 'runlog:toggle-capture';
    if (app.commands.isToggled(command) !== on) {
      await app.commands.execute(command);
    }
    const deadline = Date.now() + 10_000;
    while (bench.recorder.enabled !== on) {
      if (Date.now() > deadline) {
        throw new Error(`Capture did not turn ${on ? 'on' : 'off'}.`);
      }
      await sleep(20);
    }
  };

  /**
   * Wall time of Run All: from triggering the command until every code cell
   * has an execution count from this pass and the kernel is idle. The
   * command's promise resolves once every cell's execute_reply is in
   * (NotebookActions.runAll awaits them all); the DOM-independent checks
   * after it make sure nothing is left queued.
   */
  bench.runAll = async () => {
    const panel = current();
    const cells = Array.from(panel.content.model.cells).filter(
      cell => cell.type === 'code'
    );
    const kernel = panel.sessionContext.session.kernel;
    if (kernel.status !== 'idle') {
      throw new Error(`Kernel is ${kernel.status} before Run All.`);
    }
    const started = performance.now();
    await app.commands.execute('notebook:run-all-cells');
    const commandDone = performance.now();
    const deadline = Date.now() + 120_000;
    for (;;) {
      const counted = cells.every(cell => cell.executionCount !== null);
      if (counted && kernel.status === 'idle') {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error('Run All did not finish in 120 s.');
      }
      await sleep(2);
    }
    const finished = performance.now();
    const counts = cells.map(cell => cell.executionCount);
    return {
      wallMs: finished - started,
      commandMs: commandDone - started,
      cells: cells.length,
      // One execution per cell, in order, in this pass.
      contiguous: Math.max(...counts) - Math.min(...counts) === cells.length - 1
    };
  };

  /** Let queued writes land, then count the experiment's runs. */
  bench.settle = async experimentId => {
    await sleep(300);
    await bench.store.flush();
    await sleep(100);
    return bench.store.countRuns(experimentId);
  };

  /**
   * Instrumented Run All (capture on): time spent synchronously in the
   * recorder's handlers and in store.put, by wrapping them on the instances.
   */
  bench.profiledRunAll = async () => {
    const panel = current();
    const notebookRecorder = bench.recorder.recorderFor(panel);
    const spent = { cellScheduled: 0, cellExecuted: 0, put: 0, puts: 0 };
    const wrap = (target, name, key) => {
      const original = target[name];
      target[name] = function (...args) {
        const start = performance.now();
        try {
          return original.apply(this, args);
        } finally {
          spent[key] += performance.now() - start;
          if (key === 'put') {
            spent.puts += 1;
          }
        }
      };
      return () => {
        delete target[name];
      };
    };
    const unwrap = [
      wrap(notebookRecorder, 'cellScheduled', 'cellScheduled'),
      wrap(notebookRecorder, 'cellExecuted', 'cellExecuted'),
      wrap(bench.store, 'put', 'put')
    ];
    try {
      const timing = await bench.runAll();
      const flushStart = performance.now();
      await bench.store.flush();
      return { ...timing, ...spent, flushMs: performance.now() - flushStart };
    } finally {
      unwrap.forEach(undo => undo());
    }
  };
}

/** Instrumented on/off pairs after the timed rounds. */
const PROFILED_PAIRS = 3;

/** The extension's heaviest frames, averaged over the passes. */
function meanFrames(passes) {
  const total = new Map();
  for (const pass of passes) {
    for (const { frame, ms } of pass.cpu.topExtensionFrames) {
      total.set(frame, (total.get(frame) ?? 0) + ms);
    }
  }
  return [...total]
    .map(([frame, ms]) => ({ frame, ms: ms / passes.length }))
    .sort((a, b) => b.ms - a.ms);
}

/** Field-wise medians of the instrumented passes (numbers only). */
function medianProfile(passes) {
  const numeric = (key, pick) =>
    typeof pick(passes[0])[key] === 'number'
      ? [[key, median(passes.map(pass => pick(pass)[key]))]]
      : [];
  const fields = Object.keys(passes[0]).flatMap(key =>
    numeric(key, pass => pass)
  );
  const cpu = Object.keys(passes[0].cpu).flatMap(key =>
    numeric(key, pass => pass.cpu)
  );
  return {
    ...Object.fromEntries(fields),
    cpu: {
      ...Object.fromEntries(cpu),
      topExtensionFrames: meanFrames(passes)
    }
  };
}

/**
 * Returns { passes: [{ capture, label, wallMs, commandMs, cpu, runsAdded }],
 * onMs, offMs, ratio, roundRatios, cpuOnMs, cpuOffMs, cpuRatio, runCheck,
 * profile }; medians over the rounds after the warm-up pair.
 */
export async function benchmarkCapture({
  browser,
  baseUrl,
  notebookPath,
  experimentId,
  rounds,
  log
}) {
  const page = await openLab(browser, baseUrl);
  try {
    await openNotebook(page, notebookPath);
    await page.evaluate(installCaptureHelpers);

    const inPage = (script, arg) => page.evaluate(script, arg);
    const pass = async (on, label) => {
      const before = await inPage(
        async ({ on, experimentId }) => {
          await window.runlogBench.setCapture(on);
          return window.runlogBench.settle(experimentId);
        },
        { on, experimentId }
      );
      const quietAfterMs = await waitForQuiet();
      // CPU over the pass and the writes it leaves queued, the same window
      // whether capture is on or off.
      const cpuBefore = cpuSnapshot();
      const timing = await inPage(() => window.runlogBench.runAll());
      await inPage(async () => {
        await window.runlogBench.store.flush();
        await new Promise(resolve => setTimeout(resolve, 300));
      });
      const cpu = cpuDelta(cpuBefore, cpuSnapshot());
      const after = await inPage(
        experimentId => window.runlogBench.settle(experimentId),
        experimentId
      );
      if (!timing.contiguous) {
        throw new Error('A Run All pass did not execute every cell once.');
      }
      const runsAdded = after - before;
      log(
        `  ${label} capture ${on ? 'on ' : 'off'}: ${timing.wallMs.toFixed(0)} ms wall, ` +
          `${cpu ? cpu.total.toFixed(0) : '?'} ms CPU, runs added ${runsAdded}`
      );
      return { capture: on, label, ...timing, cpu, runsAdded, quietAfterMs };
    };

    const passes = [];
    passes.push(await pass(true, 'warm-up'));
    passes.push(await pass(false, 'warm-up'));
    for (let round = 1; round <= rounds; round++) {
      passes.push(await pass(true, `round ${round}`));
      passes.push(await pass(false, `round ${round}`));
    }
    const measured = passes.filter(p => p.label !== 'warm-up');
    const on = measured.filter(p => p.capture);
    const off = measured.filter(p => !p.capture);
    const wall = list => list.map(p => p.wallMs);
    const cpu = list => list.map(p => p.cpu?.total ?? NaN);

    // The last captured run: complete, with every tracked cell in it.
    await page.evaluate(() => window.runlogBench.setCapture(true));
    const runCheck = await page.evaluate(async experimentId => {
      const { store } = window.runlogBench;
      const [latest] = await store.listRuns(experimentId, { limit: 1 });
      const run = latest && (await store.getRun(latest.id));
      return run
        ? {
            status: run.status,
            cells: run.cells.length,
            params: Object.keys(run.params).length
          }
        : null;
    }, experimentId);
    // Where the time of a captured pass goes: the recorder's handlers timed
    // on their instances, and a CPU profile of the page (on, then off).
    const samples = { on: [], off: [] };
    for (let repeat = 0; repeat < PROFILED_PAIRS; repeat++) {
      for (const on of [true, false]) {
        await waitForQuiet();
        const { value, summary } = await profiled(page, () =>
          page.evaluate(async on => {
            const bench = window.runlogBench;
            await bench.setCapture(on);
            await bench.settle('');
            if (on) {
              return bench.profiledRunAll();
            }
            const timing = await bench.runAll();
            await bench.store.flush();
            return timing;
          }, on)
        );
        samples[on ? 'on' : 'off'].push({ ...value, cpu: summary });
      }
    }
    const profile = {
      on: medianProfile(samples.on),
      off: medianProfile(samples.off),
      samples
    };

    return {
      passes,
      onMs: median(wall(on)),
      offMs: median(wall(off)),
      ratio: median(wall(on)) / median(wall(off)),
      // Each round's on pass over its off pass: less sensitive to drift.
      roundRatios: on.map((p, index) => p.wallMs / off[index].wallMs),
      cpuOnMs: median(cpu(on)),
      cpuOffMs: median(cpu(off)),
      cpuRatio: median(cpu(on)) / median(cpu(off)),
      runCheck,
      profile
    };
  } finally {
    await page.close();
  }
}
