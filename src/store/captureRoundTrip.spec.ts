/**
 * Property: any run capture can produce exports as a bundle and imports
 * back unchanged. Seeded random capture inputs (parameters, metrics,
 * outputs, and kernel replies with upper- and mixed-case digests,
 * fractional sizes, unknown and malformed members) go through the run
 * assembly, the kernel-reply reader and the store; the stored run must
 * write as a bundle and read back deep-equal.
 */
import 'fake-indexeddb/auto';
import { completeRunContext } from '../capture/runEnvironment';
import { readBundle, writeBundle } from '../model/bundle';
import { RunAssembler } from '../model/record/runAssembly';
import type {
  IMetricRecord,
  IParamRecord,
  IRunRecord,
  JSONValue
} from '../model/types';
import { randomSource } from '../model/bundle/__tests__/bundleFixtures';
import { makeStore } from './__tests__/fixtures';

type Random = () => number;

const CASES = 150;

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];
const chance = (random: Random, p: number) => random() < p;
const integer = (random: Random, max: number) => Math.floor(random() * max);

const TEXTS = [
  '',
  'main',
  'π≈3.14',
  'a "quoted" \\ line\nbreak',
  '😀 data',
  'tab\there'
];

function text(random: Random): string {
  return (
    pick(random, TEXTS) +
    (chance(random, 0.5) ? String(integer(random, 100)) : '')
  );
}

/** Hex digits in lower, upper or mixed case. */
function hex(random: Random, length: number): string {
  const style = integer(random, 3);
  let out = '';
  for (let i = 0; i < length; i++) {
    const digit = '0123456789abcdef'[integer(random, 16)];
    out +=
      style === 1 || (style === 2 && chance(random, 0.5))
        ? digit.toUpperCase()
        : digit;
  }
  return out;
}

/** Written as `-0.0` in the reply, as Python's json.dumps(-0.0) does. */
const NEGATIVE_ZERO = 987654.321;

/** A non-negative amount: whole or fractional, sometimes huge or -0. */
function amount(random: Random): number {
  if (chance(random, 0.05)) {
    return pick(random, [NEGATIVE_ZERO, -0.4]);
  }
  const scale = pick(random, [1, 1000, 2 ** 40]);
  return chance(random, 0.5) ? integer(random, scale) : random() * scale;
}

function jsonValue(random: Random, depth = 0): JSONValue {
  switch (integer(random, depth > 2 ? 4 : 6)) {
    case 0:
      return null;
    case 1:
      return chance(random, 0.5);
    case 2:
      return chance(random, 0.5) ? integer(random, 1e6) - 5e5 : random() * 1e3;
    case 3:
      return text(random);
    case 4:
      return Array.from({ length: integer(random, 4) }, () =>
        jsonValue(random, depth + 1)
      );
    default: {
      const out: { [key: string]: JSONValue } = {};
      for (let i = integer(random, 4); i > 0; i--) {
        out[text(random)] = jsonValue(random, depth + 1);
      }
      return out;
    }
  }
}

/** Sometimes a member of the wrong type or an extra one, as a buggy probe might send. */
function maybeBroken<T extends object>(random: Random, value: T): unknown {
  if (chance(random, 0.1)) {
    return pick(random, ['x', 42, null, []]);
  }
  return chance(random, 0.2) ? { ...value, extra: jsonValue(random) } : value;
}

/** A kernel's reply to the run probe (jupyterlab_runlog/_run_probe.py). */
function kernelReply(random: Random): string {
  const reply: { [key: string]: unknown } = {};
  if (chance(random, 0.8)) {
    reply.resources = maybeBroken(random, {
      cpu_seconds: amount(random),
      wall_seconds: amount(random),
      peak_rss_bytes: chance(random, 0.2) ? null : amount(random),
      peak_rss_scope: pick(random, ['run', 'process']),
      gpu: Array.from({ length: integer(random, 3) }, () =>
        maybeBroken(random, {
          device: chance(random, 0.8) ? integer(random, 8) : random() * 8,
          name: text(random),
          peak_bytes: amount(random)
        })
      ),
      cells_measured: chance(random, 0.8) ? integer(random, 50) : random() * 50
    });
  }
  if (chance(random, 0.8)) {
    const packages: { [name: string]: unknown } = {};
    for (let i = integer(random, 5); i > 0; i--) {
      packages[
        pick(random, ['numpy', 'torch', 'pandas', '__proto__', text(random)])
      ] = chance(random, 0.9)
        ? `${integer(random, 3)}.${integer(random, 20)}.0`
        : 7;
    }
    reply.packages = packages;
  }
  if (chance(random, 0.8)) {
    reply.git = maybeBroken(random, {
      commit: hex(random, chance(random, 0.8) ? 40 : 64),
      branch: chance(random, 0.2) ? null : text(random),
      dirty: chance(random, 0.5)
    });
  }
  if (chance(random, 0.8)) {
    const files: { [name: string]: unknown } = {};
    for (let i = integer(random, 4); i > 0; i--) {
      const folder = chance(random, 0.3);
      files[text(random) || 'data'] = maybeBroken(random, {
        path: '/data/' + text(random),
        kind: folder ? 'directory' : 'file',
        size: folder ? 0 : amount(random),
        mtime: new Date(integer(random, 2e12)).toISOString(),
        sha256: folder || chance(random, 0.2) ? null : hex(random, 64)
      });
    }
    reply.files = files;
  }
  return JSON.stringify(reply).replaceAll(String(NEGATIVE_ZERO), '-0.0');
}

function params(random: Random): { [name: string]: IParamRecord } {
  const out: { [name: string]: IParamRecord } = {};
  for (let i = integer(random, 5); i > 0; i--) {
    const value = chance(random, 0.3)
      ? '/data/' + text(random) + '.csv'
      : jsonValue(random);
    out[pick(random, ['lr', 'seed', 'path', 'name', text(random) || 'x'])] = {
      value,
      source: JSON.stringify(value),
      type: typeof value,
      origin: chance(random, 0.5) ? 'kernel' : 'source'
    };
  }
  return out;
}

function metrics(random: Random): { [name: string]: IMetricRecord } {
  const out: { [name: string]: IMetricRecord } = {};
  for (let i = integer(random, 4); i > 0; i--) {
    const series: [number, number][] = Array.from(
      { length: integer(random, 5) },
      (_, step) => [step, random()]
    );
    out[text(random) || 'loss'] = series.length
      ? { value: series[series.length - 1][1], series }
      : { value: random() * 10 };
  }
  return out;
}

/** One run as capture makes it: assembled from cell executions, its context completed from a kernel reply. */
async function capturedRun(seed: number): Promise<IRunRecord> {
  const random = randomSource(seed);
  const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
  const assembler = new RunAssembler({
    experiment: { id: `nb-${seed}`, name: text(random) },
    notebookPath: `work/${text(random)}.ipynb`,
    context: () => ({
      kernel: { name: 'python3', language: 'python' },
      ...(chance(random, 0.5) ? { user: text(random) } : {})
    }),
    newId: () => `run-${seed}`,
    now: () => new Date(at(5000))
  });
  const tracked = ['params', 'train'];
  assembler.cellExecuted({
    cellId: 'params',
    role: 'parameters',
    source: 'lr = 0.1\nseed = 7\nrandom.seed(seed)',
    outputs: [],
    status: 'ok',
    executionCount: 1,
    startedAt: at(0),
    endedAt: at(10 + integer(random, 100)),
    trackedCellIds: tracked,
    params: params(random)
  });
  const [run] = assembler.cellExecuted({
    cellId: 'train',
    role: 'tracked',
    source: 'import torch\nimport numpy as np\nfit()',
    outputs: [{ output_type: 'stream', name: 'stdout', text: text(random) }],
    status: chance(random, 0.8) ? 'ok' : 'error',
    executionCount: chance(random, 0.9) ? 2 : null,
    startedAt: at(200),
    endedAt: at(300 + integer(random, 1000)),
    trackedCellIds: tracked,
    metrics: metrics(random)
  });
  const reply = kernelReply(random);
  const update = await completeRunContext(
    run,
    run.cells.map(cell => cell.source),
    async () => reply
  );
  if (update) {
    assembler.applyContext(run.id, update);
  }
  return run;
}

describe('a run as capture records it', () => {
  it(`exports as a bundle and imports unchanged (${CASES} seeded cases)`, async () => {
    const store = makeStore();
    try {
      for (let seed = 1; seed <= CASES; seed++) {
        const captured = await capturedRun(seed);
        await store.put(captured);
        await store.flush();
        const stored = (await store.getRun(`run-${seed}`))!;
        // The store keeps what capture made (it only numbers the run).
        expect(stored).toEqual({ ...captured, number: stored.number });
        let text: string;
        try {
          text = await writeBundle([stored], { appVersion: '0.1.0' });
        } catch (error) {
          throw new Error(
            `seed ${seed}: export refused a captured run: ${
              (error as { issues?: { message: string }[] }).issues
                ?.map(issue => issue.message)
                .join('; ') ?? String(error)
            }`
          );
        }
        const read = await readBundle(text);
        expect(read.ok ? read.runs : read.errors).toEqual([stored]);
      }
    } finally {
      store.dispose();
    }
  }, 60_000);
});
