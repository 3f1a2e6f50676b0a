/**
 * Run context read from the notebook's code and from the kernel: the modules
 * the notebook imports, its seeds, the parameters that name files, and the
 * environment a Python kernel reports (resources, packages, git, files).
 *
 * Code is read with a light scan, not a parser: strings, comments and
 * IPython magic lines are blanked first so that text in them never counts.
 */

import { DEFAULT_BUNDLE_LIMITS } from '../bundle/bundleFormat';
import { withinShapeAndLimits } from '../bundle/shapeLimits';
import { setOwn } from '../python/pythonLiteral';
import { stringEnd } from '../python/pythonLexicon';
import {
  FILES_SHAPE,
  GIT_SHAPE,
  GPU_SHAPE,
  PACKAGES_SHAPE,
  RESOURCES_SHAPE
} from './runRecordShape';
import { normaliseToShape, type Shape } from './shape';
import { isRedactedParam, nameWords } from '../redaction/redaction';
import type {
  IFileFingerprint,
  IParamRecord,
  IRunContext,
  IRunGit,
  IRunResources,
  IRunSeeds,
  JSONValue
} from '../types';

/** What a Python kernel reports about a run (jupyterlab_runlog/_run_probe.py). */
export interface IRunEnvironment {
  resources: IRunResources | null;
  packages: { [name: string]: string };
  git: IRunGit | null;
  files: { [param: string]: IFileFingerprint };
}

const MAX_MODULES = 200;
const MAX_CALL_LENGTH = 200;
const MAX_FILE_PARAMS = 20;

/** Cell magics whose body is still Python. */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture']);
const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;
const KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def ' +
    'del elif else except finally for from global if import in is lambda ' +
    'nonlocal not or pass raise return try while with yield'
  ).split(' ')
);
const IMPORT = /^import(?![\p{L}\p{N}_])([\s\S]*)$/u;
const FROM_IMPORT =
  /^from(?![\p{L}\p{N}_])([\s\S]*?)(?<![\p{L}\p{N}_])import(?![\p{L}\p{N}_])/u;
/** `module as name`: group 1 is the module. */
const ALIAS = /^([\s\S]*?)(?:\s+as\s+[\p{L}_][\p{L}\p{N}_]*)?$/u;
/** Statements that may carry another after their `:` on the same line. */
const COMPOUND_START =
  /^(?:if|elif|else|for|while|with|def|class|try|except|finally|async)(?![\p{L}\p{N}_])/u;

/**
 * Blank what is not Python code, keeping every offset: in `code` strings,
 * comments and magic lines, with one line per logical line; in `clean` only
 * comments, magic lines and continuations. Null for a cell run by a cell
 * magic whose body is another language (`%%bash`, `%%html`).
 */
function scan(source: string): { code: string; clean: string } | null {
  const magic = /^\s*%%(\w*)/.exec(source);
  if (magic && !PYTHON_CELL_MAGICS.has(magic[1])) {
    return null;
  }
  const code = source.split('');
  const clean = source.split('');
  let depth = 0;
  let lineStart = true;
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    let end = i + 1;
    if (c === '#' || (lineStart && (c === '%' || c === '!'))) {
      // Comments, and IPython line magics and shell escapes, to the line end.
      end = source.indexOf('\n', i);
      end = end < 0 ? source.length : end;
      code.fill(' ', i, end);
      clean.fill(' ', i, end);
    } else if (c === '"' || c === "'") {
      end = stringEnd(source, i);
      code.fill(' ', i, end);
      lineStart = false;
    } else if (c === '\\' && /^\r?\n/.test(source.slice(i + 1, i + 3))) {
      end = source[i + 1] === '\n' ? i + 2 : i + 3;
      code.fill(' ', i, end);
      clean.fill(' ', i, end);
    } else if (/\s/.test(c)) {
      // Only line breaks outside brackets end a logical line.
      lineStart ||= c === '\n' && depth === 0;
      code[i] = c === '\n' && depth === 0 ? '\n' : ' ';
    } else {
      lineStart = false;
      if ('([{'.includes(c)) {
        depth++;
      } else if (')]}'.includes(c)) {
        depth = Math.max(0, depth - 1);
      }
    }
    i = end;
  }
  return { code: code.join(''), clean: clean.join('') };
}

function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !KEYWORDS.has(name);
}

/** Where `target` (sticky) first matches at bracket depth 0 in the line, or -1. */
function atDepthZero(text: string, from: number, target: RegExp): number {
  let depth = 0;
  for (let i = from; i < text.length && text[i] !== '\n'; i++) {
    target.lastIndex = i;
    if (depth === 0 && target.test(text)) {
      return i;
    }
    depth += '([{'.includes(text[i]) ? 1 : ')]}'.includes(text[i]) ? -1 : 0;
  }
  return -1;
}

/** The top-level module of a dotted name as written (`a . b` → a), or null. */
function topModule(dotted: string): string | null {
  const parts = dotted.trim().split(/\s*\.\s*/);
  return parts.every(isIdentifier) ? parts[0] : null;
}

function importsOfStatement(statement: string, found: Set<string>): void {
  let text = statement.trim();
  while (COMPOUND_START.test(text)) {
    // `if x: import y`: the statement after the header's colon (not `:=`).
    const colon = atDepthZero(text, 0, /:(?!=)/y);
    text = colon < 0 ? '' : text.slice(colon + 1).trim();
  }
  const plain = IMPORT.exec(text);
  const from = FROM_IMPORT.exec(text);
  const modules = plain
    ? plain[1].split(',').map(part => ALIAS.exec(part.trim())![1])
    : from
      ? [from[1]]
      : [];
  for (const module of modules) {
    // Relative imports (`from .m import x`) have an empty first part.
    const top = topModule(module);
    if (top) {
      found.add(top);
    }
  }
}

/**
 * The top-level modules the code imports (`import a.b as c, d` → a, d;
 * `from a.b import x` → a), sorted, without relative imports.
 */
export function importedModules(sources: readonly string[]): string[] {
  const found = new Set<string>();
  for (const source of sources) {
    for (const line of scan(String(source))?.code.split('\n') ?? []) {
      for (const statement of line.split(';')) {
        importsOfStatement(statement, found);
      }
    }
  }
  return [...found].sort().slice(0, MAX_MODULES);
}

const SEEDING_CALLEES = new Set(
  (
    'random.seed np.random.seed numpy.random.seed torch.manual_seed ' +
    'torch.cuda.manual_seed torch.cuda.manual_seed_all tf.random.set_seed ' +
    'tensorflow.random.set_seed keras.utils.set_random_seed ' +
    'tf.keras.utils.set_random_seed jax.random.PRNGKey jax.random.key ' +
    'paddle.seed mx.random.seed'
  ).split(' ')
);
/** Seeding only when given a seed: without one they draw from the OS. */
const SEEDING_WITH_ARGUMENT = new Set(
  'np.random.default_rng numpy.random.default_rng random.Random'.split(' ')
);
/** Seeding helpers of many libraries (transformers, lightning, accelerate). */
const SEEDING_NAMES = new Set(['set_seed', 'seed_everything']);
const CALLEE =
  /(?<![\p{L}\p{N}_.])([\p{L}_][\p{L}\p{N}_]*(?:[^\S\n]*\.[^\S\n]*[\p{L}_][\p{L}\p{N}_]*)*)[^\S\n]*\(/gu;
const DEFINITION_BEFORE = /(?<![\p{L}\p{N}_])(?:def|class)[^\S\n]+$/u;

function seedingCalls(source: string, calls: string[]): void {
  const scanned = scan(source);
  if (!scanned) {
    return;
  }
  const { code, clean } = scanned;
  CALLEE.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = CALLEE.exec(code)) !== null) {
    const callee = match[1].replace(/\s+/g, '');
    const last = callee.slice(callee.lastIndexOf('.') + 1);
    const needsArgument = SEEDING_WITH_ARGUMENT.has(callee);
    if (
      !(SEEDING_CALLEES.has(callee) || SEEDING_NAMES.has(last)) &&
      !needsArgument
    ) {
      continue;
    }
    const open = match.index + match[0].length - 1;
    const close = atDepthZero(code, open + 1, /\)/y);
    // `def set_seed(seed):` defines a helper; calling it is what counts.
    const before = code.slice(Math.max(0, match.index - 16), match.index);
    if (
      close < 0 ||
      DEFINITION_BEFORE.test(before) ||
      (needsArgument && !clean.slice(open + 1, close).trim())
    ) {
      continue;
    }
    let call = clean.slice(match.index, close + 1).replace(/\s+/g, ' ');
    if (call.length > MAX_CALL_LENGTH) {
      call = call.slice(0, MAX_CALL_LENGTH - 1) + '…';
    }
    if (!calls.includes(call)) {
      calls.push(call);
    }
  }
}

/** Whether a parameter name reads as a seed (`seed`, `torchSeed2`, `random_state`). */
function isSeedName(name: string): boolean {
  return (
    name.toLowerCase() === 'random_state' ||
    nameWords(name).some(word => word === 'seed' || word === 'seeds')
  );
}

/** Seed-like parameters and seeding calls in the code, or null when none. */
export function seedsOf(
  params: { [name: string]: IParamRecord },
  sources: readonly string[]
): IRunSeeds | null {
  const named = Object.keys(params).filter(
    name => isSeedName(name) && !isRedactedParam(params[name])
  );
  const seedParams: { [name: string]: JSONValue } = {};
  named.forEach(name => setOwn(seedParams, name, params[name].value));
  const calls: string[] = [];
  sources.forEach(source => seedingCalls(String(source), calls));
  return named.length || calls.length ? { params: seedParams, calls } : null;
}

/** Not a local path: blank, a URL, or holding line breaks, tabs or NUL. */
const NOT_PATH = /^\s*$|[\n\r\t\0]|^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
/** A path: a separator, a home folder, or a file extension with a letter. */
const PATH = /[/\\]|^~|\.(?=[A-Za-z0-9]{0,9}[A-Za-z])[A-Za-z0-9]{1,10}$/;

function looksLikePath(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 1024 &&
    !NOT_PATH.test(value) &&
    Number.isNaN(Number(value)) &&
    PATH.test(value)
  );
}

/** String parameters that look like local paths, by name (name order, at most 20). */
export function fileParameters(params: { [name: string]: IParamRecord }): {
  [name: string]: string;
} {
  const files: { [name: string]: string } = {};
  Object.keys(params)
    .sort()
    .filter(name => looksLikePath(params[name].value))
    .filter(name => !isRedactedParam(params[name]))
    .slice(0, MAX_FILE_PARAMS)
    .forEach(name => setOwn(files, name, params[name].value as string));
  return files;
}

type JSONObject = { [key: string]: unknown };
type IGpuPeak = IRunResources['gpu'][number];
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const isObject = (value: unknown): value is JSONObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Nesting levels in a bundle (bundle 1, runs 2, run 3, context 4), so that
 * a part read here is within the limits the bundle checks apply on export.
 */
const PART_DEPTH = 5;
const ENTRY_DEPTH = 6;
const GPU_DEPTH = 7;

/**
 * A part of a kernel reply as the run record describes it: normalised
 * (lower-case digests, whole-number sizes, only described members) and
 * within the record's shape and the bundle limits; null otherwise. So a
 * run that capture accepts is never refused on export.
 */
function readPart<T>(value: unknown, shape: Shape, depth: number): T | null {
  const normal = normaliseToShape(value, shape);
  return normal !== undefined &&
    withinShapeAndLimits(normal, shape, depth, DEFAULT_BUNDLE_LIMITS)
    ? (normal as T)
    : null;
}

/** The own entries of an object that `read` accepts, unsafe keys left out. */
function safeEntries<T>(
  value: unknown,
  read: (entry: unknown) => T | null
): { [key: string]: T } {
  const result: { [key: string]: T } = {};
  for (const key of isObject(value) ? Object.keys(value) : []) {
    const entry = UNSAFE_KEYS.has(key)
      ? null
      : read((value as JSONObject)[key]);
    if (entry !== null) {
      setOwn(result, key, entry);
    }
  }
  return result;
}

/** Resources with the GPU entries that read well (the others left out). */
function readResources(value: unknown): IRunResources | null {
  if (!isObject(value) || !Array.isArray(value.gpu)) {
    return null;
  }
  const gpu = value.gpu
    .map(entry => readPart<IGpuPeak>(entry, GPU_SHAPE, GPU_DEPTH))
    .filter(entry => entry !== null);
  return readPart<IRunResources>(
    { ...value, gpu },
    RESOURCES_SHAPE,
    PART_DEPTH
  );
}

/** The environment a kernel reported, each part checked; null when not a JSON object. */
export function parseRunEnvironment(text: string): IRunEnvironment | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(data)) {
    return null;
  }
  return {
    resources: readResources(data.resources),
    packages: safeEntries(data.packages, entry =>
      readPart<string>(entry, PACKAGES_SHAPE.values, ENTRY_DEPTH)
    ),
    git: readPart<IRunGit>(data.git, GIT_SHAPE, PART_DEPTH),
    files: safeEntries(data.files, entry =>
      readPart<IFileFingerprint>(entry, FILES_SHAPE.values, ENTRY_DEPTH)
    )
  };
}

/**
 * The environment parts of a stored run's context, each checked as a kernel
 * reply is: imported runs are untrusted, so views read only well-shaped parts.
 */
export function storedEnvironment(
  context: IRunContext
): IRunEnvironment | null {
  const { resources, packages, git, files } = context;
  return parseRunEnvironment(
    JSON.stringify({
      resources: resources ?? null,
      packages: packages ?? {},
      git: git ?? null,
      files: files ?? {}
    })
  );
}

/** A copy of `context` with what the environment and seeds hold. */
export function withEnvironment(
  context: IRunContext,
  environment: IRunEnvironment,
  seeds: IRunSeeds | null
): IRunContext {
  const result: IRunContext = { ...context };
  if (Object.keys(environment.packages).length) {
    result.packages = environment.packages;
  }
  if (environment.git) {
    result.git = environment.git;
  }
  if (environment.resources) {
    result.resources = environment.resources;
  }
  if (Object.keys(environment.files).length) {
    result.files = environment.files;
  }
  if (seeds) {
    result.seeds = seeds;
  }
  return result;
}
