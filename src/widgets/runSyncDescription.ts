/**
 * What the Runs panel says about a run and MLflow: its sync state (pushed
 * from here) or where it was pulled from, in words, with the link to the run
 * in the MLflow UI when one is known. The run details' MLflow section and the
 * runs table's badge both read it, so they say the same.
 */
import { webLink } from '../model/mlflow/pulledRunFields';
import type { TranslationBundle } from '@jupyterlab/translation';
import { formatTimestamp } from '../model/record/runFormat';
import type { IRunOrigin } from '../model/types';
import type { IRunSyncState } from '../tokens';

/** `none`: sync knows nothing of the run (never queued). */
export type RunSyncKind = IRunSyncState['state'] | 'pulled' | 'none';

export interface IRunSyncDescription {
  kind: RunSyncKind;
  /**
   * A few words: `Synced`, `Deleted in MLflow`, `Waiting to sync`,
   * `Failed: …`, `From MLflow (host)`.
   */
  label: string;
  /** The attempts and the next retry, for a waiting run; else null. */
  detail: string | null;
  /** The last error, for a waiting run that failed an attempt; else null. */
  error: string | null;
  /** The run in the MLflow UI (http or https only), or null. */
  url: string | null;
}

/** A pulled run's origin, read from fields the `mlflow` origin kind adds. */
export interface IMlflowOrigin {
  /** The MLflow host the run came from. */
  host: string;
  run_url: string | null;
}

/**
 * The MLflow origin of a pulled run, or null for any other run.
 *
 * Reads `kind` as a string: the `mlflow` kind and its `run_url` are added to
 * IRunOrigin by the pull; once they are, the casts here can go.
 */
export function mlflowOrigin(
  origin: IRunOrigin | undefined
): IMlflowOrigin | null {
  if (!origin || origin.kind !== 'mlflow') {
    return null;
  }
  return {
    host: origin.file,
    run_url: typeof origin.run_url === 'string' ? origin.run_url : null
  };
}

/**
 * The URL if it is one a link may open: http or https. Pulled runs come from
 * MLflow, which is untrusted, so a `javascript:` or `data:` URL is dropped.
 */
export function safeMlflowUrl(url: string | null | undefined): string | null {
  return webLink(url);
}

/** The link to a run in the MLflow UI: its sync state's, or its origin's. */
export function mlflowUrlOf(
  run: { origin?: IRunOrigin } | null | undefined,
  state: IRunSyncState | null | undefined
): string | null {
  const pushed = safeMlflowUrl(state?.mlflow?.run_url);
  return pushed ?? safeMlflowUrl(mlflowOrigin(run?.origin)?.run_url);
}

/** Describe a run's standing with MLflow (`state`: its sync state, if any). */
export function describeRunSync(
  run: { origin?: IRunOrigin },
  state: IRunSyncState | null | undefined,
  trans: TranslationBundle
): IRunSyncDescription {
  const url = mlflowUrlOf(run, state);
  const pulled = mlflowOrigin(run.origin);
  if (pulled) {
    return {
      kind: 'pulled',
      label: trans.__('From MLflow (%1)', pulled.host),
      detail: null,
      error: null,
      url
    };
  }
  if (!state) {
    return {
      kind: 'none',
      label: trans.__('Not synced yet'),
      detail: null,
      error: null,
      url
    };
  }
  switch (state.state) {
    case 'synced':
      return {
        kind: 'synced',
        label: syncedLabel(state, trans),
        detail: null,
        error: null,
        url
      };
    case 'failed':
      return {
        kind: 'failed',
        label: trans.__(
          'Failed: %1',
          state.error || trans.__('no reason given')
        ),
        detail: null,
        error: null,
        url
      };
    default:
      return {
        kind: 'waiting',
        label: trans.__('Waiting to sync'),
        detail: waitingDetail(state, trans),
        error: state.error || null,
        url
      };
  }
}

/** `Synced`, or for a run pushed as deleted (in the trash) what MLflow has. */
function syncedLabel(state: IRunSyncState, trans: TranslationBundle): string {
  if (!state.mlflow_deleted) {
    return trans.__('Synced');
  }
  return state.mlflow
    ? trans.__('Deleted in MLflow')
    : trans.__('In the trash; never sent to MLflow');
}

function waitingDetail(
  state: IRunSyncState,
  trans: TranslationBundle
): string | null {
  const next =
    state.next_attempt_at !== null && Number.isFinite(state.next_attempt_at)
      ? formatTimestamp(new Date(state.next_attempt_at).toISOString())
      : null;
  if (state.attempts > 0 && next) {
    return trans._n(
      '%1 failed attempt; next retry at %2',
      '%1 failed attempts; next retry at %2',
      state.attempts,
      next
    );
  }
  if (state.attempts > 0) {
    return trans._n('%1 failed attempt', '%1 failed attempts', state.attempts);
  }
  return next ? trans.__('Next attempt at %1', next) : null;
}

/** The badge's tooltip: the label, then the detail and error lines. */
export function syncTooltip(description: IRunSyncDescription): string {
  return [description.label, description.detail, description.error]
    .filter((line): line is string => !!line)
    .join('\n');
}
