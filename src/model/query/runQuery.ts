/**
 * The runs panel's filter language (product.md: `lr > 0.01 and model ==
 * "gpt-4o" status:completed tag:baseline`).
 *
 * The text is parsed once into a tree of closures, so filtering 100,000 runs
 * on every keystroke costs one call per run and no re-parsing. Errors carry an
 * offset and length so the search box can underline the offending part.
 */
import { UNTRANSLATED, type IBundleTranslator } from '../bundle/bundleFormat';
import type { RunRow } from '../runTable';
import {
  allOf,
  anyOf,
  comparison,
  freeText,
  qualifierForms,
  qualifierNamed,
  QUALIFIERS,
  RUN_FIELDS,
  valueGetter,
  type Getter,
  type ILiteral,
  type Operator,
  type Predicate,
  type Scalar
} from './runQueryMatch';
import {
  NAME,
  NUMBER,
  QUALIFIER,
  QueryFailure,
  QueryScanner,
  QUOTES,
  WORD_CHAR
} from './runQueryScanner';

export interface IRunQuery {
  /** The query text as given. */
  readonly source: string;
  /** Whether a run passes. Must be fast: compile the query to closures once; 100,000 runs are filtered on every keystroke. */
  matches(run: RunRow): boolean;
  /** What the query reads of a run (alert rules are checked only when it changed). */
  readonly reads: IQueryReads;
}

/**
 * The names and fields a query reads, each once in order of appearance. A
 * bare name (`lr > 1`) is a parameter when the run has one, else a metric:
 * it is listed under both.
 */
export interface IQueryReads {
  metrics: string[];
  params: string[];
  /** `run.*` fields without the prefix: `duration`, `number`, … */
  runFields: string[];
  /** Qualifier keys used: `status`, `is`, `tag`, `origin`. */
  qualifiers: string[];
  /** Whether a free-text word searches names, values, tags and note. */
  freeText: boolean;
}

export interface IQueryError {
  message: string;
  /** 0-based offset into the text, and length of the offending part (>= 1, or 0 at the end). */
  offset: number;
  length: number;
}

export type QueryParse =
  { ok: true; query: IRunQuery | null } | { ok: false; error: IQueryError };

/** Longer texts are rejected: nobody types them, and they would cost a keystroke's budget. */
export const MAX_QUERY_LENGTH = 2000;
/** Deeper nesting (parentheses, `not`, `-`) is rejected to bound recursion. */
export const MAX_QUERY_DEPTH = 32;

/** Items as a list ending in "or": `a, b or c`. */
export function orList(
  items: readonly string[],
  trans: IBundleTranslator
): string {
  if (items.length < 2) {
    return items.join('');
  }
  return trans.__(
    '%1 or %2',
    items.slice(0, -1).join(', '),
    items[items.length - 1]
  );
}

/**
 * The qualifiers as the filter box's help names them: `status:, tag:,
 * is:starred, …, origin:` (from the `QUALIFIERS` table).
 */
export function qualifierHelp(): string {
  return QUALIFIERS.flatMap(qualifierForms).join(', ');
}

/** Parses a filter; `query` is null when the text is blank (no filter). */
export function parseRunQuery(
  text: string,
  trans: IBundleTranslator = UNTRANSLATED
): QueryParse {
  if (text.length > MAX_QUERY_LENGTH) {
    const message = trans.__(
      'The query is longer than %1 characters',
      MAX_QUERY_LENGTH
    );
    const length = text.length - MAX_QUERY_LENGTH;
    return { ok: false, error: { message, offset: MAX_QUERY_LENGTH, length } };
  }
  if (!text.trim()) {
    return { ok: true, query: null };
  }
  try {
    const parser = new Parser(text, trans);
    const matches = parser.parse();
    return { ok: true, query: { source: text, matches, reads: parser.reads } };
  } catch (error) {
    if (error instanceof QueryFailure) {
      return { ok: false, error: error.error };
    }
    throw error;
  }
}

function addOnce(list: string[], item: string): void {
  if (!list.includes(item)) {
    list.push(item);
  }
}

const WORD_LITERALS = new Map<string, Scalar>([
  ['true', true],
  ['True', true],
  ['false', false],
  ['False', false],
  ['None', null],
  ['null', null]
]);

class Parser extends QueryScanner {
  readonly reads: IQueryReads = {
    metrics: [],
    params: [],
    runFields: [],
    qualifiers: [],
    freeText: false
  };
  /** How many parentheses and negations enclose the current term. */
  private depth = 0;

  parse(): Predicate {
    const predicate = this.parseOr('');
    // parseOr stops only at the end or at a `)` no `(` opened.
    if (this.pos < this.text.length) {
      this.fail('Unexpected %1', ')', this.pos, 1);
    }
    return predicate;
  }

  private parseOr(after: string): Predicate {
    const parts = [this.parseAnd(after)];
    while (this.peekKeyword() === 'or') {
      parts.push(this.parseAnd(this.takeWord()));
    }
    return parts.length === 1 ? parts[0] : anyOf(parts);
  }

  private parseAnd(after: string): Predicate {
    const parts = [this.parseUnary(after)];
    for (;;) {
      const keyword = this.peekKeyword();
      if (this.atEnd() || this.text[this.pos] === ')' || keyword === 'or') {
        return parts.length === 1 ? parts[0] : allOf(parts);
      }
      // Terms side by side mean `and` too.
      parts.push(this.parseUnary(keyword === 'and' ? this.takeWord() : ''));
    }
  }

  private parseUnary(after: string): Predicate {
    this.skipSpace();
    const start = this.pos;
    if (this.atEnd()) {
      this.fail('Expected a term after %1', after, start, 0);
    }
    const keyword = this.peekKeyword();
    const next = this.text[start + 1] ?? ' ';
    if (this.text[start] === '-' && (/\s/.test(next) || next === ')')) {
      this.fail('Expected a term after %1', '-', start, 1);
    }
    if (keyword === 'not' || this.text[start] === '-') {
      const length = keyword ? 3 : 1;
      this.enter(start, length);
      const negated = this.parseUnary(this.takeChars(length));
      this.depth--;
      return run => !negated(run);
    }
    if (keyword) {
      this.fail('Unexpected %1', this.wordAt(start), start, keyword.length);
    }
    if (this.text[start] !== '(') {
      return this.parseTerm();
    }
    this.enter(start, 1);
    const inner = this.parseOr(this.takeChars(1));
    this.skipSpace();
    if (this.text[this.pos] !== ')') {
      this.fail('Missing )', '', start, 1);
    }
    this.pos++;
    this.depth--;
    return inner;
  }

  private parseTerm(): Predicate {
    const start = this.pos;
    const first = this.text[start];
    let quoted: string | null = null;
    let word = '';
    if (first === '`' || QUOTES.has(first)) {
      quoted = this.readQuoted();
    } else {
      word = this.takeWord();
      if (!word) {
        const char = String.fromCodePoint(this.text.codePointAt(start)!);
        this.fail('Unexpected %1', char, start, char.length);
      }
      if (QUALIFIER.test(word)) {
        return this.parseQualifier(start, word);
      }
      const quoteNext = this.text[this.pos] ?? '';
      if (
        (word === 'params.' || word === 'metrics.') &&
        (quoteNext === '`' || QUOTES.has(quoteNext))
      ) {
        quoted = this.readQuoted();
      }
    }
    const termEnd = this.pos;
    const op = this.takeOperator();
    if (!op) {
      // Backquotes (and `params.`/`metrics.` prefixes) only ever name something.
      if (first === '`' || (word && quoted !== null)) {
        const term = this.text.slice(start, termEnd);
        this.fail('Expected an operator after %1', term, start, term.length);
      }
      this.reads.freeText = true;
      return freeText(quoted ?? word);
    }
    const getter =
      quoted === null
        ? this.nameGetter(word, start)
        : this.namedValue(quoted, word.slice(0, -1));
    return this.parseComparison(getter, op);
  }

  private parseComparison(getter: Getter, op: string): Predicate {
    this.skipSpace();
    const start = this.pos;
    const first = this.text[start];
    let literal: ILiteral;
    if (QUOTES.has(first)) {
      const text = this.readQuoted();
      literal = { value: text, text };
    } else {
      NUMBER.lastIndex = start;
      const number = NUMBER.exec(this.text)?.[0];
      const end = start + (number?.length ?? 0);
      const text =
        number && !WORD_CHAR.test(this.text[end] ?? ' ')
          ? this.takeChars(number.length)
          : this.takeWord();
      if (!text) {
        this.fail('Expected a value after %1', op, start, first ? 1 : 0);
      }
      const value = text === number ? Number(text) : text;
      const named = WORD_LITERALS.get(text);
      literal = { value: named === undefined ? value : named, text };
    }
    const operator: Operator = op === '=' ? '==' : (op as Operator);
    const { value } = literal;
    if (
      (value === null || typeof value === 'boolean') &&
      operator !== '==' &&
      operator !== '!=' &&
      operator !== '~'
    ) {
      this.fail(
        'Only == and != apply to %1',
        literal.text,
        start,
        this.pos - start
      );
    }
    return comparison(getter, operator, literal);
  }

  private parseQualifier(start: number, word: string): Predicate {
    const colon = word.indexOf(':');
    const qualifier = qualifierNamed(word.slice(0, colon));
    if (!qualifier) {
      this.fail(
        'Unknown qualifier %1: use %2',
        [
          word.slice(0, colon),
          orList(
            QUALIFIERS.map(known => `${known.key}:`),
            this.trans
          )
        ],
        start,
        colon
      );
    }
    const valueStart = start + colon + 1;
    const quoted =
      colon === word.length - 1 && QUOTES.has(this.text[this.pos] ?? '');
    const value = quoted ? this.readQuoted() : word.slice(colon + 1);
    const valueLength = this.pos - valueStart;
    if (!value) {
      this.fail(
        'Expected a value after %1',
        word.slice(0, colon + 1),
        start,
        colon + 1
      );
    }
    const test = qualifier.test(value, quoted);
    if (test) {
      addOnce(this.reads.qualifiers, qualifier.key);
      return test;
    }
    // Only qualifiers with a fixed set of values refuse one.
    const { key } = qualifier;
    if (qualifier.spellValues) {
      this.fail(
        'Unknown %1: use %2',
        [`${key}:${value}`, orList(qualifierForms(qualifier), this.trans)],
        valueStart,
        valueLength
      );
    }
    this.fail(
      'Unknown %1 %2: use %3',
      [key, value, orList(qualifier.values ?? [], this.trans)],
      valueStart,
      valueLength
    );
  }

  /** The getter for an unquoted name before an operator. */
  private nameGetter(word: string, start: number): Getter {
    if (!NAME.test(word)) {
      this.fail(
        'Invalid name %1: put other names in backquotes',
        word,
        start,
        word.length
      );
    }
    const dot = word.indexOf('.');
    const prefix = dot > 0 ? word.slice(0, dot) : '';
    const rest = word.slice(dot + 1);
    if (prefix === 'run') {
      const field = RUN_FIELDS.get(rest);
      if (!field) {
        this.fail(
          'Unknown run field %1: use run.number, run.duration, run.started or run.ended',
          word,
          start,
          word.length
        );
      }
      addOnce(this.reads.runFields, rest);
      return field;
    }
    const forced = (prefix === 'params' || prefix === 'metrics') && rest;
    return forced ? this.namedValue(rest, prefix) : this.namedValue(word, '');
  }

  /** valueGetter, noting the name read. */
  private namedValue(name: string, prefix: string): Getter {
    if (prefix !== 'params') {
      addOnce(this.reads.metrics, name);
    }
    if (prefix !== 'metrics') {
      addOnce(this.reads.params, name);
    }
    return valueGetter(name, prefix);
  }

  private enter(offset: number, length: number): void {
    if (++this.depth > MAX_QUERY_DEPTH) {
      this.fail(
        'The query is nested more than %1 levels deep',
        String(MAX_QUERY_DEPTH),
        offset,
        length
      );
    }
  }
}
