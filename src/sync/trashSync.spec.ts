import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type {
  IMlflowRunDeletion,
  IMlflowRunPayload
} from '../model/mlflow/protocol';
import type { IRunRecord } from '../model/types';
import type { IRunStore, IRunSyncState } from '../tokens';
import { translateWith } from '../store/messages';
import { IndexedDBRunStore } from '../store/runStore';
import { IndexedDBSyncStateStore } from '../store/syncStates';
import { makeRun } from '../store/__tests__/fixtures';
import { MemoryRunStore } from '../widgets/__tests__/testing';
import { checkPushResponse, MalformedAnswerError } from './answers';
import { MAX_RETRY_MS } from './outbox';
import { pullExperiment } from './pull';
import { MlflowSyncService } from './syncService';
import { outcomesChange, stateAfterPurge } from './trashSync';
import { fakeMapper, FakeServer, mlflowRun } from './__tests__/fakes';

const SETTINGS = {
  enabled: true,
  trackingUri: '',
  experimentNameTemplate: '{notebook_path}'
};

type StoreKind = 'IndexedDB' | 'in-memory';

function runStore(kind: StoreKind, factory: IDBFactory): IRunStore {
  return kind === 'IndexedDB'
    ? new IndexedDBRunStore({
        idbFactory: factory,
        batchDelayMs: 0,
        broadcast: false
      })
    : new MemoryRunStore();
}

/**
 * A browser profile: one run store and one sync database, each "page
 * load" a new sync state store and service over them.
 */
class Profile {
  constructor(kind: StoreKind) {
    this.store = runStore(kind, this.factory);
  }
  factory = new IDBFactory();
  store: IRunStore;
  server = new FakeServer();
  clock = { now: Date.UTC(2025, 5, 1) };
  opened: { dispose(): void }[] = [];

  async load(): Promise<{
    states: IndexedDBSyncStateStore;
    sync: MlflowSyncService;
  }> {
    const states = new IndexedDBSyncStateStore({ idbFactory: this.factory });
    const sync = new MlflowSyncService({
      store: this.store,
      states,
      client: this.server,
      mapper: fakeMapper,
      translate: translateWith(),
      now: () => this.clock.now,
      random: () => 0.5,
      // Nothing runs on timers: the tests call flush().
      schedule: () => () => undefined
    });
    this.opened.push(sync, states);
    await sync.configure(SETTINGS);
    return { states, sync };
  }

  close(): void {
    this.opened.forEach(item => item.dispose());
    this.opened = [];
  }

  /** What was sent for a run, in order. */
  sentFor(id: string): (IMlflowRunPayload | IMlflowRunDeletion)[] {
    return this.server.requests.flatMap(request =>
      request.runs.filter(run => run.runlog_run_id === id)
    );
  }

  deletionsOf(id: string): IMlflowRunDeletion[] {
    return this.sentFor(id).filter(
      (run): run is IMlflowRunDeletion => run.deleted
    );
  }
}

async function stateOf(sync: MlflowSyncService, id: string) {
  return (await sync.runStates([id])).get(id);
}

/** Queue what the store announced, then push it. */
async function settle(sync: MlflowSyncService): Promise<void> {
  await sync.whenQueued();
  await sync.flush();
}

describe.each<StoreKind>(['IndexedDB', 'in-memory'])(
  'MLflow sync of the trash (%s store)',
  kind => {
    let profile: Profile;
    beforeEach(() => {
      profile = new Profile(kind);
    });
    afterEach(() => {
      profile.close();
      profile.store.dispose();
    });

    it('pushes a run moved to the trash as a small deletion, and a restore pushes it live again', async () => {
      const { sync } = await profile.load();
      const run = makeRun();
      await profile.store.put(run);
      await settle(sync);
      expect(profile.server.created.has(run.id)).toBe(true);

      await profile.store.deleteRuns([run.id]);
      await settle(sync);
      expect(profile.sentFor(run.id).pop()).toEqual({
        runlog_run_id: run.id,
        deleted: true,
        mlflow_run_id: `m-${run.id}`,
        experiment_name: run.notebook_path
      });
      expect(profile.server.deletedRuns.has(run.id)).toBe(true);
      expect(await stateOf(sync, run.id)).toMatchObject({
        state: 'synced',
        mlflow_deleted: true,
        mlflow: { run_id: `m-${run.id}` }
      });

      await profile.store.restoreRuns([run.id]);
      await settle(sync);
      const restored = profile.sentFor(run.id).pop() as IMlflowRunPayload;
      expect(restored).toMatchObject({
        deleted: false,
        mlflow_run_id: `m-${run.id}`,
        experiment: { name: run.notebook_path }
      });
      expect(profile.server.deletedRuns.has(run.id)).toBe(false);
      expect(await stateOf(sync, run.id)).toMatchObject({
        state: 'synced',
        mlflow_deleted: false
      });
      expect(profile.sentFor(run.id).map(sent => sent.deleted)).toEqual([
        false,
        true,
        false
      ]);
    });

    it('delivers a delete made offline once, after a reload', async () => {
      let { sync } = await profile.load();
      const run = makeRun();
      await profile.store.put(run);
      await settle(sync);

      profile.server.up = false;
      await profile.store.deleteRuns([run.id]);
      await settle(sync);
      expect(await stateOf(sync, run.id)).toMatchObject({
        state: 'waiting',
        attempts: 1
      });
      expect(profile.server.deletedRuns.has(run.id)).toBe(false);

      // The page is reloaded later, MLflow is back.
      profile.close();
      profile.server.up = true;
      profile.clock.now += MAX_RETRY_MS;
      ({ sync } = await profile.load());
      await sync.flush();
      await sync.flush();

      expect(profile.deletionsOf(run.id)).toHaveLength(1);
      expect(profile.server.deletedRuns.has(run.id)).toBe(true);
      expect(await stateOf(sync, run.id)).toMatchObject({
        state: 'synced',
        mlflow_deleted: true
      });
    });

    it('still deletes the MLflow run of a run deleted for good before its delete was synced, then forgets it', async () => {
      const { sync } = await profile.load();
      const run = makeRun();
      await profile.store.put(run);
      await settle(sync);
      profile.server.up = false;
      await profile.store.deleteRuns([run.id]);
      await settle(sync);

      await profile.store.purgeRuns([run.id]);
      await sync.whenQueued();
      expect(await stateOf(sync, run.id)).toMatchObject({
        state: 'waiting',
        purged: true,
        mlflow: { run_id: `m-${run.id}` }
      });
      expect(sync.status.waiting).toBe(1);

      profile.server.up = true;
      profile.clock.now += MAX_RETRY_MS;
      await sync.flush();
      // By its MLflow id alone: the run, and its experiment's name, are gone.
      expect(profile.deletionsOf(run.id)).toEqual([
        {
          runlog_run_id: run.id,
          deleted: true,
          mlflow_run_id: `m-${run.id}`,
          experiment_name: null
        }
      ]);
      expect(profile.server.deletedRuns.has(run.id)).toBe(true);
      expect(await stateOf(sync, run.id)).toBeUndefined();
      expect(sync.status).toMatchObject({ waiting: 0, failed: 0 });
    });

    it('forgets a run deleted for good whose delete MLflow has, without a request', async () => {
      const { sync } = await profile.load();
      const run = makeRun();
      await profile.store.put(run);
      await settle(sync);
      await profile.store.deleteRuns([run.id]);
      await settle(sync);
      const requests = profile.server.requests.length;

      await profile.store.purgeRuns([run.id]);
      await settle(sync);
      expect(profile.server.requests).toHaveLength(requests);
      expect(await stateOf(sync, run.id)).toBeUndefined();
    });

    it('records a purge made while sync is off, and delivers it when sync is on again', async () => {
      const { sync } = await profile.load();
      const run = makeRun();
      await profile.store.put(run);
      await settle(sync);
      await sync.configure({ ...SETTINGS, enabled: false });

      await profile.store.deleteRuns([run.id]);
      await profile.store.purgeRuns([run.id]);
      await sync.whenQueued();
      await sync.configure(SETTINGS);

      expect(profile.deletionsOf(run.id)).toHaveLength(1);
      expect(profile.server.deletedRuns.has(run.id)).toBe(true);
      expect(await stateOf(sync, run.id)).toBeUndefined();
    });

    it('creates no MLflow run for a run deleted before its first push', async () => {
      const { sync } = await profile.load();
      const run = makeRun();
      profile.server.up = false;
      await profile.store.put(run);
      await settle(sync);
      await profile.store.deleteRuns([run.id]);
      profile.server.up = true;
      profile.clock.now += MAX_RETRY_MS;
      await settle(sync);

      expect(profile.sentFor(run.id).filter(sent => sent.deleted)).toEqual([
        {
          runlog_run_id: run.id,
          deleted: true,
          mlflow_run_id: null,
          experiment_name: run.notebook_path
        }
      ]);
      expect(profile.server.created.has(run.id)).toBe(false);
      expect(await stateOf(sync, run.id)).toMatchObject({
        state: 'synced',
        mlflow: null,
        mlflow_deleted: true
      });

      // Nothing in MLflow to delete: deleting it for good sends nothing.
      const requests = profile.server.requests.length;
      await profile.store.purgeRuns([run.id]);
      await settle(sync);
      expect(profile.server.requests).toHaveLength(requests);
      expect(await stateOf(sync, run.id)).toBeUndefined();
    });

    it('deletes the MLflow run a push created while the run was deleted for good', async () => {
      const { sync } = await profile.load();
      const run = makeRun();
      await profile.store.put(run);
      await sync.whenQueued();
      profile.server.duringPush = async () => {
        profile.server.duringPush = null;
        await profile.store.deleteRuns([run.id]);
        await profile.store.purgeRuns([run.id]);
        await sync.whenQueued();
      };
      await sync.flush();
      // The push's answer came after the purge: the round goes on to delete it.
      expect(profile.server.created.has(run.id)).toBe(true);
      expect(profile.deletionsOf(run.id)).toEqual([
        expect.objectContaining({ mlflow_run_id: `m-${run.id}` })
      ]);
      expect(profile.server.deletedRuns.has(run.id)).toBe(true);
      expect(await stateOf(sync, run.id)).toBeUndefined();
    });

    it('never pushes a run pulled from MLflow, deleted or deleted for good', async () => {
      const { sync } = await profile.load();
      const pulled: IRunRecord = {
        ...makeRun(),
        origin: {
          kind: 'mlflow',
          file: 'mlflow:5000',
          imported_at: '2025-06-01T00:00:00.000Z'
        } as unknown as IRunRecord['origin']
      };
      await profile.store.put(pulled);
      await profile.store.deleteRuns([pulled.id]);
      await profile.store.purgeRuns([pulled.id]);
      await settle(sync);

      expect(profile.server.requests).toEqual([]);
      expect(await stateOf(sync, pulled.id)).toBeUndefined();
    });
  }
);

describe.each<StoreKind>(['IndexedDB', 'in-memory'])(
  'Pull and runs deleted for good (%s store)',
  kind => {
    const experiment = makeRun();

    function pullContext(store: IRunStore, server: FakeServer) {
      return {
        store,
        states: {
          getMeta: async () => undefined,
          setMeta: async () => undefined
        },
        client: server,
        mapper: fakeMapper,
        trackingUri: '',
        experimentNameTemplate: '{notebook_path}',
        now: () => Date.UTC(2025, 5, 1),
        yieldToPage: async () => undefined
      };
    }

    function page(runs: unknown[]) {
      return {
        experiment: { id: '1', name: experiment.notebook_path, url: null },
        runs,
        next_page_token: null,
        host: 'mlflow'
      };
    }

    it('does not bring back a pulled run deleted for good, nor one of ours', async () => {
      const store = runStore(kind, new IDBFactory());
      const server = new FakeServer();
      const ours = makeRun({ experiment: experiment.experiment });
      await store.put(experiment);
      await store.put(ours);

      server.pages = [page([mlflowRun('teammate')])];
      const first = await pullExperiment(
        pullContext(store, server),
        experiment.experiment.id
      );
      expect(first.added).toBe(1);
      const pulledId = `mlflow-mlflow-teammate`;
      expect(await store.getRun(pulledId)).toBeDefined();

      await store.deleteRuns([pulledId, ours.id]);
      await store.purgeRuns([pulledId, ours.id]);
      // MLflow still lists both (ours: its delete not delivered yet).
      server.pages = [
        page([
          mlflowRun('teammate'),
          mlflowRun('m-ours', { 'runlog.run_id': ours.id })
        ])
      ];
      const again = await pullExperiment(
        pullContext(store, server),
        experiment.experiment.id
      );

      expect(again.added).toBe(0);
      expect(await store.getRun(pulledId)).toBeUndefined();
      expect(
        (await store.listRuns(experiment.experiment.id)).map(run => run.id)
      ).toEqual([experiment.id]);
    });
  }
);

describe('Push answers for deletions', () => {
  const none = {
    runlog_run_id: 'r1',
    ok: true,
    mlflow_run_id: null,
    mlflow_experiment_id: null,
    run_url: null,
    warnings: []
  };

  it('accepts "no MLflow run" only for a run sent as a deletion', () => {
    expect(
      checkPushResponse({ results: [none] }, ['r1'], ['r1']).results[0]
    ).toMatchObject({ ok: true, mlflow_run_id: null });
    expect(() => checkPushResponse({ results: [none] }, ['r1'])).toThrow(
      MalformedAnswerError
    );
    expect(() =>
      checkPushResponse(
        { results: [{ ...none, mlflow_experiment_id: '1' }] },
        ['r1'],
        ['r1']
      )
    ).toThrow(MalformedAnswerError);
  });
});

describe('Purge decisions', () => {
  const NOW = Date.UTC(2025, 5, 1);
  const mlflow = {
    run_id: 'm1',
    experiment_id: '1',
    run_url: null,
    tracking_uri: 'http://mlflow:5000'
  };
  function state(change: Partial<IRunSyncState>): IRunSyncState {
    return {
      run_id: 'r1',
      experiment_id: 'e1',
      state: 'synced',
      pushed_updated_at: '2025-05-01T00:00:00.000Z',
      artifacts_pushed: true,
      mlflow,
      attempts: 0,
      next_attempt_at: null,
      error: null,
      updated_at: '2025-05-01T00:00:00.000Z',
      ...change
    };
  }

  it.each<[string, IRunSyncState | undefined, string]>([
    ['no state', undefined, 'nothing'],
    ['no MLflow run known', state({ mlflow: null }), 'drop'],
    ['MLflow has the delete', state({ mlflow_deleted: true }), 'drop'],
    ['synced live', state({ mlflow_deleted: false }), 'deliver'],
    ['delete waiting', state({ state: 'waiting', attempts: 3 }), 'deliver'],
    ['delete failed', state({ state: 'failed', error: 'x' }), 'deliver'],
    ['purged already', state({ state: 'waiting', purged: true }), 'nothing']
  ])('%s: %s', (_, existing, expected) => {
    const after = stateAfterPurge(existing, NOW);
    const kind =
      after === null ? 'nothing' : after === 'drop' ? 'drop' : 'deliver';
    expect(kind).toBe(expected);
    if (after !== null && after !== 'drop') {
      expect(after).toMatchObject({
        state: 'waiting',
        purged: true,
        attempts: 0,
        next_attempt_at: null,
        mlflow
      });
    }
  });

  it('drops a delivered purge, and turns an outcome for a run purged meanwhile into a delete to deliver', () => {
    const at = new Date(NOW).toISOString();
    const delivered = state({ purged: true, mlflow_deleted: true });
    const live = state({ run_id: 'r2', mlflow_deleted: false });
    const change = outcomesChange(
      [delivered, live, state({ run_id: 'r3' })],
      new Map([
        ['r1', state({ purged: true, state: 'waiting' })],
        ['r3', state({ run_id: 'r3' })]
      ]),
      NOW,
      at
    );
    // r1 is delivered; r2 (purged meanwhile: its state is gone) has a live
    // MLflow run; r3 is an ordinary outcome.
    expect(change.drop).toEqual(['r1']);
    expect(change.states).toEqual([
      expect.objectContaining({ run_id: 'r2', purged: true, state: 'waiting' }),
      expect.objectContaining({ run_id: 'r3', state: 'synced', updated_at: at })
    ]);
  });
});
