/**
 * What the runs table's mouse and keyboard gestures mean for the selection:
 * plain, Ctrl/Cmd and Shift clicks, the checkboxes, arrows, Space and Enter.
 * No DOM: the table reads the event, asks here, and applies the answer.
 */
import { navigationTarget } from './runsTableNavigation';

/** A change to the selection (or an opened run) a gesture asks for. */
export type SelectionIntent =
  /** Select this run alone and focus it. */
  | { kind: 'select'; runId: string; scroll: boolean }
  /** Add the run to the selection or take it out; it becomes the focused row. */
  | { kind: 'toggle'; runId: string }
  /** Select from the range anchor to this run; `extend` keeps the others. */
  | { kind: 'range'; runId: string; extend: boolean; scroll: boolean }
  | { kind: 'selectAll' }
  | { kind: 'clearSelection' }
  /** Open the run; `focus`: move the keyboard focus to its details. */
  | { kind: 'activate'; runId: string; focus: boolean };

/** The part of the table's state the gestures depend on. */
export interface ISelectionState {
  /** The focused run (the one the details show), or null. */
  focusedId: string | null;
  selection: ReadonlySet<string>;
}

/** A click on a body row. */
export interface IRowClick {
  runId: string;
  shiftKey: boolean;
  /** Ctrl (or Cmd on a Mac) held. */
  additive: boolean;
  /** The click landed on the row's checkbox. */
  onCheckbox: boolean;
}

/**
 * A row click: Shift selects a range (extending it with Ctrl/Cmd or on a
 * checkbox), Ctrl/Cmd or a checkbox toggles, a plain click selects the run
 * alone, or opens it when it already is the only one selected.
 */
export function rowClickIntent(
  click: IRowClick,
  state: ISelectionState
): SelectionIntent {
  const { runId } = click;
  if (click.shiftKey) {
    return {
      kind: 'range',
      runId,
      extend: click.additive || click.onCheckbox,
      scroll: false
    };
  }
  if (click.additive || click.onCheckbox) {
    return { kind: 'toggle', runId };
  }
  const onlySelected =
    runId === state.focusedId &&
    state.selection.size === 1 &&
    state.selection.has(runId);
  return onlySelected
    ? { kind: 'activate', runId, focus: false }
    : { kind: 'select', runId, scroll: false };
}

/** The select-all box: clears when every run is selected, else selects all. */
export function selectAllIntent(
  selectedCount: number,
  runCount: number
): SelectionIntent {
  return runCount > 0 && selectedCount === runCount
    ? { kind: 'clearSelection' }
    : { kind: 'selectAll' };
}

/** What a key press needs to know about the listed runs. */
export interface IKeyContext {
  /** The runs in display order. */
  runs: readonly { id: string }[];
  /** The focused run, or null. */
  focusedId: string | null;
  /** The display index of the focused run, or -1. */
  focusedIndex: number;
  /** Rows that PageUp and PageDown move. */
  pageRows: number;
}

/**
 * A key press in the grid: Enter opens the focused run (focus follows),
 * Space toggles it, the navigation keys select the run they move to (with
 * Shift: the range to it) and scroll it into view. Null: not a key of the
 * grid's, the browser keeps its default.
 */
export function keyIntent(
  key: string,
  shiftKey: boolean,
  context: IKeyContext
): SelectionIntent | null {
  const { focusedId, runs } = context;
  if (runs.length === 0) {
    return null;
  }
  if (key === 'Enter') {
    return focusedId === null
      ? null
      : { kind: 'activate', runId: focusedId, focus: true };
  }
  if (key === ' ') {
    return focusedId === null ? null : { kind: 'toggle', runId: focusedId };
  }
  const target = navigationTarget(
    key,
    context.focusedIndex,
    runs.length,
    context.pageRows
  );
  if (target === null) {
    return null;
  }
  const runId = runs[target].id;
  return shiftKey
    ? { kind: 'range', runId, extend: false, scroll: true }
    : { kind: 'select', runId, scroll: true };
}
