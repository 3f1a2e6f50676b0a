/** Small statistics over timings (milliseconds). */

export function median(values) {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function min(values) {
  return Math.min(...values);
}

export function max(values) {
  return Math.max(...values);
}

/** `1234.5` → `1235 ms`; below 100 ms one decimal. */
export function ms(value) {
  return Number.isFinite(value)
    ? `${value < 100 ? value.toFixed(1) : Math.round(value)} ms`
    : 'n/a';
}

/** The timings as `median (min–max, n=7)`. */
export function spread(values) {
  return `${ms(median(values))} (${ms(min(values))}–${ms(max(values))}, n=${values.length})`;
}
