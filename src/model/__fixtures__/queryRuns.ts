/**
 * Eight runs for the run filter tests: LLM runs (model, temperature, prompt)
 * and training runs (lr, batch_size, `val/loss`), with every status, tags, a
 * star, a partial run, an imported run, a redacted and an inexact parameter.
 */
import { REDACTED_SOURCE } from '../redaction/redaction';
import type { RunRow } from '../runTable';
import type { IParamRecord, JSONValue } from '../types';

/** A parameter as the kernel reports it. */
export function param(value: JSONValue, type = 'str'): IParamRecord {
  return { value, source: JSON.stringify(value), type, origin: 'kernel' };
}

export function makeRun(number: number, fields: Partial<RunRow>): RunRow {
  return {
    id: `run-${number}`,
    number,
    experiment: { id: 'nb-1', name: 'experiments' },
    notebook_path: 'experiments.ipynb',
    status: 'completed',
    started_at: '2026-11-01T00:00:00.000Z',
    ended_at: '2026-11-01T00:10:00.000Z',
    duration_ms: 600_000,
    params: {},
    metrics: {},
    context: { kernel: { name: 'python3', language: 'python' } },
    annotations: { note: '', tags: [], starred: false },
    updated_at: '2026-11-10T00:00:00.000Z',
    ...fields
  };
}

export const note = (text: string, tags: string[] = [], starred = false) => ({
  note: text,
  tags,
  starred
});

export const QUERY_RUNS: RunRow[] = [
  makeRun(1, {
    params: {
      model: param('gpt-4o'),
      temperature: param(0.7, 'float'),
      prompt: param('Summarize the article in three bullet points.'),
      max_tokens: param(512, 'int')
    },
    metrics: {
      score: { value: 0.82 },
      latency_s: { value: 1.8 },
      cost_usd: { value: 0.012 }
    },
    annotations: note('Default prompt', ['baseline', 'llm']),
    started_at: '2026-10-30T09:00:00.000Z',
    ended_at: '2026-10-30T09:01:35.000Z',
    duration_ms: 95_000
  }),
  makeRun(2, {
    params: {
      model: param('gpt-4o-mini'),
      temperature: param(0.2, 'float'),
      prompt: param('Summarize the article in one sentence.'),
      max_tokens: param(256, 'int')
    },
    metrics: {
      score: { value: 0.74 },
      latency_s: { value: 0.9 },
      cost_usd: { value: 0.002 }
    },
    annotations: note('', ['llm', 'cheap'], true),
    started_at: '2026-11-02T10:00:00.000Z',
    duration_ms: 41_000
  }),
  makeRun(3, {
    status: 'failed',
    status_reason: 'RateLimitError in cell 3',
    params: {
      model: param('claude-3-5-sonnet'),
      temperature: param(1, 'int'),
      prompt: param('Write the summary as a haiku.'),
      api_key: {
        value: null,
        source: REDACTED_SOURCE,
        type: 'str',
        origin: 'source',
        redacted: true
      }
    },
    annotations: note('Rate limited by the API', ['llm']),
    started_at: '2026-11-03T08:00:00.000Z',
    duration_ms: 3_000
  }),
  makeRun(4, {
    params: {
      lr: param(0.1, 'float'),
      batch_size: param(32, 'int'),
      optimizer: param('sgd'),
      epochs: param(10, 'int'),
      use_amp: param(false, 'bool')
    },
    metrics: {
      'val/loss': {
        value: 0.61,
        series: [
          [1, 0.9],
          [10, 0.61]
        ]
      },
      'val/accuracy': { value: 0.78 }
    },
    annotations: note('', ['baseline']),
    started_at: '2026-10-15T12:00:00.000Z',
    duration_ms: 1_800_000
  }),
  makeRun(5, {
    params: {
      lr: param(0.001, 'float'),
      batch_size: param(64, 'int'),
      optimizer: param('adam'),
      epochs: param(10, 'int')
    },
    metrics: {
      'val/loss': { value: 0.35 },
      'val/accuracy': { value: 0.88 }
    },
    annotations: note('Best so far; try warmup next', ['best', 'adam'], true),
    started_at: '2026-11-05T12:00:00.000Z',
    duration_ms: 2_400_000
  }),
  makeRun(6, {
    status: 'interrupted',
    partial: { skipped_cells: ['cell-eval'] },
    params: {
      lr: param(0.01, 'float'),
      batch_size: param(64, 'int'),
      optimizer: param('adam'),
      epochs: param(3, 'int')
    },
    // The epochs finished so far, logged under the same name as the parameter.
    metrics: { 'val/loss': { value: 0.52 }, epochs: { value: 1 } },
    annotations: note('Stopped: "OOM" at epoch 2'),
    started_at: '2026-11-06T12:00:00.000Z',
    duration_ms: 600_000
  }),
  makeRun(7, {
    params: {
      lr: param(0.01, 'float'),
      // Papermill passes parameters as strings at times.
      batch_size: param('128', 'str'),
      optimizer: param('adamw'),
      scheduler: {
        value: null,
        source: 'CosineAnnealingLR(opt, T_max=10)',
        type: 'CosineAnnealingLR',
        origin: 'kernel',
        exact: false
      },
      layers: param([128, 64], 'list'),
      data_dir: param('C:\\data\\cifar10', 'str')
    },
    metrics: {
      'val/loss': { value: 0.4 },
      'val/accuracy': { value: 0.85 }
    },
    annotations: note('', ['sweep']),
    origin: {
      kind: 'bundle',
      file: 'shared/Alice-sweep.runlog.json',
      imported_at: '2026-11-10T08:00:00.000Z',
      exported_by: 'alice'
    },
    started_at: '2026-09-20T12:00:00.000Z',
    duration_ms: 1_500_000
  }),
  makeRun(8, {
    status: 'running',
    params: {
      lr: param(0.05, 'float'),
      batch_size: param(32, 'int'),
      optimizer: param('sgd'),
      use_amp: param(true, 'bool'),
      seed: param(null, 'NoneType')
    },
    metrics: { 'val/loss': { value: 0.9 }, epochs: { value: 2 } },
    annotations: note('', ['wip']),
    started_at: '2026-11-07T12:00:00.000Z',
    ended_at: null,
    duration_ms: null
  })
];
