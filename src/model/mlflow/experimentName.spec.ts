import { experimentNameFor, notebookName } from './experimentName';
import { CUT_MARKER, MAX_EXPERIMENT_NAME_LENGTH } from './mlflowLimits';

const RUN = {
  notebook_path: 'projects/churn/train.ipynb',
  experiment: { id: 'nb-42', name: 'train' }
};

describe('experimentNameFor', () => {
  it.each([
    ['{notebook_path}', 'projects/churn/train.ipynb'],
    ['{notebook_name}', 'train'],
    ['{experiment_id}', 'nb-42'],
    ['team/{notebook_name} ({experiment_id})', 'team/train (nb-42)'],
    ['/Users/ada@example.org/{notebook_name}', '/Users/ada@example.org/train'],
    // Unknown placeholders and other braces are kept as written.
    ['{user}/{notebook_name}', '{user}/train'],
    ['  padded {notebook_name}  ', 'padded train'],
    ['line\nbreak {notebook_name}', 'line break train'],
    // Nothing or only blanks: the default template.
    ['', 'projects/churn/train.ipynb'],
    ['   ', 'projects/churn/train.ipynb']
  ])('template %j gives %j', (template, name) => {
    expect(experimentNameFor(template, RUN)).toBe(name);
  });

  it('falls back to the notebook path, then the experiment id, never empty', () => {
    const noPath = { notebook_path: '', experiment: { id: 'nb-7', name: '' } };
    expect(experimentNameFor('{notebook_path}', noPath)).toBe('nb-7');
    expect(experimentNameFor('{notebook_name}', RUN)).toBe('train');
    expect(experimentNameFor('{notebook_name}', noPath)).toBe('nb-7');
    const nothing = { notebook_path: ' ', experiment: { id: '', name: '' } };
    expect(experimentNameFor('{experiment_id}', nothing)).toBe('runlog');
  });

  it('keeps the end of a name over the length limit', () => {
    const path = `${'deep/'.repeat(100)}final.ipynb`;
    const name = experimentNameFor('{notebook_path}', {
      notebook_path: path,
      experiment: { id: 'x', name: '' }
    });
    expect(name.length).toBe(MAX_EXPERIMENT_NAME_LENGTH);
    expect(name.startsWith(CUT_MARKER)).toBe(true);
    expect(name.endsWith('/final.ipynb')).toBe(true);
  });

  it('accepts a name exactly at the limit unchanged', () => {
    const path = 'p'.repeat(MAX_EXPERIMENT_NAME_LENGTH);
    expect(
      experimentNameFor('', { notebook_path: path, experiment: RUN.experiment })
    ).toBe(path);
  });
});

describe('notebookName', () => {
  it.each([
    ['train.ipynb', 'train'],
    ['a/b/Train.IPYNB', 'Train'],
    ['win\\dir\\eval.ipynb', 'eval'],
    ['notes.txt', 'notes.txt'],
    ['.ipynb', '.ipynb'],
    ['folder/', 'folder']
  ])('%j → %j', (path, name) => {
    expect(notebookName(path)).toBe(name);
  });
});
