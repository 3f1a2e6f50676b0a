/**
 * What the run filter's terms mean (runQuery.ts parses the text): how a
 * comparison, a free-text word and a qualifier test one run. Each builder
 * returns a closure so the per-run work is only the test itself.
 */
import { isRedactedParam } from '../redaction/redaction';
import type { RunRow } from '../runTable';
import type { JSONValue, RunStatus } from '../types';

export type Predicate = (run: RunRow) => boolean;
export type Scalar = string | number | boolean | null;
/** A run's value under a name; undefined when the run has no usable one. */
export type Getter = (run: RunRow) => JSONValue | undefined;
export type Operator = '==' | '!=' | '>' | '>=' | '<' | '<=' | '~';

export interface ILiteral {
  value: Scalar;
  /** The value as typed (a string's content): what `~` searches for. */
  text: string;
}

const NUMERIC_TEXT = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

export function allOf(parts: Predicate[]): Predicate {
  return run => {
    for (const part of parts) {
      if (!part(run)) {
        return false;
      }
    }
    return true;
  };
}

export function anyOf(parts: Predicate[]): Predicate {
  return run => {
    for (const part of parts) {
      if (part(run)) {
        return true;
      }
    }
    return false;
  };
}

/** `run.*` fields; a running run's duration and end are null (`run.ended == None`). */
export const RUN_FIELDS = new Map<string, Getter>([
  ['number', run => run.number],
  [
    'duration',
    run => (run.duration_ms === null ? null : run.duration_ms / 1000)
  ],
  ['started', run => run.started_at],
  ['ended', run => run.ended_at]
]);

const IS_TESTS = new Map<string, Predicate>([
  ['starred', run => run.annotations.starred === true],
  ['partial', run => !!run.partial],
  ['imported', run => !!run.origin],
  ['redacted', run => Object.values(run.params).some(isRedactedParam)],
  ['alerted', run => !!run.alerts?.length]
]);

const STATUSES: readonly RunStatus[] = [
  'completed',
  'failed',
  'interrupted',
  'running'
];

/**
 * One qualifier of the filter language, `key:value`. The parser, its error
 * messages and the filter box's help all read the `QUALIFIERS` table, so a
 * qualifier added here is accepted, suggested and documented at once.
 */
export interface IQualifier {
  /** The word before the colon. */
  readonly key: string;
  /** The values it accepts when they are a fixed set; null when any value goes. */
  readonly values: readonly string[] | null;
  /** Whether help names each value (`is:starred`) rather than the key (`status:`). */
  readonly spellValues: boolean;
  /**
   * The test for `value` (quoted or not); null when the value is not one
   * the qualifier accepts.
   */
  test(value: string, quoted: boolean): Predicate | null;
}

export const QUALIFIERS: readonly IQualifier[] = [
  {
    key: 'status',
    values: STATUSES,
    spellValues: false,
    test: value => {
      const lower = value.toLowerCase();
      return (STATUSES as readonly string[]).includes(lower)
        ? run => run.status === lower
        : null;
    }
  },
  {
    key: 'tag',
    values: null,
    spellValues: false,
    test: value => run => run.annotations.tags.includes(value)
  },
  {
    key: 'is',
    values: [...IS_TESTS.keys()],
    spellValues: true,
    test: value => IS_TESTS.get(value.toLowerCase()) ?? null
  },
  {
    // A quoted `origin:"here"` means a file named so.
    key: 'origin',
    values: null,
    spellValues: false,
    test: (value, quoted) => {
      if (value.toLowerCase() === 'here' && !quoted) {
        return run => !run.origin;
      }
      const needle = containing(value);
      return run => !!run.origin && needle.test(run.origin.file);
    }
  }
];

/** The qualifier with this key (any case); undefined when there is none. */
export function qualifierNamed(key: string): IQualifier | undefined {
  const lower = key.toLowerCase();
  return QUALIFIERS.find(qualifier => qualifier.key === lower);
}

/** A qualifier's forms as help and messages name them: `status:`, `is:starred`. */
export function qualifierForms(qualifier: IQualifier): string[] {
  return qualifier.spellValues && qualifier.values
    ? qualifier.values.map(value => `${qualifier.key}:${value}`)
    : [`${qualifier.key}:`];
}

/**
 * A parameter's value (`prefix` `params`), a metric's (`metrics`), or for
 * any other prefix the parameter of that name if the run has one, else the
 * metric. Redacted and inexact parameters have no usable value.
 */
export function valueGetter(name: string, prefix: string): Getter {
  const param = (run: RunRow) => {
    const record = Object.hasOwn(run.params, name) ? run.params[name] : null;
    return !record || record.exact === false || isRedactedParam(record)
      ? undefined
      : record.value;
  };
  const metric = (run: RunRow) =>
    Object.hasOwn(run.metrics, name) ? run.metrics[name].value : undefined;
  if (prefix === 'params') {
    return param;
  }
  if (prefix === 'metrics') {
    return metric;
  }
  return run => (Object.hasOwn(run.params, name) ? param(run) : metric(run));
}

export function comparison(
  get: Getter,
  op: Operator,
  literal: ILiteral
): Predicate {
  if (op === '~') {
    const needle = containing(literal.text);
    return run => {
      const value = get(run);
      if (typeof value === 'string') {
        return needle.test(value);
      }
      // Lists and dicts are searched as their JSON text.
      return (
        typeof value === 'object' &&
        value !== null &&
        needle.test(JSON.stringify(value))
      );
    };
  }
  const test = scalarTest(op, literal.value);
  return run => {
    const value = get(run);
    return (
      value !== undefined &&
      (value === null || typeof value !== 'object') &&
      test(value)
    );
  };
}

function scalarTest(op: Operator, literal: Scalar): (value: Scalar) => boolean {
  const equal = equality(literal);
  if (op === '==') {
    return equal;
  }
  if (op === '!=') {
    return value => !equal(value);
  }
  const order = ordering(literal as string | number);
  const accepts = {
    '>': (sign: number) => sign > 0,
    '>=': (sign: number) => sign >= 0,
    '<': (sign: number) => sign < 0,
    '<=': (sign: number) => sign <= 0
  }[op as '>' | '>=' | '<' | '<='];
  return value => {
    const sign = order(value);
    return sign !== null && accepts(sign);
  };
}

/** Numbers, and strings that spell one, compare as numbers. */
function asNumber(value: Scalar): number | null {
  if (typeof value === 'number') {
    return value;
  }
  return typeof value === 'string' && NUMERIC_TEXT.test(value)
    ? Number(value)
    : null;
}

function equality(literal: Scalar): (value: Scalar) => boolean {
  if (typeof literal === 'number') {
    return value => asNumber(value) === literal;
  }
  if (typeof literal === 'string') {
    const number = asNumber(literal);
    return value =>
      value === literal || (typeof value === 'number' && value === number);
  }
  return value => value === literal;
}

/** Compares a run's value with the literal: the sign of value - literal, or null. */
function ordering(literal: string | number): (value: Scalar) => number | null {
  if (typeof literal === 'number') {
    return value => {
      const number = asNumber(value);
      return number === null ? null : number - literal;
    };
  }
  const number = asNumber(literal);
  return value => {
    if (typeof value === 'string') {
      return value < literal ? -1 : value > literal ? 1 : 0;
    }
    return typeof value === 'number' && number !== null ? value - number : null;
  };
}

/** Text anywhere in a run: parameter names and (non-secret) string values, metric names, tags, note. */
export function freeText(text: string): Predicate {
  const needle = containing(text);
  return run => {
    for (const name in run.params) {
      const param = run.params[name];
      if (
        needle.test(name) ||
        (typeof param.value === 'string' &&
          !isRedactedParam(param) &&
          needle.test(param.value))
      ) {
        return true;
      }
    }
    for (const name in run.metrics) {
      if (needle.test(name)) {
        return true;
      }
    }
    const { tags, note } = run.annotations;
    return tags.some(tag => needle.test(tag)) || needle.test(note);
  };
}

/** A case-insensitive substring test (a RegExp avoids lower-casing every run's strings). */
export function containing(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}
