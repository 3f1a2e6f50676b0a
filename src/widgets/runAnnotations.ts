/**
 * A run's annotations in its details: a star, tags and a note the user
 * edits in place, and the history of those changes (who, when, what).
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { formatTimestamp } from '../model/record/runFormat';
import type { IRunAnnotations, IRunChange, IRunRecord } from '../model/types';

export interface IAnnotationsOptions {
  run: IRunRecord;
  trans: TranslationBundle;
  /** Store a change; rejects with a reason the user can read. */
  save: (change: Partial<IRunAnnotations>) => Promise<void>;
}

/** Tags as typed: split at commas, trimmed, empty ones left out. */
export function parseTags(text: string): string[] {
  return text
    .split(',')
    .map(tag => tag.trim())
    .filter(tag => tag !== '');
}

export function renderAnnotations(options: IAnnotationsOptions): HTMLElement {
  const { run, trans, save } = options;
  const { annotations } = run;
  const section = document.createElement('section');
  section.className = 'jp-runlog-RunAnnotations';
  section.setAttribute('aria-label', trans.__('Annotations'));
  const status = document.createElement('p');
  status.className = 'jp-runlog-RunAnnotations-status';
  status.setAttribute('role', 'status');

  const store = (change: Partial<IRunAnnotations>) => {
    status.textContent = '';
    save(change).catch((reason: unknown) => {
      status.textContent = trans.__(
        'Not saved: %1',
        reason instanceof Error ? reason.message : String(reason)
      );
    });
  };

  const star = document.createElement('button');
  star.type = 'button';
  star.className = 'jp-runlog-RunAnnotations-star jp-Button';
  star.setAttribute('aria-pressed', String(annotations.starred));
  star.textContent = annotations.starred ? '★' : '☆';
  const starLabel = annotations.starred
    ? trans.__('Unstar run %1', run.number)
    : trans.__('Star run %1', run.number);
  star.setAttribute('aria-label', starLabel);
  star.title = starLabel;
  star.addEventListener('click', () =>
    store({ starred: !annotations.starred })
  );

  const tags = document.createElement('input');
  tags.type = 'text';
  tags.className = 'jp-runlog-RunAnnotations-tags';
  tags.value = annotations.tags.join(', ');
  // What was last saved: the details keep unsaved typing across re-renders.
  tags.dataset.saved = tags.value;
  tags.placeholder = trans.__('Tags, separated by commas');
  tags.setAttribute('aria-label', trans.__('Tags'));
  const saveTags = () => {
    const next = parseTags(tags.value);
    tags.dataset.saved = tags.value;
    if (next.join('\n') !== annotations.tags.join('\n')) {
      store({ tags: next });
    }
  };
  tags.addEventListener('keydown', event => {
    if (event.key === 'Enter') {
      saveTags();
    }
  });
  tags.addEventListener('blur', saveTags);

  const note = document.createElement('textarea');
  note.className = 'jp-runlog-RunAnnotations-note';
  note.value = annotations.note;
  note.dataset.saved = note.value;
  note.rows = Math.min(6, Math.max(2, annotations.note.split('\n').length));
  note.placeholder = trans.__('Add a note (saved when you leave the box)');
  note.setAttribute('aria-label', trans.__('Note'));
  const saveNote = () => {
    note.dataset.saved = note.value;
    if (note.value.trimEnd() !== annotations.note) {
      store({ note: note.value });
    }
  };
  note.addEventListener('keydown', event => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      saveNote();
    }
  });
  note.addEventListener('blur', saveNote);

  const line = document.createElement('div');
  line.className = 'jp-runlog-RunAnnotations-line';
  line.append(star, tags);
  section.append(line, note, status);
  const history = renderHistory(run.history ?? [], trans);
  if (history) {
    section.appendChild(history);
  }
  return section;
}

function renderHistory(
  changes: readonly IRunChange[],
  trans: TranslationBundle
): HTMLElement | null {
  if (!changes.length) {
    return null;
  }
  const details = document.createElement('details');
  details.className = 'jp-runlog-RunAnnotations-history';
  const summary = document.createElement('summary');
  summary.textContent = trans.__('History (%1)', changes.length);
  const list = document.createElement('ol');
  // Newest first: the latest change is what a reader looks for.
  for (const change of [...changes].reverse()) {
    const item = document.createElement('li');
    item.textContent = `${formatTimestamp(change.at)} · ${describeChange(
      change,
      trans
    )}`;
    list.appendChild(item);
  }
  details.append(summary, list);
  return details;
}

/** One change in a sentence, e.g. "ada starred the run". */
export function describeChange(
  change: IRunChange,
  trans: TranslationBundle
): string {
  const who = change.user || trans.__('Someone');
  switch (change.field) {
    case 'starred':
      return change.to === true
        ? trans.__('%1 starred the run', who)
        : trans.__('%1 removed the star', who);
    case 'tags': {
      const to = Array.isArray(change.to) ? change.to.join(', ') : '';
      return to
        ? trans.__('%1 set the tags to %2', who, to)
        : trans.__('%1 removed the tags', who);
    }
    case 'note':
      return change.to
        ? trans.__('%1 changed the note', who)
        : trans.__('%1 removed the note', who);
    case 'deleted':
      return change.to === true
        ? trans.__('%1 moved the run to the trash', who)
        : trans.__('%1 restored the run from the trash', who);
    case 'purged':
      return trans.__('%1 deleted the run for good', who);
    default:
      return who;
  }
}

/**
 * The annotation field being edited, if any, as a function that puts its
 * text, caret and focus back after a re-render (the store rewrites a
 * running run after every cell; the user's typing must survive that).
 */
export function annotationEdit(container: HTMLElement): (() => void) | null {
  const active = document.activeElement;
  if (
    !(active instanceof HTMLInputElement) &&
    !(active instanceof HTMLTextAreaElement)
  ) {
    return null;
  }
  if (!container.contains(active)) {
    return null;
  }
  const name = [...active.classList].find(name =>
    name.startsWith('jp-runlog-RunAnnotations-')
  );
  if (!name) {
    return null;
  }
  const { value, selectionStart, selectionEnd } = active;
  // Text typed but not saved yet is put back; saved text shows as stored.
  const unsaved = value !== active.dataset.saved;
  return () => {
    const field = container.querySelector<
      HTMLInputElement | HTMLTextAreaElement
    >(`.${name}`);
    if (field) {
      if (unsaved) {
        field.value = value;
      }
      field.focus();
      field.setSelectionRange(selectionStart, selectionEnd);
    }
  };
}
