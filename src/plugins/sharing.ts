/**
 * Sharing runs as bundle files: `runlog:export-bundle`,
 * `runlog:import-bundle`, the `*.runlog.json` file type with its "Import
 * Runs" action, and bundles dropped on the Runs panel.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { CommandIDs } from '../commands';
import { RUN_ROW_SELECTOR } from './restore';
import { DEFAULT_BUNDLE_LIMITS, IBundleLimits } from '../model/bundle';
import { DEFAULT_REDACTION_OPTIONS } from '../model/redaction/redaction';
import { BUNDLE_EXTENSION } from '../sharing/bundleFiles';
import { watchBundleDrops } from '../sharing/dropTarget';
import {
  importWithReport,
  pickBundle,
  readBundleFile
} from '../sharing/importFlow';
import { exportWithReport } from '../sharing/exportFlow';
import { IRunRecorder, IRunsPanel, IRunStore } from '../tokens';
import { runsIcon } from '../widgets/icons';

const SHARING_PLUGIN_ID = 'jupyterlab-runlog:sharing';
export const BUNDLE_FILE_TYPE = 'runlog-bundle';

/** The limits from the settings (sizes there are in megabytes / characters). */
function readLimits(
  settings: ISettingRegistry.ISettings | null
): IBundleLimits {
  const number = (key: string, fallback: number) => {
    const value = settings?.get(key).composite;
    return typeof value === 'number' && value > 0 ? value : fallback;
  };
  return {
    maxBytes:
      number('maxBundleMegabytes', DEFAULT_BUNDLE_LIMITS.maxBytes / 1e6) * 1e6,
    maxRuns: number('maxBundleRuns', DEFAULT_BUNDLE_LIMITS.maxRuns),
    maxStringLength: number(
      'maxStringLength',
      DEFAULT_BUNDLE_LIMITS.maxStringLength
    ),
    maxDepth: number('maxDepth', DEFAULT_BUNDLE_LIMITS.maxDepth),
    maxKeysPerObject: number(
      'maxKeysPerObject',
      DEFAULT_BUNDLE_LIMITS.maxKeysPerObject
    )
  };
}

export const sharingPlugin: JupyterFrontEndPlugin<void> = {
  id: SHARING_PLUGIN_ID,
  description: 'Exports runs to bundle files and imports them.',
  autoStart: true,
  requires: [IRunStore],
  optional: [
    IRunRecorder,
    IRunsPanel,
    IDefaultFileBrowser,
    ISettingRegistry,
    ICommandPalette,
    ITranslator
  ],
  activate: (
    app: JupyterFrontEnd,
    store: IRunStore,
    recorder: IRunRecorder | null,
    runsPanel: IRunsPanel | null,
    fileBrowser: IDefaultFileBrowser | null,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_runlog');
    const contents = app.serviceManager.contents;
    let limits = readLimits(null);
    // The capture settings' redaction (read through the recorder) also governs sharing.
    const redaction = () =>
      recorder?.settings.redaction ?? DEFAULT_REDACTION_OPTIONS;
    if (settingRegistry) {
      void settingRegistry.load(SHARING_PLUGIN_ID).then(settings => {
        limits = readLimits(settings);
        settings.changed.connect(() => (limits = readLimits(settings)));
      });
    }

    app.docRegistry.addFileType({
      name: BUNDLE_FILE_TYPE,
      displayName: trans.__('Run Log Bundle'),
      extensions: [BUNDLE_EXTENSION],
      mimeTypes: ['application/json'],
      icon: runsIcon,
      contentType: 'file',
      fileFormat: 'text'
    });

    app.commands.addCommand(CommandIDs.exportBundle, {
      label: trans.__('Export Runs…'),
      caption: trans.__(
        'Save the selected runs (or all runs of the notebook) as a bundle file to share'
      ),
      execute: args =>
        exportWithReport(args, {
          store,
          contents,
          runsPanel,
          fileBrowser,
          trans,
          redaction,
          limits: () => limits,
          user: () => app.serviceManager.user.identity?.display_name
        })
    });

    /** Import a bundle file's bytes; reports the outcome in a dialog. */
    const importBytes = (bytes: Uint8Array, file: string) =>
      importWithReport(store, bytes, file, {
        trans,
        redaction: redaction(),
        limits
      });

    app.commands.addCommand(CommandIDs.importBundle, {
      label: args =>
        args.isContextMenu
          ? trans.__('Import Runs')
          : trans.__('Import Runs from a Bundle…'),
      caption: trans.__(
        'Add the runs of a *.runlog.json bundle to this browser’s runs'
      ),
      icon: args => (args.isContextMenu ? runsIcon : undefined),
      execute: async args => {
        const path =
          typeof args.path === 'string'
            ? args.path
            : await pickBundle(fileBrowser, trans, translator);
        if (!path) {
          return null;
        }
        const read = await readBundleFile(app.serviceManager, path, {
          trans,
          maxBytes: limits.maxBytes
        });
        if (read === null) {
          return { imported: false };
        }
        return importBytes(read.bytes, read.path);
      }
    });

    if (runsPanel instanceof Widget) {
      watchBundleDrops(runsPanel, {
        trans,
        maxBytes: () => limits.maxBytes,
        importPath: path =>
          app.commands.execute(CommandIDs.importBundle, { path }),
        importBytes
      });
    }

    app.contextMenu.addItem({
      command: CommandIDs.importBundle,
      args: { isContextMenu: true },
      selector: `.jp-DirListing-item[data-file-type="${BUNDLE_FILE_TYPE}"]`,
      rank: 0
    });
    app.contextMenu.addItem({
      command: CommandIDs.exportBundle,
      selector: RUN_ROW_SELECTOR,
      rank: 20
    });
    for (const command of [CommandIDs.exportBundle, CommandIDs.importBundle]) {
      palette?.addItem({ command, category: trans.__('Run Log') });
    }
  }
};
