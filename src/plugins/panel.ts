import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import {
  experimentName,
  notebookIdReader,
  readExperiment,
  resolveExperiment
} from '../notebook/notebookIdentity';
import { CommandIDs } from '../commands';
import { IMlflowSync, IRunsPanel, IRunStore } from '../tokens';
import { runsIcon } from '../widgets/icons';
import { RunsPanel } from '../widgets/runsPanel';
import type { RunsPanelSync } from '../widgets/runsPanelSync';
import { openInNewTab } from '../widgets/runSyncSection';
import { RUN_ROW_SELECTOR } from './restore';
import { addTrashCommands } from './trash';

/**
 * The Runs side panel: lists the active notebook's runs, live. Other plugins
 * reach it through `IRunsPanel` (its selection, its restore requests).
 */
export const panelPlugin: JupyterFrontEndPlugin<IRunsPanel> = {
  id: 'jupyterlab-runlog:panel',
  description: 'The Runs side panel beside the notebook.',
  autoStart: true,
  provides: IRunsPanel,
  requires: [IRunStore, INotebookTracker, IRenderMimeRegistry],
  optional: [
    ILabShell,
    ILayoutRestorer,
    ICommandPalette,
    ITranslator,
    IMlflowSync
  ],
  activate: (
    app: JupyterFrontEnd,
    store: IRunStore,
    tracker: INotebookTracker,
    rendermime: IRenderMimeRegistry,
    labShell: ILabShell | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    sync: IMlflowSync | null
  ): IRunsPanel => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_runlog');
    const panel = new RunsPanel({
      store,
      rendermime,
      commands: app.commands,
      translator: translator ?? nullTranslator,
      user: () => app.serviceManager.user?.identity?.display_name ?? null,
      sync
    });
    panel.title.icon = runsIcon;
    panel.title.caption = trans.__('Runs');
    app.shell.add(panel, 'right', { rank: 650 });
    restorer?.add(panel, 'jupyterlab-runlog:panel');

    // Follow the active notebook, including its first capture (which writes
    // the experiment id into the metadata), renames and moves.
    const readNotebookId = notebookIdReader(app.serviceManager.contents);
    let followed: NotebookPanel | null = null;
    const showNotebook = () => {
      const notebook = followed;
      if (!notebook || notebook.isDisposed || !notebook.model) {
        panel.experiment = null;
        return;
      }
      const path = notebook.context.path;
      const model = notebook.model;
      const experiment = readExperiment(model, path);
      const name = experiment?.name ?? experimentName(model, path);
      panel.experiment = { id: experiment?.id ?? null, name, path };
      // Without an id in the file (reloaded unsaved after its first run) the
      // runs recorded at this path are shown; a copy of another notebook
      // shows its own runs, not those of the notebook it was copied from.
      void resolveExperiment(store, readNotebookId, model, path).then(
        resolved => {
          if (
            followed === notebook &&
            notebook.context.path === path &&
            readExperiment(model, path)?.id === experiment?.id &&
            resolved.id !== (experiment?.id ?? null)
          ) {
            panel.experiment = { id: resolved.id, name, path };
          }
        },
        () => undefined
      );
    };
    const follow = (notebook: NotebookPanel | null) => {
      if (followed === notebook) {
        return;
      }
      if (followed && !followed.isDisposed) {
        followed.model?.metadataChanged.disconnect(showNotebook);
        followed.context.pathChanged.disconnect(showNotebook);
      }
      followed = notebook;
      if (!notebook) {
        showNotebook();
        return;
      }
      void notebook.context.ready.then(() => {
        if (followed !== notebook || notebook.isDisposed) {
          return;
        }
        notebook.model?.metadataChanged.connect(showNotebook);
        notebook.context.pathChanged.connect(showNotebook);
        showNotebook();
      });
    };
    tracker.currentChanged.connect((_, notebook) => follow(notebook));
    tracker.widgetAdded.connect((_, notebook) =>
      notebook.disposed.connect(() => {
        if (followed === notebook) {
          follow(tracker.currentWidget);
        }
      })
    );
    follow(tracker.currentWidget);

    app.commands.addCommand(CommandIDs.openPanel, {
      label: trans.__('Runs Panel'),
      caption: trans.__('Show the runs recorded for the active notebook'),
      icon: args => (args.isPalette ? undefined : runsIcon),
      execute: () => {
        if (labShell) {
          labShell.expandRight();
        }
        app.shell.activateById(panel.id);
      }
    });
    palette?.addItem({
      command: CommandIDs.openPanel,
      category: trans.__('Run Log')
    });

    app.commands.addCommand(CommandIDs.filterRuns, {
      label: trans.__('Filter Runs…'),
      caption: trans.__(
        'Filter the Runs panel by a query, e.g. lr > 0.01 status:completed tag:best'
      ),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            query: {
              type: 'string',
              description: trans.__(
                'The query; without it the filter box gets the focus'
              )
            }
          }
        }
      },
      execute: args => {
        void app.commands.execute(CommandIDs.openPanel);
        panel.filterRuns(
          typeof args.query === 'string' ? args.query : undefined
        );
      }
    });
    palette?.addItem({
      command: CommandIDs.filterRuns,
      category: trans.__('Run Log')
    });

    addTrashCommands(app, {
      store,
      panel,
      palette,
      trans,
      user: () => app.serviceManager.user?.identity?.display_name ?? null,
      openPanel: () => void app.commands.execute(CommandIDs.openPanel)
    });

    if (panel.sync) {
      addOpenInMlflow(app, panel, panel.sync, palette, trans);
    }

    // Tagging a cell is the first step: show the panel beside the notebook,
    // once per session, so the user sees where runs will appear.
    let shownForTagging = false;
    app.commands.commandExecuted.connect((_, executed) => {
      const tagging =
        executed.id === CommandIDs.toggleParametersCell ||
        executed.id === CommandIDs.toggleTrackedCell;
      if (tagging && !shownForTagging && !panel.isVisible) {
        shownForTagging = true;
        void app.commands.execute(CommandIDs.openPanel);
      }
    });
    return panel;
  }
};

/**
 * `runlog:open-in-mlflow`: a run (by default the one the panel shows) in the
 * MLflow UI, in a new tab; enabled when its link is known. In the runs
 * table's context menu and the palette.
 */
export function addOpenInMlflow(
  app: JupyterFrontEnd,
  panel: RunsPanel,
  panelSync: RunsPanelSync,
  palette: ICommandPalette | null,
  trans: TranslationBundle
): void {
  const runIdOf = (args: ReadonlyPartialJSONObject): string | null => {
    if (typeof args.runId === 'string' && args.runId) {
      return args.runId;
    }
    // The hit test remembers the last right-click: use it only from the menu.
    const row = args.isContextMenu
      ? app.contextMenuHitTest(node => node.matches(RUN_ROW_SELECTOR))
      : undefined;
    return row?.dataset.runId ?? panel.table.selectedRunId;
  };
  app.commands.addCommand(CommandIDs.openInMlflow, {
    label: trans.__('Open in MLflow'),
    caption: trans.__(
      'Open a synced or pulled run in the MLflow UI, in a new browser tab'
    ),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          runId: {
            type: 'string',
            description: trans.__(
              'The id of the run; without it, the run the Runs panel shows'
            )
          }
        }
      }
    },
    isEnabled: args => {
      const runId = runIdOf(args);
      return runId !== null && panelSync.knownUrlOf(runId) !== null;
    },
    execute: async args => {
      const runId = runIdOf(args);
      const url = runId === null ? null : await panelSync.urlOf(runId);
      if (url) {
        openInNewTab(url);
      }
      return { opened: url !== null, url };
    }
  });
  app.contextMenu.addItem({
    command: CommandIDs.openInMlflow,
    args: { isContextMenu: true },
    selector: RUN_ROW_SELECTOR,
    rank: 30
  });
  palette?.addItem({
    command: CommandIDs.openInMlflow,
    category: trans.__('Run Log')
  });
}
