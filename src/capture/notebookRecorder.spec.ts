import type { Cell } from '@jupyterlab/cells';
import { NotebookModel, type NotebookPanel } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';
import { randomChars, URL_SAFE } from '../model/__fixtures__/secrets';
import {
  DEFAULT_REDACTION_OPTIONS,
  isRedactedParam,
  REDACTED_SOURCE
} from '../model/redaction/redaction';
import type { IRunRecord } from '../model/types';
import { MemoryRunStore } from '../widgets/__tests__/testing';
import { ICaptureSettings, NotebookRecorder } from './notebookRecorder';
import { RUNLOG_METADATA_KEY } from '../model/runlogMetadata';
import { readExperiment } from '../notebook/notebookIdentity';
import {
  notebookRedactionEnabled,
  setNotebookRedaction
} from '../notebook/notebookMetadata';
import { RunLocks } from './runLocks';

const KEY = 's' + 'k-proj-' + randomChars(64, URL_SAFE);
const PARAMETERS = `api_key = "${KEY}"\nlr = 0.1\n`;

/** A store that keeps the JSON of every record handed to `put`, in order. */
class SpyStore extends MemoryRunStore {
  readonly written: IRunRecord[] = [];

  async put(run: IRunRecord) {
    this.written.push(JSON.parse(JSON.stringify(run)));
    return super.put(run);
  }
}

/**
 * A Python kernel that answers every silent request; the parameter read
 * gives the values as the kernel holds them (the key as its repr).
 */
function fakeKernel() {
  const snapshot = JSON.stringify({
    params: {
      api_key: { value: KEY, type: 'str', exact: true, repr: `'${KEY}'` },
      lr: { value: 0.1, type: 'float', exact: true, repr: '0.1' }
    },
    error: false
  });
  return {
    name: 'python3',
    info: Promise.resolve({
      language_info: { name: 'python', version: '3.12.0' }
    }),
    requestExecute: () => ({
      done: Promise.resolve({
        content: {
          status: 'ok',
          user_expressions: {
            runlog: { status: 'ok', data: { 'text/plain': snapshot } }
          }
        }
      })
    })
  };
}

function notebook(): NotebookModel {
  const model = new NotebookModel();
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  model.sharedModel.insertCells(0, [
    {
      id: 'params',
      cell_type: 'code',
      source: PARAMETERS,
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

/** Just what the recorder reads of a notebook panel. */
function fakePanel(model: NotebookModel, path = 'train.ipynb'): NotebookPanel {
  const owner = {};
  const kernel = fakeKernel();
  return {
    model,
    content: { model },
    context: {
      path,
      ready: Promise.resolve(),
      pathChanged: new Signal(owner)
    },
    sessionContext: {
      session: { kernel },
      kernelDisplayName: 'Python 3',
      ready: Promise.resolve(),
      statusChanged: new Signal(owner),
      kernelChanged: new Signal(owner),
      iopubMessage: new Signal(owner)
    }
  } as unknown as NotebookPanel;
}

const settle = () => new Promise(resolve => setTimeout(resolve, 0));

describe('NotebookRecorder redaction', () => {
  let store: SpyStore;
  let model: NotebookModel;
  let recorder: NotebookRecorder;
  let changed: IRunRecord[];
  let settings: ICaptureSettings;

  beforeEach(async () => {
    store = new SpyStore();
    model = notebook();
    changed = [];
    let counter = 0;
    settings = {
      enabled: true,
      tags: { parameters: 'parameters', tracked: 'experiment' },
      readParametersFromKernel: true,
      recordEnvironment: false,
      limits: {
        maxTextChars: 1000,
        maxImageBytes: 1000,
        maxOutputsPerCell: 10,
        maxSeriesPoints: 100
      },
      redaction: DEFAULT_REDACTION_OPTIONS
    };
    recorder = new NotebookRecorder({
      panel: fakePanel(model),
      store,
      settings: () => settings,
      locks: new RunLocks(),
      user: () => undefined,
      newId: () => `id-${++counter}`,
      readNotebookId: async () => null,
      onRunChanged: run => changed.push(run)
    });
    await settle();
  });

  afterEach(() => {
    recorder.dispose();
  });

  /** Run the parameters cell, let the kernel read land, then the tracked cell. */
  async function runAll(): Promise<void> {
    const [params, train] = [0, 1].map(
      index => ({ model: model.cells.get(index) }) as unknown as Cell
    );
    recorder.cellScheduled(params);
    recorder.cellExecuted(params, true);
    // While the run is open, what the recorder exposes is redacted too.
    if (settings.redaction.enabled && notebookRedactionEnabled(model)) {
      expect(JSON.stringify(recorder.openRun)).not.toContain(KEY);
    }
    await settle();
    recorder.cellScheduled(train);
    recorder.cellExecuted(train, true);
    await settle();
  }

  it('redacts every write, the running ones included', async () => {
    await runAll();
    // Opened, values read from the kernel, completed.
    expect(store.written.map(run => run.status)).toEqual([
      'running',
      'running',
      'completed'
    ]);
    expect(store.written[1].params.lr.origin).toBe('kernel');
    for (const run of [...store.written, ...changed]) {
      expect(JSON.stringify(run)).not.toContain(KEY);
      expect(isRedactedParam(run.params.api_key)).toBe(true);
      expect(run.params.api_key.type).toBe('str');
      expect(run.params.lr.value).toBe(0.1);
      expect(run.cells[0].source).toBe(
        `api_key = ${REDACTED_SOURCE}\nlr = 0.1\n`
      );
    }
    // The live cell keeps the user's text.
    expect(model.cells.get(0).sharedModel.getSource()).toBe(PARAMETERS);
  });

  it('stores the value as is in a notebook that turned redaction off', async () => {
    setNotebookRedaction(model, false);
    expect(notebookRedactionEnabled(model)).toBe(false);
    await runAll();
    expect(store.written).toHaveLength(3);
    for (const run of store.written) {
      expect(run.params.api_key.value).toBe(KEY);
      expect(run.params.api_key.redacted).toBeUndefined();
      expect(run.cells[0].source).toBe(PARAMETERS);
    }
  });

  it('redacts again, from the next write on, once turned back on', async () => {
    // A notebook run before: its first write is not kept waiting for the
    // store to decide its experiment.
    model.setMetadata(RUNLOG_METADATA_KEY, { notebook_id: 'nb-1' });
    setNotebookRedaction(model, false);
    const params = { model: model.cells.get(0) } as unknown as Cell;
    recorder.cellScheduled(params);
    recorder.cellExecuted(params, true);
    expect(store.written[0].params.api_key.value).toBe(KEY);
    setNotebookRedaction(model, true);
    await settle();
    expect(store.written).toHaveLength(2);
    expect(JSON.stringify(store.written[1])).not.toContain(KEY);
  });

  it('follows the global setting', async () => {
    settings = {
      ...settings,
      redaction: { ...DEFAULT_REDACTION_OPTIONS, enabled: false }
    };
    await runAll();
    expect(store.written.every(run => run.params.api_key.value === KEY)).toBe(
      true
    );
  });
});

describe('NotebookRecorder in a copied notebook', () => {
  const settings: ICaptureSettings = {
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

  async function captureOnce(
    store: SpyStore,
    model: NotebookModel,
    path: string,
    onDisk: { [path: string]: string }
  ): Promise<IRunRecord> {
    let counter = 0;
    const recorder = new NotebookRecorder({
      panel: fakePanel(model, path),
      store,
      settings: () => settings,
      locks: new RunLocks(),
      user: () => undefined,
      newId: () => `${path}-id-${++counter}`,
      readNotebookId: async file => onDisk[file] ?? null
    });
    await settle();
    for (const index of [0, 1]) {
      recorder.cellExecuted(
        { model: model.cells.get(index) } as unknown as Cell,
        true
      );
    }
    await settle();
    recorder.dispose();
    // As stored: the store hands out the run numbers.
    return (await store.getRun(store.written[store.written.length - 1].id))!;
  }

  it('gives the copy its own experiment and leaves the original its runs', async () => {
    const store = new SpyStore();
    const original = notebook();
    const first = await captureOnce(store, original, 'train.ipynb', {});
    const id = readExperiment(original, 'train.ipynb')!.id;
    expect(first.experiment.id).toBe(id);

    // File > Duplicate: the copy carries the same id in its metadata.
    const copy = notebook();
    copy.setMetadata(RUNLOG_METADATA_KEY, { notebook_id: id });
    const onDisk = { 'train.ipynb': id, 'train-Copy1.ipynb': id };
    const copied = await captureOnce(store, copy, 'train-Copy1.ipynb', onDisk);

    const copyId = readExperiment(copy, 'train-Copy1.ipynb')!.id;
    expect(copyId).not.toBe(id);
    expect(copied.experiment.id).toBe(copyId);
    expect(copied.number).toBe(1);
    expect((await store.listRuns(id)).map(run => run.id)).toEqual([first.id]);

    // The original keeps its id and numbers on from its own runs.
    const again = await captureOnce(store, original, 'train.ipynb', onDisk);
    expect(again.experiment.id).toBe(id);
    expect(again.number).toBe(2);
  });
});

describe('setNotebookRedaction', () => {
  it('keeps the other runlog metadata and removes the key when on', () => {
    const model = new NotebookModel();
    model.setMetadata('runlog', { notebook_id: 'n-1', experiment: 'tune' });
    setNotebookRedaction(model, false);
    expect(model.getMetadata('runlog')).toEqual({
      notebook_id: 'n-1',
      experiment: 'tune',
      redaction: false
    });
    setNotebookRedaction(model, true);
    expect(model.getMetadata('runlog')).toEqual({
      notebook_id: 'n-1',
      experiment: 'tune'
    });
    expect(notebookRedactionEnabled(model)).toBe(true);
  });

  it('leaves no empty runlog metadata behind', () => {
    const model = new NotebookModel();
    setNotebookRedaction(model, false);
    setNotebookRedaction(model, true);
    expect(model.getMetadata('runlog')).toBeUndefined();
  });
});
