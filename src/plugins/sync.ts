/**
 * MLflow sync: the sync service (IMlflowSync) over the server extension,
 * its settings, the commands `runlog:toggle-sync`, `runlog:sync-now` and
 * `runlog:pull-from-mlflow`, and the status bar item.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { CommandIDs } from '../commands';
import * as mlflowMapping from '../model/mlflow';
import { readExperiment } from '../notebook/notebookIdentity';
import { translateWith } from '../store/messages';
import { IndexedDBSyncStateStore } from '../store/syncStates';
import { MlflowClient } from '../sync/mlflowClient';
import { MlflowSyncService, type ISyncSettings } from '../sync/syncService';
import { IMlflowSync, IRunRecorder, IRunsPanel, IRunStore } from '../tokens';
import { SyncStatusItem } from '../widgets/syncStatusItem';

const SYNC_PLUGIN_ID = 'jupyterlab-runlog:sync';

/** The settings as the service takes them; defaults for what is missing. */
function readSettings(
  settings: ISettingRegistry.ISettings | null
): ISyncSettings {
  const get = (key: string) => settings?.get(key).composite;
  const template = get('experimentNameTemplate');
  const uri = get('trackingUri');
  return {
    enabled: get('enabled') === true,
    trackingUri: typeof uri === 'string' ? uri.trim() : '',
    experimentNameTemplate:
      typeof template === 'string' && template.trim()
        ? template
        : '{notebook_path}'
  };
}

export const syncPlugin: JupyterFrontEndPlugin<IMlflowSync> = {
  id: SYNC_PLUGIN_ID,
  description:
    'Syncs runs with an MLflow tracking server through the Jupyter server.',
  autoStart: true,
  provides: IMlflowSync,
  requires: [IRunStore],
  optional: [
    ISettingRegistry,
    ITranslator,
    ICommandPalette,
    IStatusBar,
    INotebookTracker,
    IRunRecorder
  ],
  activate: (
    app: JupyterFrontEnd,
    store: IRunStore,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    statusBar: IStatusBar | null,
    notebooks: INotebookTracker | null,
    recorder: IRunRecorder | null
  ): IMlflowSync => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_runlog');
    const sync = new MlflowSyncService({
      store,
      states: new IndexedDBSyncStateStore(),
      client: new MlflowClient({
        serverSettings: app.serviceManager.serverSettings
      }),
      mapper: {
        experimentNameFor: mlflowMapping.experimentNameFor,
        // Secrets are redacted and outputs capped as the capture settings say.
        buildRunPayload: (run, options) =>
          mlflowMapping.buildRunPayload(run, {
            ...options,
            redaction: recorder?.settings.redaction,
            outputLimits: recorder?.settings.limits,
            user: app.serviceManager.user?.identity?.display_name
          }),
        pulledRunToRecord: (data, context) =>
          mlflowMapping.pulledRunToRecord(data, {
            ...context,
            redaction: recorder?.settings.redaction,
            trans
          }),
        isPushable: mlflowMapping.isPushable,
        mlflowRunIdOf: mlflowMapping.mlflowRunIdOf
      },
      translate: translateWith(translator ?? nullTranslator),
      broadcastName: 'jupyterlab-runlog:sync-states',
      locks:
        typeof navigator !== 'undefined' ? (navigator.locks ?? null) : null,
      // Fetched histories are thinned as capture thins series.
      maxSeriesPoints: recorder
        ? () => recorder.settings.limits.maxSeriesPoints
        : undefined
    });

    let settings: ISettingRegistry.ISettings | null = null;
    const apply = () =>
      sync.configure(readSettings(settings)).catch(reason => {
        console.error('jupyterlab-runlog: MLflow sync failed to start', reason);
      });
    if (settingRegistry) {
      void settingRegistry.load(SYNC_PLUGIN_ID).then(loaded => {
        settings = loaded;
        loaded.changed.connect(() => void apply());
        void apply();
      });
    }

    // Say once what keeps sync from working (e.g. what to install), not on
    // every status change.
    let notified: string | null = null;
    sync.statusChanged.connect((_, status) => {
      app.commands.notifyCommandChanged(CommandIDs.toggleSync);
      if (status.phase === 'unavailable' && status.message) {
        if (notified !== status.message) {
          notified = status.message;
          Notification.warning(status.message, { autoClose: false });
        }
      } else if (status.phase !== 'offline') {
        notified = null;
      }
    });

    app.commands.addCommand(CommandIDs.toggleSync, {
      label: trans.__('Sync Runs with MLflow'),
      caption: trans.__(
        'Send recorded runs to the MLflow tracking server the Jupyter server is set up with'
      ),
      isToggled: () => sync.settings.enabled,
      execute: async () => {
        const enabled = !sync.settings.enabled;
        if (settings) {
          await settings.set('enabled', enabled);
        } else {
          await sync.configure({ ...sync.settings, enabled });
        }
        app.commands.notifyCommandChanged(CommandIDs.toggleSync);
      }
    });

    app.commands.addCommand(CommandIDs.syncNow, {
      label: trans.__('Sync Runs with MLflow Now'),
      caption: trans.__('Retry every waiting and failed run now'),
      isEnabled: () => sync.settings.enabled,
      execute: () => sync.syncNow()
    });

    /**
     * The experiment to pull: the Runs panel's, else the current notebook's.
     * The panel is looked up when asked, not required: it takes IMlflowSync
     * itself, and plugins must not depend on each other in a cycle.
     */
    const currentExperimentId = async (): Promise<string | null> => {
      const runsPanel = await app
        .resolveOptionalService(IRunsPanel)
        .catch(() => undefined);
      if (runsPanel?.experiment?.id) {
        return runsPanel.experiment.id;
      }
      const notebook = notebooks?.currentWidget;
      if (notebook?.model) {
        return (
          readExperiment(notebook.model, notebook.context.path)?.id ?? null
        );
      }
      return null;
    };

    app.commands.addCommand(CommandIDs.pullFromMlflow, {
      label: trans.__('Pull Runs from MLflow'),
      caption: trans.__(
        'Add the runs of this notebook’s MLflow experiment that are not in this browser'
      ),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            experimentId: {
              type: 'string',
              description: trans.__(
                'The runlog experiment; by default the Runs panel’s or the current notebook’s'
              )
            }
          }
        }
      },
      execute: async args => {
        const experimentId =
          typeof args.experimentId === 'string'
            ? args.experimentId
            : await currentExperimentId();
        if (!experimentId) {
          Notification.info(
            trans.__('Open a notebook with recorded runs to pull its runs.'),
            { autoClose: 5000 }
          );
          return null;
        }
        try {
          const result = await sync.pull(experimentId);
          const text = result.skipped.length
            ? trans.__(
                'Pulled from MLflow: %1 added, %2 already here, %3 left out (%4).',
                result.added,
                result.known,
                result.skipped.length,
                result.skipped
                  .slice(0, 3)
                  .map(s => `${s.mlflow_run_id}: ${s.reason}`)
                  .join('; ')
              )
            : trans.__(
                'Pulled from MLflow: %1 added, %2 already here.',
                result.added,
                result.known
              );
          Notification.success(text, { autoClose: 5000 });
          return result;
        } catch (error) {
          Notification.error(
            trans.__(
              'Could not pull runs from MLflow: %1',
              String((error as Error)?.message ?? error)
            ),
            { autoClose: false }
          );
          return null;
        }
      }
    });

    if (statusBar) {
      const item = new SyncStatusItem({
        sync,
        trans,
        onClick: () => void app.commands.execute(CommandIDs.syncNow)
      });
      statusBar.registerStatusItem(SYNC_PLUGIN_ID, {
        item,
        align: 'left',
        rank: 50,
        isActive: () => item.isActive,
        activeStateChanged: item.activeStateChanged
      });
    }

    if (palette) {
      const category = trans.__('Run Log');
      for (const command of [
        CommandIDs.toggleSync,
        CommandIDs.syncNow,
        CommandIDs.pullFromMlflow
      ]) {
        palette.addItem({ command, category });
      }
    }
    return sync;
  }
};
