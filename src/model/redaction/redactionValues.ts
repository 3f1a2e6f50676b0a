/**
 * Credentials found by value alone: the detectors of redactionDetectors.ts
 * run over texts and over every string of a JSON value.
 *
 * Formats without a prefix (an AWS secret key, a W&B key: 40 characters that
 * look like a git SHA) are left to the name patterns. Every quantifier before
 * a literal is bounded, so a long string costs linear time.
 */

import { DETECTORS, type IDetector } from './redactionDetectors';
import type { JSONValue } from '../types';

/** A credential found in a text: `text.slice(from, to)`. */
export interface ISecretMatch {
  /** The detector's name, e.g. `openai-api-key`. */
  detector: string;
  from: number;
  to: number;
}

/** The names of all detectors, for documentation and settings. */
export const SECRET_VALUE_DETECTORS: readonly string[] = DETECTORS.map(
  detector => detector.name
);

/** Shortest text any detector can match: shorter values are skipped at once. */
const MIN_LENGTH = 10;

const HINTS = [...new Set(DETECTORS.flatMap(detector => detector.hints))];

interface ITrie {
  end: boolean;
  next: Map<string, ITrie>;
}

/**
 * A regex matching any of `words`, written as a trie (`s(?:k-(?:ant-)?)`) so
 * that at each position only one branch is tried, preferring the longest.
 */
function trieSource(words: readonly string[]): string {
  const root: ITrie = { end: false, next: new Map() };
  for (const word of words) {
    let node = root;
    for (const c of word) {
      let child = node.next.get(c);
      if (!child) {
        child = { end: false, next: new Map() };
        node.next.set(c, child);
      }
      node = child;
    }
    node.end = true;
  }
  const write = (node: ITrie): string => {
    const branches = [...node.next].map(
      ([c, child]) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') + write(child)
    );
    if (!branches.length) {
      return '';
    }
    const body =
      branches.length > 1 ? `(?:${branches.join('|')})` : branches[0];
    return node.end ? `(?:${body})?` : body;
  };
  return write(root);
}

/** Finds the hints of a text in one pass. */
const HINT_PATTERN = new RegExp(trieSource(HINTS), 'g');

/** The hints inside each hint (`sk-` in `sk-ant-`): seeing one means seeing those. */
const IMPLIED_HINTS = new Map(
  HINTS.map(hint => [hint, HINTS.filter(other => hint.includes(other))])
);

/** The hints present in `text`, or null when none is. */
function hintsIn(text: string): Set<string> | null {
  let seen: Set<string> | null = null;
  HINT_PATTERN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = HINT_PATTERN.exec(text)) !== null) {
    seen ??= new Set();
    for (const hint of IMPLIED_HINTS.get(match[0]) ?? [match[0]]) {
      seen.add(hint);
    }
    // Step one character, not past the match: hints may overlap (`gsk_live_`).
    HINT_PATTERN.lastIndex = match.index + 1;
  }
  return seen;
}

/** Call `found` for each accepted match, in order per detector, until it returns true. */
function scan(
  text: string,
  found: (detector: IDetector, from: number, to: number) => boolean
): void {
  const seen = text.length < MIN_LENGTH ? null : hintsIn(text);
  if (!seen) {
    return;
  }
  for (const detector of DETECTORS) {
    if (!detector.hints.some(hint => seen.has(hint))) {
      continue;
    }
    const pattern = detector.pattern;
    pattern.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(text)) !== null) {
      const accepted = !detector.accept || detector.accept(match[0]);
      if (!accepted) {
        continue;
      }
      const from = detector.start
        ? detector.start(text, match.index)
        : match.index;
      if (detector.end) {
        pattern.lastIndex = detector.end(text, pattern.lastIndex);
      }
      if (found(detector, from, pattern.lastIndex)) {
        pattern.lastIndex = 0;
        return;
      }
    }
  }
}

/** Every credential in `text`, in text order; overlapping finds are all kept. */
export function findSecrets(text: string): ISecretMatch[] {
  const found: ISecretMatch[] = [];
  scan(text, (detector, from, to) => {
    found.push({ detector: detector.name, from, to });
    return false;
  });
  return found.sort((a, b) => a.from - b.from || b.to - a.to);
}

/**
 * The name of the detector that recognises a credential in `value` (anywhere
 * in it: a header, a connection string, a config text), or null.
 */
export function looksLikeSecretValue(value: string): string | null {
  let name: string | null = null;
  if (typeof value === 'string') {
    scan(value, detector => {
      name = detector.name;
      return true;
    });
  }
  return name;
}
/** Bounds the walk of hostile nesting; deeper parts count as holding text. */
const MAX_DEPTH = 64;

/**
 * The detector matching any string in a JSON value (object keys included),
 * or null. Iterative, so deep nesting cannot overflow the stack.
 */
export function findSecretInJSON(value: JSONValue): string | null {
  if (typeof value === 'string') {
    return looksLikeSecretValue(value);
  }
  if (value === null || typeof value !== 'object') {
    return null;
  }
  const stack: [JSONValue, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item === 'string') {
      const detector = looksLikeSecretValue(item);
      if (detector) {
        return detector;
      }
    } else if (item !== null && typeof item === 'object' && depth < MAX_DEPTH) {
      const children = Array.isArray(item) ? item : Object.values(item);
      if (!Array.isArray(item)) {
        for (const key of Object.keys(item)) {
          stack.push([key, depth + 1]);
        }
      }
      for (const child of children) {
        stack.push([child, depth + 1]);
      }
    }
  }
  return null;
}

/** Whether a JSON value holds any string (object keys count); too deep counts as yes. */
export function holdsText(value: JSONValue): boolean {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'string';
  }
  const stack: [JSONValue, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item === 'string') {
      return true;
    }
    if (item !== null && typeof item === 'object') {
      if (depth >= MAX_DEPTH) {
        return true;
      }
      if (Array.isArray(item)) {
        item.forEach(child => stack.push([child, depth + 1]));
      } else if (Object.keys(item).length) {
        return true;
      }
    }
  }
  return false;
}
