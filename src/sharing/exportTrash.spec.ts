import { nullTranslator } from '@jupyterlab/translation';
import { DEFAULT_BUNDLE_LIMITS } from '../model/bundle';
import { DEFAULT_REDACTION_OPTIONS } from '../model/redaction/redaction';
import type { IRunsPanel } from '../tokens';
import { makeRunRecord, MemoryRunStore } from '../widgets/__tests__/testing';
import { exportRuns } from './bundleTransfer';
import { runsToExport } from './exportFlow';

const options = {
  trans: nullTranslator.load('jupyterlab_runlog'),
  redaction: DEFAULT_REDACTION_OPTIONS,
  limits: DEFAULT_BUNDLE_LIMITS
};

function panelShowing(trashShown: boolean): IRunsPanel {
  return {
    experiment: { id: 'exp-1', name: 'tune', path: 'tune.ipynb' },
    selectedRunIds: [],
    trashShown
  } as unknown as IRunsPanel;
}

describe('exporting with runs in the trash', () => {
  let store: MemoryRunStore;

  beforeEach(async () => {
    store = new MemoryRunStore();
    for (const number of [1, 2, 3]) {
      await store.put(makeRunRecord(number));
    }
    await store.deleteRuns(['run-2'], 'ada');
  });

  it('leaves runs in the trash out of the panel’s runs and out of a bundle by default', async () => {
    const ids = await runsToExport(store, panelShowing(false), {});
    expect(ids.sort()).toEqual(['run-1', 'run-3']);
    const exported = await exportRuns(
      store,
      ['run-1', 'run-2', 'run-3'],
      options
    );
    expect(exported.runCount).toBe(2);
    expect(exported.text).not.toContain('"run-2"');
  });

  it('exports the runs of the trash view when asked to include deleted runs', async () => {
    const ids = await runsToExport(store, panelShowing(true), {});
    expect(ids).toEqual(['run-2']);
    const exported = await exportRuns(store, ids, {
      ...options,
      includeDeleted: true
    });
    expect(exported.runCount).toBe(1);
    expect(exported.text).toContain('"run-2"');
  });
});
