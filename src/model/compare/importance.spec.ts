import {
  correlationRatio,
  IParamImportance,
  ImportanceRun,
  parameterImportance,
  pearson,
  ranks,
  spearman,
  stableJson
} from './importance';
import type { JSONValue } from '../types';

/** Runs from rows of parameter values and a metric value (`undefined` = absent). */
function runsOf(
  rows: { params: { [name: string]: JSONValue | undefined }; loss?: number }[]
): ImportanceRun[] {
  return rows.map(row => {
    const params: ImportanceRun['params'] = {};
    for (const [name, value] of Object.entries(row.params)) {
      if (value !== undefined) {
        params[name] = { value, source: JSON.stringify(value), type: 'x' };
      }
    }
    const metrics: ImportanceRun['metrics'] = {};
    if (row.loss !== undefined) {
      metrics.loss = { value: row.loss };
    }
    return { params, metrics };
  });
}

function byName(results: IParamImportance[]): Map<string, IParamImportance> {
  return new Map(results.map(result => [result.param, result]));
}

/** A deterministic pseudo-random sequence in [0, 1). */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

describe('pearson', () => {
  it.each([
    ['perfect linear', [1, 2, 3, 4], [3, 5, 7, 9], 1],
    ['perfectly anti', [1, 2, 3, 4], [8, 6, 4, 2], -1],
    ['uncorrelated by construction', [1, 2, 3, 4], [1, -1, -1, 1], 0]
  ])('%s', (_, xs, ys, expected) => {
    expect(pearson(xs, ys)).toBeCloseTo(expected, 12);
  });

  it('matches a hand-computed value', () => {
    // x̄ = 2, ȳ = 3; Σdxdy = 2 + 0 + 1 = 3, Σdx² = 2, Σdy² = 4 + 1 + 1 = 6.
    expect(pearson([1, 2, 3], [1, 4, 4])).toBeCloseTo(3 / Math.sqrt(2 * 6), 12);
  });

  it.each([
    [
      [1, 1, 1],
      [1, 2, 3]
    ],
    [
      [1, 2, 3],
      [0.1, 0.1, 0.1]
    ],
    [[5], [6]]
  ])('is null without variance or with one value: %j %j', (xs, ys) => {
    expect(pearson(xs, ys)).toBeNull();
  });

  it('rejects samples of different lengths', () => {
    expect(() => pearson([1, 2], [1])).toThrow(RangeError);
  });
});

describe('ranks and spearman', () => {
  it.each([
    [
      [10, 30, 20],
      [1, 3, 2]
    ],
    [
      [5, 5, 1],
      [2.5, 2.5, 1]
    ],
    [
      [2, 2, 2, 2],
      [2.5, 2.5, 2.5, 2.5]
    ],
    [[], []]
  ])('ranks %j as %j', (values, expected) => {
    expect(ranks(values)).toEqual(expected);
  });

  it('is 1 for a monotonic but non-linear relation, where pearson is not', () => {
    const xs = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1];
    const ys = xs.map(x => Math.log10(x));
    expect(spearman(xs, ys)).toBeCloseTo(1, 12);
    expect(pearson(xs, ys)!).toBeLessThan(0.8);
  });
});

describe('correlationRatio', () => {
  it('is 1 when each group is constant and groups differ', () => {
    expect(correlationRatio(['a', 'a', 'b', 'b'], [1, 1, 5, 5])).toBeCloseTo(
      1,
      12
    );
  });

  it('is 0 when the group means are equal', () => {
    expect(correlationRatio(['a', 'a', 'b', 'b'], [1, 3, 3, 1])).toBeCloseTo(
      0,
      12
    );
  });

  it('equals |r| of the 0/1 coding for two groups', () => {
    const groups = ['x', 'y', 'x', 'y', 'y', 'x'];
    const ys = [1, 4, 2, 3, 7, 0.5];
    const coded = groups.map(group => (group === 'y' ? 1 : 0));
    expect(correlationRatio(groups, ys)).toBeCloseTo(
      Math.abs(pearson(coded, ys)!),
      12
    );
  });

  it('is null for a constant sample', () => {
    expect(correlationRatio(['a', 'b'], [2, 2])).toBeNull();
  });
});

describe('stableJson', () => {
  it('ignores object key order', () => {
    expect(stableJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(
      stableJson({ a: [1, { c: 3, d: 2 }], b: 1 })
    );
  });
});

describe('parameterImportance', () => {
  const random = sequence(7);
  const rows = Array.from({ length: 40 }, (_, index) => {
    const lr = index + 1;
    const noise = random();
    return {
      params: {
        lr,
        decay: 100 - 2 * lr,
        noise,
        constant: 3,
        optimizer: index % 2 === 0 ? 'adam' : 'sgd',
        seed: index
      },
      loss: 0.5 * lr + 10
    };
  });
  const results = byName(parameterImportance(runsOf(rows), 'loss'));

  it('gives 1 for a perfectly linear parameter and -1 for an anti one', () => {
    const lr = results.get('lr')!;
    expect(lr).toMatchObject({ kind: 'numeric', n: 40, reliable: true });
    expect(lr.importance).toBeCloseTo(1, 12);
    expect(lr.pearson).toBeCloseTo(1, 12);
    expect(results.get('decay')!.importance).toBeCloseTo(-1, 12);
  });

  it('gives about 0 for an independent parameter', () => {
    const noise = results.get('noise')!;
    expect(noise.reliable).toBe(true);
    expect(Math.abs(noise.importance!)).toBeLessThan(0.35);
  });

  it('flags a constant parameter with a null importance', () => {
    expect(results.get('constant')).toMatchObject({
      importance: null,
      reliable: false,
      reason: 'constant-param',
      n: 40,
      distinct: 1
    });
  });

  it('gives a categorical parameter its correlation ratio', () => {
    const optimizer = results.get('optimizer')!;
    expect(optimizer.kind).toBe('categorical');
    expect(optimizer.pearson).toBeNull();
    const coded = rows.map(row => (row.params.optimizer === 'adam' ? 1 : 0));
    const losses = rows.map(row => row.loss);
    expect(optimizer.eta).toBeCloseTo(Math.abs(pearson(coded, losses)!), 12);
    expect(optimizer.importance).toBe(optimizer.eta);
    expect(optimizer.reliable).toBe(true);
  });

  it('sorts by |importance|, null last', () => {
    const sorted = parameterImportance(runsOf(rows), 'loss');
    const order = sorted.map(result => result.param);
    expect(order.slice(0, 3).sort()).toEqual(['decay', 'lr', 'seed']);
    expect(order.slice(3, 5).sort()).toEqual(['noise', 'optimizer']);
    expect(order[5]).toBe('constant');
    const magnitudes = sorted
      .filter(result => result.importance !== null)
      .map(result => Math.abs(result.importance!));
    expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));
  });

  it('breaks ties by name', () => {
    const runs = runsOf(
      [3, 1, 2, 5, 4].map(x => ({ params: { zeta: x, alpha: x }, loss: x }))
    );
    expect(parameterImportance(runs, 'loss').map(r => r.param)).toEqual([
      'alpha',
      'zeta'
    ]);
  });

  it('uses pearson when asked, spearman by default', () => {
    const curved = runsOf(
      [1, 2, 3, 4, 5, 6].map(x => ({ params: { x }, loss: x ** 4 }))
    );
    const [bySpearman] = parameterImportance(curved, 'loss');
    const [byPearson] = parameterImportance(curved, 'loss', {
      method: 'pearson'
    });
    expect(bySpearman.importance).toBeCloseTo(1, 12);
    expect(byPearson.importance).toBe(byPearson.pearson);
    expect(byPearson.importance!).toBeLessThan(0.99);
  });

  it.each([
    ['too few runs', 4, 'too-few-runs'],
    ['enough runs', 5, undefined]
  ])('%s (%i) sets reliable accordingly', (_, count, reason) => {
    const runs = runsOf(
      Array.from({ length: count }, (__, index) => ({
        params: { x: index },
        loss: index * 2
      }))
    );
    const [result] = parameterImportance(runs, 'loss');
    expect(result.importance).toBeCloseTo(1, 12);
    expect(result.reason).toBe(reason);
    expect(result.reliable).toBe(reason === undefined);
  });

  it('counts only runs with both the parameter and a finite metric', () => {
    const runs = runsOf([
      { params: { x: 1 }, loss: 1 },
      { params: { x: 2 }, loss: 2 },
      { params: { x: 3 }, loss: NaN },
      { params: { x: 4 } },
      { params: { x: null }, loss: 5 },
      { params: {}, loss: 6 },
      { params: { x: 5 }, loss: 3 }
    ]);
    const [result] = parameterImportance(runs, 'loss');
    expect(result.n).toBe(3);
    expect(result.reason).toBe('too-few-runs');
  });

  it('flags a constant metric', () => {
    const runs = runsOf(
      [1, 2, 3, 4, 5, 6].map(x => ({ params: { x }, loss: 0.1 }))
    );
    expect(parameterImportance(runs, 'loss')[0]).toMatchObject({
      importance: null,
      reason: 'constant-metric'
    });
  });

  it('treats mixed numbers and strings as categorical', () => {
    const runs = runsOf(
      ['auto', 1, 2, 'auto', 1, 2].map((depth, index) => ({
        params: { depth },
        loss: index
      }))
    );
    expect(parameterImportance(runs, 'loss')[0].kind).toBe('categorical');
  });

  it('flags a categorical parameter with a value per run', () => {
    const runs = runsOf(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((name, index) => ({
        params: { name },
        loss: index
      }))
    );
    const [result] = parameterImportance(runs, 'loss');
    // Singleton groups explain everything: η is 1 and means nothing.
    expect(result.importance).toBeCloseTo(1, 12);
    expect(result).toMatchObject({
      reliable: false,
      reason: 'too-many-categories',
      distinct: 6
    });
  });

  it('treats objects with the same content as one category', () => {
    const configs: JSONValue[] = [
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      { a: 1, b: 2 },
      { a: 9 },
      { a: 9 },
      { a: 9 }
    ];
    const runs = runsOf(
      configs.map((config, index) => ({ params: { config }, loss: index }))
    );
    expect(parameterImportance(runs, 'loss')[0].distinct).toBe(2);
  });

  it('returns nothing when no run has the metric', () => {
    expect(parameterImportance(runsOf([{ params: { x: 1 } }]), 'loss')).toEqual(
      []
    );
  });
});
