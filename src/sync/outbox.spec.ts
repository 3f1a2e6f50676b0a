import type { IRunSyncState } from '../tokens';
import { makeRun } from '../store/__tests__/fixtures';
import {
  dueBatch,
  fitByBytes,
  isDue,
  MAX_RETRY_MS,
  newWaitingState,
  nextDueAt,
  retryDelayMs,
  retryLater,
  retryNow,
  shouldSendArtifacts,
  stateAfterChange,
  stateAfterResult
} from './outbox';

const NOW = Date.UTC(2025, 5, 1);

function state(overrides: Partial<IRunSyncState> = {}): IRunSyncState {
  return {
    ...newWaitingState(makeRun({ id: 'r1' }), NOW),
    ...overrides
  };
}

describe('retryDelayMs', () => {
  it.each([
    [1, 0.5, 5_000],
    [2, 0.5, 10_000],
    [3, 0.5, 20_000],
    [8, 0.5, 600_000],
    [50, 0.5, MAX_RETRY_MS],
    [1, 0, 4_000],
    [1, 0.999999, 6_000]
  ])(
    'after %p failures with random %p waits %p ms',
    (attempts, random, expected) => {
      expect(retryDelayMs(attempts, random)).toBe(expected);
    }
  );
});

describe('stateAfterChange', () => {
  const run = makeRun({ id: 'r1', updated_at: '2025-06-01T00:00:05.000Z' });

  it('queues a run seen for the first time', () => {
    expect(stateAfterChange(undefined, run, NOW)).toMatchObject({
      run_id: 'r1',
      experiment_id: run.experiment.id,
      state: 'waiting',
      attempts: 0,
      next_attempt_at: null
    });
  });

  it('leaves a waiting run as it is, back-off included', () => {
    expect(
      stateAfterChange(
        state({ attempts: 3, next_attempt_at: NOW + 1 }),
        run,
        NOW
      )
    ).toBeNull();
  });

  it('leaves a run MLflow has at this version', () => {
    const synced = state({
      state: 'synced',
      pushed_updated_at: run.updated_at
    });
    expect(stateAfterChange(synced, run, NOW)).toBeNull();
  });

  it.each(['synced', 'failed'] as const)(
    'queues a newer version of a %s run afresh',
    kind => {
      const before = state({
        state: kind,
        pushed_updated_at: '2025-06-01T00:00:01.000Z',
        attempts: 2,
        error: kind === 'failed' ? 'refused' : null,
        mlflow: {
          run_id: 'm1',
          experiment_id: '1',
          run_url: null,
          tracking_uri: 'u'
        }
      });
      expect(stateAfterChange(before, run, NOW)).toMatchObject({
        state: 'waiting',
        attempts: 0,
        error: null,
        mlflow: { run_id: 'm1' }
      });
    }
  );
});

describe('choosing what to push', () => {
  it('takes due runs, never-tried first, at most the batch size', () => {
    const states = [
      state({ run_id: 'retry', next_attempt_at: NOW - 10 }),
      state({ run_id: 'later', next_attempt_at: NOW + 10 }),
      state({ run_id: 'new-b', updated_at: '2025-06-01T00:00:02.000Z' }),
      state({ run_id: 'new-a', updated_at: '2025-06-01T00:00:01.000Z' }),
      state({ run_id: 'synced', state: 'synced' }),
      state({ run_id: 'failed', state: 'failed' })
    ];
    expect(dueBatch(states, NOW).map(s => s.run_id)).toEqual([
      'new-a',
      'new-b',
      'retry'
    ]);
    expect(dueBatch(states, NOW, 2).map(s => s.run_id)).toEqual([
      'new-a',
      'new-b'
    ]);
    expect(isDue(states[1], NOW + 10)).toBe(true);
    expect(nextDueAt(states.slice(0, 2))).toBe(NOW - 10);
    expect(nextDueAt([states[4]])).toBeNull();
  });

  it.each([
    [[100, 100, 100], 1000, 3],
    [[600, 600, 100], 1000, 1],
    [[5000, 1], 1000, 1],
    [[], 1000, 0]
  ])('fits payloads of %p bytes in %p: %p', (sizes, max, expected) => {
    expect(fitByBytes(sizes, max)).toBe(expected);
  });

  it('sends artifacts once, when the run has closed', () => {
    expect(shouldSendArtifacts({ status: 'running' }, state())).toBe(false);
    expect(shouldSendArtifacts({ status: 'failed' }, state())).toBe(true);
    expect(
      shouldSendArtifacts(
        { status: 'completed' },
        state({ artifacts_pushed: true })
      )
    ).toBe(false);
  });
});

describe('stateAfterResult', () => {
  const pushed = {
    updatedAt: '2025-06-01T00:00:05.000Z',
    withArtifacts: true,
    deleted: false
  };
  const context = {
    now: NOW,
    random: 0.5,
    trackingUri: 'http://mlflow:5000',
    latestUpdatedAt: null
  };
  const ok = {
    runlog_run_id: 'r1',
    ok: true as const,
    mlflow_run_id: 'm1',
    mlflow_experiment_id: '7',
    run_url: 'http://mlflow:5000/#/experiments/7/runs/m1',
    warnings: []
  };

  it('marks a pushed run synced with its MLflow run', () => {
    expect(
      stateAfterResult(state({ attempts: 2 }), pushed, ok, context)
    ).toMatchObject({
      state: 'synced',
      pushed_updated_at: pushed.updatedAt,
      artifacts_pushed: true,
      attempts: 0,
      error: null,
      mlflow: {
        run_id: 'm1',
        experiment_id: '7',
        run_url: ok.run_url,
        tracking_uri: 'http://mlflow:5000'
      }
    });
  });

  it('keeps a run waiting that changed while it was pushed', () => {
    expect(
      stateAfterResult(state(), pushed, ok, {
        ...context,
        latestUpdatedAt: '2025-06-01T00:00:06.000Z'
      })
    ).toMatchObject({
      state: 'waiting',
      pushed_updated_at: pushed.updatedAt,
      next_attempt_at: null
    });
  });

  it('backs off a retryable failure and fails a final one', () => {
    const retryable = {
      runlog_run_id: 'r1',
      ok: false as const,
      retryable: true,
      error: 'HTTP 503'
    };
    expect(
      stateAfterResult(state({ attempts: 1 }), pushed, retryable, context)
    ).toMatchObject({
      state: 'waiting',
      attempts: 2,
      next_attempt_at: NOW + 10_000,
      error: 'HTTP 503'
    });
    expect(
      stateAfterResult(
        state(),
        pushed,
        { ...retryable, retryable: false },
        context
      )
    ).toMatchObject({
      state: 'failed',
      error: 'HTTP 503',
      next_attempt_at: null
    });
  });

  it('retryNow makes waiting and failed runs due, keeping their count', () => {
    const later = retryLater(state(), 'down', NOW, 0.5);
    expect(later.next_attempt_at).toBe(NOW + 5_000);
    expect(retryNow(later, NOW)).toMatchObject({
      state: 'waiting',
      attempts: 1,
      next_attempt_at: null
    });
    expect(retryNow(state({ state: 'failed' }), NOW).state).toBe('waiting');
  });
});
