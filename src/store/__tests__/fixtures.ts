/**
 * Records and helpers shared by the store tests.
 */
import { IDBFactory } from 'fake-indexeddb';
import type { IRunRecord } from '../../model/types';
import { IndexedDBRunStore } from '../runStore';

let counter = 0;

/** A realistic run record; `overrides` replace top-level fields. */
export function makeRun(overrides: Partial<IRunRecord> = {}): IRunRecord {
  counter += 1;
  return {
    id: `run-${counter}`,
    number: 0,
    experiment: { id: 'nb-1', name: 'tune-prompt' },
    notebook_path: 'work/tune-prompt.ipynb',
    status: 'completed',
    started_at: new Date(Date.UTC(2025, 0, 1, 0, 0, counter)).toISOString(),
    ended_at: new Date(Date.UTC(2025, 0, 1, 0, 1, counter)).toISOString(),
    duration_ms: 60000,
    params: {
      temperature: {
        value: 0.7,
        source: '0.7',
        type: 'float',
        origin: 'kernel'
      },
      model: { value: 'gpt-4o', source: "'gpt-4o'", type: 'str' }
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
        cell_id: 'c1',
        role: 'tracked',
        source: 'print(accuracy)',
        outputs: [{ output_type: 'stream', name: 'stdout', text: '0.91\n' }],
        status: 'ok',
        execution_count: 7,
        duration_ms: 812
      }
    ],
    context: { kernel: { name: 'python3', language: 'python' } },
    annotations: { note: '', tags: [], starred: false },
    updated_at: new Date(Date.UTC(2025, 0, 1, 0, 1, counter)).toISOString(),
    ...overrides
  };
}

/** A store over a fresh in-memory IndexedDB, flushing without delay. */
export function makeStore(
  options: IndexedDBRunStore.IOptions = {}
): IndexedDBRunStore {
  return new IndexedDBRunStore({
    idbFactory: new IDBFactory(),
    batchDelayMs: 0,
    broadcast: false,
    ...options
  });
}

/** A DOMException like the one a browser raises when storage is full. */
export function quotaError(): DOMException {
  return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
}
