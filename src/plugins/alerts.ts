import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { IFormRendererRegistry } from '@jupyterlab/ui-components';
import { AlertMonitor, type IAlertFiring } from '../alerts/alertMonitor';
import { AlertWatch } from '../alerts/alertWatch';
import { CommandIDs } from '../commands';
import { AlertRules } from '../model/alerts/alertRules';
import { alertMatch } from '../model/alerts/alertText';
import { IRunRecorder, IRunsPanel, IRunStore } from '../tokens';
import { alertRulesField } from '../widgets/alertRulesField';

/** The alerts plugin's id; its settings hold the rules (`alerts`). */
export const ALERTS_PLUGIN_ID = 'jupyterlab-runlog:alerts';

/**
 * Alert rules on captured runs: checked in the capturing tab while a run is
 * open (each logged value) and when it closes; a firing is recorded on the
 * run and shown as a notification that opens the run.
 */
export const alertsPlugin: JupyterFrontEndPlugin<void> = {
  id: ALERTS_PLUGIN_ID,
  description: 'Checks alert rules on captured runs and notifies firings.',
  autoStart: true,
  requires: [IRunStore, IRunRecorder, INotebookTracker],
  optional: [ISettingRegistry, IRunsPanel, ITranslator, IFormRendererRegistry],
  activate: (
    app: JupyterFrontEnd,
    store: IRunStore,
    recorder: IRunRecorder,
    tracker: INotebookTracker,
    settingRegistry: ISettingRegistry | null,
    runsPanel: IRunsPanel | null,
    translator: ITranslator | null,
    formRenderers: IFormRendererRegistry | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_runlog');
    let rules = new AlertRules([], trans);
    const monitor = new AlertMonitor({ store, rules: () => rules });
    new AlertWatch({
      recorder,
      monitor,
      pathOf: notebook =>
        tracker.find(panel => panel.content === notebook)?.context.path ?? ''
    });

    const openRun = async (firing: IAlertFiring) => {
      await app.commands.execute(CommandIDs.openPanel);
      if (firing.run) {
        runsPanel?.focusRun(firing.run.id);
      }
    };
    // Firings shown before their run existed, to name the run once it does.
    const waiting = new Map<IAlertFiring, string>();
    const options = (firing: IAlertFiring) => ({
      autoClose: false as const,
      actions: [
        {
          label: trans.__('Open run'),
          caption: trans.__('Show the run in the Runs panel'),
          callback: () => void openRun(firing)
        }
      ]
    });
    monitor.fired.connect((_, firing) => {
      const id = Notification.warning(
        firingMessage(firing, trans),
        options(firing)
      );
      if (!firing.run) {
        waiting.set(firing, id);
      }
    });
    monitor.runKnown.connect((_, firing) => {
      const id = waiting.get(firing);
      waiting.delete(firing);
      if (id) {
        Notification.update({
          id,
          message: firingMessage(firing, trans),
          type: 'warning',
          ...options(firing)
        });
      }
    });

    formRenderers?.addRenderer(`${ALERTS_PLUGIN_ID}.alerts`, {
      fieldRenderer: alertRulesField(trans)
    });

    if (!settingRegistry) {
      return;
    }
    const apply = (settings: ISettingRegistry.ISettings, loading = false) => {
      const texts = settings.composite.alerts;
      rules = new AlertRules(Array.isArray(texts) ? texts : [], trans);
      const problems = rules.problems.map(problem =>
        trans.__(
          'Alert rule %1 ignored: %2 (%3)',
          problem.index + 1,
          problem.error.message,
          problem.rule
        )
      );
      if (problems.length) {
        console.warn('jupyterlab-runlog: ignoring alert rules:', problems);
      }
      // While rules are edited the settings editor shows each one's error.
      if (problems.length && loading) {
        Notification.warning(problems.join('; '), { autoClose: false });
      }
    };
    void settingRegistry
      .load(ALERTS_PLUGIN_ID)
      .then(settings => {
        apply(settings, true);
        settings.changed.connect(() => apply(settings));
      })
      .catch(reason => {
        console.error('jupyterlab-runlog: cannot load alert rules', reason);
      });
  }
};

/** `Run #4 of train.ipynb: train/loss > 2 fired (train/loss = 2.61 at step 40)`. */
function firingMessage(firing: IAlertFiring, trans: TranslationBundle): string {
  const { alert } = firing;
  const notebook = PathExt.basename(firing.notebookPath);
  const what = alertMatch(alert, trans);
  // Capture's own record has no number until the store gives it one.
  return firing.run && firing.run.number > 0
    ? trans.__(
        'Run #%1 of %2: alert %3 fired (%4)',
        firing.run.number,
        notebook,
        alert.rule,
        what
      )
    : trans.__(
        'New run of %1: alert %2 fired (%3)',
        notebook,
        alert.rule,
        what
      );
}
