import {
  RenderMimeRegistry,
  standardRendererFactories
} from '@jupyterlab/rendermime';
import { Widget } from '@lumino/widgets';
import type { IRunOrigin } from '../model/types';
import { RunDetails } from './runDetails';
import { openInNewTab } from './runSyncSection';
import { makeRunRecord, MemoryRunStore } from './__tests__/testing';
import { FakeMlflowSync, makeSyncState } from './__tests__/fakeMlflowSync';

/** A pulled run's origin. */
function mlflowOrigin(runUrl: string | null): IRunOrigin {
  return {
    kind: 'mlflow',
    file: 'mlflow.example.org',
    imported_at: '2026-03-02T10:00:00Z',
    mlflow_run_id: 'abc123',
    run_url: runUrl
  };
}

const settle = () => new Promise(resolve => setTimeout(resolve, 0));

describe('RunDetails: the MLflow section', () => {
  let store: MemoryRunStore;
  let sync: FakeMlflowSync;
  let opened: string[];
  let details: RunDetails;

  const section = () =>
    details.node.querySelector<HTMLElement>('.jp-runlog-RunDetails-sync');
  const stateText = () =>
    section()?.querySelector('.jp-runlog-RunDetails-syncState')?.textContent;
  const openButton = () =>
    section()?.querySelector<HTMLButtonElement>(
      '.jp-runlog-RunDetails-openInMlflow'
    ) ?? null;

  function create(withSync: boolean): void {
    details?.dispose();
    details = new RunDetails({
      store,
      rendermime: new RenderMimeRegistry({
        initialFactories: standardRendererFactories
      }),
      sync: withSync ? sync : null,
      openUrl: url => opened.push(url)
    });
    Widget.attach(details, document.body);
  }

  beforeEach(() => {
    store = new MemoryRunStore();
    sync = new FakeMlflowSync();
    opened = [];
    store.seed([makeRunRecord(1)]);
    create(true);
  });

  afterEach(() => {
    details.dispose();
  });

  it('says a synced run is synced, and Open in MLflow opens its link', async () => {
    sync.seed([makeSyncState(1)]);
    await details.showRun('run-1');
    await settle();
    expect(section()!.hidden).toBe(false);
    expect(section()!.dataset.syncState).toBe('synced');
    expect(section()!.querySelector('h4')!.textContent).toBe('MLflow');
    expect(stateText()).toBe('Synced');
    openButton()!.click();
    expect(opened).toEqual([
      'http://127.0.0.1:5000/#/experiments/7/runs/mlflow-1'
    ]);
  });

  it('says a run in the trash whose delete MLflow has is deleted there', async () => {
    sync.seed([makeSyncState(1, { mlflow_deleted: true })]);
    await details.showRun('run-1');
    await settle();
    expect(section()!.dataset.syncState).toBe('synced');
    expect(stateText()).toBe('Deleted in MLflow');
    // The run stays reachable in MLflow's own trash.
    expect(openButton()).not.toBeNull();
  });

  it('says a run deleted before it ever reached MLflow was never sent', async () => {
    sync.seed([makeSyncState(1, { mlflow: null, mlflow_deleted: true })]);
    await details.showRun('run-1');
    await settle();
    expect(stateText()).toBe('In the trash; never sent to MLflow');
  });

  it('has no Open in MLflow button while the link is unknown', async () => {
    sync.seed([makeSyncState(1, { mlflow: null })]);
    await details.showRun('run-1');
    await settle();
    expect(stateText()).toBe('Synced');
    expect(openButton()).toBeNull();
  });

  it("shows a waiting run's failed attempts, next retry and last error", async () => {
    const next = Date.UTC(2026, 2, 2, 10, 30);
    sync.seed([
      makeSyncState(1, {
        state: 'waiting',
        mlflow: null,
        attempts: 3,
        next_attempt_at: next,
        error: 'MLflow did not answer within 30 s.'
      })
    ]);
    await details.showRun('run-1');
    await settle();
    expect(section()!.dataset.syncState).toBe('waiting');
    expect(stateText()).toBe('Waiting to sync');
    const detail = section()!.querySelector(
      '.jp-runlog-RunDetails-syncDetail'
    )!.textContent!;
    expect(detail).toMatch(/^3 failed attempts; next retry at .+2026/);
    expect(
      section()!.querySelector('.jp-runlog-RunDetails-syncError')!.textContent
    ).toBe('Last error: MLflow did not answer within 30 s.');
  });

  it("shows a failed run's reason, and Retry asks the sync to retry now", async () => {
    sync.seed([
      makeSyncState(1, {
        state: 'failed',
        mlflow: null,
        error: 'RESOURCE_ALREADY_EXISTS: param lr was logged as 0.1'
      })
    ]);
    await details.showRun('run-1');
    await settle();
    expect(stateText()).toBe(
      'Failed: RESOURCE_ALREADY_EXISTS: param lr was logged as 0.1'
    );
    const retry = section()!.querySelector<HTMLButtonElement>(
      '.jp-runlog-RunDetails-syncRetry'
    )!;
    expect(retry.textContent).toBe('Retry');
    retry.click();
    expect(sync.syncNowCalls).toBe(1);
  });

  it('follows the sync live: waiting, then synced with its link', async () => {
    sync.seed([makeSyncState(1, { state: 'waiting', mlflow: null })]);
    await details.showRun('run-1');
    await settle();
    expect(stateText()).toBe('Waiting to sync');
    expect(openButton()).toBeNull();
    const calls = sync.runStatesCalls.length;

    sync.change([makeSyncState(1, { updated_at: '2024-01-01T00:00:09Z' })]);
    expect(stateText()).toBe('Synced');
    expect(openButton()).not.toBeNull();
    // Other runs' changes leave it alone.
    sync.change([makeSyncState(2, { state: 'failed', error: 'no' })]);
    expect(stateText()).toBe('Synced');
    expect(sync.runStatesCalls.length).toBe(calls);
  });

  it('says "Not synced yet" for a run the sync has not queued', async () => {
    await details.showRun('run-1');
    await settle();
    expect(section()!.dataset.syncState).toBe('none');
    expect(stateText()).toBe('Not synced yet');
  });

  it('does not say "Not synced yet" before the state is read', async () => {
    sync.seed([makeSyncState(1)]);
    const release = sync.holdRunStates();
    await details.showRun('run-1');
    expect(section()!.hidden).toBe(true);
    release();
    await settle();
    expect(section()!.hidden).toBe(false);
    expect(stateText()).toBe('Synced');
  });

  it('says where a pulled run came from, with its MLflow link', async () => {
    store.seed([
      makeRunRecord(2, {
        origin: mlflowOrigin(
          'https://mlflow.example.org/#/experiments/3/runs/abc123'
        )
      })
    ]);
    await details.showRun('run-2');
    await settle();
    expect(section()!.dataset.syncState).toBe('pulled');
    expect(stateText()).toBe('From MLflow (mlflow.example.org)');
    openButton()!.click();
    expect(opened).toEqual([
      'https://mlflow.example.org/#/experiments/3/runs/abc123'
    ]);
  });

  it('never links to a non-http address from MLflow', async () => {
    store.seed([
      makeRunRecord(2, { origin: mlflowOrigin('javascript:alert(1)') })
    ]);
    await details.showRun('run-2');
    await settle();
    expect(stateText()).toBe('From MLflow (mlflow.example.org)');
    expect(openButton()).toBeNull();
  });

  it('is hidden while sync is off, and shows when it is turned on', async () => {
    sync.setStatus({ enabled: false, phase: 'off' });
    sync.seed([makeSyncState(1)]);
    await details.showRun('run-1');
    await settle();
    expect(section()!.hidden).toBe(true);
    sync.setStatus({ enabled: true, phase: 'idle' });
    expect(section()!.hidden).toBe(false);
    expect(stateText()).toBe('Synced');
  });

  it('asks the sync for the metric histories of a pulled run it shows, of no other run', async () => {
    store.seed([
      makeRunRecord(2, { origin: mlflowOrigin(null) }),
      makeRunRecord(3, {
        origin: {
          ...mlflowOrigin(null),
          histories_fetched_at: '2026-03-02T11:00:00Z'
        }
      })
    ]);
    for (const id of ['run-1', 'run-2', 'run-3']) {
      await details.showRun(id);
    }
    await settle();
    expect(sync.loadSeriesCalls).toEqual([['run-2']]);
  });

  it('has no MLflow section without the sync service', async () => {
    create(false);
    await details.showRun('run-1');
    await settle();
    expect(section()).toBeNull();
    expect(details.node.textContent).not.toContain('MLflow');
  });
});

describe('openInNewTab', () => {
  it('opens the link in a new tab without a hold on this page', () => {
    const open = jest.spyOn(window, 'open').mockImplementation(() => null);
    openInNewTab('https://mlflow.example.org/#/experiments/3');
    expect(open).toHaveBeenCalledWith(
      'https://mlflow.example.org/#/experiments/3',
      '_blank',
      'noopener'
    );
    open.mockRestore();
  });
});
