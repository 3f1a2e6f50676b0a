import {
  IKeyContext,
  IRowClick,
  keyIntent,
  rowClickIntent,
  selectAllIntent,
  SelectionIntent
} from './runSelection';

const RUNS = ['run-5', 'run-4', 'run-3', 'run-2', 'run-1'].map(id => ({ id }));

describe('rowClickIntent', () => {
  const plain = { shiftKey: false, additive: false, onCheckbox: false };
  const state = { focusedId: 'run-4', selection: new Set(['run-4']) };

  it.each<[string, Partial<IRowClick>, SelectionIntent]>([
    [
      'a plain click on another run selects it alone',
      { runId: 'run-2' },
      { kind: 'select', runId: 'run-2', scroll: false }
    ],
    [
      'a plain click on the only selected run opens it',
      { runId: 'run-4' },
      { kind: 'activate', runId: 'run-4', focus: false }
    ],
    [
      'Ctrl/Cmd toggles',
      { runId: 'run-4', additive: true },
      { kind: 'toggle', runId: 'run-4' }
    ],
    [
      'the row checkbox toggles',
      { runId: 'run-2', onCheckbox: true },
      { kind: 'toggle', runId: 'run-2' }
    ],
    [
      'Shift replaces the selection with the range',
      { runId: 'run-2', shiftKey: true },
      { kind: 'range', runId: 'run-2', extend: false, scroll: false }
    ],
    [
      'Ctrl/Cmd+Shift extends it',
      { runId: 'run-2', shiftKey: true, additive: true },
      { kind: 'range', runId: 'run-2', extend: true, scroll: false }
    ],
    [
      'Shift on a checkbox extends it',
      { runId: 'run-2', shiftKey: true, onCheckbox: true },
      { kind: 'range', runId: 'run-2', extend: true, scroll: false }
    ]
  ])('%s', (_, click, expected) => {
    expect(rowClickIntent({ runId: '', ...plain, ...click }, state)).toEqual(
      expected
    );
  });

  it('selects the focused run alone when others are selected too', () => {
    const several = {
      focusedId: 'run-4',
      selection: new Set(['run-4', 'run-2'])
    };
    expect(rowClickIntent({ runId: 'run-4', ...plain }, several)).toEqual({
      kind: 'select',
      runId: 'run-4',
      scroll: false
    });
  });

  it('selects a selected run that is not the focused one', () => {
    const unfocused = { focusedId: 'run-2', selection: new Set(['run-4']) };
    expect(rowClickIntent({ runId: 'run-4', ...plain }, unfocused)).toEqual({
      kind: 'select',
      runId: 'run-4',
      scroll: false
    });
  });
});

describe('selectAllIntent', () => {
  it.each<[number, number, SelectionIntent['kind']]>([
    [0, 5, 'selectAll'],
    [3, 5, 'selectAll'],
    [5, 5, 'clearSelection'],
    [0, 0, 'selectAll']
  ])('%i of %i selected: %s', (selected, total, kind) => {
    expect(selectAllIntent(selected, total)).toEqual({ kind });
  });
});

describe('keyIntent', () => {
  const context: IKeyContext = {
    runs: RUNS,
    focusedId: 'run-4',
    focusedIndex: 1,
    pageRows: 2
  };

  it.each<[string, boolean, SelectionIntent | null]>([
    ['ArrowDown', false, { kind: 'select', runId: 'run-3', scroll: true }],
    ['ArrowUp', false, { kind: 'select', runId: 'run-5', scroll: true }],
    ['PageDown', false, { kind: 'select', runId: 'run-2', scroll: true }],
    ['End', false, { kind: 'select', runId: 'run-1', scroll: true }],
    [
      'ArrowDown',
      true,
      { kind: 'range', runId: 'run-3', extend: false, scroll: true }
    ],
    [
      'Home',
      true,
      { kind: 'range', runId: 'run-5', extend: false, scroll: true }
    ],
    [' ', false, { kind: 'toggle', runId: 'run-4' }],
    ['Enter', false, { kind: 'activate', runId: 'run-4', focus: true }],
    ['Enter', true, { kind: 'activate', runId: 'run-4', focus: true }],
    ['a', false, null],
    ['Tab', false, null]
  ])('%j (Shift: %s)', (key, shiftKey, expected) => {
    expect(keyIntent(key, shiftKey, context)).toEqual(expected);
  });

  it('starts from the first run when none is focused', () => {
    const none = { ...context, focusedId: null, focusedIndex: -1 };
    expect(keyIntent('ArrowDown', false, none)).toEqual({
      kind: 'select',
      runId: 'run-5',
      scroll: true
    });
    expect(keyIntent('Enter', false, none)).toBeNull();
    expect(keyIntent(' ', false, none)).toBeNull();
  });

  it('ignores every key when there are no runs', () => {
    const empty = { ...context, runs: [], focusedId: null, focusedIndex: -1 };
    for (const key of ['ArrowDown', 'End', 'Enter', ' ']) {
      expect(keyIntent(key, false, empty)).toBeNull();
    }
  });
});
