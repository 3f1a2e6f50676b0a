/**
 * The steps of importing a bundle that talk to the user: picking the file,
 * reading it within the size limit, and reporting what the import did.
 */
import {
  Dialog,
  Notification,
  showDialog,
  showErrorMessage
} from '@jupyterlab/apputils';
import { FileDialog, IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import type { ServiceManager } from '@jupyterlab/services';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { Widget } from '@lumino/widgets';
import { isAbortError } from '../model/bundle';
import { overSizeLimitMessage } from '../model/bundle/byteSizes';
import type { IRunStore } from '../tokens';
import { BUNDLE_EXTENSION, readServerFile } from './bundleFiles';
import { checkContentsPath } from './contentsPath';
import {
  describeImport,
  importBundleText,
  ITransferOptions
} from './bundleTransfer';
import { issuesList, paragraphs } from './dialogs';
import { timedPhase } from './phaseTiming';
import { withProgress } from './progress';

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

/** The bundle selected in the file browser, or one picked in a dialog. */
export async function pickBundle(
  fileBrowser: IDefaultFileBrowser | null,
  trans: TranslationBundle,
  translator: ITranslator | null
): Promise<string | null> {
  for (const item of fileBrowser?.selectedItems() ?? []) {
    if (item.path.endsWith(BUNDLE_EXTENSION)) {
      return item.path;
    }
  }
  if (!fileBrowser) {
    return null;
  }
  const picked = await FileDialog.getOpenFiles({
    manager: fileBrowser.model.manager,
    title: trans.__('Import Runs from a Bundle'),
    filter: model =>
      model.type === 'directory' || model.path.endsWith(BUNDLE_EXTENSION)
        ? {}
        : null,
    translator: translator ?? nullTranslator
  });
  const file = picked.button.accept
    ? picked.value?.find(model => model.type !== 'directory')
    : undefined;
  return file?.path ?? null;
}

/**
 * A bundle's bytes from the server and the path it was read at (normalised),
 * or null (the user was told why): a path outside the server's root
 * folder (refused before any request), too large for the limit, or
 * unreadable.
 */
export async function readBundleFile(
  services: ServiceManager.IManager,
  path: string,
  options: { trans: TranslationBundle; maxBytes: number }
): Promise<{ path: string; bytes: Uint8Array } | null> {
  const { trans, maxBytes } = options;
  const checked = checkContentsPath(path, trans);
  if (!checked.ok) {
    await showErrorMessage(
      trans.__('Cannot import runs'),
      trans.__('%1 Nothing was imported.', checked.message)
    );
    return null;
  }
  const file = checked.path;
  try {
    const info = await services.contents.get(file, { content: false });
    if (typeof info.size === 'number' && info.size > maxBytes) {
      await showErrorMessage(
        trans.__('Cannot import %1', file),
        trans.__(
          '%1 Nothing was imported.',
          overSizeLimitMessage(info.size, maxBytes, trans)
        )
      );
      return null;
    }
    const bytes = await timedPhase('runlog import: read file', () =>
      readServerFile(services.serverSettings, file)
    );
    return { path: file, bytes };
  } catch (reason) {
    await showErrorMessage(
      trans.__('Cannot read %1', file),
      reasonText(reason)
    );
    return null;
  }
}

/** Import a bundle file's bytes with progress; report the outcome in a dialog. */
export async function importWithReport(
  store: IRunStore,
  content: string | Uint8Array,
  file: string,
  options: Pick<ITransferOptions, 'trans' | 'redaction' | 'limits'>
): Promise<ReadonlyPartialJSONObject | null> {
  const { trans } = options;
  try {
    const outcome = await withProgress(
      trans,
      trans.__('Importing %1…', file),
      (signal, onProgress) =>
        importBundleText(store, content, file, {
          ...options,
          signal,
          onProgress
        })
    );
    if (!outcome.ok) {
      await showDialog({
        title: trans.__('Cannot import %1', file),
        body: new Widget({
          node: issuesList(
            trans.__('This file is not a run bundle this version can import:'),
            outcome.errors,
            trans
          )
        }),
        buttons: [Dialog.okButton({ label: trans.__('Close') })]
      });
      return {
        imported: false,
        errors: outcome.errors.map(issue => issue.message)
      };
    }
    await showDialog({
      title: trans.__('Runs imported'),
      body: new Widget({
        node: paragraphs(describeImport(outcome, file, trans))
      }),
      buttons: [Dialog.okButton({ label: trans.__('Close') })]
    });
    return {
      imported: true,
      added: outcome.result.added.length,
      identical: outcome.result.identical.length,
      conflicting: outcome.result.conflicting
    };
  } catch (reason) {
    if (isAbortError(reason)) {
      Notification.info(trans.__('Import cancelled: nothing was imported.'), {
        autoClose: 4000
      });
      return null;
    }
    await showErrorMessage(
      trans.__('Cannot import %1', file),
      trans.__('Nothing was imported. %1', reasonText(reason))
    );
    return null;
  }
}
