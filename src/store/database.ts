/**
 * Opening the run database. The one place that calls `IDBFactory.open`, so the
 * factory can be swapped (fake-indexeddb in tests) and the upgrade path is
 * shared by the store and the migration tests.
 */
import { wrap } from 'idb';
import type { IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, upgradeDatabase } from './schema';
import type {
  IRunlogDBSchema,
  UntypedDatabase,
  UpgradeTransaction
} from './schema';

export interface IOpenOptions {
  /** Defaults to `globalThis.indexedDB`. */
  factory?: IDBFactory;
  /** Defaults to DB_NAME. */
  name?: string;
  /** Defaults to DB_VERSION; tests open older versions to fill them. */
  version?: number;
  /** Another connection (tab) holds an older version open; the open waits. */
  blocked?: (currentVersion: number, requestedVersion: number | null) => void;
  /** This connection keeps another tab from upgrading or deleting the database. */
  blocking?: (currentVersion: number, requestedVersion: number | null) => void;
  /** The browser closed the connection abnormally (e.g. storage cleared). */
  terminated?: () => void;
}

/** The browser's IndexedDB factory, when there is one. */
export function defaultFactory(): IDBFactory | undefined {
  return typeof indexedDB === 'undefined' ? undefined : indexedDB;
}

/**
 * Open (creating or migrating as needed) the run database.
 *
 * idb's own `openDB` always uses the global factory, hence this small
 * equivalent built on idb's `wrap`.
 */
export async function openRunlogDatabase(
  options: IOpenOptions = {}
): Promise<IDBPDatabase<IRunlogDBSchema>> {
  const factory = options.factory ?? defaultFactory();
  if (!factory) {
    throw new Error('IndexedDB is not available in this browser.');
  }
  const request = factory.open(
    options.name ?? DB_NAME,
    options.version ?? DB_VERSION
  );
  request.addEventListener('upgradeneeded', event => {
    const db = wrap(request.result) as UntypedDatabase;
    const tx = wrap(request.transaction!) as unknown as UpgradeTransaction;
    upgradeDatabase(db, event.oldVersion, event.newVersion, tx);
  });
  if (options.blocked) {
    const blocked = options.blocked;
    request.addEventListener('blocked', event =>
      blocked(event.oldVersion, event.newVersion)
    );
  }
  const db = (await wrap(request)) as unknown as IDBPDatabase<IRunlogDBSchema>;
  if (options.blocking) {
    const blocking = options.blocking;
    db.addEventListener('versionchange', event =>
      blocking(event.oldVersion, event.newVersion)
    );
  }
  if (options.terminated) {
    db.addEventListener('close', options.terminated);
  }
  return db;
}

/**
 * A connection opened on first use and let go when it keeps another tab from
 * upgrading or the browser ends it; the next use opens it again. The run
 * store and the sync state store each hold one.
 */
export class ReopeningConnection {
  constructor(options: Omit<IOpenOptions, 'blocking' | 'terminated'>) {
    this._options = options;
  }

  /** The open database, opening it if needed. */
  database(): Promise<IDBPDatabase<IRunlogDBSchema>> {
    if (!this._db) {
      const opening: Promise<IDBPDatabase<IRunlogDBSchema>> =
        openRunlogDatabase({
          ...this._options,
          blocking: () => this._release(opening),
          terminated: () => this._release(opening)
        });
      this._db = opening;
      opening.catch(() => this._forget(opening));
    }
    return this._db;
  }

  /** Close the connection, if any; a later use opens a new one. */
  close(): void {
    const db = this._db;
    this._db = null;
    void db?.then(opened => opened.close()).catch(() => undefined);
  }

  private _release(connection: Promise<IDBPDatabase<IRunlogDBSchema>>): void {
    this._forget(connection);
    void connection.then(db => db.close()).catch(() => undefined);
  }

  private _forget(connection: Promise<IDBPDatabase<IRunlogDBSchema>>): void {
    if (this._db === connection) {
      this._db = null;
    }
  }

  private readonly _options: Omit<IOpenOptions, 'blocking' | 'terminated'>;
  private _db: Promise<IDBPDatabase<IRunlogDBSchema>> | null = null;
}
