/**
 * Importing notebooks executed by papermill (headless sweeps) as runs:
 * `runlog:import-executed-notebooks`, from the palette (a file dialog) or
 * the file browser's context menu on notebooks (the selected ones).
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  showDialog,
  showErrorMessage
} from '@jupyterlab/apputils';
import type { IDocumentManager } from '@jupyterlab/docmanager';
import { CommandIDs } from '../commands';
import { FileDialog, IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import type { Contents } from '@jupyterlab/services';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { Widget } from '@lumino/widgets';
import {
  importExecutedNotebooks,
  notebookReader
} from '../sharing/papermillImport';
import {
  describePapermillImport,
  describeRefusedPaths,
  type IImportMessage
} from '../sharing/papermillImportMessage';
import { checkContentsPath } from '../sharing/contentsPath';
import { withProgress } from '../sharing/progress';
import { IRunRecorder, IRunStore } from '../tokens';

/** The command's public id (product.md, "Commands"). */
export const IMPORT_EXECUTED_NOTEBOOKS = CommandIDs.importExecutedNotebooks;

/** Notebook items of the file browser, as JupyterLab marks them. */
const NOTEBOOK_ITEM_SELECTOR = '.jp-DirListing-item[data-file-type="notebook"]';

/** What the command resolves to: how many files went which way. */
export interface IExecutedNotebooksImportResult {
  [key: string]: number;
  added: number;
  identical: number;
  conflicting: number;
  skipped: number;
}

function isNotebook(model: Contents.IModel): boolean {
  return model.type === 'notebook' || model.path.endsWith('.ipynb');
}

/** The message as dialog content: each sentence, then the items it lists. */
function messageBody(message: IImportMessage): Widget {
  const body = new Widget();
  body.addClass('jp-runlog-papermillImport');
  for (const section of message.sections) {
    const text = document.createElement('p');
    text.textContent = section.text;
    body.node.appendChild(text);
    if (section.items.length) {
      const list = document.createElement('ul');
      for (const item of section.items) {
        const entry = document.createElement('li');
        entry.textContent = item;
        list.appendChild(entry);
      }
      body.node.appendChild(list);
    }
  }
  return body;
}

export const papermillPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-runlog:papermill',
  description: 'Imports notebooks executed by papermill as runs.',
  autoStart: true,
  requires: [IRunStore, IRunRecorder],
  optional: [IDefaultFileBrowser, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    store: IRunStore,
    recorder: IRunRecorder,
    fileBrowser: IDefaultFileBrowser | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_runlog');
    const contents = app.serviceManager.contents;

    const selectedNotebooks = (): string[] =>
      [...(fileBrowser?.selectedItems() ?? [])]
        .filter(isNotebook)
        .map(model => model.path);

    const pickNotebooks = async (): Promise<string[]> => {
      const manager: IDocumentManager | undefined = fileBrowser?.model.manager;
      if (!manager) {
        await showErrorMessage(
          trans.__('Import Executed Notebooks'),
          trans.__(
            'No file browser to pick notebooks from: give the command the notebook paths.'
          )
        );
        return [];
      }
      const picked = await FileDialog.getOpenFiles({
        manager,
        title: trans.__('Import Executed Notebooks as Runs'),
        label: trans.__(
          'Pick notebooks executed by papermill; each becomes a run of its source notebook.'
        ),
        defaultPath: fileBrowser?.model.path,
        filter: model =>
          model.type === 'directory' || isNotebook(model) ? {} : null,
        translator: translator ?? nullTranslator
      });
      // With nothing selected the dialog returns its folder: no notebooks.
      return picked.button.accept
        ? (picked.value ?? [])
            .filter(model => model.type !== 'directory')
            .map(model => model.path)
        : [];
    };

    const pathsOf = async (
      args: ReadonlyPartialJSONObject
    ): Promise<string[]> => {
      if (Array.isArray(args.paths)) {
        return args.paths.filter(
          (path): path is string => typeof path === 'string' && path !== ''
        );
      }
      if (args.isContextMenu) {
        return selectedNotebooks();
      }
      return pickNotebooks();
    };

    const runImport = async (
      paths: string[]
    ): Promise<IExecutedNotebooksImportResult> => {
      const message = trans._n(
        'Importing %1 executed notebook…',
        'Importing %1 executed notebooks…',
        paths.length
      );
      const outcome = await withProgress(trans, message, (signal, onProgress) =>
        importExecutedNotebooks(paths, {
          store,
          readNotebook: notebookReader(contents),
          tags: recorder.tags,
          // Redacted and bounded as captured runs are, by the settings now.
          redaction: recorder.settings.redaction,
          outputLimits: recorder.settings.limits,
          trans,
          signal,
          onProgress
        })
      );
      await showOutcome(describePapermillImport(outcome, trans), trans);
      return {
        added: outcome.added.length,
        identical: outcome.identical.length,
        conflicting: outcome.conflicting.length,
        skipped: outcome.skipped.length + outcome.duplicates.length
      };
    };

    app.commands.addCommand(IMPORT_EXECUTED_NOTEBOOKS, {
      label: args =>
        args.isContextMenu
          ? trans.__('Import as Runs')
          : trans.__('Import Executed Notebooks as Runs…'),
      caption: trans.__(
        'Add notebooks executed by papermill as runs of their source notebook'
      ),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            paths: {
              type: 'array',
              items: { type: 'string' },
              description: trans.__(
                'Paths of the executed notebooks; without them, pick the notebooks in a dialog'
              )
            }
          }
        }
      },
      execute: async args => {
        const paths = await pathsOf(args);
        if (!paths.length) {
          return null;
        }
        // Every path is checked before the first request.
        const checked = paths.map(path => checkContentsPath(path, trans));
        const refused = checked.flatMap(item => (item.ok ? [] : item.message));
        if (refused.length) {
          await showOutcome(describeRefusedPaths(refused, trans), trans);
          return null;
        }
        return runImport(checked.flatMap(item => (item.ok ? item.path : [])));
      }
    });

    app.contextMenu.addItem({
      command: IMPORT_EXECUTED_NOTEBOOKS,
      args: { isContextMenu: true },
      selector: NOTEBOOK_ITEM_SELECTOR,
      rank: 13
    });
    palette?.addItem({
      command: IMPORT_EXECUTED_NOTEBOOKS,
      category: trans.__('Run Log')
    });
  }
};

/** The outcome in a dialog (a failed import too: its body names what to do). */
async function showOutcome(
  message: IImportMessage,
  trans: TranslationBundle
): Promise<void> {
  await showDialog({
    title: message.title,
    body: messageBody(message),
    buttons: [Dialog.okButton({ label: trans.__('OK') })]
  });
}
