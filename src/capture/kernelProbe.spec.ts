/// <reference types="node" />
// Node built-ins: the test reads the probe file and may run python3.
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';

import {
  parseKernelContext,
  parseProbeSnapshot,
  probeContextExpression,
  probeExpectCode,
  probeRunContextExpression,
  probeSetupCode,
  runProbeSetupCode,
  probeTakeExpression,
  pythonStringLiteral
} from './kernelProbe';
import {
  PYTHON_PROBE_DIGEST,
  PYTHON_PROBE_SOURCE,
  PYTHON_RUN_PROBE_DIGEST,
  PYTHON_RUN_PROBE_SOURCE
} from './probeSource.generated';

const probeFile = join(__dirname, '..', '..', 'jupyterlab_runlog', '_probe.py');
const runProbeFile = join(
  __dirname,
  '..',
  '..',
  'jupyterlab_runlog',
  '_run_probe.py'
);

/** Decodes the literals pythonStringLiteral makes, as Python would. */
function decodePythonLiteral(literal: string): string {
  const jsonText = literal.replace(/\\(U[0-9a-f]{8}|.)/g, (escape, body) =>
    body[0] === 'U'
      ? JSON.stringify(String.fromCodePoint(parseInt(body.slice(1), 16))).slice(
          1,
          -1
        )
      : escape
  );
  return JSON.parse(jsonText);
}

function hasPython(): boolean {
  try {
    execFileSync('python3', ['-c', 'pass']);
    return true;
  } catch {
    return false;
  }
}

describe('probeSource.generated', () => {
  it.each([
    [probeFile, PYTHON_PROBE_SOURCE, PYTHON_PROBE_DIGEST],
    [runProbeFile, PYTHON_RUN_PROBE_SOURCE, PYTHON_RUN_PROBE_DIGEST]
  ])(
    'is the current %s (run `npm run embed:probe`)',
    (file, source, digest) => {
      const bytes = readFileSync(file);
      expect(source).toBe(bytes.toString('utf8'));
      expect(digest).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  );
});

const QUOTING_CASES: [string, string][] = [
  ['plain', 'lr = 0.1'],
  ['double quotes', 'name = "gpt-4o"'],
  ['single quotes', "it's"],
  ['backslashes', 'path = r"C:\\new\\table"'],
  ['triple quotes', 's = """a\n\'\'\'b\'\'\'\n"""'],
  ['newlines and tabs', 'a = 1\r\n\tb = 2\n'],
  ['control characters', 'nul\u0000bell\u0007del\u007f'],
  ['unicode', 'café — 日本'],
  ['astral characters', 'emoji 😀 and 𝔘'],
  ['line separators', 'a\u2028b\u2029c\u0085d'],
  ['lone surrogate', 'half \ud83d pair'],
  ['escape-looking text', '\\u0041 \\U0001F600 \\x41 \\N{DASH}']
];

describe('pythonStringLiteral', () => {
  it.each(QUOTING_CASES)('%s: one ASCII line that decodes back', (_, text) => {
    const literal = pythonStringLiteral(text);
    expect(literal).toMatch(/^"[\x20-\x7e]*"$/);
    expect(decodePythonLiteral(literal)).toBe(text);
  });

  it.each([
    ['say "hi"', '"say \\"hi\\""'],
    ['a\\b', '"a\\\\b"'],
    ['line\nnext', '"line\\nnext"'],
    ['é', '"\\u00e9"'],
    ['😀', '"\\U0001f600"'],
    ['\ud800', '"\\ud800"']
  ])('escapes %j as %s', (text, literal) => {
    expect(pythonStringLiteral(text)).toBe(literal);
  });

  const itWithPython = hasPython() ? it : it.skip;
  itWithPython('denotes the same string to a Python interpreter', () => {
    const texts = QUOTING_CASES.map(([, text]) => text);
    const program =
      'import json, sys\n' +
      `values = [${texts.map(pythonStringLiteral).join(', ')}]\n` +
      // Surrogates cannot be encoded as UTF-8; compare code points instead.
      'print(json.dumps([[ord(c) for c in v] for v in values]))\n';
    const output = execFileSync('python3', ['-c', program], {
      encoding: 'utf8'
    });
    const codePoints = (text: string) =>
      Array.from(text).map(char => char.codePointAt(0));
    expect(JSON.parse(output)).toEqual(texts.map(codePoints));
  });
});

describe('probe code builders', () => {
  const moduleRef = "__import__('sys').modules['__runlog_probe__']";

  it('setup is one line that loads the probe source only when the digest differs', () => {
    const code = probeSetupCode();
    expect(code).not.toContain('\n');
    expect(code).toMatch(
      /^__import__\('builtins'\)\.exec\(__import__\('builtins'\)\.compile\(".*", '<runlog-probe>', 'exec'\), \{'__name__': '__runlog_probe__', 'SOURCE_DIGEST': "[0-9a-f]{64}"\}\) if __import__\('builtins'\)\.getattr\(__import__\('sys'\)\.modules\.get\('__runlog_probe__'\), 'SOURCE_DIGEST', None\) != "[0-9a-f]{64}" else None$/
    );
    expect(code).toContain(pythonStringLiteral(PYTHON_PROBE_SOURCE));
    expect(code.split(JSON.stringify(PYTHON_PROBE_DIGEST)).length).toBe(3);
  });

  it('expect is the setup line, then one call with both arguments quoted', () => {
    const source = 'lr = 0.1  # "tuned"\nname = \'x\'\n';
    const [setup, call, ...rest] = probeExpectCode('tok-1', source).split('\n');
    expect(setup).toBe(probeSetupCode());
    expect(rest).toEqual([]);
    expect(call).toBe(
      `${moduleRef}.expect("tok-1", ${pythonStringLiteral(source)})`
    );
  });

  it('take is a single expression naming the token', () => {
    expect(probeTakeExpression('a"b')).toBe(`${moduleRef}.take("a\\"b")`);
  });

  it('context loads both probes itself and then asks it', () => {
    const expression = probeContextExpression();
    expect(expression).toBe(
      `(${probeSetupCode()}, ${runProbeSetupCode()}, ${moduleRef}.kernel_context())[2]`
    );
    expect(runProbeSetupCode()).toContain(
      pythonStringLiteral(PYTHON_RUN_PROBE_SOURCE)
    );
    expect(runProbeSetupCode()).toContain("'__runlog_run_probe__'");
  });

  it('run context loads the run probe and passes the request as JSON', () => {
    const request = {
      execution_counts: [3, 4],
      modules: ['numpy'],
      paths: { data: 'data/train.csv' }
    };
    expect(probeRunContextExpression(request)).toBe(
      `(${runProbeSetupCode()}, __import__('sys').modules['__runlog_run_probe__'].run_context(${pythonStringLiteral(JSON.stringify(request))}))[1]`
    );
  });

  it.each([
    ['setup', probeSetupCode()],
    ['expect', probeExpectCode('t', 'a = 1')],
    ['take', probeTakeExpression('t')],
    ['context', probeContextExpression()],
    [
      'run context',
      probeRunContextExpression({
        execution_counts: [],
        modules: [],
        paths: { 'it"s': 'C:\\data' }
      })
    ]
  ])('%s binds no name at top level', (_, code) => {
    // No statement starts with an assignment, import, def or class.
    for (const line of code.split('\n')) {
      expect(line).toMatch(/^(\(|__import__\()/);
    }
  });
});

describe('parseProbeSnapshot', () => {
  it.each([
    ['pending', '{"pending": true}', { pending: true }],
    [
      'exact and inexact parameters',
      JSON.stringify({
        params: {
          lr: { value: 0.001, type: 'float', exact: true },
          layers: { value: [64, 32], type: 'list', exact: true },
          model: {
            value: null,
            type: 'Net',
            exact: false,
            repr: 'Net(depth=3)'
          }
        },
        error: false
      }),
      {
        pending: false,
        params: {
          lr: { value: 0.001, type: 'float', exact: true },
          layers: { value: [64, 32], type: 'list', exact: true },
          model: {
            value: null,
            type: 'Net',
            exact: false,
            repr: 'Net(depth=3)'
          }
        },
        error: false
      }
    ],
    [
      'a failed cell',
      '{"params": {}, "error": true}',
      { pending: false, params: {}, error: true }
    ],
    [
      'malformed entries dropped, inexact values nulled',
      JSON.stringify({
        params: {
          ok: { value: 1, type: 'int', exact: true },
          noType: { value: 1, exact: true },
          notObject: 5,
          inexact: { value: 'leak', type: 'X', exact: false }
        },
        error: false
      }),
      {
        pending: false,
        params: {
          ok: { value: 1, type: 'int', exact: true },
          inexact: { value: null, type: 'X', exact: false }
        },
        error: false
      }
    ]
  ])('%s', (_, text, expected) => {
    expect(parseProbeSnapshot(text)).toEqual(expected);
  });

  it.each([
    ['empty', ''],
    ['Python None', 'None'],
    ['a Python repr', "{'pending': True}"],
    ['an array', '[1, 2]'],
    ['a token the kernel never saw', '{"missing": true}'],
    ['params not a mapping', '{"params": [], "error": false}'],
    ['error not a boolean', '{"params": {}, "error": "no"}'],
    ['truncated', '{"params": {"a": {"value": 1,']
  ])('null for %s', (_, text) => {
    expect(parseProbeSnapshot(text)).toBeNull();
  });

  it('keeps a parameter named __proto__ as data, without touching prototypes', () => {
    const text =
      '{"params": {"__proto__": {"value": {"polluted": 1}, "type": "dict", "exact": true}}, "error": false}';
    const snapshot = parseProbeSnapshot(text);
    expect(snapshot?.pending).toBe(false);
    const params = snapshot && !snapshot.pending ? snapshot.params : {};
    expect(Object.keys(params)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });
});

describe('parseKernelContext', () => {
  const context = {
    python: '3.11.7',
    implementation: 'CPython',
    executable: '/usr/bin/python3'
  };

  it('reads the interpreter description', () => {
    expect(
      parseKernelContext(JSON.stringify({ ...context, extra: 1 }))
    ).toEqual(context);
  });

  it.each([
    ['garbage', 'not json'],
    ['missing field', JSON.stringify({ python: '3.11.7' })],
    ['wrong type', JSON.stringify({ ...context, python: 3.11 })],
    ['array', '[]']
  ])('null for %s', (_, text) => {
    expect(parseKernelContext(text)).toBeNull();
  });
});
