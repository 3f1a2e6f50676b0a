/**
 * One push request: the payloads of a batch of due runs (as many as fit),
 * sent together, and what each run's state becomes from the answer. The
 * service writes the states and applies the status change.
 */
import type {
  IMlflowRunDeletion,
  IMlflowRunPayload
} from '../model/mlflow/protocol';
import type { Translate } from '../store/messages';
import type { IMlflowSync, IRunStore, IRunSyncState } from '../tokens';
import { SyncRequestError, syncErrorKind } from './answers';
import type { IMlflowClient } from './mlflowClient';
import type { IRunMapper } from './mapper';
import {
  fitByBytes,
  laterTime,
  MAX_RETRY_MS,
  retryLater,
  shouldSendArtifacts,
  stateAfterResult,
  type IPushedRun
} from './outbox';
import { deletionOf, purgedDeletionOf } from './trashSync';
import { yieldToPage } from './yieldToPage';

export interface IPushContext {
  store: Pick<IRunStore, 'getRuns'>;
  client: IMlflowClient;
  mapper: IRunMapper;
  tr: Translate;
  experimentNameTemplate: string;
  /** As the setting names it ("" = the server's default). */
  trackingUri: string;
  /** The URI in use, as the status shows it (kept with synced states). */
  shownTrackingUri: string | null;
  /** The newest `updated_at` seen per run. */
  latest: ReadonlyMap<string, string>;
  now: () => number;
  random: () => number;
  /** Called just before the request goes out. */
  onSending: () => void;
}

export interface IPushOutcome {
  /** The states to write. */
  states: IRunSyncState[];
  /** The status change the outcome calls for, if any. */
  status: Partial<IMlflowSync.IStatus> | null;
  /** No push should be tried before this (epoch ms), or null. */
  holdUntil: number | null;
  /** Whether the next batch may go now. */
  goOn: boolean;
}

function failed(state: IRunSyncState, error: string): IRunSyncState {
  return { ...state, state: 'failed', next_attempt_at: null, error };
}

export async function pushBatch(
  context: IPushContext,
  batch: readonly IRunSyncState[]
): Promise<IPushOutcome> {
  const { mapper, tr } = context;
  const now = context.now();
  const runs = new Map(
    (await context.store.getRuns(batch.map(s => s.run_id))).map(r => [r.id, r])
  );
  const states: IRunSyncState[] = [];
  const payloads: (IMlflowRunPayload | IMlflowRunDeletion)[] = [];
  const pushed = new Map<string, IPushedRun>();
  for (const state of batch) {
    const run = runs.get(state.run_id);
    if (!run && state.purged) {
      payloads.push(purgedDeletionOf(state));
      pushed.set(state.run_id, {
        // The run is gone: no later version can come, so this delete is its last.
        updatedAt: laterTime(
          context.latest.get(state.run_id) ?? null,
          state.pushed_updated_at ?? state.updated_at
        )!,
        withArtifacts: false,
        deleted: true
      });
      continue;
    }
    if (!run) {
      states.push(
        failed(state, tr('The run is no longer stored in this browser.'))
      );
      continue;
    }
    if (run.deleted) {
      // In the trash: only what finds its MLflow run, cheap to build and send.
      payloads.push(
        deletionOf(
          run,
          state,
          mapper.experimentNameFor(context.experimentNameTemplate, run)
        )
      );
      pushed.set(run.id, {
        updatedAt: run.updated_at,
        withArtifacts: false,
        deleted: true
      });
      continue;
    }
    const withArtifacts = shouldSendArtifacts(run, state);
    if (payloads.length) {
      // Let the page paint between runs: building one (redaction, the
      // one-run bundle) takes milliseconds, twenty at once a long task.
      await yieldToPage();
    }
    try {
      payloads.push(
        await mapper.buildRunPayload(run, {
          experimentName: mapper.experimentNameFor(
            context.experimentNameTemplate,
            run
          ),
          withArtifacts,
          mlflowRunId: state.mlflow?.run_id ?? null,
          now: new Date(now)
        })
      );
      pushed.set(run.id, {
        updatedAt: run.updated_at,
        withArtifacts,
        deleted: false
      });
    } catch (error) {
      states.push(
        failed(
          state,
          tr(
            'The run could not be turned into an MLflow run: %1',
            String((error as Error)?.message ?? error)
          )
        )
      );
    }
  }
  const sent = payloads.slice(
    0,
    fitByBytes(payloads.map(p => JSON.stringify(p).length))
  );
  if (!sent.length) {
    return { states, status: null, holdUntil: null, goOn: true };
  }
  const byId = new Map(batch.map(s => [s.run_id, s]));
  context.onSending();
  try {
    const answer = await context.client.push({
      tracking_uri: context.trackingUri,
      runs: sent
    });
    const results = new Map(answer.results.map(r => [r.runlog_run_id, r]));
    // The server answers "MLflow unreachable" per run (HTTP 200): when no
    // run got through and every one may be retried, MLflow is offline.
    const failures = answer.results.filter(r => !r.ok);
    const offline =
      failures.length === sent.length &&
      failures.every(r => !r.ok && r.retryable);
    if (offline) {
      const first = failures[0];
      return afterFailedPush(
        context,
        new SyncRequestError('offline', first.ok ? '' : first.error),
        sent,
        byId,
        states
      );
    }
    for (const { runlog_run_id: id } of sent) {
      const result = results.get(id);
      const state = byId.get(id)!;
      states.push(
        result
          ? stateAfterResult(state, pushed.get(id)!, result, {
              now: context.now(),
              random: context.random(),
              trackingUri: context.shownTrackingUri ?? context.trackingUri,
              latestUpdatedAt: context.latest.get(id) ?? null
            })
          : retryLater(
              state,
              tr('The server gave no result for this run.'),
              context.now(),
              context.random()
            )
      );
    }
    return { states, status: null, holdUntil: null, goOn: true };
  } catch (error) {
    return afterFailedPush(context, error, sent, byId, states);
  }
}

/** A whole push failed: what becomes of the runs sent, and whether to go on. */
function afterFailedPush(
  context: IPushContext,
  error: unknown,
  sent: readonly (IMlflowRunPayload | IMlflowRunDeletion)[],
  byId: ReadonlyMap<string, IRunSyncState>,
  states: IRunSyncState[]
): IPushOutcome {
  const kind = syncErrorKind(error);
  const message = String((error as Error)?.message ?? error);
  if (kind === 'offline') {
    let holdUntil = 0;
    for (const { runlog_run_id: id } of sent) {
      const state = retryLater(
        byId.get(id)!,
        message,
        context.now(),
        context.random()
      );
      states.push(state);
      holdUntil = Math.max(holdUntil, state.next_attempt_at!);
    }
    // The other waiting runs would meet the same closed door: they wait too.
    return {
      states,
      status: { phase: 'offline', message },
      holdUntil,
      goOn: false
    };
  }
  if (kind === 'refused' && (error as SyncRequestError).status === 400) {
    // The server found these payloads malformed: a retry will not help.
    for (const { runlog_run_id: id } of sent) {
      states.push(failed(byId.get(id)!, message));
    }
    return {
      states,
      status: { phase: 'idle', message },
      holdUntil: null,
      goOn: true
    };
  }
  // A malformed answer, a tracking URI refused, MLflow gone from the
  // server: nothing is stored from it; pause until the user retries or a
  // while has passed.
  return {
    states,
    status: { phase: kind === 'malformed' ? 'idle' : 'unavailable', message },
    holdUntil: context.now() + MAX_RETRY_MS,
    goOn: false
  };
}
