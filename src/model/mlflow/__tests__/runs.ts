/**
 * Run records for the MLflow mapping tests.
 */
import { SECRET_CASES } from '../../__fixtures__/secrets';
import type { IRunRecord } from '../../types';

/** A format-correct fake credential (assembled at runtime, see secrets.ts). */
export const SECRET = SECRET_CASES[0].value as string;

/** A 1×1 PNG, base64 as nbformat stores it (with a line break). */
export const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==';

/** A closed run with params, metrics, two cells with outputs and annotations. */
export function sampleRun(overrides: Partial<IRunRecord> = {}): IRunRecord {
  return {
    id: 'run-1',
    number: 3,
    experiment: { id: 'nb-1', name: 'train' },
    notebook_path: 'work/train.ipynb',
    status: 'completed',
    started_at: '2025-03-01T10:00:00.000Z',
    ended_at: '2025-03-01T10:05:00.000Z',
    duration_ms: 300000,
    params: {
      lr: { value: 0.01, source: '0.01', type: 'float', origin: 'source' },
      model: { value: 'gpt-4o', source: "'gpt-4o'", type: 'str' },
      layers: { value: [64, 32], source: '[64, 32]', type: 'list' },
      frame: {
        value: null,
        source: 'pd.read_csv("x.csv")',
        type: 'DataFrame',
        exact: false,
        origin: 'kernel'
      },
      OPENAI_API_KEY: {
        value: SECRET,
        source: JSON.stringify(SECRET),
        type: 'str',
        origin: 'source'
      }
    },
    metrics: {
      'val/accuracy': {
        value: 0.91,
        series: [
          [1, 0.8],
          [2, 0.91]
        ]
      },
      loss: { value: 0.12 }
    },
    cells: [
      {
        cell_id: 'params',
        role: 'parameters',
        source: `lr = 0.01\nmodel = 'gpt-4o'\nOPENAI_API_KEY = ${JSON.stringify(SECRET)}\n`,
        outputs: [],
        status: 'ok',
        execution_count: 1,
        duration_ms: 5
      },
      {
        cell_id: 'c1',
        role: 'tracked',
        source: 'print(accuracy)\nplt.plot(history)',
        outputs: [
          { output_type: 'stream', name: 'stdout', text: ['0.91\n', 'done\n'] },
          {
            output_type: 'display_data',
            data: { 'image/png': PNG + '\n', 'text/plain': '<Figure>' },
            metadata: {}
          },
          {
            output_type: 'execute_result',
            data: { 'text/plain': '42' },
            metadata: {},
            execution_count: 2
          }
        ],
        status: 'ok',
        execution_count: 2,
        duration_ms: 812
      }
    ],
    context: {
      kernel: { name: 'python3', language: 'python' },
      user: 'ada',
      git: { commit: 'ab'.repeat(20), branch: 'main', dirty: false }
    },
    annotations: { note: 'baseline', tags: ['baseline', 'gpu'], starred: true },
    updated_at: '2025-03-01T10:05:00.000Z',
    ...overrides
  };
}
