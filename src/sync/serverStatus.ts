/**
 * What keeps the server from syncing, read from its status answer and the
 * settings: a sentence for the user, or null when it can sync.
 */
import type { IMlflowServerStatus } from '../model/mlflow/protocol';
import type { Translate } from '../store/messages';
import type { IMlflowSync } from '../tokens';

/** Shown when the server gives no install hint of its own. */
export const DEFAULT_INSTALL_HINT = 'pip install "jupyterlab_runlog[mlflow]"';

export function serverProblem(
  server: IMlflowServerStatus,
  settings: { trackingUri: string },
  tr: Translate
): { message: string } | null {
  if (!server.available) {
    return {
      message: tr(
        'MLflow sync needs the MLflow client on the Jupyter server. Install it there with: %1, then restart JupyterLab.',
        server.install_hint ?? DEFAULT_INSTALL_HINT
      )
    };
  }
  const uri = settings.trackingUri;
  if (uri && !server.tracking_uris.some(allowed => allowed.uri === uri)) {
    const allowed = server.tracking_uris.map(u => u.uri).join(', ');
    return {
      message: tr(
        'The Jupyter server does not allow the MLflow tracking URI %1. Allowed: %2.',
        uri,
        allowed || tr('none')
      )
    };
  }
  if (!uri && !server.default_uri) {
    return {
      message: tr(
        'The Jupyter server has no MLflow tracking URI: set MLFLOW_TRACKING_URI (or RunlogMlflow.tracking_uri) where JupyterLab runs, then restart it.'
      )
    };
  }
  return null;
}

/** The status after `change`, or null when nothing changed. Off means phase `off`. */
export function nextStatus(
  status: IMlflowSync.IStatus,
  change: Partial<IMlflowSync.IStatus>
): IMlflowSync.IStatus | null {
  const next = { ...status, ...change };
  if (!next.enabled) {
    next.phase = 'off';
  }
  const keys = Object.keys(next) as (keyof IMlflowSync.IStatus)[];
  return keys.every(key => next[key] === status[key]) ? null : next;
}
