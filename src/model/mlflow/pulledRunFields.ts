/**
 * The parts of a pulled MLflow run's record read from its texts: param
 * values, the context and annotations from MLflow's tags, and the link to
 * the run. The texts were checked for type and size (pulledRun.ts); what
 * they hold is still untrusted.
 */
import {
  DEFAULT_BUNDLE_LIMITS,
  type IBundleLimits
} from '../bundle/bundleFormat';
import { withinJsonLimits } from '../bundle/jsonLimits';
import { withinShapeAndLimits } from '../bundle/shapeLimits';
import { jsonType } from '../papermill/papermillNotebook';
import { parsePythonLiteral } from '../python/pythonLiteral';
import { GIT_SHAPE } from '../record/runRecordShape';
import type {
  IParamRecord,
  IRunContext,
  IRunRecord,
  JSONValue
} from '../types';
import { normaliseAnnotationChange } from '../../store/annotations';
import { TAG } from './runPayload';

const MAX_URL = 2000;
/** Nesting allowed in a param value read back from its text. */
const PARAM_LIMITS: IBundleLimits = {
  ...DEFAULT_BUNDLE_LIMITS,
  maxDepth: 32,
  maxKeysPerObject: 1000
};

/** A bare word: neither JSON nor a Python literal unless it is one of LITERAL_WORDS. */
const BARE_WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LITERAL_WORDS = new Set([
  'true',
  'false',
  'null',
  'True',
  'False',
  'None'
]);

/** A param read back from MLflow's text: JSON, else a Python literal (`True`, `[1, 'a']`), else the text. */
export function paramRecord(source: string): IParamRecord {
  let value: JSONValue = source;
  let type = 'str';
  const trimmed = source.trim();
  // Words such as `adam` are the commonest text params: both parsers would
  // throw on them, and 10,000 runs' worth of exceptions cost ~0.5 s.
  if (trimmed && !(BARE_WORD.test(trimmed) && !LITERAL_WORDS.has(trimmed))) {
    let parsed: { value: JSONValue; type: string } | null = null;
    try {
      const json = JSON.parse(trimmed) as JSONValue;
      parsed = { value: json, type: jsonType(json) };
    } catch {
      const literal = parsePythonLiteral(trimmed);
      parsed = literal.ok ? literal : null;
    }
    if (parsed && withinJsonLimits(parsed.value, 1, PARAM_LIMITS)) {
      value = parsed.value;
      type = parsed.type;
    }
  }
  return { value, source, type };
}

export function contextOf(tags: { [key: string]: string }): IRunContext {
  const context: IRunContext = {
    kernel: { name: 'unknown', language: 'unknown' }
  };
  const user = tags[TAG.user];
  if (user) {
    context.user = user;
  }
  const commit = tags[TAG.gitCommit]?.toLowerCase();
  const git = {
    commit,
    branch: tags['mlflow.source.git.branch'] ?? null,
    dirty: false
  };
  if (
    commit &&
    withinShapeAndLimits(git, GIT_SHAPE, 1, DEFAULT_BUNDLE_LIMITS)
  ) {
    // MLflow does not say whether the working tree was dirty.
    context.git = git as IRunContext['git'];
  }
  const source = tags[TAG.sourceName];
  if (source) {
    context.mlflow = { source_name: source };
  }
  return context;
}

export function annotationsOf(tags: {
  [key: string]: string;
}): IRunRecord['annotations'] {
  let listed: unknown = [];
  try {
    listed = JSON.parse(tags[TAG.tags] ?? '[]');
  } catch {
    // A cut or hand-written tag: no tags.
  }
  const strings = Array.isArray(listed)
    ? listed.filter((tag): tag is string => typeof tag === 'string')
    : [];
  const normalised = normaliseAnnotationChange({
    note: tags[TAG.note] ?? '',
    tags: strings.slice(0, 1000),
    starred: tags[TAG.starred] === 'true'
  });
  return {
    note: normalised.note ?? '',
    tags: normalised.tags ?? [],
    starred: normalised.starred ?? false
  };
}

/** An http(s) address to link to, or null: never `javascript:` or other schemes. */
export function webLink(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > MAX_URL) {
    return null;
  }
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:'
      ? parsed.href
      : null;
  } catch {
    return null;
  }
}
