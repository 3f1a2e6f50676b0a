/**
 * The one reader and writer of a notebook's `runlog` metadata
 * (`notebook_id`, `experiment`, `redaction`), over plain JSON so that the
 * open notebook (src/notebook/notebookMetadata.ts) and notebook files read
 * as nbformat JSON (papermill imports) agree on what counts as set.
 */

/** The key of the extension's entry in the notebook-level metadata. */
export const RUNLOG_METADATA_KEY = 'runlog';

/** The key, inside the `runlog` entry, of the per-notebook redaction switch. */
export const REDACTION_METADATA_KEY = 'redaction';

export type RunlogEntry = { [key: string]: unknown };

/** The `runlog` entry as read: every field checked. */
export interface IRunlogMetadata {
  /** The experiment id; null when missing, not a text, or empty. */
  notebookId: string | null;
  /** The experiment name, trimmed; null when missing, not a text, or blank. */
  experiment: string | null;
  /** Whether capture redacts this notebook's runs: off only for exactly `false`. */
  redaction: boolean;
}

/** What to change in a `runlog` entry; fields left undefined are kept. */
export interface IRunlogChange {
  notebookId?: string;
  /** `false` writes the switch; `true` removes it (on is the default). */
  redaction?: boolean;
}

/** The `runlog` entry itself, other keys included; {} when it is not an object. */
export function runlogEntry(value: unknown): RunlogEntry {
  return isObject(value) ? value : {};
}

/** Read a `runlog` entry (the value stored under the `runlog` key). */
export function readRunlogMetadata(value: unknown): IRunlogMetadata {
  const entry = runlogEntry(value);
  const id = entry.notebook_id;
  const name = entry.experiment;
  return {
    notebookId: typeof id === 'string' && id !== '' ? id : null,
    experiment: typeof name === 'string' && name.trim() ? name.trim() : null,
    redaction: entry[REDACTION_METADATA_KEY] !== false
  };
}

/** Read the `runlog` entry of a notebook's top-level metadata (nbformat JSON). */
export function readNotebookRunlog(notebookMetadata: unknown): IRunlogMetadata {
  return readRunlogMetadata(
    isObject(notebookMetadata)
      ? notebookMetadata[RUNLOG_METADATA_KEY]
      : undefined
  );
}

/**
 * The `runlog` entry after `change`, every other key kept as it was; null
 * when nothing is left (the entry should then be removed).
 */
export function writeRunlogMetadata(
  value: unknown,
  change: IRunlogChange
): RunlogEntry | null {
  const entry = { ...runlogEntry(value) };
  if (change.notebookId !== undefined) {
    entry.notebook_id = change.notebookId;
  }
  if (change.redaction === true) {
    delete entry[REDACTION_METADATA_KEY];
  } else if (change.redaction === false) {
    entry[REDACTION_METADATA_KEY] = false;
  }
  return Object.keys(entry).length ? entry : null;
}

function isObject(value: unknown): value is RunlogEntry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
