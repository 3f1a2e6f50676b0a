import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import type { IColumnCount } from '../model/runTable';

/**
 * A line under the Runs panel's filter saying that the table leaves columns
 * out (runs with more parameters or metrics than it draws), and, in its
 * tooltip, where the hidden ones can still be seen. Hidden when none are.
 */
export class RunsColumnsNote extends Widget {
  constructor(trans: TranslationBundle) {
    super();
    this._trans = trans;
    this.addClass('jp-runlog-RunsColumnsNote');
    this.node.setAttribute('role', 'note');
    this.hide();
  }

  /** Show the note for these counts, or hide it when every column is drawn. */
  setCounts(counts: { param: IColumnCount; metric: IColumnCount }): void {
    const text = columnsNoteText(counts, this._trans);
    this.setHidden(text === null);
    this.node.textContent = text?.label ?? '';
    this.node.title = text?.detail ?? '';
  }

  private _trans: TranslationBundle;
}

/** The note's label and tooltip; null when no column is hidden. */
export function columnsNoteText(
  counts: { param: IColumnCount; metric: IColumnCount },
  trans: TranslationBundle
): { label: string; detail: string } | null {
  const { param, metric } = counts;
  const hiddenParams = param.total - param.shown;
  const hiddenMetrics = metric.total - metric.shown;
  if (hiddenParams <= 0 && hiddenMetrics <= 0) {
    return null;
  }
  const n = (value: number) => value.toLocaleString();
  // In trans._n, %1 is the count as given and %2 the formatted one.
  let label: string;
  let hidden: string;
  if (hiddenParams > 0 && hiddenMetrics > 0) {
    label = trans.__(
      'Showing %1 of %2 parameter and %3 of %4 metric columns',
      n(param.shown),
      n(param.total),
      n(metric.shown),
      n(metric.total)
    );
    hidden = trans.__(
      '%1 parameter and %2 metric columns are hidden.',
      n(hiddenParams),
      n(hiddenMetrics)
    );
  } else if (hiddenParams > 0) {
    label = trans.__(
      'Showing %1 of %2 parameter columns',
      n(param.shown),
      n(param.total)
    );
    hidden = trans._n(
      '%2 parameter column is hidden.',
      '%2 parameter columns are hidden.',
      hiddenParams,
      n(hiddenParams)
    );
  } else {
    label = trans.__(
      'Showing %1 of %2 metric columns',
      n(metric.shown),
      n(metric.total)
    );
    hidden = trans._n(
      '%2 metric column is hidden.',
      '%2 metric columns are hidden.',
      hiddenMetrics,
      n(hiddenMetrics)
    );
  }
  const detail = trans.__(
    '%1 The table draws the names of the newest runs first. A run’s details list all its parameters and metrics, with a filter by name, and the filter above works on any name, drawn or not.',
    hidden
  );
  return { label, detail };
}
