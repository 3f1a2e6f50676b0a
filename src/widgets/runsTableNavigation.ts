/**
 * How the runs table answers a header click (the next sort) and a
 * navigation key (the row it moves to). Pure functions; their own module so
 * runsTableModel.ts keeps to the table's data.
 */
import type { IRunSort } from '../model/runTable';

/** Sorting by a column: newest/latest first for # and Started, else ascending; a repeat flips. */
export function nextSort(current: IRunSort, columnId: string): IRunSort {
  if (current.columnId === columnId) {
    return {
      columnId,
      direction: current.direction === 'ascending' ? 'descending' : 'ascending'
    };
  }
  const descendingFirst = columnId === 'number' || columnId === 'started';
  return { columnId, direction: descendingFirst ? 'descending' : 'ascending' };
}

/**
 * The row index a navigation key moves to from `current` (-1: none yet),
 * clamped to the `count` rows; null for other keys.
 */
export function navigationTarget(
  key: string,
  current: number,
  count: number,
  pageRows: number
): number | null {
  let target: number;
  switch (key) {
    case 'ArrowDown':
      target = current < 0 ? 0 : current + 1;
      break;
    case 'ArrowUp':
      target = current < 0 ? 0 : current - 1;
      break;
    case 'PageDown':
      target = current + pageRows;
      break;
    case 'PageUp':
      target = current - pageRows;
      break;
    case 'Home':
      target = 0;
      break;
    case 'End':
      target = count - 1;
      break;
    default:
      return null;
  }
  return Math.min(count - 1, Math.max(0, target));
}
