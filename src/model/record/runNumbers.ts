/**
 * The range of run numbers the store keeps.
 */

/**
 * The highest run number the store keeps for an imported run (10^9). A bundle
 * may carry any whole number ≥ 1; an imported run numbered above this (or
 * whose number another run of its experiment holds) is given the next free
 * number, its own kept as `origin.original_number`. A bound far beyond any
 * real count of runs keeps numbers exact, short to show and cheap to sort.
 */
export const MAX_RUN_NUMBER = 1_000_000_000;

/** Whether `value` is a run number the store keeps as it is: 1…MAX_RUN_NUMBER. */
export function isKeptRunNumber(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 1 &&
    value <= MAX_RUN_NUMBER
  );
}
