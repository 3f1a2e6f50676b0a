/**
 * Parameter importance for a metric as a sorted bar chart.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { IParamImportance } from '../model/importance';
import {
  axisTitle,
  CHART_DATA,
  DEFAULT_LABELS,
  IChartOptions,
  tooltipField,
  topLevel
} from './common';

/** The click selection of parameters (this chart has no runs). */
export const PARAM_SELECTION = 'param_select';

export interface IImportanceRow {
  param: string;
  kind: IParamImportance['kind'];
  importance: number;
  pearson: number | null;
  spearman: number | null;
  eta: number | null;
  n: number;
  reliable: boolean;
}

/** Rows of the parameters that have an importance, in the given order. */
export function importanceRows(importances: readonly IParamImportance[]): {
  rows: IImportanceRow[];
  omitted: string[];
} {
  const rows: IImportanceRow[] = [];
  const omitted: string[] = [];
  for (const item of importances) {
    if (item.importance === null) {
      omitted.push(item.param);
      continue;
    }
    rows.push({
      param: item.param,
      kind: item.kind,
      importance: item.importance,
      pearson: item.pearson,
      spearman: item.spearman,
      eta: item.eta,
      n: item.n,
      reliable: item.reliable
    });
  }
  return { rows, omitted };
}

/**
 * One bar per parameter, in the order given (`parameterImportance` sorts by
 * magnitude), on a fixed -1…1 axis so charts of different metrics compare.
 * Unreliable results are faded. Parameters without an importance (constant)
 * are left out and listed in `usermeta.runlog.omitted`. Instead of the runs
 * selection, clicks select parameters (`param_select` on the `param` field).
 */
export function importanceSpec(
  importances: readonly IParamImportance[],
  options: IChartOptions = {}
): TopLevelSpec {
  const labels = options.labels ?? DEFAULT_LABELS;
  const { rows, omitted } = importanceRows(importances);
  return {
    ...topLevel('importance', rows, omitted, options),
    data: { name: CHART_DATA },
    params: [
      {
        name: PARAM_SELECTION,
        select: {
          type: 'point',
          fields: ['param'],
          on: 'click',
          clear: 'dblclick'
        }
      }
    ],
    mark: { type: 'bar' },
    encoding: {
      y: {
        field: 'param',
        type: 'nominal',
        sort: rows.map(row => row.param),
        ...axisTitle(labels.parameter, { labelLimit: 180 })
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
      tooltip: [
        tooltipField('param', 'nominal', labels.parameter),
        tooltipField('importance', 'quantitative', labels.importance, '.3f'),
        tooltipField('spearman', 'quantitative', labels.spearman, '.3f'),
        tooltipField('pearson', 'quantitative', labels.pearson, '.3f'),
        tooltipField('eta', 'quantitative', labels.eta, '.3f'),
        tooltipField('n', 'quantitative', labels.runsUsed),
        tooltipField('reliable', 'nominal', labels.reliable)
      ]
    }
  };
}
