/**
 * Web Locks held while a run is open. A run left `running` in the store whose
 * lock nobody holds belongs to a tab that went away mid-run (closed, crashed,
 * reloaded): it is safe to mark interrupted. Runs of other live tabs keep
 * their locks and are left alone.
 */

const PREFIX = 'jupyterlab-runlog:run:';

type LockManagerLike = {
  request(
    name: string,
    options: { ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<unknown> | unknown
  ): Promise<unknown>;
};

function lockManager(): LockManagerLike | null {
  const locks = (
    globalThis.navigator as { locks?: LockManagerLike } | undefined
  )?.locks;
  return locks ?? null;
}

export class RunLocks {
  /** Hold the lock of a run until `release` is called. */
  hold(runId: string): void {
    const locks = lockManager();
    if (!locks || this._held.has(runId)) {
      return;
    }
    let release: () => void = () => undefined;
    const released = new Promise<void>(resolve => (release = resolve));
    this._held.set(runId, release);
    void locks
      .request(PREFIX + runId, {}, () => released)
      .catch(() => {
        this._held.delete(runId);
      });
  }

  release(runId: string): void {
    this._held.get(runId)?.();
    this._held.delete(runId);
  }

  releaseAll(): void {
    for (const release of this._held.values()) {
      release();
    }
    this._held.clear();
  }

  private _held = new Map<string, () => void>();
}

/**
 * Whether no live tab holds the run's lock. Without the Web Locks API every
 * running run found at start-up is treated as orphaned.
 */
export async function isOrphaned(runId: string): Promise<boolean> {
  const locks = lockManager();
  if (!locks) {
    return true;
  }
  let free = false;
  await locks.request(PREFIX + runId, { ifAvailable: true }, lock => {
    free = lock !== null;
  });
  return free;
}
