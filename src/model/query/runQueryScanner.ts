/**
 * Reading the filter language's tokens (words, quoted strings, operators,
 * keywords) out of the text at a position, and failing with the offset and
 * length the search box underlines. Its own module so runQuery.ts keeps to
 * the grammar and what a query reads.
 */
import type { IBundleTranslator } from '../bundle/bundleFormat';
import type { IQueryError } from './runQuery';

/** Thrown by a scanner or parser; parseRunQuery turns it into its error. */
export class QueryFailure extends Error {
  constructor(readonly error: IQueryError) {
    super(error.message);
  }
}

// Letters beyond ASCII too: notes and Python names need not be English.
const WORD = /[\p{L}\p{N}_./:-]*/uy;
export const WORD_CHAR = /[\p{L}\p{N}_./:-]/u;
export const NAME = /^[\p{L}_][\p{L}\p{N}_./-]*$/u;
export const QUALIFIER = /^[A-Za-z]+:/;
export const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;
const OPERATOR = /==|!=|>=|<=|=|>|<|~/y;
const KEYWORDS = new Set(['and', 'or', 'not']);
export const QUOTES = new Set(['"', "'"]);

/** The text being read and the position reached; the parser builds on it. */
export abstract class QueryScanner {
  /** Offset of the next character to read. */
  protected pos = 0;

  constructor(
    protected readonly text: string,
    protected readonly trans: IBundleTranslator
  ) {}

  protected readQuoted(): string {
    const start = this.pos;
    const quote = this.text[start];
    let value = '';
    for (let i = start + 1; i < this.text.length; i++) {
      const char = this.text[i];
      if (char === quote) {
        this.pos = i + 1;
        return value;
      }
      const escaped = this.text[i + 1];
      // Only quotes and backslashes are escapes: `"C:\data"` keeps its backslash.
      if (char === '\\' && (escaped === quote || escaped === '\\')) {
        value += escaped;
        i++;
      } else {
        value += char;
      }
    }
    if (quote === '`') {
      this.fail('Unclosed name', '', start, this.text.length - start);
    }
    this.fail('Unclosed string', '', start, this.text.length - start);
  }

  protected peekKeyword(): string | null {
    this.skipSpace();
    const word = this.wordAt(this.pos).toLowerCase();
    return KEYWORDS.has(word) ? word : null;
  }

  protected takeOperator(): string | null {
    const before = this.pos;
    this.skipSpace();
    OPERATOR.lastIndex = this.pos;
    const op = OPERATOR.exec(this.text)?.[0] ?? null;
    this.pos = op ? this.pos + op.length : before;
    return op;
  }

  protected wordAt(pos: number): string {
    WORD.lastIndex = pos;
    return WORD.exec(this.text)![0];
  }

  protected takeWord(): string {
    return this.takeChars(this.wordAt(this.pos).length);
  }

  protected takeChars(count: number): string {
    this.pos += count;
    return this.text.slice(this.pos - count, this.pos);
  }

  protected skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) {
      this.pos++;
    }
  }

  protected atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  protected fail(
    msgid: string,
    args: string | readonly string[],
    at: number,
    length: number
  ): never {
    const message = this.trans.__(
      msgid,
      ...(typeof args === 'string' ? [args] : args)
    );
    throw new QueryFailure({ message, offset: at, length });
  }
}
