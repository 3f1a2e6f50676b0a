import {
  formatPythonFloat,
  formatPythonLiteral,
  parsePythonLiteral
} from './pythonLiteral';
import type { JSONValue } from '../types';

describe('parsePythonLiteral', () => {
  it.each<[string, JSONValue, string]>([
    // integers
    ['0', 0, 'int'],
    ['42', 42, 'int'],
    ['-7', -7, 'int'],
    ['+3', 3, 'int'],
    ['- 5', -5, 'int'],
    ['--2', 2, 'int'],
    ['-0', 0, 'int'],
    ['1_000_000', 1000000, 'int'],
    ['0x1F', 31, 'int'],
    ['0XfF', 255, 'int'],
    ['0o17', 15, 'int'],
    ['0b1010', 10, 'int'],
    ['0b_1010', 10, 'int'],
    ['000', 0, 'int'],
    ['9007199254740991', Number.MAX_SAFE_INTEGER, 'int'],
    // floats
    ['1.5', 1.5, 'float'],
    ['1.0', 1, 'float'],
    ['1e-3', 0.001, 'float'],
    ['.5', 0.5, 'float'],
    ['5.', 5, 'float'],
    ['-2.5E+4', -25000, 'float'],
    ['1_0.2_5', 10.25, 'float'],
    ['3e2', 300, 'float'],
    ['5.e1', 50, 'float'],
    ['007.5', 7.5, 'float'],
    // constants
    ['True', true, 'bool'],
    ['False', false, 'bool'],
    ['None', null, 'NoneType'],
    // strings
    ["'hello'", 'hello', 'str'],
    ['"hello"', 'hello', 'str'],
    ["''", '', 'str'],
    ['"it\'s"', "it's", 'str'],
    ["'a\\nb\\tc'", 'a\nb\tc', 'str'],
    ["'back\\\\slash'", 'back\\slash', 'str'],
    ["'\\'q\\''", "'q'", 'str'],
    ['"\\"q\\""', '"q"', 'str'],
    ["'\\x41\\u00e9\\U0001F600'", 'A\u00e9\u{1F600}', 'str'],
    ["'\\101\\0'", 'A\0', 'str'],
    ["'\\d+'", '\\d+', 'str'],
    ["r'\\d+\\n'", '\\d+\\n', 'str'],
    ["R'\\''", "\\'", 'str'],
    ["u'unicode'", 'unicode', 'str'],
    ["'''tri\nple'''", 'tri\nple', 'str'],
    ['"""say "hi" """', 'say "hi" ', 'str'],
    ["'a' 'b'", 'ab', 'str'],
    ["('multi'\n 'line')", 'multiline', 'str'],
    ["'a' r'\\b' \"c\"", 'a\\bc', 'str'],
    ["'line \\\ncontinued'", 'line continued', 'str'],
    ["'café ✓'", 'café ✓', 'str'],
    ["'# not a comment'", '# not a comment', 'str'],
    // containers
    ['[]', [], 'list'],
    ['[1, 2, 3]', [1, 2, 3], 'list'],
    ['[1, [2, [3]]]', [1, [2, [3]]], 'list'],
    ['[1, 2,]', [1, 2], 'list'],
    ['()', [], 'tuple'],
    ['(1,)', [1], 'tuple'],
    ['(1, "a", None)', [1, 'a', null], 'tuple'],
    ['1, 2', [1, 2], 'tuple'],
    ['1,', [1], 'tuple'],
    ['(1)', 1, 'int'],
    ['((1, 2))', [1, 2], 'tuple'],
    ['{}', {}, 'dict'],
    ["{'a': 1, 'b': [True, None]}", { a: 1, b: [true, null] }, 'dict'],
    ['{1: "x", 2.5: "y"}', { '1': 'x', '2.5': 'y' }, 'dict'],
    ["{'a': 1, 'a': 2}", { a: 2 }, 'dict'],
    ["{'a': {'b': {'c': 1}},}", { a: { b: { c: 1 } } }, 'dict'],
    ['{1, 2, 2, 3}', [1, 2, 3], 'set'],
    ['set()', [], 'set'],
    ['{(1, 2), 3}', [[1, 2], 3], 'set'],
    ['{1, True, 1.0}', [1], 'set'],
    [
      "{\n  'lr': 0.1,  # learning rate\n  'layers': [64, 32],\n}",
      { lr: 0.1, layers: [64, 32] },
      'dict'
    ],
    ['[\n  1,\n  2\n]', [1, 2], 'list'],
    ['  42  # trailing comment', 42, 'int'],
    ['\n42\n', 42, 'int'],
    ['[1, \\\n 2]', [1, 2], 'list']
  ])('%j -> %j (%s)', (text, value, type) => {
    expect(parsePythonLiteral(text)).toEqual({ ok: true, value, type });
  });

  it.each([
    ['', 'empty'],
    ['   # only a comment', 'empty'],
    ['x', 'name'],
    ['np.arange(3)', 'call'],
    ["float('inf')", 'call'],
    ["float('nan')", 'call'],
    ['1e400', 'overflow'],
    ['-1e400', 'overflow'],
    ['12345678901234567890', 'big int'],
    ['0x20000000000000', 'big hex'],
    ['1 + 2', 'arithmetic'],
    ['lr * 2', 'arithmetic'],
    ['1j', 'complex'],
    ['2 + 3j', 'complex'],
    ['007', 'leading zeros'],
    ['1__0', 'double underscore'],
    ['1_', 'trailing underscore'],
    ['0x', 'empty hex'],
    ['12abc', 'number glued to name'],
    ["b'bytes'", 'bytes'],
    ["f'{x}'", 'f-string'],
    ["'a' f'{x}'", 'f-string concatenated'],
    ["'\\N{BULLET}'", 'named escape'],
    ["'\\x4'", 'short hex escape'],
    ["'unterminated", 'unterminated'],
    ["'''unterminated", 'unterminated triple'],
    ["'line\nbreak'", 'newline in single-quoted string'],
    ['[1, 2', 'unclosed list'],
    ['[1 2]', 'missing comma'],
    ['(1, 2))', 'extra bracket'],
    ['{1: 2, 3}', 'dict mixed with set'],
    ['{[1]: 2}', 'list key'],
    ['{(1, 2): 3}', 'tuple key'],
    ['{True: 1}', 'bool key'],
    ['{None: 1}', 'None key'],
    ['{[1], [2]}', 'unhashable set member'],
    ['{(1, [2])}', 'tuple holding a list in a set'],
    ['-True', 'negated bool'],
    ["-'a'", 'negated string'],
    ['1\n2', 'two lines'],
    ['1,\n2', 'tuple across lines'],
    ['[1, 2] if x else []', 'conditional'],
    ['x = 1', 'assignment'],
    ['$', 'stray character'],
    ['1 \\ 2', 'stray backslash'],
    ['['.repeat(1000) + ']'.repeat(1000), 'too deep']
  ])('rejects %j (%s)', text => {
    const result = parsePythonLiteral(text);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason.length).toBeGreaterThan(0);
  });

  it('reads numpy scalar reprs only when asked', () => {
    const repr = "{'acc': np.float64(0.91), 'n': np.int64(-3)}";
    expect(parsePythonLiteral(repr)).toMatchObject({ ok: false });
    expect(parsePythonLiteral(repr, { numpyScalars: true })).toEqual({
      ok: true,
      value: { acc: 0.91, n: -3 },
      type: 'dict'
    });
    const notScalar = parsePythonLiteral('np.array([1])', {
      numpyScalars: true
    });
    expect(notScalar.ok).toBe(false);
  });

  it('keeps __proto__ as an ordinary key', () => {
    const result = parsePythonLiteral("{'__proto__': {'polluted': 1}}");
    expect(result.ok).toBe(true);
    const value = (result as { value: { [key: string]: JSONValue } }).value;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});

describe('formatPythonFloat', () => {
  it.each([
    [1, '1.0'],
    [0.1, '0.1'],
    [-2.5, '-2.5'],
    [100, '100.0'],
    [1234.5678, '1234.5678'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    [1.2345678901234567e22, '1.2345678901234568e+22'],
    [-0, '-0.0'],
    [5e-324, '5e-324'],
    [Infinity, "float('inf')"],
    [-Infinity, "-float('inf')"],
    [NaN, "float('nan')"]
  ])('%p -> %s', (value, text) => {
    expect(formatPythonFloat(value)).toBe(text);
  });
});

describe('formatPythonLiteral', () => {
  it.each<[JSONValue, string | undefined, string]>([
    [1, undefined, '1'],
    [1, 'float', '1.0'],
    [0.5, 'int', '0.5'],
    [-3, undefined, '-3'],
    [2 ** 60, undefined, '1.152921504606847e+18'],
    [2 ** 60, 'int', '1152921504606846976'],
    [true, undefined, 'True'],
    [false, undefined, 'False'],
    [null, undefined, 'None'],
    ['abc', undefined, "'abc'"],
    ["it's", undefined, '"it\'s"'],
    ['say "hi"', undefined, '\'say "hi"\''],
    ['both \' and "', undefined, "'both \\' and \"'"],
    ['tab\tnew\nline\\', undefined, "'tab\\tnew\\nline\\\\'"],
    ['\x00\x7f\u00a0\u2028', undefined, "'\\x00\\x7f\\xa0\\u2028'"],
    ['café ✓ \u{1F600}', undefined, "'café ✓ \u{1F600}'"],
    [[1, 'a'], undefined, "[1, 'a']"],
    [[1, 'a'], 'tuple', "(1, 'a')"],
    [[1], 'tuple', '(1,)'],
    [[], 'tuple', '()'],
    [[1, 2], 'set', '{1, 2}'],
    [[], 'set', 'set()'],
    [{}, undefined, '{}'],
    [{ a: 1, b: [true, null] }, 'dict', "{'a': 1, 'b': [True, None]}"]
  ])('%j as %s -> %s', (value, type, text) => {
    expect(formatPythonLiteral(value, type)).toBe(text);
  });

  it.each<[JSONValue, string | undefined]>([
    [0, undefined],
    [-0, undefined],
    [1, 'float'],
    [2 ** 60, undefined],
    [-1.5e-300, undefined],
    [123456.789, undefined],
    [Number.MAX_SAFE_INTEGER, undefined],
    ['', undefined],
    ['quote \' and " and \\ and \n and \u0001 and \u{1F600}', undefined],
    ['\ud800 lone surrogate', undefined],
    [[], undefined],
    [[1], 'tuple'],
    [[1, 'two', 3.5], 'set'],
    [{ nested: { list: [1, [2, { deep: null }]], flag: false } }, undefined],
    [{ '': 'empty key', '1': 'numeric key', 'a b': 'space' }, undefined],
    [JSON.parse('{"__proto__": 1}'), undefined]
  ])('round-trips %j (%s)', (value, type) => {
    const text = formatPythonLiteral(value, type);
    const parsed = parsePythonLiteral(text);
    expect(parsed).toEqual({
      ok: true,
      value,
      type: type ?? pythonType(value)
    });
  });

  it('round-trips random JSON values', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const randomValue = (depth: number): JSONValue => {
      const pick = Math.floor(random() * (depth > 2 ? 5 : 7));
      switch (pick) {
        case 0:
          return null;
        case 1:
          return random() < 0.5;
        case 2:
          return Math.floor((random() - 0.5) * 1e6);
        case 3:
          return (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
        case 4:
          return Array.from({ length: Math.floor(random() * 6) }, () =>
            String.fromCharCode(Math.floor(random() * 0x3000))
          ).join('');
        case 5:
          return Array.from({ length: Math.floor(random() * 4) }, () =>
            randomValue(depth + 1)
          );
        default: {
          const object: { [key: string]: JSONValue } = {};
          for (let i = Math.floor(random() * 4); i > 0; i--) {
            object['k' + Math.floor(random() * 100)] = randomValue(depth + 1);
          }
          return object;
        }
      }
    };
    for (let i = 0; i < 300; i++) {
      const value = randomValue(0);
      const parsed = parsePythonLiteral(formatPythonLiteral(value));
      expect(parsed).toMatchObject({ ok: true, value });
    }
  });
});

function pythonType(value: JSONValue): string {
  if (value === null) {
    return 'NoneType';
  }
  if (Array.isArray(value)) {
    return 'list';
  }
  switch (typeof value) {
    case 'number':
      return Number.isSafeInteger(value) && !Object.is(value, -0)
        ? 'int'
        : 'float';
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    default:
      return 'dict';
  }
}
