/**
 * IRunStore over IndexedDB: batched, coalesced writes that survive quota
 * errors, and change notifications within and across tabs.
 */
import type { IDBPDatabase } from 'idb';
import type { ITranslator } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { normaliseRunRecord } from '../model/record/runRecordShape';
import type {
  IPurgedRun,
  IRunAlert,
  IRunAnnotations,
  IRunRecord
} from '../model/types';
import type { IExperimentSummary, IRunStore, IRunSummary } from '../tokens';
import { annotateStoredRun } from './annotate';
import { historyUser, normaliseAnnotationChange } from './annotations';
import {
  ChangeBroadcast,
  changesByExperiment,
  type IChangeNotice
} from './broadcast';
import { ReopeningConnection } from './database';
import {
  blockedFailure,
  translateWith,
  writeFailure,
  type Translate
} from './messages';
import { askPersistenceOnce } from './persistence';
import {
  BY_STATUS,
  DB_NAME,
  EXPERIMENTS_STORE,
  RUNS_STORE,
  TRASH_MARKS_STORE,
  type IRunlogDBSchema
} from './schema';
import { withMarks } from './trashMarks';
import { sameRunContent } from '../model/record/runContent';
import { importBatch, type SameRun } from './importBatch';
import { claimNotebookExperiment } from './notebookClaims';
import { readRun, readRuns, readSummaries } from './queries';
import { checkAlerts } from './trash';
import { countRunsOf, readRunsOf } from './trashQueries';
import {
  addStoredAlerts,
  moveStoredRuns,
  purgeStoredRuns,
  readPurged
} from './trashWrites';
import { writeBatch } from './writeBatch';
import { WriteQueue } from './writeQueue';

type Database = IDBPDatabase<IRunlogDBSchema>;

export class IndexedDBRunStore implements IRunStore {
  constructor(options: IndexedDBRunStore.IOptions = {}) {
    const dbName = options.dbName ?? DB_NAME;
    // Opened on first use; reopened after another tab made it close.
    this._connection = new ReopeningConnection({
      factory: options.idbFactory,
      name: dbName,
      blocked: () => this._reportBlocked()
    });
    this._writes = new WriteQueue({
      batchDelayMs: options.batchDelayMs ?? 50,
      retryDelayMs: options.retryDelayMs ?? 1000,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 30000,
      write: async runs => writeBatch(await this._connection.database(), runs),
      written: summaries => this._announce(summaries),
      failed: error => this._reportFailure(error)
    });
    this._tr = translateWith(options.translator);
    if (options.broadcast ?? true) {
      // One channel per database name, so test databases do not talk to the real one.
      this._broadcast = ChangeBroadcast.open(dbName, this._onNotice);
    }
    if (typeof document !== 'undefined') {
      document.addEventListener('visibilitychange', this._onVisibilityChange);
    }
    this.ready = this._connection.database().then(() => undefined);
    // Keep an unobserved failure quiet; whoever awaits `ready` still sees it.
    this.ready.catch(() => undefined);
  }

  readonly ready: Promise<void>;

  get changed(): ISignal<IRunStore, IRunStore.IChange> {
    return this._changed;
  }

  get writeFailed(): ISignal<IRunStore, IRunStore.IWriteFailure> {
    return this._writeFailed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Runs queued in memory, not yet durable. */
  get pendingCount(): number {
    return this._writes.pendingCount;
  }

  put(run: IRunRecord): Promise<IRunSummary> {
    if (this._isDisposed) {
      return Promise.reject(new Error('The run store is disposed.'));
    }
    if (typeof run?.id !== 'string' || !run.id || !run.experiment?.id) {
      // A record without keys would fail every batch it joins.
      return Promise.reject(
        new TypeError('A run needs an id and an experiment id to be stored.')
      );
    }
    // Stored in the one form the record describes, whoever built it.
    run = normaliseRunRecord(run);
    return this._writes.enqueue(run);
  }

  flush(): Promise<void> {
    return this._writes.flush();
  }

  async importRuns(
    runs: readonly IRunRecord[],
    options: {
      isSameRun?: SameRun;
      signal?: AbortSignal;
      onProgress?: (fraction: number) => void;
      skipPurged?: boolean;
    } = {}
  ): Promise<IRunStore.IImportResult> {
    if (this._isDisposed) {
      throw new Error('The run store is disposed.');
    }
    const db = await this._connection.database();
    const result = await importBatch(db, runs, {
      isSameRun: options.isSameRun ?? sameRunContent,
      signal: options.signal,
      onProgress: options.onProgress,
      skipPurged: options.skipPurged
    });
    this._announce(result.added);
    return result;
  }

  async annotateRun(
    runId: string,
    change: Partial<IRunAnnotations>,
    user?: string | null
  ): Promise<IRunSummary | undefined> {
    // Throws before the database is touched: a bad change writes nothing.
    const normalised = normaliseAnnotationChange(change);
    await this._flushQueued([runId]);
    const db = await this._open();
    const result = await annotateStoredRun(db, runId, normalised, user);
    if (result?.written) {
      this._announce([result.summary]);
    }
    return result?.summary;
  }

  deleteRuns(
    runIds: readonly string[],
    user?: string | null
  ): Promise<IRunSummary[]> {
    return this._moveInTrash(runIds, true, user);
  }

  restoreRuns(
    runIds: readonly string[],
    user?: string | null
  ): Promise<IRunSummary[]> {
    return this._moveInTrash(runIds, false, user);
  }

  async purgeRuns(
    runIds: readonly string[],
    user?: string | null
  ): Promise<IPurgedRun[]> {
    await this._flushQueued(runIds);
    const tombstones = await purgeStoredRuns(
      await this._open(),
      runIds,
      historyUser(user),
      new Date().toISOString()
    );
    this._announce([], tombstones);
    return tombstones;
  }

  async listPurged(experimentId: string): Promise<IPurgedRun[]> {
    return readPurged(await this._open(), experimentId);
  }

  async addAlerts(
    runId: string,
    alerts: readonly IRunAlert[]
  ): Promise<IRunSummary | undefined> {
    // Throws before the database is touched: bad alerts write nothing.
    const checked = checkAlerts(alerts);
    await this._flushQueued([runId]);
    const result = await addStoredAlerts(
      await this._open(),
      runId,
      checked,
      new Date().toISOString()
    );
    if (result?.written) {
      this._announce([result.summary]);
    }
    return result?.summary;
  }

  async getRun(id: string): Promise<IRunRecord | undefined> {
    return readRun(await this._open(), id);
  }

  async getRuns(ids: readonly string[]): Promise<IRunRecord[]> {
    return readRuns(await this._open(), ids);
  }

  async listRuns(
    experimentId: string,
    options: { limit?: number; trash?: boolean } = {}
  ): Promise<IRunSummary[]> {
    return readRunsOf(await this._open(), experimentId, options);
  }

  async countRuns(
    experimentId: string,
    options: { trash?: boolean } = {}
  ): Promise<number> {
    return countRunsOf(await this._open(), experimentId, !!options.trash);
  }

  /** Every experiment, in id order; `run_count` counts live runs. */
  async listExperiments(): Promise<IExperimentSummary[]> {
    const db = await this._open();
    return db.getAll(EXPERIMENTS_STORE);
  }

  /** In the trash too: a run left running there must still be closed. */
  async listRunning(): Promise<IRunSummary[]> {
    const db = await this._open();
    const tx = db.transaction([RUNS_STORE, TRASH_MARKS_STORE]);
    const running = await tx
      .objectStore(RUNS_STORE)
      .index(BY_STATUS)
      .getAll('running');
    return withMarks(tx.objectStore(TRASH_MARKS_STORE), running);
  }

  async claimExperiment(
    notebookPath: string,
    candidateId: string
  ): Promise<string> {
    return claimNotebookExperiment(
      await this._open(),
      notebookPath,
      candidateId
    );
  }

  /**
   * Ask the browser, once per database, not to evict stored runs
   * (`navigator.storage.persist()`). Resolves whether storage is persistent;
   * false where the Storage API is missing.
   */
  requestPersistence(storage?: StorageManager): Promise<boolean> {
    if (!this._persistence) {
      const manager =
        storage ??
        (typeof navigator === 'undefined' ? undefined : navigator.storage);
      this._persistence = this._open()
        .then(db => askPersistenceOnce(db, manager))
        .catch(() => {
          this._persistence = null;
          return false;
        });
    }
    return this._persistence;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._broadcast?.dispose();
    this._broadcast = null;
    if (typeof document !== 'undefined') {
      document.removeEventListener(
        'visibilitychange',
        this._onVisibilityChange
      );
    }
    Signal.clearData(this);
    // One last attempt for what is queued, then close.
    void this._writes
      .close(new Error('The run store was disposed before the run was saved.'))
      .finally(() => this._connection.close());
  }

  private async _moveInTrash(
    runIds: readonly string[],
    deleted: boolean,
    user: string | null | undefined
  ): Promise<IRunSummary[]> {
    await this._flushQueued(runIds);
    const moved = await moveStoredRuns(
      await this._open(),
      runIds,
      deleted,
      historyUser(user),
      new Date().toISOString()
    );
    this._announce(moved);
    return moved;
  }

  /** Write queued runs first when any of `runIds` is among them. */
  private async _flushQueued(runIds: readonly string[]): Promise<void> {
    if (runIds.some(id => this._writes.holds(id))) {
      await this.flush(); // A queued run is not stored yet.
    }
  }

  /** The open database, or a rejection after dispose. */
  private _open(): Promise<Database> {
    if (this._isDisposed) {
      return Promise.reject(new Error('The run store is disposed.'));
    }
    return this._connection.database();
  }

  private _reportFailure(error: unknown): void {
    console.warn('jupyterlab-runlog: write failed', error);
    this._writeFailed.emit(writeFailure(error, this.pendingCount, this._tr));
  }

  private _reportBlocked(): void {
    this._writeFailed.emit(blockedFailure(this.pendingCount, this._tr));
  }

  /** Emit `changed` per experiment and tell the other tabs. */
  private _announce(
    written: IRunSummary[],
    removed: readonly IPurgedRun[] = []
  ): void {
    for (const change of changesByExperiment(written, removed)) {
      this._changed.emit(change);
      this._broadcast?.post({
        experimentId: change.experimentId,
        ids: change.runs.map(run => run.id),
        ...(change.removed && { removed: change.removed })
      });
    }
  }

  /** Another tab wrote runs: read them as now stored and pass them on. */
  private _onNotice = (notice: IChangeNotice): void => {
    if (this._isDisposed) {
      return;
    }
    void this._open()
      .then(db => readSummaries(db, notice.ids))
      .then(runs => {
        const removed = notice.removed ?? [];
        if (!this._isDisposed && runs.length + removed.length > 0) {
          this._changed.emit({
            experimentId: notice.experimentId,
            runs,
            ...(removed.length > 0 && { removed })
          });
        }
      })
      .catch(error =>
        console.warn('jupyterlab-runlog: could not read changed runs', error)
      );
  };

  /** A tab being hidden may be closed next: write now rather than in 50 ms. */
  private _onVisibilityChange = (): void => {
    if (document.visibilityState === 'hidden' && this._writes.hasQueued) {
      void this.flush();
    }
  };

  private readonly _connection: ReopeningConnection;
  private readonly _writes: WriteQueue;
  private readonly _tr: Translate;
  private _broadcast: ChangeBroadcast | null = null;
  private _persistence: Promise<boolean> | null = null;
  private _isDisposed = false;
  private _changed = new Signal<IRunStore, IRunStore.IChange>(this);
  private _writeFailed = new Signal<IRunStore, IRunStore.IWriteFailure>(this);
}

export namespace IndexedDBRunStore {
  export interface IOptions {
    /** Defaults to the browser's `indexedDB`. */
    idbFactory?: IDBFactory;
    /** Defaults to DB_NAME; also names the cross-tab BroadcastChannel. */
    dbName?: string;
    /** How long puts are gathered before one transaction writes them. */
    batchDelayMs?: number;
    /** Tell other tabs about writes; on by default where BroadcastChannel exists. */
    broadcast?: boolean;
    /** First retry delay after a failed write; doubled each time up to the max. */
    retryDelayMs?: number;
    maxRetryDelayMs?: number;
    /** For the messages of `writeFailed`. */
    translator?: ITranslator;
  }
}
