/**
 * One notebook open in several tabs of one browser: each tab has its own
 * notebook model and its own run store, over one IndexedDB database.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { Cell } from '@jupyterlab/cells';
import { NotebookModel, type NotebookPanel } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';
import { DEFAULT_REDACTION_OPTIONS } from '../model/redaction/redaction';
import { IndexedDBRunStore } from '../store/runStore';
import { ICaptureSettings, NotebookRecorder } from './notebookRecorder';
import { RUNLOG_METADATA_KEY } from '../model/runlogMetadata';
import { readExperiment } from '../notebook/notebookIdentity';
import { RunLocks } from './runLocks';

const PATH = 'work/train.ipynb';

const SETTINGS: ICaptureSettings = {
  enabled: true,
  tags: { parameters: 'parameters', tracked: 'experiment' },
  readParametersFromKernel: false,
  recordEnvironment: false,
  limits: {
    maxTextChars: 1000,
    maxImageBytes: 1000,
    maxOutputsPerCell: 10,
    maxSeriesPoints: 100
  },
  redaction: DEFAULT_REDACTION_OPTIONS
};

/** A never-run notebook: a parameters cell and a tracked cell, no runlog id. */
function notebook(): NotebookModel {
  const model = new NotebookModel();
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  model.sharedModel.insertCells(0, [
    {
      id: 'params',
      cell_type: 'code',
      source: 'lr = 0.1\n',
      metadata: { tags: ['parameters'] }
    },
    {
      id: 'train',
      cell_type: 'code',
      source: 'print(lr)',
      metadata: { tags: ['experiment'] }
    }
  ]);
  warn.mockRestore();
  return model;
}

/** Just what the recorder reads of a notebook panel (no kernel requests). */
function fakePanel(model: NotebookModel, path: string): NotebookPanel {
  const owner = {};
  return {
    model,
    content: { model },
    context: { path, ready: Promise.resolve(), pathChanged: new Signal(owner) },
    sessionContext: {
      session: { kernel: { name: 'python3', info: new Promise(() => {}) } },
      kernelDisplayName: 'Python 3',
      ready: new Promise(() => {}),
      statusChanged: new Signal(owner),
      kernelChanged: new Signal(owner),
      iopubMessage: new Signal(owner)
    }
  } as unknown as NotebookPanel;
}

/** A small deterministic generator, so a failing interleaving can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const macrotask = () => new Promise(resolve => setTimeout(resolve, 0));

interface ITab {
  model: NotebookModel;
  store: IndexedDBRunStore;
  recorder: NotebookRecorder;
}

let ids = 0;

async function openTabs(factory: IDBFactory, count: number): Promise<ITab[]> {
  const tabs = Array.from({ length: count }, (_, index) => {
    const model = notebook();
    const store = new IndexedDBRunStore({
      idbFactory: factory,
      batchDelayMs: index % 2 ? 0 : 5,
      broadcast: false
    });
    const recorder = new NotebookRecorder({
      panel: fakePanel(model, PATH),
      store,
      settings: () => SETTINGS,
      locks: new RunLocks(),
      user: () => undefined,
      newId: () => `id-${++ids}`,
      readNotebookId: async () => null
    });
    return { model, store, recorder };
  });
  await Promise.all(tabs.map(tab => tab.store.ready));
  await macrotask();
  return tabs;
}

/** Wait until every tab's runs are stored (or give up after a while). */
async function settled(tabs: ITab[], runs: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    await Promise.all(tabs.map(tab => tab.store.flush()));
    const stored = await tabs[0].store.listExperiments();
    if (stored.reduce((sum, e) => sum + e.run_count, 0) >= runs) {
      const completed = await Promise.all(
        stored.map(e => tabs[0].store.listRuns(e.id))
      );
      if (completed.flat().every(run => run.status === 'completed')) {
        return;
      }
    }
    await macrotask();
  }
}

function close(tabs: ITab[]): void {
  for (const tab of tabs) {
    tab.recorder.dispose();
    tab.store.dispose();
  }
}

/** "Run All" in one tab: the parameters cell, then the tracked cell. */
function runAllSteps(tab: ITab): (() => void)[] {
  return [0, 1].map(index => () => {
    const cell = { model: tab.model.cells.get(index) } as unknown as Cell;
    tab.recorder.cellScheduled(cell);
    tab.recorder.cellExecuted(cell, true);
  });
}

describe('a never-run notebook captured in several tabs at once', () => {
  it.each([2, 3, 5, 8])(
    '%i tabs running all at once share one experiment, numbered 1…N',
    async count => {
      const tabs = await openTabs(new IDBFactory(), count);
      try {
        // Every tab's Run All starts in the same task.
        tabs.forEach(tab => runAllSteps(tab).forEach(step => step()));
        await settled(tabs, count);

        const experiments = await tabs[0].store.listExperiments();
        expect(experiments).toHaveLength(1);
        const [experiment] = experiments;
        expect(experiment.notebook_path).toBe(PATH);
        const runs = await tabs[count - 1].store.listRuns(experiment.id);
        expect(runs.map(run => run.number).sort((a, b) => a - b)).toEqual(
          Array.from({ length: count }, (_, index) => index + 1)
        );
        expect(experiment.last_number).toBe(count);
        // Each tab wrote the winning id into its own notebook model.
        for (const tab of tabs) {
          expect(readExperiment(tab.model, PATH)?.id).toBe(experiment.id);
        }
      } finally {
        close(tabs);
      }
    }
  );

  it.each(Array.from({ length: 25 }, (_, seed) => seed + 1))(
    'interleaving %i: one experiment and unique numbers',
    async seed => {
      const next = random(seed);
      const count = 2 + Math.floor(next() * 4);
      const tabs = await openTabs(new IDBFactory(), count);
      try {
        // Each tab's steps in order, the tabs mixed, with pauses between.
        const queues = tabs.map(runAllSteps);
        while (queues.some(queue => queue.length > 0)) {
          const open = queues.filter(queue => queue.length > 0);
          open[Math.floor(next() * open.length)].shift()!();
          for (let pause = Math.floor(next() * 3); pause > 0; pause--) {
            await macrotask();
          }
        }
        await settled(tabs, count);

        const experiments = await tabs[0].store.listExperiments();
        expect(experiments.map(e => e.run_count)).toEqual([count]);
        const runs = await tabs[0].store.listRuns(experiments[0].id);
        expect(new Set(runs.map(run => run.number)).size).toBe(count);
        expect(Math.max(...runs.map(run => run.number))).toBe(count);
        for (const tab of tabs) {
          expect(readExperiment(tab.model, PATH)?.id).toBe(experiments[0].id);
        }
      } finally {
        close(tabs);
      }
    }
  );

  it('closes a run as interrupted when the notebook closes before its claim lands', async () => {
    const [tab] = await openTabs(new IDBFactory(), 1);
    try {
      runAllSteps(tab)[0]();
      tab.recorder.dispose();
      for (let wait = 0; wait < 100; wait++) {
        await macrotask();
        await tab.store.flush();
        if ((await tab.store.listRunning()).length === 0) {
          const stored = await tab.store.listExperiments();
          if (stored.length > 0) {
            break;
          }
        }
      }
      const [experiment] = await tab.store.listExperiments();
      const runs = await tab.store.listRuns(experiment.id);
      expect(runs.map(run => [run.number, run.status])).toEqual([
        [1, 'interrupted']
      ]);
      expect(readExperiment(tab.model, PATH)?.id).toBe(experiment.id);
    } finally {
      close([tab]);
    }
  });

  it('a tab that ran later joins the experiment of the first, unsaved', async () => {
    const factory = new IDBFactory();
    const [first, second] = await openTabs(factory, 2);
    try {
      runAllSteps(first).forEach(step => step());
      await settled([first], 1);
      runAllSteps(second).forEach(step => step());
      await settled([first, second], 2);
      const [experiment, ...others] = await first.store.listExperiments();
      expect(others).toEqual([]);
      expect(experiment.run_count).toBe(2);
      expect(second.model.getMetadata(RUNLOG_METADATA_KEY)).toEqual({
        notebook_id: experiment.id
      });
    } finally {
      close([first, second]);
    }
  });
});
