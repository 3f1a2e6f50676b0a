/**
 * Redaction of secrets in run records, before they reach the store and again
 * on export (product.md, "Privacy and safety").
 *
 * A parameter is redacted when its name matches the settings' patterns
 * (redactionNames.ts) or when its value or source holds a credential in a
 * known format (redactionValues.ts). A redacted parameter keeps its name and
 * type; its value becomes null and its source REDACTED_SOURCE, and the same
 * placeholder replaces its right-hand side in the run's parameters cell.
 *
 * Everything here is pure: inputs are never changed, and an input that needs
 * no change is returned as is (so `result.run !== run` means "write it").
 */

import { parseParameters, type IParsedParameters } from '../python/parameters';
import { setOwn } from '../python/pythonLiteral';
import {
  DEFAULT_SECRET_NAME_PATTERNS,
  matchSecretName
} from './redactionNames';
import { applyEdits, redactSecretsInCode } from './redactionCode';
import {
  findSecretInJSON,
  holdsText,
  looksLikeSecretValue
} from './redactionValues';
import type { ICellRecord, IParamRecord, IRunRecord } from '../types';

export {
  DEFAULT_SECRET_NAME_PATTERNS,
  isSecretName,
  nameWords,
  secretNamePatternErrors
} from './redactionNames';
export { REDACTED_TEXT, redactSecretsInCode } from './redactionCode';
export {
  findSecrets,
  looksLikeSecretValue,
  SECRET_VALUE_DETECTORS,
  type ISecretMatch
} from './redactionValues';

/**
 * The right-hand side written in place of a secret, in the record's `source`
 * and in the parameters cell. It is a bare name, not a literal: it parses as
 * an expression with no value, so reading the cell back can never take it for
 * the parameter's value, and running it fails on that very line (NameError)
 * instead of sending a fake credential somewhere.
 */
export const REDACTED_SOURCE = 'REDACTED_BY_RUNLOG';

export interface IRedactionOptions {
  /** False when the user turned redaction off for the notebook. */
  enabled: boolean;
  /** Setting entries: words or `/regex/` (see redactionNames.ts). */
  namePatterns: readonly string[];
}

export const DEFAULT_REDACTION_OPTIONS: IRedactionOptions = {
  enabled: true,
  namePatterns: DEFAULT_SECRET_NAME_PATTERNS
};

/** Why a parameter is redacted: `name`, a detector's name, or `placeholder`. */
export type RedactionReason = string;

export interface IRedactParamsResult {
  params: { [name: string]: IParamRecord };
  /** Every redacted parameter of the result, new or earlier, in key order. */
  redacted: string[];
  /** Why each name in `redacted` is: `name`, a detector, or `placeholder` (redacted before). */
  reasons: { [name: string]: RedactionReason };
}

export interface IRedactRunResult extends IRedactParamsResult {
  run: IRunRecord;
}

/** Whether a record is a redacted one (flagged, or carrying the placeholder). */
export function isRedactedParam(param: IParamRecord): boolean {
  const source = param.source;
  return (
    param.redacted === true ||
    // Shorter sources cannot hold the placeholder: no trimmed copy for them.
    (typeof source === 'string' &&
      source.length >= REDACTED_SOURCE.length &&
      source.trim() === REDACTED_SOURCE)
  );
}

const QUOTE = /['"]/;

// Read once: where the global object is a proxy (jest's vm context, some
// sandboxes) a global lookup per parameter is slow.
const { keys: objectKeys } = Object;

/**
 * Why `param` must be redacted, or null. A name match is waived when there is
 * nothing to hide: None or a boolean (and, under a weak word such as `key` or
 * `token`, any value without text: `max_token = 4096`, `key_dim = 64`,
 * `key = jax.random.PRNGKey(0)`), provided the source has no string literal.
 */
export function redactionReason(
  name: string,
  param: IParamRecord,
  options: IRedactionOptions = DEFAULT_REDACTION_OPTIONS
): RedactionReason | null {
  if (isRedactedParam(param)) {
    return 'placeholder';
  }
  if (!options.enabled) {
    return null;
  }
  const source = typeof param.source === 'string' ? param.source : '';
  // A literal read from the source holds the same text as its value, unless
  // the literal spans lines with comments in it.
  const sameText =
    param.origin === 'source' && param.exact !== false && !source.includes('#');
  const detector =
    findSecretInJSON(param.value) ??
    (sameText ? null : looksLikeSecretValue(source));
  if (detector) {
    return detector;
  }
  const match = matchSecretName(name, options.namePatterns);
  if (!match || QUOTE.test(source)) {
    return match ? 'name' : null;
  }
  const value = param.value;
  const noneOrBool =
    typeof value === 'boolean' || (value === null && param.exact !== false);
  const textFree = !holdsText(value);
  return noneOrBool || (match === 'weak' && textFree) ? null : 'name';
}

/** The redacted form of a record: name's type and origin kept, nothing else. */
function redactedRecord(param: IParamRecord): IParamRecord {
  const record: IParamRecord = {
    value: null,
    source: REDACTED_SOURCE,
    type: typeof param.type === 'string' ? param.type : ''
  };
  if (param.origin !== undefined) {
    record.origin = param.origin;
  }
  record.exact = false;
  record.redacted = true;
  return record;
}

function sameRecord(a: IParamRecord, b: IParamRecord): boolean {
  const keys = Object.keys(a) as (keyof IParamRecord)[];
  return (
    keys.length === Object.keys(b).length &&
    keys.every(key => a[key] === b[key])
  );
}

/**
 * Redact the parameters that look secret. Returns `params` itself when every
 * record already is as it should be; unchanged records are shared.
 */
export function redactParams(
  params: { [name: string]: IParamRecord },
  options: IRedactionOptions = DEFAULT_REDACTION_OPTIONS
): IRedactParamsResult {
  const names = objectKeys(params);
  const redacted: string[] = [];
  const reasons: { [name: string]: RedactionReason } = {};
  let replacements: Map<string, IParamRecord> | null = null;
  for (const name of names) {
    const param = params[name];
    const reason = redactionReason(name, param, options);
    if (reason) {
      redacted.push(name);
      setOwn(reasons, name, reason);
      const replacement = redactedRecord(param);
      if (!sameRecord(param, replacement)) {
        replacements ??= new Map();
        replacements.set(name, replacement);
      }
    }
  }
  if (!replacements) {
    return { params, redacted, reasons };
  }
  const result: { [name: string]: IParamRecord } = {};
  for (const name of names) {
    setOwn(result, name, replacements.get(name) ?? params[name]);
  }
  return { params: result, redacted, reasons };
}

const IDENTIFIER_CHAR = '[\\p{L}\\p{N}_]';

/**
 * Whether the only mentions of `name` are `name = REDACTED_SOURCE` lines: a
 * cheap test that spares a parse when exporting runs redacted at capture.
 */
function redactedAlready(source: string, name: string): boolean {
  const { done, mention } = namePatterns(name);
  done.lastIndex = 0;
  const rest = source.replace(done, '');
  return rest !== source && !mention.test(rest);
}

/** Compiled once per name: exports go over thousands of runs with the same names. */
const patternsByName = new Map<string, { done: RegExp; mention: RegExp }>();

function namePatterns(name: string): { done: RegExp; mention: RegExp } {
  let patterns = patternsByName.get(name);
  if (!patterns) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    patterns = {
      done: new RegExp(
        `^${escaped}[ \\t]*(?::[^=\\n]*)?=[ \\t]*${REDACTED_SOURCE}[ \\t]*(?:#[^\\n]*)?\\r?$`,
        'gmu'
      ),
      mention: new RegExp(
        `(?<!${IDENTIFIER_CHAR})${escaped}(?!${IDENTIFIER_CHAR})`,
        'u'
      )
    };
    if (patternsByName.size >= 1000) {
      patternsByName.clear();
    }
    patternsByName.set(name, patterns);
  }
  return patterns;
}

/**
 * Replace the right-hand side of every top-level assignment of `names` in a
 * parameters cell with REDACTED_SOURCE. Everything else stays byte-identical.
 * For `a, b = 1, 2` only the element is replaced; where a right side is shared
 * (`a = b = 1`, starred unpacking) the whole of it is.
 */
export function redactCellSource(
  source: string,
  names: readonly string[]
): string {
  const wanted = names.filter(
    name => source.includes(name) && !redactedAlready(source, name)
  );
  return wanted.length
    ? rewriteAssignments(source, parseParameters(source), new Set(wanted))
    : source;
}

function rewriteAssignments(
  source: string,
  parsed: IParsedParameters,
  wanted: ReadonlySet<string>
): string {
  const edits = parsed.assignments
    .filter(assignment => wanted.has(assignment.name))
    .map(({ from, to }) => ({ from, to, text: REDACTED_SOURCE }));
  return applyEdits(source, edits);
}

/**
 * Lines that look like top-level assignments; group 1 is the target when it
 * is a lone name (`a = `, `a: int = `). Names as in pythonTokens.ts.
 */
const ASSIGNMENT_LINE =
  /^(?:([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)[ \t]*(?::[^=\n]*)?|[A-Za-z_\u0080-\uffff(\[*][^=\n#]*?)=(?!=)/gm;
const IDENTIFIERS = /[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/g;

/**
 * Names the cell itself assigns that look secret although the run's params
 * do not list them (a cell from an import, a failed kernel read). A cheap
 * look at the assignment lines spares the parse for almost every cell.
 */
function secretNamesInCell(
  source: string,
  params: { [name: string]: IParamRecord },
  options: IRedactionOptions
): { parsed: IParsedParameters; names: string[] } | null {
  let candidates: Set<string> | null = null;
  const consider = (name: string) => {
    if (
      !Object.prototype.hasOwnProperty.call(params, name) &&
      matchSecretName(name, options.namePatterns)
    ) {
      (candidates ??= new Set()).add(name);
    }
  };
  ASSIGNMENT_LINE.lastIndex = 0;
  let line: RegExpExecArray | null;
  while ((line = ASSIGNMENT_LINE.exec(source)) !== null) {
    if (line[1] !== undefined) {
      consider(line[1]);
    } else {
      line[0].match(IDENTIFIERS)?.forEach(consider);
    }
  }
  if (!candidates) {
    return null;
  }
  const parsed = parseParameters(source);
  const names = [...(candidates as Set<string>)].filter(
    name =>
      Object.prototype.hasOwnProperty.call(parsed.params, name) &&
      redactionReason(name, parsed.params[name], options) !== null
  );
  return { parsed, names };
}

/** A parameters cell with the secrets' right-hand sides and any known credential replaced. */
function redactParametersCell(
  cell: ICellRecord,
  redacted: readonly string[],
  params: { [name: string]: IParamRecord },
  options: IRedactionOptions
): ICellRecord {
  const own = secretNamesInCell(cell.source, params, options);
  let source = cell.source;
  if (own && own.names.length) {
    // One parse serves both the run's names and the cell's own.
    const wanted = new Set([...redacted, ...own.names]);
    source = rewriteAssignments(source, own.parsed, wanted);
  } else {
    source = redactCellSource(source, redacted);
  }
  source = redactSecretsInCode(source);
  return source === cell.source ? cell : { ...cell, source };
}

/**
 * Redact a run: its parameters, and in its parameters cells the right-hand
 * sides of the redacted names (and of secret-looking names the cell assigns
 * that the params lack) plus any credential found by format. Tracked
 * cells and outputs are left alone: restore gives tracked code back as
 * recorded, and a placeholder there would replace the user's working code.
 */
export function redactRun(
  run: IRunRecord,
  options: IRedactionOptions = DEFAULT_REDACTION_OPTIONS
): IRedactRunResult {
  const result = redactParams(run.params, options);
  if (!options.enabled) {
    return {
      ...result,
      run:
        result.params === run.params ? run : { ...run, params: result.params }
    };
  }
  // Only parameters cells can change; the list is copied when one does.
  let cells: ICellRecord[] | null = null;
  for (let i = 0; i < run.cells.length; i++) {
    const cell = run.cells[i];
    if (cell.role !== 'parameters') {
      continue;
    }
    // Names in the params were decided from their records; the cell adds others.
    const redactedCell = redactParametersCell(
      cell,
      result.redacted,
      run.params,
      options
    );
    if (redactedCell !== cell) {
      cells ??= run.cells.slice();
      cells[i] = redactedCell;
    }
  }
  const changed = cells !== null || result.params !== run.params;
  return {
    ...result,
    run: changed
      ? { ...run, params: result.params, cells: cells ?? run.cells }
      : run
  };
}
