import { nullTranslator } from '@jupyterlab/translation';
import type { IRunAnnotations, IRunRecord } from '../model/types';
import { makeRunRecord } from './__tests__/testing';
import {
  annotationEdit,
  describeChange,
  parseTags,
  renderAnnotations
} from './runAnnotations';

const trans = nullTranslator.load('jupyterlab_runlog');

function rendered(run: IRunRecord, saved: Partial<IRunAnnotations>[]) {
  const node = renderAnnotations({
    run,
    trans,
    save: async change => {
      saved.push(change);
    }
  });
  document.body.replaceChildren(node);
  return {
    node,
    star: node.querySelector<HTMLButtonElement>('button')!,
    tags: node.querySelector<HTMLInputElement>('input')!,
    note: node.querySelector<HTMLTextAreaElement>('textarea')!
  };
}

describe('renderAnnotations', () => {
  it('saves a star, tags on Enter and the note on leaving it, only when changed', () => {
    const saved: Partial<IRunAnnotations>[] = [];
    const { star, tags, note } = rendered(makeRunRecord(3), saved);
    expect(star.getAttribute('aria-label')).toBe('Star run 3');
    star.click();
    tags.value = ' baseline ,, best ';
    tags.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    note.dispatchEvent(new FocusEvent('blur'));
    note.value = 'Tried the paper’s alpha.';
    note.dispatchEvent(new FocusEvent('blur'));
    expect(saved).toEqual([
      { starred: true },
      { tags: ['baseline', 'best'] },
      { note: 'Tried the paper’s alpha.' }
    ]);
  });

  it('says when a change could not be saved', async () => {
    const node = renderAnnotations({
      run: makeRunRecord(1),
      trans,
      save: () => Promise.reject(new Error('The note is too long'))
    });
    node.querySelector('button')!.click();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(
      node.querySelector('.jp-runlog-RunAnnotations-status')!.textContent
    ).toBe('Not saved: The note is too long');
  });

  it('lists the history newest first', () => {
    const run = makeRunRecord(1, {
      annotations: { note: '', tags: ['a'], starred: true },
      history: [
        {
          at: '2026-11-27T10:00:00Z',
          user: 'ada',
          field: 'starred',
          from: false,
          to: true
        },
        {
          at: '2026-11-27T11:00:00Z',
          user: null,
          field: 'tags',
          from: [],
          to: ['a']
        }
      ]
    });
    const { node } = rendered(run, []);
    const items = [...node.querySelectorAll('li')].map(li => li.textContent);
    expect(node.querySelector('summary')!.textContent).toBe('History (2)');
    expect(items[0]).toMatch(/Someone set the tags to a$/);
    expect(items[1]).toMatch(/ada starred the run$/);
  });

  it.each([
    ['a, b ,, c', ['a', 'b', 'c']],
    ['', []],
    [' , ', []]
  ])('parses the tags %j', (text, tags) => {
    expect(parseTags(text)).toEqual(tags);
  });

  it('describes removals too', () => {
    const base = { at: '2026-11-27T10:00:00Z', user: 'bo' };
    expect(
      describeChange(
        { ...base, field: 'starred', from: true, to: false },
        trans
      )
    ).toBe('bo removed the star');
    expect(
      describeChange({ ...base, field: 'note', from: 'x', to: '' }, trans)
    ).toBe('bo removed the note');
  });
});

describe('annotationEdit', () => {
  it('puts unsaved typing, the caret and the focus back after a re-render', () => {
    const run = makeRunRecord(1);
    const first = rendered(run, []);
    first.note.focus();
    first.note.value = 'half a thought';
    first.note.setSelectionRange(4, 4);
    const restore = annotationEdit(document.body)!;
    const second = rendered(run, []);
    restore();
    expect(second.note.value).toBe('half a thought');
    expect(document.activeElement).toBe(second.note);
    expect(second.note.selectionStart).toBe(4);
  });

  it('shows saved text as stored, keeping only the focus', () => {
    const saved: Partial<IRunAnnotations>[] = [];
    const first = rendered(makeRunRecord(1), saved);
    first.tags.focus();
    first.tags.value = 'b, a, b';
    first.tags.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    const restore = annotationEdit(document.body)!;
    const stored = makeRunRecord(1, {
      annotations: { note: '', tags: ['b', 'a'], starred: false }
    });
    const second = rendered(stored, []);
    restore();
    expect(second.tags.value).toBe('b, a');
    expect(document.activeElement).toBe(second.tags);
  });
});
