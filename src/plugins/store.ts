import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { IndexedDBRunStore } from '../store/runStore';
import { IRunStore } from '../tokens';

/** The IndexedDB run store, shared through the IRunStore token. */
export const storePlugin: JupyterFrontEndPlugin<IRunStore> = {
  id: 'jupyterlab-runlog:store',
  description: 'Keeps run records in the browser (IndexedDB).',
  autoStart: true,
  provides: IRunStore,
  optional: [ITranslator],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null
  ): IRunStore => {
    const store = new IndexedDBRunStore({
      translator: translator ?? nullTranslator
    });
    let notified: string | null = null;
    store.writeFailed.connect((_, failure) => {
      // One notification per distinct problem, not one per retry.
      if (notified === failure.kind) {
        return;
      }
      notified = failure.kind;
      Notification.warning(failure.message, { autoClose: false });
    });
    store.changed.connect(() => {
      notified = null;
    });
    void store.ready
      .then(() => store.requestPersistence(navigator.storage))
      .catch(reason => {
        console.error(
          'jupyterlab-runlog: cannot open the run database',
          reason
        );
      });
    return store;
  }
};
