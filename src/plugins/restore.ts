import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { CommandIDs } from '../commands';
import {
  applyRestore,
  changesParameters,
  proposeRestore,
  StaleProposalError,
  type IRestoreProposal
} from '../restore/notebookRestore';
import { RestorePreview } from '../restore/restorePreview';
import { IRunRecorder, IRunsPanel, IRunStore } from '../tokens';

/** The runs table row, which carries its run id in `data-run-id` (context menus). */
export const RUN_ROW_SELECTOR = '.jp-runlog-RunsTable-row[data-run-id]';

/** What `runlog:restore-parameters` resolves to. */
export interface IRestoreResult {
  [key: string]: boolean | string[] | string | null;
  restored: boolean;
  /** Parameters rewritten in place or appended. */
  parameters: string[];
  /** Parameters redacted in the run: the notebook's own assignment was left as is. */
  redacted: string[];
  /** Tracked cells whose code was set to the run's. */
  cells: string[];
  /** Tracked cells of the run the notebook no longer has. */
  missingCells: string[];
  /** The parameters cell written to (inserted when there was none). */
  parametersCellId: string | null;
}

/**
 * Restore a run's parameters (and optionally its code) into the active
 * notebook: `runlog:restore-parameters`, the runs table's context menu and
 * the button in the run details.
 */
export const restorePlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-runlog:restore',
  description: "Restores a run's parameters and code into the notebook.",
  autoStart: true,
  requires: [IRunStore, INotebookTracker, IRunRecorder],
  optional: [IRunsPanel, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    store: IRunStore,
    tracker: INotebookTracker,
    recorder: IRunRecorder,
    runsPanel: IRunsPanel | null,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_runlog');

    const runIdOf = (args: ReadonlyPartialJSONObject): string | null => {
      if (typeof args.runId === 'string' && args.runId) {
        return args.runId;
      }
      // From the context menu: the right-clicked row.
      const row = app.contextMenuHitTest(node =>
        node.matches(RUN_ROW_SELECTOR)
      );
      return row?.dataset.runId ?? null;
    };

    app.commands.addCommand(CommandIDs.restoreParameters, {
      label: trans.__('Restore Parameters'),
      caption: trans.__(
        "Rewrite the active notebook's parameters cell to a run's values"
      ),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            runId: {
              type: 'string',
              description: trans.__('The id of the run to restore')
            }
          },
          required: ['runId']
        }
      },
      isEnabled: () => tracker.currentWidget !== null,
      execute: async args => {
        const runId = runIdOf(args);
        if (!runId) {
          throw new Error(`${CommandIDs.restoreParameters}: no runId given`);
        }
        return restore(runId);
      }
    });
    app.contextMenu.addItem({
      command: CommandIDs.restoreParameters,
      selector: RUN_ROW_SELECTOR,
      rank: 20
    });

    const restore = async (runId: string): Promise<IRestoreResult> => {
      const notRestored: IRestoreResult = {
        restored: false,
        parameters: [],
        redacted: [],
        cells: [],
        missingCells: [],
        parametersCellId: null
      };
      const notebook = tracker.currentWidget;
      const run = await store.getRun(runId);
      if (!notebook || !run) {
        await showDialog({
          title: trans.__('Restore Parameters'),
          body: !run
            ? trans.__('This run no longer exists.')
            : trans.__('Open the notebook to restore the run into.'),
          buttons: [Dialog.okButton({ label: trans.__('OK') })]
        });
        return notRestored;
      }
      await notebook.context.ready;
      const model = notebook.model!;
      const tags = recorder.tags;
      const proposal = proposeRestore(model, notebook.context.path, run, tags);
      const choice = await preview(proposal, tags.parameters, trans);
      if (!choice) {
        return notRestored;
      }
      let parametersCellId: string | null;
      try {
        parametersCellId = applyRestore(model, proposal, {
          includeCode: choice.includeCode,
          parametersTag: tags.parameters
        });
      } catch (reason) {
        if (reason instanceof StaleProposalError) {
          Notification.warning(
            trans.__('The notebook changed during the restore; try again.')
          );
          return notRestored;
        }
        throw reason;
      }
      showParametersCell(notebook, parametersCellId);
      const cells = choice.includeCode
        ? proposal.code.changes.map(change => change.cellId)
        : [];
      const missingCells = choice.includeCode ? proposal.code.missing : [];
      notify(proposal, cells.length, missingCells, trans);
      return {
        restored: true,
        parameters: changesParameters(proposal)
          ? proposal.parameters.changes.map(change => change.name)
          : [],
        redacted: proposal.parameters.redacted,
        cells,
        missingCells,
        parametersCellId
      };
    };

    // The Restore button of the run details in the Runs panel.
    runsPanel?.restoreRequested.connect((_, runId) => {
      void app.commands.execute(CommandIDs.restoreParameters, { runId });
    });
  }
};

/** Show the preview; the user's choice, or null when cancelled. */
async function preview(
  proposal: IRestoreProposal,
  parametersTag: string,
  trans: TranslationBundle
): Promise<{ includeCode: boolean } | null> {
  const body = new RestorePreview({ proposal, parametersTag, trans });
  const hasWork = RestorePreview.hasWork(proposal);
  const result = await showDialog({
    title: trans.__('Restore Run #%1', proposal.run.number),
    body,
    buttons: hasWork
      ? [
          Dialog.cancelButton({ label: trans.__('Cancel') }),
          Dialog.okButton({
            label: proposal.otherNotebook
              ? trans.__('Restore Anyway')
              : trans.__('Restore')
          })
        ]
      : [Dialog.okButton({ label: trans.__('Close') })]
  });
  if (!hasWork || !result.button.accept || !result.value) {
    return null;
  }
  return result.value;
}

/** Select the parameters cell and bring it into view. */
function showParametersCell(
  notebook: NotebookPanel,
  cellId: string | null
): void {
  const content = notebook.content;
  const index = content.widgets.findIndex(cell => cell.model.id === cellId);
  if (index < 0) {
    return;
  }
  content.mode = 'command';
  content.activeCellIndex = index;
  void content.scrollToItem(index);
}

function notify(
  proposal: IRestoreProposal,
  cellCount: number,
  missing: string[],
  trans: TranslationBundle
): void {
  const number = proposal.run.number;
  const parts = [
    changesParameters(proposal)
      ? trans.__('Restored the parameters of run #%1.', number)
      : trans.__('The parameters already had the values of run #%1.', number)
  ];
  if (proposal.parameters.redacted.length) {
    parts.push(
      trans.__(
        'Left as is (redacted in the run): %1.',
        proposal.parameters.redacted.join(', ')
      )
    );
  }
  if (cellCount) {
    parts.push(
      trans._n(
        'Restored the code of %1 tracked cell.',
        'Restored the code of %1 tracked cells.',
        cellCount
      )
    );
  }
  if (missing.length) {
    parts.push(
      trans.__('Cells no longer in the notebook: %1.', missing.join(', '))
    );
  }
  parts.push(trans.__('Undo reverts it.'));
  Notification.success(parts.join(' '), { autoClose: 5000 });
}
