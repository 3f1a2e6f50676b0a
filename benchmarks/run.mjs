#!/usr/bin/env node
/**
 * Runs the benchmarks against a JupyterLab of their own and prints figures.
 *
 *   node benchmarks/run.mjs
 *       [--only capture|store|compare|bundles|mlflow|trash|alerts]
 *       [--rounds 7] [--sync-runs 1000] [--pull-runs 10000]
 *       [--runs 10000] [--openings 7] [--reloads 3] [--compare-rounds 5]
 *       [--trash-rounds 3]
 *       [--write-docs]
 *   node benchmarks/run.mjs --report benchmarks/results/<file>.json [--write-docs]
 *
 * Environment: RUNLOG_BENCH_PORT (8897), RUNLOG_CHROMIUM (/usr/bin/chromium),
 * RUNLOG_MLFLOW_PORT (5141, `--only mlflow`: needs requirements-mlflow.txt).
 * Raw results go to benchmarks/results/<timestamp>.json (git-ignored);
 * --write-docs replaces the results section of docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchmarkAlertRules } from './alertRules.mjs';
import { benchmarkCapture } from './capture.mjs';
import { benchmarkBundles } from './bundles.mjs';
import { benchmarkCompare } from './compare.mjs';
import { benchmarkMlflow, startMlflow } from './mlflowSync.mjs';
import { chromiumVersion, launchBrowser, openLab } from './lib/browser.mjs';
import {
  captureNotebook,
  experimentNotebook,
  writeNotebook
} from './lib/notebooks.mjs';
import { formatTable, writeDocs } from './lib/report.mjs';
import { ROOT, startLab } from './lib/server.mjs';
import { benchmarkPanel } from './panelOpen.mjs';
import { fillStore } from './storeFill.mjs';
import { benchmarkTrash } from './trash.mjs';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    rounds: { type: 'string', default: '7' },
    runs: { type: 'string', default: '10000' },
    batched: { type: 'string', default: '2000' },
    openings: { type: 'string', default: '7' },
    reloads: { type: 'string', default: '3' },
    cells: { type: 'string', default: '200' },
    'compare-rounds': { type: 'string', default: '5' },
    'trash-rounds': { type: 'string', default: '3' },
    'sync-runs': { type: 'string', default: '1000' },
    'pull-runs': { type: 'string', default: '10000' },
    'write-docs': { type: 'boolean', default: false },
    report: { type: 'string' }
  }
});
const port = Number(process.env.RUNLOG_BENCH_PORT || 8897);
const log = message => console.log(message);
const SECTIONS = [
  'capture',
  'store',
  'compare',
  'bundles',
  'trash',
  'mlflow',
  'alerts'
];
if (args.only && !SECTIONS.includes(args.only)) {
  throw new Error(`--only takes one of ${SECTIONS.join(', ')}`);
}
// MLflow is a test dependency, not a setup one: its section runs when asked.
const runs = section =>
  args.only ? args.only === section : section !== 'mlflow';

const NOTEBOOKS = {
  capture: { path: 'capture-200.ipynb', id: 'bench-capture' },
  big: { path: 'runs-10k.ipynb', id: 'bench-store-10k' },
  empty: { path: 'no-runs.ipynb', id: 'bench-store-empty' },
  pull: { path: 'mlflow-pull.ipynb', id: 'bench-mlflow-pull', name: 'pulled' }
};

/** Which build of the extension JupyterLab serves, and the repository commit. */
function extensionBuild() {
  const file = path.join(
    ROOT,
    '.venv/share/jupyter/labextensions/jupyterlab-runlog/package.json'
  );
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore']
    })
      .toString()
      .trim();
  } catch {
    // Not a git checkout.
  }
  try {
    const { version, jupyterlab } = JSON.parse(readFileSync(file, 'utf8'));
    return {
      version,
      entry: path.basename(jupyterlab._build.load),
      installedAt: statSync(file).mtime.toISOString(),
      commit
    };
  } catch {
    return { version: 'not installed', commit };
  }
}

function machine() {
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: chromiumVersion(),
    loadAverageAtStart: os.loadavg().map(value => value.toFixed(2)),
    extension: extensionBuild()
  };
}

/** `--report file.json`: print (and with --write-docs, write) saved results. */
function reportSaved(file) {
  const results = JSON.parse(readFileSync(file, 'utf8'));
  const table = formatTable(results);
  console.log(table);
  if (args['write-docs']) {
    writeDocs(path.join(ROOT, 'docs', 'benchmarks.md'), results, table);
    console.log('Updated docs/benchmarks.md');
  }
}

async function main() {
  if (args.report) {
    reportSaved(args.report);
    return;
  }
  const results = {
    machine: machine(),
    options: args,
    argv: process.argv.slice(2)
  };
  if (runs('alerts')) {
    // Pure code: measured in node, no JupyterLab or browser needed.
    log('\nAlert rules: cost per log() value, 20 rules');
    results.alerts = await benchmarkAlertRules({ log });
    if (args.only === 'alerts') {
      console.log(`\n${formatTable(results)}`);
      return;
    }
  }
  const mlflow = runs('mlflow')
    ? await startMlflow({
        port: Number(process.env.RUNLOG_MLFLOW_PORT || 5141),
        log
      })
    : null;
  const lab = await startLab({
    port,
    log,
    env: mlflow ? { MLFLOW_TRACKING_URI: mlflow.url } : {},
    prepareRoot: rootDir => {
      const { capture, big, empty, pull } = NOTEBOOKS;
      writeNotebook(
        rootDir,
        capture.path,
        captureNotebook(capture.id, Number(args.cells))
      );
      writeNotebook(rootDir, big.path, experimentNotebook(big.id, '10k runs'));
      writeNotebook(rootDir, empty.path, experimentNotebook(empty.id, 'none'));
      writeNotebook(rootDir, pull.path, experimentNotebook(pull.id, pull.name));
    }
  });
  const browser = await launchBrowser();
  try {
    if (runs('capture')) {
      log(
        `\nCapture overhead: Run All of ${args.cells} tracked cells, on/off alternated`
      );
      results.capture = await benchmarkCapture({
        browser,
        baseUrl: lab.baseUrl,
        notebookPath: NOTEBOOKS.capture.path,
        experimentId: NOTEBOOKS.capture.id,
        rounds: Number(args.rounds),
        log
      });
    }
    if (runs('store')) {
      log(`\nStore: ${args.runs} runs, then the Runs panel over them`);
      const page = await openLab(browser, lab.baseUrl);
      try {
        results.fill = await fillStore(page, {
          experiment: { id: NOTEBOOKS.big.id, name: '10k runs' },
          count: Number(args.runs),
          batched: Number(args.batched),
          log
        });
        results.panel = await benchmarkPanel(page, {
          baseUrl: lab.baseUrl,
          bigPath: NOTEBOOKS.big.path,
          bigId: NOTEBOOKS.big.id,
          emptyPath: NOTEBOOKS.empty.path,
          emptyId: NOTEBOOKS.empty.id,
          expected: Number(args.runs),
          openings: Number(args.openings),
          reloads: Number(args.reloads),
          log
        });
      } finally {
        await page.close();
      }
    }
    if (runs('compare')) {
      log('\nComparison view: many runs and long series');
      const page = await openLab(browser, lab.baseUrl);
      try {
        results.compare = await benchmarkCompare(page, {
          rounds: Number(args['compare-rounds']),
          log
        });
      } finally {
        await page.close();
      }
    }
    if (runs('bundles')) {
      log(
        `\nBundles: export ${args.runs} runs, import them in a fresh profile`
      );
      results.bundles = await benchmarkBundles(browser, {
        baseUrl: lab.baseUrl,
        count: Number(args.runs),
        log
      });
    }
    if (runs('trash')) {
      log(
        `\nTrash: ${args.runs} selected runs to the trash, back, and deleted for good`
      );
      const page = await openLab(browser, lab.baseUrl);
      try {
        results.trash = await benchmarkTrash(page, {
          count: Number(args.runs),
          rounds: Number(args['trash-rounds']),
          log
        });
      } finally {
        await page.close();
      }
    }
    if (mlflow) {
      log(
        `\nMLflow sync: push ${args['sync-runs']} runs, pull ${args['pull-runs']} (${mlflow.url})`
      );
      const page = await openLab(browser, lab.baseUrl);
      try {
        results.mlflow = await benchmarkMlflow(page, {
          mlflow,
          syncRuns: Number(args['sync-runs']),
          pullRuns: Number(args['pull-runs']),
          pullNotebook: NOTEBOOKS.pull,
          log
        });
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await lab.stop();
    await mlflow?.stop();
  }
  results.machine.loadAverageAtEnd = os
    .loadavg()
    .map(value => value.toFixed(2));

  const table = formatTable(results);
  console.log(`\n${table}`);
  const resultsDir = path.join(ROOT, 'benchmarks', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const stamp = results.machine.date.replace(/[:.]/g, '-');
  const file = path.join(resultsDir, `${stamp}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nRaw results: ${path.relative(ROOT, file)}`);
  if (args['write-docs']) {
    writeDocs(path.join(ROOT, 'docs', 'benchmarks.md'), results, table);
    console.log('Updated docs/benchmarks.md');
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
