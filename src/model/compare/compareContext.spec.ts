import { buildComparison } from './compare';
import { contextRows } from './compareContext';
import type { RunRow } from '../runTable';
import type { IRunContext } from '../types';

const KERNEL = { name: 'python3', language: 'python' };

function runWith(number: number, context: Partial<IRunContext>): RunRow {
  return {
    id: `run-${number}`,
    number,
    experiment: { id: 'nb', name: 'nb' },
    notebook_path: 'nb.ipynb',
    status: 'completed',
    started_at: '2025-01-01T00:00:00Z',
    ended_at: null,
    duration_ms: null,
    params: {},
    metrics: {},
    context: { kernel: KERNEL, ...context },
    annotations: { note: '', tags: [], starred: false },
    updated_at: '2025-01-01T00:00:00Z'
  };
}

const COMMIT_A = 'a'.repeat(40);
const resources = (cpu: number, rss: number | null) => ({
  cpu_seconds: cpu,
  wall_seconds: cpu,
  peak_rss_bytes: rss,
  peak_rss_scope: 'run' as const,
  gpu: [],
  cells_measured: 1
});
const file = (sha256: string | null, size = 10) => ({
  path: '/data/train.csv',
  kind: 'file' as const,
  size,
  mtime: '2026-11-01T00:00:00Z',
  sha256
});

const runs = [
  runWith(1, {
    git: { commit: COMMIT_A, branch: 'main', dirty: false },
    resources: resources(2, 500_000_000),
    packages: { numpy: '2.1.0', torch: '2.4.1' },
    files: { data: file('1'.repeat(64)) }
  }),
  runWith(2, {
    git: { commit: COMMIT_A, branch: 'main', dirty: true },
    resources: resources(3.5, 750_000_000),
    packages: { numpy: '2.1.1', torch: '2.4.1' },
    files: { data: file('2'.repeat(64)) }
  }),
  // Captured before context was recorded (or by another kernel).
  runWith(3, {})
];

describe('contextRows', () => {
  it('lines up what each run ran with, a dash where a run has nothing', () => {
    const rows = contextRows(runs);
    expect(
      rows.map(row => [row.name, ...row.values.map(value => value.text)])
    ).toEqual([
      ['git', 'aaaaaaaaaa', 'aaaaaaaaaa*', '—'],
      ['cpu_seconds', '2', '3.5', '—'],
      ['peak_memory_mb', '500', '750', '—'],
      ['package:numpy', '2.1.0', '2.1.1', '—'],
      ['package:torch', '2.4.1', '2.4.1', '—'],
      ['file:data', '111111111111', '222222222222', '—']
    ]);
  });

  it('feeds the comparison: numbers get deltas against the baseline, unchanged rows hide', () => {
    const comparison = buildComparison(runs.slice(0, 2), {
      baselineId: 'run-1',
      differencesOnly: true
    });
    const context = comparison.rows.filter(row => row.kind === 'context');
    expect(context.map(row => row.name)).toEqual([
      'git',
      'cpu_seconds',
      'peak_memory_mb',
      'package:numpy',
      'file:data'
    ]);
    expect(context[1].values[1].delta).toBe(1.5);
    // torch is the same in both runs.
    expect(comparison.hiddenRows).toBe(1);
  });

  it('ignores context parts without their shape (imported runs are untrusted)', () => {
    const hostile = runWith(4, {
      git: 'main' as never,
      packages: { numpy: 2 } as never,
      files: { data: { path: '/x' } } as never
    });
    expect(contextRows([hostile])).toEqual([]);
  });
});
