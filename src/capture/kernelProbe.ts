/**
 * Code and reply parsing for the Python kernel probe
 * (jupyterlab_runlog/_probe.py), which reads parameter values without
 * leaving a trace in the user's session.
 *
 * Send everything here as `silent: true, store_history: false` execute
 * requests:
 * 1. `probeExpectCode(token, source)` as `code` BEFORE the parameters cell's
 *    own request reaches the kernel (e.g. from `executionScheduled`, which
 *    fires synchronously before the cell's request is sent);
 * 2. after the cell, `{ [key]: probeTakeExpression(token) }` as
 *    `user_expressions`; parse the reply's `data['text/plain']` with
 *    `parseProbeSnapshot` (retry later while it says `pending`);
 * 3. for context, `{ [key]: probeContextExpression() }` as
 *    `user_expressions` (it loads the probe itself), parsed by
 *    `parseKernelContext`.
 *
 * No statement here binds a name in the user's namespace: the probe lives in
 * `sys.modules['__runlog_probe__']` and is reached through `__import__`.
 */

import type { JSONValue } from '../model/types';
import {
  PYTHON_PROBE_DIGEST,
  PYTHON_PROBE_SOURCE
} from './probeSource.generated';

/** The name the probe registers in the kernel's `sys.modules`. */
export const PROBE_MODULE_NAME = '__runlog_probe__';

/** One parameter as the kernel saw it after the cell ran. */
export interface IProbeParam {
  /** The value as JSON; null when not `exact`. */
  value: JSONValue;
  /** The Python type name, e.g. `int`, `DataFrame`. */
  type: string;
  /** False when the value has no faithful JSON form (objects, NaN, too big). */
  exact: boolean;
  /** A short repr (at most 200 characters) when not exact. */
  repr?: string;
}

export type ProbeSnapshot =
  | { pending: true }
  | {
      pending: false;
      params: { [name: string]: IProbeParam };
      /** True when the cell raised (values are those bound before the error). */
      error: boolean;
    };

/** The kernel's interpreter as reported by the probe. */
export interface IKernelPythonContext {
  // Lets the context be stored as a JSON value in run records.
  [key: string]: string;
  python: string;
  implementation: string;
  executable: string;
}

const MODULE = `__import__('sys').modules['${PROBE_MODULE_NAME}']`;
// The user may have shadowed builtins such as `compile`; reach the real ones.
const BUILTIN = "__import__('builtins')";

/**
 * A Python string literal denoting `text` exactly: one line of printable ASCII.
 *
 * JSON's escapes are all valid Python escapes; DEL and non-ASCII characters are
 * escaped per code point (`\u` or `\U`), never per UTF-16 unit, so astral
 * characters survive, and lone surrogates stay lone surrogates.
 */
export function pythonStringLiteral(text: string): string {
  const json = JSON.stringify(text);
  let literal = '';
  for (const char of json) {
    const codePoint = char.codePointAt(0)!;
    if (codePoint < 0x7f) {
      literal += char;
    } else if (codePoint <= 0xffff) {
      literal += '\\u' + codePoint.toString(16).padStart(4, '0');
    } else {
      literal += '\\U' + codePoint.toString(16).padStart(8, '0');
    }
  }
  return literal;
}

/**
 * An expression that loads the probe unless the kernel already holds this
 * exact version (compared by digest), keeping any pending state. Its value
 * is None, so it displays nothing even in a non-silent request.
 */
function setupExpression(): string {
  const digest = pythonStringLiteral(PYTHON_PROBE_DIGEST);
  const name = `'${PROBE_MODULE_NAME}'`;
  const source = pythonStringLiteral(PYTHON_PROBE_SOURCE);
  return (
    `${BUILTIN}.exec(${BUILTIN}.compile(${source}, '<runlog-probe>', 'exec'), ` +
    `{'__name__': ${name}, 'SOURCE_DIGEST': ${digest}}) ` +
    `if ${BUILTIN}.getattr(__import__('sys').modules.get(${name}), 'SOURCE_DIGEST', None) != ${digest} ` +
    'else None'
  );
}

/** One statement (an expression evaluating to None) that loads the probe if needed. */
export function probeSetupCode(): string {
  return setupExpression();
}

/** Loads the probe if needed, then asks it to snapshot the next run of `cellSource`. */
export function probeExpectCode(token: string, cellSource: string): string {
  return (
    probeSetupCode() +
    '\n' +
    `${MODULE}.expect(${pythonStringLiteral(token)}, ${pythonStringLiteral(cellSource)})`
  );
}

/** A `user_expressions` entry whose text/plain is the snapshot JSON. */
export function probeTakeExpression(token: string): string {
  return `${MODULE}.take(${pythonStringLiteral(token)})`;
}

/**
 * A `user_expressions` entry whose text/plain is the interpreter JSON. It
 * loads the probe itself, so it works as the first request to a kernel.
 */
export function probeContextExpression(): string {
  return `(${setupExpression()}, ${MODULE}.kernel_context())[1]`;
}

/**
 * Parses a take() reply. Null for anything that is not a snapshot: garbage,
 * or `{"missing": true}` (the kernel never saw the token, e.g. it restarted).
 */
export function parseProbeSnapshot(text: string): ProbeSnapshot | null {
  const data = parseJSONObject(text);
  if (!data) {
    return null;
  }
  if (data.pending === true) {
    return { pending: true };
  }
  if (!isPlainObject(data.params) || typeof data.error !== 'boolean') {
    return null;
  }
  const params = Object.fromEntries(
    Object.entries(data.params).flatMap(([name, entry]) => {
      const param = parseProbeParam(entry);
      return param ? [[name, param] as const] : [];
    })
  );
  return { pending: false, params, error: data.error };
}

/** Parses a kernel_context() reply; null when malformed. */
export function parseKernelContext(text: string): IKernelPythonContext | null {
  const data = parseJSONObject(text);
  if (
    !data ||
    typeof data.python !== 'string' ||
    typeof data.implementation !== 'string' ||
    typeof data.executable !== 'string'
  ) {
    return null;
  }
  return {
    python: data.python,
    implementation: data.implementation,
    executable: data.executable
  };
}

function parseProbeParam(entry: unknown): IProbeParam | null {
  if (
    !isPlainObject(entry) ||
    typeof entry.type !== 'string' ||
    typeof entry.exact !== 'boolean' ||
    !('value' in entry)
  ) {
    return null;
  }
  const param: IProbeParam = {
    value: entry.exact ? (entry.value as JSONValue) : null,
    type: entry.type,
    exact: entry.exact
  };
  if (typeof entry.repr === 'string') {
    param.repr = entry.repr;
  }
  return param;
}

function parseJSONObject(text: string): { [key: string]: unknown } | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  return isPlainObject(data) ? data : null;
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
