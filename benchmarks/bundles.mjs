/**
 * Benchmark 4: exporting 10,000 runs to a bundle file and importing it into
 * a fresh browser profile, through the commands a user runs
 * (`runlog:export-bundle`, `runlog:import-bundle`): store reads, bundle
 * writing and checking, the contents API both ways, the import transaction.
 */
import { installRunlogHandles, openLab } from './lib/browser.mjs';
import { measureFloor } from './bundleFloor.mjs';
import { installFillHelpers } from './storeFill.mjs';

const EXPERIMENT = { id: 'bench-bundle', name: 'bundle round trip' };
const FILE = 'bench-10k.runlog.json';

/** Run a command that ends in a dialog; time until the dialog, then close it. */
async function timedCommand(page, command, args) {
  return page.evaluate(
    async ({ command, args }) => {
      const app = window.jupyterapp;
      const started = performance.now();
      const tasks = [];
      const observer = new PerformanceObserver(list => {
        for (const entry of list.getEntries()) {
          tasks.push(entry.duration);
        }
      });
      observer.observe({ type: 'longtask' });
      const done = app.commands.execute(command, args);
      let dialog = null;
      let finished = false;
      void done.then(() => (finished = true));
      while (!finished && !(dialog = document.querySelector('.jp-Dialog'))) {
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      const ms = performance.now() - started;
      const text = dialog?.textContent ?? '';
      dialog?.querySelector('.jp-mod-accept')?.click();
      const result = await done;
      observer.disconnect();
      // The extension's own User Timing measures of this command's phases.
      const phases = performance
        .getEntriesByType('measure')
        .filter(
          entry =>
            entry.name.startsWith('runlog ') && entry.startTime >= started
        )
        .map(entry => ({ name: entry.name, ms: entry.duration }));
      return { ms, text, result, phases, longestTaskMs: Math.max(0, ...tasks) };
    },
    { command, args }
  );
}

function logPhases(phases, log) {
  for (const phase of phases) {
    log(`    ${phase.name}: ${Math.round(phase.ms)} ms`);
  }
}

export async function benchmarkBundles(browser, { baseUrl, count, log }) {
  const source = await openLab(browser, baseUrl);
  let exported;
  let runIds;
  try {
    await source.evaluate(installFillHelpers);
    await source.evaluate(
      async ({ experiment, count }) => {
        const bench = window.runlogBench;
        const runs = bench.makeRuns(experiment, count, 'bundle.ipynb');
        await bench.writeRuns(runs, runs.length);
      },
      { experiment: EXPERIMENT, count }
    );
    runIds = await source.evaluate(
      async id => (await window.runlogBench.store.listRuns(id)).map(r => r.id),
      EXPERIMENT.id
    );
    exported = await timedCommand(source, 'runlog:export-bundle', {
      runIds,
      path: FILE
    });
    exported.bytes = await source.evaluate(async path => {
      const model = await window.jupyterapp.serviceManager.contents.get(path, {
        content: false
      });
      return model.size;
    }, FILE);
  } finally {
    await source.close();
  }
  log(
    `  export of ${count} runs: ${Math.round(exported.ms)} ms, ${exported.bytes} bytes (${Math.round(exported.bytes / count)} bytes/run)`
  );
  logPhases(exported.phases, log);

  // A fresh profile: an empty IndexedDB, as a colleague's browser.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 }
  });
  let imported;
  let floor;
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/lab`);
    await page.waitForFunction(() => window.jupyterapp !== undefined);
    await page.evaluate(() => window.jupyterapp.restored);
    await installRunlogHandles(page);
    imported = await timedCommand(page, 'runlog:import-bundle', {
      path: FILE
    });
    imported.stored = await page.evaluate(
      id => window.runlogBench.store.countRuns(id),
      EXPERIMENT.id
    );
    floor = await measureFloor(page, { runIds, file: FILE });
  } finally {
    await context.close();
  }
  log(
    `  import into a fresh profile: ${Math.round(imported.ms)} ms, ${imported.stored} runs stored; longest task ${Math.round(imported.longestTaskMs)} ms`
  );
  logPhases(imported.phases, log);
  log(
    `  platform floor, no bundle work: IndexedDB put ${Math.round(floor.idbWriteMs)} ms, getAll ${Math.round(floor.idbReadMs)} ms, contents API save ${Math.round(floor.saveMs)} ms, /files/ fetch ${Math.round(floor.fetchMs)} ms, JSON.parse ${Math.round(floor.parseMs)} ms`
  );
  return {
    count,
    exportMs: exported.ms,
    exportLongestTaskMs: exported.longestTaskMs,
    exportPhases: exported.phases,
    bytes: exported.bytes,
    importMs: imported.ms,
    importLongestTaskMs: imported.longestTaskMs,
    importPhases: imported.phases,
    stored: imported.stored,
    floor,
    importReport: imported.text.slice(0, 200)
  };
}
