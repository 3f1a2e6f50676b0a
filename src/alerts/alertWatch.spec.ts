import type { Cell, ICodeCellModel } from '@jupyterlab/cells';
import { NotebookActions, NotebookModel } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';
import { AlertRules } from '../model/alerts/alertRules';
import { RUNLOG_METRICS_MIME } from '../model/record/metrics';
import type { IRunRecord } from '../model/types';
import type { IRunRecorder } from '../tokens';
import { MemoryRunStore, makeRunRecord } from '../widgets/__tests__/testing';
import { AlertMonitor, type IAlertFiring } from './alertMonitor';
import { AlertWatch } from './alertWatch';

const TAGS = { parameters: 'parameters', tracked: 'experiment' };

function payload(points: [number, number][]) {
  return {
    version: 1,
    metrics: {
      loss: { value: points[points.length - 1][1], series: points }
    }
  };
}

function setup() {
  const model = new NotebookModel();
  model.sharedModel.insertCells(0, [
    { cell_type: 'code', source: 'log()', metadata: { tags: ['experiment'] } },
    { cell_type: 'code', source: 'print(1)', metadata: {} }
  ]);
  const notebook = { model };
  const cellOf = (index: number) =>
    ({ model: model.cells.get(index) }) as unknown as Cell;
  let open: IRunRecord | null = null;
  const runCaptured = new Signal<IRunRecorder, IRunRecorder.ICapturedRun>(
    {} as IRunRecorder
  );
  const recorder = {
    enabled: true,
    tags: TAGS,
    runCaptured,
    openRunOf: () => open
  } as unknown as IRunRecorder;
  const store = new MemoryRunStore();
  const monitor = new AlertMonitor({
    store,
    retryMs: 1,
    rules: () => new AlertRules(['loss > 2'])
  });
  const fired: IAlertFiring[] = [];
  monitor.fired.connect((_, firing) => fired.push({ ...firing }));
  const watch = new AlertWatch({
    recorder,
    monitor,
    pathOf: () => 'train.ipynb'
  });
  const schedule = (cell: Cell) =>
    (NotebookActions.executionScheduled as Signal<unknown, unknown>).emit({
      notebook,
      cell
    });
  const executed = (cell: Cell) =>
    (NotebookActions.executed as Signal<unknown, unknown>).emit({
      notebook,
      cell,
      success: true
    });
  const log = (cell: Cell, points: [number, number][]) => {
    const outputs = (cell.model as ICodeCellModel).outputs;
    const output = {
      output_type: 'display_data',
      data: { [RUNLOG_METRICS_MIME]: payload(points) },
      metadata: {}
    };
    if (outputs.length) {
      outputs.set(0, output);
    } else {
      outputs.add(output);
    }
  };
  return {
    store,
    watch,
    fired,
    cellOf,
    schedule,
    executed,
    log,
    notebook,
    runCaptured,
    setOpen: (run: IRunRecord | null) => (open = run)
  };
}

describe('AlertWatch', () => {
  it('checks a tracked cell’s log() output while it executes', async () => {
    const t = setup();
    const cell = t.cellOf(0);
    const open = makeRunRecord(4, { status: 'running', metrics: {} });
    await t.store.put(open);
    t.setOpen(open);
    t.schedule(cell);
    t.log(cell, [[0, 1]]);
    expect(t.fired).toEqual([]);
    t.log(cell, [
      [0, 1],
      [40, 2.5]
    ]);
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(t.fired).toEqual([
      expect.objectContaining({
        run: { id: 'run-4', number: 4 },
        alert: expect.objectContaining({ value: 2.5, step: 40 })
      })
    ]);
    t.executed(cell);
    // Outputs changed after the execution ended are not watched.
    t.log(cell, [[0, 9]]);
    expect(t.fired).toHaveLength(1);
    t.watch.dispose();
  });

  it('leaves untagged cells alone', () => {
    const t = setup();
    const cell = t.cellOf(1);
    t.schedule(cell);
    t.log(cell, [[0, 5]]);
    expect(t.fired).toEqual([]);
    t.watch.dispose();
  });

  it('gives a tracked cell that already ran in the open run a new run', () => {
    const t = setup();
    const cell = t.cellOf(0);
    const ran = makeRunRecord(4, { status: 'running', metrics: {} });
    ran.cells = [
      {
        cell_id: cell.model.id,
        role: 'tracked',
        source: '',
        outputs: [],
        status: 'ok',
        execution_count: 1,
        duration_ms: 1
      }
    ];
    t.setOpen(ran);
    t.schedule(cell);
    t.log(cell, [[3, 5]]);
    expect(t.fired).toEqual([expect.objectContaining({ run: null })]);
    t.watch.dispose();
  });
});
