import { nullTranslator } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';
import type { IMlflowSync } from '../tokens';
import { SyncStatusItem, syncStatusText } from './syncStatusItem';

const trans = nullTranslator.load('jupyterlab_runlog');

function status(change: Partial<IMlflowSync.IStatus>): IMlflowSync.IStatus {
  return {
    enabled: true,
    phase: 'idle',
    waiting: 0,
    failed: 0,
    trackingUri: 'http://mlflow:5000',
    message: null,
    ...change
  };
}

describe('syncStatusText', () => {
  it.each([
    [{ enabled: false, phase: 'off' as const }, null],
    [{}, 'MLflow: synced'],
    [{ waiting: 3 }, 'MLflow: 3 waiting'],
    [{ phase: 'offline' as const, waiting: 3 }, 'MLflow: offline (3 waiting)'],
    [{ failed: 1 }, 'MLflow: 1 failed'],
    [{ failed: 1, waiting: 2 }, 'MLflow: 1 failed, 2 waiting'],
    [{ phase: 'syncing' as const, waiting: 2 }, 'MLflow: syncing (2 waiting)'],
    [{ phase: 'unavailable' as const }, 'MLflow: unavailable']
  ])('%j shows %p', (change, expected) => {
    expect(syncStatusText(status(change), trans)).toBe(expected);
  });
});

describe('SyncStatusItem', () => {
  it('follows the status, shows the problem as title and retries on click', () => {
    const changed = new Signal<IMlflowSync, IMlflowSync.IStatus>(
      {} as IMlflowSync
    );
    const sync = {
      status: status({ enabled: false, phase: 'off' }),
      statusChanged: changed
    } as unknown as IMlflowSync & { status: IMlflowSync.IStatus };
    const onClick = jest.fn();
    const item = new SyncStatusItem({ sync, trans, onClick });
    const toggles: boolean[] = [];
    item.activeStateChanged.connect(() => toggles.push(item.isActive));
    expect(item.isActive).toBe(false);

    sync.status = status({
      phase: 'unavailable',
      message: 'Install it there with: pip install "jupyterlab_runlog[mlflow]"'
    });
    changed.emit(sync.status);
    expect(item.isActive).toBe(true);
    expect(toggles).toEqual([true]);
    expect(item.node.textContent).toBe('MLflow: unavailable');
    expect(item.node.title).toContain(
      'pip install "jupyterlab_runlog[mlflow]"'
    );

    item.node.click();
    expect(onClick).toHaveBeenCalledTimes(1);
    item.dispose();
  });
});
