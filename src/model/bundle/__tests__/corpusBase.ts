/**
 * Building blocks of the bundle corpora: a valid base bundle, sealing (a
 * correct checksum for any content, so a mutation is caught for what it is
 * and not as a checksum mismatch), and path helpers.
 */
import type { JSONValue } from '../../types';
import { BUNDLE_APP, BUNDLE_FORMAT } from '../bundleFormat';
import {
  canonicalBundleParts,
  exportedTextBody,
  EXPORTED_PREFIX,
  joinBundleParts,
  layoutBundle
} from '../bundleText';
import { canonicalJson } from '../canonicalJson';
import { sha256Hex } from '../sha256';
import { fullRun } from './bundleFixtures';

export type Json = JSONValue;
export type JsonObject = { [key: string]: JSONValue };
export type Segments = (string | number)[];

/** A valid bundle as an object: three runs in two experiments, every optional field somewhere. */
export function baseBundle(): JsonObject {
  const runs = [fullRun(0), fullRun(1, 'nb-beta'), fullRun(2)];
  return clone({
    format: BUNDLE_FORMAT,
    version: 1,
    exported_at: runs[2].updated_at,
    exported_by: { app: BUNDLE_APP, version: '0.1.0', user: 'ada' },
    runs
  } as unknown as JSONValue) as JsonObject;
}

/** A deep copy that keeps `__proto__` members as members. */
export function clone<T extends JSONValue>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The file text of `bundle` with a checksum that matches its content. */
export function seal(bundle: JsonObject): string {
  const parts = canonicalBundleParts(bundle);
  return layoutBundle(parts, 'sha256:' + sha256Hex(joinBundleParts(parts)));
}

/**
 * A text in the exported layout, edited as text, with its checksum redone
 * the way the documented procedure computes it (no parsing).
 */
export function resealText(text: string): string {
  const exported = exportedTextBody(text);
  if (!exported) {
    throw new Error('resealText needs a text in the exported layout');
  }
  const rest = text.slice(EXPORTED_PREFIX.length + 64);
  return EXPORTED_PREFIX + sha256Hex(exported.body) + rest;
}

/** The file text with `checksum` as given (matching or not), in the exported layout. */
export function withChecksum(bundle: JsonObject, checksum: JSONValue): string {
  return layoutBundle(canonicalBundleParts(bundle), checksum);
}

/** The canonical text without any checksum member. */
export function unsealed(bundle: JsonObject): string {
  const rest = { ...bundle };
  delete rest.checksum;
  return canonicalJson(rest) + '\n';
}

export function pointer(path: Segments): string {
  return path
    .map(
      segment => '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1')
    )
    .join('');
}

export function getAt(root: Json, path: Segments): Json {
  let node: Json = root;
  for (const segment of path) {
    node = (node as JsonObject)[segment];
  }
  return node;
}

/** Set (or, with `undefined`, delete) the member at `path`; defines `__proto__` as a member. */
export function setAt(
  root: Json,
  path: Segments,
  value: Json | undefined
): void {
  const parent = getAt(root, path.slice(0, -1)) as JsonObject;
  const key = path[path.length - 1];
  if (value === undefined) {
    delete parent[key];
  } else {
    Object.defineProperty(parent, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true
    });
  }
}

/** A copy of `bundle` with one change made by `edit`. */
export function mutated(
  bundle: JsonObject,
  edit: (copy: JsonObject) => void
): JsonObject {
  const copy = clone(bundle);
  edit(copy);
  return copy;
}

/** `depth` arrays nested in each other around `inner`. */
export function nested(depth: number, inner: Json = 1): Json {
  let value: Json = inner;
  for (let i = 0; i < depth; i++) {
    value = [value];
  }
  return value;
}
