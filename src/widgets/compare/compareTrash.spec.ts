import {
  RenderMimeRegistry,
  standardRendererFactories
} from '@jupyterlab/rendermime';
import { makeRunRecord, MemoryRunStore } from '../__tests__/testing';
import { CompareView } from './compareView';

// No Vega in jsdom: the charts draw nothing.
jest.mock('../../charts/vegaLoader', () => ({
  loadVegaEmbed: async () => ({
    default: async () => ({
      view: {
        addEventListener: () => undefined,
        scenegraph: () => ({ root: {} })
      },
      finalize: () => undefined
    })
  })
}));

/** The view reloads a moment after a store change. */
const reloaded = () => new Promise(resolve => setTimeout(resolve, 400));

describe('CompareView and the trash', () => {
  it('drops a compared run moved to the trash meanwhile, and takes it back when restored', async () => {
    const store = new MemoryRunStore();
    store.seed([1, 2, 3].map(n => makeRunRecord(n)));
    const view = new CompareView({
      store,
      rendermime: new RenderMimeRegistry({
        initialFactories: standardRendererFactories
      })
    });
    try {
      await view.setRunIds(['run-1', 'run-2', 'run-3']);
      expect(view.runs.map(run => run.id)).toEqual(['run-1', 'run-2', 'run-3']);

      await store.deleteRuns(['run-2'], 'ada');
      await reloaded();
      await view.ready;
      expect(view.runs.map(run => run.id)).toEqual(['run-1', 'run-3']);

      await store.restoreRuns(['run-2'], 'ada');
      await reloaded();
      await view.ready;
      expect(view.runs.map(run => run.id)).toEqual(['run-1', 'run-2', 'run-3']);
    } finally {
      view.dispose();
    }
  });
});
