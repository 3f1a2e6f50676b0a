/**
 * The comparison's charts: metric by run, parameter against metric, parallel
 * coordinates, series over steps and parameter importance.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import type { TopLevelSpec } from 'vega-lite';
import { Widget } from '@lumino/widgets';
import {
  chartLabels,
  IChartLabels,
  importanceSpec,
  metricByRunSpec,
  parallelCoordinatesSpec,
  paramVsMetricSpec,
  seriesSpec
} from '../../charts/specs';
import { buildColumns } from '../../model/runTable';
import { MIN_RELIABLE_RUNS, parameterImportance } from '../../model/importance';
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

/** Fill a drop-down with names, keeping the choice when it is still there. */
function fillSelect(
  select: HTMLSelectElement,
  names: readonly string[],
  preferred?: string
): string | null {
  const previous = select.value;
  select.replaceChildren(
    ...names.map(name => {
      const option = document.createElement('option');
      option.value = name;
      option.textContent = name;
      return option;
    })
  );
  select.disabled = names.length === 0;
  if (names.includes(previous)) {
    select.value = previous;
  } else if (preferred !== undefined && names.includes(preferred)) {
    select.value = preferred;
  }
  return names.length === 0 ? null : select.value;
}

export class CompareCharts extends Widget {
  constructor(options: CompareCharts.IOptions) {
    super();
    const trans = (this._trans = options.trans);
    this._labels = chartLabels(trans);
    this.addClass('jp-runlog-compare-charts');
    const slot = (kind: string, title: string) =>
      new ChartSlot({ kind, title, trans, onRunClicked: options.onRunClicked });
    this._byRun = slot('metric-by-run', trans.__('Metric by run'));
    this._vs = slot('param-vs-metric', trans.__('Parameter against metric'));
    this._parallel = slot(
      'parallel-coordinates',
      trans.__('Parallel coordinates')
    );
    this._series = slot('series', trans.__('Metric over steps'));
    this._importance = slot('importance', trans.__('Parameter importance'));
    const redraw = () => this._draw();
    this._byRunMetric = this._byRun.addSelect(trans.__('Metric'), redraw);
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
    this._vsParam = this._vs.addSelect(trans.__('Parameter (x)'), redraw);
    this._vsMetric = this._vs.addSelect(trans.__('Metric (y)'), redraw);
    this._seriesMetric = this._series.addSelect(trans.__('Metric'), redraw);
    this._importanceMetric = this._importance.addSelect(
      trans.__('Metric'),
      redraw
    );
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
  setRuns(runs: readonly IRunRecord[]): Promise<void> {
    this._runs = runs;
    const columns = buildColumns(runs);
    const params = columns.filter(c => c.kind === 'param').map(c => c.key!);
    const metrics = columns.filter(c => c.kind === 'metric').map(c => c.key!);
    const withSeries = metrics.filter(name =>
      runs.some(run => (run.metrics[name]?.series?.length ?? 0) > 0)
    );
    // By default chart what tells the runs apart: the first varying ones.
    const varies = (value: (run: IRunRecord) => unknown) =>
      new Set(runs.map(run => JSON.stringify(value(run) ?? null))).size > 1;
    const metric = metrics.find(name =>
      varies(run => run.metrics[name]?.value)
    );
    const param = params.find(name => varies(run => run.params[name]?.value));
    fillSelect(this._byRunMetric, metrics, metric);
    fillSelect(this._vsParam, params, param);
    fillSelect(this._vsMetric, metrics, metric);
    fillSelect(this._seriesMetric, withSeries);
    fillSelect(this._importanceMetric, metrics, metric);
    this._axes.setChoices([
      ...params.map((name): IAxisChoice => ({
        kind: 'param',
        name,
        varies: varies(run => run.params[name]?.value)
      })),
      ...metrics.map((name): IAxisChoice => ({
        kind: 'metric',
        name,
        varies: varies(run => run.metrics[name]?.value)
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

    const metric = this._byRunMetric.value;
    if (metric) {
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
    if (param && yMetric) {
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
    if (seriesMetric) {
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

    const importanceMetric = this._importanceMetric.value;
    if (importanceMetric) {
      const importances = parameterImportance(runs, importanceMetric);
      if (importances.every(item => item.importance === null)) {
        this._importance.clear(
          trans.__(
            'No parameter varies together with %1 across the compared runs.',
            importanceMetric
          )
        );
        return this._settle(chain);
      }
      draw(this._importance, () => importanceSpec(importances, { labels }));
      const used = Math.max(0, ...importances.map(item => item.n));
      let text = trans.__(
        'How strongly each parameter goes with %1 across the compared runs: Spearman rank correlation for numbers (sign shows the direction), correlation ratio for categories. Correlation, not cause.',
        importanceMetric
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
  private _byRun: ChartSlot;
  private _vs: ChartSlot;
  private _parallel: ChartSlot;
  private _series: ChartSlot;
  private _importance: ChartSlot;
  private _byRunMetric: HTMLSelectElement;
  private _byRunMark: HTMLSelectElement;
  private _byRunOrder: HTMLSelectElement;
  private _axes: AxisPicker;
  private _vsParam: HTMLSelectElement;
  private _vsMetric: HTMLSelectElement;
  private _seriesMetric: HTMLSelectElement;
  private _importanceMetric: HTMLSelectElement;
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
}
