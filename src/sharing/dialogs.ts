/**
 * The dialogs of exporting and importing bundles.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import type { IBundleIssue } from '../model/bundle';

/** Issues listed in a dialog, at most; the rest are counted. */
const MAX_LISTED_ISSUES = 12;

/** The export dialog's body: where to write, with a file-browser shortcut. */
class ExportBody extends Widget {
  constructor(options: {
    trans: TranslationBundle;
    runCount: number;
    path: string;
    browserFolder: string | null;
  }) {
    super();
    const { trans } = options;
    this.addClass('jp-runlog-exportDialog');
    const intro = document.createElement('p');
    intro.textContent = trans._n(
      'Export %1 run as a bundle file (parameters, metrics, code and outputs; values that look like secrets are redacted).',
      'Export %1 runs as a bundle file (parameters, metrics, code and outputs; values that look like secrets are redacted).',
      options.runCount
    );
    const label = document.createElement('label');
    label.textContent = trans.__('Save as (path on the Jupyter server)');
    this.input.className = 'jp-mod-styled';
    this.input.value = options.path;
    this.input.setAttribute('aria-label', trans.__('Bundle path'));
    label.appendChild(this.input);
    this.node.append(intro, label);
    const folder = options.browserFolder;
    if (folder !== null) {
      const useFolder = document.createElement('button');
      useFolder.type = 'button';
      useFolder.className = 'jp-mod-styled jp-runlog-exportDialog-folder';
      useFolder.textContent = trans.__(
        'Use the file browser’s folder (%1)',
        folder || '/'
      );
      useFolder.addEventListener('click', () => {
        const name = this.input.value.split('/').pop() ?? '';
        this.input.value = folder ? `${folder}/${name}` : name;
        this.input.focus();
      });
      this.node.appendChild(useFolder);
    }
  }

  readonly input = document.createElement('input');

  getValue(): string {
    return this.input.value;
  }
}

export type ExportChoice =
  | { action: 'save'; path: string }
  | { action: 'download'; name: string }
  | null;

/** Ask where to put the bundle: a server path, or a download. */
export async function askExportTarget(options: {
  trans: TranslationBundle;
  runCount: number;
  path: string;
  browserFolder: string | null;
}): Promise<ExportChoice> {
  const { trans } = options;
  const body = new ExportBody(options);
  const download = trans.__('Download');
  const result = await showDialog({
    title: trans.__('Export Runs'),
    body,
    focusNodeSelector: 'input',
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.createButton({
        label: download,
        accept: true,
        displayType: 'default'
      }),
      Dialog.okButton({ label: trans.__('Export') })
    ]
  });
  if (!result.button.accept) {
    return null;
  }
  const path = (result.value ?? '').trim();
  if (result.button.label === download) {
    return { action: 'download', name: path.split('/').pop() || 'runs' };
  }
  return path ? { action: 'save', path } : null;
}

/** A list of problems with where they are, as dialog content. */
export function issuesList(
  intro: string,
  issues: readonly IBundleIssue[],
  trans: TranslationBundle
): HTMLElement {
  const node = document.createElement('div');
  node.className = 'jp-runlog-issues';
  const lead = document.createElement('p');
  lead.textContent = intro;
  const list = document.createElement('ul');
  for (const issue of issues.slice(0, MAX_LISTED_ISSUES)) {
    const item = document.createElement('li');
    item.textContent = issue.message;
    list.appendChild(item);
  }
  node.append(lead, list);
  if (issues.length > MAX_LISTED_ISSUES) {
    const more = document.createElement('p');
    more.textContent = trans.__(
      'And %1 more problems.',
      issues.length - MAX_LISTED_ISSUES
    );
    node.appendChild(more);
  }
  const nothing = document.createElement('p');
  nothing.textContent = trans.__('Nothing was imported.');
  node.appendChild(nothing);
  return node;
}

/** Sentences as paragraphs, as dialog content. */
export function paragraphs(lines: readonly string[]): HTMLElement {
  const node = document.createElement('div');
  node.className = 'jp-runlog-importReport';
  for (const line of lines) {
    const paragraph = document.createElement('p');
    paragraph.textContent = line;
    node.appendChild(paragraph);
  }
  return node;
}
