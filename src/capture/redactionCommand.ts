/**
 * `runlog:toggle-redaction`: turn the redaction of secrets off (after a
 * warning) or back on for the current notebook's runs. The switch lives in
 * the notebook's metadata, so it travels with the file.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import { CommandIDs } from '../commands';
import type { IRedactionOptions } from '../model/redaction/redaction';
import {
  notebookRedactionEnabled,
  setNotebookRedaction
} from '../notebook/notebookMetadata';

export interface IRedactionCommandOptions {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  trans: TranslationBundle;
  /** The global setting in force. */
  setting: () => IRedactionOptions;
}

/** Register the command; the caller adds it to the palette. */
export function addRedactionCommand(options: IRedactionCommandOptions): void {
  const { app, tracker, trans, setting } = options;
  const currentModel = () => tracker.currentWidget?.model ?? null;

  app.commands.addCommand(CommandIDs.toggleRedaction, {
    label: trans.__("Redact Secrets in This Notebook's Runs"),
    caption: () =>
      setting().enabled
        ? trans.__(
            'Store parameter values that look like secrets redacted (on by default)'
          )
        : trans.__(
            'Redaction is off in the settings (Run log: capture), for every notebook'
          ),
    isEnabled: () => currentModel() !== null,
    isToggled: () => {
      const model = currentModel();
      return model !== null && notebookRedactionEnabled(model);
    },
    execute: async () => {
      const model = currentModel();
      if (!model) {
        return;
      }
      const on = !notebookRedactionEnabled(model);
      if (!on && !(await confirmTurningOff(trans))) {
        return;
      }
      // The panel may have changed while the dialog was open.
      if (currentModel() === model) {
        setNotebookRedaction(model, on);
      }
      app.commands.notifyCommandChanged(CommandIDs.toggleRedaction);
    }
  });

  tracker.currentChanged.connect(() =>
    app.commands.notifyCommandChanged(CommandIDs.toggleRedaction)
  );
}

async function confirmTurningOff(trans: TranslationBundle): Promise<boolean> {
  const result = await showDialog({
    title: trans.__('Stop Redacting Secrets in This Notebook?'),
    body: trans.__(
      "From now on, this notebook's runs keep parameter values that look like secrets (API keys, tokens, passwords) as they are: they are stored unredacted in this browser. Bundles are still redacted on export unless redaction is off in the settings (Run log: capture). The notebook's metadata records this choice."
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.warnButton({ label: trans.__('Stop Redacting') })
    ]
  });
  return result.button.accept;
}
