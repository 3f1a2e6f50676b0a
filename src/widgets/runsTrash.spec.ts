import {
  RenderMimeRegistry,
  standardRendererFactories
} from '@jupyterlab/rendermime';
import { nullTranslator } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { Widget } from '@lumino/widgets';
import { describeChange } from './runAnnotations';
import { RunsPanel } from './runsPanel';
import { RunsTableModel } from './runsTableModel';
import { splitChange, TRASH_MODE_CLASS } from './runsTrash';
import {
  makeRunRecord,
  makeRunSummary,
  MemoryRunStore
} from './__tests__/testing';

// Timings are asserted only on request (a busy machine makes them noisy),
// as in bundle.perf.spec.ts:  RUNLOG_PERF=1 npx jest src/widgets/runsTrash
const { env } = jest.requireActual<{
  env: Record<string, string | undefined>;
}>('process');
const PERF = env.RUNLOG_PERF === '1';
/** The longest main-thread task allowed (the goal). */
const TASK_BUDGET_MS = 100;

const EXPERIMENT = { id: 'exp-1', name: 'tune', path: 'work/tune.ipynb' };
const trans = nullTranslator.load('jupyterlab_runlog');

function listedIds(panel: RunsPanel): string[] {
  return panel.table.runs.map(run => run.id);
}

function trashTitle(panel: RunsPanel): string {
  return panel.node.querySelector('.jp-runlog-RunsTrash-title')!.textContent!;
}

describe('splitChange', () => {
  const live = makeRunSummary(1);
  const deleted = makeRunSummary(2, {
    deleted: { at: '2024-01-02T00:00:00Z', user: 'ada' }
  });

  it('keeps live runs in the runs list and takes deleted ones out', () => {
    expect(splitChange([live, deleted], ['run-9'], false)).toEqual({
      upsert: [live],
      remove: ['run-9', 'run-2']
    });
  });

  it('keeps deleted runs in the trash and takes restored ones out', () => {
    expect(splitChange([live, deleted], undefined, true)).toEqual({
      upsert: [deleted],
      remove: ['run-1']
    });
  });
});

describe('RunsTableModel.removeRuns', () => {
  it('takes runs out, keeping the order, and unselects them', () => {
    const model = new RunsTableModel();
    model.setRuns([1, 2, 3, 4].map(n => makeRunSummary(n)));
    model.select('run-2');
    model.toggle('run-3');
    const focusDropped = model.removeRuns(['run-3', 'run-1', 'unknown']);
    expect(model.runs.map(run => run.id)).toEqual(['run-4', 'run-2']);
    expect(model.runCount).toBe(2);
    expect(model.selectedIds).toEqual(['run-2']);
    expect(focusDropped).toBe(true);
    expect(model.highestNumber).toBe(4);
  });

  it('keeps the filtered list in step', () => {
    const model = new RunsTableModel();
    model.setRuns([1, 2, 3, 4].map(n => makeRunSummary(n)));
    model.setQuery({ matches: run => run.number % 2 === 0 });
    model.removeRuns(['run-4']);
    expect(model.runs.map(run => run.id)).toEqual(['run-2']);
    model.setQuery(null);
    expect(model.runs.map(run => run.id)).toEqual(['run-3', 'run-2', 'run-1']);
  });

  it('removes 10,000 selected runs of 10,000 at once', () => {
    const model = new RunsTableModel();
    const runs = Array.from({ length: 10_000 }, (_, i) =>
      makeRunSummary(i + 1)
    );
    model.setRuns(runs);
    model.selectAll();
    const started = performance.now();
    model.removeRuns(model.selectedIds);
    const elapsed = performance.now() - started;
    expect(model.runCount).toBe(0);
    expect(model.selection.size).toBe(0);
    if (PERF) {
      console.log(
        `removeRuns of 10,000 selected runs: ${elapsed.toFixed(1)} ms`
      );
      expect(elapsed).toBeLessThan(TASK_BUDGET_MS);
    }
  });
});

describe('history of trash moves', () => {
  it.each([
    [true, 'ada moved the run to the trash'],
    [false, 'ada restored the run from the trash']
  ])('describes deleted → %s', (to, sentence) => {
    const change = {
      at: '2024-01-02T00:00:00Z',
      user: 'ada',
      field: 'deleted' as const,
      from: !to,
      to
    };
    expect(describeChange(change, trans)).toBe(sentence);
  });
});

describe('RunsPanel trash mode', () => {
  let store: MemoryRunStore;
  let panel: RunsPanel;

  beforeEach(async () => {
    store = new MemoryRunStore();
    for (const number of [1, 2, 3, 4]) {
      await store.put(makeRunRecord(number));
    }
    panel = new RunsPanel({
      store,
      commands: new CommandRegistry(),
      rendermime: new RenderMimeRegistry({
        initialFactories: standardRendererFactories
      })
    });
    Widget.attach(panel, document.body);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
  });

  afterEach(() => {
    panel.dispose();
    store.dispose();
  });

  it('drops runs moved to the trash (from this tab or another) and takes restored ones back', async () => {
    panel.table.select('run-2');
    panel.table.toggle('run-3');
    await store.deleteRuns(['run-2', 'run-3'], 'ada');
    expect(listedIds(panel)).toEqual(['run-4', 'run-1']);
    expect(panel.selectedRunIds).toEqual([]);
    expect(
      panel.node.querySelector('.jp-runlog-RunsPanel-count')!.textContent
    ).toBe('2 runs');
    await store.restoreRuns(['run-3'], 'ada');
    expect(listedIds(panel)).toEqual(['run-4', 'run-3', 'run-1']);
  });

  it('lists only the runs in the trash, with its own header, and follows changes', async () => {
    await store.deleteRuns(['run-2', 'run-3'], 'ada');
    panel.showTrash(true);
    await panel.loaded;
    expect(panel.trashShown).toBe(true);
    expect(panel.hasClass(TRASH_MODE_CLASS)).toBe(true);
    expect(listedIds(panel)).toEqual(['run-3', 'run-2']);
    expect(trashTitle(panel)).toBe('Trash · 2 runs');

    await store.deleteRuns(['run-4'], 'ada');
    expect(listedIds(panel)).toEqual(['run-4', 'run-3', 'run-2']);
    await store.restoreRuns(['run-3'], 'ada');
    expect(listedIds(panel)).toEqual(['run-4', 'run-2']);
    await store.purgeRuns(['run-2'], 'ada');
    expect(listedIds(panel)).toEqual(['run-4']);
    expect(trashTitle(panel)).toBe('Trash · 1 run');

    panel.showTrash(false);
    await panel.loaded;
    expect(listedIds(panel)).toEqual(['run-3', 'run-1']);
  });

  it('says when the trash is empty and how many runs were deleted for good', async () => {
    await store.deleteRuns(['run-1'], 'ada');
    await store.purgeRuns(['run-1'], 'ada');
    panel.showTrash(true);
    await panel.loaded;
    await new Promise(resolve => setTimeout(resolve, 0));
    const note = panel.node.querySelector('.jp-runlog-RunsTrash-note')!;
    expect(note.textContent).toContain('The trash is empty');
    expect(note.textContent).toContain(
      '1 run of this notebook was deleted for good.'
    );
  });
});

describe('RunsPanel deleting 10,000 selected runs', () => {
  it('handles the store change in one bulk removal, without upserting a run', async () => {
    const store = new MemoryRunStore();
    await store.importRuns(
      Array.from({ length: 10_000 }, (_, i) => makeRunRecord(i + 1))
    );
    // Signal receivers run in connection order: these two bracket the panel's.
    let started = 0;
    let handled = 0;
    store.changed.connect(() => (started = performance.now()));
    const panel = new RunsPanel({
      store,
      commands: new CommandRegistry(),
      rendermime: new RenderMimeRegistry({
        initialFactories: standardRendererFactories
      })
    });
    store.changed.connect(() => (handled = performance.now()));
    Widget.attach(panel, document.body);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    panel.table.selectAll();
    const removeRuns = jest.spyOn(panel.table, 'removeRuns');
    const upsertRuns = jest.spyOn(panel.table, 'upsertRuns');
    await store.deleteRuns(panel.selectedRunIds, 'ada');
    const elapsed = handled - started;
    expect(panel.table.runCount).toBe(0);
    expect(removeRuns).toHaveBeenCalledTimes(1);
    expect(upsertRuns).toHaveBeenCalledWith([]);
    if (PERF) {
      console.log(
        `panel handling a 10,000-run delete: ${elapsed.toFixed(1)} ms`
      );
      expect(elapsed).toBeLessThan(TASK_BUDGET_MS);
    }
    panel.dispose();
    store.dispose();
  });
});
