/**
 * Copies of objects with their members in canonical order (UTF-16 code
 * units, as canonicalJson.ts writes them): the key orders, remembered, and
 * the helpers that build the copies. Shared by canonicalJson and the checked
 * copy of runs (shapeLimits.ts).
 */

// Builtins read once: where the global object is a proxy (jest's vm
// context, some sandboxes) every global lookup in a hot loop is slow.
const { defineProperty } = Object;

/** Keys JavaScript enumerates first, in numeric order: array indices. */
function isIntegerKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return (
    first >= 0x30 &&
    first <= 0x39 &&
    /^(?:0|[1-9]\d*)$/.test(key) &&
    Number(key) < 4294967295
  );
}

/** How to write the members of objects with given keys. */
export interface IKeyOrder {
  /** The keys as Object.keys gives them. */
  keys: readonly string[];
  /** The same keys in canonical order; null when one is an integer key. */
  sorted: readonly string[] | null;
  /** Whether `keys` already is in canonical order. */
  inOrder: boolean;
}

const NO_KEYS: IKeyOrder = { keys: [], sorted: [], inOrder: true };

/**
 * Key orders by first key. Records repeat the same few key lists thousands
 * of times (every run's params, every param), and comparing a list with a
 * known one (same strings, so mostly pointer comparisons) is much cheaper
 * than sorting it again.
 */
const keyOrders = new Map<string, IKeyOrder[]>();
let keyOrderCount = 0;
const MAX_KEY_ORDERS = 4096;
/** Lists tried per first key, so a map with ever new keys cannot slow the others. */
const MAX_ORDERS_PER_FIRST_KEY = 8;

/** The canonical order of an object's keys (`keys` as Object.keys gives them). */
export function keyOrderOf(keys: string[]): IKeyOrder {
  const count = keys.length;
  if (count === 0) {
    return NO_KEYS;
  }
  const known = keyOrders.get(keys[0]);
  if (known) {
    for (const order of known) {
      if (sameKeys(order.keys, keys)) {
        return order;
      }
    }
  }
  const order = newKeyOrder(keys);
  if (keyOrderCount >= MAX_KEY_ORDERS) {
    keyOrders.clear();
    keyOrderCount = 0;
  }
  const list = keyOrders.get(keys[0]);
  if (!list) {
    keyOrders.set(keys[0], [order]);
  } else if (list.length < MAX_ORDERS_PER_FIRST_KEY) {
    list.push(order);
  } else {
    list[list.length - 1] = order;
    keyOrderCount--;
  }
  keyOrderCount++;
  return order;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 1; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

function newKeyOrder(keys: string[]): IKeyOrder {
  let inOrder = true;
  for (let i = 0; i < keys.length; i++) {
    if (isIntegerKey(keys[i])) {
      return { keys, sorted: null, inOrder: false };
    }
    inOrder &&= i === 0 || keys[i - 1] < keys[i];
  }
  // Default sort compares UTF-16 code units, which is the canonical order.
  return { keys, sorted: inOrder ? keys : keys.slice().sort(), inOrder };
}

/** A new object with the members of `keys[0 .. end)`. */
export function copyUpTo(
  object: Record<string, unknown>,
  keys: readonly string[],
  end: number
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (let i = 0; i < end; i++) {
    setMember(copy, keys[i], object[keys[i]]);
  }
  return copy;
}

export function setMember(
  object: Record<string, unknown>,
  key: string,
  value: unknown
): void {
  if (key === '__proto__') {
    // A "__proto__" key must stay a member, not set the prototype.
    defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true
    });
  } else {
    object[key] = value;
  }
}
