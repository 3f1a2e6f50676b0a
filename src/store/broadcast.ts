/**
 * Telling other tabs of the same origin which runs were written, so their
 * stores re-read them and emit `changed`.
 */
import type { IDisposable } from '@lumino/disposable';
import type { IPurgedRun } from '../model/types';
import type { IRunStore, IRunSummary } from '../tokens';

/** What one tab tells the others after a write. */
export interface IChangeNotice {
  experimentId: string;
  /** Runs written: the others read them as stored. */
  ids: string[];
  /** Runs deleted for good: the others drop them. */
  removed?: string[];
}

/**
 * The changes to announce for runs written and runs deleted for good, one
 * per experiment (`removed` only where there are some).
 */
export function changesByExperiment(
  written: readonly IRunSummary[],
  removed: readonly IPurgedRun[]
): IRunStore.IChange[] {
  const changes = new Map<string, IRunStore.IChange>();
  const changeOf = (experimentId: string): IRunStore.IChange => {
    let change = changes.get(experimentId);
    if (!change) {
      change = { experimentId, runs: [] };
      changes.set(experimentId, change);
    }
    return change;
  };
  for (const summary of written) {
    changeOf(summary.experiment.id).runs.push(summary);
  }
  for (const tombstone of removed) {
    const change = changeOf(tombstone.experiment_id);
    (change.removed ??= []).push(tombstone.id);
  }
  return [...changes.values()];
}

export class ChangeBroadcast implements IDisposable {
  /** A channel, or null where BroadcastChannel is missing (jsdom, old browsers). */
  static open(
    name: string,
    onNotice: (notice: IChangeNotice) => void
  ): ChangeBroadcast | null {
    return typeof BroadcastChannel === 'undefined'
      ? null
      : new ChangeBroadcast(new BroadcastChannel(name), onNotice);
  }

  private constructor(
    private readonly _channel: BroadcastChannel,
    private readonly _onNotice: (notice: IChangeNotice) => void
  ) {
    _channel.addEventListener('message', this._onMessage);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  post(notice: IChangeNotice): void {
    if (!this._isDisposed) {
      this._channel.postMessage(notice);
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._channel.removeEventListener('message', this._onMessage);
    this._channel.close();
  }

  private _onMessage = (event: MessageEvent): void => {
    const data: unknown = event.data;
    if (isChangeNotice(data)) {
      this._onNotice(data);
    }
  };

  private _isDisposed = false;
}

function isChangeNotice(data: unknown): data is IChangeNotice {
  if (typeof data !== 'object' || data === null) {
    return false;
  }
  const { experimentId, ids, removed } = data as Partial<IChangeNotice>;
  return (
    typeof experimentId === 'string' &&
    isStringList(ids) &&
    (removed === undefined || isStringList(removed))
  );
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(id => typeof id === 'string');
}
