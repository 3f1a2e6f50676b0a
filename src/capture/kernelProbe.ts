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
  PYTHON_PROBE_SOURCE,
  PYTHON_RUN_PROBE_DIGEST,
  PYTHON_RUN_PROBE_SOURCE
} from './probeSource.generated';

/** The name the probe registers in the kernel's `sys.modules`. */
export const PROBE_MODULE_NAME = '__runlog_probe__';
/** The name the run probe (jupyterlab_runlog/_run_probe.py) registers. */
export const RUN_PROBE_MODULE_NAME = '__runlog_run_probe__';

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
const RUN_MODULE = `__import__('sys').modules['${RUN_PROBE_MODULE_NAME}']`;
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
 * An expression that loads a probe unless the kernel already holds this
 * exact version (compared by digest), keeping any pending state. Its value
 * is None, so it displays nothing even in a non-silent request.
 */
function setupExpression(
  moduleName = PROBE_MODULE_NAME,
  probeSource = PYTHON_PROBE_SOURCE,
  probeDigest = PYTHON_PROBE_DIGEST,
  fileName = '<runlog-probe>'
): string {
  const digest = pythonStringLiteral(probeDigest);
  const name = `'${moduleName}'`;
  const source = pythonStringLiteral(probeSource);
  return (
    `${BUILTIN}.exec(${BUILTIN}.compile(${source}, '${fileName}', 'exec'), ` +
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

/** Like `probeSetupCode`, for the run probe. */
export function runProbeSetupCode(): string {
  return setupExpression(
    RUN_PROBE_MODULE_NAME,
    PYTHON_RUN_PROBE_SOURCE,
    PYTHON_RUN_PROBE_DIGEST,
    '<runlog-run-probe>'
  );
}

/**
 * A `user_expressions` entry whose text/plain is the interpreter JSON. It
 * loads both probes itself, so it works as the first request to a kernel;
 * from then on the run probe measures the user's cells.
 */
export function probeContextExpression(): string {
  return `(${setupExpression()}, ${runProbeSetupCode()}, ${MODULE}.kernel_context())[2]`;
}

/** What a run's context read asks the kernel about. */
export interface IRunContextRequest {
  /** The execution counts of the run's cells: their measurements are summed. */
  execution_counts: number[];
  /** Top-level modules the notebook imports: versions of those loaded. */
  modules: string[];
  /** Parameter name → path: fingerprints of the files that exist. */
  paths: { [param: string]: string };
}

/**
 * A `user_expressions` entry whose text/plain is the run environment JSON
 * (parsed by `parseRunEnvironment`). It loads the run probe if needed.
 */
export function probeRunContextExpression(request: IRunContextRequest): string {
  const json = pythonStringLiteral(JSON.stringify(request));
  return `(${runProbeSetupCode()}, ${RUN_MODULE}.run_context(${json}))[1]`;
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
