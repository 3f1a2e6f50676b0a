/**
 * Readers for the parts of a papermill-executed notebook: cells, parameters
 * (recorded values and the injected cell), the experiment, kernel, paths,
 * times and stable ids. papermill.ts assembles the run from them. Inputs are
 * untrusted: every shape is checked.
 */

import { type IBundleTranslator, UNTRANSLATED } from '../bundle/bundleFormat';
import { sha256Hex } from '../bundle/sha256';
import { parseParameters } from '../python/parameters';
import { formatPythonLiteral, setOwn } from '../python/pythonLiteral';
import { sameJSONValue } from '../restore/restoreValues';
import { readNotebookRunlog } from '../runlogMetadata';
import type {
  ICapturedOutput,
  IExperimentRef,
  IParamRecord,
  IRunContext,
  JSONValue
} from '../types';

export type JSONObject = { [key: string]: unknown };

/** Parameter values nested deeper than this are kept as text only. */
const MAX_VALUE_DEPTH = 64;

/** A cell as read from the file, every field checked. */
export interface INotebookCell {
  id: string;
  type: string;
  tags: string[];
  source: string;
  outputs: ICapturedOutput[];
  executionCount: number | null;
  papermill: JSONObject;
}

/** Read one cell; `index` names a cell that has no id. */
export function readCell(raw: unknown, index: number): INotebookCell {
  const cell = isObject(raw) ? raw : {};
  const metadata = isObject(cell.metadata) ? cell.metadata : {};
  const tags = Array.isArray(metadata.tags)
    ? metadata.tags.filter((tag): tag is string => typeof tag === 'string')
    : [];
  const outputs = Array.isArray(cell.outputs)
    ? (cell.outputs.filter(isObject) as ICapturedOutput[])
    : [];
  const count = cell.execution_count;
  return {
    // nbformat < 4.5 cells have no id: the position stands in for it.
    id: typeof cell.id === 'string' && cell.id ? cell.id : `cell-${index}`,
    type: typeof cell.cell_type === 'string' ? cell.cell_type : '',
    tags,
    source: text(cell.source),
    outputs,
    executionCount:
      typeof count === 'number' && Number.isInteger(count) ? count : null,
    papermill: isObject(metadata.papermill) ? metadata.papermill : {}
  };
}

/**
 * Parameters in the order a reader meets them: the parameters cell's
 * defaults, then the injected cell. Papermill's recorded values are exact
 * JSON; the injected source is kept as written so restore writes it back.
 */
export function collectParams(
  defaultsSource: string | null,
  injectedSource: string | null,
  recorded: unknown,
  warnings: string[],
  trans: IBundleTranslator = UNTRANSLATED
): { [name: string]: IParamRecord } {
  const params: { [name: string]: IParamRecord } = {};
  const defaults = defaultsSource ? parseParameters(defaultsSource).params : {};
  const injected = injectedSource ? parseParameters(injectedSource).params : {};
  for (const from of [defaults, injected]) {
    for (const name of Object.keys(from)) {
      setOwn(params, name, from[name]);
    }
  }
  if (!isObject(recorded)) {
    if (injectedSource !== null) {
      warnings.push(
        trans.__(
          'papermill recorded no parameter values: they are read from the injected cell.'
        )
      );
    }
    return params;
  }
  for (const name of Object.keys(recorded)) {
    const value = cloneJSON(recorded[name], 0);
    const written = Object.prototype.hasOwnProperty.call(injected, name)
      ? injected[name]
      : null;
    if (value === undefined) {
      warnings.push(
        trans.__(
          'Parameter "%1" is nested too deeply to keep its value; its source text is kept.',
          name
        )
      );
    }
    const matches =
      value !== undefined &&
      !!written?.exact &&
      sameJSONValue(written.value, value);
    setOwn(params, name, {
      value: value ?? null,
      source:
        written?.source ??
        (value === undefined ? '' : formatPythonLiteral(value)),
      // The written literal knows `1.0` is a float; JSON alone does not.
      type: matches
        ? written!.type
        : value === undefined
          ? 'unknown'
          : jsonType(value),
      origin: 'source',
      exact: value !== undefined
    });
  }
  return params;
}

/** The Python type a JSON value arrives as. */
export function jsonType(value: JSONValue): string {
  if (value === null) {
    return 'NoneType';
  }
  if (Array.isArray(value)) {
    return 'list';
  }
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    case 'string':
      return 'str';
    default:
      return 'dict';
  }
}

export function experimentOf(
  metadata: JSONObject,
  sourcePath: string,
  fallback: IExperimentRef | undefined
): IExperimentRef {
  const runlog = readNotebookRunlog(metadata);
  const name = runlog.experiment ?? fileStem(sourcePath);
  const id = runlog.notebookId;
  if (id !== null) {
    return { id, name };
  }
  if (fallback) {
    return { id: fallback.id, name: fallback.name };
  }
  // Every sweep of one source notebook lands in the same experiment.
  return { id: uuidFromHash(`papermill-input\u0000${sourcePath}`), name };
}

export function kernelOf(metadata: JSONObject): IRunContext['kernel'] {
  const spec = isObject(metadata.kernelspec) ? metadata.kernelspec : {};
  const info = isObject(metadata.language_info) ? metadata.language_info : {};
  const kernel: IRunContext['kernel'] = {
    name: text(spec.name) || 'unknown',
    language: text(info.name) || text(spec.language) || 'unknown'
  };
  const version = text(info.version);
  if (version) {
    kernel.language_version = version;
  }
  const display = text(spec.display_name);
  if (display) {
    kernel.display_name = display;
  }
  return kernel;
}

/**
 * The source notebook's path as the contents API sees it. Papermill records
 * paths relative to where it ran; when the imported file's path ends with the
 * recorded output path, the part before it is that folder.
 */
export function notebookPath(
  inputPath: string,
  outputPath: string,
  importedPath: string
): string {
  const input = normalizePath(inputPath);
  const output = normalizePath(outputPath);
  const imported = normalizePath(importedPath);
  const relative = input && !input.startsWith('/') && !input.includes('://');
  if (
    relative &&
    output &&
    (imported === output || imported.endsWith(`/${output}`))
  ) {
    return normalizePath(
      imported.slice(0, imported.length - output.length) + input
    );
  }
  return input || imported;
}

function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '..' && parts.length && parts[parts.length - 1] !== '..') {
      parts.pop();
    } else if (part && part !== '.') {
      parts.push(part);
    }
  }
  return (path.startsWith('/') ? '/' : '') + parts.join('/');
}

function fileStem(path: string): string {
  const base = path.replace(/\\/g, '/').split('/').pop() ?? '';
  return base.replace(/\.[^.]*$/, '') || base || path;
}

const ISO_TIME =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A papermill time as ISO 8601 UTC. Papermill writes microseconds and, in
 * older versions, no zone (its times were UTC then too).
 */
export function isoTime(value: unknown): string | null {
  const match = typeof value === 'string' ? ISO_TIME.exec(value.trim()) : null;
  if (!match) {
    return null;
  }
  const fraction = (match[2] ?? '').slice(0, 4);
  const time = Date.parse(`${match[1]}${fraction}${match[3] ?? 'Z'}`);
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}

/** A JSON copy, own keys only; undefined when nested deeper than allowed. */
function cloneJSON(value: unknown, depth: number): JSONValue | undefined {
  if (
    value === null ||
    typeof value === 'boolean' ||
    typeof value === 'string'
  ) {
    return value;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  if (depth >= MAX_VALUE_DEPTH || typeof value !== 'object') {
    return undefined;
  }
  if (Array.isArray(value)) {
    const items = value.map(item => cloneJSON(item, depth + 1));
    return items.includes(undefined) ? undefined : (items as JSONValue[]);
  }
  const copy: { [key: string]: JSONValue } = {};
  for (const key of Object.keys(value)) {
    const item = cloneJSON((value as JSONObject)[key], depth + 1);
    if (item === undefined) {
      return undefined;
    }
    setOwn(copy, key, item);
  }
  return copy;
}

/** JSON with object keys sorted, so equal values hash equally. */
export function canonicalJSON(value: unknown): string {
  const copy = cloneJSON(value, 0);
  const sorted = (item: JSONValue): JSONValue => {
    if (Array.isArray(item)) {
      return item.map(sorted);
    }
    if (item === null || typeof item !== 'object') {
      return item;
    }
    const out: { [key: string]: JSONValue } = {};
    for (const key of Object.keys(item).sort()) {
      setOwn(out, key, sorted(item[key]));
    }
    return out;
  };
  return copy === undefined ? '"<too deep>"' : JSON.stringify(sorted(copy));
}

/**
 * A UUID-shaped id (version 8, "custom") from the first 128 bits of the
 * text's SHA-256: the same text gives the same id on every machine.
 */
export function uuidFromHash(textToHash: string): string {
  const hex = sha256Hex(textToHash).slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const digits = hex.join('');
  return [
    digits.slice(0, 8),
    digits.slice(8, 12),
    digits.slice(12, 16),
    digits.slice(16, 20),
    digits.slice(20)
  ].join('-');
}

export function isObject(value: unknown): value is JSONObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string, or nbformat's list of lines joined; '' for anything else. */
export function text(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  return Array.isArray(value) && value.every(line => typeof line === 'string')
    ? value.join('')
    : '';
}

export function latestCellEnd(cells: INotebookCell[]): string | null {
  let latest: string | null = null;
  for (const cell of cells) {
    const end = isoTime(cell.papermill.end_time);
    if (end && (!latest || end > latest)) {
      latest = end;
    }
  }
  return latest;
}

export function elapsed(fromIso: string, toIso: string): number {
  return Math.max(0, Date.parse(toIso) - Date.parse(fromIso));
}

function isDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Milliseconds from papermill's seconds, else from the two times. */
export function durationMs(
  seconds: unknown,
  from: string | null,
  to: string | null
): number | null {
  if (isDuration(seconds)) {
    return Math.round(seconds * 1000);
  }
  return from && to ? elapsed(from, to) : null;
}
