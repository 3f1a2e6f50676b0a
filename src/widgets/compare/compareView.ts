/**
 * The comparison of the runs selected in the Runs panel: a diff table,
 * charts and the tracked outputs side by side. It follows the selection and
 * the stored runs live.
 */
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { Panel, Widget } from '@lumino/widgets';
import type { MetricDirection } from '../../model/compare/compare';
import { needsMetricHistories } from '../../model/mlflow/metricHistory';
import type { IMlflowSync, IRunRecord, IRunStore } from '../../tokens';
import { CompareCharts } from './charts';
import { DiffTable, IDiffTableState } from './diffTable';
import { CompareOutputs } from './outputs';

/** Live changes arrive per cell while a run runs: gather them before reading. */
const RELOAD_DELAY_MS = 250;

/** The run to measure others against by default: the oldest. */
export function defaultBaseline(
  runs: readonly IRunRecord[]
): string | undefined {
  let oldest: IRunRecord | undefined;
  for (const run of runs) {
    if (
      !oldest ||
      run.started_at < oldest.started_at ||
      (run.started_at === oldest.started_at && run.number < oldest.number)
    ) {
      oldest = run;
    }
  }
  return oldest?.id;
}

export class CompareView extends Panel {
  constructor(options: CompareView.IOptions) {
    super();
    const translator = options.translator ?? nullTranslator;
    const trans = (this._trans = translator.load('jupyterlab_runlog'));
    this._store = options.store;
    this._sync = options.sync ?? null;
    this.id = 'jp-runlog-compare';
    this.addClass('jp-runlog-compare');
    this._message.addClass('jp-runlog-compare-message');
    this._diff = new DiffTable(trans, {
      baselineChosen: id => {
        this._state.baselineId = id;
        this._renderTable();
        this._renderOutputs();
      },
      differencesOnlyChanged: value => {
        this._state.differencesOnly = value;
        this._renderTable();
      },
      directionChosen: (metric, direction) => {
        this._state.directions[metric] = direction;
        this._renderTable();
      }
    });
    this._charts = new CompareCharts({
      trans,
      onRunClicked: id => this._runClicked.emit(id)
    });
    this._outputs = new CompareOutputs({
      rendermime: options.rendermime,
      translator,
      trans
    });
    this.addWidget(this._message);
    this.addWidget(heading(trans.__('Differences')));
    this.addWidget(this._diff);
    this.addWidget(heading(trans.__('Charts')));
    this.addWidget(this._charts);
    this.addWidget(heading(trans.__('Outputs')));
    this.addWidget(this._outputs);
    this._store.changed.connect(this._onStoreChanged, this);
    this._showRuns();
  }

  /** A run was clicked in a chart. */
  get runClicked(): ISignal<this, string> {
    return this._runClicked;
  }

  /** The compared runs (full records), oldest number first. */
  get runs(): readonly IRunRecord[] {
    return this._runs;
  }

  get baselineId(): string | undefined {
    return this._state.baselineId;
  }

  /** Resolves when the last requested runs are read and drawn. */
  get ready(): Promise<void> {
    return this._ready;
  }

  /** Compare these runs (read again from the store). */
  setRunIds(ids: readonly string[]): Promise<void> {
    this._ids = [...ids];
    return this._reload();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._generation++;
    window.clearTimeout(this._timer);
    this._store.changed.disconnect(this._onStoreChanged, this);
    Signal.clearData(this);
    super.dispose();
  }

  private _reload(): Promise<void> {
    window.clearTimeout(this._timer);
    this._ready = this._load(++this._generation);
    return this._ready;
  }

  private async _load(generation: number): Promise<void> {
    const started = performance.now();
    let records: IRunRecord[];
    try {
      const found = await Promise.all(
        this._ids.map(id => this._store.getRun(id))
      );
      // A run moved to the trash leaves the comparison (and comes back if restored).
      records = found.filter(
        (run): run is IRunRecord => run !== undefined && !run.deleted
      );
    } catch (reason) {
      console.error('jupyterlab-runlog: cannot read the compared runs', reason);
      records = [];
    }
    if (generation !== this._generation) {
      return;
    }
    const read = performance.now();
    this.node.dataset.readMs = String(Math.round(read - started));
    records.sort((a, b) => a.number - b.number || (a.id < b.id ? -1 : 1));
    this._runs = records;
    if (!records.some(run => run.id === this._state.baselineId)) {
      this._state.baselineId = defaultBaseline(records);
    }
    this._showRuns();
    if (records.length < 2) {
      return;
    }
    this._renderTable();
    this._renderOutputs();
    this.node.dataset.tableMs = String(Math.round(performance.now() - read));
    const pulled = this._sync ? records.filter(needsMetricHistories) : [];
    let seriesNote: string | null = null;
    if (pulled.length) {
      // The other charts need no history: draw them while it loads.
      void this._charts.setRuns(records, { seriesLoading: true });
      const loaded = await this._loadSeries(pulled.map(run => run.id));
      if (generation !== this._generation) {
        return;
      }
      records = records.map(run => loaded.runs.get(run.id) ?? run);
      this._runs = records;
      seriesNote = loaded.note;
    }
    await this._charts.setRuns(records, { seriesNote });
    if (generation === this._generation) {
      this.node.dataset.renderMs = String(
        Math.round(performance.now() - started)
      );
    }
  }

  /**
   * Fetch the MLflow metric histories of pulled runs (stored once by the
   * sync service): the runs as stored then, and a note on what failed.
   */
  private async _loadSeries(
    runIds: string[]
  ): Promise<{ runs: Map<string, IRunRecord>; note: string | null }> {
    let outcome: IMlflowSync.ISeriesResult;
    try {
      outcome = await this._sync!.loadSeries(runIds);
    } catch (reason) {
      outcome = {
        loaded: [],
        failed: runIds.map(run_id => ({
          run_id,
          reason: String((reason as Error)?.message ?? reason)
        }))
      };
    }
    const runs = new Map<string, IRunRecord>();
    try {
      for (const run of await this._store.getRuns(outcome.loaded)) {
        runs.set(run.id, run);
      }
    } catch (reason) {
      console.error('jupyterlab-runlog: cannot read the compared runs', reason);
    }
    const note = outcome.failed.length
      ? this._trans._n(
          'The metric history of %1 run from MLflow could not be loaded: %2',
          'The metric histories of %1 runs from MLflow could not be loaded: %2',
          outcome.failed.length,
          outcome.failed[0].reason
        )
      : null;
    return { runs, note };
  }

  private _showRuns(): void {
    const count = this._runs.length;
    const enough = count >= 2;
    this._message.node.textContent = enough
      ? this._trans._n('Comparing %1 run', 'Comparing %1 runs', count)
      : this._trans.__(
          'Select two or more runs in the Runs panel (Ctrl/Cmd-click, Shift-click or the checkboxes) to compare them.'
        );
    this.node.dataset.runCount = String(count);
    for (const widget of this.widgets) {
      if (widget !== this._message) {
        widget.setHidden(!enough);
      }
    }
  }

  private _renderTable(): void {
    this._diff.render(this._runs, this._state);
  }

  private _renderOutputs(): void {
    const baseline = this._runs.findIndex(
      run => run.id === this._state.baselineId
    );
    this._outputs.setRuns(this._runs, baseline);
  }

  private _onStoreChanged(_: IRunStore, change: IRunStore.IChange): void {
    const concerned = (id: string) => this._ids.includes(id);
    if (
      !change.runs.some(run => concerned(run.id)) &&
      !change.removed?.some(concerned)
    ) {
      return;
    }
    window.clearTimeout(this._timer);
    this._timer = window.setTimeout(() => void this._reload(), RELOAD_DELAY_MS);
  }

  private _trans: TranslationBundle;
  private _store: IRunStore;
  private _sync: Pick<IMlflowSync, 'loadSeries'> | null;
  private _message = new Widget();
  private _diff: DiffTable;
  private _charts: CompareCharts;
  private _outputs: CompareOutputs;
  private _ids: string[] = [];
  private _runs: IRunRecord[] = [];
  private _state: IDiffTableState & {
    directions: { [metric: string]: MetricDirection | null };
  } = { baselineId: undefined, differencesOnly: true, directions: {} };
  private _generation = 0;
  private _timer = 0;
  private _ready: Promise<void> = Promise.resolve();
  private _runClicked = new Signal<this, string>(this);
}

export namespace CompareView {
  export interface IOptions {
    store: IRunStore;
    rendermime: IRenderMimeRegistry;
    translator?: ITranslator;
    /**
     * MLflow sync, when installed: the metric histories of runs pulled from
     * MLflow are fetched through it before the series chart is drawn.
     */
    sync?: Pick<IMlflowSync, 'loadSeries'> | null;
  }
}

function heading(text: string): Widget {
  const widget = new Widget({ node: document.createElement('h2') });
  widget.addClass('jp-runlog-compare-heading');
  widget.node.textContent = text;
  return widget;
}
