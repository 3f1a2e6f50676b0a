import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { metricsRendererFactory } from '../widgets/metricsRenderer';

/** Renders the output of `jupyterlab_runlog.log()` inline, compactly. */
export const metricsRendererPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-runlog:metrics-renderer',
  description:
    'Shows metrics logged with jupyterlab_runlog.log() in cell outputs.',
  autoStart: true,
  requires: [IRenderMimeRegistry],
  activate: (app: JupyterFrontEnd, rendermime: IRenderMimeRegistry): void => {
    rendermime.addFactory(metricsRendererFactory);
  }
};
