/**
 * A run's parameters (and optionally its tracked cells' code) restored into a
 * notebook: what would change, then the change itself as one undoable edit.
 */
import type { INotebookModel } from '@jupyterlab/notebook';
import { cellRole } from '../notebook/tagging';
import { readExperiment } from '../notebook/notebookIdentity';
import {
  planCodeRestore,
  planNewParametersCell,
  planParameterRestore,
  type ICodeRestorePlan,
  type IParametersRestorePlan
} from '../model/restore/restore';
import type { IRunRecord } from '../model/types';
import type { IRunRecorder } from '../tokens';

/** A tracked cell as the preview names it. */
export interface ICellLabel {
  cellId: string;
  /** 1-based position in the notebook. */
  position: number;
  /** The first line of its current code, shortened. */
  firstLine: string;
}

/** Everything a restore would do, computed from the notebook as it is now. */
export interface IRestoreProposal {
  run: IRunRecord;
  /** The id of the parameters cell to rewrite; null when one is inserted. */
  parametersCellId: string | null;
  /** The parameters cell text the plan was made from ('' when inserting). */
  parametersBefore: string;
  parameters: IParametersRestorePlan;
  code: ICodeRestorePlan;
  /** Where the changed tracked cells are, for the preview. */
  codeCells: ICellLabel[];
  /** The run was recorded from another notebook (another experiment id). */
  otherNotebook: boolean;
}

/** Work out what restoring `run` into the notebook would change. */
export function proposeRestore(
  model: INotebookModel,
  path: string,
  run: IRunRecord,
  tags: IRunRecorder.ITags
): IRestoreProposal {
  const cells = model.sharedModel.cells;
  let parametersCellId: string | null = null;
  for (let index = 0; index < model.cells.length; index++) {
    const cell = model.cells.get(index);
    if (cellRole(cell, tags) === 'parameters') {
      parametersCellId = cell.id;
      break;
    }
  }
  const runCellSource = run.cells.find(
    cell => cell.role === 'parameters'
  )?.source;
  const parametersBefore =
    parametersCellId === null
      ? ''
      : (cells.find(cell => cell.id === parametersCellId)?.getSource() ?? '');
  const parameters =
    parametersCellId === null
      ? planNewParametersCell(run.params, runCellSource)
      : planParameterRestore(parametersBefore, run.params, { runCellSource });
  const code = planCodeRestore(
    run.cells,
    id => cells.find(cell => cell.id === id)?.getSource() as string | undefined
  );
  const codeCells = code.changes.map(change => {
    const position = cells.findIndex(cell => cell.id === change.cellId);
    const firstLine = change.before.split('\n').find(line => line.trim()) ?? '';
    return {
      cellId: change.cellId,
      // Inserting a parameters cell at the top moves the others down.
      position: position + 1 + (parametersCellId === null ? 1 : 0),
      firstLine:
        firstLine.length > 60 ? firstLine.slice(0, 59) + '…' : firstLine
    };
  });
  const experiment = readExperiment(model, path);
  return {
    run,
    parametersCellId,
    parametersBefore,
    parameters,
    code,
    codeCells,
    otherNotebook: experiment?.id !== run.experiment.id
  };
}

/** Whether restoring the parameters changes the notebook at all. */
export function changesParameters(proposal: IRestoreProposal): boolean {
  return proposal.parametersCellId === null
    ? proposal.parameters.source.length > 0
    : proposal.parameters.edits.length > 0;
}

/** Thrown when the notebook changed between the preview and the restore. */
export class StaleProposalError extends Error {}

/**
 * Apply a proposal as one transaction of the notebook's shared model, so a
 * single notebook undo (`notebook:undo-cell-action`) reverts all of it.
 * Returns the id of the parameters cell (null when nothing was written there).
 */
export function applyRestore(
  model: INotebookModel,
  proposal: IRestoreProposal,
  options: { includeCode: boolean; parametersTag: string }
): string | null {
  const shared = model.sharedModel;
  const byId = (id: string) => shared.cells.find(cell => cell.id === id);
  const target =
    proposal.parametersCellId === null ? null : byId(proposal.parametersCellId);
  if (
    proposal.parametersCellId !== null &&
    target?.getSource() !== proposal.parametersBefore
  ) {
    throw new StaleProposalError('the parameters cell changed');
  }
  const codeChanges = options.includeCode ? proposal.code.changes : [];
  for (const change of codeChanges) {
    if (byId(change.cellId)?.getSource() !== change.before) {
      throw new StaleProposalError(`cell ${change.cellId} changed`);
    }
  }
  let parametersCellId = proposal.parametersCellId;
  shared.transact(() => {
    if (target) {
      // Back to front, so earlier offsets stay valid.
      for (const edit of [...proposal.parameters.edits].reverse()) {
        target.updateSource(edit.from, edit.to, edit.text);
      }
    } else if (changesParameters(proposal)) {
      const inserted = shared.insertCell(0, {
        cell_type: 'code',
        source: proposal.parameters.source,
        metadata: { tags: [options.parametersTag] }
      });
      parametersCellId = inserted.id;
    }
    for (const change of codeChanges) {
      byId(change.cellId)?.setSource(change.after);
    }
  });
  return parametersCellId;
}
