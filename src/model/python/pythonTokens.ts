/**
 * The tokenizer behind parsePythonLiteral: numbers, strings (with Python's
 * escapes and prefixes), names and the few operators literals use.
 */

import { DECIMAL, RADIX_INT, STRING_PREFIX } from './pythonLexicon';

/** Why a text is not a literal; the message is shown as the reason. */
export class LiteralError extends Error {}

export type Token =
  | { kind: 'num'; value: number; isFloat: boolean; pos: number }
  | { kind: 'str'; value: string; pos: number }
  | { kind: 'name'; text: string; pos: number }
  | { kind: 'op'; text: string; pos: number }
  | { kind: 'newline'; pos: number }
  | { kind: 'eof'; pos: number };

const NAME = /^[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/;
const SIMPLE_ESCAPES: { [c: string]: string } = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v'
};

/**
 * Tokens of a literal expression. Comments and line continuations vanish;
 * line breaks count only outside brackets, where they end an expression.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\f' || c === '\r') {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') {
        i++;
      }
    } else if (c === '\\') {
      const rest = text.slice(i + 1, i + 3);
      if (rest[0] === '\n' || rest === '\r\n') {
        i += rest[0] === '\n' ? 2 : 3;
      } else {
        throw new LiteralError(`unexpected backslash at ${i}`);
      }
    } else if (c === '\n') {
      if (depth === 0) {
        tokens.push({ kind: 'newline', pos: i });
      }
      i++;
    } else if (c === '"' || c === "'") {
      i = readString(text, i, '', tokens);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1]))) {
      i = readNumber(text, i, tokens);
    } else if (NAME.test(text.slice(i, i + 1))) {
      const name = NAME.exec(text.slice(i))![0];
      const prefix = STRING_PREFIX.exec(text.slice(i, i + 3))?.[0];
      if (prefix === name) {
        i = readString(text, i + name.length, name.toLowerCase(), tokens);
      } else {
        tokens.push({ kind: 'name', text: name, pos: i });
        i += name.length;
      }
    } else if ('([{'.includes(c)) {
      depth++;
      tokens.push({ kind: 'op', text: c, pos: i++ });
    } else if (')]}'.includes(c)) {
      depth = Math.max(0, depth - 1);
      tokens.push({ kind: 'op', text: c, pos: i++ });
    } else if (',:+-.'.includes(c)) {
      tokens.push({ kind: 'op', text: c, pos: i++ });
    } else {
      throw new LiteralError(
        `unexpected character ${JSON.stringify(c)} at ${i}`
      );
    }
  }
  tokens.push({ kind: 'eof', pos: text.length });
  return tokens;
}

function readNumber(text: string, start: number, tokens: Token[]): number {
  const rest = text.slice(start);
  const radix = RADIX_INT.exec(rest);
  const match = radix ?? DECIMAL.exec(rest);
  if (!match) {
    throw new LiteralError(`invalid number at ${start}`);
  }
  const raw = match[0];
  const end = start + raw.length;
  if (/[jJ]/.test(text[end] ?? '')) {
    throw new LiteralError('complex numbers are not JSON');
  }
  if (/[\w.]/.test(text[end] ?? '')) {
    throw new LiteralError(`invalid number at ${start}`);
  }
  const clean = raw.replace(/_/g, '');
  const isFloat = !radix && /[.eE]/.test(clean);
  let value: number;
  if (isFloat) {
    value = Number(clean);
    if (!Number.isFinite(value)) {
      throw new LiteralError('float overflows to infinity, which is not JSON');
    }
  } else {
    if (!radix && /^0+[1-9]/.test(clean)) {
      throw new LiteralError('leading zeros in a decimal integer');
    }
    const big = BigInt(clean);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new LiteralError('integer too large to represent exactly');
    }
    value = Number(big);
  }
  tokens.push({ kind: 'num', value, isFloat, pos: start });
  return end;
}

function readString(
  text: string,
  quoteAt: number,
  prefix: string,
  tokens: Token[]
): number {
  if (prefix.includes('f')) {
    throw new LiteralError('f-strings are not literals');
  }
  if (prefix.includes('b')) {
    throw new LiteralError('bytes are not JSON');
  }
  const raw = prefix.includes('r');
  const quote = text[quoteAt];
  const triple = text.startsWith(quote.repeat(3), quoteAt);
  const delimiter = triple ? quote.repeat(3) : quote;
  let i = quoteAt + delimiter.length;
  let value = '';
  for (;;) {
    if (i >= text.length) {
      throw new LiteralError('unterminated string');
    }
    if (text.startsWith(delimiter, i)) {
      i += delimiter.length;
      break;
    }
    const c = text[i];
    if (c === '\n' && !triple) {
      throw new LiteralError('unterminated string');
    }
    if (c !== '\\') {
      value += c;
      i++;
    } else if (raw) {
      // A raw string keeps the backslash; it still protects the next quote.
      value += text.slice(i, i + 2);
      i += 2;
    } else {
      const escaped = readEscape(text, i);
      value += escaped.value;
      i = escaped.end;
    }
  }
  tokens.push({ kind: 'str', value, pos: quoteAt });
  return i;
}

function readEscape(text: string, at: number): { value: string; end: number } {
  const c = text[at + 1];
  if (c === undefined) {
    throw new LiteralError('unterminated string');
  }
  if (c === '\n') {
    return { value: '', end: at + 2 };
  }
  if (c === '\r' && text[at + 2] === '\n') {
    return { value: '', end: at + 3 };
  }
  if (c in SIMPLE_ESCAPES) {
    return { value: SIMPLE_ESCAPES[c], end: at + 2 };
  }
  const octal = /^[0-7]{1,3}/.exec(text.slice(at + 1, at + 4));
  if (octal) {
    const code = parseInt(octal[0], 8);
    return { value: String.fromCharCode(code), end: at + 1 + octal[0].length };
  }
  const hexLength = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (hexLength) {
    const hex = text.slice(at + 2, at + 2 + hexLength);
    if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) {
      throw new LiteralError(`truncated \\${c} escape`);
    }
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) {
      throw new LiteralError(`invalid \\${c} escape`);
    }
    return { value: String.fromCodePoint(code), end: at + 2 + hexLength };
  }
  if (c === 'N') {
    throw new LiteralError(
      'named Unicode escapes (\\N{...}) are not supported'
    );
  }
  // Python keeps unknown escapes as written.
  return { value: '\\' + c, end: at + 2 };
}
