/**
 * Benchmark 2b: from opening the Runs panel (or switching to a notebook with
 * the panel open) to the first painted table, and to the full run list.
 */
import { installRunlogHandles, openNotebook } from './lib/browser.mjs';

/**
 * In-page: `window.runlogBench.measureOpen(trigger, expected)`.
 *
 * `trigger` is `open` (run `runlog:open-panel`) or `switch:<path>` (activate
 * that notebook's tab with the panel already open). Timed from just before
 * the trigger to (1) the first frame painted after row elements of the
 * table reached the DOM (rAF, then a task queued from it, which runs after
 * the frame), and (2) the same after the table holds all `expected` runs.
 * The store's listRuns and the table's setRuns are wrapped on their
 * instances to see where the time goes.
 */
export function installPanelHelpers() {
  const app = window.jupyterapp;
  const bench = window.runlogBench;
  const { panel, store } = bench;
  const sleep = delay => new Promise(resolve => setTimeout(resolve, delay));
  const afterNextFrame = () =>
    new Promise(resolve =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
      })
    );
  const waitFor = async (condition, what, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for ${what}.`);
      }
      await sleep(10);
    }
  };
  const rows = () =>
    panel.table.node.querySelectorAll('.jp-runlog-RunsTable-row[data-run-id]')
      .length;

  bench.activateNotebook = async (path, experimentId) => {
    const widget = Array.from(app.shell.widgets('main')).find(
      item => item.context?.path === path
    );
    if (!widget) {
      throw new Error(`${path} is not open.`);
    }
    app.shell.activateById(widget.id);
    await waitFor(
      () => panel.experiment?.id === experimentId,
      `the panel to follow ${path}`
    );
  };

  bench.closePanel = async () => {
    app.shell.collapseRight();
    await waitFor(() => !panel.isVisible, 'the panel to close');
  };

  /**
   * JupyterLab's own cost of showing a right-area panel: another widget of
   * that area (e.g. the property inspector), from activation to the next
   * painted frame.
   */
  bench.measureBaseline = async () => {
    const other = Array.from(app.shell.widgets('right')).find(
      widget => widget.id !== panel.id
    );
    if (!other) {
      return null;
    }
    app.shell.collapseRight();
    await waitFor(() => !other.isVisible, 'the right area to close');
    const started = performance.now();
    app.shell.activateById(other.id);
    await afterNextFrame();
    const ms = performance.now() - started;
    app.shell.collapseRight();
    return { id: other.id, ms };
  };

  bench.measureOpen = async (trigger, expected) => {
    const calls = [];
    const timed = (target, name, describe) => {
      const original = target[name];
      target[name] = function (...args) {
        const start = performance.now();
        const done = value => {
          calls.push({
            what: describe(args),
            ms: performance.now() - start,
            at: start
          });
          return value;
        };
        const result = original.apply(this, args);
        return result instanceof Promise ? result.then(done) : done(result);
      };
      return () => delete target[name];
    };
    const unwrap = [
      timed(store, 'listRuns', args =>
        args[1]?.limit ? `listRuns(${args[1].limit})` : 'listRuns(all)'
      ),
      timed(store, 'countRuns', () => 'countRuns'),
      timed(panel.table, 'setRuns', args => `setRuns(${args[0].length})`)
    ];
    // Main-thread tasks over 50 ms while the panel loads (jank).
    const longTasks = [];
    const longTaskObserver = new PerformanceObserver(list =>
      longTasks.push(...list.getEntries())
    );
    longTaskObserver.observe({ type: 'longtask' });
    // Frames over 50 ms, with their scripts' forced style and layout.
    const frames = [];
    const frameObserver = new PerformanceObserver(list =>
      frames.push(...list.getEntries())
    );
    frameObserver.observe({ type: 'long-animation-frame' });
    try {
      let firstRowsAt = null;
      const firstRows = new Promise(resolve => {
        const observer = new MutationObserver(() => {
          if (panel.isVisible && panel.table.runs.length > 0 && rows() > 0) {
            firstRowsAt = performance.now();
            observer.disconnect();
            resolve();
          }
        });
        observer.observe(panel.node, { childList: true, subtree: true });
      });
      const started = performance.now();
      if (trigger === 'open') {
        await app.commands.execute('runlog:open-panel');
      } else {
        const widget = Array.from(app.shell.widgets('main')).find(
          item => item.context?.path === trigger.slice('switch:'.length)
        );
        app.shell.activateById(widget.id);
      }
      await firstRows;
      await afterNextFrame();
      const paintedAt = performance.now();
      const firstPaintMs = paintedAt - started;
      const firstRowCount = rows();
      const firstRunCount = panel.table.runs.length;
      await panel.loaded;
      await waitFor(
        () => panel.table.runs.length === expected,
        `${expected} runs in the table`,
        120_000
      );
      await afterNextFrame();
      const fullMs = performance.now() - started;
      // Frame entries arrive after their frame: read them once all is loaded.
      frameObserver.takeRecords().forEach(entry => frames.push(entry));
      const firstFrames = frames.filter(
        frame =>
          frame.startTime < paintedAt &&
          frame.startTime + frame.duration > started
      );
      const sum = (list, pick) =>
        list.reduce((total, item) => total + pick(item), 0);
      const scripts = firstFrames.flatMap(frame => frame.scripts);
      const untilFirstPaint = {
        scriptMs: sum(scripts, script => script.duration),
        forcedLayoutMs: sum(
          scripts,
          script => script.forcedStyleAndLayoutDuration
        ),
        renderMs: sum(firstFrames, frame =>
          frame.renderStart > 0
            ? frame.startTime + frame.duration - frame.renderStart
            : 0
        )
      };
      longTaskObserver.takeRecords().forEach(entry => longTasks.push(entry));
      const during = longTasks.filter(task => task.startTime >= started);
      return {
        firstPaintMs,
        untilFirstPaint,
        rowsInDomMs: firstRowsAt - started,
        fullMs,
        firstRowCount,
        firstRunCount,
        countText:
          panel.node.querySelector('.jp-runlog-RunsPanel-count')?.textContent ??
          '',
        longestTaskMs: Math.max(0, ...during.map(task => task.duration)),
        longTasksMs: during.reduce((sum, task) => sum + task.duration, 0),
        calls: calls.map(call => ({ ...call, at: call.at - started }))
      };
    } finally {
      longTaskObserver.disconnect();
      frameObserver.disconnect();
      unwrap.forEach(undo => undo());
    }
  };
}

/**
 * Measure `openings` panel openings (closed panel, active notebook switched
 * away and back while closed), `openings` switches with the panel open, and
 * `reloads` openings right after a page reload.
 */
export async function benchmarkPanel(page, options) {
  const { bigPath, bigId, emptyPath, emptyId, expected, log } = options;
  const install = async () => {
    await installRunlogHandles(page);
    await page.evaluate(installPanelHelpers);
  };
  await install();
  await openNotebook(page, emptyPath);
  await openNotebook(page, bigPath);
  const measure = (trigger, label) =>
    page
      .evaluate(
        ({ trigger, expected }) =>
          window.runlogBench.measureOpen(trigger, expected),
        { trigger, expected }
      )
      .then(result => {
        log(
          `  ${label}: first paint ${result.firstPaintMs.toFixed(0)} ms ` +
            `(${result.firstRowCount} rows, ${result.firstRunCount} runs), ` +
            `all ${expected} in ${result.fullMs.toFixed(0)} ms`
        );
        return { label, ...result };
      });
  const inPage = (script, args) => page.evaluate(script, args);

  const first = await measure('open', 'first opening in the page');
  const baseline = [];
  for (let round = 1; round <= options.openings; round++) {
    const result = await inPage(() => window.runlogBench.measureBaseline());
    if (result) {
      baseline.push(result);
    }
  }
  const reopen = [];
  for (let round = 1; round <= options.openings; round++) {
    await inPage(
      async ({ emptyPath, emptyId, bigPath, bigId }) => {
        const bench = window.runlogBench;
        await bench.closePanel();
        await bench.activateNotebook(emptyPath, emptyId);
        await bench.activateNotebook(bigPath, bigId);
      },
      { emptyPath, emptyId, bigPath, bigId }
    );
    reopen.push(await measure('open', `reopen ${round}`));
  }
  const switches = [];
  for (let round = 1; round <= options.openings; round++) {
    await inPage(
      async ({ emptyPath, emptyId }) => {
        await window.runlogBench.activateNotebook(emptyPath, emptyId);
        await new Promise(resolve => setTimeout(resolve, 200));
      },
      { emptyPath, emptyId }
    );
    switches.push(await measure(`switch:${bigPath}`, `switch ${round}`));
  }
  const reloads = [];
  for (let round = 1; round <= options.reloads; round++) {
    // A reset workspace: nothing restored, the panel closed.
    await page.goto(`${options.baseUrl}/lab?reset`);
    await page.waitForFunction(() => window.jupyterapp !== undefined);
    await page.evaluate(() => window.jupyterapp.restored);
    await install();
    await openNotebook(page, bigPath);
    await inPage(() => window.runlogBench.closePanel());
    reloads.push(await measure('open', `after reload ${round}`));
  }
  return { first, baseline, reopen, switches, reloads };
}
