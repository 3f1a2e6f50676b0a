/**
 * Deciding which experiment a notebook without an id joins, once for every
 * tab. Two tabs of one browser that capture the first runs of the same
 * never-run notebook would otherwise each make up an id and split its runs
 * into two experiments.
 */
import type { IDBPDatabase } from 'idb';
import type { IExperimentSummary } from '../tokens';
import {
  BY_NOTEBOOK_PATH,
  EXPERIMENTS_STORE,
  NOTEBOOK_CLAIMS_STORE,
  type IRunlogDBSchema
} from './schema';

/**
 * The experiment a first capture of a notebook without an id at
 * `notebookPath` joins, decided in one readwrite transaction (concurrent
 * tabs take turns, so the first one decides for all):
 *
 * 1. the experiment whose newest run was recorded at that path, if any (the
 *    notebook was reloaded unsaved after its first run);
 * 2. else the experiment an earlier claim of the path gave, while none of
 *    its runs is stored yet (another tab's first run is being written);
 * 3. else `candidateId`.
 *
 * A claim whose experiment was recorded elsewhere since (the notebook was
 * renamed or moved) is passed over, so a new notebook at the old path starts
 * its own experiment.
 */
export async function claimNotebookExperiment(
  db: IDBPDatabase<IRunlogDBSchema>,
  notebookPath: string,
  candidateId: string,
  now: string = new Date().toISOString()
): Promise<string> {
  const tx = db.transaction(
    [NOTEBOOK_CLAIMS_STORE, EXPERIMENTS_STORE],
    'readwrite'
  );
  const done = tx.done;
  // A failure is reported once, through `await done` below.
  done.catch(() => undefined);
  const claims = tx.objectStore(NOTEBOOK_CLAIMS_STORE);
  const experiments = tx.objectStore(EXPERIMENTS_STORE);
  const [claim, atPath] = await Promise.all([
    claims.get(notebookPath),
    experiments.index(BY_NOTEBOOK_PATH).getAll(notebookPath)
  ]);
  let id = newestExperiment(atPath)?.id;
  if (id === undefined && claim) {
    const claimed = await experiments.get(claim.experiment_id);
    if (!claimed) {
      id = claim.experiment_id;
    }
  }
  id ??= candidateId;
  if (claim?.experiment_id !== id) {
    claims
      .put({ notebook_path: notebookPath, experiment_id: id, claimed_at: now })
      .catch(() => undefined);
  }
  await done;
  return id;
}

/** The experiment with the latest `last_run_at`; ties go to the lower id. */
function newestExperiment(
  experiments: readonly IExperimentSummary[]
): IExperimentSummary | undefined {
  let newest: IExperimentSummary | undefined;
  for (const experiment of experiments) {
    if (
      !newest ||
      (experiment.last_run_at ?? '') > (newest.last_run_at ?? '')
    ) {
      newest = experiment;
    }
  }
  return newest;
}
