/**
 * Limits every value of a bundle must keep, whatever its place: nesting,
 * members per object, string length, finite numbers, and no keys that
 * pollute prototypes when a record is later copied or merged.
 */
import { FORBIDDEN_KEYS, IBundleLimits } from './bundleFormat';
import type { IssueCollector } from './issues';

/**
 * Check every value under `value` against the limits: nesting depth
 * (`depth` is the level of `value` itself), members per object, string
 * lengths (keys too), finite numbers, JSON-only values, and no
 * `__proto__` / `constructor` / `prototype` keys.
 */
export function checkJsonLimits(
  value: unknown,
  depth: number,
  limits: IBundleLimits,
  c: IssueCollector
): void {
  if (!c.full && !withinJsonLimits(value, depth, limits)) {
    // Something is off: walk again, keeping track of where, for the messages.
    reportJsonLimits(value, depth, limits, c);
  }
}

function reportJsonLimits(
  value: unknown,
  depth: number,
  limits: IBundleLimits,
  c: IssueCollector
): void {
  if (c.full) {
    return;
  }
  const trans = c.trans;
  switch (typeof value) {
    case 'string':
      if (value.length > limits.maxStringLength) {
        c.add(
          'string-too-long',
          trans.__(
            '%1 is a text of %2 characters; the limit is %3.',
            c.where(),
            value.length,
            limits.maxStringLength
          )
        );
      }
      return;
    case 'number':
      if (!Number.isFinite(value)) {
        c.add(
          'not-finite',
          trans.__(
            '%1 must be a finite number; found %2.',
            c.where(),
            String(value)
          )
        );
      }
      return;
    case 'boolean':
      return;
    case 'object':
      break;
    default:
      c.add(
        'wrong-type',
        trans.__('%1 must be a JSON value; found %2.', c.where(), typeof value)
      );
      return;
  }
  if (value === null) {
    return;
  }
  if (depth > limits.maxDepth) {
    c.add(
      'too-deep',
      trans.__(
        '%1 is nested deeper than %2 levels.',
        c.where(),
        limits.maxDepth
      )
    );
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && !c.full; i++) {
      c.path.push(i);
      reportJsonLimits(value[i], depth + 1, limits, c);
      c.path.pop();
    }
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > limits.maxKeysPerObject) {
    c.add(
      'too-many-keys',
      trans.__(
        '%1 has %2 members; the limit is %3.',
        c.where(),
        keys.length,
        limits.maxKeysPerObject
      )
    );
    return;
  }
  for (const key of keys) {
    if (c.full) {
      return;
    }
    if (FORBIDDEN_KEYS.has(key)) {
      c.add(
        'forbidden-key',
        trans.__(
          '%1: the key "%2" is not allowed in a bundle.',
          c.where(key),
          key
        ),
        key
      );
      continue;
    }
    if (key.length > limits.maxStringLength) {
      c.add(
        'string-too-long',
        trans.__(
          '%1 has a key of %2 characters; the limit is %3.',
          c.where(),
          key.length,
          limits.maxStringLength
        )
      );
      continue;
    }
    const member = record[key];
    if (member === undefined) {
      // Absent optional fields of in-memory records; JSON never has these.
      continue;
    }
    c.path.push(key);
    reportJsonLimits(member, depth + 1, limits, c);
    c.path.pop();
  }
}

/**
 * Whether `checkJsonLimits` would find nothing under `value`: the same
 * rules, without tracking paths. Almost every value is fine, so this walk
 * runs first and the one that reports runs only when it says no.
 */
export function withinJsonLimits(
  value: unknown,
  depth: number,
  limits: IBundleLimits
): boolean {
  switch (typeof value) {
    case 'string':
      return value.length <= limits.maxStringLength;
    case 'number':
      return numberIsFinite(value);
    case 'boolean':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) {
    return true;
  }
  if (depth > limits.maxDepth) {
    return false;
  }
  if (isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!withinJsonLimits(value[i], depth + 1, limits)) {
        return false;
      }
    }
    return true;
  }
  const record = value as Record<string, unknown>;
  const maxStringLength = limits.maxStringLength;
  // Own keys, as the walk that reports sees them.
  const keys = objectKeys(record);
  if (keys.length > limits.maxKeysPerObject) {
    return false;
  }
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key.length > maxStringLength || isForbiddenKey(key)) {
      return false;
    }
    const member = record[key];
    if (typeof member === 'string') {
      // The commonest member, checked here rather than in a call.
      if (member.length > maxStringLength) {
        return false;
      }
    } else if (
      member !== undefined &&
      !withinJsonLimits(member, depth + 1, limits)
    ) {
      return false;
    }
  }
  return true;
}

/** FORBIDDEN_KEYS.has(key), ruling out most keys by their length first. */
export function isForbiddenKey(key: string): boolean {
  return (
    key.length >= FORBIDDEN_MIN_LENGTH &&
    key.length <= FORBIDDEN_MAX_LENGTH &&
    FORBIDDEN_KEYS.has(key)
  );
}

// Builtins read once: where the global object is a proxy (jest's vm
// context, some sandboxes) every global lookup in a hot loop is slow.
const { isArray } = Array;
const { isFinite: numberIsFinite } = Number;
const { keys: objectKeys } = Object;

const FORBIDDEN_LENGTHS = [...FORBIDDEN_KEYS].map(key => key.length);
const FORBIDDEN_MIN_LENGTH = Math.min(...FORBIDDEN_LENGTHS);
const FORBIDDEN_MAX_LENGTH = Math.max(...FORBIDDEN_LENGTHS);
