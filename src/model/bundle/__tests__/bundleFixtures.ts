/**
 * Run records for the bundle tests: varied (every optional field, awkward
 * names and text, nested values, outputs of each kind) and deterministic.
 */
import type { ICapturedOutput, IRunRecord, JSONValue } from '../../types';

/** A small seeded PRNG (mulberry32): the same seed gives the same runs. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Text with characters that need escaping or more than one UTF-8 byte. */
export const AWKWARD_TEXT =
  'quote " backslash \\ tab \t newline \n cr \r nul \u0000 é 中文 😀 \u2028 </script>';

const TINY_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function outputs(index: number): ICapturedOutput[] {
  return [
    { output_type: 'stream', name: 'stdout', text: `step ${index}\n` },
    {
      output_type: 'display_data',
      data: { 'image/png': TINY_PNG, 'text/plain': '<Figure>' },
      metadata: { 'image/png': { width: 1, height: 1 } }
    },
    {
      output_type: 'execute_result',
      execution_count: index + 1,
      data: { 'application/json': { nested: [1, { deeper: [true, null] }] } },
      metadata: {}
    },
    {
      output_type: 'error',
      ename: 'ValueError',
      evalue: AWKWARD_TEXT,
      traceback: ['line 1', 'line 2']
    }
  ];
}

/** A run using every field of the record; `index` varies it. */
export function fullRun(index: number, experiment = 'nb-alpha'): IRunRecord {
  const random = randomSource(index + 1);
  const second = (offset: number) =>
    new Date(Date.UTC(2025, 2, 1, 10, 0, index * 10 + offset)).toISOString();
  const value: JSONValue = [
    random(),
    { key: 'v', 'awkward/key~0': [1, 2.5e-7, -3e21] },
    null
  ];
  const run: IRunRecord = {
    id: `run-${experiment}-${index}`,
    number: index + 1,
    experiment: { id: experiment, name: `tune ${experiment} ✓` },
    notebook_path: `work/${experiment}.ipynb`,
    status: (['completed', 'failed', 'interrupted', 'running'] as const)[
      index % 4
    ],
    started_at: second(0),
    ended_at: index % 4 === 3 ? null : second(5),
    duration_ms: index % 4 === 3 ? null : 5000 + index,
    params: {
      lr: {
        value: Math.round(random() * 1e6) / 1e6,
        source: '0.01',
        type: 'float',
        origin: 'kernel'
      },
      layers: { value: index, source: String(index), type: 'int' },
      name: { value: AWKWARD_TEXT, source: "'…'", type: 'str' },
      config: { value, source: 'cfg', type: 'dict', origin: 'source' },
      frame: {
        value: null,
        source: 'df',
        type: 'DataFrame',
        exact: false
      },
      api_key: {
        value: null,
        source: '<redacted>',
        type: 'str',
        redacted: true
      }
    },
    metrics: {
      'val/accuracy': {
        value: 0.9,
        series: [
          [1, 0.5],
          [2, 0.75],
          [3, 0.9]
        ]
      },
      loss: { value: random() },
      [AWKWARD_TEXT]: { value: -1.5 }
    },
    cells: [
      {
        cell_id: `p-${index}`,
        role: 'parameters',
        source: 'lr = 0.01\nlayers = 3',
        outputs: [],
        status: 'ok',
        execution_count: null,
        duration_ms: null
      },
      {
        cell_id: `t-${index}`,
        role: 'tracked',
        source: `train(${index})  # ${AWKWARD_TEXT}`,
        outputs: outputs(index),
        status: index % 4 === 1 ? 'error' : 'ok',
        execution_count: index + 1,
        started_at: second(1),
        duration_ms: 812.5
      }
    ],
    context: {
      kernel: {
        name: 'python3',
        language: 'python',
        language_version: '3.12.1',
        display_name: 'Python 3 (ipykernel)'
      },
      user: 'ada',
      git: {
        commit: 'abc123'.padEnd(40, '0'),
        branch: 'main',
        dirty: index % 2 === 0
      }
    },
    annotations: {
      note: index % 3 ? '' : `note ${AWKWARD_TEXT}`,
      tags: index % 2 ? [] : ['baseline', 'π'],
      starred: index % 5 === 0
    },
    updated_at: second(9)
  };
  if (index % 4 !== 0) {
    run.status_reason = 'The kernel restarted.';
    run.partial = { skipped_cells: [`t2-${index}`] };
  }
  if (index % 3 === 1) {
    run.origin = {
      kind: 'bundle',
      file: 'shared/old.runlog.json',
      imported_at: '2025-02-01T00:00:00.000Z',
      exported_by: 'grace',
      exported_at: '2025-01-31T23:00:00+01:00'
    };
  }
  return run;
}

/** A run shaped like the benchmarks': 20 params, 10 metrics, 1 cell with a short stdout. */
export function wideRun(index: number): IRunRecord {
  const random = randomSource(index + 7);
  const params: IRunRecord['params'] = {};
  for (let p = 0; p < 20; p++) {
    const value =
      p % 4 === 0
        ? Math.round(random() * 1e4) / 1e4
        : p % 4 === 1
          ? Math.floor(random() * 1000)
          : p % 4 === 2
            ? `option-${Math.floor(random() * 10)}`
            : random() < 0.5;
    params[`param_${p}`] = {
      value,
      source: JSON.stringify(value),
      type: typeof value === 'number' ? 'float' : typeof value,
      origin: 'kernel'
    };
  }
  const metrics: IRunRecord['metrics'] = {};
  for (let m = 0; m < 10; m++) {
    metrics[`metric_${m}`] = { value: random() };
  }
  const second = (offset: number) =>
    new Date(
      Date.UTC(2025, 0, 1, 0, 0, 0, index * 1000 + offset)
    ).toISOString();
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    number: index + 1,
    experiment: { id: 'nb-perf', name: 'sweep' },
    notebook_path: 'work/sweep.ipynb',
    status: 'completed',
    started_at: second(0),
    ended_at: second(900),
    duration_ms: 900,
    params,
    metrics,
    cells: [
      {
        cell_id: 'c1',
        role: 'tracked',
        source: 'result = train(**params)\nprint(result)',
        outputs: [
          {
            output_type: 'stream',
            name: 'stdout',
            text: `accuracy ${metrics.metric_0.value.toFixed(4)}\n`
          }
        ],
        status: 'ok',
        execution_count: index + 1,
        duration_ms: 850
      }
    ],
    context: { kernel: { name: 'python3', language: 'python' } },
    annotations: { note: '', tags: [], starred: false },
    updated_at: second(900)
  };
}

/** The same value with every object's members inserted in reverse order. */
export function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map(reverseKeys) as T;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).reverse()) {
      out[key] = reverseKeys((value as Record<string, unknown>)[key]);
    }
    return out as T;
  }
  return value;
}

/** A shuffled copy (Fisher–Yates with a seeded source). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = randomSource(seed);
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Node's crypto, for reference digests. */
export const nodeCrypto = jest.requireActual<{
  createHash(algorithm: string): {
    update(
      data: string | Uint8Array,
      encoding?: string
    ): {
      digest(encoding: 'hex'): string;
    };
  };
}>('crypto');
