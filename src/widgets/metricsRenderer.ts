/**
 * Renders the metrics bundle that `jupyterlab_runlog.log()` emits as a
 * compact table: name, last value, and for series the step count with a tiny
 * sparkline.
 *
 * Outputs may be untrusted (a shared notebook, an imported run), so the
 * payload is validated by the metrics model and the DOM is built with
 * textContent and attributes only, never markup.
 */

import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import {
  metricsFromPayload,
  RUNLOG_METRICS_MIME
} from '../model/record/metrics';
import type { IMetricRecord } from '../model/types';

const SVG_NS = 'http://www.w3.org/2000/svg';
const SPARKLINE_WIDTH = 80;
const SPARKLINE_HEIGHT = 16;
/** Vertical room kept free so the line's stroke is not clipped. */
const SPARKLINE_PADDING = 1.5;

/** A metric value with 4 significant digits, exponent form for extremes. */
export function formatMetricValue(value: number): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-4)) {
    // 1.500e+7 -> 1.5e+7, 1.000e-5 -> 1e-5
    return value.toExponential(3).replace(/\.?0+e/, 'e');
  }
  return String(Number(value.toPrecision(4)));
}

/** A step as written: integers in full, others like values. */
export function formatStep(step: number): string {
  return Number.isInteger(step) && Math.abs(step) < 1e15
    ? String(step)
    : formatMetricValue(step);
}

/**
 * The `points` of an SVG polyline drawing `series` in a width x height box:
 * x by step (by index when all steps are equal), y by value with larger
 * values higher. At most about `width` points are drawn, always the last.
 */
export function sparklinePoints(
  series: ReadonlyArray<readonly [number, number]>,
  width: number,
  height: number
): string {
  if (series.length === 0) {
    return '';
  }
  const stride = Math.max(1, Math.ceil(series.length / Math.max(1, width)));
  const drawn = series.filter(
    (_, index) => index % stride === 0 || index === series.length - 1
  );
  const steps = drawn.map(([step]) => step);
  const values = drawn.map(([, value]) => value);
  const minStep = Math.min(...steps);
  const stepRange = Math.max(...steps) - minStep;
  const minValue = Math.min(...values);
  const valueRange = Math.max(...values) - minValue;
  const innerHeight = height - 2 * SPARKLINE_PADDING;
  const lastIndex = Math.max(1, drawn.length - 1);
  return drawn
    .map(([step, value], index) => {
      const x =
        drawn.length === 1
          ? width
          : stepRange > 0
            ? ((step - minStep) / stepRange) * width
            : (index / lastIndex) * width;
      const y =
        valueRange > 0
          ? SPARKLINE_PADDING +
            (1 - (value - minValue) / valueRange) * innerHeight
          : height / 2;
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
}

/** A widget rendering one metrics bundle; re-rendered on display updates. */
export class MetricsRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(options: IRenderMime.IRendererOptions) {
    super();
    this._mimeType = options.mimeType;
    this._trans = (options.translator ?? nullTranslator).load(
      'jupyterlab_runlog'
    );
    this.addClass('jp-runlog-metrics');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const metrics = metricsFromPayload(model.data[this._mimeType]);
    this.node.replaceChildren(this._content(metrics));
  }

  private _content(metrics: { [name: string]: IMetricRecord }): HTMLElement {
    const names = Object.keys(metrics);
    if (names.length === 0) {
      const empty = document.createElement('div');
      empty.className = 'jp-runlog-metrics-empty';
      empty.textContent = this._trans.__('No metrics in this output.');
      return empty;
    }
    const trans = this._trans;
    const withSeries = names.some(name => metrics[name].series?.length);
    const table = document.createElement('table');
    table.className = 'jp-runlog-metrics-table';
    const caption = table.createCaption();
    caption.className = 'jp-runlog-metrics-caption';
    caption.textContent = trans.__('Logged metrics');

    const headings = [trans.__('Metric'), trans.__('Value')];
    if (withSeries) {
      headings.push(trans.__('Steps'));
    }
    const headRow = table.createTHead().insertRow();
    for (const heading of headings) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = heading;
      headRow.appendChild(th);
    }

    const body = table.createTBody();
    for (const name of names) {
      const metric = metrics[name];
      const row = body.insertRow();
      const nameCell = document.createElement('th');
      nameCell.scope = 'row';
      nameCell.className = 'jp-runlog-metrics-name';
      nameCell.textContent = name;
      row.appendChild(nameCell);

      const valueCell = row.insertCell();
      valueCell.className = 'jp-runlog-metrics-value';
      valueCell.textContent = formatMetricValue(metric.value);
      valueCell.title = String(metric.value);

      if (withSeries) {
        const seriesCell = row.insertCell();
        seriesCell.className = 'jp-runlog-metrics-series';
        if (metric.series?.length) {
          this._fillSeries(seriesCell, name, metric.series);
        }
      }
    }
    return table;
  }

  private _fillSeries(
    cell: HTMLElement,
    name: string,
    series: [number, number][]
  ): void {
    const lastStep = series[series.length - 1][0];
    const summary = document.createElement('span');
    summary.className = 'jp-runlog-metrics-steps';
    summary.textContent = this._trans._n(
      '%1 step, last step %2',
      '%1 steps, last step %2',
      series.length,
      formatStep(lastStep)
    );
    cell.append(this._sparkline(name, series), summary);
  }

  private _sparkline(name: string, series: [number, number][]): SVGElement {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('class', 'jp-runlog-metrics-sparkline');
    svg.setAttribute('width', String(SPARKLINE_WIDTH));
    svg.setAttribute('height', String(SPARKLINE_HEIGHT));
    svg.setAttribute('viewBox', `0 0 ${SPARKLINE_WIDTH} ${SPARKLINE_HEIGHT}`);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', this._trans.__('Trend of %1', name));
    const line = document.createElementNS(SVG_NS, 'polyline');
    line.setAttribute('class', 'jp-runlog-metrics-sparkline-line');
    line.setAttribute(
      'points',
      sparklinePoints(series, SPARKLINE_WIDTH, SPARKLINE_HEIGHT)
    );
    svg.appendChild(line);
    return svg;
  }

  private _mimeType: string;
  private _trans: IRenderMime.TranslationBundle;
}

/** Renders `log()` output in notebooks; safe for untrusted outputs. */
export const metricsRendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [RUNLOG_METRICS_MIME],
  defaultRank: 50,
  createRenderer: options => new MetricsRenderer(options)
};

function round(coordinate: number): number {
  return Math.round(coordinate * 10) / 10;
}
