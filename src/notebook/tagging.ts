/**
 * Cell tags that mark the parameters cell and tracked cells, and the visible
 * markers on tagged cells.
 */
import type { ICellModel } from '@jupyterlab/cells';
import type { Notebook } from '@jupyterlab/notebook';
import type { CellRole } from '../model/types';
import type { IRunRecorder } from '../tokens';

export const PARAMETERS_CELL_CLASS = 'jp-runlog-parametersCell';
export const TRACKED_CELL_CLASS = 'jp-runlog-trackedCell';

export function cellTags(model: ICellModel): string[] {
  const tags = model.getMetadata('tags');
  return Array.isArray(tags)
    ? tags.filter((tag): tag is string => typeof tag === 'string')
    : [];
}

/** The role a cell plays in runs, or null when it is not tagged. */
export function cellRole(
  model: ICellModel,
  tags: IRunRecorder.ITags
): CellRole | null {
  if (model.type !== 'code') {
    return null;
  }
  const own = cellTags(model);
  if (own.includes(tags.parameters)) {
    return 'parameters';
  }
  return own.includes(tags.tracked) ? 'tracked' : null;
}

export function hasTag(model: ICellModel, tag: string): boolean {
  return cellTags(model).includes(tag);
}

/** Add or remove one tag, keeping the cell's other tags and their order. */
export function setTag(model: ICellModel, tag: string, on: boolean): void {
  const own = cellTags(model);
  const present = own.includes(tag);
  if (on === present) {
    return;
  }
  const next = on ? [...own, tag] : own.filter(other => other !== tag);
  if (next.length) {
    model.setMetadata('tags', next);
  } else {
    model.deleteMetadata('tags');
  }
}

/** Ids of the notebook's tracked code cells, in notebook order. */
export function trackedCellIds(
  notebook: Notebook,
  tags: IRunRecorder.ITags
): string[] {
  const ids: string[] = [];
  const cells = notebook.model?.cells;
  if (!cells) {
    return ids;
  }
  for (let index = 0; index < cells.length; index++) {
    const model = cells.get(index);
    if (cellRole(model, tags) === 'tracked') {
      ids.push(model.id);
    }
  }
  return ids;
}

/** Show or clear the marker on every cell of a notebook. */
export function updateMarkers(
  notebook: Notebook,
  tags: IRunRecorder.ITags,
  labels: { parameters: string; tracked: string }
): void {
  for (const cell of notebook.widgets) {
    const role = cellRole(cell.model, tags);
    cell.toggleClass(PARAMETERS_CELL_CLASS, role === 'parameters');
    cell.toggleClass(TRACKED_CELL_CLASS, role === 'tracked');
    if (role) {
      cell.node.dataset.runlogBadge = labels[role];
    } else {
      delete cell.node.dataset.runlogBadge;
    }
  }
}
