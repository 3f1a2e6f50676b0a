import { parseParameters } from '../python/parameters';
import { planNewParametersCell, planParameterRestore } from './restore';
import { expressionReads } from '../python/pythonScan';
import type { IParamRecord, JSONValue } from '../types';

type Params = { [name: string]: IParamRecord };

/**
 * The parameters a run recorded: the kernel's values, with each right-hand
 * side as the run's cell wrote it (as capture keeps it).
 */
function recorded(
  runCell: string,
  values: { [name: string]: [JSONValue, string] }
): Params {
  const written = parseParameters(runCell).params;
  return Object.fromEntries(
    Object.entries(values).map(([name, [value, type]]) => [
      name,
      {
        value,
        type,
        source: written[name]?.source ?? JSON.stringify(value),
        origin: 'kernel',
        exact: true
      }
    ])
  );
}

describe('planParameterRestore: derived values', () => {
  it.each<
    [
      string,
      string,
      string,
      { [name: string]: [JSONValue, string] },
      string,
      string[]
    ]
  >([
    [
      'the issue: a conditional on a restored value is kept',
      'temperature = 0.7\nretries = 2 if temperature > 0.5 else 1',
      'temperature = 0.2\nretries = 2 if temperature > 0.5 else 1',
      { temperature: [0.2, 'float'], retries: [1, 'int'] },
      'temperature = 0.2\nretries = 2 if temperature > 0.5 else 1',
      ['retries']
    ],
    [
      'a chain of derivations, each from the ones before',
      'a = 1  # base\nb = a * 2\nc = b + a\n',
      'a = 5  # base\nb = a * 2\nc = b + a\n',
      { a: [5, 'int'], b: [10, 'int'], c: [15, 'int'] },
      'a = 5  # base\nb = a * 2\nc = b + a\n',
      ['b', 'c']
    ],
    [
      'pure builtins, subscripts and `is None`',
      "xs = [1, 2]\nn = len(xs)\nfirst = xs[0]\nm = max(n, 3)\nx = None\ny = 1 if x is None else x\ns = str(n) + 'x'",
      "xs = [4, 5, 6]\nn = len(xs)\nfirst = xs[0]\nm = max(n, 3)\nx = None\ny = 1 if x is None else x\ns = str(n) + 'x'",
      {
        xs: [[4, 5, 6], 'list'],
        n: [3, 'int'],
        first: [4, 'int'],
        m: [3, 'int'],
        x: [null, 'NoneType'],
        y: [1, 'int'],
        s: ['3x', 'str']
      },
      "xs = [4, 5, 6]\nn = len(xs)\nfirst = xs[0]\nm = max(n, 3)\nx = None\ny = 1 if x is None else x\ns = str(n) + 'x'",
      ['n', 'first', 'm', 'y', 's']
    ],
    [
      'a constant expression as in the run counts as restored',
      'n = 16 * 2\nhalf = n // 2',
      'n = 16 * 2\nhalf = n // 2',
      { n: [32, 'int'], half: [16, 'int'] },
      'n = 16 * 2\nhalf = n // 2',
      ['half']
    ],
    [
      'the text differs from the run: its value',
      'a = 1\nb = a * 3',
      'a = 5\nb = a * 2',
      { a: [5, 'int'], b: [10, 'int'] },
      'a = 5\nb = 10',
      []
    ],
    [
      'a name from outside the cell: its value',
      'a = 1\nb = a * scale',
      'a = 5\nb = a * scale',
      { a: [5, 'int'], b: [10, 'int'] },
      'a = 5\nb = 10',
      []
    ],
    [
      'a name the run did not record: its value',
      'k = 2\na = 1\nb = a * k',
      'k = 2\na = 5\nb = a * k',
      { a: [5, 'int'], b: [10, 'int'] },
      'k = 2\na = 5\nb = 10',
      []
    ],
    [
      'a name assigned after the line: its value',
      'b = a * 2\na = 1',
      'a = 5\nb = a * 2',
      { a: [5, 'int'], b: [10, 'int'] },
      'b = 10\na = 5',
      []
    ],
    [
      'a name the restore appends at the end: its value',
      'b = a * 2',
      'a = 5\nb = a * 2',
      { a: [5, 'int'], b: [10, 'int'] },
      'b = 10\na = 5',
      []
    ],
    [
      'in the run, the name changed after the line: its value',
      'a = 1\nb = a * 2',
      'a = 1\nb = a * 2\na = 5',
      { a: [5, 'int'], b: [2, 'int'] },
      'a = 5\nb = 2',
      []
    ],
    [
      'an augmented assignment in the cell: its value',
      'a = 1\na += 1\nb = a * 2',
      'a = 1\na += 1\nb = a * 2',
      { a: [2, 'int'], b: [4, 'int'] },
      'a = 1\na += 1\nb = 4\na = 2',
      []
    ],
    [
      'a read of itself: its value',
      'a = 1\na = a + 1',
      'a = 4\na = a + 1',
      { a: [5, 'int'] },
      'a = 1\na = 5',
      []
    ],
    [
      'an input whose literal loses its type (numpy): its value',
      'a = 1.0\nb = int(a) * 2',
      'a = np.float64(2.0)\nb = int(a) * 2',
      { a: [2, 'float64'], b: [4, 'int'] },
      'a = 2.0\nb = 4',
      []
    ],
    [
      'a container written back differently from the run: its value',
      'xs = [(1, 2)]\ny = xs[0] + (5,)',
      'xs = [(3, 4)]\ny = xs[0] + (5,)',
      { xs: [[[3, 4]], 'list'], y: [[3, 4, 5], 'tuple'] },
      'xs = [[3, 4]]\ny = (3, 4, 5)',
      []
    ],
    [
      'a line reading one that got a literal still follows',
      'a = 1\nb = a.real\nc = b * 2',
      'a = 3\nb = a.real\nc = b * 2',
      { a: [3, 'int'], b: [3, 'int'], c: [6, 'int'] },
      'a = 3\nb = 3\nc = b * 2',
      ['c']
    ],
    [
      'a chained assignment is kept for both names',
      'a = 1\nb = c = a + 1',
      'a = 4\nb = c = a + 1',
      { a: [4, 'int'], b: [5, 'int'], c: [5, 'int'] },
      'a = 4\nb = c = a + 1',
      ['b', 'c']
    ],
    [
      'unpacking: its value',
      'a = 1\nb, c = a, a * 2',
      'a = 4\nb, c = a, a * 2',
      { a: [4, 'int'], b: [4, 'int'], c: [8, 'int'] },
      'a = 4\nb, c = 4, 8',
      []
    ]
  ])('%s', (_label, cell, runCell, values, expected, derived) => {
    const params = recorded(runCell, values);
    const plan = planParameterRestore(cell, params, { runCellSource: runCell });
    expect(plan.source).toBe(expected);
    expect(plan.derived).toEqual(derived);
    expect(plan.unverified).toEqual([]);
  });

  it.each<[string, string]>([
    ['a call of a function of the notebook', 'b = double(a)'],
    ['a method call', 'b = a.bit_length()'],
    ['an attribute', 'b = a.real'],
    ['a comprehension with its own loop name', 'b = [v * a for v in (1, 2)]'],
    ['a lambda', 'b = (lambda v: v * a)(2)'],
    ['a walrus', 'b = (c := a) * 2'],
    ['an f-string', 'b = f"{a}x"'],
    ['a shadowed builtin', 'max = min\nb = max(a, 9)'],
    ['identity against a number', 'b = a is 4'],
    ['a call elsewhere in the cell', 'b = a * 2\nmodel = make(b)'],
    ['a statement that is not an assignment', 'b = a * 2\nprint(b)'],
    ['an item assignment', 'b = a * 2\nd = {}\nd["k"] = 1'],
    ['a block', 'b = a * 2\nif a:\n    c = 1'],
    ['a magic', '%matplotlib inline\nb = a * 2'],
    ['a star import', 'from math import *\nb = a * 2']
  ])('not kept, the run value written: %s', (_label, rest) => {
    const cell = `a = 1\n${rest}`;
    const runCell = `a = 4\n${rest}`;
    const params = recorded(runCell, { a: [4, 'int'], b: [7, 'int'] });
    const plan = planParameterRestore(cell, params, { runCellSource: runCell });
    expect(plan.derived).toEqual([]);
    expect(parseParameters(plan.source).params.b.source).toBe('7');
  });

  it('without the run’s parameters cell nothing is kept', () => {
    const runCell = 'a = 4\nb = a * 2';
    const params = recorded(runCell, { a: [4, 'int'], b: [8, 'int'] });
    const plan = planParameterRestore('a = 1\nb = a * 2', params);
    expect(plan.source).toBe('a = 4\nb = 8');
    expect(plan.derived).toEqual([]);
  });

  it('a new cell from the run’s own keeps its derivations', () => {
    const runCell =
      'temperature = 0.2\nretries = 2 if temperature > 0.5 else 1';
    const params = recorded(runCell, {
      temperature: [0.2, 'float'],
      retries: [1, 'int']
    });
    const plan = planNewParametersCell(params, runCell);
    expect(plan.source).toBe(runCell);
    expect(plan.derived).toEqual(['retries']);
  });
});

describe('expressionReads', () => {
  it.each<[string, string[] | null, string[]]>([
    ['2 if temperature > 0.5 else 1', ['temperature'], []],
    ['min(a, b) + len(xs[1:])', ['a', 'b', 'xs'], ['len', 'min']],
    ['sorted(xs, key=abs)', ['xs'], ['abs', 'sorted']],
    ["{'k': a, 'j': (b, c)}", ['a', 'b', 'c'], []],
    ['a is not None and not b', ['a', 'b'], []],
    ['16 * 2', [], []],
    ['np.pi', null, []],
    ['f(a)', null, []],
    ['a.b(c)', null, []],
    ['xs[0](1)', null, []],
    ["'-'.join(xs)", null, []],
    ['[v for v in xs]', null, []],
    ['lambda: a', null, []],
    ['(a := 1)', null, []],
    ["f'{a}'", null, []],
    ["b'x'", null, []],
    ['a is b', null, []],
    ['a @ b', null, []],
    ['yield a', null, []],
    ['(a', null, []],
    ["'unterminated", null, []]
  ])('%s', (text, names, builtins) => {
    const reads = expressionReads(text);
    if (names === null) {
      expect(reads).toBeNull();
    } else {
      expect([...reads!.names].sort()).toEqual(names);
      expect([...reads!.builtins].sort()).toEqual(builtins);
    }
  });
});
