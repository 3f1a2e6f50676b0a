import { AlertRules } from '../model/alerts/alertRules';
import type { MetricMap } from '../model/record/metrics';
import type { ICellRecord, IRunRecord } from '../model/types';
import { MemoryRunStore, makeRunRecord } from '../widgets/__tests__/testing';
import { AlertMonitor, type IAlertFiring } from './alertMonitor';

const NOTEBOOK = {};
const OTHER_NOTEBOOK = {};
const AT = new Date('2026-12-07T12:00:00.000Z');

function cell(cellId: string): ICellRecord {
  return {
    cell_id: cellId,
    role: 'tracked',
    source: '',
    outputs: [],
    status: 'ok',
    execution_count: 1,
    duration_ms: 1
  };
}

function setup(rules: string[]) {
  const store = new MemoryRunStore();
  const monitor = new AlertMonitor({
    store,
    rules: () => compiled,
    now: () => AT,
    retryMs: 1
  });
  const compiled = new AlertRules(rules);
  const fired: IAlertFiring[] = [];
  const known: IAlertFiring[] = [];
  monitor.fired.connect((_, firing) => fired.push({ ...firing }));
  monitor.runKnown.connect((_, firing) => known.push({ ...firing }));
  return { store, monitor, fired, known };
}

function loss(points: [number, number][]): MetricMap {
  return {
    'train/loss': { value: points[points.length - 1][1], series: points }
  };
}

const settle = () => new Promise(resolve => setTimeout(resolve, 20));

const running = (overrides: Partial<IRunRecord> = {}) =>
  makeRunRecord(3, {
    status: 'running',
    ended_at: null,
    duration_ms: null,
    metrics: {},
    cells: [cell('params')],
    ...overrides
  });

describe('AlertMonitor while a cell logs', () => {
  it('fires on the first crossing, records it on the open run, and not again', async () => {
    const { store, monitor, fired } = setup(['train/loss > 2']);
    const open = running();
    await store.put(open);
    const execution = monitor.startExecution(NOTEBOOK, 'train', 'tune.ipynb');
    execution.metricsLogged(
      loss([
        [0, 1],
        [10, 1.5]
      ]),
      open
    );
    expect(fired).toEqual([]);
    execution.metricsLogged(
      loss([
        [0, 1],
        [10, 1.5],
        [20, 2.5],
        [30, 3]
      ]),
      open
    );
    await settle();
    expect(fired).toEqual([
      {
        alert: {
          rule: 'train/loss > 2',
          at: AT.toISOString(),
          subject: 'train/loss',
          value: 2.5,
          step: 20
        },
        notebookPath: 'tune.ipynb',
        run: { id: open.id, number: 3 }
      }
    ]);
    // Falls back, then crosses a second time: no second firing.
    execution.metricsLogged(
      loss([
        [0, 1],
        [10, 1.5],
        [20, 2.5],
        [30, 3],
        [40, 1],
        [50, 4]
      ]),
      open
    );
    expect(fired).toHaveLength(1);
    await settle();
    expect((await store.getRun(open.id))?.alerts).toEqual([fired[0].alert]);
    // Nor at close.
    monitor.runCaptured(NOTEBOOK, {
      ...open,
      status: 'completed',
      cells: [cell('params'), cell('train')],
      metrics: loss([
        [0, 1],
        [50, 4]
      ])
    });
    expect(fired).toHaveLength(1);
  });

  it('checks only points not seen before, also after a series was thinned', () => {
    const checked: number[] = [];
    const rules = new AlertRules(['train/loss > 100']);
    const spy = jest
      .spyOn(rules, 'checkValue')
      .mockImplementation((_run, _metric, _value, step) => {
        checked.push(step as number);
        return [];
      });
    const counting = new AlertMonitor({
      store: new MemoryRunStore(),
      rules: () => rules
    });
    const execution = counting.startExecution(NOTEBOOK, 'train', 'a.ipynb');
    execution.metricsLogged(
      loss([
        [0, 1],
        [1, 1]
      ]),
      null
    );
    execution.metricsLogged(
      loss([
        [0, 1],
        [1, 1],
        [2, 1],
        [3, 1]
      ]),
      null
    );
    // Thinned to every other point, then two new ones.
    execution.metricsLogged(
      loss([
        [0, 1],
        [2, 1],
        [3, 1],
        [4, 1],
        [5, 1]
      ]),
      null
    );
    expect(checked).toEqual([0, 1, 2, 3, 4, 5]);
    spy.mockRestore();
  });

  it('ignores metrics no rule reads', () => {
    const { monitor, fired } = setup(['val/acc < 0.8']);
    const execution = monitor.startExecution(NOTEBOOK, 'train', 'a.ipynb');
    execution.metricsLogged(loss([[0, 5]]), running());
    expect(fired).toEqual([]);
  });

  it('shows a firing before its run exists, and records it once the run is captured', async () => {
    const { store, monitor, fired, known } = setup(['train/loss > 2']);
    const execution = monitor.startExecution(NOTEBOOK, 'train', 'tune.ipynb');
    execution.metricsLogged(
      loss([
        [0, 1],
        [5, 7]
      ]),
      null
    );
    expect(fired).toEqual([
      expect.objectContaining({
        run: null,
        alert: expect.objectContaining({ value: 7, step: 5 })
      })
    ]);
    const run = running({ cells: [cell('train')] });
    await store.put(run);
    // A run of another notebook holding a cell of the same id is not it.
    monitor.runCaptured(OTHER_NOTEBOOK, { ...run, id: 'other' });
    expect(known).toEqual([]);
    monitor.runCaptured(NOTEBOOK, run);
    await settle();
    expect(known).toEqual([
      expect.objectContaining({ run: { id: run.id, number: 3 } })
    ]);
    await settle();
    expect((await store.getRun(run.id))?.alerts).toEqual([fired[0].alert]);
    // Closing the run does not fire the same rule again.
    monitor.runCaptured(NOTEBOOK, {
      ...run,
      status: 'completed',
      metrics: loss([
        [0, 1],
        [5, 7]
      ])
    });
    expect(fired).toHaveLength(1);
  });

  it('retries recording while capture’s own write of the run is still queued', async () => {
    const { store, monitor } = setup(['train/loss > 2']);
    const open = running();
    const execution = monitor.startExecution(NOTEBOOK, 'train', 'a.ipynb');
    execution.metricsLogged(loss([[1, 3]]), open);
    await store.put(open);
    await settle();
    expect((await store.getRun(open.id))?.alerts).toHaveLength(1);
  });
});

describe('AlertMonitor at run close', () => {
  it('checks status, duration and the series of a closed run, once', async () => {
    const { store, monitor, fired } = setup([
      'status:failed',
      'run.duration > 600',
      'train/loss > 2',
      'val/acc < 0.1'
    ]);
    const closed = makeRunRecord(5, {
      status: 'failed',
      duration_ms: 900_000,
      metrics: loss([
        [0, 1],
        [10, 2.5],
        [20, 1]
      ]),
      cells: [cell('train')]
    });
    await store.put(closed);
    monitor.runCaptured(NOTEBOOK, { ...closed, status: 'running' });
    expect(fired).toEqual([]);
    monitor.runCaptured(NOTEBOOK, closed);
    monitor.runCaptured(NOTEBOOK, closed);
    await settle();
    expect(
      fired.map(f => [f.alert.subject, f.alert.value, f.alert.step])
    ).toEqual([
      ['status', 'failed', null],
      ['run.duration', 900, null],
      ['train/loss', 2.5, 10]
    ]);
    await settle();
    const stored = await store.getRun(closed.id);
    expect(stored?.alerts?.map(alert => alert.rule)).toEqual([
      'status:failed',
      'run.duration > 600',
      'train/loss > 2'
    ]);
  });
});
