/**
 * Importing notebooks executed by papermill as runs
 * (`runlog:import-executed-notebooks`): read each file, read it as a run
 * (model/papermill.ts), redact its secrets, and store every run in one
 * transaction, so an import is whole or not at all. papermillImportMessage.ts
 * puts the outcome into words.
 */
import type { Contents } from '@jupyterlab/services';
import { findExperimentIdByPath } from '../notebook/notebookIdentity';
import {
  type IBundleTranslator,
  isAbortError,
  UNTRANSLATED
} from '../model/bundle/bundleFormat';
import type { IOutputLimits } from '../model/record/outputs';
import { runsFromExecutedNotebook } from '../model/papermill/papermill';
import { readNotebookRunlog } from '../model/runlogMetadata';
import {
  redactRun,
  type IRedactionOptions
} from '../model/redaction/redaction';
import type { IRunRecord } from '../model/types';
import type { IRunRecorder, IRunStore, IRunSummary } from '../tokens';

/** Files read at once: enough to overlap requests, few enough to spare memory. */
const READ_CONCURRENCY = 4;

export interface IExecutedNotebooksImportOptions {
  store: IRunStore;
  /** The notebook's JSON at a path; rejects when it cannot be read. */
  readNotebook: (path: string) => Promise<unknown>;
  /** The tag names in force (IRunRecorder.tags). */
  tags: IRunRecorder.ITags;
  redaction: IRedactionOptions;
  outputLimits?: IOutputLimits;
  /** Translates the messages about each file (English when absent). */
  trans?: IBundleTranslator;
  /** The clock, for the runs' `origin.imported_at`. */
  now?: () => Date;
  /** Aborting before the runs are stored imports nothing. */
  signal?: AbortSignal;
  /** The fraction of files read, from 0 to 1. */
  onProgress?: (fraction: number) => void;
}

/** A file and the run it holds: as stored now, or as read when not stored. */
export interface IImportedFile {
  path: string;
  run: IRunSummary;
}

export interface IExecutedNotebooksImport {
  /** Files whose runs were written, with the runs as stored (numbered). */
  added: IImportedFile[];
  /** Files whose run was stored already, unchanged. */
  identical: IImportedFile[];
  /** Files whose run differs from the stored run of the same id (kept). */
  conflicting: IImportedFile[];
  /** Files holding the same run as an earlier file of this import. */
  duplicates: { path: string; sameAs: string }[];
  /** Files that are no papermill output or could not be read: why, naming the file. */
  skipped: { path: string; reason: string }[];
  /** The model's warnings, per file. */
  warnings: { path: string; messages: string[] }[];
  /** Parameters redacted as secrets, per file. */
  redacted: { path: string; names: string[] }[];
  /** Set when the store refused the runs: nothing was written. */
  storeError: { kind: 'quota' | 'other'; message: string } | null;
  /** True when the user cancelled before the runs were stored. */
  cancelled: boolean;
}

/** What the contents manager holds at `path`, read as a notebook. */
export function notebookReader(
  contents: Contents.IManager
): (path: string) => Promise<unknown> {
  return async path => {
    const model = await contents.get(path, { content: true, type: 'notebook' });
    return model.content;
  };
}

/** Import the files at `paths` (each once, in the order given). Never throws. */
export async function importExecutedNotebooks(
  paths: readonly string[],
  options: IExecutedNotebooksImportOptions
): Promise<IExecutedNotebooksImport> {
  const outcome: IExecutedNotebooksImport = {
    added: [],
    identical: [],
    conflicting: [],
    duplicates: [],
    skipped: [],
    warnings: [],
    redacted: [],
    storeError: null,
    cancelled: false
  };
  const unique = [...new Set(paths)];
  const importedAt = (options.now ?? (() => new Date()))().toISOString();
  let done = 0;
  const read = await mapLimited(
    unique,
    READ_CONCURRENCY,
    async path => {
      const result = await readRun(path, importedAt, options);
      options.onProgress?.(++done / unique.length);
      return result;
    },
    options.signal
  );
  if (options.signal?.aborted) {
    outcome.cancelled = true;
    return outcome;
  }
  const runs: IRunRecord[] = [];
  const pathOfRun = new Map<string, string>();
  read.forEach((result, index) => {
    const path = unique[index];
    if (!result.ok) {
      outcome.skipped.push({ path, reason: result.error });
      return;
    }
    const { run, warnings, redacted } = result;
    const sameAs = pathOfRun.get(run.id);
    if (sameAs !== undefined) {
      outcome.duplicates.push({ path, sameAs });
      return;
    }
    pathOfRun.set(run.id, path);
    runs.push(run);
    if (warnings.length) {
      outcome.warnings.push({ path, messages: warnings });
    }
    if (redacted.length) {
      outcome.redacted.push({ path, names: redacted });
    }
  });
  if (!runs.length) {
    return outcome;
  }

  let result: IRunStore.IImportResult;
  try {
    result = await options.store.importRuns(runs, { signal: options.signal });
  } catch (error) {
    if (isAbortError(error)) {
      outcome.cancelled = true;
      return outcome;
    }
    outcome.storeError = storeErrorOf(error);
    return outcome;
  }
  outcome.added = result.added.map(run => ({
    path: pathOfRun.get(run.id) ?? run.notebook_path,
    run
  }));
  const incoming = new Map(runs.map(run => [run.id, run]));
  const stored = new Map<string, IRunSummary>();
  const known = [...result.identical, ...result.conflicting];
  if (known.length) {
    // The stored runs' numbers tell the user which run the file already is.
    try {
      for (const run of await options.store.getRuns(known)) {
        stored.set(run.id, run);
      }
    } catch {
      // The incoming records still say which experiment and file.
    }
  }
  const fileOf = (id: string): IImportedFile => ({
    path: pathOfRun.get(id) ?? '',
    run: stored.get(id) ?? incoming.get(id)!
  });
  outcome.identical = result.identical.map(fileOf);
  outcome.conflicting = result.conflicting.map(fileOf);
  return outcome;
}

type ReadRunResult =
  | { ok: true; run: IRunRecord; warnings: string[]; redacted: string[] }
  | { ok: false; error: string };

async function readRun(
  path: string,
  importedAt: string,
  options: IExecutedNotebooksImportOptions
): Promise<ReadRunResult> {
  let notebook: unknown;
  try {
    notebook = await options.readNotebook(path);
  } catch (error) {
    return {
      ok: false,
      error: (options.trans ?? UNTRANSLATED).__(
        '"%1" could not be read: %2',
        path,
        messageOf(error)
      )
    };
  }
  const modelOptions = {
    path,
    parametersTag: options.tags.parameters,
    trackedTag: options.tags.tracked,
    importedAt,
    outputLimits: options.outputLimits,
    trans: options.trans
  };
  let read = runsFromExecutedNotebook(notebook, modelOptions);
  if (read.ok && !hasNotebookId(notebook)) {
    // A source notebook never captured in JupyterLab has no id in the file:
    // join the experiment recorded at its path, as live capture does.
    const id = await findExperimentIdByPath(
      options.store,
      read.run.notebook_path
    ).catch(() => null);
    if (id && id !== read.run.experiment.id) {
      read = runsFromExecutedNotebook(notebook, {
        ...modelOptions,
        experiment: { id, name: read.run.experiment.name }
      });
    }
  }
  if (!read.ok) {
    return read;
  }
  const { run, redacted } = redactRun(read.run, options.redaction);
  return { ok: true, run, warnings: read.warnings, redacted };
}

function hasNotebookId(notebook: unknown): boolean {
  const metadata =
    typeof notebook === 'object' && notebook !== null
      ? (notebook as { metadata?: unknown }).metadata
      : undefined;
  return readNotebookRunlog(metadata).notebookId !== null;
}

function storeErrorOf(
  error: unknown
): NonNullable<IExecutedNotebooksImport['storeError']> {
  const name = (error as { name?: unknown } | null)?.name;
  return {
    kind: name === 'QuotaExceededError' ? 'quota' : 'other',
    message: messageOf(error)
  };
}

function messageOf(error: unknown): string {
  if (error instanceof Error || error instanceof DOMException) {
    return error.message || error.name;
  }
  return String(error);
}

/**
 * `map` with at most `limit` calls pending at once, results in input order;
 * no new call starts once `signal` is aborted.
 */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
  signal?: AbortSignal
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) {
      const index = next++;
      results[index] = await map(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker)
  );
  return results;
}
