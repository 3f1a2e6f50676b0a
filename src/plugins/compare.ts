import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { CommandIDs } from '../commands';
import { IMlflowSync, IRunsPanel, IRunStore } from '../tokens';
import { CompareView } from '../widgets/compare/compareView';
import { runsIcon } from '../widgets/icons';

/**
 * Compare the runs selected in the Runs panel, in one main-area view beside
 * the notebook that follows the selection. With MLflow sync, the metric
 * histories of runs pulled from MLflow are fetched for the series chart.
 */
export const comparePlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-runlog:compare',
  description: 'Compares the runs selected in the Runs panel.',
  autoStart: true,
  requires: [IRunStore, IRenderMimeRegistry, IRunsPanel],
  optional: [INotebookTracker, ICommandPalette, ITranslator, IMlflowSync],
  activate: (
    app: JupyterFrontEnd,
    store: IRunStore,
    rendermime: IRenderMimeRegistry,
    runsPanel: IRunsPanel,
    tracker: INotebookTracker | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    sync: IMlflowSync | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_runlog');
    let view: MainAreaWidget<CompareView> | null = null;

    const updateTitle = () => {
      if (view && !view.isDisposed) {
        view.title.label = trans.__(
          'Compare Runs (%1)',
          view.content.node.dataset.runCount ?? '0'
        );
      }
    };

    // An open view follows the selection.
    runsPanel.selectionChanged.connect((_, ids) => {
      app.commands.notifyCommandChanged(CommandIDs.compareSelected);
      if (view && !view.isDisposed) {
        void view.content.setRunIds(ids).then(updateTitle);
      }
    });

    app.commands.addCommand(CommandIDs.compareSelected, {
      label: args =>
        args.isPalette
          ? trans.__('Compare Selected Runs')
          : trans.__(
              'Compare Selected Runs (%1)',
              runsPanel.selectedRunIds.length
            ),
      caption: trans.__('Compare the runs selected in the Runs panel'),
      isEnabled: () => runsPanel.selectedRunIds.length >= 2,
      execute: async () => {
        if (!view || view.isDisposed) {
          const content = new CompareView({
            store,
            rendermime,
            translator: translator ?? nullTranslator,
            sync
          });
          content.runClicked.connect((_, id) => runsPanel.focusRun(id));
          view = new MainAreaWidget({ content });
          view.id = 'jp-runlog-compare-view';
          view.title.icon = runsIcon;
          view.title.closable = true;
          view.title.caption = trans.__('Runs selected in the Runs panel');
          view.addClass('jp-runlog-compare-main');
          const notebook = tracker?.currentWidget;
          app.shell.add(view, 'main', {
            mode: 'split-right',
            ref: notebook && !notebook.isDisposed ? notebook.id : undefined
          });
        }
        app.shell.activateById(view.id);
        const shown = view.content.setRunIds(runsPanel.selectedRunIds);
        updateTitle();
        await shown;
        updateTitle();
      }
    });
    palette?.addItem({
      command: CommandIDs.compareSelected,
      category: trans.__('Run Log')
    });
  }
};
