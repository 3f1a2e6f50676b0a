import { Notification } from '@jupyterlab/apputils';
import type { Contents } from '@jupyterlab/services';
import { nullTranslator } from '@jupyterlab/translation';
import { DEFAULT_BUNDLE_LIMITS } from '../model/bundle';
import { DEFAULT_REDACTION_OPTIONS } from '../model/redaction/redaction';
import type { IRunsPanel } from '../tokens';
import { makeRunRecord, MemoryRunStore } from '../widgets/__tests__/testing';
import { exportRuns } from './bundleTransfer';
import { exportWithReport, runsToExport } from './exportFlow';

// What is written is the bundle writer's business: here, what is asked of it.
jest.mock('./bundleTransfer', () => ({
  exportRuns: jest.fn(async (_store: unknown, ids: string[]) => ({
    text: '{}',
    runCount: ids.length,
    redactedCount: 0
  }))
}));

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
    jest.mocked(exportRuns).mockClear();
  });
  afterEach(() => Notification.dismiss());

  async function exportFrom(panel: IRunsPanel): Promise<void> {
    const contents = {
      get: async () => {
        throw new Error('no such file');
      },
      save: async () => ({})
    } as unknown as Contents.IManager;
    await exportWithReport(
      { path: 'out.runlog.json' },
      {
        store,
        contents,
        runsPanel: panel,
        fileBrowser: null,
        trans: nullTranslator.load('jupyterlab_runlog'),
        redaction: () => DEFAULT_REDACTION_OPTIONS,
        limits: () => DEFAULT_BUNDLE_LIMITS,
        user: () => 'ada'
      }
    );
  }

  it('leaves runs in the trash out of the panel’s runs, without their deleted state', async () => {
    expect((await runsToExport(store, panelShowing(false), {})).sort()).toEqual(
      ['run-1', 'run-3']
    );
    await exportFrom(panelShowing(false));
    const [, ids, options] = jest.mocked(exportRuns).mock.calls[0];
    expect([...ids].sort()).toEqual(['run-1', 'run-3']);
    expect(options.includeDeleted).toBe(false);
  });

  it('exports the runs of the trash view with their deleted state', async () => {
    expect(await runsToExport(store, panelShowing(true), {})).toEqual([
      'run-2'
    ]);
    await exportFrom(panelShowing(true));
    const [, ids, options] = jest.mocked(exportRuns).mock.calls[0];
    expect(ids).toEqual(['run-2']);
    expect(options.includeDeleted).toBe(true);
  });
});
