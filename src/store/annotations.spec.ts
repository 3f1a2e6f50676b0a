import type { IRunAnnotations } from '../model/types';
import {
  applyAnnotationChange,
  keepStoredAnnotations,
  MAX_HISTORY,
  MAX_TAGS,
  normaliseAnnotationChange,
  NOTE_MAX_LENGTH,
  TAG_MAX_LENGTH
} from './annotations';
import { makeRun } from './__tests__/fixtures';

describe('normaliseAnnotationChange', () => {
  it.each<[string, Partial<IRunAnnotations>, Partial<IRunAnnotations>]>([
    ['nothing', {}, {}],
    [
      'trailing whitespace of a note only',
      { note: '  indented\nline \n\t ' },
      { note: '  indented\nline' }
    ],
    ['a blank note to empty', { note: ' \n ' }, { note: '' }],
    [
      'tags: trimmed, blanks dropped, duplicates dropped, order kept',
      { tags: [' best ', '', 'adam', '  ', 'best', 'Adam', 'adam '] },
      { tags: ['best', 'adam', 'Adam'] }
    ],
    ['a star', { starred: true }, { starred: true }],
    [
      'every field at once',
      { note: 'x ', tags: ['a'], starred: false },
      { note: 'x', tags: ['a'], starred: false }
    ]
  ])('normalises %s', (_, change, expected) => {
    expect(normaliseAnnotationChange(change)).toEqual(expected);
  });

  it('cuts long tags and keeps at most MAX_TAGS', () => {
    const long = 'x'.repeat(TAG_MAX_LENGTH + 20);
    const many = Array.from({ length: MAX_TAGS + 5 }, (_, i) => `t${i}`);
    const { tags } = normaliseAnnotationChange({ tags: [long, ...many] });
    expect(tags).toHaveLength(MAX_TAGS);
    expect(tags?.[0]).toBe('x'.repeat(TAG_MAX_LENGTH));
    expect(tags?.[MAX_TAGS - 1]).toBe(`t${MAX_TAGS - 2}`);
  });

  it('counts tag length in code points and never cuts a surrogate pair', () => {
    const whole = 'a'.repeat(TAG_MAX_LENGTH - 1) + '😀';
    const over = '😀'.repeat(TAG_MAX_LENGTH) + 'b';
    const { tags } = normaliseAnnotationChange({ tags: [whole, over] });
    expect(tags).toEqual([whole, '😀'.repeat(TAG_MAX_LENGTH)]);
  });

  it('accepts a note of the limit in code points, however many UTF-16 units', () => {
    const note = '😀'.repeat(NOTE_MAX_LENGTH);
    expect(normaliseAnnotationChange({ note }).note).toBe(note);
    expect(() => normaliseAnnotationChange({ note: note + 'x' })).toThrow(
      /at most 100000 characters; this one has 100001/
    );
  });

  it('accepts a note of exactly the limit, trailing space aside', () => {
    const note = 'n'.repeat(NOTE_MAX_LENGTH);
    expect(normaliseAnnotationChange({ note: note + '   ' }).note).toBe(note);
  });

  it.each<[string, unknown, RegExp]>([
    [
      'a note over the limit',
      { note: 'n'.repeat(NOTE_MAX_LENGTH + 1) },
      /at most 100000 characters/
    ],
    ['a note that is not text', { note: 3 }, /note must be a string/],
    ['tags that are not a list', { tags: 'a, b' }, /list of strings/],
    ['a tag that is not text', { tags: ['a', 2] }, /list of strings/],
    ['a star that is not a boolean', { starred: 'yes' }, /true or false/]
  ])('rejects %s', (_, change, message) => {
    expect(() =>
      normaliseAnnotationChange(change as Partial<IRunAnnotations>)
    ).toThrow(message);
  });
});

describe('applyAnnotationChange', () => {
  const at = '2026-01-02T03:04:05.000Z';

  it('records one entry per changed field with from, to, user and time', () => {
    const run = makeRun({
      annotations: { note: 'old', tags: ['a'], starred: false }
    });
    const changed = applyAnnotationChange(
      run,
      { note: 'new', tags: ['a'], starred: true },
      'ada',
      at
    );
    expect(changed?.annotations).toEqual({
      note: 'new',
      tags: ['a'],
      starred: true
    });
    expect(changed?.history).toEqual([
      { at, user: 'ada', field: 'note', from: 'old', to: 'new' },
      { at, user: 'ada', field: 'starred', from: false, to: true }
    ]);
    expect(changed?.updated_at).toBe(at);
    // The stored record given is not changed in place.
    expect(run.annotations.note).toBe('old');
    expect(run.history).toBeUndefined();
  });

  it('appends to the existing history and counts reordered tags as a change', () => {
    const first = applyAnnotationChange(
      makeRun(),
      { tags: ['a', 'b'] },
      null,
      at
    );
    const second = applyAnnotationChange(
      first!,
      { tags: ['b', 'a'] },
      null,
      at
    );
    expect(second?.history?.map(entry => [entry.from, entry.to])).toEqual([
      [[], ['a', 'b']],
      [
        ['a', 'b'],
        ['b', 'a']
      ]
    ]);
  });

  it('keeps the newest MAX_HISTORY changes, as a bundle may hold', () => {
    const full = Array.from({ length: MAX_HISTORY }, (_, i) => ({
      at,
      user: null,
      field: 'starred' as const,
      from: i % 2 === 1,
      to: i % 2 === 0
    }));
    const run = makeRun({ history: full });
    const changed = applyAnnotationChange(run, { note: 'last' }, 'ada', at);
    expect(changed?.history).toHaveLength(MAX_HISTORY);
    expect(changed?.history?.[0]).toBe(full[1]);
    expect(changed?.history?.[MAX_HISTORY - 1]).toMatchObject({
      field: 'note',
      to: 'last'
    });
  });

  it('returns null when nothing changes', () => {
    const run = makeRun({
      annotations: { note: 'n', tags: ['a'], starred: true }
    });
    expect(
      applyAnnotationChange(
        run,
        { note: 'n', tags: ['a'], starred: true },
        'ada',
        at
      )
    ).toBeNull();
    expect(applyAnnotationChange(run, {}, 'ada', at)).toBeNull();
  });
});

describe('keepStoredAnnotations', () => {
  it('takes annotations and history from the stored run', () => {
    const stored = makeRun({
      annotations: { note: 'kept', tags: ['t'], starred: true },
      history: [{ at: 'x', user: null, field: 'note', from: '', to: 'kept' }]
    });
    const incoming = { ...stored, status: 'failed' as const };
    delete incoming.history;
    incoming.annotations = { note: '', tags: [], starred: false };
    const kept = keepStoredAnnotations(incoming, stored);
    expect(kept.annotations).toEqual(stored.annotations);
    expect(kept.history).toEqual(stored.history);
    expect(kept.status).toBe('failed');
  });

  it('drops an incoming history when the stored run has none', () => {
    const stored = makeRun();
    const incoming = {
      ...stored,
      history: [
        {
          at: 'x',
          user: null,
          field: 'starred' as const,
          from: false,
          to: true
        }
      ]
    };
    expect(keepStoredAnnotations(incoming, stored)).not.toHaveProperty(
      'history'
    );
  });

  it('leaves a new run as it is', () => {
    const run = makeRun({
      annotations: { note: 'n', tags: [], starred: true }
    });
    expect(keepStoredAnnotations(run, undefined)).toBe(run);
  });
});
