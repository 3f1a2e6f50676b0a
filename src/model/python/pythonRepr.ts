/**
 * JSON values written back as Python literals, the way Python's repr() would
 * write them, so a restored parameters cell reads like hand-written code and
 * parses back (with parsePythonLiteral) to the same value.
 */

import type { JSONValue } from '../types';

/**
 * Format a JSON value as Python source. `type` is the Python type recorded
 * with the value: `float` keeps a whole number a float (`1.0`), `tuple` and
 * `set` write an array in that syntax, `int` writes large whole numbers as
 * digits. It applies to the top level only; nested arrays are lists.
 */
export function formatPythonLiteral(value: JSONValue, type?: string): string {
  if (typeof value === 'number') {
    return formatNumber(value, type);
  }
  if (Array.isArray(value)) {
    const items = value.map(item => formatPythonLiteral(item));
    if (type === 'tuple') {
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    }
    if (type === 'set') {
      return items.length ? `{${items.join(', ')}}` : 'set()';
    }
    return `[${items.join(', ')}]`;
  }
  if (value === null) {
    return 'None';
  }
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  if (typeof value === 'string') {
    return formatPythonString(value);
  }
  const entries = Object.keys(value).map(
    key => `${formatPythonString(key)}: ${formatPythonLiteral(value[key])}`
  );
  return `{${entries.join(', ')}}`;
}

function formatNumber(value: number, type?: string): string {
  if (!Number.isInteger(value) || Object.is(value, -0)) {
    return formatPythonFloat(value);
  }
  if (type === 'float') {
    return formatPythonFloat(value);
  }
  if (Number.isSafeInteger(value) || type === 'int') {
    return BigInt(value).toString();
  }
  // Beyond 2**53 a whole number is only approximately an int; a float
  // literal reads back to exactly this value.
  return formatPythonFloat(value);
}

/**
 * Python's repr of a float: the shortest digits that read back exactly (as
 * JavaScript also picks), in Python's layout: a decimal point always, and
 * exponent notation below 1e-4 or from 1e16 on, with at least two digits.
 */
export function formatPythonFloat(value: number): string {
  if (Number.isNaN(value)) {
    return "float('nan')";
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? "float('inf')" : "-float('inf')";
  }
  if (value === 0) {
    return Object.is(value, -0) ? '-0.0' : '0.0';
  }
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) {
      return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    }
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const fraction = digits.slice(exponent + 1) || '0';
    return `${sign}${whole}.${fraction}`;
  }
  const lead = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const exponentSign = exponent < 0 ? '-' : '+';
  const exponentDigits = String(Math.abs(exponent)).padStart(2, '0');
  return `${sign}${lead}e${exponentSign}${exponentDigits}`;
}

const NAMED_ESCAPES: { [c: string]: string } = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t'
};

/** Python's notion of unprintable: control, format, unassigned, separators. */
const UNPRINTABLE = /[\p{C}\p{Z}]/u;

/** Python's repr of a str: single quotes unless only double quotes avoid escapes. */
export function formatPythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = '';
  for (const char of text) {
    if (char in NAMED_ESCAPES) {
      body += NAMED_ESCAPES[char];
    } else if (char === quote) {
      body += '\\' + quote;
    } else if (char !== ' ' && UNPRINTABLE.test(char)) {
      body += escapeCodePoint(char.codePointAt(0)!);
    } else {
      body += char;
    }
  }
  return quote + body + quote;
}

function escapeCodePoint(code: number): string {
  const hex = code.toString(16);
  if (code <= 0xff) {
    return '\\x' + hex.padStart(2, '0');
  }
  if (code <= 0xffff) {
    return '\\u' + hex.padStart(4, '0');
  }
  return '\\U' + hex.padStart(8, '0');
}
