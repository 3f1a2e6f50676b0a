import { NotebookModel } from '@jupyterlab/notebook';
import { nullTranslator } from '@jupyterlab/translation';
import { REDACTED_SOURCE } from '../model/redaction/redaction';
import type { ICellRecord, IRunRecord } from '../model/types';
import { makeRunRecord } from '../widgets/__tests__/testing';
import {
  applyRestore,
  changesParameters,
  proposeRestore,
  StaleProposalError
} from './notebookRestore';
import { RestorePreview } from './restorePreview';

const TAGS = { parameters: 'parameters', tracked: 'experiment' };

function tracked(cell_id: string, source: string): ICellRecord {
  return {
    cell_id,
    role: 'tracked',
    source,
    outputs: [],
    status: 'ok',
    execution_count: 2,
    duration_ms: 5
  };
}

/** Run 1 of experiment `exp-1`: lr 0.1, name 'a', and two tracked cells. */
function runOne(overrides: Partial<IRunRecord> = {}): IRunRecord {
  return makeRunRecord(1, {
    params: {
      lr: {
        value: 0.1,
        source: '0.1',
        type: 'float',
        origin: 'kernel',
        exact: true
      },
      name: {
        value: 'a',
        source: '"a"',
        type: 'str',
        origin: 'kernel',
        exact: true
      }
    },
    cells: [tracked('train', 'fit(lr)'), tracked('gone', 'plot()')],
    ...overrides
  });
}

function notebook(
  cells: { id: string; source: string; tags?: string[] }[],
  experimentId: string | null = 'exp-1'
): NotebookModel {
  const model = new NotebookModel();
  // Yjs warns about ydoc's own reads of cells not yet in the document.
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  model.sharedModel.insertCells(
    0,
    cells.map(cell => ({
      id: cell.id,
      cell_type: 'code' as const,
      source: cell.source,
      metadata: cell.tags ? { tags: cell.tags } : {}
    }))
  );
  warn.mockRestore();
  if (experimentId) {
    model.setMetadata('runlog', { notebook_id: experimentId });
  }
  // Setting up the notebook is not the user's edit.
  model.sharedModel.clearUndoHistory();
  return model;
}

const sources = (model: NotebookModel) =>
  model.sharedModel.cells.map(cell => cell.getSource());

describe('proposeRestore and applyRestore', () => {
  it('rewrites the parameters cell and the code as one undoable edit', () => {
    const model = notebook([
      {
        id: 'params',
        source: 'lr = 0.5  # rate\nname = "b"\nextra = 1',
        tags: ['parameters']
      },
      { id: 'train', source: 'fit(lr * 2)', tags: ['experiment'] }
    ]);
    const proposal = proposeRestore(model, 'tune.ipynb', runOne(), TAGS);
    expect(proposal.otherNotebook).toBe(false);
    expect(
      proposal.parameters.changes.map(c => [c.name, c.before, c.after])
    ).toEqual([
      ['lr', '0.5', '0.1'],
      ['name', '"b"', '"a"']
    ]);
    expect(proposal.parameters.notInRun).toEqual(['extra']);
    expect(proposal.code.missing).toEqual(['gone']);
    expect(proposal.codeCells).toEqual([
      { cellId: 'train', position: 2, firstLine: 'fit(lr * 2)' }
    ]);

    const cellId = applyRestore(model, proposal, {
      includeCode: true,
      parametersTag: 'parameters'
    });
    expect(cellId).toBe('params');
    expect(sources(model)).toEqual([
      'lr = 0.1  # rate\nname = "a"\nextra = 1',
      'fit(lr)'
    ]);

    model.sharedModel.undo();
    expect(sources(model)).toEqual([
      'lr = 0.5  # rate\nname = "b"\nextra = 1',
      'fit(lr * 2)'
    ]);
    expect(model.sharedModel.canUndo()).toBe(false);
  });

  it('leaves the code alone unless asked', () => {
    const model = notebook([
      { id: 'params', source: 'lr = 0.5', tags: ['parameters'] },
      { id: 'train', source: 'fit(lr * 2)' }
    ]);
    const proposal = proposeRestore(model, 'tune.ipynb', runOne(), TAGS);
    applyRestore(model, proposal, {
      includeCode: false,
      parametersTag: 'parameters'
    });
    expect(sources(model)).toEqual(["lr = 0.1\nname = 'a'", 'fit(lr * 2)']);
  });

  it('inserts a tagged parameters cell at the top when there is none', () => {
    const model = notebook([{ id: 'train', source: 'fit(lr)' }]);
    const proposal = proposeRestore(model, 'tune.ipynb', runOne(), TAGS);
    expect(proposal.parametersCellId).toBeNull();
    expect(changesParameters(proposal)).toBe(true);
    const cellId = applyRestore(model, proposal, {
      includeCode: false,
      parametersTag: 'params-tag'
    });
    const first = model.sharedModel.cells[0];
    expect(first.id).toBe(cellId);
    expect(first.getSource()).toBe("lr = 0.1\nname = 'a'");
    expect(first.getMetadata('tags')).toEqual(['params-tag']);
    model.sharedModel.undo();
    expect(sources(model)).toEqual(['fit(lr)']);
  });

  it('notices a run from another notebook', () => {
    const model = notebook(
      [{ id: 'p', source: 'lr = 1', tags: ['parameters'] }],
      'exp-2'
    );
    expect(proposeRestore(model, 'x.ipynb', runOne(), TAGS).otherNotebook).toBe(
      true
    );
    const fresh = notebook(
      [{ id: 'p', source: 'lr = 1', tags: ['parameters'] }],
      null
    );
    expect(proposeRestore(fresh, 'x.ipynb', runOne(), TAGS).otherNotebook).toBe(
      true
    );
  });

  it('refuses a proposal the notebook has moved away from', () => {
    const model = notebook([
      { id: 'p', source: 'lr = 1', tags: ['parameters'] }
    ]);
    const proposal = proposeRestore(model, 'tune.ipynb', runOne(), TAGS);
    model.sharedModel.cells[0].setSource('lr = 2');
    expect(() =>
      applyRestore(model, proposal, {
        includeCode: false,
        parametersTag: 'parameters'
      })
    ).toThrow(StaleProposalError);
    expect(sources(model)).toEqual(['lr = 2']);
  });
});

describe('RestorePreview', () => {
  const trans = nullTranslator.load('jupyterlab_runlog');

  it('lists the changes, the names left alone and the code choice', () => {
    const model = notebook([
      { id: 'params', source: 'lr = 0.5\nextra = 1', tags: ['parameters'] },
      { id: 'train', source: 'fit(lr * 2)' }
    ]);
    const proposal = proposeRestore(model, 'tune.ipynb', runOne(), TAGS);
    const preview = new RestorePreview({
      proposal,
      parametersTag: 'parameters',
      trans
    });
    const rows = [...preview.node.querySelectorAll('tbody tr')].map(row =>
      [...row.querySelectorAll('td')].map(cell => cell.textContent)
    );
    expect(rows).toEqual([
      ['lr', '0.5', '0.1'],
      ['name', '(not in the cell)', "'a' appended"]
    ]);
    expect(preview.node.textContent).toContain(
      'Not in run #1, left as they are: extra'
    );
    expect(preview.node.textContent).toContain('cell 2: fit(lr * 2)');
    expect(preview.node.textContent).toContain(
      'No longer in the notebook (not restored): gone'
    );
    expect(preview.getValue()).toEqual({ includeCode: false });
    const box = preview.node.querySelector<HTMLInputElement>(
      'input[type="checkbox"]'
    )!;
    box.checked = true;
    expect(preview.getValue()).toEqual({ includeCode: true });
  });

  it('keeps a derived line as written and says why', () => {
    const runCell =
      'temperature = 0.2\nretries = 2 if temperature > 0.5 else 1';
    const run = makeRunRecord(1, {
      params: {
        temperature: {
          value: 0.2,
          source: '0.2',
          type: 'float',
          origin: 'kernel',
          exact: true
        },
        retries: {
          value: 1,
          source: '2 if temperature > 0.5 else 1',
          type: 'int',
          origin: 'kernel',
          exact: true
        }
      },
      cells: [
        {
          ...tracked('params', runCell),
          role: 'parameters'
        }
      ]
    });
    const model = notebook([
      {
        id: 'params',
        source: 'temperature = 0.7\nretries = 2 if temperature > 0.5 else 1',
        tags: ['parameters']
      }
    ]);
    const proposal = proposeRestore(model, 'tune.ipynb', run, TAGS);
    const preview = new RestorePreview({
      proposal,
      parametersTag: 'parameters',
      trans
    });
    const rows = [...preview.node.querySelectorAll('tbody tr')].map(row =>
      [...row.querySelectorAll('td')].map(cell => cell.textContent)
    );
    expect(rows).toEqual([
      ['temperature', '0.7', '0.2'],
      [
        'retries',
        '2 if temperature > 0.5 else 1',
        '2 if temperature > 0.5 else 1 kept: follows from restored values'
      ]
    ]);
    applyRestore(model, proposal, {
      includeCode: false,
      parametersTag: 'parameters'
    });
    expect(sources(model)).toEqual([runCell]);
  });

  it('says when nothing changes', () => {
    const model = notebook([
      { id: 'params', source: 'lr = 0.1\nname = "a"', tags: ['parameters'] },
      { id: 'train', source: 'fit(lr)' }
    ]);
    const proposal = proposeRestore(
      model,
      'tune.ipynb',
      runOne({ cells: [tracked('train', 'fit(lr)')] }),
      TAGS
    );
    expect(RestorePreview.hasWork(proposal)).toBe(false);
    const preview = new RestorePreview({
      proposal,
      parametersTag: 'parameters',
      trans
    });
    expect(preview.node.textContent).toContain(
      "The parameters cell already has this run's values."
    );
    expect(preview.node.textContent).toContain(
      "The tracked cells already have this run's code."
    );
  });
});

describe('restoring a run with a redacted parameter', () => {
  const trans = nullTranslator.load('jupyterlab_runlog');
  const placeholder = REDACTED_SOURCE;

  /** Run 1 with `api_key` redacted at capture, in its params and its cell. */
  function secretRun(): IRunRecord {
    const run = runOne();
    return {
      ...run,
      params: {
        api_key: {
          value: null,
          source: placeholder,
          type: 'str',
          origin: 'kernel',
          exact: false,
          redacted: true
        },
        lr: run.params.lr
      },
      cells: [
        {
          ...tracked('params', `api_key = ${placeholder}\nlr = 0.1\n`),
          role: 'parameters'
        },
        tracked('train', 'fit(lr)')
      ]
    };
  }

  it.each<[string, string, string]>([
    [
      'another value stays',
      'api_key = "sk-other"\nlr = 0.5\n',
      'api_key = "sk-other"\nlr = 0.1\n'
    ],
    ['an absent one is not added', 'lr = 0.5  # rate', 'lr = 0.1  # rate']
  ])('%s, code too', (_label, before, after) => {
    const model = notebook([
      { id: 'params', source: before, tags: ['parameters'] },
      { id: 'train', source: 'fit(lr * 2)', tags: ['experiment'] }
    ]);
    const proposal = proposeRestore(model, 'tune.ipynb', secretRun(), TAGS);
    expect(proposal.parameters.redacted).toEqual(['api_key']);
    applyRestore(model, proposal, {
      includeCode: true,
      parametersTag: 'parameters'
    });
    expect(sources(model)).toEqual([after, 'fit(lr)']);

    const preview = new RestorePreview({
      proposal,
      parametersTag: 'parameters',
      trans
    });
    const rows = [...preview.node.querySelectorAll('tbody tr')].map(
      row => (row as HTMLElement).dataset.name
    );
    expect(rows).toEqual(['lr']);
    expect(preview.node.textContent).toContain(
      'Left as is (redacted in the run): api_key'
    );
  });

  it('inserts a new parameters cell without the placeholder line', () => {
    const model = notebook([{ id: 'train', source: 'fit(lr)' }]);
    const proposal = proposeRestore(model, 'tune.ipynb', secretRun(), TAGS);
    applyRestore(model, proposal, {
      includeCode: false,
      parametersTag: 'parameters'
    });
    expect(sources(model)).toEqual(['lr = 0.1\n', 'fit(lr)']);
    const preview = new RestorePreview({
      proposal,
      parametersTag: 'parameters',
      trans
    });
    expect(preview.node.textContent).toContain(
      'Not written (redacted in the run, set them yourself): api_key'
    );
  });

  it('has nothing to do when only the secret differs', () => {
    const model = notebook([
      {
        id: 'params',
        source: 'api_key = "sk-other"\nlr = 0.1\n',
        tags: ['parameters']
      },
      { id: 'train', source: 'fit(lr)', tags: ['experiment'] }
    ]);
    const proposal = proposeRestore(model, 'tune.ipynb', secretRun(), TAGS);
    expect(RestorePreview.hasWork(proposal)).toBe(false);
  });
});
