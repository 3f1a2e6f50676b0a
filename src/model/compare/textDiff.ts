/**
 * A line diff of two texts (longest common subsequence). Pure functions: the
 * compare view shows a run's text output against the baseline's with it.
 */

export type DiffLineKind = 'same' | 'added' | 'removed';

export interface IDiffLine {
  kind: DiffLineKind;
  text: string;
}

/**
 * Texts with more lines than this (on both sides, after the common start and
 * end are trimmed) are not diffed line by line: the LCS table grows with the
 * product of the two lengths.
 */
export const MAX_DIFF_CELLS = 4_000_000;

/** Split into lines; a final newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  if (text === '') {
    return [];
  }
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

/**
 * The lines of `before` and `after` as a sequence of kept, removed and added
 * lines; removals come before additions where both happen at one place.
 * When the changed middle is too large for a table (see `MAX_DIFF_CELLS`), it
 * is reported as all removed, then all added.
 */
export function diffLines(before: string, after: string): IDiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head = a.slice(0, start).map(same);
  const tail = a.slice(endA).map(same);
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  return [...head, ...diffMiddle(middleA, middleB), ...tail];
}

function same(text: string): IDiffLine {
  return { kind: 'same', text };
}

function diffMiddle(a: string[], b: string[]): IDiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || n * m > MAX_DIFF_CELLS) {
    return [
      ...a.map((text): IDiffLine => ({ kind: 'removed', text })),
      ...b.map((text): IDiffLine => ({ kind: 'added', text }))
    ];
  }
  // lengths[i * (m + 1) + j]: LCS length of a[i..] and b[j..].
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * width + j + 1] + 1
          : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
    }
  }
  const lines: IDiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      lines.push(same(a[i]));
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
      lines.push({ kind: 'removed', text: a[i++] });
    } else {
      lines.push({ kind: 'added', text: b[j++] });
    }
  }
  while (i < n) {
    lines.push({ kind: 'removed', text: a[i++] });
  }
  while (j < m) {
    lines.push({ kind: 'added', text: b[j++] });
  }
  return lines;
}

/** How many lines were added and removed. */
export function diffStats(lines: readonly IDiffLine[]): {
  added: number;
  removed: number;
} {
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    if (line.kind === 'added') {
      added++;
    } else if (line.kind === 'removed') {
      removed++;
    }
  }
  return { added, removed };
}

/** A multiline nbformat string: one string or a list of lines. */
function joined(value: unknown): string | null {
  if (typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value) && value.every(part => typeof part === 'string')) {
    return value.join('');
  }
  return null;
}

/** Escape sequences (colours) of terminal text, as in tracebacks. */
const ANSI_ESCAPE = /\u001b\[[0-9;]*[A-Za-z]/g;

/**
 * The text a cell's outputs show, for a diff: streams, `text/plain` of
 * results and displays, error tracebacks without colour codes. Null when no
 * output has text (only images or HTML, say).
 */
export function outputsText(
  outputs: readonly { [key: string]: unknown }[]
): string | null {
  const parts: string[] = [];
  for (const output of outputs) {
    switch (output.output_type) {
      case 'stream': {
        const text = joined(output.text);
        if (text !== null) {
          parts.push(text);
        }
        break;
      }
      case 'execute_result':
      case 'display_data': {
        const data = output.data as { [mime: string]: unknown } | undefined;
        const text = data ? joined(data['text/plain']) : null;
        if (text !== null) {
          parts.push(text.endsWith('\n') ? text : `${text}\n`);
        }
        break;
      }
      case 'error': {
        const traceback = Array.isArray(output.traceback)
          ? output.traceback.filter(line => typeof line === 'string')
          : [`${String(output.ename)}: ${String(output.evalue)}`];
        parts.push(`${traceback.join('\n').replace(ANSI_ESCAPE, '')}\n`);
        break;
      }
    }
  }
  return parts.length === 0 ? null : parts.join('');
}
