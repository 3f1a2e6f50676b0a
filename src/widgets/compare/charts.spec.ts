import { nullTranslator } from '@jupyterlab/translation';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_KINDS } from '../../charts/specs';
import { chartRun } from '../../charts/__tests__/runs';
import { makeRunRecord } from '../__tests__/testing';
import { CompareCharts } from './charts';

// Record the specs drawn instead of loading Vega into jsdom.
const drawn: TopLevelSpec[] = [];
jest.mock('../../charts/vegaLoader', () => ({
  loadVegaEmbed: async () => ({
    default: async (_element: HTMLElement, spec: TopLevelSpec) => {
      drawn.push(spec);
      return {
        view: {
          addEventListener: () => undefined,
          scenegraph: () => ({ root: {} })
        },
        finalize: () => undefined
      };
    }
  })
}));

const trans = nullTranslator.load('jupyterlab_runlog');

/** Runs whose only parameter and metric are named by `name`. */
function runsNamed(name: string) {
  return [1, 2, 3].map(number => {
    const { params, metrics } = chartRun(
      number,
      { [name]: number },
      {
        [name]: [
          [0, 1],
          [1, number]
        ]
      }
    );
    return makeRunRecord(number, { params, metrics });
  });
}

function slots(charts: CompareCharts): HTMLElement[] {
  return [
    ...charts.node.querySelectorAll<HTMLElement>('.jp-runlog-compare-chart')
  ];
}

describe('CompareCharts', () => {
  beforeEach(() => {
    drawn.length = 0;
  });

  it('has a slot per chart kind, in the order of the kinds table', () => {
    const charts = new CompareCharts({ trans, onRunClicked: () => undefined });
    expect(slots(charts).map(slot => slot.dataset.chart)).toEqual([
      ...CHART_KINDS
    ]);
    expect(slots(charts).every(slot => slot.getAttribute('aria-label'))).toBe(
      true
    );
    charts.dispose();
  });

  it.each(['', 'toString', '__proto__', 'constructor'])(
    'draws every chart of a parameter and metric named %j',
    async name => {
      const charts = new CompareCharts({
        trans,
        onRunClicked: () => undefined
      });
      await charts.setRuns(runsNamed(name));
      await charts.drawn;
      const states = slots(charts).map(slot => [
        slot.dataset.chart,
        slot.dataset.state
      ]);
      // Parallel coordinates needs two axes: the one parameter and metric.
      expect(states).toEqual(CHART_KINDS.map(kind => [kind, 'ready']));
      expect(charts.node.textContent).not.toContain('no metrics');
      expect(drawn).toHaveLength(CHART_KINDS.length);
      const shown = name === '' ? '(empty name)' : name;
      const select = charts.node.querySelector('select')!;
      expect(select.options[select.selectedIndex].textContent).toBe(shown);
      charts.dispose();
    }
  );
});
