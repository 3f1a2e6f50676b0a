/**
 * The vocabulary of record descriptions: each field's type, limits and the
 * normalisation capture applies. Plain data, read by the bundle checks
 * (src/model/bundle/bundleValidation.ts, shapeLimits.ts), by capture
 * (normaliseToShape) and compared with the JSON Schemas in docs/schema by
 * src/model/record/runRecordShape.spec.ts.
 */

export type Shape =
  | IStringShape
  | INumberShape
  | IBooleanShape
  | { kind: 'any' }
  | { kind: 'nullable'; of: Shape }
  | IArrayShape
  | { kind: 'pair' }
  | IScalarShape
  | IMapShape
  | IObjectShape;

export interface IStringShape {
  kind: 'string';
  nonEmpty?: boolean;
  /** Most characters, counted as JSON Schema `maxLength` does: in code points. */
  maxLength?: number;
  oneOf?: readonly string[];
  dateTime?: boolean;
  pattern?: RegExp;
  /** What `pattern` expects, in words, for messages. */
  patternHint?: string;
  /** Capture lower-cases the value (hex digests a kernel may report in capitals). */
  lowerCase?: boolean;
}

/** A number; capture rounds a finite value to the nearest whole one where `integer`. */
export interface INumberShape {
  kind: 'number';
  integer?: boolean;
  minimum?: number;
}

export interface IBooleanShape {
  kind: 'boolean';
  /** Only this value is allowed (JSON Schema `const`). */
  only?: boolean;
}

export interface IArrayShape {
  kind: 'array';
  items: Shape;
  /** Most items (JSON Schema `maxItems`). */
  maxItems?: number;
}

/** A number, a string or null (JSON Schema `type: [number, string, null]`). */
export interface IScalarShape {
  kind: 'scalar';
  /** Most characters of a string, counted as for IStringShape. */
  maxLength?: number;
}

/** An object whose members, any names, all have the shape `values`. */
export interface IMapShape {
  kind: 'map';
  values: Shape;
}

/** An object with known members; members not listed are allowed and not checked. */
export interface IObjectShape {
  kind: 'object';
  required: { readonly [key: string]: Shape };
  optional?: { readonly [key: string]: Shape };
}

/**
 * Whether `text` has at most `max` code points. UTF-16 length is an upper
 * bound, so only strings longer than `max` units are counted.
 */
export function withinLength(text: string, max: number): boolean {
  if (text.length <= max) {
    return true;
  }
  if (text.length > 2 * max) {
    return false;
  }
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
      }
    }
    if (++count > max) {
      return false;
    }
  }
  return true;
}

/** The number of code points in `text` (lone surrogates count one each). */
export function codePointLength(text: string): number {
  let pairs = 0;
  for (let i = 0; i + 1 < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      pairs++;
      i++;
    }
  }
  return text.length - pairs;
}

const NOT_NORMAL = Symbol('not-normal');

/**
 * `value` normalised as `shape` says capture does: hex strings marked
 * `lowerCase` lower-cased, `integer` numbers rounded (and -0 made 0),
 * objects reduced to their described members. Undefined when a described member has the wrong
 * type; limits are for the checks to judge. Unchanged parts are shared.
 */
export function normaliseToShape(value: unknown, shape: Shape): unknown {
  const result = normalise(value, shape, true);
  return result === NOT_NORMAL ? undefined : result;
}

/**
 * `value` with the normalisation of `shape` applied where it applies and
 * everything else kept as it is (unknown members, members of the wrong
 * type): for records about to be stored. The same object when nothing
 * changes.
 */
export function normaliseLeniently<T>(value: T, shape: Shape): T {
  const result = normalise(value, shape, false);
  return result === NOT_NORMAL ? value : (result as T);
}

/**
 * Strict (`strip`): unknown members dropped, a member of the wrong type
 * fails the whole value. Lenient: both kept as they are.
 */
function normalise(value: unknown, shape: Shape, strip: boolean): unknown {
  switch (shape.kind) {
    case 'string':
      if (typeof value !== 'string') {
        return NOT_NORMAL;
      }
      return shape.lowerCase ? value.toLowerCase() : value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return NOT_NORMAL;
      }
      // JSON has no -0: a stored -0 would export as 0 and not read back equal.
      return shape.integer
        ? Math.round(value) || 0
        : Object.is(value, -0)
          ? 0
          : value;
    case 'nullable':
      return value === null ? null : normalise(value, shape.of, strip);
    case 'array':
      return Array.isArray(value)
        ? normaliseItems(value, shape.items, strip)
        : NOT_NORMAL;
    case 'map':
      return isObject(value)
        ? normaliseMembers(value, () => shape.values, strip)
        : NOT_NORMAL;
    case 'object':
      return isObject(value)
        ? normaliseMembers(
            value,
            key =>
              hasOwn(shape.required, key)
                ? shape.required[key]
                : shape.optional && hasOwn(shape.optional, key)
                  ? shape.optional[key]
                  : undefined,
            strip
          )
        : NOT_NORMAL;
    default:
      return value;
  }
}

function normaliseItems(
  items: unknown[],
  shape: Shape,
  strip: boolean
): unknown {
  let out: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    let item = normalise(items[i], shape, strip);
    if (item === NOT_NORMAL) {
      if (strip) {
        return NOT_NORMAL;
      }
      item = items[i];
    }
    if (!out && !Object.is(item, items[i])) {
      out = items.slice(0, i);
    }
    out?.push(item);
  }
  return out ?? items;
}

function normaliseMembers(
  value: Record<string, unknown>,
  shapeOf: (key: string) => Shape | undefined,
  strip: boolean
): unknown {
  const out: Record<string, unknown> = {};
  let changed = false;
  for (const key of Object.keys(value)) {
    const member = value[key];
    const shape = shapeOf(key);
    let normal: unknown = member;
    if (shape === undefined) {
      if (strip) {
        changed = true;
        continue;
      }
    } else if (member !== undefined) {
      normal = normalise(member, shape, strip);
      if (normal === NOT_NORMAL) {
        if (strip) {
          return NOT_NORMAL;
        }
        normal = member;
      }
    }
    changed ||= !Object.is(normal, member);
    // defineProperty: a member named __proto__ stays a member.
    Object.defineProperty(out, key, {
      value: normal,
      enumerable: true,
      writable: true,
      configurable: true
    });
  }
  return changed ? out : value;
}

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
