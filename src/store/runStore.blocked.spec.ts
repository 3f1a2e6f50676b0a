import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { IRunStore } from '../tokens';
import { openRunlogDatabase } from './database';
import { DB_VERSION } from './schema';
import { IndexedDBRunStore } from './runStore';
import { makeRun } from './__tests__/fixtures';

describe('IndexedDBRunStore blocked by an older tab', () => {
  it('reports `blocked`, keeps runs queued and writes once the tab closes', async () => {
    const factory = new IDBFactory();
    // The older tab: a connection one version behind that ignores
    // versionchange (no `blocking` handler), as an outdated build of this
    // extension would.
    const olderTab = await openRunlogDatabase({
      factory,
      name: 'blocked-test',
      version: DB_VERSION - 1
    });
    const store = new IndexedDBRunStore({
      idbFactory: factory,
      dbName: 'blocked-test',
      batchDelayMs: 0,
      broadcast: false
    });
    const failures: IRunStore.IWriteFailure[] = [];
    const firstFailure = new Promise<void>(resolve =>
      store.writeFailed.connect((_, failure) => {
        failures.push(failure);
        resolve();
      })
    );
    const put = store.put(makeRun());
    // Wait for the report itself, not a fixed delay: a busy machine is slow.
    await firstFailure;
    expect(failures).toHaveLength(1);
    expect(failures[0].kind).toBe('blocked');
    expect(failures[0].message).toMatch(/other JupyterLab tabs/);
    expect(failures[0].pending).toBe(1);
    expect(store.pendingCount).toBe(1);

    olderTab.close();
    expect((await put).number).toBe(1);
    await expect(store.ready).resolves.toBeUndefined();
    store.dispose();
  });
});
