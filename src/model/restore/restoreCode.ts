/**
 * Which tracked cells get a run's code back ("Restore code too"). Only
 * tracked cells: the parameters cell is restore.ts's, value by value, and
 * never gets the run's text (with its redaction placeholders) back whole.
 */

import type { ICellRecord } from '../types';

export interface ICodeChange {
  cellId: string;
  before: string;
  after: string;
}

export interface ICodeRestorePlan {
  /** Tracked cells whose code differs from the run's. */
  changes: ICodeChange[];
  /** Tracked cells whose code is already the run's. */
  unchanged: string[];
  /** Tracked cells of the run that the notebook no longer has. */
  missing: string[];
}

/** Which tracked cells get the run's code back; `current` gives a cell's code by id. */
export function planCodeRestore(
  cells: readonly ICellRecord[],
  current: (cellId: string) => string | undefined
): ICodeRestorePlan {
  const plan: ICodeRestorePlan = { changes: [], unchanged: [], missing: [] };
  const seen = new Set<string>();
  for (const cell of cells) {
    if (cell.role !== 'tracked' || seen.has(cell.cell_id)) {
      continue;
    }
    seen.add(cell.cell_id);
    const before = current(cell.cell_id);
    if (before === undefined) {
      plan.missing.push(cell.cell_id);
    } else if (before === cell.source) {
      plan.unchanged.push(cell.cell_id);
    } else {
      plan.changes.push({ cellId: cell.cell_id, before, after: cell.source });
    }
  }
  return plan;
}
