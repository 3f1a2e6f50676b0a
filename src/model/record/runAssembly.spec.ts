import { ICellExecution, RunAssembler } from './runAssembly';
import type { IRunRecord } from '../types';

const TRACKED = ['train', 'eval'];

/** A clock that advances one second per reading. */
function makeAssembler(): RunAssembler {
  let ids = 0;
  let tick = 0;
  return new RunAssembler({
    experiment: { id: 'nb-1', name: 'tune.ipynb' },
    notebookPath: 'work/tune.ipynb',
    context: () => ({ kernel: { name: 'python3', language: 'python' } }),
    newId: () => `run-${++ids}`,
    now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++))
  });
}

let clock = 0;
function exec(
  cellId: string,
  overrides: Partial<ICellExecution> = {}
): ICellExecution {
  const start = Date.UTC(2026, 0, 1, 0, 0, 0) + clock;
  clock += 1000;
  return {
    cellId,
    role: cellId === 'params' ? 'parameters' : 'tracked',
    source: `# ${cellId}`,
    outputs: [],
    status: 'ok',
    executionCount: clock / 1000,
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + 500).toISOString(),
    trackedCellIds: TRACKED,
    ...overrides
  };
}

function last(records: IRunRecord[]): IRunRecord {
  return records[records.length - 1];
}

beforeEach(() => {
  clock = 0;
});

describe('RunAssembler', () => {
  it('records a Run All pass as one completed run', () => {
    const assembler = makeAssembler();
    const first = assembler.cellExecuted(
      exec('params', {
        params: { lr: { value: 0.1, source: '0.1', type: 'float' } }
      })
    );
    expect(first).toHaveLength(1);
    expect(first[0].status).toBe('running');
    assembler.cellExecuted(exec('train'));
    const done = last(
      assembler.cellExecuted(exec('eval', { metrics: { acc: { value: 0.9 } } }))
    );
    expect(done.id).toBe(first[0].id);
    expect(done.status).toBe('completed');
    expect(done.cells.map(cell => cell.cell_id)).toEqual([
      'params',
      'train',
      'eval'
    ]);
    expect(done.params.lr.value).toBe(0.1);
    expect(done.metrics.acc.value).toBe(0.9);
    expect(done.partial).toBeUndefined();
    expect(done.ended_at).not.toBeNull();
    expect(done.duration_ms).toBe(2500);
    expect(assembler.openRun).toBeNull();
  });

  it('opens a new run each time the parameters cell runs', () => {
    const assembler = makeAssembler();
    const a = assembler.cellExecuted(exec('params'))[0];
    assembler.cellExecuted(exec('train'));
    const changed = assembler.cellExecuted(exec('params'));
    expect(changed).toHaveLength(2);
    expect(changed[0].id).toBe(a.id);
    expect(changed[0].status).toBe('completed');
    expect(changed[0].partial).toEqual({ skipped_cells: ['eval'] });
    expect(changed[1].id).not.toBe(a.id);
    expect(changed[1].status).toBe('running');
  });

  it('opens a new run when a tracked cell runs twice in the open run', () => {
    const assembler = makeAssembler();
    const a = assembler.cellExecuted(exec('train'))[0];
    const changed = assembler.cellExecuted(exec('train'));
    expect(changed.map(run => run.id)).toEqual([a.id, expect.any(String)]);
    expect(changed[1].id).not.toBe(a.id);
    expect(changed[0].partial?.skipped_cells).toEqual(['eval']);
  });

  it('opens a run from a tracked cell when none is open and completes it', () => {
    const assembler = makeAssembler();
    const run = assembler.cellExecuted(exec('train'))[0];
    expect(run.status).toBe('running');
    const done = assembler.cellExecuted(exec('eval'))[0];
    expect(done.id).toBe(run.id);
    expect(done.status).toBe('completed');
  });

  it('fails the run when a tracked cell raises and ignores aborted cells', () => {
    const assembler = makeAssembler();
    assembler.cellExecuted(exec('params'));
    const failed = assembler.cellExecuted(
      exec('train', { status: 'error', error: 'ValueError: bad lr' })
    )[0];
    expect(failed.status).toBe('failed');
    expect(failed.status_reason).toContain('ValueError: bad lr');
    expect(failed.cells[1].status).toBe('error');
    // The kernel aborts `eval`, queued behind the error: no run opens.
    expect(assembler.cellExecuted(exec('eval', { status: 'aborted' }))).toEqual(
      []
    );
    expect(assembler.openRun).toBeNull();
  });

  it('fails the run when the parameters cell raises', () => {
    const assembler = makeAssembler();
    const run = assembler.cellExecuted(
      exec('params', { status: 'error', error: 'SyntaxError' })
    )[0];
    expect(run.status).toBe('failed');
    expect(run.status_reason).toContain('parameters cell');
  });

  it('marks the open run interrupted on a kernel restart, leaving earlier runs alone', () => {
    const assembler = makeAssembler();
    assembler.cellExecuted(exec('params'));
    assembler.cellExecuted(exec('train'));
    const earlier = assembler.cellExecuted(exec('eval'))[0];
    const open = assembler.cellExecuted(exec('params'))[0];
    const interrupted = assembler.interrupt('Kernel restarted');
    expect(interrupted).toHaveLength(1);
    expect(interrupted[0].id).toBe(open.id);
    expect(interrupted[0].status).toBe('interrupted');
    expect(interrupted[0].status_reason).toBe('Kernel restarted');
    expect(earlier.status).toBe('completed');
    expect(assembler.interrupt('again')).toEqual([]);
  });

  it('marks the run interrupted when a cell is interrupted', () => {
    const assembler = makeAssembler();
    assembler.cellExecuted(exec('params'));
    const run = assembler.cellExecuted(
      exec('train', { status: 'interrupted' })
    )[0];
    expect(run.status).toBe('interrupted');
    expect(assembler.openRun).toBeNull();
  });

  it('completes a parameters-only run when nothing is tracked', () => {
    const assembler = makeAssembler();
    const run = assembler.cellExecuted(
      exec('params', { trackedCellIds: [] })
    )[0];
    expect(run.status).toBe('completed');
  });

  it('merges metrics across cells, later cells winning', () => {
    const assembler = makeAssembler();
    assembler.cellExecuted(
      exec('train', {
        metrics: {
          loss: {
            value: 0.2,
            series: [
              [1, 0.5],
              [2, 0.2]
            ]
          },
          acc: { value: 0.5 }
        }
      })
    );
    const run = assembler.cellExecuted(
      exec('eval', { metrics: { acc: { value: 0.8 } } })
    )[0];
    expect(run.metrics).toEqual({
      loss: {
        value: 0.2,
        series: [
          [1, 0.5],
          [2, 0.2]
        ]
      },
      acc: { value: 0.8 }
    });
  });

  it('replaces source values with kernel values but keeps the written source', () => {
    const assembler = makeAssembler();
    const run = assembler.cellExecuted(
      exec('params', {
        params: {
          lr: {
            value: null,
            source: '0.1 * 2',
            type: 'expression',
            exact: false
          },
          name: { value: 'a', source: "'a'", type: 'str' }
        }
      })
    )[0];
    assembler.cellExecuted(exec('train'));
    assembler.cellExecuted(exec('eval'));
    const patched = assembler.applyKernelParams(run.id, {
      lr: { value: 0.2, source: '0.2', type: 'float', exact: true }
    });
    expect(patched?.params.lr).toEqual({
      value: 0.2,
      source: '0.1 * 2',
      type: 'float',
      exact: true,
      origin: 'kernel'
    });
    expect(patched?.params.name.value).toBe('a');
    expect(assembler.applyKernelParams('unknown', {})).toBeNull();
  });

  it('completes the context of a closed run and keeps what it had', () => {
    const assembler = makeAssembler();
    const run = assembler.cellExecuted(exec('params'))[0];
    assembler.cellExecuted(exec('train'));
    assembler.cellExecuted(exec('eval'));
    expect(run.status).toBe('completed');
    const kernel = run.context.kernel;
    const patched = assembler.applyContext(run.id, context => ({
      ...context,
      packages: { numpy: '2.1.0' }
    }));
    expect(patched).toBe(run);
    expect(patched?.context).toEqual({ kernel, packages: { numpy: '2.1.0' } });
    expect(assembler.applyContext('unknown', context => context)).toBeNull();
  });

  it('follows a tracked set that changes mid-run', () => {
    const assembler = makeAssembler();
    assembler.cellExecuted(exec('train'));
    const run = assembler.cellExecuted(
      exec('eval', { trackedCellIds: ['train', 'eval', 'report'] })
    )[0];
    expect(run.status).toBe('running');
    const done = assembler.cellExecuted(
      exec('report', { trackedCellIds: ['train', 'eval', 'report'] })
    )[0];
    expect(done.status).toBe('completed');
  });

  it('numbers nothing itself: the store assigns numbers', () => {
    const assembler = makeAssembler();
    const run = assembler.cellExecuted(exec('params'))[0];
    expect(run.number).toBe(0);
    expect(run.experiment).toEqual({ id: 'nb-1', name: 'tune.ipynb' });
    expect(run.notebook_path).toBe('work/tune.ipynb');
  });
});
