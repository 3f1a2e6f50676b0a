/**
 * Canonical JSON: the one text a JSON value has, so that equal values give
 * equal bytes (and equal checksums) whatever the key order in memory.
 *
 * The rules are those of RFC 8785 (JSON Canonicalization Scheme) for the
 * values a run record holds: no whitespace; object members sorted by key,
 * comparing UTF-16 code units; strings and numbers written as ECMAScript's
 * JSON.stringify writes them (shortest round-trip numbers, `-0` as `0`).
 * Members whose value is `undefined` are left out, as JSON.stringify does.
 */

import { copyUpTo, keyOrderOf, setMember } from './orderedCopy';

/** Raised for values that have no JSON text (NaN, Infinity, functions, ...). */
export class CanonicalJsonError extends TypeError {
  constructor(
    message: string,
    /** Where the value is, as JSON Pointer segments from the serialised root. */
    readonly path: readonly (string | number)[]
  ) {
    super(message);
    this.name = 'CanonicalJsonError';
  }
}

/** Compare two strings by UTF-16 code units (not locale): the canonical key order. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The canonical JSON text of `value`.
 *
 * Fast path: a copy with members inserted in sorted order, written by the
 * native JSON.stringify. JavaScript enumerates integer-like keys ("0",
 * "10") before all others and in numeric order, so a value holding such a
 * key anywhere is written by the slower member-by-member writer instead.
 *
 * Recursion is as deep as the value: callers validate depth first (bundle
 * records are checked against `maxDepth` before they are serialised).
 */
export function canonicalJson(value: unknown): string {
  let copy: unknown;
  try {
    copy = sortedCopy(value);
  } catch (error) {
    if (error !== NO_JSON_TEXT) {
      throw error;
    }
    // The member-by-member writer meets the same value in the same order
    // and raises the error with its path (not tracked on the fast path).
    copy = INTEGER_KEYS;
  }
  return copy === INTEGER_KEYS ? write(value, []) : stringify(copy);
}

/**
 * What canonicalJson hands to JSON.stringify for `value`: a copy with the
 * members in canonical order (subtrees already in order shared, not
 * copied). Undefined when canonicalJson writes `value` member by member
 * instead: integer keys, or something with no JSON text.
 */
export function canonicalCopy(value: unknown): unknown {
  try {
    const copy = sortedCopy(value);
    return copy === INTEGER_KEYS ? undefined : copy;
  } catch (error) {
    if (error !== NO_JSON_TEXT) {
      throw error;
    }
    return undefined;
  }
}

// Builtins read once: where the global object is a proxy (jest's vm
// context, some sandboxes) every global lookup in a hot loop is slow.
const { isArray } = Array;
const { isFinite: numberIsFinite } = Number;
const { keys: objectKeys } = Object;
const { stringify } = JSON;

/** Thrown by sortedCopy for a value without JSON text. */
const NO_JSON_TEXT = Symbol('no JSON text');

/** Marks a value whose key order native JSON.stringify cannot reproduce. */
const INTEGER_KEYS = Symbol('integer keys');

function sortedCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!numberIsFinite(value)) {
        throw NO_JSON_TEXT;
      }
      return value;
    case 'object':
      break;
    default:
      throw NO_JSON_TEXT;
  }
  if (value === null) {
    return null;
  }
  // Subtrees already in canonical order are used as they are, not copied.
  if (isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = sortedCopy(value[i]);
      if (item === INTEGER_KEYS) {
        return INTEGER_KEYS;
      }
      if (!copy && item !== value[i]) {
        copy = value.slice(0, i);
      }
      copy?.push(item);
    }
    return copy ?? value;
  }
  const object = value as Record<string, unknown>;
  const order = keyOrderOf(objectKeys(object));
  const keys = order.sorted;
  if (keys === null) {
    return INTEGER_KEYS;
  }
  let copy = order.inOrder ? undefined : {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const member = object[key];
    if (member === undefined) {
      copy ??= copyUpTo(object, keys, i);
      continue;
    }
    const item = typeof member === 'string' ? member : sortedCopy(member);
    if (item === INTEGER_KEYS) {
      return INTEGER_KEYS;
    }
    if (!copy && item !== member) {
      copy = copyUpTo(object, keys, i);
    }
    if (copy) {
      setMember(copy, key, item);
    }
  }
  return copy ?? object;
}

function write(value: unknown, path: (string | number)[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new CanonicalJsonError(
          `${String(value)} has no JSON text`,
          path.slice()
        );
      }
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) {
        return 'null';
      }
      return Array.isArray(value)
        ? writeArray(value, path)
        : writeObject(value as Record<string, unknown>, path);
    default:
      throw new CanonicalJsonError(
        `a value of type ${typeof value} has no JSON text`,
        path.slice()
      );
  }
}

function writeArray(items: unknown[], path: (string | number)[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) {
      out += ',';
    }
    path.push(i);
    out += write(items[i], path);
    path.pop();
  }
  return out + ']';
}

function writeObject(
  object: Record<string, unknown>,
  path: (string | number)[]
): string {
  // Default sort compares UTF-16 code units, which is the canonical order.
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) {
      continue;
    }
    if (!first) {
      out += ',';
    }
    first = false;
    path.push(key);
    out += JSON.stringify(key) + ':' + write(member, path);
    path.pop();
  }
  return out + '}';
}
