import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { MAX_HISTORY_METRICS_PER_RUN } from '../model/mlflow/metricHistory';
import type { IRunRecord } from '../model/types';
import { makeRun } from '../store/__tests__/fixtures';
import { translateWith } from '../store/messages';
import { IndexedDBRunStore } from '../store/runStore';
import { IndexedDBSyncStateStore } from '../store/syncStates';
import { fakeMapper, FakeServer } from './__tests__/fakes';
import { HISTORY_REQUESTS_AT_ONCE } from './metricHistories';
import { MlflowSyncService } from './syncService';

const SETTINGS = {
  enabled: true,
  trackingUri: '',
  experimentNameTemplate: '{notebook_path}'
};

/** A run as pull stores it: latest metric values only, no cells. */
function pulledRun(
  mlflowRunId: string,
  metrics: IRunRecord['metrics'] = {
    loss: { value: 0.2 },
    accuracy: { value: 0.7 }
  }
): IRunRecord {
  return makeRun({
    id: `pulled-${mlflowRunId}`,
    metrics,
    cells: [],
    origin: {
      kind: 'mlflow',
      file: 'mlflow:5000',
      imported_at: '2025-01-02T00:00:00.000Z',
      mlflow_run_id: mlflowRunId,
      run_url: null
    }
  });
}

/** A browser profile: one database, reopened by each "page load". */
class Profile {
  factory = new IDBFactory();
  server = new FakeServer();
  maxSeriesPoints = 10_000;
  opened: { dispose(): void }[] = [];

  async load(): Promise<{
    store: IndexedDBRunStore;
    states: IndexedDBSyncStateStore;
    sync: MlflowSyncService;
  }> {
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
      now: () => Date.UTC(2025, 5, 1),
      maxSeriesPoints: () => this.maxSeriesPoints,
      schedule: () => () => undefined
    });
    this.opened.push(sync, states, store);
    await sync.configure(SETTINGS);
    return { store, states, sync };
  }

  close(): void {
    this.opened.forEach(item => item.dispose());
    this.opened = [];
  }
}

describe('MlflowSyncService.loadSeries', () => {
  let profile: Profile;
  beforeEach(() => {
    profile = new Profile();
  });
  afterEach(() => profile.close());

  it('fetches a pulled run’s metric histories once, stores them as series and keeps them across a reload', async () => {
    const { store, states, sync } = await profile.load();
    const run = pulledRun('abc');
    await store.put(run);
    profile.server.histories.set('abc/loss', {
      history: [
        [2, 0.2],
        [0, 0.9],
        [1, 0.5]
      ],
      truncated: false
    });
    profile.server.histories.set('abc/accuracy', {
      history: [[0, 0.7]],
      truncated: false
    });

    const result = await sync.loadSeries([run.id]);
    expect(result).toEqual({ loaded: [run.id], failed: [] });
    expect(profile.server.historyQueries).toEqual([
      { tracking_uri: '', run_id: 'abc', key: 'accuracy' },
      { tracking_uri: '', run_id: 'abc', key: 'loss' }
    ]);
    const stored = (await store.getRun(run.id))!;
    expect(stored.metrics).toEqual({
      loss: {
        value: 0.2,
        series: [
          [0, 0.9],
          [1, 0.5],
          [2, 0.2]
        ]
      },
      // Logged once: it stays a scalar.
      accuracy: { value: 0.7 }
    });
    expect(stored.origin?.histories_fetched_at).toBe(
      new Date(Date.UTC(2025, 5, 1)).toISOString()
    );
    // Rewriting a pulled run does not queue it for MLflow.
    await sync.whenQueued();
    await sync.flush();
    expect(await states.get([run.id])).toEqual(new Map());
    expect(profile.server.requests).toEqual([]);

    // Asked again, in this page or after a reload: no request.
    expect(await sync.loadSeries([run.id])).toEqual({ loaded: [], failed: [] });
    profile.close();
    const reloaded = await profile.load();
    expect(await reloaded.sync.loadSeries([run.id])).toEqual({
      loaded: [],
      failed: []
    });
    expect(profile.server.historyQueries).toHaveLength(2);
    expect((await reloaded.store.getRun(run.id))!.metrics.loss.series).toEqual(
      stored.metrics.loss.series
    );
  });

  it('is bounded: some metrics per run, the points per series, a few requests at a time', async () => {
    profile.maxSeriesPoints = 100;
    const { store, sync } = await profile.load();
    const metrics: IRunRecord['metrics'] = {};
    for (let i = 0; i < MAX_HISTORY_METRICS_PER_RUN + 10; i++) {
      metrics[`m${String(i).padStart(3, '0')}`] = { value: i };
    }
    const runs = [pulledRun('one', metrics), pulledRun('two', metrics)];
    for (const run of runs) {
      await store.put(run);
    }
    profile.server.histories.set('one/m000', {
      history: Array.from({ length: 5000 }, (_, step) => [step, step / 2]),
      truncated: false
    });

    const result = await sync.loadSeries(runs.map(run => run.id));
    expect(result.loaded.sort()).toEqual(runs.map(run => run.id).sort());
    expect(profile.server.historyQueries).toHaveLength(
      2 * MAX_HISTORY_METRICS_PER_RUN
    );
    const asked = new Set(profile.server.historyQueries.map(q => q.key));
    expect(
      asked.has(`m${String(MAX_HISTORY_METRICS_PER_RUN).padStart(3, '0')}`)
    ).toBe(false);
    expect(profile.server.maxHistoriesInFlight).toBe(HISTORY_REQUESTS_AT_ONCE);
    const series = (await store.getRun('pulled-one'))!.metrics.m000.series!;
    expect(series).toHaveLength(100);
    expect(series[0]).toEqual([0, 0]);
    expect(series[99]).toEqual([4999, 2499.5]);
  });

  it.each([
    [
      'a fractional step',
      {
        history: [
          [0.5, 1],
          [1, 2]
        ],
        truncated: false
      }
    ],
    ['a point of another shape', { history: [{ step: 1 }], truncated: false }],
    ['no history at all', { truncated: false }]
  ])(
    'stores nothing for a run when a history has %s, and says why',
    async (_, answer) => {
      const { store, sync } = await profile.load();
      const run = pulledRun('bad');
      await store.put(run);
      const before = (await store.getRun(run.id))!;
      profile.server.histories.set('bad/accuracy', {
        history: [
          [0, 0.6],
          [1, 0.7]
        ],
        truncated: false
      });
      profile.server.histories.set('bad/loss', answer);

      const result = await sync.loadSeries([run.id]);
      expect(result.loaded).toEqual([]);
      expect(result.failed).toEqual([
        {
          run_id: run.id,
          reason: expect.stringMatching(
            /^Could not load the history of metric loss from MLflow: .*(integer step|not \[step, value\]|not a history)/
          )
        }
      ]);
      expect(await store.getRun(run.id)).toEqual(before);
    }
  );

  it('makes no request for runs not pulled from MLflow', async () => {
    const { store, sync } = await profile.load();
    const local = makeRun();
    const fromBundle = makeRun({
      origin: {
        kind: 'bundle',
        file: 'runs.json',
        imported_at: '2025-01-02T00:00:00.000Z'
      }
    });
    for (const run of [local, fromBundle]) {
      await store.put(run);
    }
    const status = jest.spyOn(profile.server, 'status');
    expect(
      await sync.loadSeries([local.id, fromBundle.id, 'unknown-run'])
    ).toEqual({ loaded: [], failed: [] });
    expect(profile.server.historyQueries).toEqual([]);
    expect(status).not.toHaveBeenCalled();
  });

  it('stores nothing while MLflow is down, and loads once it is back', async () => {
    const { store, sync } = await profile.load();
    const run = pulledRun('later');
    await store.put(run);
    profile.server.histories.set('later/loss', {
      history: [
        [0, 1],
        [1, 0.5]
      ],
      truncated: false
    });
    profile.server.up = false;
    const down = await sync.loadSeries([run.id]);
    expect(down.failed).toEqual([
      { run_id: run.id, reason: expect.stringMatching(/cannot be reached/) }
    ]);
    // The first failure stops the rest: no request per metric that waits.
    expect(profile.server.historyQueries.length).toBeLessThanOrEqual(2);
    expect((await store.getRun(run.id))!.origin?.histories_fetched_at).toBe(
      undefined
    );

    profile.server.up = true;
    expect(await sync.loadSeries([run.id])).toEqual({
      loaded: [run.id],
      failed: []
    });
    expect((await store.getRun(run.id))!.metrics.loss.series).toHaveLength(2);
  });

  it('shares the requests of a load under way with a second caller', async () => {
    const { store, sync } = await profile.load();
    const run = pulledRun('twice');
    await store.put(run);
    const [first, second] = await Promise.all([
      sync.loadSeries([run.id]),
      sync.loadSeries([run.id])
    ]);
    expect(first).toEqual({ loaded: [run.id], failed: [] });
    expect(second).toEqual(first);
    expect(profile.server.historyQueries).toHaveLength(2);
  });
});
