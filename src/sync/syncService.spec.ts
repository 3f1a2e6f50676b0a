import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { IMlflowRunPayload } from '../model/mlflow/protocol';
import type { IMlflowSync } from '../tokens';
import { translateWith } from '../store/messages';
import { IndexedDBRunStore } from '../store/runStore';
import { IndexedDBSyncStateStore } from '../store/syncStates';
import { makeRun } from '../store/__tests__/fixtures';
import type { IRunRecord } from '../model/types';
import { MAX_RETRY_MS } from './outbox';
import { MlflowSyncService } from './syncService';
import { fakeMapper, FakeServer, mlflowRun } from './__tests__/fakes';

const SETTINGS = {
  enabled: true,
  trackingUri: '',
  experimentNameTemplate: '{notebook_path}'
};

/** Web Locks as the tabs of one browser share them (exclusive, ifAvailable). */
function fakeLocks(): LockManager {
  const held = new Set<string>();
  return {
    async request(
      name: string,
      options: LockOptions,
      callback: (lock: Lock | null) => Promise<unknown>
    ) {
      if (held.has(name)) {
        expect(options.ifAvailable).toBe(true);
        return callback(null);
      }
      held.add(name);
      try {
        return await callback({ name, mode: 'exclusive' } as Lock);
      } finally {
        held.delete(name);
      }
    }
  } as unknown as LockManager;
}

/** A browser profile: one database, reopened by each "page load". */
class Profile {
  factory = new IDBFactory();
  server = new FakeServer();
  clock = { now: Date.UTC(2025, 5, 1) };
  opened: { dispose(): void }[] = [];
  /** Web Locks shared by the profile's tabs (set to use them). */
  locks: LockManager | null = null;

  /** A page load: a run store, a sync state store and a service. */
  load(broadcastName: string | null = null): {
    store: IndexedDBRunStore;
    states: IndexedDBSyncStateStore;
    sync: MlflowSyncService;
  } {
    const store = new IndexedDBRunStore({
      idbFactory: this.factory,
      batchDelayMs: 0,
      broadcast: false
    });
    const states = new IndexedDBSyncStateStore({ idbFactory: this.factory });
    const sync = new MlflowSyncService({
      store,
      states,
      client: this.server,
      mapper: fakeMapper,
      translate: translateWith(),
      now: () => this.clock.now,
      random: () => 0.5,
      locks: this.locks,
      broadcastName,
      // Nothing runs on timers: the tests call flush().
      schedule: () => () => undefined
    });
    this.opened.push(sync, states, store);
    return { store, states, sync };
  }

  close(): void {
    this.opened.forEach(item => item.dispose());
    this.opened = [];
  }
}

async function stateOf(sync: MlflowSyncService, id: string) {
  return (await sync.runStates([id])).get(id);
}

describe('MlflowSyncService', () => {
  let profile: Profile;
  beforeEach(() => {
    profile = new Profile();
  });
  afterEach(() => profile.close());

  it('queues a run when it is written and pushes it; artifacts once it closed', async () => {
    const { store, sync } = profile.load();
    await sync.configure(SETTINGS);
    expect(sync.status.phase).toBe('idle');
    expect(sync.status.trackingUri).toBe('http://mlflow:5000');

    const running = makeRun({ status: 'running', ended_at: null });
    await store.put(running);
    await sync.whenQueued();
    expect((await stateOf(sync, running.id))?.state).toBe('waiting');
    await sync.flush();
    let state = await stateOf(sync, running.id);
    expect(state).toMatchObject({
      state: 'synced',
      pushed_updated_at: running.updated_at,
      artifacts_pushed: false,
      mlflow: { run_id: `m-${running.id}`, tracking_uri: 'http://mlflow:5000' }
    });

    const closed = {
      ...running,
      status: 'completed' as const,
      updated_at: '2025-06-01T00:10:00.000Z'
    };
    await store.put(closed);
    await sync.flush();
    state = await stateOf(sync, running.id);
    expect(state).toMatchObject({
      state: 'synced',
      pushed_updated_at: closed.updated_at,
      artifacts_pushed: true
    });
    const [first, second] = profile.server.requests.map(
      r => r.runs[0] as IMlflowRunPayload
    );
    expect(first.artifacts).toEqual([]);
    expect(second.artifacts.map(a => a.path)).toEqual(['runlog/run.json']);
    // The second push names the MLflow run the first one created.
    expect(second.mlflow_run_id).toBe(`m-${running.id}`);
    expect(second.experiment.name).toBe(running.notebook_path);
    expect(sync.status).toMatchObject({ phase: 'idle', waiting: 0, failed: 0 });
  });

  it.each(['results', 'http'] as const)(
    'keeps runs waiting while MLflow is down (%s), across a reload, and pushes each once when it is back',
    async downAs => {
      profile.server.up = false;
      profile.server.downAs = downAs;
      let { store, sync } = profile.load();
      await sync.configure(SETTINGS);
      const runs = [makeRun(), makeRun(), makeRun()];
      for (const run of runs) {
        await store.put(run);
      }
      await sync.flush();
      expect(sync.status).toMatchObject({ phase: 'offline', waiting: 3 });
      expect(sync.status.message).toMatch(/cannot be reached/);
      const states = await sync.runStates(runs.map(r => r.id));
      for (const state of states.values()) {
        expect(state.state).toBe('waiting');
        expect(state.attempts).toBe(1);
        expect(state.next_attempt_at).toBeGreaterThan(profile.clock.now);
      }

      // Reload: a new page on the same database, MLflow still down.
      profile.close();
      ({ store, sync } = profile.load());
      await sync.configure(SETTINGS);
      expect(sync.status.waiting).toBe(3);
      expect(profile.server.requests).toHaveLength(0);

      // MLflow is back; once the back-off passed, every run goes exactly once.
      profile.server.up = true;
      profile.clock.now += MAX_RETRY_MS;
      await sync.flush();
      await sync.flush();
      expect([...profile.server.pushCounts.entries()].sort()).toEqual(
        runs.map(r => [r.id, 1]).sort()
      );
      expect(sync.status).toMatchObject({ phase: 'idle', waiting: 0 });
      for (const state of (
        await sync.runStates(runs.map(r => r.id))
      ).values()) {
        expect(state.state).toBe('synced');
      }
    }
  );

  it('lets one tab push at a time', async () => {
    profile.locks = fakeLocks();
    const tabA = profile.load();
    const tabB = profile.load();
    await tabA.sync.configure(SETTINGS);
    await tabB.sync.configure(SETTINGS);
    const run = makeRun();
    await tabA.store.put(run);
    await tabA.sync.whenQueued();
    let release = () => undefined as void;
    profile.server.duringPush = () =>
      new Promise<void>(resolve => (release = resolve));
    const pushingA = tabA.sync.flush();
    await new Promise(resolve => setTimeout(resolve, 10));
    // Tab B finds the run waiting but the lock taken: it does not push.
    await tabB.sync.flush();
    profile.server.duringPush = null;
    release();
    await pushingA;
    await tabB.sync.flush();
    expect(profile.server.pushCounts.get(run.id)).toBe(1);
    expect((await stateOf(tabB.sync, run.id))?.state).toBe('synced');
  });

  it('tells the other tabs which states changed', async () => {
    const { BroadcastChannel: NodeChannel } = await import('worker_threads');
    const global = globalThis as { BroadcastChannel?: unknown };
    const before = global.BroadcastChannel;
    global.BroadcastChannel = NodeChannel;
    try {
      const pushing = profile.load('test-sync-states');
      const watching = profile.load('test-sync-states');
      await pushing.sync.configure(SETTINGS);
      const seen: string[] = [];
      watching.sync.runStatesChanged.connect((_, states) =>
        states.forEach(state => seen.push(`${state.run_id}:${state.state}`))
      );
      const run = makeRun();
      await pushing.store.put(run);
      await pushing.sync.flush();
      for (let i = 0; i < 50 && seen.length < 2; i++) {
        await new Promise(resolve => setTimeout(resolve, 10));
      }
      expect(seen).toEqual([`${run.id}:waiting`, `${run.id}:synced`]);
    } finally {
      profile.close();
      global.BroadcastChannel = before;
    }
  });

  it('pushes an annotated run again, without its artifacts', async () => {
    const { store, sync } = profile.load();
    await sync.configure(SETTINGS);
    const run = makeRun();
    await store.put(run);
    await sync.flush();
    profile.clock.now += 1000;
    await store.annotateRun(run.id, { note: 'best so far' });
    await sync.whenQueued();
    expect((await stateOf(sync, run.id))?.state).toBe('waiting');
    await sync.flush();
    expect(profile.server.pushCounts.get(run.id)).toBe(2);
    const last = profile.server.requests[1].runs[0] as IMlflowRunPayload;
    expect(last.tags).toContainEqual({
      key: 'mlflow.note.content',
      value: 'best so far'
    });
    expect(last.artifacts).toEqual([]);
    expect((await stateOf(sync, run.id))?.state).toBe('synced');
  });

  it('pushes a run again when it changed while its push was under way', async () => {
    const { store, sync } = profile.load();
    await sync.configure(SETTINGS);
    const run = makeRun({ status: 'running', ended_at: null });
    const newer = { ...run, updated_at: '2025-06-02T00:00:00.000Z' };
    await store.put(run);
    profile.server.duringPush = async () => {
      profile.server.duringPush = null;
      await store.put(newer);
    };
    await sync.flush();
    expect(profile.server.pushCounts.get(run.id)).toBe(2);
    expect(await stateOf(sync, run.id)).toMatchObject({
      state: 'synced',
      pushed_updated_at: newer.updated_at
    });
  });

  it('marks a run MLflow refuses as failed, and syncNow retries it', async () => {
    const { store, sync } = profile.load();
    await sync.configure(SETTINGS);
    const run = makeRun();
    profile.server.answer = request => ({
      results: request.runs.map(r => ({
        runlog_run_id: r.runlog_run_id,
        ok: false,
        retryable: false,
        error: 'INVALID_PARAMETER_VALUE: bad key'
      }))
    });
    await store.put(run);
    await sync.flush();
    expect(await stateOf(sync, run.id)).toMatchObject({
      state: 'failed',
      error: 'INVALID_PARAMETER_VALUE: bad key'
    });
    expect(sync.status).toMatchObject({ failed: 1, waiting: 0 });

    profile.server.answer = null;
    await sync.syncNow();
    expect((await stateOf(sync, run.id))?.state).toBe('synced');
    expect(sync.status).toMatchObject({ failed: 0, waiting: 0 });
  });

  it('backs off a run whose push MLflow answered with a retryable error', async () => {
    const { store, sync } = profile.load();
    await sync.configure(SETTINGS);
    const run = makeRun();
    profile.server.answer = request => ({
      results: request.runs.map(r => ({
        runlog_run_id: r.runlog_run_id,
        ok: false,
        retryable: true,
        error: 'HTTP 429 Too Many Requests'
      }))
    });
    await store.put(run);
    await sync.flush();
    const state = await stateOf(sync, run.id);
    expect(state).toMatchObject({ state: 'waiting', attempts: 1 });
    expect(state!.next_attempt_at).toBe(profile.clock.now + 5000);
    // Not due yet: a second flush does not push.
    await sync.flush();
    expect(profile.server.requests).toHaveLength(1);
  });

  it('stores nothing from a malformed answer and says so', async () => {
    const { store, sync } = profile.load();
    await sync.configure(SETTINGS);
    const run = makeRun();
    await store.put(run);
    await sync.whenQueued();
    const before = await stateOf(sync, run.id);
    expect(before?.state).toBe('waiting');
    profile.server.answer = () => ({
      results: [
        {
          runlog_run_id: 'someone-else',
          ok: true,
          mlflow_run_id: 'x',
          mlflow_experiment_id: '1',
          run_url: null,
          warnings: []
        }
      ]
    });
    await sync.flush();
    expect(await stateOf(sync, run.id)).toEqual(before);
    expect(sync.status.message).toMatch(/MLflow push answer.*not sent/);
    expect(sync.status.waiting).toBe(1);
  });

  it('refuses a result link that is not a web address', async () => {
    const { store, sync } = profile.load();
    await sync.configure(SETTINGS);
    const run = makeRun();
    await store.put(run);
    profile.server.answer = request => ({
      results: request.runs.map(r => ({
        runlog_run_id: r.runlog_run_id,
        ok: true,
        mlflow_run_id: 'x',
        mlflow_experiment_id: '1',
        run_url: 'javascript:alert(1)',
        warnings: []
      }))
    });
    await sync.flush();
    expect((await stateOf(sync, run.id))?.state).toBe('waiting');
    expect((await stateOf(sync, run.id))?.mlflow).toBeNull();
  });

  it('backfills every pushable run when sync is turned on the first time', async () => {
    const { store, sync } = profile.load();
    const local = [makeRun(), makeRun()];
    const pulled = makeRun();
    pulled.origin = {
      kind: 'mlflow',
      file: 'mlflow',
      imported_at: '2025-01-01T00:00:00.000Z'
    } as unknown as IRunRecord['origin'];
    for (const run of [...local, pulled]) {
      await store.put(run);
    }
    expect(await sync.runStates(local.map(r => r.id))).toEqual(new Map());
    await sync.configure(SETTINGS);
    expect([...profile.server.pushCounts.keys()].sort()).toEqual(
      local.map(r => r.id).sort()
    );
    expect(await stateOf(sync, pulled.id)).toBeUndefined();
  });

  it('pushes a backfill in requests of at most 20 runs, reading the queue once per pass', async () => {
    const { store, states, sync } = profile.load();
    const runs = Array.from({ length: 45 }, () => makeRun());
    await Promise.all(runs.map(run => store.put(run)));
    const reads = jest.spyOn(states, 'listByState');
    await sync.configure(SETTINGS);
    expect(profile.server.requests.map(r => r.runs.length)).toEqual([
      20, 20, 5
    ]);
    expect(profile.server.pushCounts.size).toBe(45);
    expect([...profile.server.pushCounts.values()].every(n => n === 1)).toBe(
      true
    );
    // One pass, one read to find nothing more due, one for the next wake-up.
    expect(
      reads.mock.calls.filter(([state]) => state === 'waiting').length
    ).toBeLessThanOrEqual(3);
    expect(sync.status).toMatchObject({ phase: 'idle', waiting: 0 });
  });

  it('catches up on runs written while sync was off', async () => {
    const { store, sync } = profile.load();
    await sync.configure(SETTINGS);
    await store.put(makeRun());
    await sync.flush();
    await sync.configure({ ...SETTINGS, enabled: false });
    expect(sync.status.phase).toBe('off');
    const whileOff = makeRun({ updated_at: '2025-07-01T00:00:00.000Z' });
    await store.put(whileOff);
    expect(await stateOf(sync, whileOff.id)).toBeUndefined();
    await sync.configure(SETTINGS);
    expect((await stateOf(sync, whileOff.id))?.state).toBe('synced');
  });

  it('says what to install when the server has no MLflow, and changes nothing', async () => {
    profile.server.statusAnswer = {
      available: false,
      install_hint: 'pip install "jupyterlab_runlog[mlflow]"',
      mlflow_version: null,
      tracking_uris: [],
      default_uri: null
    };
    const { store, sync } = profile.load();
    const statuses: IMlflowSync.IStatus[] = [];
    sync.statusChanged.connect((_, status) => statuses.push(status));
    await sync.configure(SETTINGS);
    expect(sync.status.phase).toBe('unavailable');
    expect(sync.status.message).toContain(
      'pip install "jupyterlab_runlog[mlflow]"'
    );
    const run = makeRun();
    await store.put(run);
    await sync.flush();
    expect(await stateOf(sync, run.id)).toBeUndefined();
    expect(profile.server.requests).toHaveLength(0);
  });

  it('refuses a tracking URI the server does not allow', async () => {
    const { sync } = profile.load();
    await sync.configure({ ...SETTINGS, trackingUri: 'http://evil:80' });
    expect(sync.status.phase).toBe('unavailable');
    expect(sync.status.message).toContain('http://evil:80');
  });

  describe('pull', () => {
    it('adds runs from elsewhere, skips ours, duplicates and malformed runs', async () => {
      const { store, sync } = profile.load();
      const ours = makeRun();
      await store.put(ours);
      profile.server.pages = [
        {
          experiment: { id: '1', name: ours.notebook_path, url: null },
          runs: [
            mlflowRun('a1', { 'runlog.run_id': ours.id }),
            mlflowRun('b2', { 'runlog.run_id': 'from-a-teammate' }),
            { run_id: 'c3', tags: 'not an object' }
          ],
          next_page_token: 'p2',
          host: 'mlflow.example.org'
        },
        {
          experiment: { id: '1', name: ours.notebook_path, url: null },
          runs: [mlflowRun('b2'), mlflowRun('d4')],
          next_page_token: null,
          host: 'mlflow.example.org'
        }
      ];
      await sync.configure({ ...SETTINGS, enabled: false });
      const result = await sync.pull(ours.experiment.id);
      expect(result).toEqual({
        added: 2,
        known: 2,
        skipped: [{ mlflow_run_id: 'c3', reason: 'not an MLflow run' }]
      });
      expect(profile.server.runsQueries.map(q => q.page_token)).toEqual([
        null,
        'p2'
      ]);
      expect(profile.server.runsQueries[0]).toMatchObject({
        experiment_name: ours.notebook_path,
        updated_after: null
      });
      const listed = await store.listRuns(ours.experiment.id);
      expect(listed.map(r => r.id).sort()).toEqual(
        [
          ours.id,
          'mlflow-mlflow.example.org-b2',
          'mlflow-mlflow.example.org-d4'
        ].sort()
      );

      // Again: only newer runs are asked for, and what came is known.
      profile.server.pages = [
        {
          experiment: { id: '1', name: ours.notebook_path, url: null },
          runs: [mlflowRun('d4')],
          next_page_token: null,
          host: 'mlflow.example.org'
        }
      ];
      expect(await sync.pull(ours.experiment.id)).toEqual({
        added: 0,
        known: 1,
        skipped: []
      });
      expect(profile.server.runsQueries[2].updated_after).toBe(2000);
    });

    it('never pushes pulled runs back', async () => {
      const { store, sync } = profile.load();
      const ours = makeRun();
      await store.put(ours);
      await sync.configure(SETTINGS);
      profile.server.pages = [
        {
          experiment: { id: '1', name: ours.notebook_path, url: null },
          runs: [mlflowRun('x9')],
          next_page_token: null,
          host: 'mlflow.example.org'
        }
      ];
      expect((await sync.pull(ours.experiment.id)).added).toBe(1);
      await sync.flush();
      expect([...profile.server.pushCounts.keys()]).toEqual([ours.id]);
      expect(
        await stateOf(sync, 'mlflow-mlflow.example.org-x9')
      ).toBeUndefined();
    });

    it('stores nothing from a malformed page', async () => {
      const { store, sync } = profile.load();
      const ours = makeRun();
      await store.put(ours);
      profile.server.pages = [
        { experiment: null, runs: [], next_page_token: null, host: '<b>' }
      ];
      await expect(sync.pull(ours.experiment.id)).rejects.toThrow(
        /host.*not a host name/
      );
      expect(sync.status.message).toMatch(/Could not pull.*not a host name/);
      expect(await store.countRuns(ours.experiment.id)).toBe(1);
    });
  });
});
