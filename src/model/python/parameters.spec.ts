import { parseParameters } from './parameters';
import type { IParamRecord, JSONValue } from '../types';

/** A parameter whose value was read from a literal. */
function literal(value: JSONValue, type: string, source: string): IParamRecord {
  return { value, source, type, origin: 'source', exact: true };
}

/** A parameter whose right side is not a literal. */
function expression(source: string, type = 'expression'): IParamRecord {
  return { value: null, source, type, origin: 'source', exact: false };
}

type Params = { [name: string]: IParamRecord };

describe('parseParameters: values', () => {
  it.each<[string, string, Params]>([
    // numbers
    ['int', 'a = 1', { a: literal(1, 'int', '1') }],
    ['negative int', 'a = -1', { a: literal(-1, 'int', '-1') }],
    ['no spaces', 'a=1', { a: literal(1, 'int', '1') }],
    ['trailing spaces', 'a =   7   ', { a: literal(7, 'int', '7') }],
    ['underscores', 'n = 1_000', { n: literal(1000, 'int', '1_000') }],
    ['hex', 'mask = 0xff', { mask: literal(255, 'int', '0xff') }],
    ['float', 'lr = 0.01', { lr: literal(0.01, 'float', '0.01') }],
    ['scientific', 'lr = 1e-3', { lr: literal(0.001, 'float', '1e-3') }],
    [
      'signed scientific',
      'x = -2.5E+4',
      { x: literal(-25000, 'float', '-2.5E+4') }
    ],
    ['leading dot', 'p = .5', { p: literal(0.5, 'float', '.5') }],
    ['trailing dot', 'p = 5.', { p: literal(5, 'float', '5.') }],
    ['whole float', 'p = 1.0', { p: literal(1, 'float', '1.0') }],
    // strings
    ['single quotes', "s = 'hi'", { s: literal('hi', 'str', "'hi'") }],
    ['double quotes', 's = "hi"', { s: literal('hi', 'str', '"hi"') }],
    [
      'escaped quote',
      "s = 'it\\'s'",
      { s: literal("it's", 'str', "'it\\'s'") }
    ],
    [
      'escapes',
      "s = 'a\\tb\\n'",
      { s: literal('a\tb\n', 'str', "'a\\tb\\n'") }
    ],
    ['raw', "s = r'\\d+'", { s: literal('\\d+', 'str', "r'\\d+'") }],
    [
      'triple-quoted over lines',
      's = """first\nsecond"""',
      { s: literal('first\nsecond', 'str', '"""first\nsecond"""') }
    ],
    [
      'triple-quoted with = and # inside',
      "s = '''a = 1\n# not a comment'''\nb = 2",
      {
        s: literal(
          'a = 1\n# not a comment',
          'str',
          "'''a = 1\n# not a comment'''"
        ),
        b: literal(2, 'int', '2')
      }
    ],
    ['concatenated', "s = 'a' 'b'", { s: literal('ab', 'str', "'a' 'b'") }],
    [
      'hash inside string',
      "s = 'has # hash'  # real comment",
      { s: literal('has # hash', 'str', "'has # hash'") }
    ],
    [
      'semicolon inside string',
      's = "a;b"',
      { s: literal('a;b', 'str', '"a;b"') }
    ],
    ['unicode', "s = 'café ✓'", { s: literal('café ✓', 'str', "'café ✓'") }],
    ['f-string', "s = f'{x}'", { s: expression("f'{x}'") }],
    ['bytes', "s = b'x'", { s: expression("b'x'") }],
    // constants
    ['True', 'flag = True', { flag: literal(true, 'bool', 'True') }],
    ['False', 'flag = False', { flag: literal(false, 'bool', 'False') }],
    ['None', 'x = None', { x: literal(null, 'NoneType', 'None') }],
    // containers
    ['list', 'xs = [1, 2, 3]', { xs: literal([1, 2, 3], 'list', '[1, 2, 3]') }],
    ['empty list', 'xs = []', { xs: literal([], 'list', '[]') }],
    ['tuple', 't = (1, 2)', { t: literal([1, 2], 'tuple', '(1, 2)') }],
    ['bare tuple', 't = 1, 2', { t: literal([1, 2], 'tuple', '1, 2') }],
    [
      'dict',
      "d = {'a': 1, 'b': [2]}",
      { d: literal({ a: 1, b: [2] }, 'dict', "{'a': 1, 'b': [2]}") }
    ],
    ['empty dict', 'd = {}', { d: literal({}, 'dict', '{}') }],
    [
      'list over lines with comments',
      'layers = [\n    64,  # first\n    32,  # second\n]',
      {
        layers: literal(
          [64, 32],
          'list',
          '[\n    64,  # first\n    32,  # second\n]'
        )
      }
    ],
    [
      'dict over lines with = inside strings',
      "cfg = {\n  'op': '=',\n  'n': 2,\n}\nk = 1",
      {
        cfg: literal(
          { op: '=', n: 2 },
          'dict',
          "{\n  'op': '=',\n  'n': 2,\n}"
        ),
        k: literal(1, 'int', '1')
      }
    ],
    // annotations
    ['annotated int', 'x: int = 5', { x: literal(5, 'int', '5') }],
    ['literal type wins', 'x: float = 5', { x: literal(5, 'int', '5') }],
    [
      'annotation kept for non-literal',
      'x: np.ndarray = np.zeros(3)',
      { x: expression('np.zeros(3)', 'np.ndarray') }
    ],
    [
      'generic annotation',
      "x: Dict[str, int] = {'a': 1}",
      { x: literal({ a: 1 }, 'dict', "{'a': 1}") }
    ],
    ['annotation without value', 'x: int', {}],
    // comments and blank lines
    ['comment only', '# a = 1', {}],
    ['trailing comment', 'a = 1  # one', { a: literal(1, 'int', '1') }],
    ['comment after =', 'a = 1 # b = 2', { a: literal(1, 'int', '1') }],
    [
      'comments and blank lines around',
      '# header\n\n\na = 1\n\n# footer\n',
      { a: literal(1, 'int', '1') }
    ],
    // multi-line expressions
    ['backslash continuation', 'a = \\\n    5', { a: literal(5, 'int', '5') }],
    [
      'continued string concatenation',
      "s = 'a' \\\n    'b'",
      { s: literal('ab', 'str', "'a' \\\n    'b'") }
    ],
    [
      'parenthesised over lines',
      "s = (\n  'a'\n  'b'\n)",
      { s: literal('ab', 'str', "(\n  'a'\n  'b'\n)") }
    ],
    [
      'windows line endings',
      'a = 1\r\nb = 2\r\n',
      {
        a: literal(1, 'int', '1'),
        b: literal(2, 'int', '2')
      }
    ],
    // several names in one statement
    [
      'chained',
      'a = b = 1',
      { a: literal(1, 'int', '1'), b: literal(1, 'int', '1') }
    ],
    [
      'unpacking',
      'a, b = 1, 2',
      { a: literal(1, 'int', '1'), b: literal(2, 'int', '2') }
    ],
    [
      'unpacking with brackets',
      "(a, b) = ('x', [1])",
      { a: literal('x', 'str', "'x'"), b: literal([1], 'list', '[1]') }
    ],
    [
      'unpacking a list display',
      '[a, b] = [1.5, None]',
      { a: literal(1.5, 'float', '1.5'), b: literal(null, 'NoneType', 'None') }
    ],
    ['single-name unpacking', 'a, = [1]', { a: literal(1, 'int', '1') }],
    [
      'nested tuple elements',
      'a, b = (1, 2), (3, 4)',
      {
        a: literal([1, 2], 'tuple', '(1, 2)'),
        b: literal([3, 4], 'tuple', '(3, 4)')
      }
    ],
    [
      'unpacking length mismatch',
      'a, b = 1, 2, 3',
      { a: expression('1, 2, 3'), b: expression('1, 2, 3') }
    ],
    [
      'unpacking a name',
      'a, b = pair',
      { a: expression('pair'), b: expression('pair') }
    ],
    [
      'unpacking a partly literal tuple',
      'a, b = 1, f()',
      { a: literal(1, 'int', '1'), b: expression('f()') }
    ],
    [
      'starred unpacking',
      'a, *rest = 1, 2, 3',
      { a: expression('1, 2, 3'), rest: expression('1, 2, 3') }
    ],
    [
      'chained name and unpacking',
      'a = b, c = 1, 2',
      {
        a: literal([1, 2], 'tuple', '1, 2'),
        b: literal(1, 'int', '1'),
        c: literal(2, 'int', '2')
      }
    ],
    [
      'parenthesised name is not unpacking',
      '(a) = (1, 2)',
      { a: literal([1, 2], 'tuple', '(1, 2)') }
    ],
    [
      'semicolons',
      'a = 1; b = "x"; c = None',
      {
        a: literal(1, 'int', '1'),
        b: literal('x', 'str', '"x"'),
        c: literal(null, 'NoneType', 'None')
      }
    ],
    [
      'semicolons around a call',
      'a = 1; print(a); b = 2;',
      { a: literal(1, 'int', '1'), b: literal(2, 'int', '2') }
    ],
    [
      'later assignment wins',
      'x = 1\nx = "two"',
      { x: literal('two', 'str', '"two"') }
    ],
    ['unicode name', 'α = 0.5', { α: literal(0.5, 'float', '0.5') }],
    // non-literal right sides
    ['call', 'x = np.arange(3)', { x: expression('np.arange(3)') }],
    ['arithmetic', 'y = lr * 2', { y: expression('lr * 2') }],
    ['name', 'z = other', { z: expression('other') }],
    ['inf', "x = float('inf')", { x: expression("float('inf')") }],
    [
      'huge int',
      'x = 12345678901234567890',
      { x: expression('12345678901234567890') }
    ],
    [
      'lambda with default',
      'f = lambda x=1: x',
      { f: expression('lambda x=1: x') }
    ],
    [
      'keyword arguments',
      'm = dict(a=1, b=2)',
      { m: expression('dict(a=1, b=2)') }
    ],
    ['comparison', 'ok = a == b', { ok: expression('a == b') }],
    [
      'conditional',
      'x = 1 if fast else 2',
      { x: expression('1 if fast else 2') }
    ],
    ['shell capture', 'files = !ls', { files: expression('!ls') }],
    ['item target in chain', 'a = obj.x = 3', { a: literal(3, 'int', '3') }],
    [
      'unclosed bracket swallows the rest',
      'a = [1, 2\nb = 3',
      { a: expression('[1, 2\nb = 3') }
    ],
    // skipped statements
    ['import', 'import numpy as np\nfrom x import y', {}],
    ['call statement', 'print("a = 1")', {}],
    ['keyword argument call', 'run(a=1)', {}],
    ['if block', 'if True:\n    a = 1\nb = 2', { b: literal(2, 'int', '2') }],
    ['one-line if', 'if x: a = 1; b = 2', {}],
    ['one-line for', 'for i in range(3): x = i', {}],
    ['one-line with', 'with open(f) as g: h = 1', {}],
    ['function', 'def f(x=1):\n    y = 2\n    return y', {}],
    ['class', 'class A:\n    x = 1\ny = 2', { y: literal(2, 'int', '2') }],
    [
      'try/except',
      'try:\n    a = 1\nexcept Exception:\n    a = 2\nb = 3',
      { b: literal(3, 'int', '3') }
    ],
    ['decorator', '@decorator\ndef f(): pass', {}],
    ['indented', '    a = 1', {}],
    ['tab-indented', '\ta = 1', {}],
    ['line magic', '%matplotlib inline\na = 1', { a: literal(1, 'int', '1') }],
    ['cell magic', '%%time\na = 1', { a: literal(1, 'int', '1') }],
    ['shell line', '!pip install x\na = 1', { a: literal(1, 'int', '1') }],
    ['help line', 'np.array?', {}],
    ['equality', 'a == 1', {}],
    ['augmented', 'a += 1\nb -= 2\nc **= 3', {}],
    ['comparisons', 'a <= 1\nb >= 2\nc != 3', {}],
    ['walrus', '(x := 5)', {}],
    ['attribute target', 'obj.attr = 1', {}],
    ['subscript target', 'd["k"] = 1', {}],
    ['keyword target', 'None = 1', {}],
    ['docstring', '"""a = 1"""\nb = 2', { b: literal(2, 'int', '2') }],
    ['empty right side', 'a =', {}],
    ['empty cell', '', {}]
  ])('%s', (_name, source, params) => {
    expect(parseParameters(source).params).toEqual(params);
  });

  it('keeps __proto__ as an ordinary parameter name', () => {
    const { params } = parseParameters('__proto__ = {"polluted": 1}');
    expect(Object.keys(params)).toEqual(['__proto__']);
    expect(params['__proto__'].value).toEqual({ polluted: 1 });
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });
});

describe('parseParameters: assignments', () => {
  const cell = [
    '# Parameters',
    'lr = 0.01  # learning rate',
    'layers = [',
    '    64,',
    '    32,',
    ']',
    'name: str = "run"',
    'a = b = 2',
    'x, y = 1, (2, 3)',
    'if debug:',
    '    lr = 1',
    'seed = 1; tag = \\',
    '  "v1"'
  ].join('\n');

  it('lists assignments in order with their lines and annotations', () => {
    const { assignments } = parseParameters(cell);
    expect(
      assignments.map(({ name, source, startLine, endLine, annotation }) => ({
        name,
        source,
        startLine,
        endLine,
        annotation
      }))
    ).toEqual([
      { name: 'lr', source: '0.01', startLine: 1, endLine: 1 },
      {
        name: 'layers',
        source: '[\n    64,\n    32,\n]',
        startLine: 2,
        endLine: 5
      },
      {
        name: 'name',
        source: '"run"',
        startLine: 6,
        endLine: 6,
        annotation: 'str'
      },
      { name: 'a', source: '2', startLine: 7, endLine: 7 },
      { name: 'b', source: '2', startLine: 7, endLine: 7 },
      { name: 'x', source: '1', startLine: 8, endLine: 8 },
      { name: 'y', source: '(2, 3)', startLine: 8, endLine: 8 },
      { name: 'seed', source: '1', startLine: 11, endLine: 11 },
      { name: 'tag', source: '"v1"', startLine: 11, endLine: 12 }
    ]);
  });

  it('gives offsets that locate each source in the cell text', () => {
    const { assignments } = parseParameters(cell);
    for (const assignment of assignments) {
      expect(cell.slice(assignment.from, assignment.to)).toBe(
        assignment.source
      );
    }
    const lr = assignments[0];
    // Replacing the range rewrites the value and keeps the comment.
    const rewritten = cell.slice(0, lr.from) + '0.5' + cell.slice(lr.to);
    expect(rewritten.split('\n')[1]).toBe('lr = 0.5  # learning rate');
  });

  it('records each assignment even when a later one wins in params', () => {
    const result = parseParameters('x = 1\ny = 2\nx = 3');
    expect(result.assignments.map(a => [a.name, a.source])).toEqual([
      ['x', '1'],
      ['y', '2'],
      ['x', '3']
    ]);
    expect(result.params.x.value).toBe(3);
  });
});

describe('parseParameters: robustness', () => {
  const alphabet = [
    'a',
    'b',
    '_',
    '1',
    '0',
    '.',
    'e',
    '-',
    '+',
    '=',
    '==',
    ':',
    ';',
    ',',
    ' ',
    '  ',
    '\n',
    '\n    ',
    '\t',
    '\\',
    '\\\n',
    '#',
    "'",
    '"',
    "'''",
    '"""',
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    'r',
    'f',
    'b',
    'if ',
    'lambda ',
    'True',
    'None',
    '%',
    '!',
    '@',
    '*',
    'x = ',
    '\r\n',
    '\u00e9',
    '\ud800'
  ];

  it('never throws and keeps its invariants on random input', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let run = 0; run < 2000; run++) {
      const length = Math.floor(random() * 40);
      const text = Array.from(
        { length },
        () => alphabet[Math.floor(random() * alphabet.length)]
      ).join('');
      const lineCount = text.split('\n').length;
      const result = parseParameters(text);
      for (const assignment of result.assignments) {
        expect(text.slice(assignment.from, assignment.to)).toBe(
          assignment.source
        );
        expect(assignment.startLine).toBeLessThanOrEqual(assignment.endLine);
        expect(assignment.endLine).toBeLessThan(lineCount);
        expect(result.params[assignment.name]).toBeDefined();
      }
    }
  });

  it.each([
    ['non-string input', 42 as unknown as string],
    ['deep nesting', 'a = ' + '['.repeat(5000) + ']'.repeat(5000)],
    ['unterminated string', "a = 'abc\nb = 2"],
    ['unterminated triple string', 'a = """abc\nb = 2'],
    ['stray closer', 'a = 1)\nb = 2'],
    ['lone backslash at end', 'a = 1 \\']
  ])('copes with %s', (_name, text) => {
    expect(() => parseParameters(text)).not.toThrow();
  });

  it('reads on after an unterminated one-line string', () => {
    expect(parseParameters("a = 'abc\nb = 2").params.b).toEqual(
      literal(2, 'int', '2')
    );
  });
});
