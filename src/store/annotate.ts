/**
 * Writing an annotation change to a stored run, in one transaction.
 */
import type { IDBPDatabase } from 'idb';
import type { IRunAnnotations } from '../model/types';
import type { IRunSummary } from '../tokens';
import { applyAnnotationChange, historyUser } from './annotations';
import { RUNS_STORE, TRASH_MARKS_STORE, type IRunlogDBSchema } from './schema';
import { withMark } from './trashMarks';
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
    const [stored, mark] = await Promise.all([
      runs.get(runId),
      tx.objectStore(TRASH_MARKS_STORE).get(runId)
    ]);
    if (!stored) {
      return undefined;
    }
    // The record keeps its own history; the trash's stays in the mark.
    const changed = applyAnnotationChange(stored, change, author, at);
    if (!changed) {
      return { summary: withMark(stored, mark), written: false };
    }
    requests.push(runs.put(changed));
    return { summary: withMark(changed, mark), written: true };
  });
}
