import { type IBundleTranslator, UNTRANSLATED } from '../bundle/bundleFormat';
import {
  makeRun,
  note,
  param,
  QUERY_RUNS as RUNS
} from '../__fixtures__/queryRuns';
import { REDACTED_SOURCE } from '../redaction/redaction';
import {
  MAX_QUERY_DEPTH,
  MAX_QUERY_LENGTH,
  parseRunQuery,
  type IQueryError,
  type IRunQuery
} from './runQuery';
import type { RunRow } from '../runTable';

function compile(text: string): IRunQuery {
  const parsed = parseRunQuery(text);
  if (!parsed.ok) {
    throw new Error(`${text}: ${parsed.error.message}`);
  }
  if (!parsed.query) {
    throw new Error(`${text}: no query`);
  }
  return parsed.query;
}

function matching(text: string): number[] {
  const query = compile(text);
  return RUNS.filter(run => query.matches(run)).map(run => run.number);
}

function errorOf(text: string): IQueryError {
  const parsed = parseRunQuery(text);
  if (parsed.ok) {
    throw new Error(`${text}: parsed`);
  }
  return parsed.error;
}

describe('parseRunQuery matches', () => {
  it.each<[string, number[]]>([
    // Numbers
    ['lr > 0.01', [4, 8]],
    ['lr >= 0.01', [4, 6, 7, 8]],
    ['lr>0.01', [4, 8]],
    ['lr == 1e-3', [5]],
    ['lr = 0.001', [5]],
    ['lr != 0.01', [4, 5, 8]],
    ['lr < .05', [5, 6, 7]],
    ['lr > 0.01 OR lr < 0.005', [4, 5, 8]],
    ['temperature >= 0.7', [1, 3]],
    ['temperature == 1', [3]],
    ['max_tokens > 300', [1]],
    ['lr > -2 lr < 1e+3', [4, 5, 6, 7, 8]],
    // Strings: exact, bare words, substrings
    ['model == "gpt-4o"', [1]],
    ['model == gpt-4o', [1]],
    ['model==gpt-4o-mini', [2]],
    ["model == 'claude-3-5-sonnet'", [3]],
    ['model != gpt-4o', [2, 3]],
    ['model ~ GPT', [1, 2]],
    ['model ~ 4o', [1, 2]],
    ['model ~ ""', [1, 2, 3]],
    ['optimizer ~ adam', [5, 6, 7]],
    ['optimizer == adam', [5, 6]],
    ['prompt == "Summarize the article in one sentence."', [2]],
    ["prompt ~ 'HAIKU'", [3]],
    ['data_dir ~ "C:\\data"', [7]],
    ['optimizer > "b"', [4, 8]],
    // Numeric strings compare as numbers; `~` only reads strings
    ['batch_size == 128', [7]],
    ['batch_size > 32', [5, 6, 7]],
    ['batch_size == "64"', [5, 6]],
    ['batch_size ~ 12', [7]],
    ['model > 3', []],
    // Metrics, and a parameter shadowing a metric of the same name
    ['val/loss < 0.5', [5, 7]],
    ['val/accuracy >= 0.85', [5, 7]],
    ['metrics.val/loss <= 0.52', [5, 6, 7]],
    ['`val/accuracy` > 0.8', [5, 7]],
    ['"val/loss" < 0.4', [5]],
    ['score > 0.8', [1]],
    ['cost_usd < 0.01 latency_s < 1', [2]],
    ['epochs >= 3', [4, 5, 6]],
    ['epochs < 3', [8]],
    ['params.epochs < 3', []],
    ['metrics.epochs == 1', [6]],
    ['params.`lr` == 0.1', [4]],
    // Booleans and None
    ['use_amp == true', [8]],
    ['use_amp == False', [4]],
    ['use_amp != True', [4]],
    ['seed == None', [8]],
    ['seed == null', [8]],
    ['seed != None', []],
    // Redacted and inexact parameters never match, `!=` included
    ['api_key == None', []],
    ['api_key != "x"', []],
    ['scheduler == None', []],
    ['scheduler != 1', []],
    ['scheduler ~ Cosine', []],
    // Lists: only `~` on their JSON text
    ['layers ~ "128,64"', [7]],
    ['layers == 128', []],
    ['layers != 128', []],
    // Run fields
    ['run.number >= 7', [7, 8]],
    ['run.duration > 600', [4, 5, 7]],
    ['run.duration <= 60', [2, 3]],
    ['run.duration == None', [8]],
    ['run.started >= "2026-11-01"', [2, 3, 5, 6, 8]],
    ['run.started < 2026-10-16', [4, 7]],
    ['run.ended == None', [8]],
    ['run.ended ~ 2026-10-30', [1]],
    // Qualifiers
    ['status:completed', [1, 2, 4, 5, 7]],
    ['status:Failed or status:interrupted', [3, 6]],
    ['status:running', [8]],
    ['-status:completed', [3, 6, 8]],
    ['tag:baseline', [1, 4]],
    ['tag:"best"', [5]],
    ['tag:Baseline', []],
    ['tag:llm -tag:cheap', [1, 3]],
    ['is:starred', [2, 5]],
    ['is:partial', [6]],
    ['is:imported', [7]],
    ['is:redacted', [3]],
    ['is:starred or is:partial', [2, 5, 6]],
    ['origin:here', [1, 2, 3, 4, 5, 6, 8]],
    ['origin:alice', [7]],
    ['origin:"sweep.runlog"', [7]],
    ['origin:"here"', []],
    // Free text: parameter names and string values, metric names, tags, note
    ['summarize', [1, 2]],
    ['summar', [1, 2, 3]],
    ['val/', [4, 5, 6, 7, 8]],
    ['"rate limited"', [3]],
    ['warmup', [5]],
    ['cheap', [2]],
    ['key', [3]],
    ['"\\"OOM\\""', [6]],
    ["'it\\'s'", []],
    ['512', []],
    ['-summarize', [3, 4, 5, 6, 7, 8]],
    // Combinations and precedence
    ['lr > 0.01 and model == "gpt-4o" status:completed tag:baseline', []],
    ['lr >= 0.01 status:completed tag:baseline', [4]],
    ['lr > 0.01 or model == "gpt-4o"', [1, 4, 8]],
    ['lr > 0.01 or model == gpt-4o and temperature < 0.5', [4, 8]],
    ['(lr > 0.01 or model == gpt-4o) and status:completed', [1, 4]],
    ['NOT (tag:llm OR tag:baseline)', [5, 6, 7, 8]],
    ['optimizer ~ adam not is:imported', [5, 6]],
    ['tag:llm and (temperature < 0.5 or status:failed)', [2, 3]],
    ['-lr > 0.01', [1, 2, 3, 5, 6, 7]],
    ['--tag:llm', [1, 2, 3]],
    ['-(tag:llm or lr < 0.05)', [4, 8]],
    ['((((is:starred))))', [2, 5]]
  ])('%s', (text, expected) => {
    expect(matching(text)).toEqual(expected);
  });
});

describe('parseRunQuery errors', () => {
  it.each<[string, string, number, number]>([
    ['lr >', 'Expected a value after >', 4, 0],
    ['lr > )', 'Expected a value after >', 5, 1],
    ['lr >= = 3', 'Expected a value after >=', 6, 1],
    ['model == "gpt', 'Unclosed string', 9, 4],
    ['`val/loss', 'Unclosed name', 0, 9],
    ['`val/loss`', 'Expected an operator after `val/loss`', 0, 10],
    [
      'foo:bar',
      'Unknown qualifier foo: use status:, tag:, is: or origin:',
      0,
      3
    ],
    [
      'status:done',
      'Unknown status done: use completed, failed, interrupted or running',
      7,
      4
    ],
    [
      'tag:x is:great',
      'Unknown is:great: use is:starred, is:partial, is:imported, is:redacted or is:alerted',
      9,
      5
    ],
    ['status:', 'Expected a value after status:', 0, 7],
    ['status: completed', 'Expected a value after status:', 0, 7],
    ['tag:""', 'Expected a value after tag:', 0, 4],
    ['(lr > 1', 'Missing )', 0, 1],
    ['lr > 1)', 'Unexpected )', 6, 1],
    ['()', 'Unexpected )', 1, 1],
    ['and lr > 1', 'Unexpected and', 0, 3],
    ['OR', 'Unexpected OR', 0, 2],
    ['lr > 1 and', 'Expected a term after and', 10, 0],
    ['(a or', 'Expected a term after or', 5, 0],
    ['not', 'Expected a term after not', 3, 0],
    ['- lr', 'Expected a term after -', 0, 1],
    ['lr > 1 > 2', 'Unexpected >', 7, 1],
    ['lr > 1 @', 'Unexpected @', 7, 1],
    [
      'run.foo > 1',
      'Unknown run field run.foo: use run.number, run.duration, run.started or run.ended',
      0,
      7
    ],
    ['3 > 2', 'Invalid name 3: put other names in backquotes', 0, 1],
    ['use_amp > true', 'Only == and != apply to true', 10, 4],
    ['seed <= None', 'Only == and != apply to None', 8, 4]
  ])('%s', (text, message, offset, length) => {
    expect(errorOf(text)).toEqual({ message, offset, length });
  });

  it('rejects a text over the length limit, pointing past the limit', () => {
    expect(parseRunQuery('x'.repeat(MAX_QUERY_LENGTH)).ok).toBe(true);
    expect(errorOf('x'.repeat(MAX_QUERY_LENGTH + 5))).toEqual({
      message: `The query is longer than ${MAX_QUERY_LENGTH} characters`,
      offset: MAX_QUERY_LENGTH,
      length: 5
    });
  });

  it('rejects parentheses nested deeper than the limit', () => {
    const nested = (depth: number) =>
      '('.repeat(depth) + 'is:starred' + ')'.repeat(depth);
    expect(parseRunQuery(nested(MAX_QUERY_DEPTH)).ok).toBe(true);
    expect(errorOf(nested(MAX_QUERY_DEPTH + 1))).toEqual({
      message: `The query is nested more than ${MAX_QUERY_DEPTH} levels deep`,
      offset: MAX_QUERY_DEPTH,
      length: 1
    });
  });

  it('counts negations as nesting', () => {
    const text = 'not '.repeat(MAX_QUERY_DEPTH + 1) + 'is:starred';
    expect(errorOf(text)).toMatchObject({
      offset: MAX_QUERY_DEPTH * 4,
      length: 3
    });
  });
});

describe('parseRunQuery', () => {
  it.each(['', '  ', '\t\n'])('gives no query for blank text %j', text => {
    expect(parseRunQuery(text)).toEqual({ ok: true, query: null });
  });

  it('keeps the text as the source', () => {
    expect(compile(' tag:llm ').source).toBe(' tag:llm ');
  });

  it('translates messages, passing the offending part as an argument', () => {
    const calls: [string, (string | number)[]][] = [];
    const shouting: IBundleTranslator = {
      __: (msgid, ...args) => {
        calls.push([msgid, args]);
        return UNTRANSLATED.__(msgid, ...args).toUpperCase();
      }
    };
    const parsed = parseRunQuery('status:done', shouting);
    expect(parsed).toEqual({
      ok: false,
      error: {
        message:
          'UNKNOWN STATUS DONE: USE COMPLETED, FAILED, INTERRUPTED OR RUNNING',
        offset: 7,
        length: 4
      }
    });
    expect(calls).toEqual([
      ['%1 or %2', ['completed, failed, interrupted', 'running']],
      [
        'Unknown %1 %2: use %3',
        ['status', 'done', 'COMPLETED, FAILED, INTERRUPTED OR RUNNING']
      ]
    ]);
  });

  it('never reads a redacted value, even one left in the record', () => {
    const leaked = makeRun(9, {
      params: {
        token: { value: 'sk-live-1234', source: REDACTED_SOURCE, type: 'str' }
      }
    });
    for (const text of ['sk-live', 'token ~ sk', 'token == "sk-live-1234"']) {
      expect(compile(text).matches(leaked)).toBe(false);
    }
    expect(compile('token').matches(leaked)).toBe(true);
  });

  it('reads words and names beyond ASCII', () => {
    const run = makeRun(11, {
      params: { température: param(0.5, 'float') },
      annotations: note('Réglage du café')
    });
    for (const text of ['CAFÉ', 'température > 0.4', 'temp -réglage2']) {
      expect(compile(text).matches(run)).toBe(true);
    }
    expect(compile('température > 0.6').matches(run)).toBe(false);
  });

  it('ignores names inherited from Object.prototype', () => {
    const run = makeRun(10, {});
    expect(compile('constructor ~ Object').matches(run)).toBe(false);
    expect(compile('toString != 1').matches(run)).toBe(false);
  });
});

describe('parseRunQuery on many runs', () => {
  const optimizers = ['sgd', 'adam', 'adamw'];
  const statuses = ['completed', 'failed', 'interrupted', 'running'] as const;
  const many: RunRow[] = [];
  for (let i = 1; i <= 100_000; i++) {
    many.push(
      makeRun(i, {
        status: statuses[i % 4],
        params: {
          lr: param((i % 100) / 1000, 'float'),
          optimizer: param(optimizers[i % 3]),
          prompt: param(`prompt number ${i}`)
        },
        metrics: { 'val/loss': { value: (i % 997) / 997 } },
        annotations: note(i % 10 === 0 ? 'keep' : '', i % 7 ? [] : ['sweep'])
      })
    );
  }

  it.each<[string, (run: RunRow) => boolean]>([
    [
      'lr >= 0.05 and optimizer == adam status:completed -tag:sweep or val/loss < 0.01',
      run => {
        const lr = run.params.lr.value as number;
        const loss = run.metrics['val/loss'].value;
        return (
          (lr >= 0.05 &&
            run.params.optimizer.value === 'adam' &&
            run.status === 'completed' &&
            !run.annotations.tags.includes('sweep')) ||
          loss < 0.01
        );
      }
    ],
    [
      '"number 9999"',
      run => `prompt number ${run.number}`.includes('number 9999')
    ],
    ['keep', run => run.annotations.note === 'keep']
  ])('filters 100,000 runs with %s', (text, expected) => {
    const query = compile(text);
    const found = many.filter(run => query.matches(run)).length;
    expect(found).toBe(many.filter(expected).length);
    expect(found).toBeGreaterThan(0);
  });
});

describe('parseRunQuery reads', () => {
  it.each<[string, Partial<IRunQuery['reads']>]>([
    [
      'val/accuracy < 0.8',
      { metrics: ['val/accuracy'], params: ['val/accuracy'] }
    ],
    [
      'metrics.loss > 2 and params.lr < 1',
      { metrics: ['loss'], params: ['lr'] }
    ],
    [
      'metrics.`a b` > 2 or loss > 1 or loss < 0',
      { metrics: ['a b', 'loss'], params: ['loss'] }
    ],
    ['status:failed', { metrics: [], qualifiers: ['status'] }],
    [
      'run.duration > 600 is:starred',
      { runFields: ['duration'], qualifiers: ['is'] }
    ],
    ['resnet', { metrics: [], params: [], freeText: true }],
    [
      'not (tag:x) -origin:here',
      { qualifiers: ['tag', 'origin'], freeText: false }
    ]
  ])('%s', (text, expected) => {
    expect(compile(text).reads).toMatchObject(expected);
  });
});
