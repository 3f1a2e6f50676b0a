/**
 * Value and expression tests behind restore plans (restore.ts): when a
 * parameter's current text already gives a run's value, and how to write it.
 */

import type { IParsedAssignment } from '../python/parameters';
import { formatPythonLiteral } from '../python/pythonLiteral';
import type { IParamRecord, JSONValue } from '../types';

/** Python types a literal can produce; other types only match by value. */
export const LITERAL_TYPES = new Set([
  'set',
  'int',
  'float',
  'bool',
  'str',
  'NoneType',
  'list',
  'tuple',
  'dict'
]);

/** The literal type standing for a recorded type (numpy scalars as Python's). */
export function literalType(type: string): string {
  if (
    /^(float(16|32|64|128)?|float_|double|single|half|longdouble)$/.test(type)
  ) {
    return 'float';
  }
  if (/^(u?int(8|16|32|64)?|int_|intc|intp|u?longlong)$/.test(type)) {
    return 'int';
  }
  if (type === 'bool_') {
    return 'bool';
  }
  return type === 'str_' ? 'str' : type;
}

/** Python equality of JSON values: dicts ignore key order. */
export function sameJSONValue(a: JSONValue, b: JSONValue): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameJSONValue(item, b[index]))
    );
  }
  if (
    a === null ||
    b === null ||
    typeof a !== 'object' ||
    typeof b !== 'object'
  ) {
    return false;
  }
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every(
      key =>
        Object.prototype.hasOwnProperty.call(b, key) &&
        sameJSONValue(a[key], b[key])
    )
  );
}

/** Whether a recorded value is a JSON value (records without `exact` are, unless unparsed). */
export function isExact(param: IParamRecord): boolean {
  return (
    param.exact !== false &&
    !(param.value === null && param.type === 'expression')
  );
}

/** A value parsed from the cell equals the run's value, type included where a literal has one. */
export function matchesRun(parsed: IParamRecord, param: IParamRecord): boolean {
  if (!isExact(parsed) || !sameJSONValue(parsed.value, param.value)) {
    return false;
  }
  const wanted = literalType(param.type);
  return !LITERAL_TYPES.has(wanted) || parsed.type === wanted;
}

const NUMBER =
  /^(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/;
const STRING = /^(?:[rRuUbB]|[rR][bB]|[bB][rR])?('''|"""|'|")/;
const WORD = /^[\p{L}_][\p{L}\p{N}_]*/u;
const CONSTANT_WORDS = new Set(
  'True False None and or not in is if else'.split(' ')
);

/**
 * Whether an expression names nothing (only literals and operators), so it
 * gives the same value every time, e.g. `16 * 2` or `2 ** -10`.
 */
export function isConstantExpression(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const c = text[i];
    if (/\s/.test(c) || (c === '\\' && /^\\\r?\n/.test(rest))) {
      i++;
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (STRING.test(rest)) {
      const match = STRING.exec(rest)!;
      const end = closingQuote(text, i + match[0].length, match[1]);
      if (end < 0) {
        return false;
      }
      i = end;
    } else if (
      /[\d.]/.test(c) &&
      NUMBER.test(rest) &&
      /\d/.test(rest.slice(0, 2))
    ) {
      i += NUMBER.exec(rest)![0].length;
    } else if (WORD.test(rest)) {
      const word = WORD.exec(rest)![0];
      if (!CONSTANT_WORDS.has(word)) {
        return false;
      }
      i += word.length;
    } else if ('+-*/%@&|^~<>=!()[]{},:'.includes(c)) {
      i++;
    } else {
      return false;
    }
  }
  return /\S/.test(text);
}

/** Index after the closing quote of a string body starting at `from`, or -1. */
function closingQuote(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
    } else if (text.startsWith(quote, i)) {
      return i + quote.length;
    } else if (text[i] === '\n' && quote.length === 1) {
      return -1;
    }
  }
  return -1;
}

/**
 * The literal of a run's value. A string replacing a double-quoted one keeps
 * the double quotes when that needs no escaping either way.
 */
export function literalOf(param: IParamRecord, replacing?: string): string {
  const literal = formatPythonLiteral(param.value, literalType(param.type));
  const value = param.value;
  if (
    typeof value === 'string' &&
    /^"[^"\\]*"$/.test(replacing?.trim() ?? '') &&
    !/["']/.test(value) &&
    literal.startsWith("'")
  ) {
    return `"${literal.slice(1, -1)}"`;
  }
  return literal;
}

const AUGMENTED =
  /^([\p{L}_][\p{L}\p{N}_]*)[ \t]*(?:\*\*|\/\/|>>|<<|[-+*/%@&|^])=/u;

/** Names changed by a top-level augmented assignment after their last plain one. */
export function augmentedLater(
  source: string,
  last: Map<string, IParsedAssignment>
): Set<string> {
  const names = new Set<string>();
  source.split('\n').forEach((line, index) => {
    const name = AUGMENTED.exec(line)?.[1];
    const assignment = name === undefined ? undefined : last.get(name);
    if (name !== undefined && (!assignment || assignment.endLine < index)) {
      names.add(name);
    }
  });
  return names;
}
