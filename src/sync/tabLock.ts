/**
 * One pushing tab at a time: a push round runs under a Web Lock, so two
 * tabs of the same browser never push the same run at once. Without Web
 * Locks (old browsers, tests) the round just runs.
 */

/** The Web Lock's name, shared by every tab of the origin. */
export const PUSH_LOCK_NAME = 'runlog-mlflow-sync';

/**
 * Run `task` holding the lock; resolves false, without running it, when
 * another tab holds the lock now (that tab is pushing).
 */
export async function runWithLock(
  locks: LockManager | null,
  task: () => Promise<void>
): Promise<boolean> {
  if (!locks) {
    await task();
    return true;
  }
  return locks.request(PUSH_LOCK_NAME, { ifAvailable: true }, async lock => {
    if (!lock) {
      return false;
    }
    await task();
    return true;
  });
}
