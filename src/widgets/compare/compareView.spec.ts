import {
  RenderMimeRegistry,
  standardRendererFactories
} from '@jupyterlab/rendermime';
import type { TopLevelSpec } from 'vega-lite';
import type { IMlflowSync, IRunOrigin, IRunRecord } from '../../tokens';
import { FakeMlflowSync } from '../__tests__/fakeMlflowSync';
import { makeRunRecord, MemoryRunStore } from '../__tests__/testing';
import { CompareView } from './compareView';

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

const PULLED: IRunOrigin = {
  kind: 'mlflow',
  file: '127.0.0.1:5000',
  imported_at: '2026-03-02T10:00:00Z',
  mlflow_run_id: 'abc123',
  run_url: null
};

/** Run 1 captured here with a loss series; run 2 pulled with its latest loss only. */
function seedRuns(store: MemoryRunStore): IRunRecord {
  const pulled = makeRunRecord(2, {
    metrics: { loss: { value: 0.4 } },
    origin: PULLED
  });
  store.seed([
    makeRunRecord(1, {
      metrics: {
        loss: {
          value: 0.5,
          series: [
            [0, 1],
            [1, 0.5]
          ]
        }
      }
    }),
    pulled
  ]);
  return pulled;
}

/** The runs the series chart drew last. */
function seriesRunIds(): string[] {
  const series = [...drawn]
    .reverse()
    .find(spec => JSON.stringify(spec).includes('"step"'));
  const values = JSON.stringify(series ?? {}).match(/"run_id":"[^"]+"/g) ?? [];
  return [...new Set(values)].sort();
}

describe('CompareView with runs pulled from MLflow', () => {
  let store: MemoryRunStore;
  let sync: FakeMlflowSync;
  let view: CompareView;

  function create(withSync: boolean): void {
    view = new CompareView({
      store,
      rendermime: new RenderMimeRegistry({
        initialFactories: standardRendererFactories
      }),
      sync: withSync ? sync : null
    });
  }
  const seriesSlot = () =>
    view.node.querySelector<HTMLElement>('[data-chart="series"]')!;

  beforeEach(() => {
    drawn.length = 0;
    store = new MemoryRunStore();
    sync = new FakeMlflowSync();
  });
  afterEach(() => view.dispose());

  it('says the history is loading, then draws the series of every run once it is stored', async () => {
    const pulled = seedRuns(store);
    let release!: () => void;
    const held = new Promise<void>(resolve => (release = resolve));
    sync.loadSeriesResult = async ids => {
      await held;
      await store.put({
        ...pulled,
        metrics: {
          loss: {
            value: 0.4,
            series: [
              [0, 0.9],
              [1, 0.4]
            ]
          }
        },
        origin: { ...PULLED, histories_fetched_at: '2026-03-02T11:00:00Z' }
      });
      return { loaded: [...ids], failed: [] };
    };
    create(true);
    const shown = view.setRunIds(['run-1', 'run-2']);
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(sync.loadSeriesCalls).toEqual([['run-2']]);
    expect(seriesSlot().dataset.state).toBe('loading-history');
    expect(seriesSlot().textContent).toContain(
      'Loading metric history from MLflow…'
    );

    release();
    await shown;
    expect(seriesSlot().dataset.state).toBe('ready');
    expect(seriesRunIds()).toEqual(['"run_id":"run-1"', '"run_id":"run-2"']);
    expect(
      view.runs.find(run => run.id === 'run-2')?.metrics.loss.series
    ).toHaveLength(2);
  });

  it('draws what it has and says why when the history cannot be loaded', async () => {
    seedRuns(store);
    sync.loadSeriesResult = async ids => ({
      loaded: [],
      failed: ids.map(run_id => ({
        run_id,
        reason: 'MLflow cannot be reached: Connection refused.'
      }))
    });
    create(true);
    await view.setRunIds(['run-1', 'run-2']);
    expect(seriesSlot().dataset.state).toBe('ready');
    expect(seriesRunIds()).toEqual(['"run_id":"run-1"']);
    expect(seriesSlot().textContent).toContain(
      'The metric history of 1 run from MLflow could not be loaded: MLflow cannot be reached: Connection refused.'
    );
  });

  it('asks for nothing when no compared run needs a history, or without sync', async () => {
    store.seed([makeRunRecord(1), makeRunRecord(2)]);
    create(true);
    await view.setRunIds(['run-1', 'run-2']);
    view.dispose();
    seedRuns(store);
    create(false);
    await view.setRunIds(['run-1', 'run-2']);
    expect(sync.loadSeriesCalls).toEqual([]);
    expect(seriesRunIds()).toEqual(['"run_id":"run-1"']);
  });

  it('keeps the runs as stored when the sync throws', async () => {
    seedRuns(store);
    sync.loadSeriesResult = async (): Promise<IMlflowSync.ISeriesResult> => {
      throw new Error('boom');
    };
    create(true);
    await view.setRunIds(['run-1', 'run-2']);
    expect(view.runs.map(run => run.id)).toEqual(['run-1', 'run-2']);
    expect(seriesSlot().textContent).toContain('boom');
  });
});
