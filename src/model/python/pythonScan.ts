/**
 * A small Python scanner for reasoning about a cell's statements: tokens
 * (names, numbers, strings, operators) grouped into top-level statements,
 * and which names an expression reads. It does not evaluate or fully parse
 * anything; what it cannot read becomes an `error` token, or null, which
 * callers treat as "cannot tell".
 */

import {
  DECIMAL,
  KEYWORDS,
  NAME,
  RADIX_INT,
  STATEMENT_KEYWORDS,
  STRING_PREFIX,
  VALUE_KEYWORDS,
  stringDelimiter,
  stringEnd
} from './pythonLexicon';

export type ScanKind = 'name' | 'number' | 'string' | 'op' | 'error';

export interface IScanToken {
  kind: ScanKind;
  /** The token as written (for a string: prefix and quotes included). */
  text: string;
  from: number;
  to: number;
}

export interface IScanStatement {
  tokens: IScanToken[];
  from: number;
  to: number;
  /** Starts a line indented: inside a block, or not valid at top level. */
  indented: boolean;
}

/** Longest first, so `**=` is not read as `**` then `=`. */
const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  ':=',
  '->',
  '**',
  '//',
  '>>',
  '<<',
  '<=',
  '>=',
  '==',
  '!=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
  ...'+-*/%@&|^~<>()[]{},:;.=!?'
];

/** The top-level statements of `text`, split at line ends outside brackets and at `;`. */
export function scanStatements(text: string): IScanStatement[] {
  const statements: IScanStatement[] = [];
  let tokens: IScanToken[] = [];
  let indented = false;
  let lineStart = true;
  let depth = 0;
  const close = () => {
    if (tokens.length) {
      statements.push({
        tokens,
        from: tokens[0].from,
        to: tokens[tokens.length - 1].to,
        indented
      });
    }
    tokens = [];
    indented = false;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const rest = text.slice(i, i + 4);
    if (c === '\n') {
      if (depth === 0) {
        close();
        lineStart = true;
      }
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (c === '\\' && /^\\\r?\n/.test(rest)) {
      i += rest[1] === '\n' ? 2 : 3;
      continue;
    }
    if (lineStart && depth === 0 && !tokens.length) {
      indented = i > 0 && text[i - 1] !== '\n';
    }
    lineStart = false;
    const token = readToken(text, i);
    if (token.kind === 'op') {
      if ('([{'.includes(token.text)) {
        depth++;
      } else if (')]}'.includes(token.text)) {
        depth = Math.max(0, depth - 1);
      } else if (token.text === ';' && depth === 0) {
        close();
        i = token.to;
        continue;
      }
    }
    tokens.push(token);
    i = token.to;
  }
  close();
  return statements;
}

function readToken(text: string, at: number): IScanToken {
  const rest = text.slice(at);
  const prefix = STRING_PREFIX.exec(rest);
  if (prefix) {
    const quoteAt = at + prefix[0].length;
    const end = stringEnd(text, quoteAt);
    const quote = stringDelimiter(text, quoteAt);
    const body = text.slice(quoteAt, end);
    const closed =
      body.length >= 2 * quote.length &&
      body.endsWith(quote) &&
      !isEscaped(text, end - quote.length);
    return token(closed ? 'string' : 'error', text, at, end);
  }
  const number = /^[\d.]/.test(rest)
    ? (RADIX_INT.exec(rest) ?? DECIMAL.exec(rest))
    : null;
  if (number) {
    let end = at + number[0].length;
    if (/[jJ]/.test(text[end] ?? '')) {
      end++;
    }
    // `1if` or `1_` glued to a name: not something to reason about.
    return token(
      /[\p{L}\p{N}_]/u.test(text[end] ?? '') ? 'error' : 'number',
      text,
      at,
      end
    );
  }
  const name = NAME.exec(rest);
  if (name) {
    return token('name', text, at, at + name[0].length);
  }
  const op = OPERATORS.find(candidate => rest.startsWith(candidate));
  return op
    ? token('op', text, at, at + op.length)
    : token('error', text, at, at + 1);
}

/** Whether the character at `index` follows an odd number of backslashes. */
function isEscaped(text: string, index: number): boolean {
  let count = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) {
    count++;
  }
  return count % 2 === 1;
}

function token(
  kind: ScanKind,
  text: string,
  from: number,
  to: number
): IScanToken {
  return { kind, text: text.slice(from, to), from, to };
}

/** Builtins that compute their result from their arguments alone. */
const PURE_BUILTINS = new Set(
  (
    'abs all any bin bool chr dict divmod enumerate filter float format hex ' +
    'int isinstance len list map max min oct ord pow range repr reversed ' +
    'round set sorted str sum tuple zip'
  ).split(' ')
);

/** What an expression reads: names of values and pure builtins. */
export interface IExpressionReads {
  names: Set<string>;
  builtins: Set<string>;
}

/**
 * The names an expression reads, or null when it is not made of literals,
 * operators, subscripts and pure builtin calls only. Attribute access,
 * other calls, lambdas, comprehensions, f-strings and `:=` give null.
 */
export function expressionReads(expression: string): IExpressionReads | null {
  const statements = scanStatements(expression);
  if (statements.length !== 1 || statements[0].indented) {
    return null;
  }
  return readsOf(statements[0].tokens, true);
}

/** A name token that is not a keyword. */
export function isName(token: IScanToken): boolean {
  return token.kind === 'name' && !KEYWORDS.has(token.text);
}

/** Operators no expression of values needs (statements, magics, `:=`). */
const FORBIDDEN_OPS = new Set([':=', ';', '!', '?', '->', '...']);
const COMPARISONS = new Set(['<=', '>=', '==', '!=']);

/**
 * What an expression's tokens read. `strict`: a value computed once, from
 * literals, operators, subscripts and pure builtins. Otherwise (any other
 * right side of the cell) lambdas, comprehensions and attribute reads are
 * allowed, as they change nothing; calls still must be pure builtins.
 */
export function readsOf(
  tokens: IScanToken[],
  strict: boolean
): IExpressionReads | null {
  const reads: IExpressionReads = { names: new Set(), builtins: new Set() };
  /** For each open bracket: whether it holds a call's arguments. */
  const brackets: boolean[] = [];
  if (!tokens.length) {
    return null;
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const text = token.text;
    if (token.kind === 'error') {
      return null;
    }
    if (token.kind === 'string' && /^[a-z]*[fb]/i.test(text)) {
      // f-strings run code; bytes are no JSON value.
      return null;
    }
    if (token.kind === 'op') {
      if (text === '(') {
        if (isCallee(tokens, i - 1) && !isPureBuiltinCall(tokens, i - 1)) {
          return null;
        }
        brackets.push(isCallee(tokens, i - 1));
      } else if (text === '[' || text === '{') {
        brackets.push(false);
      } else if (')]}'.includes(text)) {
        if (!brackets.length) {
          return null;
        }
        brackets.pop();
      } else if (text === '=') {
        // Only a keyword argument's.
        if (!brackets[brackets.length - 1] || tokens[i - 1]?.kind !== 'name') {
          return null;
        }
      } else if (
        FORBIDDEN_OPS.has(text) ||
        (text.endsWith('=') && !COMPARISONS.has(text)) ||
        (strict && (text === '.' || text === '@')) ||
        (strict && text === ':' && !brackets.length)
      ) {
        return null;
      }
      continue;
    }
    if (token.kind !== 'name' || tokens[i - 1]?.text === '.') {
      // Literals, and attributes (read from the value before the dot).
      continue;
    }
    if (STATEMENT_KEYWORDS.has(text)) {
      if (strict || (text !== 'lambda' && text !== 'for')) {
        return null;
      }
    } else if (text === 'is') {
      // Identity is sure only against None.
      const other =
        tokens[i + 1]?.text === 'not' ? tokens[i + 2] : tokens[i + 1];
      if (other?.text !== 'None') {
        return null;
      }
    } else if (VALUE_KEYWORDS.has(text)) {
      continue;
    } else if (tokens[i + 1]?.text === '=' && brackets[brackets.length - 1]) {
      // A keyword argument's name.
      continue;
    } else if (PURE_BUILTINS.has(text)) {
      reads.builtins.add(text);
    } else {
      reads.names.add(text);
    }
  }
  return brackets.length ? null : reads;
}

/** Whether a `(` after `tokens[index]` calls it (rather than grouping). */
function isCallee(tokens: IScanToken[], index: number): boolean {
  const token = tokens[index];
  if (!token) {
    return false;
  }
  if (token.kind === 'op') {
    return token.text === ')' || token.text === ']';
  }
  return token.kind !== 'name' || !VALUE_KEYWORDS.has(token.text);
}

/** A call of a pure builtin by its bare name (not `x.max(...)`). */
function isPureBuiltinCall(tokens: IScanToken[], index: number): boolean {
  const token = tokens[index];
  return (
    token.kind === 'name' &&
    PURE_BUILTINS.has(token.text) &&
    tokens[index - 1]?.text !== '.'
  );
}
