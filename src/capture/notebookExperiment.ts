/**
 * Which experiment an open notebook's runs join: its own saved id, an id
 * claimed from the store for a notebook that has none (never run, or a copy
 * of another notebook about to get its own), kept while the notebook is
 * renamed or copied.
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { IExperimentRef } from '../model/types';
import type { IRunStore } from '../tokens';
import { ExperimentClaim } from './experimentClaim';
import {
  ensureExperiment,
  IResolvedExperiment,
  NotebookIdReader,
  readExperiment,
  resolveExperiment
} from '../notebook/notebookIdentity';

export interface INotebookExperimentOptions {
  panel: NotebookPanel;
  store: IRunStore;
  newId: () => string;
  /** Reads the experiment id saved in another notebook file (to tell copies). */
  readNotebookId: NotebookIdReader;
}

export class NotebookExperiment {
  constructor(options: INotebookExperimentOptions) {
    this._options = options;
  }

  /**
   * The experiment of this notebook, if it ever had a run captured (a copy
   * of another notebook has none until its first capture).
   */
  get current(): IExperimentRef | null {
    const { panel } = this._options;
    return panel.model && !this._resolved.copyOf
      ? readExperiment(panel.model, panel.context.path)
      : null;
  }

  /**
   * Postpone `step` while an experiment is being claimed; true when it was
   * postponed (it then runs once the claim is settled).
   */
  defer(step: () => void): boolean {
    return this._claim.defer(step);
  }

  /**
   * Do `step` (which may assemble runs) once the notebook's experiment is
   * decided: a notebook without an id of its own (never run, or a copy about
   * to get its own experiment) claims one from the store first. `hasRuns`:
   * runs were assembled in this notebook already.
   */
  whenDecided(step: () => void, hasRuns: boolean): void {
    if (this._claim.defer(step)) {
      return;
    }
    const { panel, store, newId } = this._options;
    const model = panel.model!;
    const path = panel.context.path;
    // A copy's first capture gives it its own experiment; once it has runs
    // at its path it is no longer told apart from the notebook it came from.
    const isCopy = this._resolved.copyOf !== null && !hasRuns;
    if (readExperiment(model, path) && !isCopy) {
      step();
      return;
    }
    const decided = ({ id }: IExperimentRef) => {
      this._resolved = { id, copyOf: null };
    };
    const candidate = this._resolved.id || newId();
    this._claim.start(store, model, path, candidate, decided, step);
  }

  /** The experiment a run assembled now joins, saved in the notebook. */
  ensure(): IExperimentRef {
    const { panel, newId } = this._options;
    const model = panel.model;
    // The notebook closed while its experiment was claimed: record its run
    // under the claimed experiment anyway.
    const claimed = this._claim.claimed;
    const experiment =
      claimed && (!model || model.isDisposed)
        ? claimed
        : ensureExperiment(
            model!,
            panel.context.path,
            newId,
            this._resolved.id
          );
    this._resolved = { id: experiment.id, copyOf: null };
    return experiment;
  }

  /** Find the experiment the next capture joins (see `resolveExperiment`). */
  async resolve(): Promise<void> {
    const { panel, store, readNotebookId } = this._options;
    if (!panel.model) {
      return;
    }
    const model = panel.model;
    const idBefore = readExperiment(model, panel.context.path)?.id;
    let resolved: IResolvedExperiment = { id: null, copyOf: null };
    try {
      resolved = await resolveExperiment(
        store,
        readNotebookId,
        model,
        panel.context.path
      );
    } catch {
      // Unknown: keep the notebook's own id (never split a history on a guess).
    }
    // A capture in the meantime may have settled the id already.
    if (readExperiment(model, panel.context.path)?.id === idBefore) {
      this._resolved = resolved;
    }
  }

  private _options: INotebookExperimentOptions;
  private _resolved: IResolvedExperiment = { id: null, copyOf: null };
  private _claim = new ExperimentClaim();
}
