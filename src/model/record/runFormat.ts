/**
 * How run values read in the runs table and the run details: durations,
 * numbers, JSON values, start times. Pure functions.
 */
import { isRedactedParam } from '../redaction/redaction';
import type { IParamRecord, JSONValue } from '../types';

/** The placeholder shown for a missing value. */
export const MISSING = '—';

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
  const integerDigits =
    magnitude < 1 ? 0 : Math.floor(Math.log10(magnitude)) + 1;
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

/**
 * How a parameter reads: `value` (its JSON value), `expression` (not a JSON
 * value: the text the user wrote), `redacted` (looked like a secret: the
 * views show a marker, never the stored placeholder or null) or `missing`.
 */
export type ParamDisplayKind = 'value' | 'expression' | 'redacted' | 'missing';

/** A parameter's cell text and kind; `text` is empty for `redacted` (the view's label). */
export function paramDisplay(
  param: IParamRecord | undefined,
  maxLength = 60
): { text: string; kind: ParamDisplayKind } {
  if (!param) {
    return { text: MISSING, kind: 'missing' };
  }
  if (isRedactedParam(param)) {
    return { text: '', kind: 'redacted' };
  }
  if (param.value === null && param.source) {
    return { text: formatValue(param.source, maxLength), kind: 'expression' };
  }
  const text = formatValue(param.value, maxLength);
  return { text, kind: text === MISSING ? 'missing' : 'value' };
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
