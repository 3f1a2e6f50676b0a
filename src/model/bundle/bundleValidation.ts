/**
 * Checks of bundle content against the shapes of bundleShapes.ts.
 * Hand-written (no generated code: no eval or new Function at runtime).
 */
import { IBundleLimits, preview } from './bundleFormat';
import { codePointLength, withinLength } from '../record/shape';
import type { IObjectShape, Shape } from './bundleShapes';
import { isDateTime } from './dateTime';
import { IssueCollector } from './issues';
import { checkJsonLimits } from './jsonLimits';
import { withinShapeAndLimits } from './shapeLimits';

/** Check `value` against `shape`; issues point at the offending member. */
export function checkShape(
  value: unknown,
  shape: Shape,
  c: IssueCollector,
  orNull = false
): void {
  if (c.full) {
    return;
  }
  switch (shape.kind) {
    case 'any':
      return;
    case 'nullable':
      if (value !== null) {
        checkShape(value, shape.of, c, true);
      }
      return;
    case 'string':
      if (typeof value !== 'string') {
        return wrongType(value, c.trans.__('a string'), c, orNull);
      }
      return checkString(value, shape, c);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return wrongType(value, c.trans.__('a number'), c, orNull);
      }
      if (shape.integer && !Number.isInteger(value)) {
        return wrongType(value, c.trans.__('a whole number'), c, orNull);
      }
      if (shape.minimum !== undefined && value < shape.minimum) {
        c.add(
          'bad-value',
          c.trans.__(
            '%1 must be at least %2; found %3.',
            c.where(),
            shape.minimum,
            value
          )
        );
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') {
        return wrongType(value, c.trans.__('true or false'), c, orNull);
      }
      if (shape.only !== undefined && value !== shape.only) {
        c.add(
          'bad-value',
          c.trans.__('%1 can only be %2.', c.where(), String(shape.only))
        );
      }
      return;
    case 'array':
      if (!Array.isArray(value)) {
        return wrongType(value, c.trans.__('a list'), c, orNull);
      }
      if (shape.maxItems !== undefined && value.length > shape.maxItems) {
        c.add(
          'bad-value',
          c.trans.__(
            '%1 can have at most %2 items; found %3.',
            c.where(),
            shape.maxItems,
            value.length
          )
        );
        return;
      }
      for (let i = 0; i < value.length && !c.full; i++) {
        c.path.push(i);
        checkShape(value[i], shape.items, c);
        c.path.pop();
      }
      return;
    case 'pair':
      return checkPair(value, c);
    case 'scalar':
      if (typeof value === 'string') {
        return checkString(
          value,
          { kind: 'string', maxLength: shape.maxLength },
          c
        );
      }
      if (
        value !== null &&
        !(typeof value === 'number' && Number.isFinite(value))
      ) {
        wrongType(value, c.trans.__('a number, a string or null'), c, false);
      }
      return;
    case 'map':
      if (!isPlainObject(value)) {
        return wrongType(value, c.trans.__('an object'), c, orNull);
      }
      for (const key of Object.keys(value)) {
        if (c.full) {
          return;
        }
        c.path.push(key);
        checkShape(value[key], shape.values, c);
        c.path.pop();
      }
      return;
    case 'object':
      if (!isPlainObject(value)) {
        return wrongType(value, c.trans.__('an object'), c, orNull);
      }
      return checkObject(value, shape, c);
  }
}

function checkObject(
  value: Record<string, unknown>,
  shape: IObjectShape,
  c: IssueCollector
): void {
  const { required, optional } = membersOf(shape);
  for (const [key, memberShape] of required) {
    // Plain access, as JSON Schema's `required` does: shape keys are not
    // members of Object.prototype, so nothing is inherited.
    const member = value[key];
    if (member === undefined) {
      c.add('missing', c.trans.__('%1 is missing.', c.where(key)), key);
      continue;
    }
    c.path.push(key);
    checkShape(member, memberShape, c);
    c.path.pop();
  }
  for (const [key, memberShape] of optional) {
    const member = value[key];
    if (member !== undefined) {
      c.path.push(key);
      checkShape(member, memberShape, c);
      c.path.pop();
    }
  }
}

type Members = [string, Shape][];
const membersCache = new WeakMap<
  IObjectShape,
  { required: Members; optional: Members }
>();

/** An object shape's members as lists, computed once per shape. */
function membersOf(shape: IObjectShape): {
  required: Members;
  optional: Members;
} {
  let members = membersCache.get(shape);
  if (!members) {
    members = {
      required: Object.entries(shape.required),
      optional: Object.entries(shape.optional ?? {})
    };
    membersCache.set(shape, members);
  }
  return members;
}

function checkString(
  value: string,
  shape: Extract<Shape, { kind: 'string' }>,
  c: IssueCollector
): void {
  const trans = c.trans;
  if (shape.nonEmpty && value.length === 0) {
    c.add('bad-value', trans.__('%1 must not be empty.', c.where()));
  } else if (
    shape.maxLength !== undefined &&
    !withinLength(value, shape.maxLength)
  ) {
    c.add(
      'bad-value',
      trans.__(
        '%1 can have at most %2 characters; found %3.',
        c.where(),
        shape.maxLength,
        codePointLength(value)
      )
    );
  } else if (shape.oneOf && !shape.oneOf.includes(value)) {
    c.add(
      'bad-value',
      trans.__(
        '%1 must be one of %2; found %3.',
        c.where(),
        shape.oneOf.join(', '),
        preview(value)
      )
    );
  } else if (shape.dateTime && !isDateTime(value)) {
    c.add(
      'bad-value',
      trans.__(
        '%1 must be an ISO 8601 date and time with a time zone, such as 2025-01-31T12:00:00Z; found %2.',
        c.where(),
        preview(value)
      )
    );
  } else if (shape.pattern && !shape.pattern.test(value)) {
    c.add(
      'bad-value',
      trans.__(
        '%1 must be %2; found %3.',
        c.where(),
        shape.patternHint ?? String(shape.pattern),
        preview(value)
      )
    );
  }
}

/** `[step, value]`: exactly two numbers. */
function checkPair(value: unknown, c: IssueCollector): void {
  const hint = c.trans.__('a [step, value] pair of numbers');
  if (!Array.isArray(value)) {
    return wrongType(value, hint, c, false);
  }
  if (value.length !== 2) {
    c.add(
      'bad-value',
      c.trans.__(
        '%1 must be %2; found %3 items.',
        c.where(),
        hint,
        value.length
      )
    );
    return;
  }
  for (let i = 0; i < 2; i++) {
    const item = value[i];
    if (typeof item !== 'number' || !Number.isFinite(item)) {
      c.path.push(i);
      wrongType(item, c.trans.__('a number'), c, false);
      c.path.pop();
    }
  }
}

function wrongType(
  value: unknown,
  expected: string,
  c: IssueCollector,
  orNull: boolean
): void {
  c.add(
    'wrong-type',
    c.trans.__(
      '%1 must be %2; found %3.',
      c.where(),
      orNull ? c.trans.__('%1 or null', expected) : expected,
      preview(value)
    )
  );
}

export function isPlainObject(
  value: unknown
): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own member's value (never one inherited from a prototype). */
export function ownMember(
  object: Record<string, unknown>,
  key: string
): unknown {
  return Object.prototype.hasOwnProperty.call(object, key)
    ? object[key]
    : undefined;
}

/**
 * Check one run record (index `index` in `runs`): limits first, then, if
 * they pass, its shape. Returns true when no issue was found. Valid runs
 * (nearly all) take one combined walk; the others, the walks that report.
 */
export function checkRunRecord(
  run: unknown,
  index: number,
  limits: IBundleLimits,
  c: IssueCollector,
  shape: Shape
): boolean {
  c.path.length = 0;
  c.runId = undefined;
  // The bundle is level 1 and `runs` level 2, so a run is level 3.
  if (withinShapeAndLimits(run, shape, 3, limits)) {
    return true;
  }
  const before = c.issues.length;
  c.path.push('runs', index);
  c.runId =
    isPlainObject(run) && typeof run.id === 'string' ? run.id : undefined;
  checkJsonLimits(run, 3, limits, c);
  if (c.issues.length === before) {
    checkShape(run, shape, c);
  }
  c.path.length = 0;
  c.runId = undefined;
  return c.issues.length === before;
}
