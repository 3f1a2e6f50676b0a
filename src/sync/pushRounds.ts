/**
 * The push side of the MLflow sync service: rounds that push the runs that
 * are due, in batches, one tab at a time (Web Lock), and write what MLflow
 * answered into the outbox. The service owns the settings, the status and
 * the timer, and lends them through IPushHost; the decisions are outbox.ts's.
 */
import type { IndexedDBSyncStateStore } from '../store/syncStates';
import type { Translate } from '../store/messages';
import type {
  IMlflowSync,
  IRunStore,
  IRunSummary,
  IRunSyncState
} from '../tokens';
import type { IMlflowClient } from './mlflowClient';
import type { IRunMapper } from './mapper';
import {
  dueBatch,
  isDue,
  laterTime,
  MAX_RUNS_PER_PUSH,
  nextDueAt
} from './outbox';
import { pushBatch } from './pushBatch';
import type { ISyncSettings } from './syncService';
import { runWithLock } from './tabLock';
import { outcomesChange } from './trashSync';
import type { EarliestTimer } from './timer';

/** Another tab holds the push lock: look again after this long. */
export const LOCKED_RETRY_MS = 30_000;

/** What a push round uses of the sync service. */
export interface IPushHost {
  store: IRunStore;
  states: IndexedDBSyncStateStore;
  client: IMlflowClient;
  mapper: IRunMapper;
  tr: Translate;
  now: () => number;
  random: () => number;
  locks: LockManager | null;
  timer: EarliestTimer;
  settings(): ISyncSettings;
  status(): IMlflowSync.IStatus;
  update(change: Partial<IMlflowSync.IStatus>): void;
  /** Sync is on, the server can sync and the service is not disposed. */
  isActive(): boolean;
  /** Emit the changed states here and in the other tabs. */
  announce(states: readonly IRunSyncState[]): void;
  refreshCounts(): Promise<void>;
  /** Push what is due again (the timer's callback). */
  flush(): void;
}

export class PushRounds {
  constructor(host: IPushHost) {
    this._host = host;
  }

  /** Note a run's newest write, so a push of an older version is not taken as current. */
  noteChanged(run: IRunSummary): void {
    const latest = this._latest.get(run.id) ?? null;
    this._latest.set(run.id, laterTime(latest, run.updated_at)!);
  }

  /** Drop the hold after a refusal (sync now). */
  releaseHold(): void {
    this._holdUntil = 0;
  }

  /** Push rounds until nothing is due, under the tabs' lock when there is one. */
  async run(): Promise<void> {
    if (this._host.now() < this._holdUntil) {
      this._host.timer.arm(
        this._holdUntil - this._host.now(),
        () => void this._host.flush()
      );
      return;
    }
    this._holdUntil = 0;
    const ran = await runWithLock(this._host.locks, async () => {
      // The queue is read once per pass, not once per batch: re-reading it
      // for every batch made a backfill of n runs cost n²/20 reads.
      for (;;) {
        const due = dueBatch(
          await this._host.states.listByState('waiting'),
          this._host.now(),
          Number.POSITIVE_INFINITY
        );
        let goOn = due.length > 0;
        for (let i = 0; goOn && i < due.length; i += MAX_RUNS_PER_PUSH) {
          goOn =
            this._host.isActive() &&
            (await this._pushBatch(
              due.slice(i, i + MAX_RUNS_PER_PUSH).map(state => state.run_id)
            ));
        }
        if (!goOn) {
          break;
        }
      }
      if (this._host.status().phase === 'syncing') {
        this._host.update({ phase: 'idle', message: null });
      }
    });
    await this._host.refreshCounts();
    if (!ran) {
      // Another tab is pushing; look again later (its writes update counts).
      this._host.timer.arm(LOCKED_RETRY_MS, () => void this._host.flush());
      return;
    }
    const waiting = await this._host.states.listByState('waiting');
    const due = nextDueAt(waiting);
    if (due !== null && this._host.isActive()) {
      this._host.timer.arm(
        Math.max(due - this._host.now(), 0),
        () => void this._host.flush()
      );
    }
  }

  /** Push these runs if still due; false when nothing more can go now. */
  private async _pushBatch(runIds: readonly string[]): Promise<boolean> {
    const now = this._host.now();
    const batch = [...(await this._host.states.get(runIds)).values()].filter(
      state => isDue(state, now)
    );
    if (!batch.length) {
      return true;
    }
    const outcome = await pushBatch(
      {
        store: this._host.store,
        client: this._host.client,
        mapper: this._host.mapper,
        tr: this._host.tr,
        experimentNameTemplate: this._host.settings().experimentNameTemplate,
        trackingUri: this._host.settings().trackingUri,
        shownTrackingUri: this._host.status().trackingUri,
        latest: this._latest,
        now: this._host.now,
        random: this._host.random,
        onSending: () => this._host.update({ phase: 'syncing', message: null })
      },
      batch
    );
    await this._writeOutcomes(outcome.states);
    await this._host.refreshCounts();
    if (outcome.status) {
      this._host.update(outcome.status);
    }
    if (outcome.holdUntil !== null) {
      this._holdUntil = Math.max(this._holdUntil, outcome.holdUntil);
    }
    return outcome.goOn;
  }

  /** Write the outcomes of a push in one transaction. */
  private async _writeOutcomes(
    outcomes: readonly IRunSyncState[]
  ): Promise<void> {
    if (!outcomes.length) {
      return;
    }
    const now = this._host.now();
    const updated_at = new Date(now).toISOString();
    // Read again in the transaction: a purge may have come meanwhile.
    const written = await this._host.states.modify(
      outcomes.map(state => state.run_id),
      stored => outcomesChange(outcomes, stored, now, updated_at)
    );
    const kept = new Set(written.map(state => state.run_id));
    for (const { run_id } of outcomes) {
      if (!kept.has(run_id)) {
        this._latest.delete(run_id); // Deleted for good: no version to come.
      }
    }
    for (const state of written) {
      const latest = this._latest.get(state.run_id);
      if (
        state.state === 'synced' &&
        latest &&
        latest <= state.pushed_updated_at!
      ) {
        this._latest.delete(state.run_id);
      }
    }
    this._host.announce(written);
  }

  private readonly _host: IPushHost;
  /** The newest `updated_at` seen per run, to tell a push it is stale. */
  private _latest = new Map<string, string>();
  /** No push before this (epoch ms): after an answer a retry will not fix. */
  private _holdUntil = 0;
}
