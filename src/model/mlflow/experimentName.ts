/**
 * The MLflow experiment a runlog experiment (one notebook's runs) maps to,
 * named from the `experimentNameTemplate` setting.
 */
import type { IExperimentRef } from '../types';
import { CUT_MARKER, MAX_EXPERIMENT_NAME_LENGTH } from './mlflowLimits';

/** The setting's default: one MLflow experiment per notebook path. */
export const DEFAULT_EXPERIMENT_NAME_TEMPLATE = '{notebook_path}';

const PLACEHOLDER = /\{(notebook_path|notebook_name|experiment_id)\}/g;

/** Line breaks, tabs and other control characters: never part of a name. */
const CONTROL = /[\u0000-\u001f\u007f]+/g;

/** A notebook's file name without folders and without `.ipynb`. */
export function notebookName(path: string): string {
  const trimmed = path.replace(/[/\\]+$/, '');
  const slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  const file = slash < 0 ? trimmed : trimmed.slice(slash + 1);
  return file.replace(/\.ipynb$/i, '') || file;
}

/**
 * The MLflow experiment name for a run's experiment: `template` with
 * `{notebook_path}`, `{notebook_name}` and `{experiment_id}` filled in
 * (other text kept as written), trimmed. Never empty: a template that gives
 * nothing falls back to the notebook path, then the experiment id. A name
 * over MLflow's limit keeps its end (where a path's file name is), after
 * CUT_MARKER.
 */
export function experimentNameFor(
  template: string,
  run: { notebook_path: string; experiment: IExperimentRef }
): string {
  const path = typeof run.notebook_path === 'string' ? run.notebook_path : '';
  const experimentId =
    typeof run.experiment?.id === 'string' ? run.experiment.id : '';
  const values: { [placeholder: string]: string } = {
    notebook_path: path,
    notebook_name: notebookName(path),
    experiment_id: experimentId
  };
  const pattern =
    typeof template === 'string' && template.trim()
      ? template
      : DEFAULT_EXPERIMENT_NAME_TEMPLATE;
  const clean = (text: string) => text.replace(CONTROL, ' ').trim();
  const name =
    clean(pattern.replace(PLACEHOLDER, (_, key: string) => values[key])) ||
    clean(path) ||
    clean(experimentId) ||
    'runlog';
  return keepEnd(name, MAX_EXPERIMENT_NAME_LENGTH);
}

/** `text` within `maxLength` code units, keeping its end (no split surrogate pair). */
function keepEnd(text: string, maxLength: number): string {
  if (text.length <= maxLength) {
    return text;
  }
  let start = text.length - (maxLength - CUT_MARKER.length);
  const first = text.charCodeAt(start);
  if (first >= 0xdc00 && first <= 0xdfff) {
    start++;
  }
  return CUT_MARKER + text.slice(start);
}
