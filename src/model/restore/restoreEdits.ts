/**
 * The text side of a parameters restore plan: which right-hand sides are
 * rewritten in place (grouped by range, for `a = b = 1`), the lines appended
 * at the cell's end, and the edits that turn the old text into the new one.
 */

import type { IParsedAssignment } from '../python/parameters';
import type { IParamRecord } from '../types';

/** Replace `text.slice(from, to)` with `text` (offsets in the old text). */
export interface ITextEdit {
  from: number;
  to: number;
  text: string;
}

/** What restore wants a parameter's right-hand side to be. */
export interface IWanted {
  name: string;
  param: IParamRecord;
  /** The text to write when the current one does not do. */
  text: string;
  exact: boolean;
}

/** In-place rewrites of one right-hand side (several names for `a = b = 1`). */
export interface IRangeGroup {
  from: number;
  to: number;
  wanted: IWanted[];
}

/**
 * Group the in-place rewrites by range. A range that another name's final
 * assignment also uses (`a = b = 1` with only `a` changing, `a = b, c = 1, 2`)
 * or that would need two texts is not rewritten: its names go to `appended`.
 */
export function rangeGroups(
  inPlace: IWanted[],
  last: Map<string, IParsedAssignment>,
  appended: IWanted[]
): IRangeGroup[] {
  const byRange = new Map<string, IRangeGroup>();
  for (const wanted of inPlace) {
    const { from, to } = last.get(wanted.name)!;
    const key = `${from}:${to}`;
    const group = byRange.get(key) ?? { from, to, wanted: [] };
    group.wanted.push(wanted);
    byRange.set(key, group);
  }
  const groups: IRangeGroup[] = [];
  for (const group of byRange.values()) {
    const shared = [...last.values()].some(
      other =>
        other.from < group.to &&
        group.from < other.to &&
        !group.wanted.some(wanted => wanted.name === other.name)
    );
    const texts = new Set(group.wanted.map(wanted => wanted.text));
    if (shared || texts.size > 1) {
      appended.push(...group.wanted);
    } else {
      groups.push(group);
    }
  }
  return groups.sort((a, b) => a.from - b.from);
}

/** The new text: in-place rewrites, then one `name = value` line per appended name. */
export function buildText(
  source: string,
  groups: readonly IRangeGroup[],
  appended: readonly IWanted[]
): { text: string; edits: ITextEdit[] } {
  const edits: ITextEdit[] = groups.map(({ from, to, wanted }) => ({
    from,
    to,
    text: wanted[0].text
  }));
  if (appended.length) {
    const newline = source.includes('\r\n') ? '\r\n' : '\n';
    let block = appended.map(w => `${w.name} = ${w.text}`).join(newline);
    if (source.endsWith('\n')) {
      block += newline;
    } else if (source.length) {
      block = newline + block;
    }
    edits.push({ from: source.length, to: source.length, text: block });
  }
  return { text: applyEdits(source, edits), edits };
}

/** Apply non-overlapping edits given in text order. */
export function applyEdits(text: string, edits: readonly ITextEdit[]): string {
  let result = '';
  let at = 0;
  for (const edit of edits) {
    result += text.slice(at, edit.from) + edit.text;
    at = edit.to;
  }
  return result + text.slice(at);
}
