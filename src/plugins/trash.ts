/**
 * The trash commands: move runs to the trash (with Undo), show the trash in
 * the Runs panel, restore runs from it, delete them for good, empty it.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { CommandIDs } from '../commands';
import type { IRunStore } from '../tokens';
import type { RunsPanel } from '../widgets/runsPanel';
import { TRASH_MODE_CLASS } from '../widgets/runsTrash';
import { RUN_ROW_SELECTOR } from './restore';

/** Rows of the live runs, and rows of the trash (context menus). */
const LIVE_ROW_SELECTOR = `.jp-runlog-RunsPanel:not(.${TRASH_MODE_CLASS}) ${RUN_ROW_SELECTOR}`;
const TRASH_ROW_SELECTOR = `.jp-runlog-RunsPanel.${TRASH_MODE_CLASS} ${RUN_ROW_SELECTOR}`;

export interface ITrashCommandsOptions {
  store: IRunStore;
  panel: RunsPanel;
  palette: ICommandPalette | null;
  trans: TranslationBundle;
  /** The JupyterLab user, named in the runs' history. */
  user: () => string | null;
  /** Show the Runs panel (the trash is shown in it). */
  openPanel: () => void;
}

/** Add the trash commands, with their palette and context menu items. */
export function addTrashCommands(
  app: JupyterFrontEnd,
  options: ITrashCommandsOptions
): void {
  const { store, panel, trans, user } = options;
  const commands = app.commands;

  /** Given ids, else the right-clicked row (with the selection it is in), else the selection. */
  const runIdsOf = (args: ReadonlyPartialJSONObject): string[] => {
    if (Array.isArray(args.runIds)) {
      return args.runIds.filter((id): id is string => typeof id === 'string');
    }
    const selected = panel.selectedRunIds;
    if (args.isContextMenu) {
      const row = app.contextMenuHitTest(node =>
        node.matches(RUN_ROW_SELECTOR)
      );
      const clicked = row?.dataset.runId;
      if (clicked && !selected.includes(clicked)) {
        return [clicked];
      }
    }
    return selected;
  };
  /** Runs the command may act on: given ids anywhere, else the panel's in its mode. */
  const actionable = (args: ReadonlyPartialJSONObject, inTrash: boolean) =>
    runIdsOf(args).length > 0 &&
    (Array.isArray(args.runIds) || panel.trashShown === inTrash);
  const runIdsArg = (description: string) => ({
    args: {
      type: 'object',
      properties: {
        runIds: {
          type: 'array',
          items: { type: 'string' },
          description
        }
      }
    }
  });

  commands.addCommand(CommandIDs.deleteRuns, {
    label: args =>
      args.isContextMenu || args.isToolbar
        ? trans.__('Move to Trash')
        : trans.__('Move Runs to Trash'),
    caption: trans.__(
      'Move the selected runs to the trash, from where they can be restored'
    ),
    describedBy: runIdsArg(
      trans.__('The ids of the runs; without them, the selected runs')
    ),
    isEnabled: args => actionable(args, false),
    execute: async args => {
      const moved = await store.deleteRuns(runIdsOf(args), user());
      const ids = moved.map(run => run.id);
      if (ids.length > 0) {
        panel.table.node.focus();
        Notification.info(
          // %1 is the count, %2 the same with the locale's digit grouping.
          trans._n(
            'Moved %2 run to the trash',
            'Moved %2 runs to the trash',
            ids.length,
            ids.length.toLocaleString()
          ),
          {
            autoClose: 8000,
            actions: [
              {
                label: trans.__('Undo'),
                caption: trans.__('Take these runs out of the trash again'),
                callback: () => {
                  void store.restoreRuns(ids, user());
                }
              }
            ]
          }
        );
      }
      return { deleted: ids };
    }
  });

  commands.addCommand(CommandIDs.restoreRuns, {
    label: args =>
      args.isContextMenu
        ? trans.__('Restore')
        : trans.__('Restore Runs from Trash'),
    caption: trans.__('Take the selected runs out of the trash'),
    describedBy: runIdsArg(
      trans.__('The ids of the runs; without them, the selected runs')
    ),
    isEnabled: args => actionable(args, true),
    execute: async args => {
      const restored = await store.restoreRuns(runIdsOf(args), user());
      if (restored.length > 0) {
        Notification.info(
          trans._n(
            'Restored %2 run from the trash',
            'Restored %2 runs from the trash',
            restored.length,
            restored.length.toLocaleString()
          ),
          { autoClose: 5000 }
        );
      }
      return { restored: restored.map(run => run.id) };
    }
  });

  /** Ask before deleting for good; resolves whether the user agreed. */
  const confirmPurge = async (count: number): Promise<boolean> => {
    const answer = await showDialog({
      title: trans._n(
        'Delete %2 run for good?',
        'Delete %2 runs for good?',
        count,
        count.toLocaleString()
      ),
      body: trans.__(
        'Their records, code and outputs are removed from this browser. This cannot be undone. Their run numbers stay taken.'
      ),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.warnButton({ label: trans.__('Delete for Good') })
      ]
    });
    return answer.button.accept;
  };
  const purge = async (runIds: string[]) => {
    if (runIds.length === 0 || !(await confirmPurge(runIds.length))) {
      return { purged: [] as string[] };
    }
    const tombstones = await store.purgeRuns(runIds, user());
    return { purged: tombstones.map(tombstone => tombstone.id) };
  };

  commands.addCommand(CommandIDs.purgeRuns, {
    label: args =>
      args.isContextMenu
        ? trans.__('Delete for Good…')
        : trans.__('Delete Runs in the Trash for Good…'),
    caption: trans.__(
      'Delete the selected runs in the trash for good; this cannot be undone'
    ),
    describedBy: runIdsArg(
      trans.__('The ids of runs in the trash; without them, the selected runs')
    ),
    isEnabled: args => actionable(args, true),
    execute: args => purge(runIdsOf(args))
  });

  commands.addCommand(CommandIDs.emptyTrash, {
    label: trans.__('Empty Trash…'),
    caption: trans.__(
      "Delete every run in the active notebook's trash for good"
    ),
    isEnabled: () => !!panel.experiment?.id,
    execute: async () => {
      const experimentId = panel.experiment?.id;
      if (!experimentId) {
        return { purged: [] };
      }
      const inTrash = await store.listRuns(experimentId, { trash: true });
      return purge(inTrash.map(run => run.id));
    }
  });

  commands.addCommand(CommandIDs.showTrash, {
    label: trans.__('Show Trash'),
    caption: trans.__(
      "List the active notebook's runs in the trash in the Runs panel"
    ),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          show: {
            type: 'boolean',
            description: trans.__(
              'true: the trash, false: the runs; without it, switch between them'
            )
          }
        }
      }
    },
    isToggled: () => panel.trashShown,
    execute: args => {
      const show =
        typeof args.show === 'boolean' ? args.show : !panel.trashShown;
      panel.showTrash(show);
      if (show) {
        options.openPanel();
      }
      return { trashShown: show };
    }
  });
  panel.trashShownChanged.connect(() =>
    commands.notifyCommandChanged(CommandIDs.showTrash)
  );

  app.contextMenu.addItem({
    command: CommandIDs.deleteRuns,
    args: { isContextMenu: true },
    selector: LIVE_ROW_SELECTOR,
    rank: 40
  });
  for (const [command, rank] of [
    [CommandIDs.restoreRuns, 40],
    [CommandIDs.purgeRuns, 41]
  ] as const) {
    app.contextMenu.addItem({
      command,
      args: { isContextMenu: true },
      selector: TRASH_ROW_SELECTOR,
      rank
    });
  }
  for (const command of [
    CommandIDs.deleteRuns,
    CommandIDs.showTrash,
    CommandIDs.restoreRuns,
    CommandIDs.purgeRuns,
    CommandIDs.emptyTrash
  ]) {
    options.palette?.addItem({ command, category: trans.__('Run Log') });
  }
}
