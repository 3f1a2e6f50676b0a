import {
  RenderMimeRegistry,
  standardRendererFactories
} from '@jupyterlab/rendermime';
import { CommandRegistry } from '@lumino/commands';
import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import type { IRunRecord } from '../model/types';
import { RunsPanel } from './runsPanel';
import { makeRunRecord, MemoryRunStore } from './__tests__/testing';

const EXPERIMENT = { id: 'exp-1', name: 'tune', path: 'work/tune.ipynb' };

function rowIds(panel: RunsPanel): string[] {
  return Array.from(
    panel.node.querySelectorAll<HTMLElement>('[role="row"][data-run-id]')
  )
    .sort(
      (a, b) =>
        Number(a.getAttribute('aria-rowindex')) -
        Number(b.getAttribute('aria-rowindex'))
    )
    .map(row => row.dataset.runId!);
}

function emptyState(panel: RunsPanel): HTMLElement {
  return panel.node.querySelector<HTMLElement>('.jp-runlog-EmptyState')!;
}

function isShown(node: Element): boolean {
  return !node.classList.contains('lm-mod-hidden');
}

function headerText(panel: RunsPanel): string {
  return panel.node.querySelector('.jp-runlog-RunsPanel-header')!.textContent!;
}

describe('RunsPanel', () => {
  let store: MemoryRunStore;
  let commands: CommandRegistry;
  let panel: RunsPanel;

  beforeEach(() => {
    store = new MemoryRunStore();
    commands = new CommandRegistry();
    panel = new RunsPanel({
      store,
      commands,
      rendermime: new RenderMimeRegistry({
        initialFactories: standardRendererFactories
      })
    });
    Widget.attach(panel, document.body);
  });

  afterEach(() => {
    panel.dispose();
    store.dispose();
  });

  it('is the labelled Runs side panel', () => {
    expect(panel.id).toBe('jp-runlog-panel');
    expect(panel.node.getAttribute('aria-label')).toBe('Runs');
    expect(panel.title.caption).toBe('Runs');
    expect(panel.title.icon).toBeTruthy();
  });

  it('asks for a notebook when none is active', () => {
    expect(isShown(emptyState(panel))).toBe(true);
    expect(emptyState(panel).textContent).toContain(
      'Open a notebook to see its runs'
    );
    expect(rowIds(panel)).toEqual([]);
  });

  it('explains the three steps when the notebook has no runs, with working buttons', async () => {
    const executed: string[] = [];
    for (const id of [
      'runlog:toggle-parameters-cell',
      'runlog:toggle-tracked-cell',
      'notebook:run-all-cells'
    ]) {
      commands.addCommand(id, { execute: () => void executed.push(id) });
    }
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    const state = emptyState(panel);
    expect(isShown(state)).toBe(true);
    const buttons = Array.from(state.querySelectorAll('button'));
    expect(buttons.map(button => button.textContent)).toEqual([
      'Tag a parameters cell',
      'Track a cell',
      'Run the notebook'
    ]);
    buttons.forEach(button => button.click());
    await Promise.resolve();
    expect(executed).toEqual([
      'runlog:toggle-parameters-cell',
      'runlog:toggle-tracked-cell',
      'notebook:run-all-cells'
    ]);
    expect(headerText(panel)).toContain('tune');
    expect(headerText(panel)).toContain('0 runs');
  });

  it('lists the runs newest first and hides the empty state', async () => {
    store.seed([makeRunRecord(1), makeRunRecord(3), makeRunRecord(2)]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    expect(rowIds(panel)).toEqual(['run-3', 'run-2', 'run-1']);
    expect(isShown(emptyState(panel))).toBe(false);
    expect(headerText(panel)).toContain('3 runs');
  });

  it('paints a first page, then loads the whole list', async () => {
    store.seed(Array.from({ length: 450 }, (_, i) => makeRunRecord(i + 1)));
    const firstPaints: RunsPanel.IFirstPaint[] = [];
    panel.firstPaint.connect((_, paint) => firstPaints.push(paint));
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    expect(store.listCalls).toEqual([
      { experimentId: 'exp-1', limit: 200 },
      { experimentId: 'exp-1', limit: undefined }
    ]);
    expect(firstPaints).toHaveLength(1);
    expect(firstPaints[0].runCount).toBe(200);
    expect(firstPaints[0].rowCount).toBeGreaterThan(0);
    expect(panel.table.runs).toHaveLength(450);
    expect(rowIds(panel)[0]).toBe('run-450');
    expect(headerText(panel)).toContain('450 runs');
  });

  it('adds and updates runs of its experiment live', async () => {
    store.seed([makeRunRecord(1), makeRunRecord(2)]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    await store.put(makeRunRecord(3, { status: 'running' }));
    expect(rowIds(panel)).toEqual(['run-3', 'run-2', 'run-1']);
    expect(headerText(panel)).toContain('3 runs');
    const status = () =>
      panel.node.querySelector('[data-run-id="run-3"] .jp-runlog-status')!
        .textContent;
    expect(status()).toBe('running');
    await store.put(makeRunRecord(3, { status: 'completed' }));
    expect(status()).toBe('completed');
    expect(panel.table.runs).toHaveLength(3);
  });

  it('says how many parameter and metric columns the table leaves out', async () => {
    const note = () =>
      panel.node.querySelector<HTMLElement>('.jp-runlog-RunsColumnsNote')!;
    store.seed([makeRunRecord(1)]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    expect(isShown(note())).toBe(false);

    const params: IRunRecord['params'] = {};
    for (let i = 0; i < 2_500; i++) {
      params[`p_${i}`] = { value: i, source: String(i), type: 'int' };
    }
    await store.put(makeRunRecord(2, { params }));
    const paramNames = new Set([
      ...Object.keys(params),
      ...Object.keys(makeRunRecord(1).params)
    ]).size;
    expect(isShown(note())).toBe(true);
    expect(note().textContent).toBe(
      `Showing 100 of ${paramNames.toLocaleString()} parameter columns`
    );
    expect(note().title).toContain(
      `${(paramNames - 100).toLocaleString()} parameter columns are hidden.`
    );
    expect(note().title).toContain('details');

    const metrics: IRunRecord['metrics'] = {};
    for (let i = 0; i < 130; i++) {
      metrics[`m_${i}`] = { value: i };
    }
    await store.put(makeRunRecord(3, { metrics }));
    const metricNames = new Set([
      ...Object.keys(metrics),
      ...Object.keys(makeRunRecord(1).metrics)
    ]).size;
    expect(note().textContent).toBe(
      `Showing 100 of ${paramNames.toLocaleString()} parameter and 100 of ${metricNames} metric columns`
    );
  });

  it('shows the first run of a notebook as it is recorded', async () => {
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    await store.put(makeRunRecord(1, { status: 'running' }));
    expect(rowIds(panel)).toEqual(['run-1']);
    expect(isShown(emptyState(panel))).toBe(false);
  });

  it('ignores runs of other experiments', async () => {
    store.seed([makeRunRecord(1)]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    await store.put(
      makeRunRecord(2, {
        id: 'other-run',
        experiment: { id: 'exp-2', name: 'other' }
      })
    );
    expect(rowIds(panel)).toEqual(['run-1']);
    expect(headerText(panel)).toContain('1 run');
  });

  it('switches experiments, and stops listening when disposed', async () => {
    store.seed([
      makeRunRecord(1),
      makeRunRecord(1, { id: 'b-1', experiment: { id: 'exp-2', name: 'b' } })
    ]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    panel.experiment = { id: 'exp-2', name: 'b', path: 'b.ipynb' };
    await panel.loaded;
    expect(rowIds(panel)).toEqual(['b-1']);
    panel.experiment = null;
    expect(isShown(emptyState(panel))).toBe(true);
    expect(rowIds(panel)).toEqual([]);

    panel.experiment = EXPERIMENT;
    await panel.loaded;
    const upsert = jest.spyOn(panel.table, 'upsertRuns');
    await store.put(makeRunRecord(2));
    expect(upsert).toHaveBeenCalledTimes(1);
    panel.dispose();
    await store.put(makeRunRecord(3));
    expect(upsert).toHaveBeenCalledTimes(1);
  });

  it('only marks itself stale while hidden, and reloads on show', async () => {
    store.seed([makeRunRecord(1)]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    panel.hide();
    await store.put(makeRunRecord(2));
    expect(panel.table.runs).toHaveLength(1);
    panel.show();
    // The reload waits a frame so the table can measure itself.
    await new Promise(resolve => requestAnimationFrame(resolve));
    await panel.loaded;
    MessageLoop.flush();
    expect(rowIds(panel)).toEqual(['run-2', 'run-1']);
  });

  it('shows the selected run below the table and closes back to it', async () => {
    store.seed([makeRunRecord(1), makeRunRecord(2)]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    const details = panel.details;
    expect(details.isHidden).toBe(true);

    panel.node.querySelector<HTMLElement>('[data-run-id="run-1"]')!.click();
    expect(details.isHidden).toBe(false);
    await details.showRun('run-1');
    expect(details.node.textContent).toContain('Run #1');

    // A rewrite of the shown run refreshes the details.
    await store.put(
      makeRunRecord(1, { status: 'failed', status_reason: 'ValueError: x' })
    );
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(details.node.textContent).toContain('ValueError: x');

    details.node
      .querySelector<HTMLButtonElement>('.jp-runlog-RunDetails-close')!
      .click();
    expect(details.isHidden).toBe(true);
    expect(document.activeElement).toBe(panel.table.node);
  });

  it("passes on the details' request to restore the shown run", async () => {
    store.seed([makeRunRecord(1), makeRunRecord(2)]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    const requests: [unknown, string][] = [];
    panel.restoreRequested.connect((sender, runId) =>
      requests.push([sender, runId])
    );
    panel.table.select('run-2');
    await panel.details.showRun('run-2');
    panel.details.node
      .querySelector<HTMLButtonElement>('.jp-runlog-RunDetails-restore')!
      .click();
    expect(requests).toEqual([[panel, 'run-2']]);
  });

  it('offers Compare from two selected runs and runs the compare command', async () => {
    const executed: string[] = [];
    commands.addCommand('runlog:compare-selected', {
      execute: () => {
        executed.push([...panel.selectedRunIds].join(','));
      }
    });
    store.seed([1, 2, 3].map(n => makeRunRecord(n)));
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    const button = panel.node.querySelector<HTMLButtonElement>(
      '.jp-runlog-RunsPanel-compare'
    )!;
    expect(button.textContent).toBe('Compare (0)');
    expect(button.disabled).toBe(true);
    const selections: string[][] = [];
    const senders = new Set<unknown>();
    panel.selectionChanged.connect((sender, ids) => {
      senders.add(sender);
      selections.push([...ids]);
    });
    panel.table.select('run-3');
    panel.table.toggle('run-1');
    expect(button.textContent).toBe('Compare (2)');
    expect(button.disabled).toBe(false);
    button.click();
    expect(executed).toEqual(['run-3,run-1']);
    expect(selections).toEqual([['run-3'], ['run-3', 'run-1']]);
    expect([...senders]).toEqual([panel]);
  });

  it('focuses a run for its details without changing the selection', async () => {
    store.seed([1, 2, 3].map(n => makeRunRecord(n)));
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    panel.table.selectAll();
    panel.focusRun('run-2');
    expect(panel.table.selectedRunId).toBe('run-2');
    expect(panel.selectedRunIds).toEqual(['run-3', 'run-2', 'run-1']);
    expect(panel.details.runId).toBe('run-2');
    expect(isShown(panel.details.node)).toBe(true);
  });
});
