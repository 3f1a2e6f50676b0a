/**
 * The figures as a plain-text table, and the results section of
 * docs/benchmarks.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { alertRows } from '../alertRules.mjs';
import { median, ms, spread } from './stats.mjs';

const CAPTURE_GOAL = 1.05;
const FIRST_PAINT_GOAL_MS = 300;

/** `noisy`: the machine was busier than its CPUs at the start. */
const verdict = (ok, noisy) =>
  `${ok ? 'met' : 'MISSED'}${noisy ? ', machine busy: not conclusive' : ''}`;

const CPU_GROUPS = {
  chromiumRenderer: 'renderer',
  chromiumOther: 'browser+storage',
  server: 'server',
  kernel: 'kernel'
};

/** Median CPU per process group, capture on minus off. */
function cpuGroups(on, off) {
  return Object.entries(CPU_GROUPS)
    .map(([key, label]) => {
      const of = passes => median(passes.map(pass => pass.cpu?.[key] ?? NaN));
      const difference = of(on) - of(off);
      return `${label} ${difference >= 0 ? '+' : ''}${ms(difference)}`;
    })
    .join(', ');
}

function captureRows(capture, noisy) {
  const measured = capture.passes.filter(pass => pass.label !== 'warm-up');
  const on = measured.filter(pass => pass.capture);
  const off = measured.filter(pass => !pass.capture);
  const capturedOn = on.filter(pass => pass.runsAdded === 1).length;
  const quietOff = off.filter(pass => pass.runsAdded === 0).length;
  const { on: profOn, off: profOff } = capture.profile;
  const cells = capture.passes[0].cells;
  const syncMs =
    profOn.cellScheduled + profOn.cellExecuted + profOn.put;
  const rows = [
    ['Capture overhead', `Run All, ${cells} code cells (1 parameters + ${cells - 1} tracked)`],
    ['  Run All, capture off', spread(off.map(pass => pass.wallMs))],
    ['  Run All, capture on', spread(on.map(pass => pass.wallMs))],
    [
      '  on/off ratio of medians',
      `${capture.ratio.toFixed(3)} (goal <= ${CAPTURE_GOAL}: ${verdict(capture.ratio <= CAPTURE_GOAL, noisy)})`
    ],
    [
      '  median of per-round ratios',
      `${median(capture.roundRatios).toFixed(3)} (range ${Math.min(...capture.roundRatios).toFixed(2)}–${Math.max(...capture.roundRatios).toFixed(2)})`
    ],
    [
      '  CPU per pass, all processes',
      `off ${ms(capture.cpuOffMs)}, on ${ms(capture.cpuOnMs)}: ratio ${capture.cpuRatio.toFixed(3)}`
    ],
    ['    by process (median on − off)', cpuGroups(on, off)],
    [
      '  runs recorded',
      `${capturedOn}/${on.length} on passes added 1 run; ${quietOff}/${off.length} off passes added none`
    ],
    [
      '  last captured run',
      capture.runCheck
        ? `${capture.runCheck.status}, ${capture.runCheck.cells} cells, ${capture.runCheck.params} parameters`
        : 'none found'
    ],
    [
      '  recorder handlers, sync (3 passes)',
      `${ms(syncMs)} per Run All (cellExecuted ${ms(profOn.cellExecuted)}, cellScheduled ${ms(profOn.cellScheduled)}, put ${ms(profOn.put)} x${profOn.puts}); final flush ${ms(profOn.flushMs)}`
    ],
    [
      '  extension on main thread (3 passes)',
      `on: ${ms(profOn.cpu.extensionMs)} of ${ms(profOn.cpu.busyMs)} busy (${ms(profOn.wallMs)} wall); off: ${ms(profOff.cpu.extensionMs)} of ${ms(profOff.cpu.busyMs)} busy (${ms(profOff.wallMs)} wall)`
    ],
    [
      '    heaviest extension frames (on)',
      profOn.cpu.topExtensionFrames
        .slice(0, 5)
        .map(({ frame, ms: spent }) => {
          // `name chunk.hash.js:line` → `name [chunk]`
          const [name, file = ''] = frame.split(' ');
          return `${name} [${file.split('.')[0]}] ${ms(spent)}`;
        })
        .join(', ')
    ],
    [
      '    as a share of a pass',
      `${(((profOn.cpu.extensionMs - profOff.cpu.extensionMs) / capture.offMs) * 100).toFixed(1)}% of the median off pass`
    ]
  ];
  return rows;
}

/** Median time of each timed call during the openings, in call order. */
function breakdown(openings) {
  const byCall = new Map();
  for (const opening of openings) {
    for (const call of opening.calls) {
      const setRuns = /^setRuns\((\d+)\)$/.exec(call.what);
      if (setRuns && Number(setRuns[1]) === 0) {
        continue;
      }
      const key = setRuns
        ? Number(setRuns[1]) <= 200
          ? 'setRuns(first page)'
          : 'setRuns(all)'
        : call.what;
      byCall.set(key, [...(byCall.get(key) ?? []), call.ms]);
    }
  }
  return [...byCall]
    .map(([what, values]) => `${what} ${ms(median(values))}`)
    .join(', ');
}

/** When the load started, the first rows reached the DOM and were painted. */
function timeline(openings) {
  const of = pick => ms(median(openings.map(pick)));
  const loadStart = opening =>
    opening.calls.find(call => call.what.startsWith('listRuns('))?.at ?? NaN;
  return `load starts +${of(loadStart)}, rows in DOM +${of(o => o.rowsInDomMs)}, painted +${of(o => o.firstPaintMs)}`;
}

/** What the long frames up to the first paint spent their time on. */
function firstFrames(openings) {
  const of = key =>
    ms(median(openings.map(opening => opening.untilFirstPaint?.[key] ?? 0)));
  return `scripts ${of('scriptMs')}, of which forced style+layout ${of('forcedLayoutMs')}; rendering ${of('renderMs')} (medians)`;
}

function longTasks(openings) {
  const longest = openings.map(opening => opening.longestTaskMs);
  const total = openings.map(opening => opening.longTasksMs);
  return `longest task ${ms(median(longest))} (max ${ms(Math.max(...longest))}), tasks over 50 ms ${ms(median(total))} in all (medians)`;
}

function storeRows(fill, panel, noisy) {
  const rows = [];
  if (fill) {
    rows.push(
      ['Store', `IndexedDBRunStore in Chromium; runs of 20 parameters, 10 metrics, 1 cell`],
      [
        `  write ${fill.count} runs (one batch)`,
        `${ms(fill.bulkMs)} = ${Math.round(fill.bulkRunsPerSecond)} runs/s`
      ],
      [
        `  write ${fill.batched} runs, 100 per transaction`,
        `${ms(fill.batchedMs)} = ${Math.round(fill.batchedRunsPerSecond)} runs/s`
      ],
      [
        '  stored',
        `${fill.stored} runs, last number ${fill.lastNumber}; newest has ${fill.newest.params} params, ${fill.newest.metrics} metrics, ${fill.newest.cells} cell`
      ]
    );
  }
  if (panel) {
    const firstPaints = panel.reopen.map(opening => opening.firstPaintMs);
    const firstPaint = median(firstPaints);
    rows.push(
      [
        'Runs panel',
        `notebook with ${panel.first.countText}; first paint = rows in the DOM, then a frame`
      ],
      [
        '  first opening in the page',
        `first paint ${ms(panel.first.firstPaintMs)}, all loaded ${ms(panel.first.fullMs)}`
      ],
      ...(panel.baseline?.length
        ? [
            [
              '  baseline: another right panel',
              `${panel.baseline[0].id} shown and painted in ${spread(panel.baseline.map(item => item.ms))}`
            ]
          ]
        : []),
      [
        '  reopen (closed, notebook switched)',
        `first paint ${spread(firstPaints)} (goal <= ${FIRST_PAINT_GOAL_MS} ms: ${verdict(firstPaint <= FIRST_PAINT_GOAL_MS, noisy)})`
      ],
      ['    all runs loaded', spread(panel.reopen.map(opening => opening.fullMs))],
      ['    timeline (medians)', timeline(panel.reopen)],
      ['    where the time goes (medians)', breakdown(panel.reopen)],
      ['    long frames until painted', firstFrames(panel.reopen)],
      ['    main thread while loading', longTasks(panel.reopen)],
      [
        '  switch notebook, panel open',
        `first paint ${spread(panel.switches.map(opening => opening.firstPaintMs))}`
      ],
      ['    all runs loaded', spread(panel.switches.map(opening => opening.fullMs))],
      ['    timeline (medians)', timeline(panel.switches)],
      ['    where the time goes (medians)', breakdown(panel.switches)],
      ['    long frames until painted', firstFrames(panel.switches)]
    );
    if (panel.reloads.length) {
      rows.push(
        [
          '  open after a page reload',
          `first paint ${spread(panel.reloads.map(opening => opening.firstPaintMs))}`
        ],
        ['    all runs loaded', spread(panel.reloads.map(opening => opening.fullMs))]
      );
    }
  }
  return rows;
}

const COMPARE_GOAL_MS = 300;

function compareRows(compare, noisy) {
  const rows = [
    ['Comparison view', 'all runs selected, runlog:compare-selected, drawn from scratch each round']
  ];
  for (const scenario of Object.values(compare)) {
    const measured = scenario.passes.filter(pass => !pass.warmUp);
    const chart = measured.map(pass => pass.charts[scenario.chart]?.ms);
    rows.push(
      [
        `  ${scenario.label}: ${scenario.chart} chart`,
        `${spread(chart)} (goal <= ${COMPARE_GOAL_MS} ms: ${verdict(scenario.chartMs <= COMPARE_GOAL_MS, noisy)})`
      ],
      [
        '    longest main-thread task',
        `${spread(measured.map(pass => pass.longestTaskMs))}`
      ],
      [
        '    whole view (read, table, outputs, every chart)',
        `${spread(measured.map(pass => pass.viewMs))}; read ${spread(measured.map(pass => pass.readMs))}`
      ]
    );
  }
  return rows;
}

const ROUND_TRIP_GOAL_MS = 2000;

function bundleRows(bundles, noisy) {
  const total = bundles.exportMs + bundles.importMs;
  return [
    ['Bundles', `${bundles.count} runs (20 parameters, 10 metrics, 1 cell): export, import in a fresh profile`],
    ['  export (runlog:export-bundle to a file)', `${ms(bundles.exportMs)}; longest task ${ms(bundles.exportLongestTaskMs)}`],
    ['  import (runlog:import-bundle, until its report)', `${ms(bundles.importMs)}; longest task ${ms(bundles.importLongestTaskMs)}; ${bundles.stored} runs stored`],
    ['  round trip', `${ms(total)} (goal <= ${ROUND_TRIP_GOAL_MS} ms: ${verdict(total <= ROUND_TRIP_GOAL_MS, noisy)})`],
    ['  file size', `${(bundles.bytes / 1e6).toFixed(1)} MB = ${Math.round(bundles.bytes / bundles.count)} bytes per run`],
    ...phaseRows('  export phases', bundles.exportPhases),
    ...phaseRows('  import phases', bundles.importPhases),
    ...floorRows(bundles.floor)
  ];
}

/** The extension's User Timing measures of one command, on one line. */
function phaseRows(label, phases) {
  if (!phases?.length) {
    return [];
  }
  const text = phases
    .map(phase => `${phase.name.replace(/^runlog \w+: /, '')} ${ms(phase.ms)}`)
    .join(', ');
  return [[label, text]];
}

/** The same records and bytes through IndexedDB and the server, no bundle work. */
function floorRows(floor) {
  if (!floor) {
    return [];
  }
  const sum =
    floor.idbReadMs + floor.saveMs + floor.fetchMs + floor.parseMs + floor.idbWriteMs;
  return [
    [
      '  platform floor (no bundle work)',
      `IndexedDB getAll ${ms(floor.idbReadMs)} + contents API save ${ms(floor.saveMs)} + /files/ fetch ${ms(floor.fetchMs)} + JSON.parse ${ms(floor.parseMs)} + IndexedDB put ${ms(floor.idbWriteMs)} = ${ms(sum)}`
    ]
  ];
}

const LONG_TASK_GOAL_MS = 50;
const PULL_FIRST_PAINT_GOAL_MS = 1000;

function longTaskText(tasks) {
  return `${tasks.count} over 50 ms (${ms(tasks.totalMs)} in all), longest ${ms(tasks.longestMs)}`;
}

function mlflowRows({ push, pull, seed }, noisy) {
  const rows = [['MLflow sync', 'real mlflow server (SQLite), Runs panel in the page']];
  if (push) {
    rows.push(
      [
        `  push ${push.runs} runs (20 params, 11 metrics, 100-step series)`,
        `${push.synced} synced in ${ms(push.doneMs)} = ${push.runsPerSecond.toFixed(1)} runs/s (${ms(push.doneMs / push.runs)} per run)`
      ],
      [
        '    first run synced after; then',
        `${ms(push.firstSyncedMs ?? NaN)}; ${push.steadyRunsPerSecond?.toFixed(1) ?? 'n/a'} runs/s`
      ],
      ['    main thread while pushing', longTaskText(push.longTasks)],
      [
        '    goal: no task over 50 ms',
        verdict(push.longTasks.longestMs <= LONG_TASK_GOAL_MS, noisy)
      ]
    );
  }
  if (pull) {
    rows.push(
      [
        `  pull ${pull.runs} runs (written into MLflow in ${seed.wallSeconds.toFixed(0)} s)`,
        `first painted rows ${ms(pull.firstPaintMs ?? NaN)}, ${pull.stored} stored in ${ms(pull.commandMs)}, table full in ${ms(pull.tableMs)}`
      ],
      ['    main thread while pulling', longTaskText(pull.longTasks)],
      [
        '    goal: first rows ≤ 1 s',
        verdict((pull.firstPaintMs ?? Infinity) <= PULL_FIRST_PAINT_GOAL_MS, noisy)
      ]
    );
  }
  return rows;
}

const TRASH_GOAL_MS = 1000;
const TRASH_TASK_GOAL_MS = 100;

function trashCallText(calls) {
  const wall = spread(calls.map(call => call.ms));
  const longest = Math.max(...calls.map(call => call.longestTaskMs));
  return `${wall}; longest task ${ms(longest)} (${calls.map(call => call.longTasks).join('/')} tasks over 50 ms)`;
}

function trashRows(trash, noisy) {
  const { deletes, restores, purge, firstLivePage, firstTrashPage } = trash;
  const deleteMs = median(deletes.map(call => call.ms));
  const longest = Math.max(...deletes.map(call => call.longestTaskMs));
  const rows = [
    ['Trash', `${trash.count} selected runs of one experiment, one transaction per call`],
    [`  deleteRuns(${trash.count})`, trashCallText(deletes)],
    [
      '    goal: <= 1 s, no task over 100 ms',
      verdict(deleteMs <= TRASH_GOAL_MS && longest <= TRASH_TASK_GOAL_MS, noisy)
    ]
  ];
  if (restores.length) {
    rows.push([`  restoreRuns(${trash.count})`, trashCallText(restores)]);
  }
  if (trash.floors?.length) {
    rows.push([
      '  platform floor (plain IndexedDB)',
      `the summaries read and a small record put per run, one transaction: ${trashCallText(trash.floors)}`
    ]);
  }
  rows.push(
    [`  purgeRuns(${trash.count})`, `${trashCallText([purge])}; ${trash.tombstones} tombstones`],
    ['  first 50 live runs, all in the trash', trashCallText([firstLivePage])],
    ['  first 50 runs of the trash', trashCallText([firstTrashPage])]
  );
  return rows;
}

export function formatTable(results) {
  const noisy =
    Number(results.machine.loadAverageAtStart[0]) > results.machine.nproc;
  const rows = [];
  if (results.capture) {
    rows.push(...captureRows(results.capture, noisy));
  }
  if (results.fill || results.panel) {
    rows.push(...storeRows(results.fill, results.panel, noisy));
  }
  if (results.compare) {
    rows.push(...compareRows(results.compare, noisy));
  }
  if (results.bundles) {
    rows.push(...bundleRows(results.bundles, noisy));
  }
  if (results.trash) {
    rows.push(...trashRows(results.trash, noisy));
  }
  if (results.alerts) {
    rows.push(...alertRows(results.alerts));
  }
  if (results.mlflow) {
    rows.push(...mlflowRows(results.mlflow, noisy));
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  const { machine } = results;
  const { extension } = machine;
  const header = [
    `${machine.date}  nproc ${machine.nproc}  ${machine.cpu}  ${machine.memoryGiB} GiB`,
    `jupyterlab-runlog ${extension.version} (${extension.entry}, installed ${extension.installedAt}, commit ${extension.commit})`,
    `${machine.chromium}  Node ${machine.node}  load average ${machine.loadAverageAtStart.join(' ')} → ${(machine.loadAverageAtEnd ?? []).join(' ')}`
  ];
  const load = Number(machine.loadAverageAtStart[0]);
  if (load > machine.nproc) {
    header.push(
      `NOTE: load average ${load} > ${machine.nproc} CPUs at the start: other processes compete, wall times are noisy.`
    );
  }
  return [
    ...header,
    '',
    ...rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`)
  ].join('\n');
}

const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

/** Replace the text between the result markers of the docs page. */
export function writeDocs(file, results, table) {
  const text = readFileSync(file, 'utf8');
  const begin = text.indexOf(START);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) {
    throw new Error(`${file} has no ${START} … ${END} section.`);
  }
  const block = [
    START,
    '',
    `Measured ${results.machine.date.slice(0, 10)} with \`bash benchmarks/run.sh ${results.argv.join(' ')}\`:`,
    '',
    '```text',
    table,
    '```',
    '',
    END
  ].join('\n');
  writeFileSync(file, text.slice(0, begin) + block + text.slice(end + END.length));
}
