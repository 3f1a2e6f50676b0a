/**
 * Parameters read from the source of a papermill-style parameters cell.
 *
 * Only top-level assignments count. Values are taken from the source text when
 * the right side is a Python literal; anything else (a call, a name, an
 * arithmetic expression) is kept as written with a null value, never an error.
 * This is the fallback for kernels whose values cannot be read, and the map of
 * where each assignment sits so restore can rewrite it in place.
 */

import { parsePythonLiteral, setOwn } from './pythonLiteral';
import {
  COMPOUND_KEYWORDS,
  KEYWORDS,
  NAME,
  isIdentifier,
  stringEnd
} from './pythonLexicon';
import type { IParamRecord } from '../types';

export interface IParsedAssignment {
  name: string;
  /** The right-hand side as written, trimmed (for `a, b = 1, 2`: the element). */
  source: string;
  /** 0-based, inclusive: the lines the statement spans. */
  startLine: number;
  endLine: number;
  /** The annotation of `name: type = value`, as written. */
  annotation?: string;
  /** Offsets of `source` in the cell text: `text.slice(from, to) === source`. */
  from: number;
  to: number;
}

export interface IParsedParameters {
  /** Every assigned name; a later reassignment of a name wins. */
  params: { [name: string]: IParamRecord };
  /** Assignments in source order, one per assigned name. */
  assignments: IParsedAssignment[];
}

/** Read the top-level assignments of a parameters cell. Never throws. */
export function parseParameters(source: string): IParsedParameters {
  const result: IParsedParameters = { params: {}, assignments: [] };
  try {
    collectAssignments(String(source), result);
  } catch {
    // Unreachable by design; an odd cell must never break capture.
  }
  return result;
}

const CODE = 0;
const NESTED = 1;
const STRING = 2;
const COMMENT = 3;
const CONTINUATION = 4;

/**
 * Classify every character: code outside brackets, code inside brackets,
 * string, comment, or a backslash line continuation.
 */
function classify(text: string): Uint8Array {
  const kinds = new Uint8Array(text.length);
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    let end = i + 1;
    if (c === '#') {
      end = text.indexOf('\n', i);
      end = end < 0 ? text.length : end;
      kinds.fill(COMMENT, i, end);
    } else if (c === '"' || c === "'") {
      end = stringEnd(text, i);
      kinds.fill(STRING, i, end);
    } else if (c === '\\' && /^\r?\n/.test(text.slice(i + 1, i + 3))) {
      end = text[i + 1] === '\n' ? i + 2 : i + 3;
      kinds.fill(CONTINUATION, i, end);
    } else {
      if (')]}'.includes(c)) {
        depth = Math.max(0, depth - 1);
      }
      kinds[i] = depth === 0 ? CODE : NESTED;
      if ('([{'.includes(c)) {
        depth++;
      }
    }
    i = end;
  }
  return kinds;
}

interface IRange {
  from: number;
  to: number;
}

/** The range without surrounding whitespace, comments and continuations. */
function trimRange(
  text: string,
  kinds: Uint8Array,
  range: IRange
): IRange | null {
  const isContent = (i: number) =>
    kinds[i] !== COMMENT && kinds[i] !== CONTINUATION && !/\s/.test(text[i]);
  let from = range.from;
  let to = range.to;
  while (from < to && !isContent(from)) {
    from++;
  }
  while (to > from && !isContent(to - 1)) {
    to--;
  }
  return from < to ? { from, to } : null;
}

/** Split a range at top-level (depth 0, outside strings) occurrences of `char`. */
function splitAt(
  text: string,
  kinds: Uint8Array,
  range: IRange,
  accept: (i: number) => boolean
): IRange[] {
  const parts: IRange[] = [];
  let from = range.from;
  for (let i = range.from; i < range.to; i++) {
    if (kinds[i] === CODE && accept(i)) {
      parts.push({ from, to: i });
      from = i + 1;
    }
  }
  parts.push({ from, to: range.to });
  return parts;
}

/** `obj.attr` or `obj[key]` targets: assigned, but not parameters. */
const ITEM_TARGET = /^[\p{L}_][\p{L}\p{N}_]*\s*(\.|\[)/u;

interface ITarget {
  names: string[];
  /** Unpacking: `a, b` or `(a, b)` or `[a, b]`; starred when it has `*rest`. */
  unpack: boolean;
  starred: boolean;
}

/** A name or a flat tuple of names; null for anything else. */
function parseTarget(raw: string): ITarget | null {
  let text = raw.replace(/\\\r?\n/g, ' ').trim();
  const wrapped = /^\(([\s\S]*)\)$|^\[([\s\S]*)\]$/.exec(text);
  // `[a] = ...` unpacks; `(a) = ...` is just `a`.
  const list = !!wrapped && wrapped[2] !== undefined;
  if (wrapped) {
    text = (wrapped[1] ?? wrapped[2]).trim();
  }
  const parts = text.split(',').map(part => part.trim());
  if (parts.length > 1 && parts[parts.length - 1] === '') {
    parts.pop();
  }
  const unpack = parts.length > 1 || text.endsWith(',') || list;
  const starred = parts.some(part => part.startsWith('*'));
  const names = parts.map(part => part.replace(/^\*\s*/, ''));
  if (!names.length || !names.every(isIdentifier)) {
    return null;
  }
  return { names, unpack, starred };
}

type StatementOutcome = 'done' | 'skip-line';

function collectAssignments(text: string, result: IParsedParameters): void {
  const kinds = classify(text);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') {
      lineStarts.push(i + 1);
    }
  }
  const lineOf = (offset: number): number => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle] <= offset) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  };
  const context: IStatementContext = { text, kinds, lineOf, result };
  // Logical lines end at line breaks outside brackets, strings and continuations.
  const logicalLines = splitAt(
    text,
    kinds,
    { from: 0, to: text.length },
    i => text[i] === '\n'
  );
  for (const line of logicalLines) {
    // Indented code belongs to a block: not top level.
    if (line.from >= line.to || /[ \t\f]/.test(text[line.from])) {
      continue;
    }
    const statements = splitAt(text, kinds, line, i => text[i] === ';');
    for (const statement of statements) {
      const range = trimRange(text, kinds, statement);
      if (range && readStatement(context, range) === 'skip-line') {
        break;
      }
    }
  }
}

interface IStatementContext {
  text: string;
  kinds: Uint8Array;
  lineOf: (offset: number) => number;
  result: IParsedParameters;
}

function readStatement(
  context: IStatementContext,
  range: IRange
): StatementOutcome {
  const { text, kinds } = context;
  const code = text.slice(range.from, range.to);
  // Magics, shell escapes, decorators and help lines are not assignments.
  if (/^[%!@?]/.test(code)) {
    return 'skip-line';
  }
  const firstWord = NAME.exec(code)?.[0] ?? '';
  if (COMPOUND_KEYWORDS.has(firstWord)) {
    // `if x: a = 1; b = 2` puts the whole line in the block.
    return 'skip-line';
  }
  if (KEYWORDS.has(firstWord)) {
    return 'done';
  }
  const segments = splitAt(text, kinds, range, i => isAssignmentSign(text, i));
  if (segments.length < 2) {
    return 'done';
  }
  const first = segments[0];
  const colon = splitAt(text, kinds, first, i => text[i] === ':');
  if (colon.length > 1) {
    const name = text.slice(first.from, colon[0].to).trim();
    const annotation = text.slice(colon[1].from, first.to).trim();
    if (isIdentifier(name) && annotation) {
      const rhs = { from: segments[1].from, to: range.to };
      const target = { names: [name], unpack: false, starred: false };
      assign(context, [target], rhs, range, annotation);
    }
    return 'done';
  }
  const targets: ITarget[] = [];
  let rhsIndex = segments.length - 1;
  for (let i = 0; i < segments.length - 1; i++) {
    const segmentText = text.slice(segments[i].from, segments[i].to);
    const target = parseTarget(segmentText);
    if (target) {
      targets.push(target);
    } else if (i > 0 && /\blambda\b/.test(segmentText)) {
      // `f = lambda x=1: x`: the rest is one expression.
      rhsIndex = i;
      break;
    } else if (!ITEM_TARGET.test(segmentText.trim())) {
      return 'done';
    }
  }
  if (targets.length) {
    const rhs = { from: segments[rhsIndex].from, to: range.to };
    assign(context, targets, rhs, range);
  }
  return 'done';
}

/** `=` that assigns: not `==`, `!=`, `<=`, `>=`, `:=` nor an augmented `+=`. */
function isAssignmentSign(text: string, i: number): boolean {
  return (
    text[i] === '=' &&
    text[i + 1] !== '=' &&
    !'=!<>:+-*/%&|^@~'.includes(text[i - 1] ?? '')
  );
}

function assign(
  context: IStatementContext,
  targets: ITarget[],
  rhsRange: IRange,
  statement: IRange,
  annotation?: string
): void {
  const { text, kinds, lineOf, result } = context;
  const rhs = trimRange(text, kinds, rhsRange);
  if (!rhs) {
    return;
  }
  const lines = {
    startLine: lineOf(statement.from),
    endLine: lineOf(statement.to - 1)
  };
  const record = (name: string, range: IRange, literal: boolean) => {
    const source = text.slice(range.from, range.to);
    const parsed = literal
      ? parsePythonLiteral(source)
      : ({ ok: false } as const);
    setOwn(result.params, name, {
      value: parsed.ok ? parsed.value : null,
      source,
      type: parsed.ok ? parsed.type : (annotation ?? 'expression'),
      origin: 'source',
      exact: parsed.ok
    });
    result.assignments.push({
      name,
      source,
      ...lines,
      ...(annotation !== undefined ? { annotation } : {}),
      from: range.from,
      to: range.to
    });
  };
  for (const target of targets) {
    const elements =
      target.unpack && !target.starred ? unpackRange(text, rhs) : null;
    target.names.forEach((name, index) => {
      if (!target.unpack) {
        record(name, rhs, true);
      } else if (elements && elements.length === target.names.length) {
        record(name, elements[index], true);
      } else {
        record(name, rhs, false);
      }
    });
  }
}

/**
 * The element ranges of a tuple or list display (`1, 2`, `(1, 2)`, `[1, 2]`),
 * or null when a bracket pair does not enclose the whole right side.
 */
function unpackRange(text: string, rhs: IRange): IRange[] | null {
  const body = text.slice(rhs.from, rhs.to);
  const kinds = classify(body);
  const pair = body[0] + body[body.length - 1];
  const topLevelCode = kinds.filter(kind => kind === CODE).length;
  // Enclosed when the only top-level code characters are the two brackets.
  if ((pair === '()' || pair === '[]') && topLevelCode === 2) {
    const inner = body.slice(1, -1);
    return elementsOf(inner, classify(inner), rhs.from + 1);
  }
  return elementsOf(body, kinds, rhs.from);
}

function elementsOf(body: string, kinds: Uint8Array, offset: number): IRange[] {
  const parts = splitAt(
    body,
    kinds,
    { from: 0, to: body.length },
    i => body[i] === ','
  );
  const ranges = parts
    .map(part => trimRange(body, kinds, part))
    .map(part =>
      part ? { from: part.from + offset, to: part.to + offset } : null
    );
  // A trailing comma leaves one empty part; any other empty part is an error.
  if (ranges.length > 1 && ranges[ranges.length - 1] === null) {
    ranges.pop();
  }
  return ranges.every(part => part !== null) ? (ranges as IRange[]) : [];
}
