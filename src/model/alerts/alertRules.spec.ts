import { makeRun, param } from '../__fixtures__/queryRuns';
import { REDACTED_SOURCE } from '../redaction/redaction';
import type { RunRow } from '../runTable';
import { parseRunQuery } from '../query/runQuery';
import { AlertRules, alertRuleError } from './alertRules';

const TRAINING: RunRow = makeRun(7, {
  status: 'failed',
  duration_ms: 720_000,
  params: {
    lr: param(0.1, 'float'),
    api_key: {
      value: null,
      source: REDACTED_SOURCE,
      type: 'str',
      redacted: true
    },
    opaque: { value: null, source: '<object>', type: 'Model', exact: false }
  },
  metrics: {
    'train/loss': {
      value: 0.4,
      series: [
        [0, 1.2],
        [10, 1.9],
        [20, 2.6],
        [30, 3.1],
        [40, 0.4]
      ]
    },
    'val/accuracy': { value: 0.91 },
    weird: { value: Number.NaN, series: [[1, Number.NaN]] }
  }
});

function closedRunFirings(rules: string[], run: RunRow = TRAINING) {
  return new AlertRules(rules).checkRun(run, new Set());
}

describe('AlertRules.checkRun (a closed run)', () => {
  it.each<[string, string, object | null]>([
    // Series crossing: the first point past the threshold is reported.
    [
      'series crossing',
      'train/loss > 2',
      { subject: 'train/loss', value: 2.6, step: 20 }
    ],
    [
      'crossing with metrics. prefix',
      'metrics.train/loss >= 3',
      { subject: 'train/loss', value: 3.1, step: 30 }
    ],
    [
      'crossing combined with a status',
      'train/loss > 2 and status:failed',
      { subject: 'train/loss', value: 2.6, step: 20 }
    ],
    ['crossing that never happens', 'train/loss > 5', null],
    // A scalar metric: the run's value, no step.
    [
      'scalar metric',
      'val/accuracy > 0.9',
      { subject: 'val/accuracy', value: 0.91, step: null }
    ],
    ['scalar metric not matching', 'val/accuracy < 0.8', null],
    // Missing metrics never fire, even negated.
    ['missing metric', 'val/loss > 0', null],
    ['missing metric negated', 'not val/loss < 5', null],
    ['missing metric in !=', 'val/loss != 1', null],
    // NaN satisfies no comparison.
    ['NaN <', 'weird < 100', null],
    ['NaN !=', 'weird != 1', null],
    // Redacted and inexact parameters never fire.
    ['redacted param ==', 'api_key == "x"', null],
    ['redacted param !=', 'api_key != "x"', null],
    ['redacted param negated', 'not params.api_key == "x"', null],
    ['inexact param', 'opaque != 1', null],
    ['exact param', 'lr >= 0.1', { subject: 'lr', value: null, step: null }],
    // Status and duration rules.
    [
      'status',
      'status:failed',
      { subject: 'status', value: 'failed', step: null }
    ],
    ['other status', 'status:completed', null],
    [
      'run.duration',
      'run.duration > 600',
      { subject: 'run.duration', value: 720, step: null }
    ],
    ['run.duration below', 'run.duration > 800', null],
    [
      'or of a status and a missing metric',
      'val/loss > 1 or status:failed',
      { subject: 'status', value: 'failed', step: null }
    ]
  ])('%s: %s', (_, rule, expected) => {
    const firings = closedRunFirings([rule]);
    if (expected === null) {
      expect(firings).toEqual([]);
    } else {
      expect(firings).toEqual([{ rule, ...expected }]);
    }
  });

  it('never shows a redacted value', () => {
    const firings = closedRunFirings(['api_key ~ "" or status:failed']);
    expect(JSON.stringify(firings)).not.toContain(REDACTED_SOURCE);
  });

  it('leaves out rules fired already (a rule fires once per run)', () => {
    const rules = new AlertRules(['train/loss > 2', 'status:failed']);
    const firings = rules.checkRun(TRAINING, new Set(['train/loss > 2']));
    expect(firings.map(f => f.rule)).toEqual(['status:failed']);
  });
});

describe('AlertRules.checkValue (an open run, one new value)', () => {
  const open = makeRun(8, {
    status: 'running',
    ended_at: null,
    duration_ms: null,
    params: { lr: param(0.1, 'float') },
    metrics: {}
  });
  const rules = new AlertRules([
    'train/loss > 2',
    'train/loss > 2 and lr > 0.5',
    'val/accuracy < 0.8',
    'status:failed',
    'run.duration > 1'
  ]);

  it.each<[string, number, string[]]>([
    ['train/loss', 1.5, []],
    ['train/loss', 2.5, ['train/loss > 2']],
    ['val/accuracy', 0.5, ['val/accuracy < 0.8']],
    ['val/accuracy', Number.NaN, []],
    ['other', 100, []]
  ])('%s = %s fires %j', (metric, value, expected) => {
    const firings = rules.checkValue(open, metric, value, 40, new Set());
    expect(firings.map(f => f.rule)).toEqual(expected);
    for (const firing of firings) {
      expect(firing).toMatchObject({ subject: metric, value, step: 40 });
    }
  });

  it('checks only the rules that read the metric', () => {
    expect(rules.readingMetric('train/loss').map(r => r.source)).toEqual([
      'train/loss > 2',
      'train/loss > 2 and lr > 0.5'
    ]);
    expect(rules.readingMetric('status')).toEqual([]);
  });

  it('a rule fired already does not fire again on a second crossing', () => {
    const fired = new Set<string>();
    const first = rules.checkValue(open, 'train/loss', 3, 40, fired);
    first.forEach(f => fired.add(f.rule));
    expect(rules.checkValue(open, 'train/loss', 0.1, 50, fired)).toEqual([]);
    expect(rules.checkValue(open, 'train/loss', 4, 60, fired)).toEqual([]);
  });

  it('leaves the run it was given as it was', () => {
    rules.checkValue(open, 'train/loss', 3, 1, new Set());
    expect(open.metrics).toEqual({});
  });
});

describe('bad rules', () => {
  it.each<[unknown, string, number]>([
    ['train/loss >', 'Expected a value after >', 12],
    [
      'status:broken',
      'Unknown status broken: use completed, failed, interrupted or running',
      7
    ],
    ['run.length > 1', 'Unknown run field run.length', 0],
    ['(loss > 1', 'Missing )', 0],
    ['  ', 'The rule is empty', 0],
    [42, 'A rule must be a string', 0]
  ])('%j is ignored with its message', (rule, message, offset) => {
    const compiled = new AlertRules(['loss > 1', rule, 'status:failed']);
    expect(compiled.rules.map(r => r.source)).toEqual([
      'loss > 1',
      'status:failed'
    ]);
    expect(compiled.problems).toHaveLength(1);
    const [problem] = compiled.problems;
    expect(problem.index).toBe(1);
    expect(problem.error.message).toContain(message);
    expect(problem.error.offset).toBe(offset);
  });

  it('gives the parser’s own message and position', () => {
    const parsed = parseRunQuery('loss > 1 and');
    expect(parsed.ok).toBe(false);
    expect(alertRuleError('loss > 1 and')).toEqual(
      !parsed.ok ? parsed.error : null
    );
    expect(alertRuleError('loss > 1')).toBeNull();
  });
});

describe('is:alerted', () => {
  it('filters runs that have alerts', () => {
    const query = parseRunQuery('is:alerted');
    const alerted = makeRun(1, {
      alerts: [{ rule: 'x > 1', at: '', subject: 'x', value: 2, step: null }]
    });
    expect(query.ok && query.query?.matches(alerted)).toBe(true);
    expect(query.ok && query.query?.matches(makeRun(2, {}))).toBe(false);
  });
});
