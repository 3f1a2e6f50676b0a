/**
 * The experiment a notebook's runs belong to: a stable id kept in the
 * notebook metadata (`runlog.notebook_id`) so renames and moves keep history,
 * and a name (`runlog.experiment`, else the file name).
 */
import { PathExt } from '@jupyterlab/coreutils';
import type { INotebookModel } from '@jupyterlab/notebook';
import type { Contents } from '@jupyterlab/services';
import type { IExperimentRef } from '../model/types';
import { readNotebookRunlog } from '../model/runlogMetadata';
import type { IRunStore } from '../tokens';
import {
  readNotebookMetadata,
  writeNotebookMetadata
} from './notebookMetadata';

export function experimentName(model: INotebookModel, path: string): string {
  return (
    readNotebookMetadata(model).experiment ??
    (PathExt.basename(path, PathExt.extname(path)) || path)
  );
}

/** The experiment of a notebook, or null when it never had a run captured. */
export function readExperiment(
  model: INotebookModel,
  path: string
): IExperimentRef | null {
  const id = readNotebookMetadata(model).notebookId;
  return id !== null ? { id, name: experimentName(model, path) } : null;
}

/**
 * The id of the experiment last recorded at `path`, if any. A notebook whose
 * id never reached the file (closed or reloaded unsaved after its first run)
 * finds its runs again this way.
 */
export async function findExperimentIdByPath(
  store: Pick<IRunStore, 'listExperiments'>,
  path: string
): Promise<string | null> {
  const experiments = await store.listExperiments();
  const matches = experiments
    .filter(experiment => experiment.notebook_path === path)
    .sort((a, b) => (b.last_run_at ?? '').localeCompare(a.last_run_at ?? ''));
  return matches[0]?.id ?? null;
}

/**
 * The experiment of a notebook, writing an id into its metadata if needed:
 * `adoptId` (an experiment found by path) when given, else a new one.
 */
export function ensureExperiment(
  model: INotebookModel,
  path: string,
  newId: () => string,
  adoptId?: string | null
): IExperimentRef {
  return (
    readExperiment(model, path) ??
    replaceExperimentId(model, path, adoptId || newId())
  );
}

/** Write `id` as the notebook's experiment id, keeping other `runlog` metadata. */
export function replaceExperimentId(
  model: INotebookModel,
  path: string,
  id: string
): IExperimentRef {
  writeNotebookMetadata(model, { notebookId: id });
  return { id, name: experimentName(model, path) };
}

/** Reads the experiment id saved in a notebook file; null when there is none. */
export type NotebookIdReader = (path: string) => Promise<string | null>;

/** A NotebookIdReader over the contents API; null for a missing or unreadable file. */
export function notebookIdReader(
  contents: Contents.IManager
): NotebookIdReader {
  return async path => {
    try {
      const file = await contents.get(path, {
        type: 'notebook',
        content: true
      });
      const content = file.content as { metadata?: unknown } | null;
      return readNotebookRunlog(content?.metadata).notebookId;
    } catch {
      return null;
    }
  };
}

/**
 * The path of the notebook that a notebook at `path` carrying experiment id
 * `id` was copied from (File > Duplicate, `cp`, a second clone), or null when
 * it is not a copy. It is a copy when the experiment's runs were last recorded
 * at another path, a notebook there still carries the same id, and no run of
 * the experiment was ever recorded at `path`. A rename or move leaves no
 * notebook with that id behind, so it keeps its history.
 */
export async function findCopySource(
  store: Pick<IRunStore, 'listExperiments' | 'listRuns'>,
  readNotebookId: NotebookIdReader,
  path: string,
  id: string
): Promise<string | null> {
  const experiment = (await store.listExperiments()).find(e => e.id === id);
  if (!experiment || experiment.notebook_path === path) {
    return null;
  }
  const other = experiment.notebook_path;
  if ((await readNotebookId(other)) !== id) {
    return null;
  }
  const runs = await store.listRuns(id);
  return runs.some(run => run.notebook_path === path) ? null : other;
}

/** Which experiment an open notebook's runs belong to, as far as the store knows. */
export interface IResolvedExperiment {
  /** The experiment to show and join; null for one not created yet. */
  id: string | null;
  /** Set when the notebook is a copy: the path of the notebook it was copied from. */
  copyOf: string | null;
}

/**
 * Resolve a notebook's experiment: the id in its metadata, unless the
 * notebook is a copy of another one; without an id (or for a copy), the
 * experiment last recorded at its path (a notebook closed or reloaded unsaved
 * after its first run finds its runs again this way).
 */
export async function resolveExperiment(
  store: Pick<IRunStore, 'listExperiments' | 'listRuns'>,
  readNotebookId: NotebookIdReader,
  model: INotebookModel,
  path: string
): Promise<IResolvedExperiment> {
  const experiment = readExperiment(model, path);
  const copyOf = experiment
    ? await findCopySource(store, readNotebookId, path, experiment.id)
    : null;
  if (experiment && !copyOf) {
    return { id: experiment.id, copyOf };
  }
  return { id: await findExperimentIdByPath(store, path), copyOf };
}
