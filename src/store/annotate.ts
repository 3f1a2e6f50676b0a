/**
 * Writing an annotation change to a stored run, in one transaction.
 */
import type { IDBPDatabase } from 'idb';
import type { IRunAnnotations } from '../model/types';
import type { IRunSummary } from '../tokens';
import { applyAnnotationChange, historyUser } from './annotations';
import { RUNS_STORE, type IRunlogDBSchema } from './schema';
import { inRunWriteTransaction } from './writeBatch';

/** What `annotateStoredRun` did. */
export interface IAnnotateResult {
  /** The run's summary as now stored. */
  summary: IRunSummary;
  /** False when the change said what was stored already: nothing written. */
  written: boolean;
}

/**
 * Apply a normalised `change` by `user` to the stored run `runId`, reading
 * and writing in one readwrite transaction so a concurrent write cannot be
 * lost. The change is dated `at` (default now).
 * Resolves undefined for an unknown id; rejects, with nothing written, if
 * the transaction aborts (e.g. QuotaExceededError).
 */
export function annotateStoredRun(
  db: IDBPDatabase<IRunlogDBSchema>,
  runId: string,
  change: Partial<IRunAnnotations>,
  user: string | null | undefined,
  at = new Date().toISOString()
): Promise<IAnnotateResult | undefined> {
  const author = historyUser(user);
  return inRunWriteTransaction(db, async (tx, requests) => {
    const runs = tx.objectStore(RUNS_STORE);
    const stored = await runs.get(runId);
    if (!stored) {
      return undefined;
    }
    const changed = applyAnnotationChange(stored, change, author, at);
    if (!changed) {
      return { summary: stored, written: false };
    }
    requests.push(runs.put(changed));
    return { summary: changed, written: true };
  });
}
