import { UNTRANSLATED } from '../model/bundle/bundleFormat';
import type { IRunContext } from '../model/types';
import { contextRows } from './runContextRows';

const KERNEL: IRunContext['kernel'] = {
  name: 'python3',
  language: 'python',
  language_version: '3.11.2',
  display_name: 'Python 3 (ipykernel)'
};

function rowsOf(context: IRunContext): [string, string][] {
  return contextRows(context, UNTRANSLATED).map(row => [row.label, row.value]);
}

describe('contextRows', () => {
  it('shows the kernel alone when nothing else was recorded', () => {
    expect(rowsOf({ kernel: KERNEL })).toEqual([
      ['Kernel', 'Python 3 (ipykernel) (python 3.11.2)']
    ]);
    expect(rowsOf({ kernel: { name: 'ir', language: 'R' } })).toEqual([
      ['Kernel', 'R']
    ]);
  });

  it('shows everything a Python run recorded, one item per row', () => {
    const commit = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
    const sha = 'f'.repeat(64);
    const context: IRunContext = {
      kernel: KERNEL,
      user: 'ada',
      git: { commit, branch: 'main', dirty: true },
      resources: {
        cpu_seconds: 12.34,
        wall_seconds: 0.5,
        peak_rss_bytes: 1_500_000_000,
        peak_rss_scope: 'run',
        gpu: [{ device: 0, name: 'A100', peak_bytes: 3_200_000_000 }],
        cells_measured: 2
      },
      seeds: { params: { seed: 42 }, calls: ['torch.manual_seed(seed)'] },
      packages: { numpy: '2.1.0', torch: '2.4.1' },
      files: {
        train: {
          path: '/data/train.csv',
          kind: 'file',
          size: 2_048_000,
          mtime: '2026-11-01T10:00:00Z',
          sha256: sha
        },
        weights: {
          path: '/data/big.bin',
          kind: 'file',
          size: 7_000_000_000,
          mtime: '2026-11-02T10:00:00Z',
          sha256: null
        },
        cache: {
          path: '/data/cache',
          kind: 'directory',
          size: 0,
          mtime: '2026-11-03T10:00:00Z',
          sha256: null
        }
      }
    };
    expect(rowsOf(context)).toEqual([
      ['Kernel', 'Python 3 (ipykernel) (python 3.11.2)'],
      ['User', 'ada'],
      ['Git', 'a1b2c3d4e5 on main, with uncommitted changes'],
      ['CPU time', '12.3 s (cells ran 0.5 s)'],
      ['Peak memory', '1.5 GB'],
      ['GPU 0 peak memory', '3.2 GB (A100)'],
      ['Seeds', 'seed = 42; torch.manual_seed(seed)'],
      ['Packages', 'numpy 2.1.0, torch 2.4.1'],
      [
        'File: train',
        '/data/train.csv (2.0 MB, modified 2026-11-01T10:00:00Z, SHA-256 ffffffffffff)'
      ],
      [
        'File: weights',
        '/data/big.bin (7.0 GB, modified 2026-11-02T10:00:00Z, not hashed (too large))'
      ],
      ['File: cache', '/data/cache (folder, modified 2026-11-03T10:00:00Z)']
    ]);
    const git = contextRows(context, UNTRANSLATED).find(
      row => row.label === 'Git'
    );
    expect(git?.title).toBe(commit);
  });

  it('says when the peak memory is the process peak, and a detached HEAD', () => {
    const rows = rowsOf({
      kernel: KERNEL,
      git: { commit: '0'.repeat(40), branch: null, dirty: false },
      resources: {
        cpu_seconds: 0.0042,
        wall_seconds: 150.4,
        peak_rss_bytes: 900_000,
        peak_rss_scope: 'process',
        gpu: [],
        cells_measured: 1
      }
    });
    expect(rows.slice(1)).toEqual([
      ['Git', '0000000000'],
      ['CPU time', '0.004 s (cells ran 150 s)'],
      ['Peak memory', '900 kB (kernel process since it started)']
    ]);
  });

  it('leaves out the parts of an imported context that lack their shape', () => {
    const hostile = {
      kernel: KERNEL,
      git: 5,
      resources: { cpu_seconds: 'lots' },
      seeds: { params: [], calls: 'x' },
      packages: { numpy: '2.1.0', bad: 3 },
      files: { data: { path: '/d' } }
    } as unknown as IRunContext;
    expect(rowsOf(hostile)).toEqual([
      ['Kernel', 'Python 3 (ipykernel) (python 3.11.2)'],
      ['Packages', 'numpy 2.1.0']
    ]);
  });
});
