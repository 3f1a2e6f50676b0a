/**
 * An open notebook's `runlog` metadata, read and written through the one
 * reader/writer in src/model/runlogMetadata.ts.
 */
import type { INotebookModel } from '@jupyterlab/notebook';
import {
  readRunlogMetadata,
  RUNLOG_METADATA_KEY,
  writeRunlogMetadata,
  type IRunlogChange,
  type IRunlogMetadata
} from '../model/runlogMetadata';

export function readNotebookMetadata(model: INotebookModel): IRunlogMetadata {
  return readRunlogMetadata(model.getMetadata(RUNLOG_METADATA_KEY));
}

/** Apply `change` to the notebook's `runlog` metadata, keeping its other keys. */
export function writeNotebookMetadata(
  model: INotebookModel,
  change: IRunlogChange
): void {
  const next = writeRunlogMetadata(
    model.getMetadata(RUNLOG_METADATA_KEY),
    change
  );
  if (next) {
    model.setMetadata(RUNLOG_METADATA_KEY, next);
  } else {
    model.deleteMetadata(RUNLOG_METADATA_KEY);
  }
}

/** Whether capture redacts this notebook's runs (metadata `runlog.redaction`). */
export function notebookRedactionEnabled(model: INotebookModel): boolean {
  return readNotebookMetadata(model).redaction;
}

/**
 * Turn redaction off (`runlog.redaction: false`) or back on (the key removed:
 * on is the default) for this notebook. Other `runlog` metadata is kept.
 */
export function setNotebookRedaction(model: INotebookModel, on: boolean): void {
  writeNotebookMetadata(model, { redaction: on });
}
