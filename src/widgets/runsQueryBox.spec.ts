import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { parseRunQuery, type IRunQuery } from '../model/query/runQuery';
import { qualifierForms, QUALIFIERS } from '../model/query/runQueryMatch';
import { makeRunSummary } from './__tests__/testing';
import { RunsQueryBox } from './runsQueryBox';

const trans = nullTranslator.load('jupyterlab_runlog');

describe('RunsQueryBox', () => {
  let box: RunsQueryBox;
  let emitted: (IRunQuery | null)[];

  beforeEach(() => {
    box = new RunsQueryBox(trans);
    Widget.attach(box, document.body);
    emitted = [];
    box.queryChanged.connect((_, query) => emitted.push(query));
  });

  afterEach(() => box.dispose());

  const input = () => box.node.querySelector('input')!;
  const message = () =>
    box.node.querySelector('.jp-runlog-RunsQuery-message')!.textContent;

  function type(text: string, key = 'Enter'): void {
    input().value = text;
    input().dispatchEvent(new Event('input'));
    input().dispatchEvent(new KeyboardEvent('keydown', { key }));
  }

  it('names every qualifier the filter accepts in its help', () => {
    const help = input().title;
    const forms = QUALIFIERS.flatMap(qualifierForms);
    expect(forms).toEqual(
      expect.arrayContaining(['status:', 'tag:', 'origin:', 'is:partial'])
    );
    for (const form of forms) {
      expect(help).toContain(form);
    }
    // The two the help once left out, and every `is:` the parser takes.
    for (const value of QUALIFIERS.find(q => q.key === 'is')!.values!) {
      expect(parseRunQuery(`is:${value}`).ok).toBe(true);
      expect(help).toContain(`is:${value}`);
    }
    expect(help).toContain('is:redacted');
  });

  it('filters by a query that parses and says how many runs match', () => {
    type('lr > 0.0015');
    expect(emitted).toHaveLength(1);
    const query = emitted[0]!;
    expect(query.source).toBe('lr > 0.0015');
    expect(query.matches(makeRunSummary(2))).toBe(true);
    expect(query.matches(makeRunSummary(1))).toBe(false);
    box.setMatchCount(1, 2);
    expect(message()).toBe('1 of 2 runs match');
  });

  it('keeps the filter and explains a query that does not parse', () => {
    type('lr > 0.0015');
    box.setMatchCount(1, 2);
    type('lr >');
    expect(emitted).toHaveLength(1);
    expect(box.query?.source).toBe('lr > 0.0015');
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(message()).toMatch(
      /\(at character \d+\)\. The filter is unchanged\.$/
    );
    // The count does not hide the error.
    box.setMatchCount(1, 2);
    expect(message()).toMatch(/The filter is unchanged\.$/);
    // Fixed: filtered again, the error gone.
    type('lr > 0.0005');
    expect(emitted).toHaveLength(2);
    expect(input().hasAttribute('aria-invalid')).toBe(false);
  });

  it('clears the filter on Escape', () => {
    type('lr > 0.0015');
    type('lr > 0.0015', 'Escape');
    expect(input().value).toBe('');
    expect(emitted).toEqual([expect.anything(), null]);
    expect(message()).toBe('');
  });

  it('filters after a pause in typing, without Enter', async () => {
    jest.useFakeTimers();
    try {
      input().value = 'lr > 0.0015';
      input().dispatchEvent(new Event('input'));
      expect(emitted).toHaveLength(0);
      jest.advanceTimersByTime(200);
      expect(emitted).toHaveLength(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
