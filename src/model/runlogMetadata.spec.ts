import {
  readNotebookRunlog,
  readRunlogMetadata,
  writeRunlogMetadata,
  type IRunlogMetadata
} from './runlogMetadata';

const NONE: IRunlogMetadata = {
  notebookId: null,
  experiment: null,
  redaction: true
};

describe('readRunlogMetadata', () => {
  it.each<[string, unknown, Partial<IRunlogMetadata>]>([
    ['absent', undefined, {}],
    ['null', null, {}],
    ['a text', 'nb-1', {}],
    ['a number', 7, {}],
    ['an array', [{ notebook_id: 'nb-1' }], {}],
    ['an empty object', {}, {}],
    ['an id', { notebook_id: 'nb-1' }, { notebookId: 'nb-1' }],
    ['an empty id', { notebook_id: '' }, {}],
    ['a numeric id', { notebook_id: 42 }, {}],
    ['an id that is an object', { notebook_id: { id: 'x' } }, {}],
    [
      'an id of spaces, kept as written',
      { notebook_id: ' ' },
      { notebookId: ' ' }
    ],
    [
      'a name, trimmed',
      { experiment: ' lr sweep ' },
      { experiment: 'lr sweep' }
    ],
    ['a blank name', { experiment: '   ' }, {}],
    ['a name that is not a text', { experiment: ['a'] }, {}],
    ['redaction off', { redaction: false }, { redaction: false }],
    ['redaction on', { redaction: true }, {}],
    ['redaction "false" (a text)', { redaction: 'false' }, {}],
    ['redaction 0', { redaction: 0 }, {}],
    [
      'everything, with other keys',
      { notebook_id: 'n', experiment: 'e', redaction: false, other: 1 },
      { notebookId: 'n', experiment: 'e', redaction: false }
    ]
  ])('%s', (_, value, expected) => {
    expect(readRunlogMetadata(value)).toEqual({ ...NONE, ...expected });
  });
});

describe('readNotebookRunlog', () => {
  it.each<[string, unknown, Partial<IRunlogMetadata>]>([
    ['no metadata', undefined, {}],
    ['metadata that is not an object', 'x', {}],
    ['metadata as an array', [{ runlog: { notebook_id: 'n' } }], {}],
    ['no runlog entry', { kernelspec: {} }, {}],
    ['a runlog entry', { runlog: { notebook_id: 'n' } }, { notebookId: 'n' }],
    ['a runlog entry with an empty id', { runlog: { notebook_id: '' } }, {}]
  ])('%s', (_, metadata, expected) => {
    expect(readNotebookRunlog(metadata)).toEqual({ ...NONE, ...expected });
  });
});

describe('writeRunlogMetadata', () => {
  it.each<
    [string, unknown, Parameters<typeof writeRunlogMetadata>[1], unknown]
  >([
    [
      'an id into nothing',
      undefined,
      { notebookId: 'n' },
      { notebook_id: 'n' }
    ],
    ['an id over a text', 'junk', { notebookId: 'n' }, { notebook_id: 'n' }],
    ['an id over an array', ['x'], { notebookId: 'n' }, { notebook_id: 'n' }],
    [
      'an id, other keys kept',
      { notebook_id: 'old', experiment: 'e', redaction: false, future: [1] },
      { notebookId: 'new' },
      { notebook_id: 'new', experiment: 'e', redaction: false, future: [1] }
    ],
    [
      'an id over a malformed one',
      { notebook_id: 3 },
      { notebookId: 'n' },
      { notebook_id: 'n' }
    ],
    [
      'redaction off, other keys kept',
      { notebook_id: 'n', extra: 'x' },
      { redaction: false },
      { notebook_id: 'n', extra: 'x', redaction: false }
    ],
    [
      'redaction back on removes the switch',
      { notebook_id: 'n', redaction: false },
      { redaction: true },
      { notebook_id: 'n' }
    ],
    [
      'redaction back on, nothing left',
      { redaction: false },
      { redaction: true },
      null
    ],
    ['nothing to change in nothing', undefined, {}, null],
    ['nothing to change', { extra: 1 }, {}, { extra: 1 }]
  ])('%s', (_, value, change, expected) => {
    expect(writeRunlogMetadata(value, change)).toEqual(expected);
  });

  it('does not change the entry it was given', () => {
    const entry = { notebook_id: 'n', redaction: false };
    writeRunlogMetadata(entry, { notebookId: 'm', redaction: true });
    expect(entry).toEqual({ notebook_id: 'n', redaction: false });
  });

  it('writes what it reads back', () => {
    const written = writeRunlogMetadata(
      { experiment: ' e ' },
      { notebookId: 'n', redaction: false }
    );
    expect(readRunlogMetadata(written)).toEqual({
      notebookId: 'n',
      experiment: 'e',
      redaction: false
    });
  });
});
