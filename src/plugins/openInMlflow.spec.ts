import type { JupyterFrontEnd } from '@jupyterlab/application';
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
import {
  FakeMlflowSync,
  makeSyncState
} from '../widgets/__tests__/fakeMlflowSync';
import { addOpenInMlflow } from './panel';

const URL_1 = 'http://127.0.0.1:5000/#/experiments/7/runs/mlflow-1';

describe('runlog:open-in-mlflow', () => {
  let store: MemoryRunStore;
  let sync: FakeMlflowSync;
  let panel: RunsPanel;
  let commands: CommandRegistry;
  let rightClicked: HTMLElement | undefined;
  let menuItems: { command: string; selector: string }[];
  let open: jest.SpyInstance;

  beforeEach(async () => {
    store = new MemoryRunStore();
    sync = new FakeMlflowSync();
    commands = new CommandRegistry();
    panel = new RunsPanel({
      store,
      commands,
      rendermime: new RenderMimeRegistry({
        initialFactories: standardRendererFactories
      }),
      sync
    });
    Widget.attach(panel, document.body);
    rightClicked = undefined;
    menuItems = [];
    const app = {
      commands,
      contextMenu: {
        addItem: (item: { command: string; selector: string }) =>
          menuItems.push(item)
      },
      contextMenuHitTest: (test: (node: HTMLElement) => boolean) =>
        rightClicked && test(rightClicked) ? rightClicked : undefined
    } as unknown as JupyterFrontEnd;
    addOpenInMlflow(app, panel, panel.sync!, null, nullTranslator.load('x'));
    open = jest.spyOn(window, 'open').mockImplementation(() => null);

    store.seed([makeRunRecord(1), makeRunRecord(2)]);
    sync.seed([
      makeSyncState(1),
      makeSyncState(2, { state: 'waiting', mlflow: null })
    ]);
    panel.experiment = { id: 'exp-1', name: 'tune', path: 'tune.ipynb' };
    await panel.loaded;
    await panel.sync!.badges.settled;
  });

  afterEach(() => {
    open.mockRestore();
    panel.dispose();
  });

  const row = (runId: string) =>
    panel.node.querySelector<HTMLElement>(`[data-run-id="${runId}"]`)!;

  it('is in the runs table row context menu', () => {
    expect(menuItems.map(item => item.command)).toEqual([
      CommandIDs.openInMlflow
    ]);
    expect(row('run-1').matches(menuItems[0].selector)).toBe(true);
  });

  it('is enabled for a run with a known MLflow link only', () => {
    expect(
      commands.isEnabled(CommandIDs.openInMlflow, { runId: 'run-1' })
    ).toBe(true);
    expect(
      commands.isEnabled(CommandIDs.openInMlflow, { runId: 'run-2' })
    ).toBe(false);
    // Without a run id: the run the panel shows; none is shown yet.
    expect(commands.isEnabled(CommandIDs.openInMlflow, {})).toBe(false);
    panel.table.select('run-1');
    expect(commands.isEnabled(CommandIDs.openInMlflow, {})).toBe(true);
  });

  it('opens the link of the right-clicked row in a new tab', async () => {
    panel.table.select('run-2');
    rightClicked = row('run-1');
    const args = { isContextMenu: true };
    expect(commands.isEnabled(CommandIDs.openInMlflow, args)).toBe(true);
    const result = await commands.execute(CommandIDs.openInMlflow, args);
    expect(result).toEqual({ opened: true, url: URL_1 });
    expect(open).toHaveBeenCalledWith(URL_1, '_blank', 'noopener');
  });

  it('ignores an old right-click when run from the palette', () => {
    rightClicked = row('run-1');
    panel.table.select('run-2');
    expect(commands.isEnabled(CommandIDs.openInMlflow, {})).toBe(false);
  });

  it('opens nothing for a run without a link', async () => {
    const result = await commands.execute(CommandIDs.openInMlflow, {
      runId: 'run-2'
    });
    expect(result).toEqual({ opened: false, url: null });
    expect(open).not.toHaveBeenCalled();
  });
});
