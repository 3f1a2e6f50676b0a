/**
 * The first capture of a notebook without an id of its own waits for the
 * store to decide its experiment (`IRunStore.claimExperiment`), so that every
 * tab capturing that notebook's first runs at once joins one experiment.
 */
import type { INotebookModel } from '@jupyterlab/notebook';
import type { IExperimentRef } from '../model/types';
import type { IRunStore } from '../tokens';
import {
  experimentName,
  replaceExperimentId
} from '../notebook/notebookIdentity';

export class ExperimentClaim {
  /** The experiment the last claim decided, or null before any. */
  get claimed(): IExperimentRef | null {
    return this._claimed;
  }

  /** Queue `step` behind the claim in progress; false when there is none. */
  defer(step: () => void): boolean {
    if (!this._waiting) {
      return false;
    }
    this._waiting.push(step);
    return true;
  }

  /**
   * Ask the store for the experiment of the notebook at `path` (offering
   * `candidateId`), write its id into the notebook's metadata, tell
   * `decided`, then do `step` and the steps deferred meanwhile, in order.
   */
  start(
    store: Pick<IRunStore, 'claimExperiment'>,
    model: INotebookModel,
    path: string,
    candidateId: string,
    decided: (experiment: IExperimentRef) => void,
    step: () => void
  ): void {
    const waiting = [step];
    this._waiting = waiting;
    const name = experimentName(model, path);
    void store
      .claimExperiment(path, candidateId)
      // Without the store no tab records anything; capture goes on regardless.
      .catch(() => candidateId)
      .then(id => {
        this._claimed = { id, name };
        try {
          if (!model.isDisposed) {
            replaceExperimentId(model, path, id);
          }
          decided(this._claimed);
        } finally {
          this._waiting = null;
          waiting.forEach(waitingStep => waitingStep());
        }
      });
  }

  private _waiting: (() => void)[] | null = null;
  private _claimed: IExperimentRef | null = null;
}
