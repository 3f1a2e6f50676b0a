import { findTooDeepNesting } from './jsonNesting';

describe('findTooDeepNesting', () => {
  it.each<[string, number, number | null, (string | number)[] | null]>([
    ['{}', 1, null, null],
    ['{"a":[]}', 1, 5, ['a']],
    ['{"a":[]}', 2, null, null],
    ['[[1],[2,[3]]]', 2, 8, [1, 1]],
    ['[[1],[2,[3]]]', 3, null, null],
    // Brackets and escaped quotes inside strings do not count.
    ['{"a":"[[[[\\"{{{{"}', 1, null, null],
    ['["\\\\",["x"]]', 1, 6, [1]],
    ['{"k\\"ey":{"b":{}}}', 2, 14, ['k"ey', 'b']],
    ['{"x":1,"y\\u0041":[{}]}', 2, 18, ['yA', 0]],
    // Not JSON: an answer, no failure.
    ['"unterminated [[[', 1, null, null],
    [']]]][[', 1, null, null],
    // Characters of more than one UTF-8 byte: offsets stay the text's.
    ['{"é😀":{"中":[]}}', 2, 12, ['é😀', '中']],
    ['["\\\\é\\"",[["\ud800"]]]', 2, 10, [1, 0]],
    ['"unterminated \\', 1, null, null]
  ])('scans %s with a limit of %i', (text, maxDepth, position, path) => {
    const found = findTooDeepNesting(text, maxDepth);
    expect(found && found.position).toBe(position);
    expect(found && found.path).toEqual(path);
    // The same answer when the scan reads the UTF-8 bytes.
    const utf8 = new TextEncoder().encode(text);
    expect(findTooDeepNesting(text, maxDepth, utf8)).toEqual(found);
  });

  it('finds a 100,000-deep array without recursion', () => {
    const text = '['.repeat(100_000) + ']'.repeat(100_000);
    const found = findTooDeepNesting(text, 64);
    expect(found?.position).toBe(64);
    expect(found?.path).toEqual(new Array(64).fill(0));
  });
});
