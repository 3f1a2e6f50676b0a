/**
 * CPU time (user + system) of every process this benchmark started, read from
 * /proc and grouped: Chromium's renderers, Chromium's other processes
 * (browser, storage, network), the Jupyter server and its kernels. Unlike
 * wall time it hardly depends on what else the machine is running.
 * Linux only; elsewhere `cpuSnapshot` returns null.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function readProcess(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(
      /\0/g,
      ' '
    );
    return {
      pid: Number(pid),
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
      cmdline
    };
  } catch {
    return null;
  }
}

function group(cmdline) {
  if (/chrom/i.test(cmdline)) {
    return /--type=renderer/.test(cmdline)
      ? 'chromiumRenderer'
      : 'chromiumOther';
  }
  if (/ipykernel/.test(cmdline)) {
    return 'kernel';
  }
  if (/jupyter/.test(cmdline)) {
    return 'server';
  }
  return 'other';
}

/** CPU milliseconds per group of the descendants of `rootPid`. */
export function cpuSnapshot(rootPid = process.pid) {
  let pids;
  try {
    pids = readdirSync('/proc').filter(name => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const processes = pids.map(readProcess).filter(Boolean);
  const children = new Map();
  for (const proc of processes) {
    children.set(proc.ppid, [...(children.get(proc.ppid) ?? []), proc]);
  }
  const totals = {
    chromiumRenderer: 0,
    chromiumOther: 0,
    server: 0,
    kernel: 0,
    other: 0
  };
  const pending = [...(children.get(rootPid) ?? [])];
  while (pending.length) {
    const proc = pending.pop();
    totals[group(proc.cmdline)] += (proc.ticks * 1000) / TICKS_PER_SECOND;
    pending.push(...(children.get(proc.pid) ?? []));
  }
  return totals;
}

/** `after - before` per group, plus `total`. */
export function cpuDelta(before, after) {
  if (!before || !after) {
    return null;
  }
  const delta = {};
  let total = 0;
  for (const key of Object.keys(after)) {
    delta[key] = after[key] - (before[key] ?? 0);
    total += delta[key];
  }
  return { ...delta, total };
}

/**
 * Wait until the benchmark's own processes are nearly idle (below `maxShare`
 * of one CPU over `windowMs`), so work left by one pass (IndexedDB
 * compaction, garbage collection) is not billed to the next. Resolves with
 * the time waited; gives up after `timeoutMs`.
 */
export async function waitForQuiet({
  windowMs = 500,
  maxShare = 0.1,
  timeoutMs = 15_000
} = {}) {
  const started = Date.now();
  let previous = cpuSnapshot();
  if (!previous) {
    return 0;
  }
  while (Date.now() - started < timeoutMs) {
    await new Promise(resolve => setTimeout(resolve, windowMs));
    const current = cpuSnapshot();
    const busy = cpuDelta(previous, current).total;
    previous = current;
    if (busy <= windowMs * maxShare) {
      break;
    }
  }
  return Date.now() - started;
}
