/**
 * Asking the browser to keep the run database (`navigator.storage.persist()`),
 * once: the answer is remembered in the `meta` store so the user (Firefox
 * shows a prompt) is not asked on every page load.
 */
import type { IDBPDatabase } from 'idb';
import type { JSONValue } from '../model/types';
import { META_STORE, type IRunlogDBSchema } from './schema';

/** The `meta` key under which the request is remembered. */
export const PERSISTENCE_KEY = 'persistence_request';

/** What is remembered about the request. */
export interface IPersistenceRequest {
  asked_at: string;
  granted: boolean;
}

export async function askPersistenceOnce(
  db: IDBPDatabase<IRunlogDBSchema>,
  storage: StorageManager | undefined
): Promise<boolean> {
  if (!storage || typeof storage.persist !== 'function') {
    return false;
  }
  const previous = await db.get(META_STORE, PERSISTENCE_KEY);
  if (isPersistenceRequest(previous)) {
    // Already asked: report the current state without asking again.
    return typeof storage.persisted === 'function'
      ? storage.persisted()
      : previous.granted;
  }
  const granted = await storage.persist();
  const request: IPersistenceRequest = {
    asked_at: new Date().toISOString(),
    granted
  };
  await db.put(META_STORE, { ...request }, PERSISTENCE_KEY);
  return granted;
}

function isPersistenceRequest(
  value: JSONValue | undefined
): value is JSONValue & IPersistenceRequest {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof value.granted === 'boolean'
  );
}
