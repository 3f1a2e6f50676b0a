/**
 * When each cell execution started. The kernel announces a start on iopub
 * (`execute_input`, by execution count); without that, a cell started when
 * it was scheduled or when the previous one ended, whichever is later.
 */
import type { KernelMessage } from '@jupyterlab/services';

/** How many execute_input start times to remember. */
const START_TIMES_KEPT = 256;

export class CellStartTimes {
  /** A cell was handed to the kernel. */
  scheduled(cellId: string, at = Date.now()): void {
    this._scheduledAt.set(cellId, at);
  }

  /** Note the start the kernel announced, if `msg` is an `execute_input`. */
  iopubMessage(msg: KernelMessage.IMessage, at = Date.now()): void {
    if (msg.header.msg_type !== 'execute_input') {
      return;
    }
    const count = (msg as KernelMessage.IExecuteInputMsg).content
      .execution_count;
    if (count === null) {
      return;
    }
    this._announced.set(count, at);
    if (this._announced.size > START_TIMES_KEPT) {
      this._announced.delete(this._announced.keys().next().value as number);
    }
  }

  /** The start of a cell that ended at `endedAt` (ms), forgetting it. */
  startOf(
    cellId: string,
    executionCount: number | null,
    endedAt: number
  ): number {
    const scheduled = this._scheduledAt.get(cellId) ?? endedAt;
    this._scheduledAt.delete(cellId);
    const announced =
      executionCount !== null ? this._announced.get(executionCount) : undefined;
    const start = announced ?? Math.max(scheduled, this._lastEnd);
    this._lastEnd = endedAt;
    return Math.min(start, endedAt);
  }

  /** The kernel is gone: nothing queued will start. */
  clear(): void {
    this._announced.clear();
    this._scheduledAt.clear();
  }

  private _lastEnd = 0;
  private _scheduledAt = new Map<string, number>();
  private _announced = new Map<number, number>();
}
