import { alertsPlugin } from './plugins/alerts';
import { capturePlugin } from './plugins/capture';
import { comparePlugin } from './plugins/compare';
import { metricsRendererPlugin } from './plugins/metricsRenderer';
import { panelPlugin } from './plugins/panel';
import { papermillPlugin } from './plugins/papermill';
import { restorePlugin } from './plugins/restore';
import { sharingPlugin } from './plugins/sharing';
import { storePlugin } from './plugins/store';
import { syncPlugin } from './plugins/sync';

export * from './tokens';

export default [
  storePlugin,
  capturePlugin,
  panelPlugin,
  metricsRendererPlugin,
  restorePlugin,
  comparePlugin,
  sharingPlugin,
  papermillPlugin,
  syncPlugin,
  alertsPlugin
];
