/**
 * The body of the restore dialog: which assignments change (old → new), what
 * is appended, left alone or not restorable, and the "Restore code too"
 * choice with the tracked cells it would change or cannot find.
 */
import type { Dialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import type { IParameterChange } from '../model/restore/restore';
import { changesParameters, type IRestoreProposal } from './notebookRestore';

/** What the user chose in the preview. */
export interface IRestoreChoice {
  includeCode: boolean;
}

export class RestorePreview
  extends Widget
  implements Dialog.IBodyWidget<IRestoreChoice>
{
  constructor(options: RestorePreview.IOptions) {
    super();
    this._trans = options.trans;
    this.addClass('jp-runlog-RestorePreview');
    this._render(options.proposal, options.parametersTag);
  }

  getValue(): IRestoreChoice {
    return { includeCode: !!this._codeBox?.checked };
  }

  /** Whether anything at all would change (parameters or, if chosen, code). */
  static hasWork(proposal: IRestoreProposal): boolean {
    return changesParameters(proposal) || proposal.code.changes.length > 0;
  }

  private _render(proposal: IRestoreProposal, parametersTag: string): void {
    const trans = this._trans;
    const { parameters, run } = proposal;
    if (proposal.otherNotebook) {
      this._note(
        'jp-runlog-RestorePreview-warning',
        trans.__(
          'Run #%1 was recorded in another notebook (%2). Restore it into this notebook anyway?',
          run.number,
          run.experiment.name
        )
      );
    }
    if (proposal.parametersCellId === null) {
      this._note(
        'jp-runlog-RestorePreview-info',
        changesParameters(proposal)
          ? trans.__(
              'This notebook has no parameters cell: one will be inserted at the top and tagged “%1”.',
              parametersTag
            )
          : parameters.redacted.length
            ? trans.__(
                'This notebook has no parameters cell, and the run kept no values to put in one.'
              )
            : trans.__(
                'This notebook has no parameters cell and the run recorded no parameters to put in one.'
              )
      );
    }
    if (parameters.changes.length) {
      this._renderChanges(this._rowsWithDerived(proposal), parameters.derived);
    } else if (Object.keys(run.params).length === 0) {
      this._note(
        'jp-runlog-RestorePreview-nothing',
        trans.__('Run #%1 recorded no parameters.', run.number)
      );
    } else if (
      proposal.parametersCellId !== null &&
      parameters.redacted.length < Object.keys(run.params).length
    ) {
      this._note(
        'jp-runlog-RestorePreview-nothing',
        trans.__("The parameters cell already has this run's values.")
      );
    }
    this._list(
      trans.__('Not in run #%1, left as they are:', run.number),
      parameters.notInRun
    );
    this._list(
      proposal.parametersCellId === null
        ? trans.__('Not written (redacted in the run, set them yourself):')
        : trans.__('Left as is (redacted in the run):'),
      parameters.redacted,
      'jp-runlog-RestorePreview-redacted'
    );
    this._list(
      trans.__(
        'Not restored (not JSON values, and the run kept no expression for them):'
      ),
      parameters.skipped
    );
    this._list(
      trans.__('The new text may not set these as in the run; check them:'),
      parameters.unverified,
      'jp-runlog-RestorePreview-warning'
    );
    this._renderCode(proposal);
  }

  /**
   * The changes, with a row for each derived line kept as written (its
   * value changes with the restored ones), in the run's order.
   */
  private _rowsWithDerived(proposal: IRestoreProposal): IParameterChange[] {
    const { parameters, run } = proposal;
    const rows = [...parameters.changes];
    const listed = new Set(rows.map(row => row.name));
    for (const name of parameters.derived) {
      if (!listed.has(name)) {
        const text = run.params[name].source.trim();
        rows.push({
          name,
          kind: 'changed',
          before: text,
          after: text,
          verified: true
        });
      }
    }
    const order = new Map(Object.keys(run.params).map((name, i) => [name, i]));
    return rows.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
  }

  private _renderChanges(
    changes: IParameterChange[],
    derived: readonly string[]
  ): void {
    const kept = new Set(derived);
    const trans = this._trans;
    const table = document.createElement('table');
    table.className = 'jp-runlog-RestorePreview-changes';
    table.setAttribute('aria-label', trans.__('Parameter changes'));
    const head = table.createTHead().insertRow();
    for (const label of [
      trans.__('Parameter'),
      trans.__('Now'),
      trans.__('Restored')
    ]) {
      const cell = document.createElement('th');
      cell.scope = 'col';
      cell.textContent = label;
      head.appendChild(cell);
    }
    const body = table.createTBody();
    for (const change of changes) {
      const row = body.insertRow();
      row.dataset.name = change.name;
      row.insertCell().textContent = change.name;
      const before = row.insertCell();
      before.className = 'jp-runlog-RestorePreview-before';
      before.textContent =
        change.before === null ? trans.__('(not in the cell)') : change.before;
      const after = row.insertCell();
      after.className = 'jp-runlog-RestorePreview-after';
      const code = document.createElement('code');
      code.textContent = change.after;
      after.appendChild(code);
      for (const note of this._changeNotes(change, kept)) {
        const tag = document.createElement('span');
        tag.className = 'jp-runlog-RestorePreview-note';
        tag.textContent = note;
        after.append(' ', tag);
      }
      if (!change.verified) {
        row.classList.add('jp-runlog-mod-unverified');
      }
    }
    this.node.appendChild(table);
  }

  private _changeNotes(
    change: IParameterChange,
    kept: ReadonlySet<string>
  ): string[] {
    const trans = this._trans;
    const notes: string[] = [];
    if (kept.has(change.name)) {
      notes.push(trans.__('kept: follows from restored values'));
    }
    if (change.kind === 'appended') {
      notes.push(
        change.before === null
          ? trans.__('appended')
          : trans.__('appended after the cell’s own assignment')
      );
    }
    if (!change.verified) {
      notes.push(trans.__('expression, value not verified'));
    }
    if (change.typeNote) {
      notes.push(trans.__('was %1, written as a literal', change.typeNote));
    }
    return notes;
  }

  private _renderCode(proposal: IRestoreProposal): void {
    const trans = this._trans;
    const { code, codeCells } = proposal;
    const section = document.createElement('section');
    section.className = 'jp-runlog-RestorePreview-code';
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = false;
    box.disabled = code.changes.length === 0;
    label.append(box, ' ', trans.__('Restore code too'));
    section.appendChild(label);
    this._codeBox = box;
    const detail = document.createElement('p');
    detail.className = 'jp-runlog-RestorePreview-codeDetail';
    if (code.changes.length) {
      detail.textContent = trans._n(
        'Sets %1 tracked cell to its code in the run:',
        'Sets %1 tracked cells to their code in the run:',
        code.changes.length
      );
      section.appendChild(detail);
      const list = document.createElement('ul');
      for (const cell of codeCells) {
        const item = document.createElement('li');
        item.dataset.cellId = cell.cellId;
        item.textContent = trans.__(
          'cell %1: %2',
          cell.position,
          cell.firstLine || trans.__('(empty)')
        );
        list.appendChild(item);
      }
      section.appendChild(list);
    } else {
      detail.textContent = trans.__(
        "The tracked cells already have this run's code."
      );
      section.appendChild(detail);
    }
    if (code.missing.length) {
      const missing = document.createElement('p');
      missing.className = 'jp-runlog-RestorePreview-missing';
      missing.textContent = trans._n(
        'No longer in the notebook (not restored): %2',
        'No longer in the notebook (not restored): %2',
        code.missing.length,
        code.missing.join(', ')
      );
      section.appendChild(missing);
    }
    this.node.appendChild(section);
  }

  private _note(className: string, text: string): void {
    const note = document.createElement('p');
    note.className = className;
    note.textContent = text;
    this.node.appendChild(note);
  }

  private _list(title: string, names: string[], className = ''): void {
    if (!names.length) {
      return;
    }
    const note = document.createElement('p');
    note.className = `jp-runlog-RestorePreview-list ${className}`.trim();
    note.textContent = `${title} ${names.join(', ')}`;
    this.node.appendChild(note);
  }

  private _trans: TranslationBundle;
  private _codeBox: HTMLInputElement | null = null;
}

export namespace RestorePreview {
  export interface IOptions {
    proposal: IRestoreProposal;
    parametersTag: string;
    trans: TranslationBundle;
  }
}
