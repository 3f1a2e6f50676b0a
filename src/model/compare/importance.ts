/**
 * Which parameters go with a metric, across runs. Pure functions.
 *
 * This is correlation, not causation, and with a handful of runs it is noise:
 * every result says how many runs it used and whether it is worth reading.
 */
import type { IRunRecord, JSONValue } from '../types';

/** What importance needs of a run (an `IRunSummary` fits). */
export type ImportanceRun = Pick<IRunRecord, 'params' | 'metrics'>;

/** Fewer runs than this and a correlation is flagged unreliable. */
export const MIN_RELIABLE_RUNS = 5;

export type ImportanceMethod = 'spearman' | 'pearson';

export type UnreliableReason =
  /** Fewer than `MIN_RELIABLE_RUNS` runs have both the parameter and the metric. */
  | 'too-few-runs'
  /** The parameter has one value over those runs. */
  | 'constant-param'
  /** The metric has one value over those runs. */
  | 'constant-metric'
  /** A categorical parameter with about as many values as runs. */
  | 'too-many-categories';

export interface IParamImportance {
  param: string;
  /**
   * `numeric` when every value is a finite number; otherwise `categorical`
   * (strings, booleans, lists and objects, compared by their JSON).
   */
  kind: 'numeric' | 'categorical';
  /**
   * The number to rank by: for a numeric parameter the chosen correlation
   * (signed, -1…1: negative means the metric falls as the parameter grows);
   * for a categorical one the correlation ratio η (0…1, no sign). Null when
   * undefined (a constant parameter or metric, or under two runs).
   */
  importance: number | null;
  /** Pearson's r (linear), numeric parameters only. */
  pearson: number | null;
  /** Spearman's ρ (Pearson's r of the ranks: any monotonic relation), numeric only. */
  spearman: number | null;
  /** Correlation ratio η, categorical parameters only. */
  eta: number | null;
  /** Runs used: those having both a value for the parameter and the metric. */
  n: number;
  /** Distinct parameter values over those runs. */
  distinct: number;
  reliable: boolean;
  /** Why `reliable` is false; undefined when reliable. */
  reason?: UnreliableReason;
}

export interface IImportanceOptions {
  /**
   * The correlation numeric parameters rank by. Spearman by default:
   * hyperparameters such as a learning rate span decades and act
   * monotonically but rarely linearly, which Pearson's r understates.
   */
  method?: ImportanceMethod;
}

/**
 * Importance of every parameter for `metric` over `runs`.
 *
 * Parameter values that are missing, `null` (Python's `None`) or not
 * JSON-representable leave that run out for that parameter, as does a metric
 * value that is not finite. A parameter is `reliable` with at least
 * `MIN_RELIABLE_RUNS` runs, some variance in both parameter and metric and,
 * if categorical, at most one distinct value per two runs (η of n singleton
 * groups is always 1, so it needs repeated values to mean anything).
 *
 * Sorted by |importance|, largest first; null importances last; ties by name.
 */
export function parameterImportance(
  runs: readonly ImportanceRun[],
  metric: string,
  options: IImportanceOptions = {}
): IParamImportance[] {
  const method = options.method ?? 'spearman';
  const columns = new Map<string, { values: JSONValue[]; metric: number[] }>();
  for (const run of runs) {
    const metricValue = run.metrics[metric]?.value;
    if (typeof metricValue !== 'number' || !Number.isFinite(metricValue)) {
      continue;
    }
    for (const [name, param] of Object.entries(run.params)) {
      if (param.value === null || param.value === undefined) {
        continue;
      }
      let column = columns.get(name);
      if (!column) {
        column = { values: [], metric: [] };
        columns.set(name, column);
      }
      column.values.push(param.value);
      column.metric.push(metricValue);
    }
  }
  const results: IParamImportance[] = [];
  for (const [name, column] of columns) {
    results.push(importanceOf(name, column.values, column.metric, method));
  }
  return results.sort(byMagnitude);
}

function importanceOf(
  param: string,
  values: JSONValue[],
  metric: number[],
  method: ImportanceMethod
): IParamImportance {
  const n = values.length;
  const numeric = values.every(
    value => typeof value === 'number' && Number.isFinite(value)
  );
  const keys = numeric ? values.map(String) : values.map(categoryKey);
  const distinct = new Set(keys).size;
  const result: IParamImportance = {
    param,
    kind: numeric ? 'numeric' : 'categorical',
    importance: null,
    pearson: null,
    spearman: null,
    eta: null,
    n,
    distinct,
    reliable: false
  };
  if (n < 2) {
    return { ...result, reason: 'too-few-runs' };
  }
  if (distinct < 2) {
    return { ...result, reason: 'constant-param' };
  }
  if (isConstant(metric)) {
    return { ...result, reason: 'constant-metric' };
  }
  let reason: UnreliableReason | undefined =
    n < MIN_RELIABLE_RUNS ? 'too-few-runs' : undefined;
  if (numeric) {
    const xs = values as number[];
    result.pearson = pearson(xs, metric);
    result.spearman = spearman(xs, metric);
    result.importance = method === 'pearson' ? result.pearson : result.spearman;
  } else {
    result.eta = correlationRatio(keys, metric);
    result.importance = result.eta;
    if (!reason && distinct * 2 > n) {
      reason = 'too-many-categories';
    }
  }
  return reason ? { ...result, reason } : { ...result, reliable: true };
}

function categoryKey(value: JSONValue): string {
  return typeof value === 'string' ? `s:${value}` : `j:${stableJson(value)}`;
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are one category. */
export function stableJson(value: JSONValue): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys
      .map(key => `${JSON.stringify(key)}:${stableJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function byMagnitude(a: IParamImportance, b: IParamImportance): number {
  if (a.importance === null || b.importance === null) {
    if (a.importance !== b.importance) {
      return a.importance === null ? 1 : -1;
    }
  } else {
    const difference = Math.abs(b.importance) - Math.abs(a.importance);
    if (difference !== 0) {
      return difference;
    }
  }
  return a.param < b.param ? -1 : a.param > b.param ? 1 : 0;
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) {
    sum += value;
  }
  return sum / values.length;
}

/**
 * Whether all values are equal. Tested by equality, not by a zero variance:
 * the mean of three 0.1s is not exactly 0.1, so their variance is not 0.
 */
function isConstant(values: readonly number[]): boolean {
  return values.every(value => value === values[0]);
}

/**
 * Pearson's correlation coefficient of two equally long samples; null when
 * either has no variance (or fewer than two values).
 */
export function pearson(
  xs: readonly number[],
  ys: readonly number[]
): number | null {
  if (xs.length !== ys.length) {
    throw new RangeError('pearson: samples differ in length');
  }
  if (xs.length < 2 || isConstant(xs) || isConstant(ys)) {
    return null;
  }
  const meanX = mean(xs);
  const meanY = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let index = 0; index < xs.length; index++) {
    const dx = xs[index] - meanX;
    const dy = ys[index] - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) {
    return null;
  }
  // Clamp rounding overshoot (1.0000000000000002) into the valid range.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Ranks from 1, ties given the mean of the ranks they span. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((_, index) => index);
  order.sort((a, b) => values[a] - values[b]);
  const result = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) {
      end++;
    }
    // Positions start…end-1 hold ranks start+1…end: their mean.
    const rank = (start + 1 + end) / 2;
    for (let position = start; position < end; position++) {
      result[order[position]] = rank;
    }
    start = end;
  }
  return result;
}

/** Spearman's rank correlation (ties averaged); null without variance. */
export function spearman(
  xs: readonly number[],
  ys: readonly number[]
): number | null {
  return pearson(ranks(xs), ranks(ys));
}

/**
 * The correlation ratio η of a numeric sample grouped by category keys:
 * the square root of the between-group share of the variance. 0 when the
 * group means are equal, 1 when each group is constant. Null without variance.
 */
export function correlationRatio(
  groups: readonly string[],
  ys: readonly number[]
): number | null {
  if (groups.length !== ys.length) {
    throw new RangeError('correlationRatio: samples differ in length');
  }
  if (ys.length < 2 || isConstant(ys)) {
    return null;
  }
  const overall = mean(ys);
  const sums = new Map<string, { sum: number; count: number }>();
  let total = 0;
  for (let index = 0; index < ys.length; index++) {
    total += (ys[index] - overall) ** 2;
    const group = sums.get(groups[index]) ?? { sum: 0, count: 0 };
    group.sum += ys[index];
    group.count += 1;
    sums.set(groups[index], group);
  }
  let between = 0;
  for (const { sum, count } of sums.values()) {
    between += count * (sum / count - overall) ** 2;
  }
  return Math.min(1, Math.sqrt(between / total));
}
