import { makeRun } from '../../store/__tests__/fixtures';
import { checkRunRecord } from '../bundle/bundleValidation';
import { DEFAULT_BUNDLE_LIMITS, UNTRANSLATED } from '../bundle/bundleFormat';
import { RUN_SHAPE } from '../bundle/bundleShapes';
import { IssueCollector } from '../bundle/issues';
import type { IRunRecord } from '../types';
import {
  historyMetricKeys,
  MAX_HISTORY_METRICS_PER_RUN,
  needsMetricHistories,
  seriesFromHistory,
  withMetricHistories
} from './metricHistory';

function pulledRun(overrides: Partial<IRunRecord> = {}): IRunRecord {
  return makeRun({
    number: 3,
    metrics: { loss: { value: 0.2 }, accuracy: { value: 0.7 } },
    cells: [],
    origin: {
      kind: 'mlflow',
      file: '127.0.0.1:5000',
      imported_at: '2025-01-02T00:00:00.000Z',
      mlflow_run_id: 'abc123',
      run_url: null
    },
    ...overrides
  });
}

describe('needsMetricHistories', () => {
  it('is true for a run pulled from MLflow whose histories were not fetched', () => {
    expect(needsMetricHistories(pulledRun())).toBe(true);
  });

  it.each([
    ['a local run', makeRun()],
    [
      'a run imported from a bundle',
      makeRun({
        origin: {
          kind: 'bundle',
          file: 'runs.json',
          imported_at: '2025-01-02T00:00:00.000Z'
        }
      })
    ],
    [
      'a pulled run whose histories were fetched',
      pulledRun({
        origin: {
          kind: 'mlflow',
          file: 'h',
          imported_at: '2025-01-02T00:00:00.000Z',
          mlflow_run_id: 'abc123',
          histories_fetched_at: '2025-01-03T00:00:00.000Z'
        }
      })
    ],
    ['a pulled run without metrics', pulledRun({ metrics: {} })],
    [
      'a pulled run without its MLflow run id',
      pulledRun({
        origin: {
          kind: 'mlflow',
          file: 'h',
          imported_at: '2025-01-02T00:00:00.000Z'
        }
      })
    ]
  ])('is false for %s', (_, run) => {
    expect(needsMetricHistories(run)).toBe(false);
  });
});

describe('historyMetricKeys', () => {
  it('asks for the metrics without a series, in name order, at most the bound', () => {
    const metrics: IRunRecord['metrics'] = {
      has_series: {
        value: 1,
        series: [
          [0, 0],
          [1, 1]
        ]
      }
    };
    for (let i = MAX_HISTORY_METRICS_PER_RUN + 9; i >= 0; i--) {
      metrics[`m${String(i).padStart(3, '0')}`] = { value: i };
    }
    const keys = historyMetricKeys({ metrics });
    expect(keys).toHaveLength(MAX_HISTORY_METRICS_PER_RUN);
    expect(keys[0]).toBe('m000');
    expect(keys).not.toContain('has_series');
    expect(keys).toEqual([...keys].sort());
    expect(historyMetricKeys({ metrics }, 2)).toEqual(['m000', 'm001']);
  });
});

describe('seriesFromHistory', () => {
  it('puts the points in step order', () => {
    expect(
      seriesFromHistory(
        [
          [2, 0.5],
          [0, 1],
          [1, 0.7]
        ],
        100
      )
    ).toEqual({
      ok: true,
      series: [
        [0, 1],
        [1, 0.7],
        [2, 0.5]
      ]
    });
  });

  it('thins a long history to the points per series, first and last kept', () => {
    const history = Array.from({ length: 1001 }, (_, i) => [i, i / 10]);
    const result = seriesFromHistory(history, 11);
    expect(result.ok).toBe(true);
    const series = (result as { series: [number, number][] }).series;
    expect(series).toHaveLength(11);
    expect(series[0]).toEqual([0, 0]);
    expect(series[10]).toEqual([1000, 100]);
    expect(series.map(([step]) => step)).toEqual([
      0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000
    ]);
  });

  it.each([
    ['no point', []],
    ['one point', [[0, 0.5]]]
  ])('gives no series for %s: a value logged once stays a scalar', (_, h) => {
    expect(seriesFromHistory(h, 100)).toEqual({ ok: true, series: null });
  });

  it.each([
    ['not a list', { 0: [0, 1] }],
    ['a fractional step', [[0.5, 1]]],
    ['a step beyond safe integers', [[2 ** 60, 1]]],
    ['a text value', [[1, '0.5']]],
    ['an infinite value', [[1, Infinity]]],
    ['a NaN value', [[1, NaN]]],
    ['a point with three members', [[1, 2, 3]]],
    ['a point that is an object', [{ step: 1, value: 2 }]]
  ])('refuses the whole history with %s', (_, history) => {
    const result = seriesFromHistory([[0, 1], ...[history].flat()], 100);
    const alone = seriesFromHistory(history, 100);
    for (const r of Array.isArray(history) ? [result, alone] : [alone]) {
      expect(r.ok).toBe(false);
      expect((r as { reason: string }).reason).toMatch(
        /not a list|not an integer step with a finite value/
      );
    }
  });
});

describe('withMetricHistories', () => {
  it('sets the fetched series, keeps the latest values and marks the run fetched', () => {
    const run = pulledRun();
    const updated = withMetricHistories(
      run,
      new Map([
        [
          'loss',
          [
            [0, 0.9],
            [1, 0.2]
          ]
        ],
        ['accuracy', null]
      ]),
      '2025-02-01T00:00:00.000Z'
    );
    expect(updated.metrics).toEqual({
      loss: {
        value: 0.2,
        series: [
          [0, 0.9],
          [1, 0.2]
        ]
      },
      accuracy: { value: 0.7 }
    });
    expect(updated.origin?.histories_fetched_at).toBe(
      '2025-02-01T00:00:00.000Z'
    );
    expect(updated.updated_at).toBe('2025-02-01T00:00:00.000Z');
    expect(needsMetricHistories(updated)).toBe(false);
    // The input is left as it was.
    expect(run.metrics.loss.series).toBeUndefined();
    expect(run.origin?.histories_fetched_at).toBeUndefined();
    // And the result is a valid run record (as bundles check them).
    const issues = new IssueCollector(UNTRANSLATED);
    checkRunRecord(updated, 0, DEFAULT_BUNDLE_LIMITS, issues, RUN_SHAPE);
    expect(issues.issues).toEqual([]);
  });

  it('keeps a metric named like an object member as a plain member', () => {
    const run = pulledRun({ metrics: { constructor: { value: 1 } } });
    const updated = withMetricHistories(
      run,
      new Map([
        [
          'constructor',
          [
            [0, 2],
            [1, 1]
          ]
        ]
      ]),
      '2025-02-01T00:00:00.000Z'
    );
    expect(Object.keys(updated.metrics)).toEqual(['constructor']);
    expect(updated.metrics['constructor'].series).toHaveLength(2);
  });
});
