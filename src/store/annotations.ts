/**
 * Changing a run's annotations: normalising what the user typed and
 * recording each change in the run's history. Pure logic, shared by the
 * IndexedDB store and the in-memory test store.
 */
import {
  MAX_HISTORY,
  MAX_TAGS,
  NOTE_MAX_LENGTH,
  TAG_MAX_LENGTH
} from '../model/record/runRecordShape';
import { codePointLength, withinLength } from '../model/record/shape';
import type {
  IRunAnnotations,
  IRunChange,
  IRunRecord,
  JSONValue
} from '../model/types';
import { keepStoredTrashAndAlerts } from './trash';

// The limits are the run record's (src/model/record/runRecordShape.ts), so
// what the store keeps always passes the bundle checks, and imported
// bundles are held to the same limits. Lengths count code points.
export { MAX_HISTORY, MAX_TAGS, NOTE_MAX_LENGTH, TAG_MAX_LENGTH };

const FIELDS = ['note', 'tags', 'starred'] as const;

/** The annotations of a run that has none yet (capture, papermill). */
export function emptyAnnotations(): IRunAnnotations {
  return { note: '', tags: [], starred: false };
}

/**
 * The change as it will be stored: the note without trailing whitespace;
 * tags trimmed, non-empty, de-duplicated in order, cut to TAG_MAX_LENGTH
 * code points, at most MAX_TAGS. Throws for a note over NOTE_MAX_LENGTH or a value of
 * the wrong type.
 */
export function normaliseAnnotationChange(
  change: Partial<IRunAnnotations>
): Partial<IRunAnnotations> {
  const normalised: Partial<IRunAnnotations> = {};
  if (change.note !== undefined) {
    if (typeof change.note !== 'string') {
      throw new TypeError('A run note must be a string.');
    }
    const note = change.note.trimEnd();
    if (!withinLength(note, NOTE_MAX_LENGTH)) {
      throw new RangeError(
        `A run note can have at most ${NOTE_MAX_LENGTH} characters; this one has ${codePointLength(note)}.`
      );
    }
    normalised.note = note;
  }
  if (change.tags !== undefined) {
    if (
      !Array.isArray(change.tags) ||
      !change.tags.every(tag => typeof tag === 'string')
    ) {
      throw new TypeError('Run tags must be a list of strings.');
    }
    normalised.tags = normaliseTags(change.tags);
  }
  if (change.starred !== undefined) {
    if (typeof change.starred !== 'boolean') {
      throw new TypeError('A run star must be true or false.');
    }
    normalised.starred = change.starred;
  }
  return normalised;
}

function normaliseTags(tags: readonly string[]): string[] {
  const kept: string[] = [];
  for (const raw of tags) {
    const tag = cutTo(raw.trim(), TAG_MAX_LENGTH).trim();
    if (tag && !kept.includes(tag)) {
      kept.push(tag);
      if (kept.length === MAX_TAGS) {
        break;
      }
    }
  }
  return kept;
}

/** `text` cut to `length` code points (never through a surrogate pair). */
function cutTo(text: string, length: number): string {
  if (withinLength(text, length)) {
    return text;
  }
  let end = 0;
  for (let count = 0; count < length; count++) {
    const unit = text.charCodeAt(end);
    const next = text.charCodeAt(end + 1);
    const pair =
      unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    end += pair ? 2 : 1;
  }
  return text.slice(0, end);
}

/**
 * The run with a normalised `change` applied, `updated_at` set to `at` and
 * one history entry per field that changed (the newest MAX_HISTORY kept);
 * null when nothing changed.
 */
export function applyAnnotationChange<T extends Omit<IRunRecord, 'cells'>>(
  run: T,
  change: Partial<IRunAnnotations>,
  user: string | null,
  at: string
): T | null {
  // Records from older versions or other tools may lack some members.
  const before = { ...emptyAnnotations(), ...run.annotations };
  const after: IRunAnnotations = { ...before };
  const entries: IRunChange[] = [];
  for (const field of FIELDS) {
    const value = change[field];
    if (value === undefined || sameValue(before[field], value)) {
      continue;
    }
    (after as Record<typeof field, unknown>)[field] = value;
    entries.push({
      at,
      user,
      field,
      from: copy(before[field]),
      to: copy(value)
    });
  }
  if (entries.length === 0) {
    return null;
  }
  return {
    ...run,
    annotations: after,
    history: [...(run.history ?? []), ...entries].slice(-MAX_HISTORY),
    updated_at: at
  };
}

function sameValue(a: JSONValue, b: JSONValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function copy<T extends JSONValue>(value: T): T {
  return Array.isArray(value) ? ([...value] as T) : value;
}

/**
 * `incoming` with the annotations and history of `stored`, when the run is
 * stored already: capture rewrites a running run with blank annotations and
 * must not undo what the user added meanwhile (nor a delete, nor alerts).
 */
export function keepStoredAnnotations<T extends Omit<IRunRecord, 'cells'>>(
  incoming: T,
  stored: Omit<IRunRecord, 'cells'> | undefined
): T {
  if (!stored) {
    return incoming;
  }
  const { history: _dropped, ...rest } = incoming;
  const kept = { ...rest, annotations: stored.annotations } as T;
  if (stored.history !== undefined) {
    kept.history = stored.history;
  }
  return keepStoredTrashAndAlerts(kept, stored);
}

/** A user name for history: null when unknown or blank. */
export function historyUser(user: string | null | undefined): string | null {
  return typeof user === 'string' && user.trim() ? user : null;
}
