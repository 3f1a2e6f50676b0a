/**
 * Columns, sorting and cell formatting of the runs table.
 *
 * Pure logic: the table widget asks these functions what to show and in which
 * order, so the rules are testable without a DOM.
 */
import type { IRunRecord, JSONValue } from './types';

/** A run as listed (the same shape as `IRunSummary` in tokens.ts). */
export type RunRow = Omit<IRunRecord, 'cells'>;

export type RunColumnKind =
  | 'number'
  | 'status'
  | 'started'
  | 'duration'
  | 'param'
  | 'metric';

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

/** The placeholder shown for a missing value. */
export const MISSING = '—';

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
    ...[...leading, ...trailing].map(
      (name): IRunColumn => ({
        id: `param:${name}`,
        kind: 'param',
        key: name,
        label: name
      })
    ),
    ...metrics.map(
      (name): IRunColumn => ({
        id: `metric:${name}`,
        kind: 'metric',
        key: name,
        label: name
      })
    )
  ];
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
  | { rank: 0; number: number }
  | { rank: 1; text: string }
  | { rank: 2 };

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

/** `850 ms`, `1.2 s`, `3 min 04 s`, `2 h 05 min`; `—` when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) {
    return MISSING;
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const tenths = Math.round(ms / 100);
  if (tenths < 600) {
    return `${(tenths / 10).toFixed(1)} s`;
  }
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) {
    const minutes = Math.floor(seconds / 60);
    return `${minutes} min ${pad2(seconds % 60)} s`;
  }
  const minutes = Math.round(ms / 60000);
  return `${Math.floor(minutes / 60)} h ${pad2(minutes % 60)} min`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** `1.235e-5`, `1e21`: four significant digits, no trailing zeros. */
function exponential(value: number): string {
  return value
    .toExponential(3)
    .replace(/\.?0+e/, 'e')
    .replace('e+', 'e');
}

/** Cut `text` to `maxLength` characters, marking the cut with an ellipsis. */
export function truncate(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/**
 * A number with four significant digits, never dropping integer digits and
 * without trailing zeros: 0.1235, 123.5, 12346, 1.235e-5.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  if (Number.isInteger(value)) {
    return Math.abs(value) >= 1e21 ? exponential(value) : String(value);
  }
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e15) {
    return exponential(value);
  }
  const integerDigits = magnitude < 1 ? 0 : Math.floor(Math.log10(magnitude)) + 1;
  const decimals =
    magnitude < 1
      ? 3 - Math.floor(Math.log10(magnitude))
      : Math.max(0, 4 - integerDigits);
  const text = String(Number(value.toFixed(decimals)));
  return text === '-0' ? '0' : text;
}

/**
 * A value for a table cell: numbers shortened, strings plain, lists and
 * objects as compact JSON; all cut to `maxLength` characters.
 */
export function formatValue(
  value: JSONValue | undefined,
  maxLength = 60
): string {
  if (value === undefined || value === null) {
    return MISSING;
  }
  if (typeof value === 'number') {
    return formatNumber(value);
  }
  if (typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value === 'string') {
    return truncate(value, maxLength);
  }
  return truncate(JSON.stringify(value), maxLength);
}

type DateStyle = 'time' | 'dayTime' | 'dateTime' | 'full';

const DATE_STYLES: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  dayTime: {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23'
  },
  dateTime: {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23'
  },
  full: {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23'
  }
};

// Building a formatter costs far more than using one: a table paints many.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(style: DateStyle, locale?: string): Intl.DateTimeFormat {
  const key = `${style}|${locale ?? ''}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, DATE_STYLES[style]);
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * When a run started, as short as is unambiguous next to `now`: the time of
 * day for today, month and day this year, the full date otherwise.
 */
export function formatStarted(
  iso: string,
  now: Date | number = Date.now(),
  locale?: string
): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) {
    return MISSING;
  }
  const started = new Date(time);
  const reference = new Date(now);
  const sameYear = started.getFullYear() === reference.getFullYear();
  const sameDay =
    sameYear &&
    started.getMonth() === reference.getMonth() &&
    started.getDate() === reference.getDate();
  const style = sameDay ? 'time' : sameYear ? 'dayTime' : 'dateTime';
  return dateFormat(style, locale).format(started);
}

/** The full local date and time, for titles and the details header. */
export function formatTimestamp(iso: string, locale?: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time)
    ? MISSING
    : dateFormat('full', locale).format(new Date(time));
}

/**
 * Whether a parameter's source expression says more than its value does:
 * `0.1 * 3` or `(1, 2)` does, `0.3`, `'gpt'`, `True` or `[1, 2]` does not.
 */
export function sourceDiffers(source: string, value: JSONValue): boolean {
  const text = source.trim();
  if (value === null) {
    return text !== 'None' && text !== 'null';
  }
  if (typeof value === 'boolean') {
    return text.toLowerCase() !== String(value);
  }
  if (typeof value === 'number') {
    return text === '' || Number(text.replace(/_/g, '')) !== value;
  }
  if (typeof value === 'string') {
    const quoted = /^(['"])(.*)\1$/s.exec(text);
    return !quoted || quoted[2] !== value;
  }
  return text.replace(/\s+/g, '') !== JSON.stringify(value);
}
