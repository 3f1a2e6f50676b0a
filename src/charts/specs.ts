/**
 * The Vega-Lite spec builders of the compare view: pure functions from runs
 * to specs (see common.ts for what every spec shares).
 */
export {
  CHART_DATA,
  CHART_KINDS,
  chartLabels,
  DEFAULT_LABELS,
  RUN_SELECTION,
  VEGA_LITE_SCHEMA
} from './common';
export type {
  ChartKind,
  ChartRun,
  IChartLabels,
  IChartMeta,
  IChartOptions,
  IRunRow,
  ITranslate
} from './common';
export * from './importanceChart';
export * from './parallelCoordinates';
export * from './runCharts';
export * from './seriesChart';
