/**
 * The experiment a notebook's runs belong to: a stable id kept in the
 * notebook metadata (`runlog.notebook_id`) so renames and moves keep history,
 * and a name (`runlog.experiment`, else the file name).
 */
import { PathExt } from '@jupyterlab/coreutils';
import type { INotebookModel } from '@jupyterlab/notebook';
import type { IExperimentRef } from '../model/types';
import type { IRunStore } from '../tokens';
import {
  NOTEBOOK_REDACTION_KEY,
  notebookRedactionOn
} from './redactionSettings';

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
  store: IRunStore,
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
  const existing = readExperiment(model, path);
  if (existing) {
    return existing;
  }
  const id = adoptId || newId();
  model.setMetadata(NOTEBOOK_METADATA_KEY, {
    ...readMetadata(model),
    notebook_id: id
  });
  return { id, name: experimentName(model, path) };
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
