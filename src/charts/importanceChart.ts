/**
 * Parameter importance for a metric as a sorted bar chart.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { IParamImportance } from '../model/compare/importance';
import {
  axisTitle,
  CHART_DATA,
  DEFAULT_LABELS,
  describe,
  DESCRIBED_ENCODING,
  IChartLabels,
  IChartOptions,
  IDescribed,
  keyTexts,
  NAME_LOOKUP_LABEL,
  nameText,
  TOOLTIP_FROM_ROW,
  topLevel,
  valueText
} from './common';

/** The click selection of parameters (this chart has no runs). */
export const PARAM_SELECTION = 'param_select';

export interface IImportanceRow extends IDescribed {
  param: string;
  /** The bar's generated key (`p0`…), in the order given. */
  param_key: string;
  kind: IParamImportance['kind'];
  importance: number;
  pearson: number | null;
  spearman: number | null;
  eta: number | null;
  n: number;
  reliable: boolean;
}

/** Rows of the parameters that have an importance, in the given order. */
export function importanceRows(
  importances: readonly IParamImportance[],
  labels: IChartLabels = DEFAULT_LABELS
): {
  rows: IImportanceRow[];
  omitted: string[];
  /** The parameters' keys in bar order and the texts they stand for. */
  names: ReturnType<typeof keyTexts>;
} {
  const shown: IParamImportance[] = [];
  const omitted: string[] = [];
  for (const item of importances) {
    if (item.importance === null) {
      omitted.push(item.param);
    } else {
      shown.push(item);
    }
  }
  const names = keyTexts(
    'p',
    shown.map(item => nameText(item.param, labels))
  );
  const fixed = (value: number | null) =>
    value === null ? '—' : value.toFixed(3);
  const rows = shown.map((item, index): IImportanceRow => ({
    param: item.param,
    param_key: names.keys[index],
    kind: item.kind,
    importance: item.importance!,
    pearson: item.pearson,
    spearman: item.spearman,
    eta: item.eta,
    n: item.n,
    reliable: item.reliable,
    ...describe([
      [labels.parameter, nameText(item.param, labels)],
      [labels.importance, fixed(item.importance)],
      [labels.spearman, fixed(item.spearman)],
      [labels.pearson, fixed(item.pearson)],
      [labels.eta, fixed(item.eta)],
      [labels.runsUsed, valueText(item.n)],
      [labels.reliable, item.reliable ? labels.yes : labels.no]
    ])
  }));
  return { rows, omitted, names };
}

/**
 * One bar per parameter, in the order given (`parameterImportance` sorts by
 * magnitude), on a fixed -1…1 axis so charts of different metrics compare.
 * Unreliable results are faded. Parameters without an importance (constant)
 * are left out and listed in `usermeta.runlog.omitted`. Instead of the runs
 * selection, clicks select parameters (`param_select` on `param_key`).
 */
export function importanceSpec(
  importances: readonly IParamImportance[],
  options: IChartOptions = {}
): TopLevelSpec {
  const labels = options.labels ?? DEFAULT_LABELS;
  const { rows, omitted, names } = importanceRows(importances, labels);
  return {
    ...topLevel('importance', rows, omitted, options),
    data: { name: CHART_DATA },
    params: [
      {
        name: PARAM_SELECTION,
        select: {
          type: 'point',
          fields: ['param_key'],
          on: 'click',
          clear: 'dblclick'
        }
      },
      names.lookup
    ],
    mark: { type: 'bar', ...TOOLTIP_FROM_ROW },
    encoding: {
      y: {
        field: 'param_key',
        type: 'nominal',
        scale: { domain: names.keys },
        ...axisTitle(labels.parameter, {
          labelLimit: 180,
          labelExpr: NAME_LOOKUP_LABEL
        })
      },
      x: {
        field: 'importance',
        type: 'quantitative',
        ...axisTitle(labels.importance),
        scale: { domain: [-1, 1] }
      },
      opacity: {
        condition: { test: 'datum.reliable', value: 0.9 },
        value: 0.35
      },
      ...DESCRIBED_ENCODING
    }
  };
}
