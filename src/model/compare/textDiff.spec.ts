import {
  diffLines,
  diffStats,
  MAX_DIFF_CELLS,
  outputsText,
  splitLines
} from './textDiff';

/** A diff as `  same`, `- removed`, `+ added` lines, for readable expectations. */
function render(before: string, after: string): string[] {
  const marks = { same: ' ', removed: '-', added: '+' };
  return diffLines(before, after).map(
    line => `${marks[line.kind]} ${line.text}`
  );
}

/** Rebuild each side from a diff: a diff must lose nothing. */
function sides(before: string, after: string): [string[], string[]] {
  const lines = diffLines(before, after);
  return [
    lines.filter(line => line.kind !== 'added').map(line => line.text),
    lines.filter(line => line.kind !== 'removed').map(line => line.text)
  ];
}

describe('splitLines', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['a', ['a']],
    ['a\n', ['a']],
    ['a\n\nb', ['a', '', 'b']],
    ['a\r\nb\rc\n', ['a', 'b', 'c']]
  ])('%j → %j', (text, expected) => {
    expect(splitLines(text)).toEqual(expected);
  });
});

describe('diffLines', () => {
  it.each<[string, string, string, string[]]>([
    ['identical texts', 'a\nb\n', 'a\nb\n', ['  a', '  b']],
    ['an added line', 'a\nc', 'a\nb\nc', ['  a', '+ b', '  c']],
    ['a removed line', 'a\nb\nc', 'a\nc', ['  a', '- b', '  c']],
    [
      'a changed line',
      'loss 0.5\ndone',
      'loss 0.4\ndone',
      ['- loss 0.5', '+ loss 0.4', '  done']
    ],
    ['from nothing', '', 'x\ny', ['+ x', '+ y']],
    ['to nothing', 'x\ny', '', ['- x', '- y']],
    [
      'moved block keeps the longest common part',
      'a\nb\nc\nd',
      'c\nd\na\nb',
      ['- a', '- b', '  c', '  d', '+ a', '+ b']
    ],
    [
      'changes at both ends',
      'epoch 1\nsame\nepoch 2',
      'epoch 3\nsame\nepoch 4',
      ['- epoch 1', '+ epoch 3', '  same', '- epoch 2', '+ epoch 4']
    ]
  ])('%s', (_, before, after, expected) => {
    expect(render(before, after)).toEqual(expected);
  });

  it('keeps every line of both sides, in order, with a maximal common part', () => {
    const before = 'x\na\nb\ny\nc\nz\nd';
    const after = 'a\nq\nb\nc\nd\nr';
    const [left, right] = sides(before, after);
    expect(left).toEqual(splitLines(before));
    expect(right).toEqual(splitLines(after));
    // a, b, c, d is the longest common subsequence (4 lines).
    const kept = diffLines(before, after).filter(line => line.kind === 'same');
    expect(kept.map(line => line.text)).toEqual(['a', 'b', 'c', 'd']);
    expect(diffStats(diffLines(before, after))).toEqual({
      added: 2,
      removed: 3
    });
  });

  it('falls back to removed-then-added when the changed middle is too large', () => {
    const size = Math.ceil(Math.sqrt(MAX_DIFF_CELLS)) + 1;
    const before = Array.from({ length: size }, (_, i) => `a${i}`).join('\n');
    const after = Array.from({ length: size }, (_, i) => `b${i}`).join('\n');
    const lines = diffLines(`head\n${before}\ntail`, `head\n${after}\ntail`);
    expect(lines[0]).toEqual({ kind: 'same', text: 'head' });
    expect(lines[1]).toEqual({ kind: 'removed', text: 'a0' });
    expect(lines[size + 1]).toEqual({ kind: 'added', text: 'b0' });
    expect(lines[lines.length - 1]).toEqual({ kind: 'same', text: 'tail' });
    expect(diffStats(lines)).toEqual({ added: size, removed: size });
  });
});

describe('outputsText', () => {
  it.each<[string, { [key: string]: unknown }[], string | null]>([
    ['no outputs', [], null],
    [
      'only an image',
      [{ output_type: 'display_data', data: { 'image/png': 'iVBOR' } }],
      null
    ],
    [
      'streams as strings and line lists',
      [
        { output_type: 'stream', name: 'stdout', text: 'epoch 1\n' },
        { output_type: 'stream', name: 'stdout', text: ['epoch 2\n', 'done\n'] }
      ],
      'epoch 1\nepoch 2\ndone\n'
    ],
    [
      'a result, ended with a newline',
      [{ output_type: 'execute_result', data: { 'text/plain': '0.93' } }],
      '0.93\n'
    ],
    [
      'an error traceback without colour codes',
      [
        {
          output_type: 'error',
          ename: 'ValueError',
          evalue: 'bad',
          traceback: ['\u001b[0;31mValueError\u001b[0m: bad']
        }
      ],
      'ValueError: bad\n'
    ]
  ])('%s', (_, outputs, expected) => {
    expect(outputsText(outputs)).toBe(expected);
  });
});
