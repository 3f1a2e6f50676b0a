/**
 * Down-sampling of metric series for charts. Pure functions.
 *
 * A series of a million steps would freeze Vega; a chart a few hundred pixels
 * wide cannot show more than about one point per pixel anyway.
 */

/** A `[x, y]` pair, e.g. `[step, value]`. */
export type Point = [number, number];

/**
 * Largest-triangle-three-buckets down-sampling (Steinarsson, 2013): keeps the
 * first and the last point and, from each of `threshold - 2` equal buckets in
 * between, the point forming the largest triangle with the previously kept
 * point and the mean of the next bucket. Peaks and troughs survive, unlike
 * with every-nth-point sampling.
 *
 * Expects x ascending; input that is not is sorted (stably) by x first.
 * Points with a non-finite x or y (a diverged loss) are dropped before
 * bucketing: they cannot be drawn, and one NaN would spoil a bucket's mean.
 *
 * Returns `points` itself when it has no more than `threshold` points (or the
 * threshold is not finite); otherwise a new array of at most `threshold`
 * points, exactly `threshold` when that many are finite (a threshold below 2
 * counts as 2: first and last point).
 */
export function lttb(points: Point[], threshold: number): Point[] {
  if (!Number.isFinite(threshold) || points.length <= threshold) {
    return points;
  }
  const target = Math.max(2, Math.floor(threshold));
  if (points.length <= target) {
    return points;
  }
  const finite = points.every(isFinitePoint)
    ? points
    : points.filter(isFinitePoint);
  if (finite.length <= target) {
    return finite;
  }
  const data = isAscending(finite) ? finite : sortedByX(finite);
  const count = data.length;
  const sampled: Point[] = new Array(target);
  sampled[0] = data[0];
  // Buckets cover the points between the first and the last one.
  const bucketSize = (count - 2) / (target - 2);
  let kept = 0;
  for (let bucket = 0; bucket < target - 2; bucket++) {
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.floor((bucket + 1) * bucketSize) + 1;
    // The mean of the next bucket (the last point for the last bucket).
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, count);
    let meanX = 0;
    let meanY = 0;
    for (let index = nextStart; index < nextEnd; index++) {
      meanX += data[index][0];
      meanY += data[index][1];
    }
    const nextCount = nextEnd - nextStart;
    meanX /= nextCount;
    meanY /= nextCount;

    const [keptX, keptY] = data[kept];
    let largestArea = -1;
    let chosen = start;
    for (let index = start; index < end; index++) {
      // Twice the triangle's area; the factor does not change the choice.
      const area = Math.abs(
        (keptX - meanX) * (data[index][1] - keptY) -
          (keptX - data[index][0]) * (meanY - keptY)
      );
      if (area > largestArea) {
        largestArea = area;
        chosen = index;
      }
    }
    sampled[bucket + 1] = data[chosen];
    kept = chosen;
  }
  sampled[target - 1] = data[count - 1];
  return sampled;
}

function isFinitePoint(point: Point): boolean {
  return Number.isFinite(point[0]) && Number.isFinite(point[1]);
}

function isAscending(points: Point[]): boolean {
  for (let index = 1; index < points.length; index++) {
    if (points[index][0] < points[index - 1][0]) {
      return false;
    }
  }
  return true;
}

function sortedByX(points: Point[]): Point[] {
  // Array.prototype.sort is stable, so equal steps keep their logged order.
  return points.slice().sort((a, b) => a[0] - b[0]);
}
