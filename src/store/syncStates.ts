/**
 * The MLflow sync's durable outbox: one state per run (`sync_states`) and a
 * few marks (`sync_meta`), in the run database but apart from IRunStore, so
 * sync bookkeeping never rewrites a run. Opens a connection of its own and
 * lets go of it when another tab upgrades the database.
 */
import type { IDBPDatabase } from 'idb';
import type { IDisposable } from '@lumino/disposable';
import type { JSONValue } from '../model/types';
import type { IRunSummary, IRunSyncState } from '../tokens';
import { ReopeningConnection } from './database';
import { readUpdatedSince } from './trashQueries';
import {
  BY_SYNC_STATE,
  DB_NAME,
  SYNC_META_STORE,
  SYNC_STATES_STORE,
  type IRunlogDBSchema
} from './schema';

type Database = IDBPDatabase<IRunlogDBSchema>;

/** What one read-modify-write writes: states to put, marks to set. */
export interface ISyncStateChange {
  states: IRunSyncState[];
  meta?: { [key: string]: JSONValue };
  /** Run ids whose states go (runs deleted for good, MLflow up to date). */
  drop?: string[];
}

export class IndexedDBSyncStateStore implements IDisposable {
  constructor(options: IndexedDBSyncStateStore.IOptions = {}) {
    this._connection = new ReopeningConnection({
      factory: options.idbFactory,
      name: options.dbName ?? DB_NAME
    });
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The stored states of these runs; runs without one are left out. */
  async get(runIds: readonly string[]): Promise<Map<string, IRunSyncState>> {
    const db = await this._open();
    const tx = db.transaction(SYNC_STATES_STORE);
    const found = await Promise.all(runIds.map(id => tx.store.get(id)));
    await tx.done;
    const states = new Map<string, IRunSyncState>();
    for (const state of found) {
      if (state) {
        states.set(state.run_id, state);
      }
    }
    return states;
  }

  /** Write states (and marks) in one transaction: all or none. */
  async put(
    states: readonly IRunSyncState[],
    meta: { [key: string]: JSONValue } = {}
  ): Promise<void> {
    await this.modify([], () => ({ states: [...states], meta }));
  }

  /**
   * Read the states of `runIds`, let `compute` (synchronous) decide what to
   * write, and write it, all in one transaction, so two tabs cannot
   * interleave between the read and the write. Resolves with the states written.
   */
  async modify(
    runIds: readonly string[],
    compute: (existing: Map<string, IRunSyncState>) => ISyncStateChange
  ): Promise<IRunSyncState[]> {
    const db = await this._open();
    const tx = db.transaction(
      [SYNC_STATES_STORE, SYNC_META_STORE],
      'readwrite'
    );
    const states = tx.objectStore(SYNC_STATES_STORE);
    const found = await Promise.all(runIds.map(id => states.get(id)));
    const existing = new Map<string, IRunSyncState>();
    for (const state of found) {
      if (state) {
        existing.set(state.run_id, state);
      }
    }
    try {
      const change = compute(existing);
      const meta = tx.objectStore(SYNC_META_STORE);
      // A put that throws (e.g. a state without a key) must abort the
      // others: the transaction would otherwise commit what was queued.
      const writes: Promise<unknown>[] = [];
      const track = (request: Promise<unknown>) => {
        // Once aborted every request rejects; tx.done reports the failure.
        request.catch(() => undefined);
        writes.push(request);
      };
      change.states.forEach(state => track(states.put(state)));
      change.drop?.forEach(runId => track(states.delete(runId)));
      for (const [key, value] of Object.entries(change.meta ?? {})) {
        track(meta.put(value, key));
      }
      await Promise.all([...writes, tx.done]);
      return change.states;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already finished or aborted.
      }
      await tx.done.catch(() => undefined);
      throw error;
    }
  }

  /** Every state in `state`, in run id order. */
  async listByState(state: IRunSyncState['state']): Promise<IRunSyncState[]> {
    const db = await this._open();
    return db.getAllFromIndex(SYNC_STATES_STORE, BY_SYNC_STATE, state);
  }

  /** How many runs are in each state. */
  async counts(): Promise<{ waiting: number; synced: number; failed: number }> {
    const db = await this._open();
    const tx = db.transaction(SYNC_STATES_STORE);
    const index = tx.store.index(BY_SYNC_STATE);
    const [waiting, synced, failed] = await Promise.all([
      index.count('waiting'),
      index.count('synced'),
      index.count('failed')
    ]);
    await tx.done;
    return { waiting, synced, failed };
  }

  async getMeta(key: string): Promise<JSONValue | undefined> {
    const db = await this._open();
    return db.get(SYNC_META_STORE, key);
  }

  async setMeta(key: string, value: JSONValue): Promise<void> {
    const db = await this._open();
    await db.put(SYNC_META_STORE, value, key);
  }

  /**
   * Run summaries written or moved in or out of the trash after `since`
   * (ISO 8601; null: every run), oldest first by `updated_at` as merged
   * with their trash marks: what a reconcile looks at.
   * `inclusive` takes runs written at `since` too; `limit` bounds the page.
   */
  async runsUpdatedSince(
    since: string | null,
    options: { inclusive?: boolean; limit?: number } = {}
  ): Promise<IRunSummary[]> {
    const db = await this._open();
    const range =
      since === null
        ? undefined
        : IDBKeyRange.lowerBound(since, !options.inclusive);
    return readUpdatedSince(db, range, options.limit);
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._connection.close();
  }

  private _open(): Promise<Database> {
    if (this._isDisposed) {
      return Promise.reject(new Error('The sync state store is disposed.'));
    }
    return this._connection.database();
  }

  /** Opened on first use; reopened after another tab made it close. */
  private readonly _connection: ReopeningConnection;
  private _isDisposed = false;
}

export namespace IndexedDBSyncStateStore {
  export interface IOptions {
    /** Defaults to the browser's IndexedDB (fake-indexeddb in tests). */
    idbFactory?: IDBFactory;
    /** Defaults to the run database's name. */
    dbName?: string;
  }
}
