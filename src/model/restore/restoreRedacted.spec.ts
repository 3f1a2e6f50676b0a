import { formatPythonLiteral } from '../python/pythonLiteral';
import { REDACTED_SOURCE as R } from '../redaction/redaction';
import { planNewParametersCell, planParameterRestore } from './restore';
import { withoutPlaceholderLines } from './restoreRedacted';
import type { IParamRecord, JSONValue } from '../types';

type Params = { [name: string]: IParamRecord };

function value(value: JSONValue, type: string): IParamRecord {
  return {
    value,
    type,
    source: formatPythonLiteral(value, type),
    origin: 'kernel',
    exact: true
  };
}

/** A parameter as redaction leaves it. */
function redacted(origin: 'kernel' | 'source' = 'source'): IParamRecord {
  return {
    value: null,
    source: R,
    type: 'str',
    origin,
    exact: false,
    redacted: true
  };
}

/** The placeholder without the flag, as an older or hand-written bundle may have it. */
const unflagged: IParamRecord = { value: null, source: R, type: 'str' };

describe('planParameterRestore: redacted parameters', () => {
  it.each<[string, string, Params, string, string[]]>([
    [
      'keeps the current value and restores the rest',
      'api_key = "sk-other"\nlr = 0.5\n',
      { api_key: redacted(), lr: value(0.1, 'float') },
      'api_key = "sk-other"\nlr = 0.1\n',
      ['lr']
    ],
    [
      'from a kernel read',
      'lr = 0.5\napi_key = os.environ["KEY"]  # env',
      { lr: value(0.1, 'float'), api_key: redacted('kernel') },
      'lr = 0.1\napi_key = os.environ["KEY"]  # env',
      ['lr']
    ],
    [
      'does not append a name the cell lacks',
      'lr = 0.5',
      { api_key: redacted(), lr: value(0.1, 'float') },
      'lr = 0.1',
      ['lr']
    ],
    [
      'an annotated assignment',
      'token: str = "t"\nepochs = 1',
      { token: redacted(), epochs: value(3, 'int') },
      'token: str = "t"\nepochs = 3',
      ['epochs']
    ],
    [
      'unpacking: only the other element changes',
      'user, password = "bob", "pw"',
      { user: value('ann', 'str'), password: redacted() },
      'user, password = "ann", "pw"',
      ['user']
    ],
    [
      'chained: the other name gets a line of its own',
      'a = secret = "s"',
      { a: value(2, 'int'), secret: redacted() },
      'a = secret = "s"\na = 2',
      ['a']
    ],
    [
      'a placeholder without the flag',
      'api_key = "k"\nlr = 0.5',
      { api_key: unflagged, lr: value(0.1, 'float') },
      'api_key = "k"\nlr = 0.1',
      ['lr']
    ],
    [
      'nothing else to do',
      'api_key = "k"\nlr = 0.1',
      { api_key: redacted(), lr: value(0.1, 'float') },
      'api_key = "k"\nlr = 0.1',
      []
    ]
  ])('%s', (_label, cell, params, expected, changed) => {
    const plan = planParameterRestore(cell, params, {
      runCellSource: Object.keys(params)
        .map(name => `${name} = ${params[name].source}`)
        .join('\n')
    });
    expect(plan.source).toBe(expected);
    expect(plan.changes.map(change => change.name)).toEqual(changed);
    expect(plan.redacted).toEqual(
      Object.keys(params).filter(name => params[name].source === R)
    );
    expect(plan.skipped).toEqual([]);
    expect(plan.unchanged).not.toContain('api_key');
    expect(plan.unverified).toEqual([]);
    expect(plan.source).not.toContain(R);
  });
});

describe('planNewParametersCell: redacted parameters', () => {
  it.each<[string, string | undefined, Params, string, string[]]>([
    [
      "the run's cell without its placeholder line",
      `lr = 0.1\napi_key = ${R}  # prod\nepochs = 3\n`,
      {
        lr: value(0.1, 'float'),
        api_key: redacted(),
        epochs: value(3, 'int')
      },
      'lr = 0.1\nepochs = 3\n',
      ['lr', 'epochs']
    ],
    [
      'no recorded cell',
      undefined,
      { api_key: redacted(), lr: value(0.1, 'float') },
      'lr = 0.1',
      ['lr']
    ],
    [
      'a shared statement keeps the placeholder (it fails when run)',
      `user, password = "bob", ${R}`,
      { user: value('bob', 'str'), password: redacted() },
      `user, password = "bob", ${R}`,
      ['user']
    ],
    [
      'only secrets: nothing to insert',
      `api_key = ${R}\n`,
      { api_key: redacted() },
      '',
      []
    ]
  ])('%s', (_label, runCell, params, expected, written) => {
    const plan = planNewParametersCell(params, runCell);
    expect(plan.source).toBe(expected);
    expect(plan.changes.map(change => change.name)).toEqual(written);
    expect(plan.redacted).toEqual(
      Object.keys(params).filter(name => params[name].source === R)
    );
  });
});

describe('withoutPlaceholderLines', () => {
  it.each<[string, string, string[], string]>([
    ['a lone line', `a = 1\nk = ${R}\nb = 2`, ['k'], 'a = 1\nb = 2'],
    ['first and last', `k = ${R}\na = 1\nk = ${R}`, ['k'], 'a = 1'],
    ['annotated, commented', `k: str = ${R}  # prod\na = 1`, ['k'], 'a = 1'],
    ['CRLF', `a = 1\r\nk = ${R}\r\nb = 2`, ['k'], 'a = 1\r\nb = 2'],
    ['another name', `k = ${R}`, ['j'], `k = ${R}`],
    ['semicolons', `a = 1; k = ${R}`, ['k'], `a = 1; k = ${R}`],
    ['unpacking', `a, k = 1, ${R}`, ['k'], `a, k = 1, ${R}`],
    ['indented', `if x:\n    k = ${R}`, ['k'], `if x:\n    k = ${R}`],
    [
      'inside a string',
      `s = """\nk = ${R}\n"""`,
      ['k'],
      `s = """\nk = ${R}\n"""`
    ],
    ['a real value', 'k = "v"', ['k'], 'k = "v"']
  ])('%s', (_label, source, names, expected) => {
    expect(withoutPlaceholderLines(source, names)).toBe(expected);
  });
});
