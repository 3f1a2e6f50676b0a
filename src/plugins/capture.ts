import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import type { Cell } from '@jupyterlab/cells';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { CellMarkers } from '../notebook/cellMarkers';
import { notebookIdReader } from '../notebook/notebookIdentity';
import type { ICaptureSettings } from '../capture/notebookRecorder';
import { RunRecorder } from '../capture/recorder';
import { addRedactionCommand } from '../capture/redactionCommand';
import { readRedactionSetting } from '../capture/redactionSettings';
import { readOutputLimits } from '../capture/outputLimitsSetting';
import { cellRole, setTag } from '../notebook/tagging';
import { CommandIDs } from '../commands';
import { DEFAULT_OUTPUT_LIMITS } from '../model/record/outputs';
import { DEFAULT_REDACTION_OPTIONS } from '../model/redaction/redaction';
import { IRunRecorder, IRunStore } from '../tokens';
import { parametersCellIcon, trackedCellIcon } from '../widgets/icons';

/** The capture plugin's id: its settings also hold the redaction options that imports and exports use. */
export const CAPTURE_PLUGIN_ID = 'jupyterlab-runlog:capture';

const DEFAULT_SETTINGS: ICaptureSettings = {
  enabled: true,
  tags: { parameters: 'parameters', tracked: 'experiment' },
  readParametersFromKernel: true,
  recordEnvironment: true,
  limits: DEFAULT_OUTPUT_LIMITS,
  redaction: DEFAULT_REDACTION_OPTIONS
};

/** The settings, and the problems with the redaction name patterns left out. */
function readSettings(settings: ISettingRegistry.ISettings): {
  settings: ICaptureSettings;
  patternErrors: string[];
} {
  const redaction = readRedactionSetting(settings.get('redaction').composite);
  return {
    settings: readCaptureSettings(settings, redaction.options),
    patternErrors: redaction.errors
  };
}

function readCaptureSettings(
  settings: ISettingRegistry.ISettings,
  redaction: ICaptureSettings['redaction']
): ICaptureSettings {
  const get = <T>(key: string, fallback: T): T =>
    (settings.get(key).composite as T | undefined) ?? fallback;
  return {
    enabled: get('enabled', DEFAULT_SETTINGS.enabled),
    tags: {
      parameters: get('parametersTag', DEFAULT_SETTINGS.tags.parameters),
      tracked: get('trackedTag', DEFAULT_SETTINGS.tags.tracked)
    },
    readParametersFromKernel: get(
      'readParametersFromKernel',
      DEFAULT_SETTINGS.readParametersFromKernel
    ),
    recordEnvironment: get(
      'recordEnvironment',
      DEFAULT_SETTINGS.recordEnvironment
    ),
    limits: readOutputLimits(key => settings.get(key).composite),
    redaction
  };
}

/**
 * Say which name patterns are ignored: in the console every time the setting
 * is read, as a notification once per distinct set of problems.
 */
function patternWarner(
  trans: TranslationBundle
): (errors: readonly string[]) => void {
  let notified = '';
  return errors => {
    if (!errors.length) {
      notified = '';
      return;
    }
    console.warn(
      'jupyterlab-runlog: ignoring invalid redaction name patterns:',
      errors
    );
    const key = errors.join('\n');
    if (key !== notified) {
      notified = key;
      Notification.warning(
        trans.__(
          'Run log ignores these secret name patterns (Settings → Run log: capture): %1',
          errors.join('; ')
        ),
        { autoClose: false }
      );
    }
  };
}

/**
 * Captures executions of tagged cells, and the commands, toolbar buttons and
 * markers for tagging cells.
 */
export const capturePlugin: JupyterFrontEndPlugin<IRunRecorder> = {
  id: CAPTURE_PLUGIN_ID,
  description: 'Records executions of tagged notebook cells as runs.',
  autoStart: true,
  provides: IRunRecorder,
  requires: [IRunStore, INotebookTracker],
  optional: [ISettingRegistry, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    store: IRunStore,
    tracker: INotebookTracker,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): IRunRecorder => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_runlog');
    const recorder = new RunRecorder({
      store,
      settings: DEFAULT_SETTINGS,
      user: () => app.serviceManager.user.identity?.display_name ?? undefined,
      readNotebookId: notebookIdReader(app.serviceManager.contents)
    });
    const badgeLabels = {
      parameters: trans.__('parameters'),
      tracked: trans.__('tracked')
    };
    const markers = new Map<NotebookPanel, CellMarkers>();

    tracker.widgetAdded.connect((_, panel) => {
      recorder.addNotebook(panel);
      const cellMarkers = new CellMarkers(
        panel,
        () => recorder.tags,
        badgeLabels
      );
      markers.set(panel, cellMarkers);
      panel.disposed.connect(() => {
        markers.delete(panel);
        cellMarkers.dispose();
      });
    });
    recorder.tagsChanged.connect(() => {
      for (const cellMarkers of markers.values()) {
        cellMarkers.refresh();
      }
    });

    let settings: ISettingRegistry.ISettings | null = null;
    const warnPatterns = patternWarner(trans);
    const apply = (loaded: ISettingRegistry.ISettings) => {
      const read = readSettings(loaded);
      recorder.updateSettings(read.settings);
      warnPatterns(read.patternErrors);
    };
    if (settingRegistry) {
      void settingRegistry
        .load(CAPTURE_PLUGIN_ID)
        .then(loaded => {
          settings = loaded;
          apply(loaded);
          loaded.changed.connect(() => {
            apply(loaded);
            app.commands.notifyCommandChanged();
          });
        })
        .catch(reason => {
          console.error(
            'jupyterlab-runlog: cannot load capture settings',
            reason
          );
        });
    }

    void store.ready
      .then(() => recorder.closeOrphanedRuns())
      .catch(reason => {
        console.error('jupyterlab-runlog: cannot close orphaned runs', reason);
      });

    // From the cell context menu, act on the cell that was right-clicked
    // (right-click does not move the active cell); elsewhere (palette,
    // toolbar, shortcut) on the active cell. The hit test remembers the last
    // context menu forever, so it is only consulted for menu invocations.
    const activeCodeCell = (args: ReadonlyPartialJSONObject): Cell | null => {
      const notebook = tracker.currentWidget?.content;
      const hit = args.fromContextMenu
        ? app.contextMenuHitTest(node => node.classList.contains('jp-Cell'))
        : undefined;
      const cell =
        (hit && notebook?.widgets.find(widget => widget.node === hit)) ||
        tracker.activeCell;
      return cell && cell.model.type === 'code' ? cell : null;
    };

    app.commands.addCommand(CommandIDs.toggleParametersCell, {
      label: trans.__('Toggle Parameters Cell'),
      caption: trans.__(
        "Tag the active cell as the parameters cell (tag '%1'); its assignments are each run's parameters",
        recorder.tags.parameters
      ),
      icon: args => (args.toolbar ? parametersCellIcon : undefined),
      isEnabled: args => activeCodeCell(args) !== null,
      isToggled: args => {
        const cell = activeCodeCell(args);
        return (
          cell !== null && cellRole(cell.model, recorder.tags) === 'parameters'
        );
      },
      execute: args => {
        const cell = activeCodeCell(args);
        const notebook = tracker.currentWidget?.content;
        if (!cell || !notebook?.model) {
          return;
        }
        const { parameters, tracked } = recorder.tags;
        const on = cellRole(cell.model, recorder.tags) !== 'parameters';
        // Papermill reads one parameters cell: moving the tag keeps it unique.
        notebook.model.sharedModel.transact(() => {
          if (on) {
            for (const other of notebook.model!.cells) {
              if (other !== cell.model) {
                setTag(other, parameters, false);
              }
            }
            setTag(cell.model, tracked, false);
          }
          setTag(cell.model, parameters, on);
        });
        app.commands.notifyCommandChanged();
      }
    });

    app.commands.addCommand(CommandIDs.toggleTrackedCell, {
      label: trans.__('Toggle Tracked Cell'),
      caption: trans.__(
        "Tag the selected cells as tracked (tag '%1'): their executions are recorded as runs",
        recorder.tags.tracked
      ),
      icon: args => (args.toolbar ? trackedCellIcon : undefined),
      isEnabled: args => activeCodeCell(args) !== null,
      isToggled: args => {
        const cell = activeCodeCell(args);
        return (
          cell !== null && cellRole(cell.model, recorder.tags) === 'tracked'
        );
      },
      execute: args => {
        const notebook = tracker.currentWidget?.content;
        if (!notebook?.model) {
          return;
        }
        const target = activeCodeCell(args);
        if (!target) {
          return;
        }
        // The selection when the target is part of it, else the target alone.
        const selected = notebook.isSelectedOrActive(target)
          ? notebook.widgets.filter(
              cell =>
                cell.model.type === 'code' && notebook.isSelectedOrActive(cell)
            )
          : [target];
        const { parameters, tracked } = recorder.tags;
        const on = !selected.every(
          cell => cellRole(cell.model, recorder.tags) === 'tracked'
        );
        notebook.model.sharedModel.transact(() => {
          for (const cell of selected) {
            if (on) {
              setTag(cell.model, parameters, false);
            }
            setTag(cell.model, tracked, on);
          }
        });
        app.commands.notifyCommandChanged();
      }
    });

    app.commands.addCommand(CommandIDs.toggleCapture, {
      label: trans.__('Capture Runs'),
      caption: trans.__('Record executions of tagged cells as runs'),
      isToggled: () => recorder.enabled,
      execute: async () => {
        const next = !recorder.enabled;
        if (settings) {
          await settings.set('enabled', next);
        } else {
          recorder.updateSettings({ ...recorder.settings, enabled: next });
        }
        app.commands.notifyCommandChanged(CommandIDs.toggleCapture);
      }
    });

    addRedactionCommand({
      app,
      tracker,
      trans,
      setting: () => recorder.settings.redaction
    });

    // Keep toggled states in the toolbar and menus in step with the active cell.
    tracker.activeCellChanged.connect(() =>
      app.commands.notifyCommandChanged()
    );
    tracker.selectionChanged.connect(() => app.commands.notifyCommandChanged());

    if (palette) {
      const category = trans.__('Run Log');
      for (const command of [
        CommandIDs.toggleParametersCell,
        CommandIDs.toggleTrackedCell,
        CommandIDs.toggleCapture,
        CommandIDs.toggleRedaction
      ]) {
        palette.addItem({ command, category });
      }
    }
    return recorder;
  }
};
