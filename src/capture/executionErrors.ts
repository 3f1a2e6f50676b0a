/**
 * How a failed cell execution reads in a run: the error NotebookActions hands
 * over (a kernel reply's exception, or none for a cell aborted behind one).
 */
import type { CellStatus } from '../model/types';

/** Interrupted, aborted behind an earlier error, or a real error. */
export function classifyFailure(error: unknown): CellStatus | 'aborted' {
  const name = (error as { errorName?: unknown } | undefined)?.errorName;
  if (name === 'KeyboardInterrupt') {
    return 'interrupted';
  }
  if (
    name === undefined &&
    error instanceof Error &&
    /KernelReplyNotOK/.test(error.message)
  ) {
    // An `aborted` reply carries no exception name.
    return 'aborted';
  }
  return 'error';
}

export function describeError(error: unknown): string | undefined {
  const { errorName, errorValue } = (error ?? {}) as {
    errorName?: unknown;
    errorValue?: unknown;
  };
  if (typeof errorName !== 'string') {
    return undefined;
  }
  return typeof errorValue === 'string' && errorValue
    ? `${errorName}: ${errorValue}`
    : errorName;
}
