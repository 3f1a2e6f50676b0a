/**
 * The comparison's charts: metric by run, parameter against metric, parallel
 * coordinates, series over steps and parameter importance.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { TopLevelSpec } from 'vega-lite';
import { Widget } from '@lumino/widgets';
import {
  ChartKind,
  chartLabels,
  IChartLabels,
  importanceSpec,
  metricByRunSpec,
  parallelCoordinatesSpec,
  paramVsMetricSpec,
  seriesSpec
} from '../../charts/specs';
import { buildColumns } from '../../model/runTable';
import {
  MIN_RELIABLE_RUNS,
  parameterImportance
} from '../../model/compare/importance';
import type { IRunRecord } from '../../tokens';
import { AxisPicker, IAxisChoice } from './axisPicker';
import { ChartSlot, isDarkTheme } from './chartSlot';

/** Let the browser paint and handle input between two charts. */
const nextTask = () => new Promise<void>(resolve => setTimeout(resolve, 0));

/** Fill a drop-down with fixed choices: `[value, label]` pairs. */
function fillChoices(
  select: HTMLSelectElement,
  choices: readonly [string, string][]
): void {
  select.replaceChildren(
    ...choices.map(([value, label]) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = label;
      return option;
    })
  );
}

/** The title of each chart, over every kind (`CHART_KINDS`). */
export function chartTitles(
  trans: TranslationBundle
): Record<ChartKind, string> {
  return {
    'metric-by-run': trans.__('Metric by run'),
    'param-vs-metric': trans.__('Parameter against metric'),
    'parallel-coordinates': trans.__('Parallel coordinates'),
    series: trans.__('Metric over steps'),
    importance: trans.__('Parameter importance')
  };
}

/**
 * A drop-down of names. Options carry each name's position, not the name:
 * any string is a name, the empty one included, and a value read back must
 * tell "no choice" from it.
 */
class NameSelect {
  constructor(
    readonly node: HTMLSelectElement,
    private readonly _emptyName: string
  ) {}

  /** The chosen name; null when there are none to choose from. */
  get value(): string | null {
    const index = this.node.selectedIndex;
    return index < 0 || index >= this._names.length ? null : this._names[index];
  }

  /** Offer these names, keeping the choice when it is still there. */
  fill(names: readonly string[], preferred?: string): void {
    const previous = this.value;
    this._names = [...names];
    this.node.replaceChildren(
      ...names.map((name, index) => {
        const option = document.createElement('option');
        option.value = String(index);
        option.textContent = name === '' ? this._emptyName : name;
        return option;
      })
    );
    this.node.disabled = names.length === 0;
    const keep = previous === null ? -1 : names.indexOf(previous);
    const wanted = preferred === undefined ? -1 : names.indexOf(preferred);
    if (keep >= 0) {
      this.node.selectedIndex = keep;
    } else if (wanted >= 0) {
      this.node.selectedIndex = wanted;
    }
  }

  private _names: string[] = [];
}

export class CompareCharts extends Widget {
  constructor(options: CompareCharts.IOptions) {
    super();
    const trans = (this._trans = options.trans);
    this._labels = chartLabels(trans);
    this.addClass('jp-runlog-compare-charts');
    const titles = chartTitles(trans);
    const slot = (kind: ChartKind) =>
      new ChartSlot({
        kind,
        title: titles[kind],
        trans,
        onRunClicked: options.onRunClicked
      });
    this._byRun = slot('metric-by-run');
    this._vs = slot('param-vs-metric');
    this._parallel = slot('parallel-coordinates');
    this._series = slot('series');
    this._importance = slot('importance');
    const redraw = () => this._draw();
    const emptyName = this._labels.unnamed;
    const names = (chart: ChartSlot, label: string) =>
      new NameSelect(chart.addSelect(label, redraw), emptyName);
    this._byRunMetric = names(this._byRun, trans.__('Metric'));
    this._byRunMark = this._byRun.addSelect(trans.__('Mark'), redraw);
    fillChoices(this._byRunMark, [
      ['bar', trans.__('Bars')],
      ['point', trans.__('Points')]
    ]);
    this._byRunOrder = this._byRun.addSelect(trans.__('Order'), redraw);
    fillChoices(this._byRunOrder, [
      ['number', trans.__('Run number')],
      ['ascending', trans.__('Value, ascending')],
      ['descending', trans.__('Value, descending')]
    ]);
    this._axes = new AxisPicker({ trans, changed: redraw });
    this._parallel.controls.appendChild(this._axes.node);
    this._vsParam = names(this._vs, trans.__('Parameter (x)'));
    this._vsMetric = names(this._vs, trans.__('Metric (y)'));
    this._seriesMetric = names(this._series, trans.__('Metric'));
    this._importanceMetric = names(this._importance, trans.__('Metric'));
    for (const chart of this._slots) {
      this.node.appendChild(chart.node);
    }
    // Vega's theme is fixed at embed time: draw again when JupyterLab's changes.
    this._themeObserver = new MutationObserver(() => {
      const dark = isDarkTheme();
      if (dark !== this._dark) {
        this._dark = dark;
        void Promise.all(this._slots.map(chart => chart.redraw()));
      }
    });
    this._themeObserver.observe(document.body, {
      attributes: true,
      attributeFilter: ['data-jp-theme-light']
    });
  }

  /** Resolves when the charts of the last `setRuns` are drawn. */
  get drawn(): Promise<void> {
    return this._drawn;
  }

  /** Chart these runs (full records: series come with them). */
  setRuns(
    runs: readonly IRunRecord[],
    options: CompareCharts.ISeriesState = {}
  ): Promise<void> {
    this._runs = runs;
    this._seriesState = options;
    const columns = buildColumns(runs);
    const params = columns.filter(c => c.kind === 'param').map(c => c.key!);
    const metrics = columns.filter(c => c.kind === 'metric').map(c => c.key!);
    // Own members only: a name such as `constructor` or `__proto__` must
    // not find what every object inherits.
    const metricOf = (run: IRunRecord, name: string) =>
      Object.prototype.hasOwnProperty.call(run.metrics, name)
        ? run.metrics[name]
        : undefined;
    const paramOf = (run: IRunRecord, name: string) =>
      Object.prototype.hasOwnProperty.call(run.params, name)
        ? run.params[name]
        : undefined;
    const withSeries = metrics.filter(name =>
      runs.some(run => (metricOf(run, name)?.series?.length ?? 0) > 0)
    );
    // By default chart what tells the runs apart: the first varying ones.
    const varies = (value: (run: IRunRecord) => unknown) =>
      new Set(runs.map(run => JSON.stringify(value(run) ?? null))).size > 1;
    const metric = metrics.find(name =>
      varies(run => metricOf(run, name)?.value)
    );
    const param = params.find(name => varies(run => paramOf(run, name)?.value));
    this._byRunMetric.fill(metrics, metric);
    this._vsParam.fill(params, param);
    this._vsMetric.fill(metrics, metric);
    this._seriesMetric.fill(withSeries);
    this._importanceMetric.fill(metrics, metric);
    this._axes.setChoices([
      ...params.map((name): IAxisChoice => ({
        kind: 'param',
        name,
        varies: varies(run => paramOf(run, name)?.value)
      })),
      ...metrics.map((name): IAxisChoice => ({
        kind: 'metric',
        name,
        varies: varies(run => metricOf(run, name)?.value)
      }))
    ]);
    return this._draw();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._themeObserver.disconnect();
    for (const chart of this._slots) {
      chart.dispose();
    }
    super.dispose();
  }

  private get _slots(): ChartSlot[] {
    return [
      this._byRun,
      this._vs,
      this._parallel,
      this._series,
      this._importance
    ];
  }

  private _draw(): Promise<void> {
    const trans = this._trans;
    const runs = this._runs;
    const labels = this._labels;
    const noMetrics = trans.__('The compared runs have no metrics.');
    // One chart after the other: the first shows sooner than if all shared
    // the thread, and each chart's time (`data-render-ms`) is its own.
    const generation = ++this._drawGeneration;
    let chain = Promise.resolve();
    const draw = (chart: ChartSlot, build: () => TopLevelSpec) => {
      chart.note.textContent = '';
      chart.node.dataset.state = 'queued';
      chain = chain.then(nextTask).then(() => {
        if (generation !== this._drawGeneration) {
          return;
        }
        const started = performance.now();
        const spec = build();
        return chart.render(spec, started);
      });
    };

    // A name may be the empty string: only null means none to choose.
    const metric = this._byRunMetric.value;
    if (metric !== null) {
      const mark = this._byRunMark.value === 'point' ? 'point' : 'bar';
      const order = this._byRunOrder.value;
      const sort =
        order === 'ascending' || order === 'descending' ? order : undefined;
      draw(this._byRun, () =>
        metricByRunSpec(runs, metric, { labels, mark, sort })
      );
    } else {
      this._byRun.clear(noMetrics);
    }

    const param = this._vsParam.value;
    const yMetric = this._vsMetric.value;
    if (param !== null && yMetric !== null) {
      draw(this._vs, () => paramVsMetricSpec(runs, param, yMetric, { labels }));
    } else {
      this._vs.clear(
        trans.__('Charting a parameter against a metric needs both.')
      );
    }

    const dimensions = this._axes.chosen;
    if (dimensions.length >= 2) {
      draw(this._parallel, () =>
        parallelCoordinatesSpec(runs, dimensions, { labels })
      );
    } else {
      this._parallel.clear(
        trans.__('Choose two or more axes (parameters or metrics) to draw.')
      );
    }

    const seriesMetric = this._seriesMetric.value;
    if (this._seriesState.seriesLoading) {
      this._series.clear(trans.__('Loading metric history from MLflow…'));
      this._series.node.dataset.state = 'loading-history';
    } else if (seriesMetric !== null) {
      const width =
        this._series.plot.clientWidth || this.node.clientWidth || 600;
      draw(this._series, () =>
        seriesSpec(runs, seriesMetric, { labels, width })
      );
    } else {
      this._series.clear(
        trans.__('No metric was logged over steps (log(name=value, step=n)).')
      );
    }
    if (this._seriesState.seriesNote) {
      this._series.note.textContent = this._seriesState.seriesNote;
    }

    const importanceMetric = this._importanceMetric.value;
    if (importanceMetric !== null) {
      const importances = parameterImportance(runs, importanceMetric);
      if (importances.every(item => item.importance === null)) {
        this._importance.clear(
          trans.__(
            'No parameter varies together with %1 across the compared runs.',
            importanceMetric === '' ? labels.unnamed : importanceMetric
          )
        );
        return this._settle(chain);
      }
      draw(this._importance, () => importanceSpec(importances, { labels }));
      const used = Math.max(0, ...importances.map(item => item.n));
      let text = trans.__(
        'How strongly each parameter goes with %1 across the compared runs: Spearman rank correlation for numbers (sign shows the direction), correlation ratio for categories. Correlation, not cause.',
        importanceMetric === '' ? labels.unnamed : importanceMetric
      );
      if (used < MIN_RELIABLE_RUNS) {
        text +=
          ' ' +
          trans.__(
            'Only %1 runs have this metric: with fewer than %2 runs these numbers are unreliable.',
            used,
            MIN_RELIABLE_RUNS
          );
      }
      this._importance.note.textContent = text;
    } else {
      this._importance.clear(noMetrics);
    }
    return this._settle(chain);
  }

  private _settle(chain: Promise<void>): Promise<void> {
    this._drawn = chain;
    return chain;
  }

  private _trans: TranslationBundle;
  private _labels: IChartLabels;
  private _runs: readonly IRunRecord[] = [];
  private _seriesState: CompareCharts.ISeriesState = {};
  private _byRun: ChartSlot;
  private _vs: ChartSlot;
  private _parallel: ChartSlot;
  private _series: ChartSlot;
  private _importance: ChartSlot;
  private _byRunMetric: NameSelect;
  private _byRunMark: HTMLSelectElement;
  private _byRunOrder: HTMLSelectElement;
  private _axes: AxisPicker;
  private _vsParam: NameSelect;
  private _vsMetric: NameSelect;
  private _seriesMetric: NameSelect;
  private _importanceMetric: NameSelect;
  private _themeObserver: MutationObserver;
  private _dark = isDarkTheme();
  private _drawn: Promise<void> = Promise.resolve();
  private _drawGeneration = 0;
}

export namespace CompareCharts {
  export interface IOptions {
    trans: TranslationBundle;
    onRunClicked: (runId: string) => void;
  }
  /** Where the series of runs pulled from MLflow stand. */
  export interface ISeriesState {
    /** Their histories are being fetched: say so instead of the chart. */
    seriesLoading?: boolean;
    /** A sentence under the chart, e.g. histories that could not be fetched. */
    seriesNote?: string | null;
  }
}
