/**
 * One timer for the sync service's next wake-up (debounce, back-off,
 * another tab's lock): arming it keeps whichever call comes first.
 */

/** Call `callback` after `delayMs`; returns a cancel function. */
export type Schedule = (callback: () => void, delayMs: number) => () => void;

const defaultSchedule: Schedule = (callback, delayMs) => {
  const handle = setTimeout(callback, delayMs);
  return () => clearTimeout(handle);
};

export class EarliestTimer {
  constructor(
    private readonly _now: () => number,
    private readonly _schedule: Schedule = defaultSchedule
  ) {}

  /** Call `callback` after `delayMs`, unless an earlier call is armed. */
  arm(delayMs: number, callback: () => void): void {
    const at = this._now() + delayMs;
    if (this._armed && this._armed.at <= at) {
      return;
    }
    this.cancel();
    const cancel = this._schedule(() => {
      this._armed = null;
      callback();
    }, delayMs);
    this._armed = { at, cancel };
  }

  cancel(): void {
    this._armed?.cancel();
    this._armed = null;
  }

  private _armed: { at: number; cancel: () => void } | null = null;
}
