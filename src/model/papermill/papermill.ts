/**
 * A notebook executed by papermill, read as one run record.
 *
 * Papermill copies the input notebook (metadata included, so a notebook that
 * was ever captured carries its `runlog.notebook_id`), injects a cell tagged
 * `injected-parameters` after the parameters cell, records the parameters in
 * `metadata.papermill.parameters` and times every cell in its metadata. The
 * run follows live capture's conventions (runAssembly.ts): the parameters
 * cell and the tracked cells, outputs bounded as captured outputs are,
 * metrics merged over the tracked cells in order. Everything in the file is
 * untrusted input: shapes are checked, nothing here throws.
 */

import { type IBundleTranslator, UNTRANSLATED } from '../bundle/bundleFormat';
import {
  extractMetrics,
  mergeMetrics,
  type MetricMap
} from '../record/metrics';
import {
  boundOutputs,
  DEFAULT_OUTPUT_LIMITS,
  type IOutputLimits
} from '../record/outputs';
import {
  canonicalJSON,
  collectParams,
  durationMs,
  experimentOf,
  isObject,
  isoTime,
  kernelOf,
  latestCellEnd,
  notebookPath,
  readCell,
  text,
  uuidFromHash,
  type INotebookCell,
  type JSONObject
} from './papermillNotebook';
import type {
  CellRole,
  CellStatus,
  ICellRecord,
  IExperimentRef,
  IRunRecord,
  JSONValue,
  RunStatus
} from '../types';

export { uuidFromHash } from './papermillNotebook';

/** The tag papermill puts on the cell it injects (fixed by papermill). */
export const PAPERMILL_INJECTED_TAG = 'injected-parameters';

export interface IPapermillImportOptions {
  /** The executed notebook's path (contents API) or file name. */
  path: string;
  /** The settings' tag names for the parameters cell and tracked cells. */
  parametersTag: string;
  trackedTag: string;
  /** ISO 8601 time of the import. */
  importedAt: string;
  outputLimits?: IOutputLimits;
  /** The experiment to join when the notebook carries no runlog id. */
  experiment?: IExperimentRef;
  /** Translates the errors and warnings (English when absent). */
  trans?: IBundleTranslator;
}

export type PapermillImportResult =
  | { ok: true; run: IRunRecord; warnings: string[] }
  | { ok: false; error: string };

/** Longest error text quoted in a run's status reason. */
const MAX_REASON_CHARS = 300;

interface IRunCell {
  cell: INotebookCell;
  role: CellRole;
}

/** A notebook that passed the checks: executed by papermill, with tracked cells. */
interface IExecutedNotebook {
  metadata: JSONObject;
  papermill: JSONObject;
  cells: INotebookCell[];
  startedAt: string;
  roleOf: (cell: INotebookCell) => CellRole | null;
}

/** Read one papermill-executed notebook as a run. Never throws. */
export function runsFromExecutedNotebook(
  notebook: unknown,
  options: IPapermillImportOptions
): PapermillImportResult {
  const file = `"${options.path}"`;
  const trans = options.trans ?? UNTRANSLATED;
  try {
    const read = readNotebook(notebook, options, file, trans);
    return 'error' in read
      ? { ok: false, error: read.error }
      : toRun(read, options, trans);
  } catch (error) {
    // Only hostile shapes get here (e.g. nesting deep enough to overflow).
    return {
      ok: false,
      error: trans.__('%1 could not be read: %2', file, String(error))
    };
  }
}

function readNotebook(
  input: unknown,
  options: IPapermillImportOptions,
  file: string,
  trans: IBundleTranslator
): IExecutedNotebook | { error: string } {
  let notebook = input;
  if (typeof notebook === 'string') {
    try {
      notebook = JSON.parse(notebook);
    } catch {
      return { error: trans.__('%1 is not a notebook: it is not JSON.', file) };
    }
  }
  if (!isObject(notebook) || !Array.isArray(notebook.cells)) {
    return {
      error: trans.__(
        '%1 is not a Jupyter notebook: it has no list of cells.',
        file
      )
    };
  }
  if (notebook.nbformat !== 4) {
    return {
      error: trans.__(
        '%1 uses notebook format %2; only format 4 (written by papermill) can be imported.',
        file,
        String(notebook.nbformat)
      )
    };
  }
  const metadata = isObject(notebook.metadata) ? notebook.metadata : {};
  const papermill = metadata.papermill;
  if (!isObject(papermill)) {
    return {
      error: trans.__(
        '%1 was not executed by papermill: its metadata has no "papermill" entry.',
        file
      )
    };
  }
  const startedAt = isoTime(papermill.start_time);
  if (!startedAt) {
    return {
      error: trans.__(
        '%1 was prepared by papermill but not executed: it records no start time.',
        file
      )
    };
  }
  const { parametersTag, trackedTag } = options;
  // As in live capture, a cell with both tags is the parameters cell.
  const roleOf = (cell: INotebookCell): CellRole | null =>
    cell.type !== 'code'
      ? null
      : cell.tags.includes(parametersTag)
        ? 'parameters'
        : cell.tags.includes(trackedTag)
          ? 'tracked'
          : null;
  const cells = notebook.cells.map(readCell);
  if (!cells.some(cell => roleOf(cell) === 'tracked')) {
    return {
      error: trans.__(
        '%1 has no tracked cells: no code cell is tagged "%2".',
        file,
        trackedTag
      )
    };
  }
  return { metadata, papermill, cells, startedAt, roleOf };
}

function toRun(
  notebook: IExecutedNotebook,
  options: IPapermillImportOptions,
  trans: IBundleTranslator
): PapermillImportResult {
  const { metadata, papermill, cells, startedAt, roleOf } = notebook;
  const warnings: string[] = [];
  const inputPath = text(papermill.input_path);
  const outputPath = text(papermill.output_path);
  if (!inputPath) {
    warnings.push(
      trans.__(
        'papermill recorded no input path: the run is filed under this file instead of its source notebook.'
      )
    );
  }
  const experiment = experimentOf(
    metadata,
    inputPath || options.path,
    options.experiment
  );

  const defaultsCell = cells.find(cell => roleOf(cell) === 'parameters');
  const injectedCell = cells.find(
    cell => cell.type === 'code' && cell.tags.includes(PAPERMILL_INJECTED_TAG)
  );
  const params = collectParams(
    defaultsCell?.source ?? null,
    injectedCell?.source ?? null,
    papermill.parameters,
    warnings,
    trans
  );
  // The cell that set this run's parameters: papermill's, else the defaults.
  const parametersCell = injectedCell ?? defaultsCell;
  const runCells: IRunCell[] = cells
    .filter(cell => cell === parametersCell || roleOf(cell) === 'tracked')
    .map(cell => ({
      cell,
      role: cell === parametersCell ? 'parameters' : 'tracked'
    }));
  const { records, skipped, metrics } = cellRecords(
    runCells,
    options.outputLimits ?? DEFAULT_OUTPUT_LIMITS
  );
  if (skipped.length) {
    warnings.push(
      skipped.length === 1
        ? trans.__('1 tracked cell did not run: %1.', skipped[0])
        : trans.__(
            '%1 tracked cells did not run: %2.',
            skipped.length,
            skipped.join(', ')
          )
    );
  }

  const endTime = isoTime(papermill.end_time);
  const outcome = runOutcome(cells, runCells, endTime, roleOf);
  if (outcome.status === 'interrupted' && outcome.reason) {
    warnings.push(`${outcome.reason}.`);
  }
  const endedAt = endTime ?? latestCellEnd(cells);
  const seconds = papermill.duration;
  const idParts: JSONValue = [
    experiment.id,
    inputPath,
    outputPath,
    String(papermill.start_time),
    canonicalJSON(papermill.parameters ?? null)
  ];
  const run: IRunRecord = {
    id: uuidFromHash(JSON.stringify(idParts)),
    // The store numbers runs within their experiment when it stores them.
    number: 0,
    experiment,
    notebook_path: notebookPath(inputPath, outputPath, options.path),
    status: outcome.status,
    started_at: startedAt,
    ended_at: endedAt,
    // papermill's duration is only final once it recorded an end time.
    duration_ms: durationMs(endTime ? seconds : null, startedAt, endedAt),
    params,
    metrics,
    cells: records,
    context: {
      kernel: kernelOf(metadata),
      papermill: {
        version: text(papermill.version),
        input_path: inputPath,
        output_path: outputPath
      }
    },
    annotations: { note: '', tags: [], starred: false },
    origin: {
      kind: 'papermill',
      file: options.path,
      imported_at: options.importedAt,
      ...(endTime ? { exported_at: endTime } : {})
    },
    // A time from the notebook, not the import clock: importing the same
    // file twice yields the same record, so the store sees no change and
    // bundles exported from either import are byte-identical.
    updated_at: endedAt ?? startedAt
  };
  if (outcome.reason) {
    run.status_reason = outcome.reason;
  }
  if (skipped.length) {
    run.partial = { skipped_cells: skipped };
  }
  return { ok: true, run, warnings };
}

/** The cells that ran, the tracked ones skipped, and their merged metrics. */
function cellRecords(
  runCells: IRunCell[],
  limits: IOutputLimits
): { records: ICellRecord[]; skipped: string[]; metrics: MetricMap } {
  const records: ICellRecord[] = [];
  const skipped: string[] = [];
  const metrics: MetricMap = {};
  for (const { cell, role } of runCells) {
    const status = cellStatus(cell);
    if (status === 'pending') {
      if (role === 'tracked') {
        skipped.push(cell.id);
      }
      continue;
    }
    const record = cellRecord(cell, role, status, limits);
    records.push(record);
    if (role === 'tracked') {
      // Read from the bounded outputs, as live capture does.
      mergeMetrics(metrics, extractMetrics(record.outputs));
    }
  }
  return { records, skipped, metrics };
}

/** How a cell ended; `pending` when papermill never ran it. */
function cellStatus(cell: INotebookCell): CellStatus | 'pending' {
  const error = cell.outputs.find(output => output.output_type === 'error');
  if (error) {
    return error.ename === 'KeyboardInterrupt' ? 'interrupted' : 'error';
  }
  const { status, exception } = cell.papermill;
  if (status === 'failed' || exception === true) {
    return 'error';
  }
  if (status === 'running') {
    // The output was saved while this cell ran; papermill never finished.
    return 'interrupted';
  }
  if (status === 'pending') {
    return 'pending';
  }
  const ran = cell.executionCount !== null || cell.outputs.length > 0;
  return status === 'completed' || ran ? 'ok' : 'pending';
}

function cellRecord(
  cell: INotebookCell,
  role: CellRole,
  status: CellStatus,
  limits: IOutputLimits
): ICellRecord {
  const started = isoTime(cell.papermill.start_time);
  const ended = isoTime(cell.papermill.end_time);
  const seconds = cell.papermill.duration;
  const record: ICellRecord = {
    cell_id: cell.id,
    role,
    source: cell.source,
    outputs: boundOutputs(cell.outputs, limits),
    status,
    execution_count: cell.executionCount,
    duration_ms: durationMs(seconds, started, ended)
  };
  if (started) {
    record.started_at = started;
  }
  return record;
}

/**
 * Failed when the parameters cell or a tracked cell raised, or when papermill
 * stopped at an error in another cell; interrupted when papermill never
 * finished; completed otherwise.
 */
function runOutcome(
  cells: INotebookCell[],
  runCells: IRunCell[],
  endTime: string | null,
  roleOf: (cell: INotebookCell) => CellRole | null
): { status: RunStatus; reason?: string } {
  for (const { cell, role } of runCells) {
    const status = cellStatus(cell);
    const where =
      role === 'parameters'
        ? 'the parameters cell'
        : `tracked cell "${cell.id}"`;
    if (status === 'error') {
      return {
        status: 'failed',
        reason: `${describeError(cell)} (in ${where})`
      };
    }
    if (status === 'interrupted') {
      return {
        status: 'interrupted',
        reason:
          cell.papermill.status === 'running'
            ? `papermill stopped while ${where} was running`
            : `Execution interrupted (in ${where})`
      };
    }
  }
  // An error outside the run's cells counts only where papermill stopped at it
  // (an error output alone may be an expected one, tagged `raises-exception`).
  const stoppedAt = cells.find(
    cell =>
      cell.papermill.status === 'failed' || cell.papermill.exception === true
  );
  if (stoppedAt) {
    const where =
      roleOf(stoppedAt) === 'parameters'
        ? 'the parameters cell'
        : `untracked cell "${stoppedAt.id}"`;
    return {
      status: 'failed',
      reason: `${describeError(stoppedAt)} (in ${where})`
    };
  }
  if (!endTime) {
    const running = cells.find(cell => cell.papermill.status === 'running');
    return {
      status: 'interrupted',
      reason: running
        ? `papermill stopped while cell "${running.id}" was running`
        : 'papermill stopped before the notebook finished'
    };
  }
  return { status: 'completed' };
}

/** `ValueError: bad lr`, from the cell's error output. */
function describeError(cell: INotebookCell): string {
  const error = cell.outputs.find(output => output.output_type === 'error');
  const name = typeof error?.ename === 'string' ? error.ename : '';
  const value = typeof error?.evalue === 'string' ? error.evalue : '';
  const description = name && value ? `${name}: ${value}` : name || value;
  if (!description) {
    return 'papermill reported an exception';
  }
  return description.length > MAX_REASON_CHARS
    ? `${description.slice(0, MAX_REASON_CHARS)}…`
    : description;
}
