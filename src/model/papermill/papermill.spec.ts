import { readFileSync } from 'fs';
import { join } from 'path';
import { boundOutputs, DEFAULT_OUTPUT_LIMITS } from '../record/outputs';
import {
  IPapermillImportOptions,
  PAPERMILL_INJECTED_TAG,
  runsFromExecutedNotebook,
  uuidFromHash
} from './papermill';
import type { ICapturedOutput, IRunRecord, JSONValue } from '../types';

/** The parts of an executed notebook the tests read, as papermill writes them. */
interface ITimes {
  start_time: string;
  end_time: string;
  duration: number;
}

interface ICell {
  id: string;
  source: string | string[];
  execution_count: number | null;
  outputs: ICapturedOutput[];
  metadata: {
    tags: string[];
    papermill: ITimes & { status: string; exception: boolean | null };
  };
}

interface INotebook {
  nbformat: number;
  nbformat_minor: number;
  cells: ICell[];
  metadata: {
    language_info: { version: string };
    runlog: { notebook_id: string; experiment: string };
    papermill: ITimes & {
      version: string;
      input_path: string;
      output_path: string;
      exception: boolean | null;
      parameters: { [name: string]: JSONValue };
    };
  };
}

/** Edits that leave the shape papermill writes: remove or retype a field. */
function unset(target: object, key: string): void {
  delete (target as { [key: string]: unknown })[key];
}

function set(target: object, key: string, value: unknown): void {
  (target as { [key: string]: unknown })[key] = value;
}

const FIXTURES = join(__dirname, '..', '__fixtures__', 'papermill');
const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SWEEP_ID = '5d0c7a52-8f3e-4b1a-9c6d-2e4f8a1b3c70';
const SWEEPS = ['sweep-lr.ipynb', 'sweep-defaults.ipynb', 'sweep-yaml.ipynb'];
const ALL = [...SWEEPS, 'fails.ipynb'];

function load(name: string): INotebook {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf-8'));
}

function options(
  overrides: Partial<IPapermillImportOptions> = {}
): IPapermillImportOptions {
  return {
    path: 'runs/out.ipynb',
    parametersTag: 'parameters',
    trackedTag: 'experiment',
    importedAt: '2026-02-03T04:05:06.000Z',
    ...overrides
  };
}

function importRun(
  notebook: unknown,
  overrides: Partial<IPapermillImportOptions> = {}
): { run: IRunRecord; warnings: string[] } {
  const result = runsFromExecutedNotebook(notebook, options(overrides));
  if (!result.ok) {
    throw new Error(`expected a run, got: ${result.error}`);
  }
  return result;
}

function cellById(notebook: INotebook, id: string): ICell {
  return notebook.cells.find(cell => cell.id === id)!;
}

function injectedCell(notebook: INotebook): ICell {
  return notebook.cells.find(cell =>
    cell.metadata.tags.includes(PAPERMILL_INJECTED_TAG)
  )!;
}

function utc(time: string): string {
  return new Date(time).toISOString();
}

function stdout(run: IRunRecord, cellId: string): string {
  const cell = run.cells.find(record => record.cell_id === cellId)!;
  return cell.outputs
    .filter(output => output.name === 'stdout')
    .map(output => [output.text].flat().join(''))
    .join('');
}

describe('runsFromExecutedNotebook on notebooks executed by papermill', () => {
  it.each(ALL)('%s: timing, cells and origin come from the file', name => {
    const notebook = load(name);
    const meta = notebook.metadata.papermill;
    const { run } = importRun(notebook, { path: `runs/${name}` });

    expect(run.id).toMatch(UUID);
    expect(run.number).toBe(0);
    expect(run.started_at).toBe(utc(meta.start_time));
    expect(run.ended_at).toBe(utc(meta.end_time));
    expect(run.duration_ms).toBe(Math.round(meta.duration * 1000));
    expect(run.updated_at).toBe(run.ended_at);
    expect(run.origin).toEqual({
      kind: 'papermill',
      file: `runs/${name}`,
      imported_at: '2026-02-03T04:05:06.000Z',
      exported_at: utc(meta.end_time)
    });
    expect(run.context).toEqual({
      kernel: {
        name: 'python3',
        language: 'python',
        language_version: notebook.metadata.language_info.version,
        display_name: 'Python 3 (ipykernel)'
      },
      papermill: {
        version: meta.version,
        input_path: meta.input_path,
        output_path: meta.output_path
      }
    });
    // Papermill ran from the fixtures folder: the source sits beside it.
    expect(run.notebook_path).toBe(`runs/${meta.input_path}`);
    expect(run.annotations).toEqual({ note: '', tags: [], starred: false });

    for (const record of run.cells) {
      const cell = cellById(notebook, record.cell_id);
      expect(record.source).toBe([cell.source].flat().join(''));
      expect(record.execution_count).toBe(cell.execution_count);
      expect(record.started_at).toBe(utc(cell.metadata.papermill.start_time));
      expect(record.duration_ms).toBe(
        Math.round(cell.metadata.papermill.duration * 1000)
      );
      expect(record.outputs).toEqual(boundOutputs(cell.outputs));
    }
    const tracked = run.cells.filter(cell => cell.role === 'tracked');
    expect(tracked.map(cell => cell.cell_id)).toEqual(
      name === 'fails.ipynb' ? ['score', 'check'] : ['train', 'evaluate']
    );
  });

  it.each(ALL)("%s: parameter values are exactly papermill's", name => {
    const notebook = load(name);
    const recorded = notebook.metadata.papermill.parameters;
    const { run } = importRun(notebook);
    const injected = injectedCell(notebook);
    for (const key of Object.keys(recorded)) {
      expect(run.params[key].value).toEqual(recorded[key]);
      expect(run.params[key]).toMatchObject({ origin: 'source', exact: true });
      // The source is the injected line's right-hand side, as papermill wrote it.
      expect([injected.source].flat().join('')).toContain(
        `${key} = ${run.params[key].source}\n`
      );
    }
    const parameters = run.cells.filter(cell => cell.role === 'parameters');
    expect(parameters).toHaveLength(1);
    expect(parameters[0].cell_id).toBe(
      Object.keys(recorded).length ? injected.id : 'params'
    );
  });

  it.each(SWEEPS)('%s: the kernel saw the imported parameters', name => {
    const { run } = importRun(load(name));
    const { model, epochs, layers } = run.params;
    expect(stdout(run, 'train')).toBe(
      `trained ${model.value} for ${epochs.value} epochs\n`
    );
    const loss = run.metrics.loss;
    expect(loss.series).toHaveLength(epochs.value as number);
    expect(loss.value).toBe(loss.series![loss.series!.length - 1][1]);
    expect(run.metrics.width.value).toBe(
      (layers.value as number[]).reduce((sum, width) => sum + width, 0)
    );
    expect(run.metrics['val/loss'].value).toBeCloseTo(loss.value, 4);
    expect(run.metrics['val/accuracy'].value).toBeCloseTo(
      1 - loss.value / 2,
      4
    );
    expect(run.status).toBe('completed');
    expect(run.status_reason).toBeUndefined();
    expect(run.partial).toBeUndefined();
    expect(run.experiment).toEqual({ id: SWEEP_ID, name: 'sweep' });
  });

  it.each<[string, { [name: string]: [JSONValue, string, string] }]>([
    [
      'sweep-lr.ipynb',
      {
        learning_rate: [0.1, '0.1', 'float'],
        model: ['large', '"large"', 'str'],
        epochs: [3, '3', 'int'],
        layers: [[64, 32], '[64, 32]', 'list'],
        use_bias: [true, 'True', 'bool'],
        seed: [7, '7', 'int']
      }
    ],
    [
      'sweep-defaults.ipynb',
      {
        learning_rate: [0.01, '0.01', 'float'],
        model: ['small', '"small"', 'str'],
        epochs: [3, '3', 'int']
      }
    ],
    [
      'sweep-yaml.ipynb',
      {
        learning_rate: [1, '1.0', 'float'],
        layers: [[128, 64, 32], '[128, 64, 32]', 'list'],
        use_bias: [false, 'False', 'bool'],
        epochs: [5, '5', 'int'],
        model: ['small', '"small"', 'str']
      }
    ]
  ])('%s: parameters as the script passed them', (name, expected) => {
    const { run } = importRun(load(name));
    for (const [key, [value, source, type]] of Object.entries(expected)) {
      expect(run.params[key]).toEqual({
        value,
        source,
        type,
        origin: 'source',
        exact: true
      });
    }
    // Defaults first, in the parameters cell's order.
    expect(Object.keys(run.params).slice(0, 6)).toEqual([
      'learning_rate',
      'epochs',
      'model',
      'layers',
      'use_bias',
      'seed'
    ]);
  });

  it('a failing tracked cell fails the run and lists the skipped ones', () => {
    const { run, warnings } = importRun(load('fails.ipynb'));
    expect(run.status).toBe('failed');
    expect(run.status_reason).toBe(
      'ValueError: threshold 0.9 too high (in tracked cell "check")'
    );
    expect(run.partial).toEqual({ skipped_cells: ['report'] });
    expect(run.cells.map(cell => [cell.cell_id, cell.status])).toEqual([
      [injectedCell(load('fails.ipynb')).id, 'ok'],
      ['score', 'ok'],
      ['check', 'error']
    ]);
    expect(run.metrics).toEqual({ score: { value: 0.8 } });
    expect(stdout(run, 'score')).toBe('scored baseline\n');
    expect(run.params.label.value).toBe('baseline');
    expect(warnings.join(' ')).toContain('report');
  });

  it('a notebook without a runlog id gets a stable experiment from its input path', () => {
    const { run } = importRun(load('fails.ipynb'));
    expect(run.experiment.name).toBe('fails');
    expect(run.experiment.id).toMatch(UUID);
    const again = importRun(load('fails.ipynb'), { path: 'elsewhere.ipynb' });
    expect(again.run.experiment).toEqual(run.experiment);

    // Two sweeps of one source share an experiment when neither carries an id.
    const [lr, yaml] = ['sweep-lr.ipynb', 'sweep-yaml.ipynb'].map(name => {
      const notebook = load(name);
      unset(notebook.metadata, 'runlog');
      return importRun(notebook).run;
    });
    expect(lr.experiment).toEqual(yaml.experiment);
    expect(lr.experiment.name).toBe('sweep');
    expect(lr.experiment.id).not.toBe(run.experiment.id);
  });

  it('joins the given experiment when the notebook carries no id', () => {
    const experiment = { id: 'nb-7', name: 'fails-notebook' };
    expect(
      importRun(load('fails.ipynb'), { experiment }).run.experiment
    ).toEqual(experiment);
    // The notebook's own id wins over the caller's.
    expect(
      importRun(load('sweep-lr.ipynb'), { experiment }).run.experiment.id
    ).toBe(SWEEP_ID);
  });

  it('gives the same id to the same executed notebook, a new one to another', () => {
    const ids = ALL.map(name => importRun(load(name)).run.id);
    expect(new Set(ids).size).toBe(ALL.length);

    const first = importRun(load('sweep-lr.ipynb')).run;
    const second = importRun(JSON.stringify(load('sweep-lr.ipynb')), {
      path: 'copy/of/sweep-lr.ipynb',
      importedAt: '2027-01-01T00:00:00.000Z'
    }).run;
    expect(second.id).toBe(first.id);
    expect({ ...second, origin: first.origin, notebook_path: '' }).toEqual({
      ...first,
      notebook_path: ''
    });

    const changed = load('sweep-lr.ipynb');
    changed.metadata.papermill.parameters.learning_rate = 0.2;
    expect(importRun(changed).run.id).not.toBe(first.id);
    const rerun = load('sweep-lr.ipynb');
    rerun.metadata.papermill.start_time = '2030-01-01T00:00:00+00:00';
    expect(importRun(rerun).run.id).not.toBe(first.id);
  });

  it('uuidFromHash is a UUID-shaped function of its text', () => {
    // SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 ...: version and
    // variant bits set, the rest kept.
    expect(uuidFromHash('abc')).toBe('ba7816bf-8f01-8fea-8141-40de5dae2223');
    expect(uuidFromHash('a')).toBe(uuidFromHash('a'));
    expect(uuidFromHash('a')).not.toBe(uuidFromHash('b'));
    expect(uuidFromHash('é😀')).not.toBe(uuidFromHash('e'));
    for (const text of ['', 'a', 'é😀', 'x'.repeat(1000)]) {
      expect(uuidFromHash(text)).toMatch(UUID);
    }
  });
});

describe('runsFromExecutedNotebook on bad input', () => {
  const withPapermill = (edit: (notebook: INotebook) => void) => {
    const notebook = load('sweep-lr.ipynb');
    edit(notebook);
    return notebook;
  };

  it.each<[string, unknown, string]>([
    ['null', null, 'is not a Jupyter notebook'],
    ['a number', 42, 'is not a Jupyter notebook'],
    ['an array', [], 'is not a Jupyter notebook'],
    ['text that is not JSON', '{"cells": [', 'it is not JSON'],
    ['an object without cells', { metadata: {} }, 'has no list of cells'],
    [
      'cells that are not a list',
      { cells: 'x', nbformat: 4 },
      'no list of cells'
    ],
    [
      'an old notebook format',
      withPapermill(nb => (nb.nbformat = 3)),
      'uses notebook format 3'
    ],
    [
      'a notebook never run by papermill',
      withPapermill(nb => unset(nb.metadata, 'papermill')),
      'was not executed by papermill'
    ],
    [
      'papermill metadata that is not an object',
      withPapermill(nb => set(nb.metadata, 'papermill', 'yes')),
      'was not executed by papermill'
    ],
    [
      'a notebook papermill only prepared',
      withPapermill(nb => set(nb.metadata.papermill, 'start_time', null)),
      'prepared by papermill but not executed'
    ],
    [
      'no tracked cells',
      withPapermill(nb => nb.cells.forEach(cell => (cell.metadata.tags = []))),
      'no code cell is tagged "experiment"'
    ],
    [
      'a tracked tag only on markdown',
      withPapermill(nb => {
        nb.cells.forEach(cell => (cell.metadata.tags = []));
        nb.cells[0].metadata.tags = ['experiment'];
      }),
      'has no tracked cells'
    ]
  ])('rejects %s with a clear message', (_, input, message) => {
    const result = runsFromExecutedNotebook(input, options());
    expect(result.ok).toBe(false);
    const error = (result as { error: string }).error;
    expect(error).toContain(message);
    expect(error).toContain('"runs/out.ipynb"');
  });

  it('uses the tag names from the settings', () => {
    const result = runsFromExecutedNotebook(
      load('sweep-lr.ipynb'),
      options({ trackedTag: 'tracked' })
    );
    expect(result).toEqual({
      ok: false,
      error:
        '"runs/out.ipynb" has no tracked cells: no code cell is tagged "tracked".'
    });
    const retagged = withPapermill(nb => {
      cellById(nb, 'params').metadata.tags = ['knobs'];
      cellById(nb, 'evaluate').metadata.tags = ['tracked'];
    });
    const { run } = importRun(retagged, {
      parametersTag: 'knobs',
      trackedTag: 'tracked'
    });
    expect(run.cells.map(cell => cell.cell_id)).toEqual([
      injectedCell(retagged).id,
      'evaluate'
    ]);
    expect(run.params.seed.value).toBe(7);
  });

  it.each<[string, (nb: INotebook) => void, Partial<IRunRecord>]>([
    [
      'a tracked cell papermill never reached',
      nb => {
        const evaluate = cellById(nb, 'evaluate');
        evaluate.outputs = [];
        evaluate.execution_count = null;
        set(evaluate.metadata, 'papermill', {
          status: 'pending',
          start_time: null
        });
      },
      { status: 'completed', partial: { skipped_cells: ['evaluate'] } }
    ],
    [
      'an error in an untracked cell that stopped papermill',
      nb => {
        const setup = cellById(nb, 'setup');
        setup.metadata.papermill.status = 'failed';
        setup.metadata.papermill.exception = true;
        setup.outputs = [
          {
            output_type: 'error',
            ename: 'ImportError',
            evalue: 'no log',
            traceback: []
          }
        ];
        for (const id of ['train', 'evaluate']) {
          cellById(nb, id).metadata.papermill.status = 'pending';
        }
        nb.metadata.papermill.exception = true;
      },
      {
        status: 'failed',
        status_reason: 'ImportError: no log (in untracked cell "setup")',
        partial: { skipped_cells: ['train', 'evaluate'] }
      }
    ],
    [
      'an expected error output in an untracked cell',
      nb => {
        cellById(nb, 'setup').outputs = [
          {
            output_type: 'error',
            ename: 'Warning',
            evalue: 'fine',
            traceback: []
          }
        ];
      },
      { status: 'completed' }
    ],
    [
      'an error output in a tracked cell without papermill status',
      nb => {
        const evaluate = cellById(nb, 'evaluate');
        unset(evaluate.metadata, 'papermill');
        evaluate.outputs = [
          {
            output_type: 'error',
            ename: 'KeyError',
            evalue: "'acc'",
            traceback: []
          }
        ];
      },
      {
        status: 'failed',
        status_reason: 'KeyError: \'acc\' (in tracked cell "evaluate")'
      }
    ],
    [
      'a failure papermill flagged without an error output',
      nb => (cellById(nb, 'train').metadata.papermill.exception = true),
      {
        status: 'failed',
        status_reason:
          'papermill reported an exception (in tracked cell "train")'
      }
    ],
    [
      'a keyboard interrupt in a tracked cell',
      nb => {
        cellById(nb, 'train').outputs = [
          {
            output_type: 'error',
            ename: 'KeyboardInterrupt',
            evalue: '',
            traceback: []
          }
        ];
      },
      {
        status: 'interrupted',
        status_reason: 'Execution interrupted (in tracked cell "train")'
      }
    ],
    [
      'papermill killed while a tracked cell ran',
      nb => {
        set(nb.metadata.papermill, 'end_time', null);
        set(nb.metadata.papermill, 'duration', null);
        const evaluate = cellById(nb, 'evaluate');
        set(evaluate.metadata, 'papermill', {
          status: 'running',
          start_time: null
        });
        evaluate.outputs = [];
      },
      {
        status: 'interrupted',
        status_reason:
          'papermill stopped while tracked cell "evaluate" was running'
      }
    ]
  ])('reads %s', (_, edit, expected) => {
    const { run } = importRun(withPapermill(edit));
    expect(run).toMatchObject(expected);
    if (!('partial' in expected)) {
      expect(run.partial).toBeUndefined();
    }
  });

  it('ends a killed run at the last cell papermill finished', () => {
    const notebook = withPapermill(nb => {
      set(nb.metadata.papermill, 'end_time', null);
      set(nb.metadata.papermill, 'duration', null);
      cellById(nb, 'evaluate').metadata.papermill.status = 'running';
    });
    const { run, warnings } = importRun(notebook);
    const ends = notebook.cells
      .map(cell => cell.metadata.papermill.end_time)
      .filter(Boolean)
      .map(utc)
      .sort();
    expect(run.ended_at).toBe(ends[ends.length - 1]);
    expect(run.duration_ms).toBe(
      Date.parse(run.ended_at!) - Date.parse(run.started_at)
    );
    expect(run.origin!.exported_at).toBeUndefined();
    expect(warnings.join(' ')).toContain('papermill stopped');
  });

  it('bounds huge outputs as live capture does', () => {
    const notebook = withPapermill(nb => {
      const train = cellById(nb, 'train');
      train.outputs.push({
        output_type: 'stream',
        name: 'stdout',
        text: 'x'.repeat(50_000)
      });
      for (let i = 0; i < 60; i++) {
        train.outputs.push({
          output_type: 'stream',
          name: 'stdout',
          text: `${i}\n`
        });
      }
    });
    const { run } = importRun(notebook);
    const train = run.cells.find(cell => cell.cell_id === 'train')!;
    const big = train.outputs[2].text as string;
    expect(big.length).toBeLessThan(DEFAULT_OUTPUT_LIMITS.maxTextChars + 100);
    expect(big).toContain('[runlog: truncated 30,000 characters]');
    expect(train.outputs).toHaveLength(
      DEFAULT_OUTPUT_LIMITS.maxOutputsPerCell + 1
    );
    expect(train.outputs[train.outputs.length - 1].text).toContain('dropped');
    // The metrics output survives the bounds.
    expect(run.metrics.loss.series).toHaveLength(3);

    const small = importRun(notebook, {
      outputLimits: {
        ...DEFAULT_OUTPUT_LIMITS,
        maxTextChars: 10,
        maxSeriesPoints: 2
      }
    }).run;
    const smallTrain = small.cells.find(cell => cell.cell_id === 'train')!;
    expect(
      (smallTrain.outputs[1].text as string).startsWith('trained la\n')
    ).toBe(true);
    expect(small.metrics.loss.series).toHaveLength(2);
  });

  it('reads parameters from the injected cell when papermill recorded none', () => {
    const { run, warnings } = importRun(
      withPapermill(nb => unset(nb.metadata.papermill, 'parameters'))
    );
    expect(run.params.learning_rate).toEqual({
      value: 0.1,
      source: '0.1',
      type: 'float',
      origin: 'source',
      exact: true
    });
    expect(warnings.join(' ')).toContain('no parameter values');
  });

  it('keeps hostile parameter keys and depths harmless', () => {
    let deep: JSONValue = 1;
    for (let i = 0; i < 200; i++) {
      deep = [deep];
    }
    const notebook = withPapermill(nb => {
      nb.metadata.papermill.parameters = JSON.parse(
        '{"__proto__": {"polluted": true}, "nested": {"__proto__": 1}}'
      );
      nb.metadata.papermill.parameters.deep = deep;
    });
    const { run, warnings } = importRun(notebook);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(run.params)).toBe(Object.prototype);
    expect(Object.keys(run.params)).toContain('__proto__');
    expect(
      Object.getOwnPropertyDescriptor(run.params, '__proto__')!.value.value
    ).toEqual({ polluted: true });
    const nested = run.params.nested.value as { [key: string]: JSONValue };
    expect(Object.getOwnPropertyDescriptor(nested, '__proto__')!.value).toBe(1);
    expect(run.params.deep).toMatchObject({ value: null, exact: false });
    expect(warnings.join(' ')).toContain('"deep" is nested too deeply');
  });

  it('never throws, even on outputs nested past the stack', () => {
    let deep: JSONValue = 1;
    for (let i = 0; i < 200_000; i++) {
      deep = [deep];
    }
    const notebook = withPapermill(nb => {
      cellById(nb, 'train').outputs.push({
        output_type: 'display_data',
        data: { 'application/json': deep },
        metadata: {}
      });
    });
    const result = runsFromExecutedNotebook(notebook, options());
    expect(result.ok).toBe(false);
    expect((result as { error: string }).error).toContain('could not be read');
  });

  it('reads older papermill files: no cell ids, times without a zone', () => {
    const notebook = withPapermill(nb => {
      nb.nbformat_minor = 4;
      nb.cells.forEach(cell => unset(cell, 'id'));
      nb.metadata.papermill.start_time = '2019-05-01T10:00:00.123456';
      nb.metadata.papermill.end_time = '2019-05-01T10:00:02.5';
    });
    const { run } = importRun(notebook);
    expect(run.started_at).toBe('2019-05-01T10:00:00.123Z');
    expect(run.origin!.exported_at).toBe('2019-05-01T10:00:02.500Z');
    const index = (tag: string) =>
      notebook.cells.findIndex(cell => cell.metadata.tags.includes(tag));
    expect(run.cells.map(cell => cell.cell_id)).toEqual([
      `cell-${index(PAPERMILL_INJECTED_TAG)}`,
      `cell-${index('experiment')}`,
      `cell-${index('experiment') + 1}`
    ]);
  });

  it.each<[string, string, string]>([
    ['runs/sweep-lr.ipynb', 'sweep-lr.ipynb', 'runs/source/sweep.ipynb'],
    ['sweep-lr.ipynb', 'sweep-lr.ipynb', 'source/sweep.ipynb'],
    ['a/out/r1.ipynb', 'out/r1.ipynb', 'a/source/sweep.ipynb'],
    ['elsewhere/r1.ipynb', 'out/r1.ipynb', 'source/sweep.ipynb']
  ])(
    'imported from %s (papermill wrote %s): notebook at %s',
    (path, output, expected) => {
      const notebook = withPapermill(
        nb => (nb.metadata.papermill.output_path = output)
      );
      expect(importRun(notebook, { path }).run.notebook_path).toBe(expected);
    }
  );

  it('names the experiment from runlog metadata, else the input file', () => {
    const named = withPapermill(
      nb => (nb.metadata.runlog.experiment = ' lr sweep ')
    );
    expect(importRun(named).run.experiment.name).toBe('lr sweep');
    const unnamed = withPapermill(nb => {
      unset(nb.metadata.runlog, 'experiment');
      nb.metadata.papermill.input_path = 's3://bucket/nbs/train.v2.ipynb';
    });
    expect(importRun(unnamed).run.experiment).toEqual({
      id: SWEEP_ID,
      name: 'train.v2'
    });
    const noInput = withPapermill(nb => {
      unset(nb.metadata, 'runlog');
      unset(nb.metadata.papermill, 'input_path');
    });
    const { run, warnings } = importRun(noInput, { path: 'runs/r9.ipynb' });
    expect(run.experiment.name).toBe('r9');
    expect(run.notebook_path).toBe('runs/r9.ipynb');
    expect(warnings.join(' ')).toContain('no input path');
  });
});

describe('runsFromExecutedNotebook messages', () => {
  /** A translator that marks every message and fills its placeholders. */
  const marked = {
    __: (msgid: string, ...args: (string | number)[]) =>
      `[xx] ${msgid.replace(/%(\d+)/g, (_, n: string) => String(args[Number(n) - 1]))}`
  };

  it('go through the translator given: errors and warnings', () => {
    const refused = runsFromExecutedNotebook(
      { metadata: {} },
      options({ trans: marked })
    );
    expect(refused).toEqual({
      ok: false,
      error:
        '[xx] "runs/out.ipynb" is not a Jupyter notebook: it has no list of cells.'
    });
    const { warnings } = importRun(load('fails.ipynb'), { trans: marked });
    expect(warnings).toContain('[xx] 1 tracked cell did not run: report.');
  });

  it('are English without a translator', () => {
    const { warnings } = importRun(load('fails.ipynb'));
    expect(warnings).toContain('1 tracked cell did not run: report.');
  });
});
