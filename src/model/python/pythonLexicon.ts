/**
 * The pieces of Python's lexical grammar that the readers of cell source
 * share: keyword tables, and where a name, a number or a string starts and
 * ends. One definition each, so parameters.ts, pythonScan.ts and
 * pythonTokens.ts cannot drift apart on what a name or a string is.
 */

/** Keywords that open a compound statement: the line is a block header. */
export const COMPOUND_KEYWORDS = new Set(
  'if elif else for while with def class try except finally async'.split(' ')
);

/** Every Python keyword: none of them is a name. */
export const KEYWORDS = new Set([
  ...COMPOUND_KEYWORDS,
  ...(
    'False None True and as assert await break continue del from global ' +
    'import in is lambda nonlocal not or pass raise return yield'
  ).split(' ')
]);

/** Keywords an expression of values may use. */
export const VALUE_KEYWORDS = new Set(
  'True False None and or not in is if else'.split(' ')
);

/** Keywords that make a line something other than a value computed once. */
export const STATEMENT_KEYWORDS = new Set(
  [...KEYWORDS].filter(word => !VALUE_KEYWORDS.has(word))
);

/** A name at the start of the text (keywords included). */
export const NAME = /^[\p{L}\p{Nl}_][\p{L}\p{N}_]*/u;
const WHOLE_NAME = /^[\p{L}\p{Nl}_][\p{L}\p{N}_]*$/u;

/** Whether `text` is exactly one name that is not a keyword. */
export function isIdentifier(text: string): boolean {
  return WHOLE_NAME.test(text) && !KEYWORDS.has(text);
}

const DIGITS = '\\d(?:_?\\d)*';
/** A hexadecimal, octal or binary integer at the start of the text. */
export const RADIX_INT =
  /^0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)/;
/** A decimal integer or float at the start of the text (no `j` suffix). */
export const DECIMAL = new RegExp(
  `^(?:(?:${DIGITS})?\\.${DIGITS}|${DIGITS}\\.?)(?:[eE][+-]?${DIGITS})?`
);

/** A string's prefix (possibly empty) when a quote follows it. */
export const STRING_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])?(?=['"])/;

/** The quote that opens the string at `quoteAt`: `'`, `"` or a triple. */
export function stringDelimiter(text: string, quoteAt: number): string {
  const quote = text[quoteAt];
  return text.startsWith(quote.repeat(3), quoteAt) ? quote.repeat(3) : quote;
}

/** Index after the string opening at `start`; an unterminated one-line string ends at the line break. */
export function stringEnd(text: string, start: number): number {
  const delimiter = stringDelimiter(text, start);
  let i = start + delimiter.length;
  while (i < text.length) {
    if (text[i] === '\\') {
      i += 2;
    } else if (text.startsWith(delimiter, i)) {
      return i + delimiter.length;
    } else if (text[i] === '\n' && delimiter.length === 1) {
      return i;
    } else {
      i++;
    }
  }
  return text.length;
}
