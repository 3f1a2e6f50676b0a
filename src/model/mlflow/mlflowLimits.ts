/**
 * MLflow's limits on what a run can hold, and the rules that fit runlog
 * names and values within them. The numbers are MLflow's own
 * (mlflow/utils/validation.py and its SQL store's column sizes, 3.x);
 * lengths are in UTF-16 code units, which never exceeds the code points
 * Python counts, so a value within them passes.
 */
import { compareCodeUnits } from '../bundle/canonicalJson';

/** Longest param value (MAX_PARAM_VAL_LENGTH). */
export const MAX_PARAM_VALUE_LENGTH = 6000;
/** Longest run tag value (MAX_TAG_VAL_LENGTH). */
export const MAX_TAG_VALUE_LENGTH = 8000;
/** Longest param, metric or tag key (MAX_ENTITY_KEY_LENGTH). */
export const MAX_KEY_LENGTH = 250;
/**
 * Longest experiment name: MLflow's check allows 500, but its SQL store's
 * column holds 256 (enforced by Postgres and MySQL).
 */
export const MAX_EXPERIMENT_NAME_LENGTH = 256;
/** Longest run name (the SQL store's `runs.name` column). */
export const MAX_RUN_NAME_LENGTH = 250;

/** What ends a value cut to fit: the whole value is in `runlog/run.json`. */
export const CUT_MARKER = '…';

/**
 * `text` within `maxLength` code units: unchanged when it fits, else its
 * start and CUT_MARKER, exactly `maxLength` long or one less (a surrogate
 * pair is never split).
 */
export function cutToLength(text: string, maxLength: number): string {
  if (text.length <= maxLength) {
    return text;
  }
  let keep = Math.max(0, maxLength - CUT_MARKER.length);
  const last = text.charCodeAt(keep - 1);
  if (keep > 0 && last >= 0xd800 && last <= 0xdbff) {
    keep--;
  }
  return text.slice(0, keep) + CUT_MARKER;
}

/**
 * Characters MLflow accepts in param and metric keys on every platform:
 * ASCII letters and digits, `_ - . /` and space. (It also takes `:` except on
 * Windows servers, and any Unicode word character; those are rewritten too,
 * so a key means the same wherever the server runs.)
 */
const INVALID_KEY_CHAR = /[^A-Za-z0-9_\-. /]/g;

/**
 * A key MLflow accepts for `name`: invalid characters become `_`, at most
 * MAX_KEY_LENGTH long, and no path tricks (MLflow refuses keys that a path
 * normalisation would change: empty, `.` or `..` segments, leading or
 * trailing `/`, `//`). Valid keys are returned unchanged.
 */
export function mlflowKey(name: string): string {
  const cut = name.replace(INVALID_KEY_CHAR, '_').slice(0, MAX_KEY_LENGTH);
  const segments = cut
    .split('/')
    .filter(segment => segment !== '' && segment !== '.')
    .map(segment => (segment === '..' ? '__' : segment));
  let key = segments.join('/');
  if (key.startsWith('..')) {
    // posixpath.normpath keeps `..x`, but MLflow refuses names starting `..`.
    key = '_' + key.slice(1);
  }
  return key || '_';
}

/**
 * MLflow keys for runlog names, one per name and all distinct. Names whose
 * key is themselves keep it; the others get theirs in name order, with
 * `_2`, `_3`, ... added when another name took it. The same names always
 * give the same keys.
 */
export function mlflowKeys(names: readonly string[]): Map<string, string> {
  const sorted = [...new Set(names)].sort(compareCodeUnits);
  const keys = new Map<string, string>();
  const taken = new Set<string>();
  const rewritten: [string, string][] = [];
  for (const name of sorted) {
    const key = mlflowKey(name);
    if (key === name) {
      keys.set(name, key);
      taken.add(key);
    } else {
      rewritten.push([name, key]);
    }
  }
  for (const [name, base] of rewritten) {
    let key = base;
    for (let n = 2; taken.has(key); n++) {
      const suffix = `_${n}`;
      key = mlflowKey(base.slice(0, MAX_KEY_LENGTH - suffix.length)) + suffix;
    }
    keys.set(name, key);
    taken.add(key);
  }
  return keys;
}
