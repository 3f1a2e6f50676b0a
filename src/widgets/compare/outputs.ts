/**
 * The comparison's outputs: for each tracked cell, every run's outputs side
 * by side (rendered untrusted), with a line diff of text against the baseline.
 */
import type { OutputAreaModel } from '@jupyterlab/outputarea';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { Panel, Widget } from '@lumino/widgets';
import {
  diffLines,
  diffStats,
  outputsText
} from '../../model/compare/textDiff';
import type { ICellRecord, IRunRecord } from '../../tokens';
import { renderRecordedOutputs } from '../recordedOutputs';

interface ITrackedCell {
  cellId: string;
  /** Each run's record of the cell, in column order; undefined when absent. */
  records: (ICellRecord | undefined)[];
}

/** Tracked cell ids in the order the runs list them (first run first). */
export function trackedCells(runs: readonly IRunRecord[]): ITrackedCell[] {
  const order: string[] = [];
  const seen = new Set<string>();
  for (const run of runs) {
    for (const cell of run.cells) {
      if (cell.role === 'tracked' && !seen.has(cell.cell_id)) {
        seen.add(cell.cell_id);
        order.push(cell.cell_id);
      }
    }
  }
  return order.map(cellId => ({
    cellId,
    records: runs.map(run => run.cells.find(cell => cell.cell_id === cellId))
  }));
}

/**
 * Runs whose outputs are shown side by side, at most: beyond a dozen the
 * columns are too narrow to read, and rendering hundreds of output areas
 * would hold the page for seconds.
 */
export const MAX_OUTPUT_COLUMNS = 12;

/**
 * Column indices shown: the baseline, then runs in order, at most `max`;
 * kept in the runs' order.
 */
export function outputColumns(
  runCount: number,
  baselineIndex: number,
  max = MAX_OUTPUT_COLUMNS
): number[] {
  const shown = new Set<number>();
  if (baselineIndex >= 0 && baselineIndex < runCount) {
    shown.add(baselineIndex);
  }
  for (let index = 0; index < runCount && shown.size < max; index++) {
    shown.add(index);
  }
  return [...shown].sort((a, b) => a - b);
}

export class CompareOutputs extends Panel {
  constructor(options: CompareOutputs.IOptions) {
    super();
    this._rendermime = options.rendermime;
    this._translator = options.translator;
    this._trans = options.trans;
    this.addClass('jp-runlog-compare-outputs');
  }

  /** Show the runs' tracked outputs; `baselineIndex` is the diff's left side. */
  setRuns(runs: readonly IRunRecord[], baselineIndex: number): void {
    this._clear();
    const cells = trackedCells(runs);
    if (cells.length === 0) {
      const note = new Widget();
      note.addClass('jp-runlog-compare-note');
      note.node.textContent = this._trans.__('No tracked cell outputs.');
      this.addWidget(note);
      return;
    }
    const columns = outputColumns(runs.length, baselineIndex);
    if (columns.length < runs.length) {
      const note = new Widget();
      note.addClass('jp-runlog-compare-note');
      note.node.textContent = this._trans.__(
        'Showing the outputs of %1 of the %2 compared runs: the baseline and the first runs by number. Compare fewer runs to see others.',
        columns.length,
        runs.length
      );
      this.addWidget(note);
    }
    const shownRuns = columns.map(index => runs[index]);
    const shownBaseline = columns.indexOf(baselineIndex);
    cells.forEach((cell, index) =>
      this.addWidget(
        this._renderCell(
          { ...cell, records: columns.map(column => cell.records[column]) },
          index,
          shownRuns,
          shownBaseline
        )
      )
    );
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._clear();
    super.dispose();
  }

  private _renderCell(
    cell: ITrackedCell,
    index: number,
    runs: readonly IRunRecord[],
    baselineIndex: number
  ): Widget {
    const trans = this._trans;
    const row = new Panel();
    row.addClass('jp-runlog-compare-outputRow');
    row.node.dataset.cellId = cell.cellId;
    const header = new Widget();
    header.addClass('jp-runlog-compare-outputHeader');
    const title = document.createElement('span');
    title.textContent = trans.__('Tracked cell %1', index + 1);
    title.title = cell.cellId;
    header.node.appendChild(title);
    row.addWidget(header);

    const grid = new Panel();
    grid.addClass('jp-runlog-compare-outputGrid');
    grid.node.style.setProperty(
      '--jp-runlog-compare-runs',
      String(runs.length)
    );
    const texts = cell.records.map(record =>
      record ? outputsText(record.outputs) : null
    );
    // Diffs are computed when first shown: an LCS per run is not free.
    const pending: { box: HTMLElement; column: number }[] = [];
    const diffs: HTMLElement[] = [];
    runs.forEach((run, column) => {
      const box = new Panel();
      box.addClass('jp-runlog-compare-outputColumn');
      box.node.dataset.runId = run.id;
      const label = new Widget();
      label.addClass('jp-runlog-compare-outputLabel');
      label.node.textContent =
        column === baselineIndex
          ? trans.__('#%1 (baseline)', run.number)
          : `#${run.number}`;
      box.addWidget(label);
      const record = cell.records[column];
      if (!record) {
        const missing = new Widget();
        missing.addClass('jp-runlog-compare-note');
        missing.node.textContent = trans.__('Not run in this run.');
        box.addWidget(missing);
      } else {
        box.addWidget(this._renderOutputs(record));
        const base = baselineIndex >= 0 ? texts[baselineIndex] : null;
        if (
          column !== baselineIndex &&
          base !== null &&
          texts[column] !== null
        ) {
          pending.push({ box: box.node, column });
          box.addClass('jp-runlog-compare-mod-hasDiff');
        }
      }
      grid.addWidget(box);
    });
    if (pending.length > 0) {
      const toggle = document.createElement('button');
      toggle.type = 'button';
      toggle.className = 'jp-runlog-compare-diffToggle jp-mod-styled';
      toggle.setAttribute('aria-pressed', 'false');
      toggle.textContent = trans.__('Show diff');
      toggle.addEventListener('click', () => {
        const show = toggle.getAttribute('aria-pressed') !== 'true';
        if (show && diffs.length === 0) {
          const base = texts[baselineIndex]!;
          for (const { box, column } of pending) {
            const diff = renderDiff(base, texts[column]!, trans);
            diffs.push(diff);
            box.appendChild(diff);
          }
        }
        toggle.setAttribute('aria-pressed', String(show));
        toggle.textContent = show
          ? trans.__('Hide diff')
          : trans.__('Show diff');
        for (const diff of diffs) {
          diff.hidden = !show;
        }
        grid.node.classList.toggle('jp-runlog-compare-mod-diff', show);
      });
      header.node.appendChild(toggle);
    }
    row.addWidget(grid);
    return row;
  }

  private _renderOutputs(record: ICellRecord): Widget {
    const { widget, model } = renderRecordedOutputs(record, {
      rendermime: this._rendermime,
      translator: this._translator,
      areaClass: 'jp-runlog-compare-outputArea',
      noteClass: 'jp-runlog-compare-note'
    });
    if (model) {
      this._models.push(model);
    }
    return widget;
  }

  private _clear(): void {
    for (const widget of [...this.widgets]) {
      widget.dispose();
    }
    for (const model of this._models) {
      model.dispose();
    }
    this._models = [];
  }

  private _rendermime: IRenderMimeRegistry;
  private _translator: ITranslator;
  private _trans: TranslationBundle;
  private _models: OutputAreaModel[] = [];
}

export namespace CompareOutputs {
  export interface IOptions {
    rendermime: IRenderMimeRegistry;
    translator: ITranslator;
    trans: TranslationBundle;
  }
}

/** The diff of a run's output text against the baseline's, as lines. */
function renderDiff(
  before: string,
  after: string,
  trans: TranslationBundle
): HTMLElement {
  const lines = diffLines(before, after);
  const { added, removed } = diffStats(lines);
  const node = document.createElement('div');
  node.className = 'jp-runlog-compare-textDiff';
  const summary = document.createElement('div');
  summary.className = 'jp-runlog-compare-note';
  summary.textContent =
    added === 0 && removed === 0
      ? trans.__('Same text as the baseline')
      : trans.__(
          '%1 lines added, %2 removed against the baseline',
          added,
          removed
        );
  const pre = document.createElement('pre');
  for (const line of lines) {
    const span = document.createElement('span');
    span.className = `jp-runlog-compare-diff-${line.kind}`;
    const mark =
      line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  ';
    span.textContent = `${mark}${line.text}\n`;
    pre.appendChild(span);
  }
  node.append(summary, pre);
  return node;
}
