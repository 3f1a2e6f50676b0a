import {
  extractMetrics,
  mergeMetrics,
  metricsFromPayload,
  metricsFromResult,
  RUNLOG_METRICS_MIME
} from './metrics';
import type { ICapturedOutput, IMetricRecord, JSONValue } from '../types';

type Metrics = { [name: string]: IMetricRecord };

function logged(metrics: JSONValue): ICapturedOutput {
  return {
    output_type: 'display_data',
    data: {
      [RUNLOG_METRICS_MIME]: { version: 1, metrics },
      'text/plain': '<runlog metrics>'
    },
    metadata: {},
    transient: { display_id: 'runlog-1' }
  };
}

function result(data: { [mime: string]: JSONValue }): ICapturedOutput {
  return {
    output_type: 'execute_result',
    execution_count: 3,
    data,
    metadata: {}
  };
}

describe('metricsFromPayload', () => {
  it.each<[string, unknown, Metrics]>([
    [
      'a scalar',
      { version: 1, metrics: { loss: { value: 0.3 } } },
      { loss: { value: 0.3 } }
    ],
    [
      'a series; value is its last point',
      {
        version: 1,
        metrics: {
          loss: {
            value: 9,
            series: [
              [1, 0.9],
              [2, 0.4]
            ]
          }
        }
      },
      {
        loss: {
          value: 0.4,
          series: [
            [1, 0.9],
            [2, 0.4]
          ]
        }
      }
    ],
    [
      'a series without a value',
      { version: 1, metrics: { acc: { series: [[0, 0.5]] } } },
      { acc: { value: 0.5, series: [[0, 0.5]] } }
    ],
    [
      'grouped names',
      {
        version: 1,
        metrics: { 'train/loss': { value: 1 }, 'val/loss': { value: 2 } }
      },
      { 'train/loss': { value: 1 }, 'val/loss': { value: 2 } }
    ],
    ['a bare number', { version: 1, metrics: { n: 4 } }, { n: { value: 4 } }],
    [
      'invalid series points dropped',
      {
        version: 1,
        metrics: {
          loss: {
            series: [[1, 0.5], [2, null], [3], 'x', [4, 0.25, 1], [5, 0.125]]
          }
        }
      },
      {
        loss: {
          value: 0.125,
          series: [
            [1, 0.5],
            [5, 0.125]
          ]
        }
      }
    ],
    [
      'a series of only invalid points falls back to value',
      { version: 1, metrics: { loss: { value: 2, series: [['a', 1]] } } },
      { loss: { value: 2 } }
    ],
    [
      'invalid metrics skipped, valid kept',
      {
        version: 1,
        metrics: {
          ok: { value: 1 },
          text: { value: '1' },
          flag: { value: true },
          missing: {},
          list: [1, 2],
          nothing: null,
          '': { value: 1 },
          ['x'.repeat(201)]: { value: 1 },
          ['y'.repeat(200)]: { value: 2 }
        }
      },
      { ok: { value: 1 }, ['y'.repeat(200)]: { value: 2 } }
    ],
    ['wrong version', { version: 2, metrics: { a: { value: 1 } } }, {}],
    ['missing version', { metrics: { a: { value: 1 } } }, {}],
    ['metrics not an object', { version: 1, metrics: [1] }, {}],
    ['not an object', 'loss=1', {}],
    ['null', null, {}],
    ['an array', [{ version: 1 }], {}]
  ])('%s', (_name, payload, expected) => {
    expect(metricsFromPayload(payload)).toEqual(expected);
  });

  it('refuses non-finite numbers, which JSON cannot carry anyway', () => {
    const payload = {
      version: 1,
      metrics: {
        nan: { value: NaN },
        inf: { value: Infinity },
        series: {
          series: [
            [1, NaN],
            [Infinity, 2],
            [3, 4]
          ]
        }
      }
    };
    expect(metricsFromPayload(payload)).toEqual({
      series: { value: 4, series: [[3, 4]] }
    });
  });

  it('keeps a metric named __proto__ as a plain entry', () => {
    const payload = JSON.parse(
      '{"version": 1, "metrics": {"__proto__": {"value": 1}}}'
    );
    const metrics = metricsFromPayload(payload);
    expect(Object.keys(metrics)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(metrics)).toBe(Object.prototype);
  });
});

describe('metricsFromResult', () => {
  it.each<[string, { [mime: string]: JSONValue }, Metrics]>([
    [
      'a dict repr',
      { 'text/plain': "{'acc': 0.91, 'loss': 0.2}" },
      { acc: { value: 0.91 }, loss: { value: 0.2 } }
    ],
    [
      'ints and negative numbers',
      { 'text/plain': "{'epochs': 3, 'delta': -1e-3}" },
      { epochs: { value: 3 }, delta: { value: -0.001 } }
    ],
    [
      'nested dicts flatten to a/b',
      {
        'text/plain': "{'train': {'loss': 1, 'acc': 0.5}, 'val': {'loss': 2}}"
      },
      {
        'train/loss': { value: 1 },
        'train/acc': { value: 0.5 },
        'val/loss': { value: 2 }
      }
    ],
    [
      'numpy scalar reprs',
      { 'text/plain': "{'acc': np.float64(0.91), 'n': np.int64(10)}" },
      { acc: { value: 0.91 }, n: { value: 10 } }
    ],
    [
      'multi-line repr as an array of lines',
      { 'text/plain': ["{'a': 1,\n", " 'b': 2}"] },
      { a: { value: 1 }, b: { value: 2 } }
    ],
    [
      'application/json preferred over text/plain',
      { 'application/json': { acc: 0.5 }, 'text/plain': "{'acc': 0.1}" },
      { acc: { value: 0.5 } }
    ],
    [
      'application/json nested',
      { 'application/json': { val: { f1: 0.7 } } },
      { 'val/f1': { value: 0.7 } }
    ],
    [
      'a JSON array falls back to text/plain',
      { 'application/json': [1, 2], 'text/plain': "{'a': 1}" },
      { a: { value: 1 } }
    ],
    ['a bool value', { 'text/plain': "{'acc': 0.9, 'ok': True}" }, {}],
    ['a string value', { 'text/plain': "{'acc': 0.9, 'model': 'gpt'}" }, {}],
    ['a None value', { 'text/plain': "{'acc': None}" }, {}],
    ['a list value', { 'text/plain': "{'acc': [0.9]}" }, {}],
    ['an empty dict', { 'text/plain': '{}' }, {}],
    ['an empty nested dict', { 'text/plain': "{'a': 1, 'b': {}}" }, {}],
    ['a numeric key', { 'text/plain': '{1: 0.5}' }, { '1': { value: 0.5 } }],
    ['an empty key', { 'text/plain': "{'': 0.5}" }, {}],
    ['a name too long', { 'text/plain': `{'${'n'.repeat(201)}': 1}` }, {}],
    ['a list', { 'text/plain': '[0.9, 0.1]' }, {}],
    ['a number', { 'text/plain': '0.91' }, {}],
    ['a set', { 'text/plain': '{0.9}' }, {}],
    ['a DataFrame repr', { 'text/plain': '   acc\n0  0.9' }, {}],
    ['a non-numpy call', { 'text/plain': "{'acc': tensor(0.9)}" }, {}],
    ['json with a bool', { 'application/json': { ok: true } }, {}],
    ['no text at all', { 'image/png': 'iVBOR' }, {}]
  ])('%s', (_name, data, expected) => {
    expect(metricsFromResult(data)).toEqual(expected);
  });

  it('refuses absurdly deep nesting', () => {
    let nested: JSONValue = { leaf: 1 };
    for (let i = 0; i < 20; i++) {
      nested = { level: nested };
    }
    expect(metricsFromResult({ 'application/json': nested })).toEqual({});
  });
});

describe('extractMetrics', () => {
  it('reads the helper bundle and a result mapping from one cell', () => {
    const outputs: ICapturedOutput[] = [
      { output_type: 'stream', name: 'stdout', text: 'training\n' },
      logged({
        loss: {
          value: 0.1,
          series: [
            [1, 0.5],
            [2, 0.1]
          ]
        }
      }),
      result({ 'text/plain': "{'acc': 0.9}" })
    ];
    expect(extractMetrics(outputs)).toEqual({
      loss: {
        value: 0.1,
        series: [
          [1, 0.5],
          [2, 0.1]
        ]
      },
      acc: { value: 0.9 }
    });
  });

  it('lets a later output override an earlier one for the same name', () => {
    const outputs = [
      logged({ loss: { value: 0.5 }, lr: { value: 0.1 } }),
      result({ 'text/plain': "{'loss': 0.25}" })
    ];
    expect(extractMetrics(outputs)).toEqual({
      loss: { value: 0.25 },
      lr: { value: 0.1 }
    });
  });

  it('reads mappings only from execute results', () => {
    const outputs: ICapturedOutput[] = [
      {
        output_type: 'display_data',
        data: { 'text/plain': "{'acc': 0.9}" },
        metadata: {}
      },
      { output_type: 'stream', name: 'stdout', text: "{'acc': 0.9}" }
    ];
    expect(extractMetrics(outputs)).toEqual({});
  });

  it('prefers the bundle when a result carries it', () => {
    const output = result({
      [RUNLOG_METRICS_MIME]: { version: 1, metrics: { a: { value: 1 } } },
      'text/plain': "{'b': 2}"
    });
    expect(extractMetrics([output])).toEqual({ a: { value: 1 } });
  });

  it('ignores malformed outputs', () => {
    const outputs = [
      null,
      'text',
      { output_type: 'execute_result', data: null },
      { output_type: 'execute_result', data: [1] },
      result({ 'text/plain': "{'ok': 1}" })
    ] as unknown as ICapturedOutput[];
    expect(extractMetrics(outputs)).toEqual({ ok: { value: 1 } });
  });

  it('returns nothing for no outputs', () => {
    expect(extractMetrics([])).toEqual({});
  });
});

describe('mergeMetrics', () => {
  it('lets a later cell replace a metric and keeps the rest', () => {
    const run: Metrics = {
      loss: { value: 1, series: [[1, 1]] },
      acc: { value: 0.5 }
    };
    const cell: Metrics = { loss: { value: 0.2 }, f1: { value: 0.7 } };
    const merged = mergeMetrics(run, cell);
    expect(merged).toBe(run);
    expect(run).toEqual({
      loss: { value: 0.2 },
      acc: { value: 0.5 },
      f1: { value: 0.7 }
    });
  });

  it('copies records so later changes to the source do not leak', () => {
    const cell: Metrics = { loss: { value: 1, series: [[1, 1]] } };
    const run = mergeMetrics({}, cell);
    cell.loss.series!.push([2, 0.5]);
    cell.loss.value = 0.5;
    expect(run).toEqual({ loss: { value: 1, series: [[1, 1]] } });
  });
});
