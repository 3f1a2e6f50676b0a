/**
 * Python literal expressions <-> JSON values.
 *
 * A recursive-descent parser (over pythonTokens.ts) for the subset of Python
 * that `ast.literal_eval` accepts and JSON can hold, used to read parameters from
 * source text and metric mappings from `text/plain` reprs. It never evaluates
 * anything: names other than True/False/None are not literals.
 */

import { LiteralError, tokenize, type Token } from './pythonTokens';
import { formatPythonFloat } from './pythonRepr';
import type { JSONValue } from '../types';

export { formatPythonLiteral, formatPythonFloat } from './pythonRepr';

export type LiteralParseResult =
  { ok: true; value: JSONValue; type: string } | { ok: false; reason: string };

export interface ILiteralParseOptions {
  /**
   * Accept numpy scalar reprs such as `np.float64(0.91)` as plain numbers
   * (numpy 2 prints scalars this way inside dict reprs).
   */
  numpyScalars?: boolean;
}

/** Parse a Python literal expression into a JSON value and its Python type. */
export function parsePythonLiteral(
  text: string,
  options: ILiteralParseOptions = {}
): LiteralParseResult {
  try {
    const parser = new Parser(tokenize(text), options);
    const result = parser.parseTop();
    return { ok: true, value: result.value, type: result.type };
  } catch (error) {
    if (error instanceof LiteralError) {
      return { ok: false, reason: error.message };
    }
    // Anything else (e.g. a stack overflow) still means "not a literal".
    return { ok: false, reason: String(error) };
  }
}

/**
 * Define an own enumerable property, even for keys like `__proto__` that a
 * plain assignment would turn into a prototype change.
 */
export function setOwn<T>(
  target: { [key: string]: T },
  key: string,
  value: T
): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true
  });
}

/** Nesting deeper than this is refused rather than risking the stack. */
const MAX_DEPTH = 200;

interface ITyped {
  value: JSONValue;
  type: string;
  /** Lists, dicts, sets and tuples holding one cannot be set members. */
  unhashable?: boolean;
}

const NUMPY_INT = /^(u?int(8|16|32|64)?|int_|intc|intp|u?longlong)$/;
const NUMPY_FLOAT =
  /^(float(16|32|64|128)?|float_|double|single|half|longdouble)$/;

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly options: ILiteralParseOptions
  ) {}

  parseTop(): ITyped {
    this.skipNewlines();
    if (this.peek().kind === 'eof') {
      throw new LiteralError('empty expression');
    }
    const result = this.parseSequence('eof');
    this.skipNewlines();
    this.expectKind('eof');
    return result;
  }

  /** Comma-separated expressions: a bare tuple when a comma appears. */
  private parseSequence(closer: string): ITyped {
    const first = this.parseExpression();
    if (!this.isOp(',')) {
      return first;
    }
    const items = [first.value];
    let unhashable = isUnhashable(first);
    while (this.isOp(',')) {
      this.index++;
      if (this.atSequenceEnd(closer)) {
        break;
      }
      const item = this.parseExpression();
      items.push(item.value);
      unhashable = unhashable || isUnhashable(item);
    }
    return { value: items, type: 'tuple', unhashable };
  }

  private atSequenceEnd(closer: string): boolean {
    const token = this.peek();
    if (closer === 'eof') {
      return token.kind === 'eof' || token.kind === 'newline';
    }
    return token.kind === 'op' && token.text === closer;
  }

  private parseExpression(): ITyped {
    let sign = 1;
    let signed = false;
    while (this.isOp('-') || this.isOp('+')) {
      sign *= this.isOp('-') ? -1 : 1;
      signed = true;
      this.index++;
    }
    const atom = this.parseAtom();
    if (!signed) {
      return atom;
    }
    if (typeof atom.value !== 'number' || atom.type === 'bool') {
      throw new LiteralError('unary + and - apply only to numbers');
    }
    // `-0` is the int 0; only floats carry a negative zero.
    const value =
      atom.value === 0 && atom.type === 'int' ? 0 : sign * atom.value;
    return { value, type: atom.type };
  }

  private parseAtom(): ITyped {
    const token = this.next();
    switch (token.kind) {
      case 'num':
        return { value: token.value, type: token.isFloat ? 'float' : 'int' };
      case 'str': {
        let value = token.value;
        while (this.peek().kind === 'str') {
          value += (this.next() as { value: string }).value;
        }
        return { value, type: 'str' };
      }
      case 'name':
        return this.parseName(token.text);
      case 'op':
        if (token.text === '(' || token.text === '[' || token.text === '{') {
          return this.nested(() => this.parseBracket(token.text));
        }
        break;
    }
    throw new LiteralError(`unexpected ${describe(token)}`);
  }

  private parseName(name: string): ITyped {
    switch (name) {
      case 'True':
        return { value: true, type: 'bool' };
      case 'False':
        return { value: false, type: 'bool' };
      case 'None':
        return { value: null, type: 'NoneType' };
    }
    if (name === 'set' && this.isOp('(') && this.isOp(')', 1)) {
      this.index += 2;
      return { value: [], type: 'set' };
    }
    if (this.options.numpyScalars && (name === 'np' || name === 'numpy')) {
      return this.parseNumpyScalar();
    }
    throw new LiteralError(`name ${JSON.stringify(name)} is not a literal`);
  }

  private parseNumpyScalar(): ITyped {
    this.expectOp('.');
    const kind = this.next();
    const name = kind.kind === 'name' ? kind.text : '';
    const isInt = NUMPY_INT.test(name);
    if (!isInt && !NUMPY_FLOAT.test(name)) {
      throw new LiteralError(`np.${name} is not a numeric scalar`);
    }
    this.expectOp('(');
    const inner = this.parseExpression();
    this.expectOp(')');
    if (typeof inner.value !== 'number' || inner.type === 'bool') {
      throw new LiteralError('numpy scalar of a non-number');
    }
    return { value: inner.value, type: isInt ? 'int' : 'float' };
  }

  private parseBracket(opener: string): ITyped {
    if (opener === '(') {
      if (this.takeOp(')')) {
        return { value: [], type: 'tuple' };
      }
      const inner = this.parseSequence(')');
      this.expectOp(')');
      return inner;
    }
    if (opener === '[') {
      return { value: this.parseItems(']'), type: 'list' };
    }
    if (this.takeOp('}')) {
      return { value: {}, type: 'dict' };
    }
    const first = this.parseExpression();
    if (this.isOp(':')) {
      return { value: this.parseDict(first), type: 'dict' };
    }
    return { value: this.parseSet(first), type: 'set' };
  }

  private parseItems(closer: string): JSONValue[] {
    const items: JSONValue[] = [];
    while (!this.takeOp(closer)) {
      items.push(this.parseExpression().value);
      if (!this.takeOp(',')) {
        this.expectOp(closer);
        break;
      }
    }
    return items;
  }

  private parseDict(firstKey: ITyped): { [key: string]: JSONValue } {
    const dict: { [key: string]: JSONValue } = {};
    let key: ITyped | null = firstKey;
    for (;;) {
      this.expectOp(':');
      setOwn(dict, dictKey(key), this.parseExpression().value);
      if (!this.takeOp(',') || this.isOp('}')) {
        this.expectOp('}');
        return dict;
      }
      key = this.parseExpression();
    }
  }

  private parseSet(first: ITyped): JSONValue[] {
    const items: JSONValue[] = [];
    const seen = new Set<string>();
    let item: ITyped = first;
    for (;;) {
      if (isUnhashable(item)) {
        throw new LiteralError(`unhashable ${item.type} in a set`);
      }
      // Python's True == 1, so they are the same set member.
      const identity = JSON.stringify(
        typeof item.value === 'boolean' ? Number(item.value) : item.value
      );
      if (!seen.has(identity)) {
        seen.add(identity);
        items.push(item.value);
      }
      if (!this.takeOp(',') || this.isOp('}')) {
        this.expectOp('}');
        return items;
      }
      item = this.parseExpression();
    }
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      throw new LiteralError('nested too deeply');
    }
    const result = parse();
    this.depth--;
    return result;
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') {
      this.index++;
    }
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    this.index = Math.min(this.index + 1, this.tokens.length - 1);
    return token;
  }

  private isOp(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'op' && token.text === text;
  }

  private takeOp(text: string): boolean {
    if (this.isOp(text)) {
      this.index++;
      return true;
    }
    return false;
  }

  private expectOp(text: string): void {
    if (!this.takeOp(text)) {
      throw new LiteralError(
        `expected "${text}", found ${describe(this.peek())}`
      );
    }
  }

  private expectKind(kind: Token['kind']): void {
    if (this.peek().kind !== kind) {
      throw new LiteralError(`unexpected ${describe(this.peek())}`);
    }
  }
}

function isUnhashable(item: ITyped): boolean {
  return (
    !!item.unhashable ||
    item.type === 'list' ||
    item.type === 'dict' ||
    item.type === 'set'
  );
}

/** JSON object keys are strings: numbers become their Python repr. */
function dictKey(key: ITyped): string {
  if (key.type === 'str') {
    return key.value as string;
  }
  if (key.type === 'int') {
    return String(key.value);
  }
  if (key.type === 'float') {
    return formatPythonFloat(key.value as number);
  }
  throw new LiteralError(`${key.type} keys are not supported`);
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of input';
    case 'newline':
      return `line break at ${token.pos}`;
    case 'name':
    case 'op':
      return `"${token.text}" at ${token.pos}`;
    default:
      return `${token.kind === 'num' ? 'number' : 'string'} at ${token.pos}`;
  }
}
