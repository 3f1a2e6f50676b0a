#!/usr/bin/env node
/**
 * The alert rules' cost per log() value, in node (the rule check is pure
 * code: no browser needed). 20 rules, all reading the logged metric (the
 * worst case: a value is checked only against the rules that read its
 * metric) and none firing, so every value is checked against all 20:
 *
 * - `checkValue`: AlertRules.checkValue alone, one value at a time;
 * - `monitor`: the capture path, the whole log() payload as the frontend
 *   sees it (updated with 50 new points at a time, as the 0.2 s display
 *   throttle batches a fast loop) read by metricsFromPayload, then
 *   CellExecutionAlerts.metricsLogged: new points found, the run's view
 *   built and each point checked;
 * - `close`: the check of a closed run (20 rules over a 10,000-point series).
 *
 *   node benchmarks/alertRules.mjs [--values 100000] [--rounds 7]
 *   (also `bash benchmarks/run.sh --only alerts`)
 */
import { register } from 'node:module';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { median, spread } from './lib/stats.mjs';

register('./lib/tsHooks.mjs', import.meta.url);

export const ALERT_GOAL_MS = 0.05;
const RULE_COUNT = 20;
const METRIC = 'train/loss';

/** 20 rules of the kinds users write, all on the logged metric. */
function rules() {
  const list = [];
  for (let i = 0; list.length < RULE_COUNT; i++) {
    const threshold = 1000 + i;
    list.push(
      [
        `${METRIC} > ${threshold}`,
        `metrics.${METRIC} >= ${threshold} and lr < 1`,
        `${METRIC} > ${threshold} and status:running`,
        `(${METRIC} > ${threshold} or ${METRIC} < -${threshold}) and not tag:skip`
      ][i % 4]
    );
  }
  return list;
}

function openRun() {
  return {
    id: 'bench-run',
    number: 1,
    experiment: { id: 'bench', name: 'bench' },
    notebook_path: 'bench.ipynb',
    status: 'running',
    started_at: new Date().toISOString(),
    ended_at: null,
    duration_ms: null,
    params: {
      lr: { value: 0.01, source: '0.01', type: 'float' },
      batch: { value: 64, source: '64', type: 'int' }
    },
    metrics: { 'val/acc': { value: 0.5 } },
    cells: [],
    context: { kernel: { name: 'python3', language: 'python' } },
    annotations: { note: '', tags: [], starred: false },
    updated_at: new Date().toISOString()
  };
}

/** A loss that wanders below every threshold. */
const lossAt = step => 2 + Math.sin(step / 50);

/** Milliseconds per value of `fn(count)`, which handles `count` values. */
function perValue(fn, count, rounds) {
  fn(Math.min(count, 10_000)); // warm-up
  const times = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    fn(count);
    times.push((performance.now() - start) / count);
  }
  return times;
}

export async function benchmarkAlertRules({
  values = 100_000,
  rounds = 7,
  log = () => {}
} = {}) {
  const src = new URL('../src/', import.meta.url);
  const { AlertRules } = await import(
    new URL('model/alerts/alertRules.ts', src).href
  );
  const { metricsFromPayload } = await import(
    new URL('model/record/metrics.ts', src).href
  );
  const { AlertMonitor } = await import(
    new URL('alerts/alertMonitor.ts', src).href
  );
  const compiled = new AlertRules(rules());
  if (
    compiled.problems.length ||
    compiled.readingMetric(METRIC).length !== RULE_COUNT
  ) {
    throw new Error('the benchmark rules do not compile as expected');
  }
  const run = openRun();
  const fired = new Set();
  let firings = 0;

  log(`  checkValue: ${values} values, ${RULE_COUNT} rules`);
  const checkValue = perValue(
    count => {
      for (let step = 0; step < count; step++) {
        firings += compiled.checkValue(
          run,
          METRIC,
          lossAt(step),
          step,
          fired
        ).length;
      }
    },
    values,
    rounds
  );

  log(`  monitor: ${values} values in payloads of 50 new points`);
  const store = { flush: async () => {}, addAlerts: async () => undefined };
  const monitor = new AlertMonitor({ store, rules: () => compiled });
  monitor.fired.connect(() => firings++);
  const batch = 50;
  const monitorPath = perValue(
    count => {
      const execution = monitor.startExecution({}, 'cell', 'bench.ipynb');
      // The helper keeps at most 10,000 points: thinned like it, evenly.
      const series = [];
      for (let step = 0; step < count; step += batch) {
        for (let i = step; i < step + batch; i++) {
          series.push([i, lossAt(i)]);
        }
        if (series.length > 10_000) {
          const kept = series.filter((_, index) => index % 2 === 0);
          series.length = 0;
          series.push(...kept);
        }
        const last = series[series.length - 1];
        // As the output watch does: the payload read whole, then checked.
        const payload = {
          version: 1,
          metrics: { [METRIC]: { value: last[1], series: series.slice() } }
        };
        execution.metricsLogged(metricsFromPayload(payload), run);
      }
      monitor.forget(execution);
    },
    values,
    rounds
  );

  log('  close: a closed run with a 10,000-point series');
  const closed = {
    ...run,
    status: 'completed',
    metrics: {
      [METRIC]: {
        value: lossAt(9_999),
        series: Array.from({ length: 10_000 }, (_, step) => [
          step,
          lossAt(step)
        ])
      }
    }
  };
  const closeTimes = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    firings += compiled.checkRun(closed, fired).length;
    closeTimes.push(performance.now() - start);
  }
  if (firings) {
    throw new Error('a benchmark rule fired: the figures would be wrong');
  }
  return {
    rules: RULE_COUNT,
    values,
    checkValue,
    monitor: monitorPath,
    close: closeTimes
  };
}

/** `0.0012 ms`: per-value figures are far below the stats' 0.1 ms step. */
const fine = value => `${value.toFixed(4)} ms`;
const fineSpread = values =>
  `${fine(median(values))} (${fine(Math.min(...values))}–${fine(Math.max(...values))}, n=${values.length})`;

/** Rows for the printed table (lib/report.mjs). */
export function alertRows(alerts) {
  const worst = Math.max(median(alerts.checkValue), median(alerts.monitor));
  const met = worst <= ALERT_GOAL_MS ? 'met' : 'MISSED';
  return [
    [
      'Alert rules',
      `${alerts.rules} rules on the logged metric, ${alerts.values} values, none firing (node)`
    ],
    ['  per value, checkValue', fineSpread(alerts.checkValue)],
    [
      '  per value, capture path',
      `${fineSpread(alerts.monitor)} (goal <= ${ALERT_GOAL_MS} ms: ${met})`
    ],
    ['  closed run, 10,000-point series', spread(alerts.close)]
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values: args } = parseArgs({
    options: {
      values: { type: 'string', default: '100000' },
      rounds: { type: 'string', default: '7' }
    }
  });
  const results = await benchmarkAlertRules({
    values: Number(args.values),
    rounds: Number(args.rounds),
    log: console.log
  });
  for (const [label, value] of alertRows(results)) {
    console.log(`${label.padEnd(36)} ${value}`);
  }
}
