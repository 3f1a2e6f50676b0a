import {
  RenderMimeRegistry,
  standardRendererFactories
} from '@jupyterlab/rendermime';
import { CommandRegistry } from '@lumino/commands';
import { Widget } from '@lumino/widgets';
import type { IRunOrigin, IRunRecord } from '../tokens';
import { RunsPanel } from './runsPanel';
import { makeRunRecord, MemoryRunStore } from './__tests__/testing';

const EXPERIMENT = { id: 'exp-1', name: 'tune', path: 'work/tune.ipynb' };
const OTHER = { id: 'exp-2', name: 'other', path: 'other.ipynb' };

function origin(kind: IRunOrigin['kind'], file: string): IRunOrigin {
  return { kind, file, imported_at: '2024-05-01T10:00:00.000Z' };
}

const BUNDLE = origin('bundle', 'shared/a.runlog.json');
const PAPERMILL = origin('papermill', 'sweeps/lr-0.1.ipynb');

function run(number: number, from?: IRunOrigin): IRunRecord {
  return makeRunRecord(number, from ? { origin: from } : {});
}

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

function originSelect(panel: RunsPanel): HTMLSelectElement | null {
  return panel.node.querySelector<HTMLSelectElement>(
    'select[aria-label="Origin"]'
  );
}

/** The drop-down's options as the user reads them; null when not offered. */
function originOptions(panel: RunsPanel): string[] | null {
  const select = originSelect(panel);
  if (!select || select.hidden) {
    return null;
  }
  return Array.from(select.options).map(option => option.textContent!);
}

/** Pick an option by its text, as a user does. */
function pickOrigin(panel: RunsPanel, text: string): void {
  const select = originSelect(panel)!;
  const option = Array.from(select.options).find(o => o.textContent === text);
  if (!option) {
    throw new Error(`No origin option "${text}"`);
  }
  select.value = option.value;
  select.dispatchEvent(new Event('change'));
}

function pickedOrigin(panel: RunsPanel): string {
  const select = originSelect(panel)!;
  return select.options[select.selectedIndex].textContent!;
}

function compareButton(panel: RunsPanel): HTMLButtonElement {
  return panel.node.querySelector<HTMLButtonElement>(
    '.jp-runlog-RunsPanel-compare'
  )!;
}

describe('RunsPanel origin filter', () => {
  let store: MemoryRunStore;
  let panel: RunsPanel;

  beforeEach(() => {
    store = new MemoryRunStore();
    panel = new RunsPanel({
      store,
      commands: new CommandRegistry(),
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

  it('lists runs pulled from MLflow as MLflow: HOST and filters to them', async () => {
    const pulled: IRunOrigin = {
      ...origin('mlflow', 'mlflow.example.org:5000'),
      mlflow_run_id: 'abc123',
      run_url: null
    };
    store.seed([run(1), run(2, pulled), run(3, BUNDLE), run(4, pulled)]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    expect(originOptions(panel)).toEqual([
      'All runs (4)',
      'Captured here (1)',
      'Imported: a.runlog.json (1)',
      'MLflow: mlflow.example.org:5000 (2)'
    ]);
    pickOrigin(panel, 'MLflow: mlflow.example.org:5000 (2)');
    expect(rowIds(panel)).toEqual(['run-4', 'run-2']);
  });

  it('offers no Origin drop-down when every run was captured here', async () => {
    store.seed([run(1), run(2)]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    expect(rowIds(panel)).toEqual(['run-2', 'run-1']);
    expect(originOptions(panel)).toBeNull();
  });

  it('lists the origins with counts and shows only the chosen runs', async () => {
    store.seed([
      run(1),
      run(2, BUNDLE),
      run(3),
      run(4, PAPERMILL),
      run(5, BUNDLE)
    ]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    expect(originOptions(panel)).toEqual([
      'All runs (5)',
      'Captured here (2)',
      'Imported: a.runlog.json (2)',
      'Imported: lr-0.1.ipynb (1)'
    ]);
    expect(pickedOrigin(panel)).toBe('All runs (5)');

    pickOrigin(panel, 'Imported: a.runlog.json (2)');
    expect(rowIds(panel)).toEqual(['run-5', 'run-2']);
    pickOrigin(panel, 'Imported: lr-0.1.ipynb (1)');
    expect(rowIds(panel)).toEqual(['run-4']);
    pickOrigin(panel, 'Captured here (2)');
    expect(rowIds(panel)).toEqual(['run-3', 'run-1']);
    // The header still counts every run of the notebook.
    expect(
      panel.node.querySelector('.jp-runlog-RunsPanel-count')!.textContent
    ).toBe('5 runs');
    pickOrigin(panel, 'All runs (5)');
    expect(rowIds(panel)).toEqual([
      'run-5',
      'run-4',
      'run-3',
      'run-2',
      'run-1'
    ]);
  });

  it('unselects the runs it hides, so Compare counts only shown runs', async () => {
    store.seed([run(1), run(2, BUNDLE), run(3), run(4, BUNDLE)]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    const selections: string[][] = [];
    panel.selectionChanged.connect((_, ids) => selections.push([...ids]));
    panel.table.selectAll();
    panel.table.focusRun('run-3');
    expect(compareButton(panel).textContent).toBe('Compare (4)');
    expect(panel.details.isHidden).toBe(false);

    pickOrigin(panel, 'Imported: a.runlog.json (2)');
    expect(panel.selectedRunIds).toEqual(['run-4', 'run-2']);
    expect(selections[selections.length - 1]).toEqual(['run-4', 'run-2']);
    expect(compareButton(panel).textContent).toBe('Compare (2)');
    // The focused run is hidden: its details go with it.
    expect(panel.table.selectedRunId).toBeNull();
    expect(panel.details.isHidden).toBe(true);

    pickOrigin(panel, 'Captured here (2)');
    expect(compareButton(panel).textContent).toBe('Compare (0)');
    expect(compareButton(panel).disabled).toBe(true);
  });

  it('keeps the filter and refreshes the counts as runs arrive', async () => {
    store.seed([run(1), run(2, BUNDLE)]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    pickOrigin(panel, 'Imported: a.runlog.json (1)');

    const result = await store.importRuns([
      run(3, BUNDLE),
      run(4, PAPERMILL),
      // Already stored: not added, so not counted again.
      run(2, BUNDLE)
    ]);
    expect(result.added.map(added => added.id)).toEqual(['run-3', 'run-4']);
    expect(rowIds(panel)).toEqual(['run-3', 'run-2']);
    expect(originOptions(panel)).toEqual([
      'All runs (4)',
      'Captured here (1)',
      'Imported: a.runlog.json (2)',
      'Imported: lr-0.1.ipynb (1)'
    ]);
    expect(pickedOrigin(panel)).toBe('Imported: a.runlog.json (2)');

    // A run captured meanwhile is counted but stays out of this view.
    await store.put(run(5));
    expect(rowIds(panel)).toEqual(['run-3', 'run-2']);
    expect(originOptions(panel)![1]).toBe('Captured here (2)');
    expect(pickedOrigin(panel)).toBe('Imported: a.runlog.json (2)');
  });

  it('appears when the first runs are imported into an open notebook', async () => {
    store.seed([run(1)]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    expect(originOptions(panel)).toBeNull();
    await store.importRuns([run(2, PAPERMILL), run(3, PAPERMILL)]);
    expect(originOptions(panel)).toEqual([
      'All runs (3)',
      'Captured here (1)',
      'Imported: lr-0.1.ipynb (2)'
    ]);
    pickOrigin(panel, 'Captured here (1)');
    expect(rowIds(panel)).toEqual(['run-1']);
  });

  it('starts from all runs when it shows another notebook', async () => {
    store.seed([
      run(1),
      run(2, BUNDLE),
      makeRunRecord(1, {
        id: 'b-1',
        experiment: { id: OTHER.id, name: OTHER.name },
        origin: PAPERMILL
      }),
      makeRunRecord(2, {
        id: 'b-2',
        experiment: { id: OTHER.id, name: OTHER.name }
      })
    ]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    pickOrigin(panel, 'Captured here (1)');
    expect(rowIds(panel)).toEqual(['run-1']);

    panel.experiment = OTHER;
    await panel.loaded;
    expect(rowIds(panel)).toEqual(['b-2', 'b-1']);
    expect(pickedOrigin(panel)).toBe('All runs (2)');
    expect(originOptions(panel)).toEqual([
      'All runs (2)',
      'Captured here (1)',
      'Imported: lr-0.1.ipynb (1)'
    ]);

    panel.experiment = EXPERIMENT;
    await panel.loaded;
    expect(rowIds(panel)).toEqual(['run-2', 'run-1']);
    expect(pickedOrigin(panel)).toBe('All runs (2)');
  });

  it('keeps the filter when the same notebook is renamed', async () => {
    store.seed([run(1), run(2, BUNDLE)]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    pickOrigin(panel, 'Captured here (1)');
    panel.experiment = { ...EXPERIMENT, path: 'work/renamed.ipynb' };
    await panel.loaded;
    expect(rowIds(panel)).toEqual(['run-1']);
    expect(pickedOrigin(panel)).toBe('Captured here (1)');
  });

  it('lists every run again to show a hidden run asked for', async () => {
    store.seed([run(1), run(2, BUNDLE)]);
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    pickOrigin(panel, 'Imported: a.runlog.json (1)');
    panel.focusRun('run-1');
    expect(pickedOrigin(panel)).toBe('All runs (2)');
    expect(rowIds(panel)).toEqual(['run-2', 'run-1']);
    expect(panel.table.selectedRunId).toBe('run-1');
    expect(panel.details.runId).toBe('run-1');
    // A run the panel does not hold changes nothing.
    pickOrigin(panel, 'Imported: a.runlog.json (1)');
    panel.focusRun('nope');
    expect(rowIds(panel)).toEqual(['run-2']);
  });

  it('filters 100,000 runs keeping the body virtualised', async () => {
    store.seed(
      Array.from({ length: 100_000 }, (_, i) =>
        run(i + 1, i % 10 === 0 ? BUNDLE : undefined)
      )
    );
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    expect(originOptions(panel)).toEqual([
      `All runs (${(100_000).toLocaleString()})`,
      `Captured here (${(90_000).toLocaleString()})`,
      `Imported: a.runlog.json (${(10_000).toLocaleString()})`
    ]);
    pickOrigin(panel, `Imported: a.runlog.json (${(10_000).toLocaleString()})`);
    expect(panel.table.runs).toHaveLength(10_000);
    const rows = rowIds(panel);
    expect(rows.length).toBeLessThan(100);
    expect(rows.slice(0, 3)).toEqual(['run-99991', 'run-99981', 'run-99971']);
    expect(panel.table.node.getAttribute('aria-rowcount')).toBe('10001');
  }, 60_000);
});
