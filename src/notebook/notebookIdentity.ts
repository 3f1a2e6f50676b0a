/**
 * The experiment a notebook's runs belong to: a stable id kept in the
 * notebook metadata (`runlog.notebook_id`) so renames and moves keep history,
 * and a name (`runlog.experiment`, else the file name).
 */
import { PathExt } from '@jupyterlab/coreutils';
import type { INotebookModel } from '@jupyterlab/notebook';
import type { Contents } from '@jupyterlab/services';
import type { IExperimentRef } from '../model/types';
import type { IRunStore } from '../tokens';
import {
  NOTEBOOK_REDACTION_KEY,
  notebookRedactionOn
} from '../capture/redactionSettings';

export const NOTEBOOK_METADATA_KEY = 'runlog';

interface IRunlogMetadata {
  notebook_id?: string;
  experiment?: string;
  [key: string]: unknown;
}

function readMetadata(model: INotebookModel): IRunlogMetadata {
  const value = model.getMetadata(NOTEBOOK_METADATA_KEY);
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as IRunlogMetadata)
    : {};
}

export function experimentName(model: INotebookModel, path: string): string {
  const named = readMetadata(model).experiment;
  if (typeof named === 'string' && named.trim()) {
    return named.trim();
  }
  return PathExt.basename(path, PathExt.extname(path)) || path;
}

/** The experiment of a notebook, or null when it never had a run captured. */
export function readExperiment(
  model: INotebookModel,
  path: string
): IExperimentRef | null {
  const id = readMetadata(model).notebook_id;
  return typeof id === 'string' && id
    ? { id, name: experimentName(model, path) }
    : null;
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
  model.setMetadata(NOTEBOOK_METADATA_KEY, {
    ...readMetadata(model),
    notebook_id: id
  });
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
      const metadata = (file.content as { metadata?: Record<string, unknown> })
        ?.metadata?.[NOTEBOOK_METADATA_KEY] as IRunlogMetadata | undefined;
      return typeof metadata?.notebook_id === 'string'
        ? metadata.notebook_id
        : null;
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

/** Whether capture redacts this notebook's runs (metadata `runlog.redaction`). */
export function notebookRedactionEnabled(model: INotebookModel): boolean {
  return notebookRedactionOn(readMetadata(model));
}

/**
 * Turn redaction off (`runlog.redaction: false`) or back on (the key removed:
 * on is the default) for this notebook. Other `runlog` metadata is kept.
 */
export function setNotebookRedaction(model: INotebookModel, on: boolean): void {
  const metadata = { ...readMetadata(model) };
  if (on) {
    delete metadata[NOTEBOOK_REDACTION_KEY];
  } else {
    metadata[NOTEBOOK_REDACTION_KEY] = false;
  }
  if (Object.keys(metadata).length) {
    model.setMetadata(NOTEBOOK_METADATA_KEY, metadata);
  } else {
    model.deleteMetadata(NOTEBOOK_METADATA_KEY);
  }
}
