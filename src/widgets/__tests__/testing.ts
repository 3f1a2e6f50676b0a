/**
 * An in-memory run store and a run factory, for the views' tests (and for
 * anyone who needs an `IRunStore` without IndexedDB).
 */
import { ISignal, Signal } from '@lumino/signaling';
import { sameRunContent } from '../../model/record/runContent';
import {
  applyAnnotationChange,
  historyUser,
  keepStoredAnnotations,
  normaliseAnnotationChange
} from '../../store/annotations';
import { applyAlerts, applyTrashMove, tombstoneOf } from '../../store/trash';
import type {
  IExperimentSummary,
  IPurgedRun,
  IRunAlert,
  IRunAnnotations,
  IRunRecord,
  IRunStore,
  IRunSummary
} from '../../tokens';

function summaryOf(run: IRunRecord): IRunSummary {
  // Copies, as a real store hands out: callers cannot change what is stored.
  const { cells: _cells, ...summary } = JSON.parse(
    JSON.stringify(run)
  ) as IRunRecord;
  return summary;
}

export class MemoryRunStore implements IRunStore {
  /** Every call to `listRuns`, in order: lets tests check paging. */
  readonly listCalls: { experimentId: string; limit?: number }[] = [];

  get changed(): ISignal<IRunStore, IRunStore.IChange> {
    return this._changed;
  }

  get writeFailed(): ISignal<IRunStore, IRunStore.IWriteFailure> {
    return this._writeFailed;
  }

  readonly ready = Promise.resolve();

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Store runs without a change notice (the state before a view opens). */
  seed(runs: IRunRecord[]): void {
    for (const run of runs) {
      this._runs.set(run.id, JSON.parse(JSON.stringify(run)));
    }
  }

  async put(run: IRunRecord): Promise<IRunSummary> {
    const previous = this._runs.get(run.id);
    // As the real store: a rewrite keeps the stored annotations and history.
    const stored: IRunRecord = JSON.parse(
      JSON.stringify(keepStoredAnnotations(run, previous))
    );
    if (stored.number === 0 && previous) {
      // As the real store: a rewritten run keeps its number.
      stored.number = previous.number;
    } else if (stored.number === 0) {
      stored.number = this._highestNumber(run.experiment.id) + 1;
    }
    if (this._purged.has(stored.id)) {
      // As the real store: a run deleted for good is not written again.
      return summaryOf(stored);
    }
    this._runs.set(stored.id, stored);
    const summary = summaryOf(stored);
    this._changed.emit({
      experimentId: stored.experiment.id,
      runs: [summary]
    });
    return summary;
  }

  async flush(): Promise<void> {
    // Writes are immediate here.
  }

  async importRuns(
    runs: readonly IRunRecord[],
    options: {
      isSameRun?: (incoming: IRunRecord, stored: IRunRecord) => boolean;
      skipPurged?: boolean;
    } = {}
  ): Promise<IRunStore.IImportResult> {
    const isSame = options.isSameRun ?? sameRunContent;
    const result: IRunStore.IImportResult = {
      added: [],
      identical: [],
      conflicting: [],
      purged: []
    };
    for (const run of runs) {
      const stored = this._runs.get(run.id);
      if (options.skipPurged && this._purged.has(run.id)) {
        result.purged!.push(run.id);
      } else if (stored) {
        (isSame(run, stored) ? result.identical : result.conflicting).push(
          run.id
        );
      } else {
        // As the real store: a number held by another run, or by a run
        // deleted for good, is not given again.
        const held = [...this._runs.values(), ...this._purged.values()].some(
          other =>
            other.id !== run.id &&
            experimentOf(other) === run.experiment.id &&
            other.number === run.number
        );
        this._purged.delete(run.id);
        const number =
          held || !(run.number > 0)
            ? this._highestNumber(run.experiment.id) + 1
            : run.number;
        result.added.push(await this.put({ ...run, number }));
      }
    }
    return result;
  }

  /** The highest number of the experiment's runs, stored or deleted for good. */
  private _highestNumber(experimentId: string): number {
    const numbers = [...this._runs.values(), ...this._purged.values()]
      .filter(other => experimentOf(other) === experimentId)
      .map(other => other.number);
    return Math.max(0, ...numbers);
  }

  async annotateRun(
    runId: string,
    change: Partial<IRunAnnotations>,
    user?: string | null
  ): Promise<IRunSummary | undefined> {
    const normalised = normaliseAnnotationChange(change);
    const stored = this._runs.get(runId);
    if (!stored) {
      return undefined;
    }
    const changed = applyAnnotationChange(
      stored,
      normalised,
      historyUser(user),
      new Date().toISOString()
    );
    if (!changed) {
      return summaryOf(stored);
    }
    const copy: IRunRecord = JSON.parse(JSON.stringify(changed));
    this._runs.set(runId, copy);
    const summary = summaryOf(copy);
    this._changed.emit({ experimentId: copy.experiment.id, runs: [summary] });
    return summary;
  }

  async deleteRuns(
    runIds: readonly string[],
    user?: string | null
  ): Promise<IRunSummary[]> {
    return this._moveTrash(runIds, true, user);
  }

  async restoreRuns(
    runIds: readonly string[],
    user?: string | null
  ): Promise<IRunSummary[]> {
    return this._moveTrash(runIds, false, user);
  }

  async purgeRuns(
    runIds: readonly string[],
    user?: string | null
  ): Promise<IPurgedRun[]> {
    const at = new Date().toISOString();
    const tombstones: IPurgedRun[] = [];
    for (const id of new Set(runIds)) {
      const run = this._runs.get(id);
      if (run?.deleted) {
        this._runs.delete(id);
        const tombstone = tombstoneOf(run, historyUser(user), at);
        this._purged.set(id, tombstone);
        tombstones.push(tombstone);
      }
    }
    for (const [experimentId, ids] of groupBy(
      tombstones,
      t => t.experiment_id
    )) {
      this._changed.emit({
        experimentId,
        runs: [],
        removed: ids.map(t => t.id)
      });
    }
    return tombstones;
  }

  async listPurged(experimentId: string): Promise<IPurgedRun[]> {
    return [...this._purged.values()]
      .filter(tombstone => tombstone.experiment_id === experimentId)
      .sort((a, b) => b.purged_at.localeCompare(a.purged_at))
      .map(tombstone => JSON.parse(JSON.stringify(tombstone)));
  }

  async addAlerts(
    runId: string,
    alerts: readonly IRunAlert[]
  ): Promise<IRunSummary | undefined> {
    const stored = this._runs.get(runId);
    if (!stored) {
      return undefined;
    }
    const changed = applyAlerts(stored, alerts, new Date().toISOString());
    if (!changed) {
      return summaryOf(stored);
    }
    this._runs.set(runId, JSON.parse(JSON.stringify(changed)));
    const summary = summaryOf(changed);
    this._changed.emit({
      experimentId: changed.experiment.id,
      runs: [summary]
    });
    return summary;
  }

  async getRun(id: string): Promise<IRunRecord | undefined> {
    const run = this._runs.get(id);
    return run ? JSON.parse(JSON.stringify(run)) : undefined;
  }

  async getRuns(ids: readonly string[]): Promise<IRunRecord[]> {
    const runs = await Promise.all(ids.map(id => this.getRun(id)));
    return runs.filter((run): run is IRunRecord => run !== undefined);
  }

  async listRuns(
    experimentId: string,
    options: { limit?: number; trash?: boolean } = {}
  ): Promise<IRunSummary[]> {
    this.listCalls.push({ experimentId, limit: options.limit });
    const trash = options.trash === true;
    const runs = this._ofExperiment(experimentId)
      .filter(run => (run.deleted !== undefined) === trash)
      .sort((a, b) => b.number - a.number);
    return runs.slice(0, options.limit ?? runs.length).map(summaryOf);
  }

  async countRuns(
    experimentId: string,
    options: { trash?: boolean } = {}
  ): Promise<number> {
    const trash = options.trash === true;
    return this._ofExperiment(experimentId).filter(
      run => (run.deleted !== undefined) === trash
    ).length;
  }

  async listExperiments(): Promise<IExperimentSummary[]> {
    const byId = new Map<string, IRunRecord[]>();
    for (const run of this._runs.values()) {
      byId.set(run.experiment.id, [
        ...(byId.get(run.experiment.id) ?? []),
        run
      ]);
    }
    return [...byId.values()].map(runs => {
      const last = runs.reduce((a, b) => (b.number > a.number ? b : a));
      return {
        ...last.experiment,
        notebook_path: last.notebook_path,
        // As the real store: live runs only, numbers never given back.
        run_count: runs.filter(run => run.deleted === undefined).length,
        last_number: this._highestNumber(last.experiment.id),
        last_run_at: last.started_at
      };
    });
  }

  async listRunning(): Promise<IRunSummary[]> {
    return [...this._runs.values()]
      .filter(run => run.status === 'running')
      .map(summaryOf);
  }

  /** As the real store (src/store/notebookClaims.ts), without the transaction. */
  async claimExperiment(
    notebookPath: string,
    candidateId: string
  ): Promise<string> {
    const atPath = (await this.listExperiments())
      .filter(experiment => experiment.notebook_path === notebookPath)
      .sort((a, b) => (b.last_run_at ?? '').localeCompare(a.last_run_at ?? ''));
    const claimed = this._claims.get(notebookPath);
    const pending =
      claimed !== undefined && this._ofExperiment(claimed).length === 0
        ? claimed
        : undefined;
    const id = atPath[0]?.id ?? pending ?? candidateId;
    this._claims.set(notebookPath, id);
    return id;
  }

  dispose(): void {
    this._isDisposed = true;
    Signal.clearData(this);
  }

  private _ofExperiment(experimentId: string): IRunRecord[] {
    return [...this._runs.values()].filter(
      run => run.experiment.id === experimentId
    );
  }

  private _moveTrash(
    runIds: readonly string[],
    deleted: boolean,
    user: string | null | undefined
  ): IRunSummary[] {
    const at = new Date().toISOString();
    const moved: IRunSummary[] = [];
    for (const id of new Set(runIds)) {
      const run = this._runs.get(id);
      const changed =
        run && applyTrashMove(run, deleted, historyUser(user), at);
      if (changed) {
        this._runs.set(id, JSON.parse(JSON.stringify(changed)));
        moved.push(summaryOf(changed));
      }
    }
    for (const [experimentId, runs] of groupBy(moved, r => r.experiment.id)) {
      this._changed.emit({ experimentId, runs });
    }
    return moved;
  }

  private _runs = new Map<string, IRunRecord>();
  private _purged = new Map<string, IPurgedRun>();
  private _claims = new Map<string, string>();
  private _isDisposed = false;
  private _changed = new Signal<IRunStore, IRunStore.IChange>(this);
  private _writeFailed = new Signal<IRunStore, IRunStore.IWriteFailure>(this);
}

function experimentOf(run: IRunRecord | IPurgedRun): string {
  return 'experiment_id' in run ? run.experiment_id : run.experiment.id;
}

function groupBy<T>(
  items: readonly T[],
  key: (item: T) => string
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  }
  return groups;
}

/** A completed run of experiment `exp-1` with the given number. */
export function makeRunRecord(
  number: number,
  overrides: Partial<IRunRecord> = {}
): IRunRecord {
  const started = new Date(Date.UTC(2024, 0, 1) + number * 60_000);
  return {
    id: `run-${number}`,
    number,
    experiment: { id: 'exp-1', name: 'tune' },
    notebook_path: 'tune.ipynb',
    status: 'completed',
    started_at: started.toISOString(),
    ended_at: new Date(started.getTime() + 1500).toISOString(),
    duration_ms: 1500,
    params: {
      lr: { value: number / 1000, source: String(number / 1000), type: 'float' }
    },
    metrics: { 'val/acc': { value: 0.5 + number / 1e6 } },
    cells: [],
    context: { kernel: { name: 'python3', language: 'python' } },
    annotations: { note: '', tags: [], starred: false },
    updated_at: started.toISOString(),
    ...overrides
  };
}

/** The summary (no cells) of `makeRunRecord`. */
export function makeRunSummary(
  number: number,
  overrides: Partial<IRunRecord> = {}
): IRunSummary {
  const { cells: _cells, ...summary } = makeRunRecord(number, overrides);
  return summary;
}
