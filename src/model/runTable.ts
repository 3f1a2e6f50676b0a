/**
 * Columns and sorting of the runs table.
 *
 * Pure logic: the table widget asks these functions which columns to show and
 * in which order, so the rules are testable without a DOM. Cell formatting is
 * in runFormat.ts.
 */
import type { IRunRecord, JSONValue } from './types';

/** A run as listed (the same shape as `IRunSummary` in tokens.ts). */
export type RunRow = Omit<IRunRecord, 'cells'>;

export type RunColumnKind =
  'number' | 'status' | 'started' | 'duration' | 'param' | 'metric';

export interface IRunColumn {
  /** `number`, `status`, `started`, `duration`, `param:<name>` or `metric:<name>`. */
  id: string;
  kind: RunColumnKind;
  /** The parameter or metric name, for `param` and `metric` columns. */
  key?: string;
  label: string;
}

export type SortDirection = 'ascending' | 'descending';

export interface IRunSort {
  columnId: string;
  direction: SortDirection;
}

/** Newest run first. */
export const DEFAULT_SORT: Readonly<IRunSort> = {
  columnId: 'number',
  direction: 'descending'
};

const FIXED_COLUMNS: IRunColumn[] = [
  { id: 'number', kind: 'number', label: '#' },
  { id: 'status', kind: 'status', label: 'Status' },
  { id: 'started', kind: 'started', label: 'Started' },
  { id: 'duration', kind: 'duration', label: 'Duration' }
];

/** The column an id stands for, or null for an id no column can have. */
export function columnFromId(id: string): IRunColumn | null {
  const fixed = FIXED_COLUMNS.find(column => column.id === id);
  if (fixed) {
    return { ...fixed };
  }
  const colon = id.indexOf(':');
  const prefix = id.slice(0, colon);
  const key = id.slice(colon + 1);
  if (colon > 0 && key && (prefix === 'param' || prefix === 'metric')) {
    return { id, kind: prefix, key, label: key };
  }
  return null;
}

function sectionOf(metricName: string): string {
  const slash = metricName.lastIndexOf('/');
  return slash < 0 ? '' : metricName.slice(0, slash);
}

const collator = new Intl.Collator(undefined, {
  numeric: true,
  sensitivity: 'base'
});

/**
 * The table's columns for a set of runs: the fixed ones, then parameters in
 * the order the newest run assigns them (others alphabetically after), then
 * metrics grouped by their `/` section, alphabetically.
 */
export function buildColumns(runs: readonly RunRow[]): IRunColumn[] {
  let newest: RunRow | undefined;
  const paramNames = new Set<string>();
  const metricNames = new Set<string>();
  for (const run of runs) {
    if (!newest || run.number > newest.number) {
      newest = run;
    }
    for (const name in run.params) {
      paramNames.add(name);
    }
    for (const name in run.metrics) {
      metricNames.add(name);
    }
  }
  const leading = newest ? Object.keys(newest.params) : [];
  const leadingSet = new Set(leading);
  const trailing = [...paramNames]
    .filter(name => !leadingSet.has(name))
    .sort(collator.compare);
  const metrics = [...metricNames].sort(
    (a, b) =>
      collator.compare(sectionOf(a), sectionOf(b)) || collator.compare(a, b)
  );
  return [
    ...FIXED_COLUMNS.map(column => ({ ...column })),
    ...[...leading, ...trailing].map((name): IRunColumn => ({
      id: `param:${name}`,
      kind: 'param',
      key: name,
      label: name
    })),
    ...metrics.map((name): IRunColumn => ({
      id: `metric:${name}`,
      kind: 'metric',
      key: name,
      label: name
    }))
  ];
}

/**
 * Parameter columns the runs table draws at most, and as many metric
 * columns: each painted row has a cell per column, so a run of 10,000
 * parameters would put 10,000 cells in every row. The first ones kept are
 * the newest run's; run details and the comparison show every name.
 */
export const TABLE_COLUMNS_PER_KIND = 100;

/** `columns` (from buildColumns) with at most TABLE_COLUMNS_PER_KIND of each kind. */
export function capTableColumns(columns: readonly IRunColumn[]): IRunColumn[] {
  const seen = { param: 0, metric: 0 };
  return columns.filter(column => {
    if (column.kind !== 'param' && column.kind !== 'metric') {
      return true;
    }
    seen[column.kind] += 1;
    return seen[column.kind] <= TABLE_COLUMNS_PER_KIND;
  });
}

/** Columns of one kind the table draws, of how many the runs have. */
export interface IColumnCount {
  shown: number;
  total: number;
}

/** What capTableColumns leaves of `columns`, per kind, for telling the user. */
export function tableColumnCounts(columns: readonly IRunColumn[]): {
  param: IColumnCount;
  metric: IColumnCount;
} {
  let params = 0;
  let metrics = 0;
  for (const column of columns) {
    if (column.kind === 'param') {
      params++;
    } else if (column.kind === 'metric') {
      metrics++;
    }
  }
  const count = (total: number) => ({
    shown: Math.min(total, TABLE_COLUMNS_PER_KIND),
    total
  });
  return { param: count(params), metric: count(metrics) };
}

/**
 * The value a cell holds, as sorted on; `undefined` when the run has none
 * (a parameter that is not JSON-representable counts as missing).
 */
export function cellValue(
  run: RunRow,
  column: IRunColumn
): JSONValue | undefined {
  switch (column.kind) {
    case 'number':
      return run.number;
    case 'status':
      return run.status;
    case 'started': {
      const time = Date.parse(run.started_at);
      return Number.isNaN(time) ? undefined : time;
    }
    case 'duration':
      return run.duration_ms ?? undefined;
    case 'param': {
      const param = run.params[column.key ?? ''];
      return param && param.value !== null ? param.value : undefined;
    }
    case 'metric': {
      const metric = run.metrics[column.key ?? ''];
      return metric && Number.isFinite(metric.value) ? metric.value : undefined;
    }
  }
}

type SortKey =
  { rank: 0; number: number } | { rank: 1; text: string } | { rank: 2 };

/** Numbers (and booleans) before strings before lists/objects before missing. */
function sortKey(value: JSONValue | undefined): SortKey {
  if (value === undefined || value === null) {
    return { rank: 2 };
  }
  if (typeof value === 'number') {
    return { rank: 0, number: value };
  }
  if (typeof value === 'boolean') {
    return { rank: 0, number: value ? 1 : 0 };
  }
  return {
    rank: 1,
    text: typeof value === 'string' ? value : JSON.stringify(value)
  };
}

function isMissing(value: JSONValue | undefined): boolean {
  return value === undefined || value === null;
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.rank !== b.rank) {
    return a.rank - b.rank;
  }
  if (a.rank === 0 && b.rank === 0) {
    return a.number - b.number;
  }
  if (a.rank === 1 && b.rank === 1) {
    return collator.compare(a.text, b.text);
  }
  return 0;
}

/**
 * Order two runs by a column. Missing values sort last in either direction;
 * ties fall back to the run number, highest first.
 */
export function compareRuns(
  a: RunRow,
  b: RunRow,
  column: IRunColumn,
  direction: SortDirection
): number {
  const valueA = cellValue(a, column);
  const valueB = cellValue(b, column);
  return compareWithKeys(
    a,
    b,
    sortKey(valueA),
    sortKey(valueB),
    isMissing(valueA),
    isMissing(valueB),
    direction
  );
}

function compareWithKeys(
  a: RunRow,
  b: RunRow,
  keyA: SortKey,
  keyB: SortKey,
  missingA: boolean,
  missingB: boolean,
  direction: SortDirection
): number {
  if (missingA !== missingB) {
    return missingA ? 1 : -1;
  }
  const order = compareKeys(keyA, keyB);
  if (order !== 0) {
    return direction === 'ascending' ? order : -order;
  }
  return b.number - a.number;
}

/**
 * A sorted copy of `runs`. Each run's sort key is computed once, so sorting
 * 100,000 runs stays fast.
 */
export function sortRuns<T extends RunRow>(
  runs: readonly T[],
  sort: IRunSort = DEFAULT_SORT
): T[] {
  const column = columnFromId(sort.columnId) ?? columnFromId('number')!;
  const keyed = runs.map(run => {
    const value = cellValue(run, column);
    return { run, key: sortKey(value), missing: isMissing(value) };
  });
  keyed.sort((x, y) =>
    compareWithKeys(
      x.run,
      y.run,
      x.key,
      y.key,
      x.missing,
      y.missing,
      sort.direction
    )
  );
  return keyed.map(entry => entry.run);
}

/** Where `run` belongs in `sorted` (already ordered by `sort`): binary search. */
export function insertionIndex<T extends RunRow>(
  sorted: readonly T[],
  run: T,
  sort: IRunSort = DEFAULT_SORT
): number {
  const column = columnFromId(sort.columnId) ?? columnFromId('number')!;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareRuns(sorted[middle], run, column, sort.direction) <= 0) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}
