import { parameterImportance } from '../model/compare/importance';
import { CHART_DATA, chartLabels } from './common';
import {
  IImportanceRow,
  importanceRows,
  importanceSpec,
  PARAM_SELECTION
} from './importanceChart';
import { AWKWARD_METRIC, chartRun } from './__tests__/runs';
import {
  dataset,
  expectValidSpec,
  markItems,
  runView,
  selections,
  titlesDrawn
} from './__tests__/vegaLite';

// Seven runs: loss rises with lr, falls with depth, depends on the optimiser
// a little and not at all on the constant seed.
const runs = [0, 1, 2, 3, 4, 5, 6].map(index =>
  chartRun(
    index + 1,
    {
      lr: index,
      depth: (index * 3) % 7,
      optimizer: index % 2 === 0 ? 'adam' : 'sgd',
      seed: 42
    },
    { loss: index * 0.1 - ((index * 3) % 7) * 0.01 }
  )
);
const importances = parameterImportance(runs, 'loss');

describe('importanceRows', () => {
  it('keeps the given order and leaves out parameters without importance', () => {
    const { rows, omitted } = importanceRows(importances);
    expect(rows.map(row => row.param)).toEqual(
      importances
        .filter(item => item.importance !== null)
        .map(item => item.param)
    );
    expect(omitted).toEqual(['seed']);
    const lr = rows.find(row => row.param === 'lr')!;
    expect(lr).toMatchObject({ kind: 'numeric', n: 7, reliable: true });
    expect(lr.importance).toBeGreaterThan(0.9);
  });
});

describe('importanceSpec', () => {
  it('is a valid bar chart, one bar per parameter, in importance order', async () => {
    const spec = importanceSpec(importances);
    expectValidSpec(spec, 'importance');
    expect(spec.usermeta).toEqual({
      runlog: { kind: 'importance', omitted: ['seed'] }
    });
    expect(selections(spec)).toEqual([
      expect.objectContaining({
        name: PARAM_SELECTION,
        select: expect.objectContaining({
          type: 'point',
          fields: ['param_key']
        })
      })
    ]);
    const rows = dataset<IImportanceRow>(spec, CHART_DATA);
    const encoding = (
      spec as { encoding: { y: { scale: { domain: string[] } } } }
    ).encoding;
    expect(encoding.y.scale.domain).toEqual(rows.map(row => row.param_key));
    const view = await runView(spec);
    const bars = markItems(view, 'marks') as unknown as {
      y: number;
      datum: IImportanceRow;
    }[];
    expect(bars).toHaveLength(3);
    const topToBottom = [...bars].sort((a, b) => a.y - b.y);
    expect(topToBottom.map(bar => bar.datum.param)).toEqual(
      rows.map(row => row.param)
    );
    expect(view.signal(PARAM_SELECTION)).toEqual({});
  });

  it('fades unreliable results', async () => {
    const few = parameterImportance(runs.slice(0, 3), 'loss');
    const view = await runView(importanceSpec(few));
    const opacities = markItems(view, 'marks').map(
      bar => (bar as { opacity?: number }).opacity
    );
    expect(opacities.length).toBeGreaterThan(0);
    expect(opacities.every(opacity => opacity === 0.35)).toBe(true);
    const reliable = await runView(importanceSpec(importances));
    const lrBar = markItems(reliable, 'marks').find(
      bar => (bar.datum as unknown as IImportanceRow).param === 'lr'
    ) as { opacity?: number };
    expect(lrBar.opacity).toBe(0.9);
  });

  it('tooltips every statistic under translated titles', async () => {
    const labels = chartLabels({ __: text => `[${text}]` });
    const view = await runView(importanceSpec(importances, { labels }));
    const lr = markItems(view, 'marks').find(
      bar => (bar.datum as unknown as IImportanceRow).param === 'lr'
    )!;
    expect(Object.keys(lr.tooltip ?? {})).toEqual([
      '[Parameter]',
      '[Importance]',
      '[Spearman ρ]',
      '[Pearson r]',
      '[Correlation ratio η]',
      '[Runs used]',
      '[Reliable]'
    ]);
    expect(lr.tooltip?.['[Runs used]']).toBe('7');
    expect(titlesDrawn(view)).toEqual(['[Importance]', '[Parameter]']);
  });

  it('is valid with an awkward parameter name and with nothing to show', async () => {
    const awkward = parameterImportance(
      runs.map(run => ({
        ...run,
        params: { [AWKWARD_METRIC]: run.params.lr }
      })),
      'loss'
    );
    const spec = importanceSpec(awkward);
    expectValidSpec(spec, 'importance');
    const view = await runView(spec);
    expect(markItems(view, 'marks')[0].tooltip?.Parameter).toBe(AWKWARD_METRIC);
    const empty = importanceSpec([]);
    expectValidSpec(empty, 'importance');
    expect(markItems(await runView(empty), 'marks')).toHaveLength(0);
  });
});
