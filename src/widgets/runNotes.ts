/**
 * The sentences under a run's title in its details: why it failed or was
 * interrupted, where an imported run came from (and the number it had, when
 * renumbered), which cells a partial run skipped.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { formatTimestamp, MISSING } from '../model/record/runFormat';
import type { IRunOrigin, IRunRecord } from '../model/types';

export function renderRunNotes(
  run: IRunRecord,
  trans: TranslationBundle
): HTMLElement[] {
  const notes: HTMLElement[] = [];
  const note = (className: string, text: string) => {
    const paragraph = document.createElement('p');
    paragraph.className = className;
    paragraph.textContent = text;
    notes.push(paragraph);
  };
  if (
    run.status_reason &&
    (run.status === 'failed' || run.status === 'interrupted')
  ) {
    note('jp-runlog-RunDetails-reason', run.status_reason);
  }
  if (run.origin) {
    note('jp-runlog-RunDetails-origin', originText(run.origin, trans));
    if (run.origin.original_number !== undefined) {
      note(
        'jp-runlog-RunDetails-renumbered',
        trans.__(
          'Imported as #%1, renumbered #%2: that number was out of range or held by another run here.',
          String(run.origin.original_number),
          String(run.number)
        )
      );
    }
  }
  if (run.partial) {
    note(
      'jp-runlog-RunDetails-partial',
      trans.__(
        'Partial run: these cells did not run: %1',
        run.partial.skipped_cells.join(', ') || MISSING
      )
    );
  }
  return notes;
}

/** Where an imported run came from, in a sentence. */
function originText(origin: IRunOrigin, trans: TranslationBundle): string {
  const imported = formatTimestamp(origin.imported_at);
  if (origin.kind === 'mlflow') {
    return trans.__(
      'Pulled on %1 from the MLflow tracking server %2.',
      imported,
      origin.file
    );
  }
  if (origin.kind === 'papermill') {
    return trans.__(
      'Imported on %1 from %2, a notebook executed by papermill.',
      imported,
      origin.file
    );
  }
  const exported = origin.exported_at
    ? formatTimestamp(origin.exported_at)
    : null;
  if (origin.exported_by && exported) {
    return trans.__(
      'Imported on %1 from %2, exported by %3 on %4.',
      imported,
      origin.file,
      origin.exported_by,
      exported
    );
  }
  return trans.__('Imported on %1 from %2.', imported, origin.file);
}
