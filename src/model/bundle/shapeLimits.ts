/**
 * One walk that answers "would the limits (jsonLimits.ts) and the shape
 * (bundleValidation.ts) both find nothing?" for a run record, and for the
 * writer also makes the run's canonical copy (canonicalJson.ts) on the way.
 *
 * Almost every run passes, and walking it once instead of two or three
 * times (limits, shape, canonical copy) is most of the cost of checking and
 * writing a bundle. The answer is conservative: a pass only when neither
 * check would report an issue; otherwise the callers run the reporting
 * checks, which say what is wrong and where, so messages and their order
 * never depend on this file.
 */
import { IBundleLimits } from './bundleFormat';
import { withinLength } from '../record/shape';
import type { IObjectShape, Shape } from './bundleShapes';
import { canonicalCopy } from './canonicalJson';
import { isDateTime } from './dateTime';
import { isForbiddenKey, withinJsonLimits } from './jsonLimits';
import { copyUpTo, keyOrderOf, setMember } from './orderedCopy';

/** The answer for a value that does not pass, or that a copy leaves to canonicalJson. */
const FAIL = Symbol('fail');

/**
 * Checks `value`, at nesting level `depth`, against the limits and a shape.
 * FAIL when it does not pass; else `value` itself, or with `copy` its
 * canonical copy (members in canonical order; subtrees already in order
 * shared, not copied).
 */
type FastCheck = (
  value: unknown,
  depth: number,
  limits: IBundleLimits,
  copy: boolean
) => unknown;

/** A member of an object shape: its check, and whether it must be there. */
interface IMemberCheck {
  check: FastCheck;
  required: boolean;
}

// Builtins read once: where the global object is a proxy (jest's vm
// context, some sandboxes) every global lookup in a hot loop is slow.
const { isArray } = Array;
const { isFinite: numberIsFinite, isInteger: numberIsInteger } = Number;
const { keys: objectKeys } = Object;

const compiled = new WeakMap<Shape, FastCheck>();

/**
 * True when `checkJsonLimits(value, depth, limits, c)` followed by
 * `checkShape(value, shape, c)` would add no issue.
 */
export function withinShapeAndLimits(
  value: unknown,
  shape: Shape,
  depth: number,
  limits: IBundleLimits
): boolean {
  return checkFor(shape)(value, depth, limits, false) !== FAIL;
}

/**
 * What canonicalJson would stringify for `value`, made in the walk that
 * finds it within the limits and the shape (as withinShapeAndLimits).
 * Undefined when it is not, or when canonicalJson writes it another way
 * (integer keys): the caller then checks and writes it the slow way.
 */
export function canonicalCopyWithin(
  value: unknown,
  shape: Shape,
  depth: number,
  limits: IBundleLimits
): unknown {
  const copy = checkFor(shape)(value, depth, limits, true);
  return copy === FAIL ? undefined : copy;
}

/** The check of `shape`, built once per shape (no generated code: closures). */
function checkFor(shape: Shape): FastCheck {
  let check = compiled.get(shape);
  if (!check) {
    check = build(shape);
    compiled.set(shape, check);
  }
  return check;
}

function build(shape: Shape): FastCheck {
  switch (shape.kind) {
    case 'any':
      return anyCheck;
    case 'nullable': {
      const of = checkFor(shape.of);
      return (value, depth, limits, copy) =>
        value === null ? null : of(value, depth, limits, copy);
    }
    case 'string': {
      const { nonEmpty, maxLength, oneOf, dateTime, pattern } = shape;
      return (value, _depth, limits) =>
        typeof value === 'string' &&
        value.length <= limits.maxStringLength &&
        (!nonEmpty || value.length > 0) &&
        (maxLength === undefined || withinLength(value, maxLength)) &&
        (!oneOf || oneOf.includes(value)) &&
        (!dateTime || isDateTime(value)) &&
        (!pattern || pattern.test(value))
          ? value
          : FAIL;
    }
    case 'number': {
      const { integer, minimum } = shape;
      return value =>
        typeof value === 'number' &&
        numberIsFinite(value) &&
        (!integer || numberIsInteger(value)) &&
        (minimum === undefined || value >= minimum)
          ? value
          : FAIL;
    }
    case 'boolean': {
      const only = shape.only;
      return value =>
        typeof value === 'boolean' && (only === undefined || value === only)
          ? value
          : FAIL;
    }
    case 'array':
      return arrayCheck(checkFor(shape.items), shape.maxItems ?? Infinity);
    case 'pair':
      // Two numbers: nothing to reorder.
      return (value, depth, limits) =>
        isArray(value) &&
        depth <= limits.maxDepth &&
        value.length === 2 &&
        isFiniteNumber(value[0]) &&
        isFiniteNumber(value[1])
          ? value
          : FAIL;
    case 'scalar': {
      const { maxLength } = shape;
      return (value, _depth, limits) =>
        value === null ||
        isFiniteNumber(value) ||
        (typeof value === 'string' &&
          value.length <= limits.maxStringLength &&
          (maxLength === undefined || withinLength(value, maxLength)))
          ? value
          : FAIL;
    }
    case 'map':
      return objectCheck(null, checkFor(shape.values));
    case 'object':
      return objectCheck(shape, anyCheck);
  }
}

/** Any JSON value within the limits. */
function anyCheck(
  value: unknown,
  depth: number,
  limits: IBundleLimits,
  copy: boolean
): unknown {
  if (!withinJsonLimits(value, depth, limits)) {
    return FAIL;
  }
  if (!copy) {
    return value;
  }
  const copied = canonicalCopy(value);
  return copied === undefined ? FAIL : copied;
}

function isFiniteNumber(value: unknown): boolean {
  return typeof value === 'number' && numberIsFinite(value);
}

function arrayCheck(items: FastCheck, maxItems: number): FastCheck {
  return (value, depth, limits, copy) => {
    if (!isArray(value) || depth > limits.maxDepth || value.length > maxItems) {
      return FAIL;
    }
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = items(value[i], depth + 1, limits, copy);
      if (item === FAIL) {
        return FAIL;
      }
      if (!out && item !== value[i]) {
        out = value.slice(0, i);
      }
      out?.push(item);
    }
    return out ?? value;
  };
}

/**
 * The check of an object shape, or with `shape` null of a map whose members
 * all have the shape `others` checks; members an object shape does not name
 * are checked by `others` too.
 */
function objectCheck(shape: IObjectShape | null, others: FastCheck): FastCheck {
  const members = new Map<string, IMemberCheck>();
  for (const [key, member] of Object.entries(shape?.required ?? {})) {
    members.set(key, { check: checkFor(member), required: true });
  }
  for (const [key, member] of Object.entries(shape?.optional ?? {})) {
    members.set(key, { check: checkFor(member), required: false });
  }
  const requiredCount = Object.keys(shape?.required ?? {}).length;

  /** The members in any order, nothing copied. */
  const checkMembers = (
    record: Record<string, unknown>,
    keys: readonly string[],
    depth: number,
    limits: IBundleLimits
  ): unknown => {
    let requiredSeen = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key.length > limits.maxStringLength || isForbiddenKey(key)) {
        return FAIL;
      }
      const member = record[key];
      if (member === undefined) {
        // Within the limits, and the shape but for a map's value (a missing
        // required member leaves the count short).
        if (shape) {
          continue;
        }
        return FAIL;
      }
      const known = members.get(key);
      if (known) {
        if (known.check(member, depth + 1, limits, false) === FAIL) {
          return FAIL;
        }
        if (known.required) {
          requiredSeen++;
        }
      } else if (
        shape
          ? !withinJsonLimits(member, depth + 1, limits)
          : others(member, depth + 1, limits, false) === FAIL
      ) {
        return FAIL;
      }
    }
    return requiredSeen === requiredCount ? record : FAIL;
  };

  /** The members in canonical order, copied from the first change on. */
  const copyMembers = (
    record: Record<string, unknown>,
    keys: string[],
    depth: number,
    limits: IBundleLimits
  ): unknown => {
    const order = keyOrderOf(keys);
    const sorted = order.sorted;
    if (sorted === null) {
      return FAIL;
    }
    let out = order.inOrder ? undefined : {};
    let requiredSeen = 0;
    for (let i = 0; i < sorted.length; i++) {
      const key = sorted[i];
      if (key.length > limits.maxStringLength || isForbiddenKey(key)) {
        return FAIL;
      }
      const member = record[key];
      if (member === undefined) {
        if (!shape) {
          return FAIL;
        }
        out ??= copyUpTo(record, sorted, i);
        continue;
      }
      const known = members.get(key);
      const copied = (known ? known.check : others)(
        member,
        depth + 1,
        limits,
        true
      );
      if (copied === FAIL) {
        return FAIL;
      }
      if (known?.required) {
        requiredSeen++;
      }
      if (!out && copied !== member) {
        out = copyUpTo(record, sorted, i);
      }
      if (out) {
        setMember(out, key, copied);
      }
    }
    return requiredSeen === requiredCount ? (out ?? record) : FAIL;
  };

  return (value, depth, limits, copy) => {
    if (
      typeof value !== 'object' ||
      value === null ||
      isArray(value) ||
      depth > limits.maxDepth
    ) {
      return FAIL;
    }
    const record = value as Record<string, unknown>;
    // Own keys, as the reporting walks see them: a required member that is
    // inherited or not enumerable leaves the count short, for them to report.
    const keys = objectKeys(record);
    if (keys.length > limits.maxKeysPerObject) {
      return FAIL;
    }
    return copy
      ? copyMembers(record, keys, depth, limits)
      : checkMembers(record, keys, depth, limits);
  };
}
