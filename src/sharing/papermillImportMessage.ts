/**
 * The outcome of importing executed notebooks, in words: what was added to
 * which experiment, what was there already, what was skipped and why.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { statusText } from '../widgets/status';
import type {
  IExecutedNotebooksImport,
  IImportedFile
} from './papermillImport';

/** Items listed per section, at most; the rest are counted. */
export const MAX_LISTED_ITEMS = 20;

/** A sentence and the items it lists (files, runs, reasons). */
export interface IImportMessageSection {
  text: string;
  items: string[];
}

export interface IImportMessage {
  title: string;
  sections: IImportMessageSection[];
}

/** Put an import's outcome into words for the user. */
export function describePapermillImport(
  outcome: IExecutedNotebooksImport,
  trans: TranslationBundle
): IImportMessage {
  const sections: IImportMessageSection[] = [];
  const add = (text: string, items: string[] = []) =>
    sections.push({ text, items: capped(items, trans) });

  if (outcome.cancelled) {
    add(trans.__('The import was cancelled: nothing was imported.'));
  }
  const { storeError } = outcome;
  if (storeError) {
    add(
      storeError.kind === 'quota'
        ? trans.__(
            "The browser's storage for runs is full: nothing was imported. Empty the trash or delete old runs, then import again."
          )
        : trans.__(
            'The runs could not be stored: nothing was imported (%1).',
            storeError.message
          )
    );
  }
  for (const { name, files } of byExperiment(outcome.added)) {
    add(
      trans._n(
        '%1 run added to experiment "%2":',
        '%1 runs added to experiment "%2":',
        files.length,
        name
      ),
      files.map(({ path, run }) =>
        trans.__(
          'Run #%1 (%2) from %3',
          run.number,
          statusText(run, trans),
          path
        )
      )
    );
  }
  const storedItem = ({ path, run }: IImportedFile): string =>
    run.number > 0
      ? trans.__('%1: run #%2 of "%3"', path, run.number, run.experiment.name)
      : path;
  if (outcome.identical.length) {
    add(
      trans._n(
        '%1 run was already stored; nothing changed:',
        '%1 runs were already stored; nothing changed:',
        outcome.identical.length
      ),
      outcome.identical.map(storedItem)
    );
  }
  if (outcome.conflicting.length) {
    add(
      trans._n(
        '%1 run differs from the stored run with the same id; the stored run was kept:',
        '%1 runs differ from the stored runs with the same ids; the stored runs were kept:',
        outcome.conflicting.length
      ),
      outcome.conflicting.map(storedItem)
    );
  }
  if (outcome.duplicates.length) {
    add(
      trans._n(
        '%1 file holds the same run as another file of this import:',
        '%1 files hold the same run as other files of this import:',
        outcome.duplicates.length
      ),
      outcome.duplicates.map(({ path, sameAs }) =>
        trans.__('%1 (same as %2)', path, sameAs)
      )
    );
  }
  if (outcome.skipped.length) {
    // The reasons name their files.
    add(
      trans._n(
        '%1 file was skipped:',
        '%1 files were skipped:',
        outcome.skipped.length
      ),
      outcome.skipped.map(({ reason }) => reason)
    );
  }
  if (outcome.redacted.length) {
    add(
      trans.__('Parameters redacted as secrets:'),
      outcome.redacted.map(({ path, names }) =>
        trans.__('%1: %2', path, names.join(', '))
      )
    );
  }
  if (outcome.warnings.length) {
    add(
      trans.__('Warnings:'),
      outcome.warnings.flatMap(({ path, messages }) =>
        messages.map(message => trans.__('%1: %2', path, message))
      )
    );
  }
  if (!sections.length) {
    add(trans.__('No notebooks were given: nothing was imported.'));
  }
  return { title: titleOf(outcome, trans), sections };
}

/**
 * Paths refused before anything was read (checkContentsPath's messages):
 * the whole import is refused, so no half-done import follows a typo.
 */
export function describeRefusedPaths(
  messages: string[],
  trans: TranslationBundle
): IImportMessage {
  return {
    title: trans.__('Nothing Imported'),
    sections: [
      {
        text: trans._n(
          'This path is not a notebook on the Jupyter server; nothing was read or imported:',
          'These paths are not notebooks on the Jupyter server; nothing was read or imported:',
          messages.length
        ),
        items: capped(messages, trans)
      }
    ]
  };
}

function titleOf(
  outcome: IExecutedNotebooksImport,
  trans: TranslationBundle
): string {
  if (outcome.storeError) {
    return trans.__('Import Failed');
  }
  if (outcome.cancelled) {
    return trans.__('Import Cancelled');
  }
  const added = outcome.added.length;
  if (added) {
    return trans._n('Imported %1 Run', 'Imported %1 Runs', added);
  }
  return outcome.identical.length || outcome.conflicting.length
    ? trans.__('No New Runs')
    : trans.__('Nothing Imported');
}

function capped(items: string[], trans: TranslationBundle): string[] {
  if (items.length <= MAX_LISTED_ITEMS) {
    return items;
  }
  const more = items.length - MAX_LISTED_ITEMS;
  return [
    ...items.slice(0, MAX_LISTED_ITEMS),
    trans._n('and %1 more', 'and %1 more', more)
  ];
}

/** Added files grouped by experiment (in order of first appearance), by run number. */
function byExperiment(
  files: readonly IImportedFile[]
): { name: string; files: IImportedFile[] }[] {
  const groups = new Map<string, { name: string; files: IImportedFile[] }>();
  for (const file of files) {
    const { id, name } = file.run.experiment;
    const group = groups.get(id) ?? { name, files: [] };
    group.files.push(file);
    groups.set(id, group);
  }
  for (const group of groups.values()) {
    group.files.sort((a, b) => a.run.number - b.run.number);
  }
  return [...groups.values()];
}
