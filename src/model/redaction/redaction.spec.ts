import {
  BENIGN_EXPRESSIONS,
  BENIGN_PARAMS
} from '../__fixtures__/benignParams';
import { expression, pythonParam as param } from '../__fixtures__/params';
import { randomChars } from '../__fixtures__/secrets';
import * as parameters from '../python/parameters';
import { parseParameters } from '../python/parameters';
import {
  DEFAULT_REDACTION_OPTIONS,
  isRedactedParam,
  REDACTED_SOURCE,
  REDACTED_TEXT,
  redactCellSource,
  redactionReason,
  redactParams,
  redactRun,
  redactSecretsInCode,
  type IRedactionOptions
} from './redaction';
import type { IParamRecord, IRunRecord } from '../types';

const options = DEFAULT_REDACTION_OPTIONS;

describe('benign parameters', () => {
  it('has at least 100 realistic ones', () => {
    expect(BENIGN_PARAMS.length).toBeGreaterThanOrEqual(100);
  });

  it('redacts none of them and returns the input itself', () => {
    const params: { [name: string]: IParamRecord } = {};
    for (const [name, value] of BENIGN_PARAMS) {
      params[name] = param(value);
    }
    for (const [name, source] of BENIGN_EXPRESSIONS) {
      params[name] = expression(source);
    }
    const result = redactParams(params, options);
    expect(result.redacted).toEqual([]);
    expect(result.params).toBe(params);
  });
});

describe('values with nothing to hide', () => {
  it.each<[string, IParamRecord, boolean]>([
    ['token_count', param(4096, 'int'), false],
    ['max_token', param(4096, 'int'), false],
    ['api_key', param(null, 'NoneType'), false],
    ['use_auth', param(true, 'bool'), false],
    ['auth_retries', param(3, 'int'), false],
    ['password', param(12345678, 'int'), true],
    ['secret', param(3.14, 'float'), true],
    ['password', param(false, 'bool'), false],
    ['password', expression('getpass()'), true],
    ['key', expression('PRNGKey(0)'), false],
    ['token', expression('os.environ["HF_TOKEN"]'), true],
    [
      'api_key',
      { ...param(null, 'NoneType'), source: 'None if x else "k"' },
      true
    ],
    ['key_size', param([16, 32], 'list'), false],
    ['auth', param(['user', 'pw'], 'tuple'), true]
  ])('%s = %j: redacted %s', (name, record, expected) => {
    expect(redactionReason(name, record) !== null).toBe(expected);
  });
});

describe('redactParams', () => {
  const key = 'gh' + 'p_' + randomChars(36, 'aZ9');
  const input = {
    lr: param(0.01, 'float'),
    github: param(key, 'str'),
    db_password: param('hunter2', 'str')
  };

  it('redacts only the secrets, keeps the rest shared, and never mutates', () => {
    const snapshot = JSON.stringify(input);
    const result = redactParams(input, options);
    expect(result.redacted).toEqual(['github', 'db_password']);
    expect(result.reasons).toEqual({
      github: 'github-token',
      db_password: 'name'
    });
    expect(result.params.lr).toBe(input.lr);
    expect(JSON.stringify(result.params)).not.toContain('hunter2');
    expect(JSON.stringify(result.params)).not.toContain(key);
    expect(JSON.stringify(input)).toBe(snapshot);
  });

  it('is idempotent and returns its input when already redacted', () => {
    const once = redactParams(input, options);
    const twice = redactParams(once.params, options);
    expect(twice.params).toBe(once.params);
    expect(twice.redacted).toEqual(once.redacted);
    expect(twice.reasons).toEqual({
      github: 'placeholder',
      db_password: 'placeholder'
    });
  });

  it('does nothing when disabled, except to mark placeholders', () => {
    const off: IRedactionOptions = { ...options, enabled: false };
    expect(redactParams(input, off)).toEqual({
      params: input,
      redacted: [],
      reasons: {}
    });
    const unflagged = { api_key: expression(REDACTED_SOURCE) };
    const result = redactParams(unflagged, off);
    expect(result.params.api_key.redacted).toBe(true);
    expect(isRedactedParam(unflagged.api_key)).toBe(true);
  });

  it('handles a parameter named __proto__ as data', () => {
    const params = JSON.parse(
      '{"__proto__": {"value": "x", "source": "\'x\'", "type": "str"}}'
    );
    const result = redactParams(params, {
      ...options,
      namePatterns: ['/proto/']
    });
    expect(Object.getPrototypeOf(result.params)).toBe(Object.prototype);
    expect(Object.keys(result.params)).toEqual(['__proto__']);
    expect(result.redacted).toEqual(['__proto__']);
  });
});

describe('redactCellSource', () => {
  const key = 's' + 'k-' + randomChars(48, 'aZ9');
  const placeholder = REDACTED_SOURCE;
  it.each<[string, string, string[], string]>([
    [
      'one line',
      `lr = 0.1\napi_key = "${key}"  # prod\n`,
      ['api_key'],
      `lr = 0.1\napi_key = ${placeholder}  # prod\n`
    ],
    [
      'annotated',
      `api_key: str = '${key}'`,
      ['api_key'],
      `api_key: str = ${placeholder}`
    ],
    [
      'unpacking',
      `user, password = "bob", "pw"`,
      ['password'],
      `user, password = "bob", ${placeholder}`
    ],
    [
      'chained',
      `a = token = "t0k"\nb = 2`,
      ['token'],
      `a = token = ${placeholder}\nb = 2`
    ],
    [
      'over lines',
      `secret = (\n  "abc"\n  "def"\n)\n# end`,
      ['secret'],
      `secret = ${placeholder}\n# end`
    ],
    [
      'reassigned',
      `pw = "a"\npw = "b"`,
      ['pw'],
      `pw = ${placeholder}\npw = ${placeholder}`
    ],
    [
      'indented is not top level',
      `if x:\n    pw = "a"`,
      ['pw'],
      `if x:\n    pw = "a"`
    ],
    ['absent name', `lr = 1`, ['pw'], `lr = 1`],
    [
      'semicolons',
      `a = 1; pw = "x"; b = 2`,
      ['pw'],
      `a = 1; pw = ${placeholder}; b = 2`
    ]
  ])('%s', (_label, source, names, expected) => {
    const result = redactCellSource(source, names);
    expect(result).toBe(expected);
    expect(redactCellSource(result, names)).toBe(result);
    const parsed = parseParameters(result).params;
    for (const name of names.filter(n => n in parseParameters(source).params)) {
      expect(parsed[name]).toMatchObject({
        source: placeholder,
        value: null,
        exact: false
      });
      expect(isRedactedParam(parsed[name])).toBe(true);
    }
  });

  it('keeps every other line byte-identical', () => {
    const lines = [
      '# Parameters',
      'lr = 3e-4  # tuned',
      'api_key = "x"',
      '\tweird = 1',
      'epochs = 10',
      ''
    ];
    const result = redactCellSource(lines.join('\r\n'), ['api_key']).split(
      '\r\n'
    );
    expect(result.filter((_, i) => i !== 2)).toEqual(
      lines.filter((_, i) => i !== 2)
    );
    expect(result[2]).toBe(`api_key = ${placeholder}`);
  });
});

describe('redactSecretsInCode', () => {
  const key = 's' + 'k-proj-' + randomChars(80, 'aZ9_-');
  it.each<[string, string, string]>([
    [
      'environment assignment',
      `os.environ["OPENAI_API_KEY"] = "${key}"`,
      `os.environ["OPENAI_API_KEY"] = "${REDACTED_TEXT}"`
    ],
    [
      'call keyword',
      `client = OpenAI(api_key='${key}')`,
      `client = OpenAI(api_key='${REDACTED_TEXT}')`
    ],
    [
      'comment',
      `lr = 1  # old key ${key} revoked`,
      `lr = 1  # old key ${REDACTED_TEXT} revoked`
    ],
    [
      'magic',
      `%env OPENAI_API_KEY=${key}`,
      `%env OPENAI_API_KEY=${REDACTED_TEXT}`
    ],
    ['shell', `  !echo ${key} > .env`, `  !echo ${REDACTED_TEXT} > .env`],
    [
      'implicit concatenation',
      `k = ("${key}" "tail")`,
      `k = ("${REDACTED_TEXT}" "tail")`
    ],
    ['no secret', `x = "sk-learn"  # skip`, `x = "sk-learn"  # skip`]
  ])('%s', (_label, source, expected) => {
    expect(redactSecretsInCode(source)).toBe(expected);
    expect(redactSecretsInCode(expected)).toBe(expected);
  });
});

function makeRun(
  params: { [name: string]: IParamRecord },
  source: string
): IRunRecord {
  return {
    id: 'run-1',
    number: 1,
    experiment: { id: 'nb', name: 'train' },
    notebook_path: 'train.ipynb',
    status: 'completed',
    started_at: '2024-06-01T10:00:00.000Z',
    ended_at: '2024-06-01T10:01:00.000Z',
    duration_ms: 60000,
    params,
    metrics: { loss: { value: 0.1 } },
    cells: [
      {
        cell_id: 'p',
        role: 'parameters',
        source,
        outputs: [],
        status: 'ok',
        execution_count: 1,
        duration_ms: 5
      },
      {
        cell_id: 't',
        role: 'tracked',
        source: 'print("hunter2")',
        outputs: [],
        status: 'ok',
        execution_count: 2,
        duration_ms: 5
      }
    ],
    context: { kernel: { name: 'python3', language: 'python' } },
    annotations: { note: '', tags: [], starred: false },
    updated_at: '2024-06-01T10:01:00.000Z'
  };
}

describe('redactRun', () => {
  const hfToken = 'h' + 'f_' + randomChars(34, 'aBcD');
  const source = 'lr = 0.01\ndb_password = "hunter2"\n';
  const run = makeRun(parseParameters(source).params, source);

  it('redacts parameters and the parameters cell, not tracked cells', () => {
    const result = redactRun(run, options);
    expect(result.redacted).toEqual(['db_password']);
    expect(result.run.params.lr).toBe(run.params.lr);
    expect(result.run.cells[0].source).toBe(
      `lr = 0.01\ndb_password = ${REDACTED_SOURCE}\n`
    );
    expect(result.run.cells[1]).toBe(run.cells[1]);
    expect(run.cells[0].source).toBe(source);
  });

  it('is idempotent and returns the run itself when nothing changes', () => {
    const once = redactRun(run, options).run;
    const twice = redactRun(once, options);
    expect(twice.run).toBe(once);
    const clean = makeRun({ lr: param(0.01, 'float') }, 'lr = 0.01');
    expect(redactRun(clean, options).run).toBe(clean);
  });

  it.each<[string, string, string]>([
    [
      'a secret name the params lack',
      'lr = 0.01\nsmtp_password = "pw"\ntoken_limit = 4096\n',
      `lr = 0.01\nsmtp_password = ${REDACTED_SOURCE}\ntoken_limit = 4096\n`
    ],
    [
      'a credential outside any parameter',
      `import os\nos.environ["HF_TOKEN"] = "${hfToken}"\nlr = 0.01\n`,
      `import os\nos.environ["HF_TOKEN"] = "${REDACTED_TEXT}"\nlr = 0.01\n`
    ],
    [
      'both, once',
      `db_password = "pw"  # was ${hfToken}\nlr = 0.01\n`,
      `db_password = ${REDACTED_SOURCE}  # was ${REDACTED_TEXT}\nlr = 0.01\n`
    ]
  ])('redacts in the cell %s', (_label, source, expected) => {
    const cellRun = makeRun({ lr: param(0.01, 'float') }, source);
    const result = redactRun(cellRun, options);
    expect(result.run.cells[0].source).toBe(expected);
    expect(result.run.params).toBe(cellRun.params);
    expect(redactRun(result.run, options).run).toBe(result.run);
  });

  it('leaves the run alone when disabled', () => {
    expect(redactRun(run, { ...options, enabled: false }).run).toBe(run);
  });

  it('passes 10,000 runs with nothing secret without parsing their cells', () => {
    const runs = Array.from({ length: 10000 }, (_, i) => {
      const params: { [name: string]: IParamRecord } = {};
      BENIGN_PARAMS.slice(i % 80, (i % 80) + 20).forEach(([name, value]) => {
        params[name] = param(value);
      });
      const source = Object.keys(params)
        .map(name => `${name} = ${params[name].source}`)
        .join('\n');
      return makeRun(params, source);
    });
    // Parsing a parameters cell is the costly step; a look at its assignment
    // lines must spare it when no name there looks secret (exports and
    // imports redact every run).
    const parses = jest.spyOn(parameters, 'parseParameters');
    try {
      const changed = runs.filter(r => redactRun(r, options).run !== r);
      expect(changed).toHaveLength(0);
      expect(parses).not.toHaveBeenCalled();
      // A secret in the cell is still found, by that one parse.
      const secret = makeRun({}, 'lr = 0.1\napi_key = "k-123"');
      expect(redactRun(secret, options).run.cells[0].source).toContain(
        REDACTED_SOURCE
      );
      expect(parses).toHaveBeenCalledTimes(1);
    } finally {
      parses.mockRestore();
    }
  });
});

describe('isRedactedParam', () => {
  it.each<[string, Partial<IParamRecord>, boolean]>([
    ['the flag', { source: 'x', redacted: true }, true],
    ['the placeholder', { source: REDACTED_SOURCE }, true],
    ['the placeholder with spaces', { source: `  ${REDACTED_SOURCE}\n` }, true],
    ['a shorter source', { source: 'REDACTED' }, false],
    [
      'the placeholder in an expression',
      { source: `f(${REDACTED_SOURCE})` },
      false
    ],
    ['no source', { source: undefined as never }, false]
  ])('tells %s', (_, fields, expected) => {
    expect(
      isRedactedParam({ value: null, type: 'str', source: '', ...fields })
    ).toBe(expected);
  });
});
