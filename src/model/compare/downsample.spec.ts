import { lttb, Point } from './downsample';

function line(count: number, y: (x: number) => number): Point[] {
  return Array.from({ length: count }, (_, x): Point => [x, y(x)]);
}

describe('lttb', () => {
  it.each([
    [0, 10],
    [1, 10],
    [10, 10],
    [5, 100]
  ])('returns %i points unchanged for threshold %i', (count, threshold) => {
    const points = line(count, x => x * x);
    expect(lttb(points, threshold)).toBe(points);
  });

  it('returns the input when the threshold is not finite', () => {
    const points = line(50, x => x);
    expect(lttb(points, Infinity)).toBe(points);
    expect(lttb(points, NaN)).toBe(points);
  });

  it.each([2, 3, 7, 100, 999])(
    'returns exactly %i points, first and last kept, x ascending',
    threshold => {
      const points = line(1000, x => Math.sin(x / 20));
      const sampled = lttb(points, threshold);
      expect(sampled).toHaveLength(threshold);
      expect(sampled[0]).toBe(points[0]);
      expect(sampled[threshold - 1]).toBe(points[999]);
      for (let index = 1; index < sampled.length; index++) {
        expect(sampled[index][0]).toBeGreaterThan(sampled[index - 1][0]);
      }
    }
  );

  it('only returns points of the input', () => {
    const points = line(500, x => Math.cos(x / 7) * x);
    const inputs = new Set(points);
    for (const point of lttb(points, 40)) {
      expect(inputs.has(point)).toBe(true);
    }
  });

  it('treats a threshold below 2 as first and last point', () => {
    const points = line(20, x => x);
    expect(lttb(points, 1)).toEqual([
      [0, 0],
      [19, 19]
    ]);
    expect(lttb(points, 2.9)).toHaveLength(2);
  });

  it('keeps isolated spikes and dips that every-nth sampling would miss', () => {
    const points = line(10_000, () => 1);
    points[3_337] = [3_337, 50];
    points[6_661] = [6_661, -40];
    const sampled = lttb(points, 100);
    const ys = sampled.map(point => point[1]);
    expect(Math.max(...ys)).toBe(50);
    expect(Math.min(...ys)).toBe(-40);
    const everyHundredth = points.filter((_, index) => index % 100 === 0);
    expect(everyHundredth.some(point => point[1] !== 1)).toBe(false);
  });

  it('preserves the shape of a sine wave: every extreme of each period', () => {
    const period = 1_000;
    const points = line(10 * period, x => Math.sin((2 * Math.PI * x) / period));
    const sampled = lttb(points, 200);
    // Each period's peak and trough are near ±1 in the sample.
    for (let cycle = 0; cycle < 10; cycle++) {
      const inCycle = sampled.filter(
        ([x]) => x >= cycle * period && x < (cycle + 1) * period
      );
      const ys = inCycle.map(point => point[1]);
      expect(Math.max(...ys)).toBeGreaterThan(0.98);
      expect(Math.min(...ys)).toBeLessThan(-0.98);
    }
  });

  it('sorts input whose x is not ascending, keeping the input untouched', () => {
    const ascending = line(300, x => (x % 37) - x / 10);
    const shuffled = ascending.slice().reverse();
    const before = shuffled.slice();
    expect(lttb(shuffled, 30)).toEqual(lttb(ascending, 30));
    expect(shuffled).toEqual(before);
  });

  it('drops non-finite points before bucketing', () => {
    const points = line(100, x => (x % 2 === 0 ? NaN : x));
    points[51] = [51, Infinity];
    const sampled = lttb(points, 10);
    expect(sampled).toHaveLength(10);
    expect(sampled.every(([, y]) => Number.isFinite(y))).toBe(true);
    expect(sampled[0]).toEqual([1, 1]);
    expect(sampled[9]).toEqual([99, 99]);
  });

  it('returns the finite points when fewer than the threshold remain', () => {
    const points = line(30, x => (x < 25 ? NaN : x));
    expect(lttb(points, 10)).toEqual(points.slice(25));
  });

  it('reads each point a bounded number of times, whatever the threshold', () => {
    // What keeps a million points cheap: one pass per bucket, never a scan of
    // every point per kept point. Counted through the points' indices.
    const readsPerPoint = (count: number, threshold: number) => {
      const points = line(count, x => Math.sin(x / 1000) + (x % 13) / 100);
      let reads = 0;
      const counted = new Proxy(points, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) {
            reads++;
          }
          return Reflect.get(target, key, receiver);
        }
      });
      expect(lttb(counted, threshold)).toHaveLength(threshold);
      return reads / count;
    };
    const few = readsPerPoint(100_000, 100);
    const many = readsPerPoint(100_000, 10_000);
    // About 7: every point is checked, compared with its neighbour, averaged
    // into the next bucket's mean and weighed. A scan per kept point would
    // read each point about `threshold` times.
    expect(few).toBeLessThanOrEqual(10);
    expect(many).toBeLessThanOrEqual(10);
  });
});
