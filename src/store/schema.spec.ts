import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { IDBPDatabase } from 'idb';
import { openRunlogDatabase } from './database';
import { IndexedDBRunStore } from './runStore';
import { IndexedDBSyncStateStore } from './syncStates';
import {
  DB_NAME,
  DB_VERSION,
  MIGRATIONS,
  upgradeDatabase,
  type UntypedDatabase,
  type UpgradeTransaction
} from './schema';
import type { IPurgedRun } from '../model/types';
import { makeRun } from './__tests__/fixtures';

/** Open the database at an explicit (possibly old) version, as that version's code did. */
function openAtVersion(
  factory: IDBFactory,
  version: number
): Promise<IDBPDatabase<unknown>> {
  return openRunlogDatabase({
    factory,
    name: DB_NAME,
    version
  }) as Promise<IDBPDatabase<unknown>>;
}

/**
 * One entry per released version: write data the way that version stored it,
 * then check that the current store reads it. A migration to version N+1
 * adds the entry for version N+1 and must keep every older one passing.
 */
interface IVersionFixture {
  version: number;
  fill(db: IDBPDatabase<unknown>): Promise<void>;
  check(store: IndexedDBRunStore, factory: IDBFactory): Promise<void>;
}

const v1Run = makeRun({ number: 3, status: 'running' });
const { cells: v1Cells, ...v1Summary } = v1Run;

const { cells: _v4Cells, ...v4Trashed } = makeRun({
  experiment: { id: 'nb-4', name: 'trash' },
  number: 2,
  deleted: { at: '2025-02-01T00:00:00.000Z', user: 'ada' },
  updated_at: '2025-02-01T00:00:00.000Z'
});
const v4Tombstone: IPurgedRun = {
  id: 'run-purged',
  experiment_id: 'nb-4',
  number: 7,
  purged_at: '2025-02-02T00:00:00.000Z',
  user: null,
  history: [
    {
      at: '2025-02-02T00:00:00.000Z',
      user: null,
      field: 'purged',
      from: false,
      to: true
    }
  ]
};

const VERSION_FIXTURES: IVersionFixture[] = [
  {
    version: 1,
    async fill(db) {
      const tx = db.transaction(
        ['runs', 'run_cells', 'experiments', 'meta'],
        'readwrite'
      );
      await Promise.all([
        tx.objectStore('runs').put(v1Summary),
        tx.objectStore('run_cells').put({ run_id: v1Run.id, cells: v1Cells }),
        tx.objectStore('experiments').put({
          id: 'nb-1',
          name: 'tune-prompt',
          notebook_path: 'work/tune-prompt.ipynb',
          run_count: 1,
          last_number: 3,
          last_run_at: v1Run.started_at
        }),
        tx
          .objectStore('meta')
          .put(
            { asked_at: v1Run.started_at, granted: true },
            'persistence_request'
          ),
        tx.done
      ]);
    },
    async check(store) {
      expect(await store.getRun(v1Run.id)).toEqual(v1Run);
      expect((await store.listRuns('nb-1')).map(r => r.id)).toEqual([v1Run.id]);
      expect((await store.listRunning()).map(r => r.id)).toEqual([v1Run.id]);
      // Numbering continues from the stored experiment summary.
      expect((await store.put(makeRun())).number).toBe(4);
      // Version 2 indexes the experiments already stored by notebook path.
      expect(
        await store.claimExperiment('work/tune-prompt.ipynb', 'fresh')
      ).toBe('nb-1');
    }
  },
  {
    version: 2,
    async fill(db) {
      const tx = db.transaction(
        ['experiments', 'notebook_claims'],
        'readwrite'
      );
      await Promise.all([
        tx.objectStore('experiments').put({
          id: 'nb-2',
          name: 'sweep',
          notebook_path: 'sweep.ipynb',
          run_count: 1,
          last_number: 1,
          last_run_at: v1Run.started_at
        }),
        // A first run claimed in a tab and not written yet.
        tx.objectStore('notebook_claims').put({
          notebook_path: 'draft.ipynb',
          experiment_id: 'nb-3',
          claimed_at: v1Run.started_at
        }),
        tx.done
      ]);
    },
    async check(store) {
      expect(await store.claimExperiment('sweep.ipynb', 'fresh')).toBe('nb-2');
      expect(await store.claimExperiment('draft.ipynb', 'fresh')).toBe('nb-3');
    }
  },
  {
    version: 3,
    async fill(db) {
      const tx = db.transaction(['sync_states', 'sync_meta'], 'readwrite');
      await Promise.all([
        tx.objectStore('sync_states').put({
          run_id: 'run-w',
          experiment_id: 'nb-1',
          state: 'waiting',
          pushed_updated_at: null,
          artifacts_pushed: false,
          mlflow: null,
          attempts: 2,
          next_attempt_at: 1,
          error: 'MLflow is unreachable.',
          updated_at: v1Run.started_at
        }),
        tx.objectStore('sync_meta').put(v1Run.started_at, 'watermark'),
        tx.done
      ]);
    },
    async check(store, factory) {
      const states = new IndexedDBSyncStateStore({ idbFactory: factory });
      try {
        expect(
          (await states.listByState('waiting')).map(s => s.run_id)
        ).toEqual(['run-w']);
        expect(await states.getMeta('watermark')).toBe(v1Run.started_at);
      } finally {
        states.dispose();
      }
    }
  },
  {
    version: 4,
    async fill(db) {
      const tx = db.transaction(
        ['runs', 'run_cells', 'experiments', 'purged_runs', 'trash_marks'],
        'readwrite'
      );
      const { deleted, ...record } = v4Trashed;
      await Promise.all([
        // A run in the trash: its record as it was, its trash state a mark.
        tx.objectStore('runs').put(record),
        tx.objectStore('trash_marks').put({
          run_id: v4Trashed.id,
          experiment_id: 'nb-4',
          number: 2,
          deleted,
          moved_at: deleted!.at,
          history: []
        }),
        tx.objectStore('run_cells').put({ run_id: v4Trashed.id, cells: [] }),
        tx.objectStore('experiments').put({
          id: 'nb-4',
          name: 'trash',
          notebook_path: 'trash.ipynb',
          run_count: 0,
          last_number: 7,
          last_run_at: v1Run.started_at
        }),
        tx.objectStore('purged_runs').put(v4Tombstone),
        tx.done
      ]);
    },
    async check(store) {
      expect(await store.listRuns('nb-4')).toEqual([]);
      expect(await store.listRuns('nb-4', { trash: true })).toEqual([
        v4Trashed
      ]);
      expect(await store.countRuns('nb-4', { trash: true })).toBe(1);
      expect(await store.listPurged('nb-4')).toEqual([v4Tombstone]);
      const next = makeRun({ experiment: { id: 'nb-4', name: 'trash' } });
      expect((await store.put(next)).number).toBe(8);
    }
  }
];

describe('schema', () => {
  it('has one fixture per released version', () => {
    expect(VERSION_FIXTURES.map(f => f.version)).toEqual(
      Array.from({ length: DB_VERSION }, (_, i) => i + 1)
    );
    expect(MIGRATIONS).toHaveLength(DB_VERSION);
  });

  it.each(VERSION_FIXTURES)(
    'keeps data written at version $version when opened by the current code',
    async fixture => {
      const factory = new IDBFactory();
      const old = await openAtVersion(factory, fixture.version);
      expect(old.version).toBe(fixture.version);
      await fixture.fill(old);
      old.close();

      const store = new IndexedDBRunStore({
        idbFactory: factory,
        batchDelayMs: 0,
        broadcast: false
      });
      try {
        await store.ready;
        await fixture.check(store, factory);
      } finally {
        store.dispose();
      }
      const reopened = await openAtVersion(factory, DB_VERSION);
      expect(reopened.version).toBe(DB_VERSION);
      reopened.close();
    }
  );

  it('creates the documented stores and indexes', async () => {
    const db = await openAtVersion(new IDBFactory(), DB_VERSION);
    const names = [...db.objectStoreNames].sort();
    expect(names).toEqual([
      'experiments',
      'meta',
      'notebook_claims',
      'purged_runs',
      'run_cells',
      'runs',
      'sync_meta',
      'sync_states',
      'trash_marks'
    ]);
    const tx = db.transaction(names);
    const keyPaths = Object.fromEntries(
      names.map(name => [name, tx.objectStore(name).keyPath])
    );
    expect(keyPaths).toEqual({
      experiments: 'id',
      meta: null,
      notebook_claims: 'notebook_path',
      purged_runs: 'id',
      run_cells: 'run_id',
      runs: 'id',
      sync_meta: null,
      sync_states: 'run_id',
      trash_marks: 'run_id'
    });
    const syncStates = tx.objectStore('sync_states');
    const byState = syncStates.index('state');
    expect([byState.keyPath, byState.unique]).toEqual(['state', false]);
    const experiments = tx.objectStore('experiments');
    expect([...experiments.indexNames]).toEqual(['by_notebook_path']);
    const byPath = experiments.index('by_notebook_path');
    expect([byPath.keyPath, byPath.unique]).toEqual(['notebook_path', false]);
    const runs = tx.objectStore('runs');
    const indexes = Object.fromEntries(
      [...runs.indexNames].map(name => {
        const index = runs.index(name);
        return [name, { keyPath: index.keyPath, unique: index.unique }];
      })
    );
    expect(indexes).toEqual({
      by_experiment: { keyPath: 'experiment.id', unique: false },
      by_experiment_number: {
        keyPath: ['experiment.id', 'number'],
        unique: false
      },
      by_status: { keyPath: 'status', unique: false },
      by_updated: { keyPath: 'updated_at', unique: false }
    });
    const marks = tx.objectStore('trash_marks');
    expect([...marks.indexNames]).toEqual(['by_moved', 'by_trash']);
    expect(marks.index('by_moved').keyPath).toBe('moved_at');
    expect([
      marks.index('by_trash').keyPath,
      marks.index('by_trash').unique
    ]).toEqual([['experiment_id', 'number', 'deleted.at'], false]);
    const purged = tx.objectStore('purged_runs');
    expect([...purged.indexNames]).toEqual(['by_experiment_number']);
    const byNumber = purged.index('by_experiment_number');
    expect([byNumber.keyPath, byNumber.unique]).toEqual([
      ['experiment_id', 'number'],
      false
    ]);
    db.close();
  });

  it('opens runs written at version 3 as live runs, the trash empty', async () => {
    const factory = new IDBFactory();
    const old = await openAtVersion(factory, 3);
    const runs = [1, 2, 3].map(number => makeRun({ number }));
    const tx = old.transaction(
      ['runs', 'run_cells', 'experiments'],
      'readwrite'
    );
    await Promise.all([
      ...runs.map(({ cells: _cells, ...summary }) =>
        tx.objectStore('runs').put(summary)
      ),
      tx.objectStore('experiments').put({
        id: 'nb-1',
        name: 'tune-prompt',
        notebook_path: 'work/tune-prompt.ipynb',
        run_count: 3,
        last_number: 3,
        last_run_at: runs[2].started_at
      }),
      tx.done
    ]);
    old.close();
    const store = new IndexedDBRunStore({
      idbFactory: factory,
      batchDelayMs: 0,
      broadcast: false
    });
    try {
      expect((await store.listRuns('nb-1')).map(r => r.number)).toEqual([
        3, 2, 1
      ]);
      expect(await store.countRuns('nb-1')).toBe(3);
      expect(await store.countRuns('nb-1', { trash: true })).toBe(0);
      await store.deleteRuns([runs[2].id]);
      expect((await store.listRuns('nb-1')).map(r => r.number)).toEqual([2, 1]);
      expect(
        (await store.listRuns('nb-1', { trash: true })).map(r => r.id)
      ).toEqual([runs[2].id]);
    } finally {
      store.dispose();
    }
  });

  it.each([
    [0, 3, [0, 1, 2]],
    [0, null, [0, 1, 2]],
    [1, 3, [1, 2]],
    [1, 2, [1]],
    [3, 3, []]
  ])(
    'upgradeDatabase from version %p to %p applies migrations %p in order',
    (oldVersion, newVersion, expected) => {
      const ran: number[] = [];
      const migrations = [0, 1, 2].map(index => () => {
        ran.push(index);
      });
      upgradeDatabase(
        {} as UntypedDatabase,
        oldVersion,
        newVersion,
        {} as UpgradeTransaction,
        migrations
      );
      expect(ran).toEqual(expected);
    }
  );
});
