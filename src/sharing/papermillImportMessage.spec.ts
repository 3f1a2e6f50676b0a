import { nullTranslator } from '@jupyterlab/translation';
import type { IExperimentRef, RunStatus } from '../tokens';
import { makeRunSummary } from '../widgets/__tests__/testing';
import type {
  IExecutedNotebooksImport,
  IImportedFile
} from './papermillImport';
import { checkContentsPath } from './contentsPath';
import {
  describePapermillImport,
  describeRefusedPaths,
  MAX_LISTED_ITEMS
} from './papermillImportMessage';

const trans = nullTranslator.load('jupyterlab_runlog');

const SWEEP: IExperimentRef = { id: 'exp-sweep', name: 'sweep' };
const PROMPT: IExperimentRef = { id: 'exp-prompt', name: 'tune-prompt' };

function file(
  path: string,
  number: number,
  experiment = SWEEP,
  status: RunStatus = 'completed'
): IImportedFile {
  return { path, run: makeRunSummary(number, { experiment, status }) };
}

function outcome(
  parts: Partial<IExecutedNotebooksImport>
): IExecutedNotebooksImport {
  return {
    added: [],
    identical: [],
    conflicting: [],
    duplicates: [],
    skipped: [],
    warnings: [],
    redacted: [],
    storeError: null,
    cancelled: false,
    ...parts
  };
}

describe('describePapermillImport', () => {
  it.each([
    {
      case: 'runs added to two experiments, grouped and by number',
      parts: {
        added: [
          file('out/b.ipynb', 4),
          file('out/p.ipynb', 1, PROMPT, 'failed'),
          file('out/a.ipynb', 3)
        ]
      },
      title: 'Imported 3 Runs',
      sections: [
        {
          text: '2 runs added to experiment "sweep":',
          items: [
            'Run #3 (completed) from out/a.ipynb',
            'Run #4 (completed) from out/b.ipynb'
          ]
        },
        {
          text: '1 run added to experiment "tune-prompt":',
          items: ['Run #1 (failed) from out/p.ipynb']
        }
      ]
    },
    {
      case: 'everything already stored',
      parts: { identical: [file('out/a.ipynb', 3)] },
      title: 'No New Runs',
      sections: [
        {
          text: '1 run was already stored; nothing changed:',
          items: ['out/a.ipynb: run #3 of "sweep"']
        }
      ]
    },
    {
      case: 'a differing run, a duplicate, a skipped file, a secret and a warning',
      parts: {
        added: [file('out/a.ipynb', 5)],
        conflicting: [file('out/c.ipynb', 2), file('out/d.ipynb', 0)],
        duplicates: [{ path: 'copy.ipynb', sameAs: 'out/a.ipynb' }],
        skipped: [
          {
            path: 'x.ipynb',
            reason: '"x.ipynb" was not executed by papermill.'
          }
        ],
        redacted: [{ path: 'out/a.ipynb', names: ['api_key', 'token'] }],
        warnings: [
          { path: 'out/a.ipynb', messages: ['1 tracked cell did not run.'] }
        ]
      },
      title: 'Imported 1 Run',
      sections: [
        {
          text: '1 run added to experiment "sweep":',
          items: ['Run #5 (completed) from out/a.ipynb']
        },
        {
          text: '2 runs differ from the stored runs with the same ids; the stored runs were kept:',
          items: ['out/c.ipynb: run #2 of "sweep"', 'out/d.ipynb']
        },
        {
          text: '1 file holds the same run as another file of this import:',
          items: ['copy.ipynb (same as out/a.ipynb)']
        },
        {
          text: '1 file was skipped:',
          items: ['"x.ipynb" was not executed by papermill.']
        },
        {
          text: 'Parameters redacted as secrets:',
          items: ['out/a.ipynb: api_key, token']
        },
        {
          text: 'Warnings:',
          items: ['out/a.ipynb: 1 tracked cell did not run.']
        }
      ]
    },
    {
      case: 'only files that are no papermill output',
      parts: {
        skipped: [
          { path: 'a.ipynb', reason: 'A' },
          { path: 'b.ipynb', reason: 'B' }
        ]
      },
      title: 'Nothing Imported',
      sections: [{ text: '2 files were skipped:', items: ['A', 'B'] }]
    },
    {
      case: 'a store failure other than quota',
      parts: {
        storeError: { kind: 'other' as const, message: 'Version change' }
      },
      title: 'Import Failed',
      sections: [
        {
          text: 'The runs could not be stored: nothing was imported (Version change).',
          items: []
        }
      ]
    },
    {
      case: 'a cancelled import',
      parts: { cancelled: true },
      title: 'Import Cancelled',
      sections: [
        {
          text: 'The import was cancelled: nothing was imported.',
          items: []
        }
      ]
    }
  ])('$case', ({ parts, title, sections }) => {
    expect(describePapermillImport(outcome(parts), trans)).toEqual({
      title,
      sections
    });
  });

  it('lists a limited number of items and counts the rest', () => {
    const skipped = Array.from({ length: MAX_LISTED_ITEMS + 3 }, (_, i) => ({
      path: `f${i}.ipynb`,
      reason: `reason ${i}`
    }));
    const [section] = describePapermillImport(
      outcome({ skipped }),
      trans
    ).sections;
    expect(section.text).toBe(`${MAX_LISTED_ITEMS + 3} files were skipped:`);
    expect(section.items).toHaveLength(MAX_LISTED_ITEMS + 1);
    expect(section.items[0]).toBe('reason 0');
    expect(section.items[MAX_LISTED_ITEMS]).toBe('and 3 more');
  });
});

describe('describeRefusedPaths', () => {
  it('lists each refused path with its reason', () => {
    const messages = ['../../x.ipynb', 'C:\\a.ipynb'].map(path => {
      const checked = checkContentsPath(path, trans);
      expect(checked.ok).toBe(false);
      return (checked as { message: string }).message;
    });
    const message = describeRefusedPaths(messages, trans);
    expect(message.title).toBe('Nothing Imported');
    expect(message.sections).toEqual([
      {
        text: 'These paths are not notebooks on the Jupyter server; nothing was read or imported:',
        items: messages
      }
    ]);
    expect(messages[0]).toContain(
      '"../../x.ipynb" is not a file on the Jupyter server: it goes above the server’s root folder.'
    );
  });
});
