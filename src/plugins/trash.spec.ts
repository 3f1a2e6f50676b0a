import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import {
  RenderMimeRegistry,
  standardRendererFactories
} from '@jupyterlab/rendermime';
import { nullTranslator } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';
import { Widget } from '@lumino/widgets';
import { CommandIDs } from '../commands';
import { RunsPanel } from '../widgets/runsPanel';
import { makeRunRecord, MemoryRunStore } from '../widgets/__tests__/testing';
import { addTrashCommands } from './trash';

const EXPERIMENT = { id: 'exp-1', name: 'tune', path: 'tune.ipynb' };

/** The open dialog, once it is there. */
async function dialog(): Promise<HTMLElement> {
  for (let i = 0; i < 50; i++) {
    const node = document.querySelector<HTMLElement>('.jp-Dialog');
    // The title is drawn a moment after the dialog.
    if (node?.querySelector('.jp-Dialog-header')?.textContent) {
      return node;
    }
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  throw new Error('no dialog');
}

/** Click a dialog button by its label. */
async function answer(label: string): Promise<string> {
  const node = await dialog();
  const text = node.textContent ?? '';
  const button = [
    ...node.querySelectorAll<HTMLButtonElement>('.jp-Dialog-button')
  ].find(b => b.textContent?.trim() === label);
  button!.click();
  return text;
}

describe('trash commands', () => {
  let store: MemoryRunStore;
  let panel: RunsPanel;
  let commands: CommandRegistry;
  let contextMenuRows: string[];

  beforeEach(async () => {
    store = new MemoryRunStore();
    for (const number of [1, 2, 3]) {
      await store.put(makeRunRecord(number));
    }
    commands = new CommandRegistry();
    panel = new RunsPanel({
      store,
      commands,
      rendermime: new RenderMimeRegistry({
        initialFactories: standardRendererFactories
      })
    });
    Widget.attach(panel, document.body);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    contextMenuRows = [];
    const app = {
      commands,
      contextMenu: {
        addItem: (item: { command: string; selector: string }) =>
          contextMenuRows.push(`${item.command} ${item.selector}`)
      },
      contextMenuHitTest: () => undefined
    } as unknown as JupyterFrontEnd;
    addTrashCommands(app, {
      store,
      panel,
      palette: null,
      trans: nullTranslator.load('jupyterlab_runlog'),
      user: () => 'ada',
      openPanel: () => undefined
    });
  });

  afterEach(() => {
    panel.dispose();
    store.dispose();
    Notification.dismiss();
  });

  it('moves the selected runs to the trash and offers Undo, which restores exactly them', async () => {
    expect(commands.isEnabled(CommandIDs.deleteRuns)).toBe(false);
    panel.table.select('run-1');
    panel.table.toggle('run-3');
    expect(commands.isEnabled(CommandIDs.deleteRuns)).toBe(true);
    const result = await commands.execute(CommandIDs.deleteRuns);
    expect(result).toEqual({ deleted: ['run-3', 'run-1'] });
    expect(panel.table.runs.map(run => run.id)).toEqual(['run-2']);
    const stored = await store.getRun('run-1');
    expect(stored?.deleted?.user).toBe('ada');

    const toast = Notification.manager.notifications[0];
    expect(toast.message).toBe('Moved 2 runs to the trash');
    const undo = toast.options.actions!.find(a => a.label === 'Undo')!;
    await store.deleteRuns(['run-2'], 'ada');
    undo.callback(new MouseEvent('click'));
    await Promise.resolve();
    // run-2 was deleted separately: Undo leaves it in the trash.
    expect(panel.table.runs.map(run => run.id)).toEqual(['run-3', 'run-1']);
  });

  it('shows the trash, restores and deletes for good from it, and empties it after a confirmation naming the count', async () => {
    await commands.execute(CommandIDs.deleteRuns, {
      runIds: ['run-1', 'run-2', 'run-3']
    });
    expect(commands.isToggled(CommandIDs.showTrash)).toBe(false);
    await commands.execute(CommandIDs.showTrash);
    await panel.loaded;
    expect(commands.isToggled(CommandIDs.showTrash)).toBe(true);
    expect(panel.table.runs.map(run => run.id)).toEqual([
      'run-3',
      'run-2',
      'run-1'
    ]);
    expect(commands.isEnabled(CommandIDs.deleteRuns)).toBe(false);

    panel.table.select('run-2');
    expect(commands.isEnabled(CommandIDs.restoreRuns)).toBe(true);
    await commands.execute(CommandIDs.restoreRuns);
    expect(panel.table.runs.map(run => run.id)).toEqual(['run-3', 'run-1']);

    panel.table.select('run-3');
    const purged = commands.execute(CommandIDs.purgeRuns);
    expect(await answer('Cancel')).toContain('Delete 1 run for good?');
    expect(await purged).toEqual({ purged: [] });
    expect(panel.table.runs.map(run => run.id)).toEqual(['run-3', 'run-1']);

    const emptied = commands.execute(CommandIDs.emptyTrash);
    expect(await answer('Delete for Good')).toContain(
      'Delete 2 runs for good?'
    );
    expect(await emptied).toEqual({ purged: ['run-3', 'run-1'] });
    expect(panel.table.runs).toEqual([]);
    expect((await store.listPurged('exp-1')).map(t => t.id).sort()).toEqual([
      'run-1',
      'run-3'
    ]);

    // An empty trash: nothing to confirm, nothing done.
    expect(await commands.execute(CommandIDs.emptyTrash)).toEqual({
      purged: []
    });
    expect(document.querySelector('.jp-Dialog')).toBeNull();

    await commands.execute(CommandIDs.showTrash);
    await panel.loaded;
    expect(panel.table.runs.map(run => run.id)).toEqual(['run-2']);
  });

  it('puts Move to Trash on live rows and Restore / Delete for Good on rows in the trash', () => {
    expect(contextMenuRows).toEqual([
      expect.stringMatching(
        /^runlog:delete-runs .*:not\(\.jp-runlog-mod-trash\) .*RunsTable-row/
      ),
      expect.stringMatching(/^runlog:restore-runs .*\.jp-runlog-mod-trash /),
      expect.stringMatching(/^runlog:purge-runs .*\.jp-runlog-mod-trash /)
    ]);
  });
});
