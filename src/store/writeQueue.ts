/**
 * The run store's queue of puts: records gathered for a short delay and
 * written in one transaction, coalesced per run id, put back and retried
 * with a growing delay when a write fails.
 */
import type { IRunRecord } from '../model/types';
import type { IRunSummary } from '../tokens';
import type { IWrittenBatch } from './writeBatch';

interface IWaiter {
  resolve: (summary: IRunSummary) => void;
  reject: (error: Error) => void;
}

/** The latest record queued for one run id, and everyone waiting on it. */
interface IPendingWrite {
  run: IRunRecord;
  waiters: IWaiter[];
}

export class WriteQueue {
  constructor(private readonly _options: WriteQueue.IOptions) {}

  /** Runs queued in memory, not yet durable. */
  get pendingCount(): number {
    let count = this._queue.size;
    for (const id of this._writing?.keys() ?? []) {
      if (!this._queue.has(id)) {
        count += 1;
      }
    }
    return count;
  }

  /** Whether anything waits to be written (not counting a write in flight). */
  get hasQueued(): boolean {
    return this._queue.size > 0;
  }

  /** Whether the run is queued or being written. */
  holds(runId: string): boolean {
    return this._queue.has(runId) || (this._writing?.has(runId) ?? false);
  }

  /** Queue `run` (the latest record of an id wins); resolves once durable. */
  enqueue(run: IRunRecord): Promise<IRunSummary> {
    return new Promise<IRunSummary>((resolve, reject) => {
      const waiter = { resolve, reject };
      const queued = this._queue.get(run.id);
      if (queued) {
        queued.run = run;
        queued.waiters.push(waiter);
      } else {
        this._queue.set(run.id, { run, waiters: [waiter] });
      }
      this._schedule(this._options.batchDelayMs);
    });
  }

  /** Write what is queued now; one attempt, after a failure the backoff resumes. */
  async flush(): Promise<void> {
    for (;;) {
      if (this._inFlight) {
        await this._inFlight;
        continue;
      }
      if (this._queue.size === 0) {
        return;
      }
      this._clearTimer();
      if (!(await this._startWrite())) {
        return;
      }
    }
  }

  /**
   * Stop scheduling writes; one last flush, then every run still waiting
   * is rejected with `lost`.
   */
  close(lost: Error): Promise<void> {
    this._closed = true;
    this._clearTimer();
    return this.flush().finally(() => {
      for (const { waiters } of this._queue.values()) {
        waiters.forEach(waiter => waiter.reject(lost));
      }
      this._queue.clear();
    });
  }

  private _schedule(delayMs: number): void {
    if (this._timer !== null || this._closed) {
      return;
    }
    this._timer = setTimeout(() => {
      this._timer = null;
      // An in-flight write reschedules what is left when it finishes.
      if (!this._inFlight) {
        void this._startWrite();
      }
    }, delayMs);
  }

  private _clearTimer(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private _startWrite(): Promise<boolean> {
    const writing = this._writeQueued().finally(() => {
      this._inFlight = null;
    });
    this._inFlight = writing;
    return writing;
  }

  /** Write everything queued in one transaction; false if it failed. */
  private async _writeQueued(): Promise<boolean> {
    const batch = this._queue;
    this._queue = new Map();
    if (batch.size === 0) {
      return true;
    }
    const entries = [...batch.values()];
    let written: IWrittenBatch;
    this._writing = batch;
    try {
      written = await this._options.write(entries.map(entry => entry.run));
    } catch (error) {
      this._writing = null;
      this._requeue(batch);
      this._failures += 1;
      this._options.failed(error);
      // The backoff replaces any batch timer set by puts meanwhile.
      this._clearTimer();
      this._schedule(this._retryDelay());
      return false;
    }
    this._writing = null;
    this._failures = 0;
    const { summaries, purged } = written;
    entries.forEach((entry, index) =>
      entry.waiters.forEach(waiter => waiter.resolve(summaries[index]))
    );
    this._options.written(summaries.filter(summary => !purged.has(summary.id)));
    if (this._queue.size > 0) {
      this._schedule(this._options.batchDelayMs);
    }
    return true;
  }

  /** Put a failed batch back before anything queued since (numbering order). */
  private _requeue(batch: Map<string, IPendingWrite>): void {
    const merged = new Map(batch);
    for (const [id, newer] of this._queue) {
      const older = merged.get(id);
      merged.set(
        id,
        older
          ? { run: newer.run, waiters: [...older.waiters, ...newer.waiters] }
          : newer
      );
    }
    this._queue = merged;
  }

  private _retryDelay(): number {
    const { retryDelayMs, maxRetryDelayMs } = this._options;
    return Math.min(retryDelayMs * 2 ** (this._failures - 1), maxRetryDelayMs);
  }

  private _queue = new Map<string, IPendingWrite>();
  private _inFlight: Promise<boolean> | null = null;
  /** The batch the in-flight transaction is writing. */
  private _writing: Map<string, IPendingWrite> | null = null;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _failures = 0;
  private _closed = false;
}

export namespace WriteQueue {
  export interface IOptions {
    /** How long puts are gathered before one transaction writes them. */
    batchDelayMs: number;
    /** First retry delay after a failed write; doubled each time up to the max. */
    retryDelayMs: number;
    maxRetryDelayMs: number;
    /** Write the runs in one transaction. */
    write: (runs: IRunRecord[]) => Promise<IWrittenBatch>;
    /** The summaries written (runs deleted for good left out). */
    written: (summaries: IRunSummary[]) => void;
    /** A write failed; it is retried. */
    failed: (error: unknown) => void;
  }
}
