import {
  RenderMimeRegistry,
  standardRendererFactories
} from '@jupyterlab/rendermime';
import { CommandRegistry } from '@lumino/commands';
import { Widget } from '@lumino/widgets';
import type { IRunOrigin } from '../model/types';
import { RunsPanel } from './runsPanel';
import { PullThrottle } from './runsPanelSync';
import { SYNC_BADGE_CLASS } from './runsSyncBadges';
import { makeRunRecord, MemoryRunStore } from './__tests__/testing';
import { FakeMlflowSync, makeSyncState } from './__tests__/fakeMlflowSync';

const EXPERIMENT = { id: 'exp-1', name: 'tune', path: 'work/tune.ipynb' };

const settle = () => new Promise(resolve => setTimeout(resolve, 0));

function renderedRows(panel: RunsPanel): HTMLElement[] {
  return Array.from(
    panel.node.querySelectorAll<HTMLElement>('[role="row"][data-run-id]')
  );
}

function badgeOf(panel: RunsPanel, runId: string): HTMLElement | null {
  return panel.node.querySelector<HTMLElement>(
    `[data-run-id="${runId}"] .jp-runlog-mod-status .${SYNC_BADGE_CLASS}`
  );
}

describe('RunsPanel with MLflow sync', () => {
  let store: MemoryRunStore;
  let sync: FakeMlflowSync;
  let panel: RunsPanel;

  function create(withSync: boolean): void {
    panel?.dispose();
    panel = new RunsPanel({
      store,
      commands: new CommandRegistry(),
      rendermime: new RenderMimeRegistry({
        initialFactories: standardRendererFactories
      }),
      sync: withSync ? sync : null
    });
    Widget.attach(panel, document.body);
  }

  async function show(): Promise<void> {
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    await panel.sync?.badges.settled;
  }

  beforeEach(() => {
    store = new MemoryRunStore();
    sync = new FakeMlflowSync();
    create(true);
  });

  afterEach(() => {
    panel.dispose();
    store.dispose();
  });

  it('badges the painted rows of 2,000 runs from one runStates call for those rows', async () => {
    store.seed(Array.from({ length: 2000 }, (_, i) => makeRunRecord(i + 1)));
    sync.seed([
      makeSyncState(2000),
      makeSyncState(1999, {
        state: 'waiting',
        mlflow: null,
        attempts: 2,
        error: 'MLflow answered 503.'
      }),
      makeSyncState(1998, {
        state: 'failed',
        mlflow: null,
        error: 'Run name is too long.'
      })
    ]);
    await show();
    const painted = renderedRows(panel).map(row => row.dataset.runId!);
    expect(painted.length).toBeGreaterThan(0);
    expect(painted.length).toBeLessThan(100);
    // One request, for the painted rows only: never one per row, never all.
    expect(sync.runStatesCalls.length).toBe(1);
    expect([...sync.runStatesCalls[0]].sort()).toEqual([...painted].sort());

    const synced = badgeOf(panel, 'run-2000')!;
    expect(synced.dataset.syncState).toBe('synced');
    expect(synced.getAttribute('aria-label')).toBe('Synced');
    // The mark is CSS: the status cell's text (what tests and copy read) is unchanged.
    expect(synced.parentElement!.textContent).toBe('completed');
    const waiting = badgeOf(panel, 'run-1999')!;
    expect(waiting.dataset.syncState).toBe('waiting');
    expect(waiting.title).toBe(
      'Waiting to sync\n2 failed attempts\nMLflow answered 503.'
    );
    const failed = badgeOf(panel, 'run-1998')!;
    expect(failed.classList).toContain(`${SYNC_BADGE_CLASS}-failed`);
    expect(failed.title).toBe('Failed: Run name is too long.');
    // A run sync has not queued gets no badge.
    expect(badgeOf(panel, 'run-1997')).toBeNull();
  });

  it("repaints only the changed run's badge when states change, with no request", async () => {
    store.seed(Array.from({ length: 50 }, (_, i) => makeRunRecord(i + 1)));
    sync.seed([
      makeSyncState(50, { state: 'waiting', mlflow: null }),
      makeSyncState(49)
    ]);
    await show();
    const calls = sync.runStatesCalls.length;
    const untouched = badgeOf(panel, 'run-49');
    const rows = renderedRows(panel);

    sync.change([makeSyncState(50, { updated_at: '2024-01-02T00:00:00Z' })]);
    expect(badgeOf(panel, 'run-50')!.dataset.syncState).toBe('synced');
    expect(badgeOf(panel, 'run-49')).toBe(untouched);
    expect(renderedRows(panel)).toEqual(rows);
    expect(sync.runStatesCalls.length).toBe(calls);
  });

  it('keeps a newer state over an older answer', async () => {
    store.seed([makeRunRecord(1)]);
    sync.seed([makeSyncState(1, { state: 'waiting', mlflow: null })]);
    const release = sync.holdRunStates();
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    await settle();
    expect(sync.runStatesCalls).toEqual([['run-1']]);
    // The push lands before the read's (older) answer does.
    sync.change([makeSyncState(1, { updated_at: '2024-01-05T00:00:00Z' })]);
    expect(badgeOf(panel, 'run-1')!.dataset.syncState).toBe('synced');
    release();
    await panel.sync!.badges.settled;
    expect(badgeOf(panel, 'run-1')!.dataset.syncState).toBe('synced');
  });

  it('marks runs pulled from MLflow without asking for their state', async () => {
    const origin: IRunOrigin = {
      kind: 'mlflow',
      file: 'mlflow.example.org',
      imported_at: '2026-03-02T10:00:00Z',
      run_url: null
    };
    store.seed([makeRunRecord(1, { origin })]);
    await show();
    expect(sync.runStatesCalls).toEqual([]);
    const badge = badgeOf(panel, 'run-1')!;
    expect(badge.dataset.syncState).toBe('pulled');
    expect(badge.title).toBe('From MLflow (mlflow.example.org)');
  });

  it('shows no badges while sync is off, and badges the rows when it is turned on', async () => {
    sync.setStatus({ enabled: false, phase: 'off' });
    store.seed([makeRunRecord(1), makeRunRecord(2)]);
    sync.seed([makeSyncState(1), makeSyncState(2)]);
    await show();
    expect(panel.node.querySelector(`.${SYNC_BADGE_CLASS}`)).toBeNull();
    expect(sync.runStatesCalls).toEqual([]);

    sync.setStatus({ enabled: true, phase: 'idle' });
    await panel.sync!.badges.settled;
    expect(badgeOf(panel, 'run-1')!.dataset.syncState).toBe('synced');
    expect(badgeOf(panel, 'run-2')!.dataset.syncState).toBe('synced');

    sync.setStatus({ enabled: false, phase: 'off' });
    expect(panel.node.querySelector(`.${SYNC_BADGE_CLASS}`)).toBeNull();
  });

  it('is the plain panel without the sync service', async () => {
    create(false);
    store.seed([makeRunRecord(1)]);
    await show();
    expect(panel.sync).toBeNull();
    expect(renderedRows(panel).length).toBe(1);
    expect(panel.node.querySelector(`.${SYNC_BADGE_CLASS}`)).toBeNull();
    expect(sync.runStatesCalls).toEqual([]);
    expect(sync.pullCalls).toEqual([]);
  });

  it('knows the MLflow link of a synced run only (Open in MLflow enablement)', async () => {
    store.seed([makeRunRecord(1), makeRunRecord(2), makeRunRecord(3)]);
    sync.seed([
      makeSyncState(1),
      makeSyncState(2, { state: 'waiting', mlflow: null })
    ]);
    await show();
    expect(panel.sync!.knownUrlOf('run-1')).toBe(
      'http://127.0.0.1:5000/#/experiments/7/runs/mlflow-1'
    );
    expect(panel.sync!.knownUrlOf('run-2')).toBeNull();
    expect(panel.sync!.knownUrlOf('run-3')).toBeNull();
    sync.change([makeSyncState(2, { updated_at: '2024-01-03T00:00:00Z' })]);
    expect(panel.sync!.knownUrlOf('run-2')).toBe(
      'http://127.0.0.1:5000/#/experiments/7/runs/mlflow-2'
    );
  });

  it('reads the link of a run that is not listed from the store and the sync', async () => {
    store.seed([makeRunRecord(9, { experiment: { id: 'other', name: 'o' } })]);
    sync.seed([makeSyncState(9)]);
    await show();
    expect(panel.sync!.knownUrlOf('run-9')).toBeNull();
    await expect(panel.sync!.urlOf('run-9')).resolves.toBe(
      'http://127.0.0.1:5000/#/experiments/7/runs/mlflow-9'
    );
    await expect(panel.sync!.urlOf('run-404')).resolves.toBeNull();
  });

  it('pulls the shown experiment when it shows, once, and silently on failure', async () => {
    sync.pullResult = () => Promise.reject(new Error('MLflow is down'));
    store.seed([makeRunRecord(1)]);
    await show();
    expect(sync.pullCalls).toEqual(['exp-1']);

    // Hidden and shown again within the minute: no second pull.
    panel.hide();
    panel.show();
    await settle();
    expect(sync.pullCalls).toEqual(['exp-1']);

    panel.experiment = { id: 'exp-2', name: 'b', path: 'b.ipynb' };
    await panel.loaded;
    expect(sync.pullCalls).toEqual(['exp-1', 'exp-2']);
  });

  it('does not pull while hidden, with sync off or without an experiment id', async () => {
    panel.experiment = { id: null, name: 'new', path: 'new.ipynb' };
    await settle();
    sync.setStatus({ enabled: false, phase: 'off' });
    panel.experiment = EXPERIMENT;
    await panel.loaded;
    expect(sync.pullCalls).toEqual([]);

    panel.hide();
    sync.setStatus({ enabled: true, phase: 'idle' });
    expect(sync.pullCalls).toEqual([]);
    panel.show();
    expect(sync.pullCalls).toEqual(['exp-1']);
  });

  it('pulls when sync is turned on while the panel shows an experiment', async () => {
    sync.setStatus({ enabled: false, phase: 'off' });
    await show();
    expect(sync.pullCalls).toEqual([]);
    sync.setStatus({ enabled: true, phase: 'idle' });
    expect(sync.pullCalls).toEqual(['exp-1']);
    // Status changes while on (pushes, phases) do not pull again.
    sync.setStatus({ phase: 'syncing' });
    sync.setStatus({ phase: 'idle' });
    expect(sync.pullCalls).toEqual(['exp-1']);
  });
});

describe('PullThrottle', () => {
  it('lets one pull per experiment through per interval', () => {
    let now = 1_000_000;
    const throttle = new PullThrottle(60_000, () => now);
    expect(throttle.take('exp-1')).toBe(true);
    expect(throttle.take('exp-1')).toBe(false);
    expect(throttle.take('exp-2')).toBe(true);
    now += 59_999;
    expect(throttle.take('exp-1')).toBe(false);
    now += 1;
    expect(throttle.take('exp-1')).toBe(true);
  });
});
