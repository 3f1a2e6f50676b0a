/**
 * Credentials found by format in Python code, replaced so the code stays
 * valid: inside string literals, comments and magic or shell lines.
 */

import { findSecrets, looksLikeSecretValue } from './redactionValues';
import { stringEnd } from '../python/pythonLexicon';

/** What replaces a credential inside a string literal, comment or magic line. */
export const REDACTED_TEXT = '<redacted>';

export interface IEdit {
  from: number;
  to: number;
  text: string;
}

/** Apply edits (any order, overlaps merged: the outer range wins). */
export function applyEdits(text: string, edits: IEdit[]): string {
  if (!edits.length) {
    return text;
  }
  const sorted = [...edits].sort((a, b) => a.from - b.from || b.to - a.to);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    if (edit.from < at) {
      continue;
    }
    out += text.slice(at, edit.from) + edit.text;
    at = edit.to;
  }
  return out + text.slice(at);
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** Edits replacing each credential in `text.slice(from, to)` with REDACTED_TEXT. */
function textEdits(text: string, from: number, to: number): IEdit[] {
  return findSecrets(text.slice(from, to)).map(match => ({
    from: from + match.from,
    to: from + match.to,
    text: REDACTED_TEXT
  }));
}

/**
 * Replace credentials found by format anywhere in Python code: the whole
 * content of a string literal holding one (`os.environ['K'] = '...'`,
 * `Client(api_key='...')`), and the credential itself inside comments and
 * magic or shell lines (`%env K=...`). The code stays valid Python.
 */
export function redactSecretsInCode(source: string): string {
  if (!looksLikeSecretValue(source)) {
    return source;
  }
  const edits: IEdit[] = [];
  let depth = 0;
  let lineStart = true;
  let i = 0;
  while (i < source.length) {
    if (lineStart) {
      lineStart = false;
      const first =
        i + (/^[ \t]*/.exec(source.slice(i, i + 256))?.[0].length ?? 0);
      if (source[first] === '%' || source[first] === '!') {
        i = lineEnd(source, first);
        edits.push(...textEdits(source, first, i));
        continue;
      }
    }
    const c = source[i];
    if (c === '\n') {
      // A line break inside brackets does not start a statement.
      lineStart = depth === 0;
      i++;
    } else if (c === '#') {
      const end = lineEnd(source, i);
      edits.push(...textEdits(source, i, end));
      i = end;
    } else if (c === '"' || c === "'") {
      const quotes = source.startsWith(c.repeat(3), i) ? 3 : 1;
      const end = stringEnd(source, i);
      const from = i + quotes;
      const closed =
        end - quotes >= from &&
        source.startsWith(c.repeat(quotes), end - quotes);
      const to = closed ? end - quotes : end;
      if (findSecrets(source.slice(from, to)).length) {
        edits.push({ from, to, text: REDACTED_TEXT });
      }
      i = end;
    } else {
      if ('([{'.includes(c)) {
        depth++;
      } else if (')]}'.includes(c) && depth > 0) {
        depth--;
      }
      i++;
    }
  }
  return applyEdits(source, edits);
}
