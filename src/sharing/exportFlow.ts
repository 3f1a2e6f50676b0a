/**
 * The steps of exporting runs that talk to the user: which runs, where to
 * put the bundle (a server path or a download), replacing an existing file,
 * and reporting what was written.
 */
import {
  Dialog,
  Notification,
  showDialog,
  showErrorMessage
} from '@jupyterlab/apputils';
import type { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import type { Contents } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { IBundleLimits, isAbortError } from '../model/bundle';
import type { IRedactionOptions } from '../model/redaction/redaction';
import type { IRunsPanel, IRunStore } from '../tokens';
import {
  bundlePathBeside,
  downloadText,
  formatBytes,
  normaliseBundlePath,
  saveTextFile
} from './bundleFiles';
import { exportRuns } from './bundleTransfer';
import { checkContentsPath } from './contentsPath';
import { askExportTarget } from './dialogs';
import { timedPhase } from './phaseTiming';
import { withProgress } from './progress';

/** What the export command works with; settings are read when it runs. */
export interface IExportFlowOptions {
  store: IRunStore;
  contents: Contents.IManager;
  runsPanel: IRunsPanel | null;
  fileBrowser: IDefaultFileBrowser | null;
  trans: TranslationBundle;
  redaction: () => IRedactionOptions;
  limits: () => IBundleLimits;
  user: () => string | undefined;
}

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

/** Runs to export: given, else selected in the panel, else all shown. */
export async function runsToExport(
  store: IRunStore,
  runsPanel: IRunsPanel | null,
  args: ReadonlyPartialJSONObject
): Promise<string[]> {
  if (Array.isArray(args.runIds)) {
    return args.runIds.filter((id): id is string => typeof id === 'string');
  }
  if (runsPanel && runsPanel.selectedRunIds.length > 0) {
    return [...runsPanel.selectedRunIds];
  }
  const experimentId = runsPanel?.experiment?.id;
  if (!experimentId) {
    return [];
  }
  const trash = runsPanel?.trashShown === true;
  return (await store.listRuns(experimentId, { trash })).map(run => run.id);
}

/**
 * Export runs as the command's arguments say (`runIds`, `path`,
 * `download`), asking what they leave open; reports the outcome.
 */
export async function exportWithReport(
  args: ReadonlyPartialJSONObject,
  options: IExportFlowOptions
): Promise<ReadonlyPartialJSONObject | null> {
  const { store, contents, runsPanel, fileBrowser, trans } = options;
  const exists = async (path: string): Promise<boolean> => {
    try {
      await contents.get(path, { content: false });
      return true;
    } catch {
      return false;
    }
  };

  const runIds = await runsToExport(store, runsPanel, args);
  if (runIds.length === 0) {
    Notification.warning(
      trans.__('No runs to export: open a notebook with runs, or select some.')
    );
    return null;
  }
  const notebookPath = runsPanel?.experiment?.path ?? 'runs.ipynb';
  let target: Awaited<ReturnType<typeof askExportTarget>>;
  if (typeof args.path === 'string') {
    target = { action: 'save', path: args.path };
  } else if (args.download === true) {
    target = {
      action: 'download',
      name: bundlePathBeside(notebookPath).split('/').pop()!
    };
  } else {
    target = await askExportTarget({
      trans,
      runCount: runIds.length,
      path: bundlePathBeside(notebookPath),
      browserFolder: fileBrowser?.model.path ?? null
    });
  }
  if (!target) {
    return null;
  }
  let path: string | null = null;
  if (target.action === 'save') {
    // Checked before any request: the file must be below the server's root.
    const checked = checkContentsPath(target.path.trim(), trans);
    if (!checked.ok) {
      await showErrorMessage(
        trans.__('Cannot export runs'),
        trans.__('%1 No file was written.', checked.message)
      );
      return null;
    }
    path = normaliseBundlePath(checked.path);
  }
  if (path && typeof args.path !== 'string' && (await exists(path))) {
    const replace = await showDialog({
      title: trans.__('Replace %1?', path),
      body: trans.__(
        'A file with this name exists. Replace it with the exported runs?'
      ),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.warnButton({ label: trans.__('Replace') })
      ]
    });
    if (!replace.button.accept) {
      return null;
    }
  }
  try {
    const message = trans._n(
      'Exporting %1 run…',
      'Exporting %1 runs…',
      runIds.length
    );
    const exported = await withProgress(trans, message, (signal, onProgress) =>
      exportRuns(store, runIds, {
        trans,
        redaction: options.redaction(),
        limits: options.limits(),
        user: options.user(),
        // From the trash view (or when asked) runs in the trash go out with
        // their deleted state; otherwise they are left out.
        includeDeleted:
          args.includeDeleted === true || runsPanel?.trashShown === true,
        signal,
        onProgress: fraction => onProgress(path ? fraction * 0.7 : fraction)
      }).then(async result => {
        if (path) {
          await timedPhase('runlog export: save file', () =>
            saveTextFile(contents, path, result.text, {
              signal,
              onProgress: fraction => onProgress(0.7 + 0.3 * fraction)
            })
          );
        }
        return result;
      })
    );
    if (!path) {
      const name = normaliseBundlePath(
        target.action === 'download' ? target.name : 'runs'
      );
      downloadText(name, exported.text);
    }
    const size = formatBytes(new Blob([exported.text]).size);
    Notification.success(
      path
        ? trans._n(
            'Exported %1 run to %2 (%3).',
            'Exported %1 runs to %2 (%3).',
            exported.runCount,
            path,
            size
          )
        : trans._n(
            'Exported %1 run as a download (%2).',
            'Exported %1 runs as a download (%2).',
            exported.runCount,
            size
          ),
      { autoClose: 5000 }
    );
    return { path, runs: exported.runCount };
  } catch (reason) {
    if (isAbortError(reason)) {
      Notification.info(trans.__('Export cancelled: no file was written.'), {
        autoClose: 4000
      });
      return null;
    }
    await showErrorMessage(trans.__('Cannot export runs'), reasonText(reason));
    return null;
  }
}
