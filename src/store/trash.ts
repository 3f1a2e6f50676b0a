/**
 * The trash and alerts as record changes: moving a run in or out of the
 * trash, the tombstone a purge leaves, and adding alert firings once per
 * rule. Pure logic, shared by the IndexedDB store and the in-memory test
 * store, so both keep the same history.
 */
import {
  ALERT_TEXT_MAX_LENGTH,
  MAX_ALERTS,
  MAX_HISTORY
} from '../model/record/runRecordShape';
import { codePointLength, withinLength } from '../model/record/shape';
import type {
  IPurgedRun,
  IRunAlert,
  IRunChange,
  IRunRecord
} from '../model/types';

type Summary = Omit<IRunRecord, 'cells'>;

/** The history entry of a move into (`deleted` true) or out of the trash. */
export function trashMoveEntry(
  deleted: boolean,
  user: string | null,
  at: string
): IRunChange {
  return { at, user, field: 'deleted', from: !deleted, to: deleted };
}

/**
 * The run moved into (`deleted` true) or out of the trash, with a history
 * entry and `updated_at` set to `at`; null when it is there already.
 */
export function applyTrashMove<T extends Summary>(
  run: T,
  deleted: boolean,
  user: string | null,
  at: string
): T | null {
  const inTrash = run.deleted !== undefined;
  if (inTrash === deleted) {
    return null;
  }
  const entry = trashMoveEntry(deleted, user, at);
  const { deleted: _left, ...rest } = run;
  const moved = {
    ...rest,
    history: [...(run.history ?? []), entry].slice(-MAX_HISTORY),
    updated_at: at
  } as T;
  if (deleted) {
    moved.deleted = { at, user };
  }
  return moved;
}

/** What stays of a run in the trash once it is deleted for good. */
export function tombstoneOf(
  run: Summary,
  user: string | null,
  at: string
): IPurgedRun {
  const entry: IRunChange = {
    at,
    user,
    field: 'purged',
    from: false,
    to: true
  };
  const tombstone: IPurgedRun = {
    id: run.id,
    experiment_id: run.experiment.id,
    number: run.number,
    purged_at: at,
    user,
    history: [...(run.history ?? []), entry].slice(-MAX_HISTORY)
  };
  if (run.origin?.kind === 'mlflow' && run.origin.mlflow_run_id) {
    tombstone.mlflow_run_id = run.origin.mlflow_run_id;
  }
  return tombstone;
}

/**
 * `alerts` checked as a run record holds them; throws a TypeError or
 * RangeError saying what is wrong, so a bad firing writes nothing.
 */
export function checkAlerts(alerts: readonly IRunAlert[]): IRunAlert[] {
  if (!Array.isArray(alerts)) {
    throw new TypeError('Alerts must be a list.');
  }
  return alerts.map(alert => {
    if (typeof alert !== 'object' || alert === null) {
      throw new TypeError('An alert must be an object.');
    }
    const { rule, at, subject, value, step } = alert;
    for (const [name, text] of [
      ['rule', rule],
      ['subject', subject]
    ] as const) {
      if (typeof text !== 'string' || !text) {
        throw new TypeError(`An alert's ${name} must be a non-empty string.`);
      }
      if (!withinLength(text, ALERT_TEXT_MAX_LENGTH)) {
        throw new RangeError(
          `An alert's ${name} can have at most ${ALERT_TEXT_MAX_LENGTH} characters; this one has ${codePointLength(text)}.`
        );
      }
    }
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) {
      throw new TypeError("An alert's time must be an ISO 8601 date-time.");
    }
    const finite = (n: unknown) => typeof n === 'number' && Number.isFinite(n);
    if (
      !(value === null || finite(value) || typeof value === 'string') ||
      (typeof value === 'string' && !withinLength(value, ALERT_TEXT_MAX_LENGTH))
    ) {
      throw new TypeError(
        `An alert's value must be a number, a string of at most ${ALERT_TEXT_MAX_LENGTH} characters, or null.`
      );
    }
    if (!(step === null || finite(step))) {
      throw new TypeError("An alert's step must be a number or null.");
    }
    return { rule, at, subject, value, step };
  });
}

/**
 * The run with the `incoming` alerts whose rule it has not fired yet
 * appended (`updated_at` set to `at`); null when none is new. A run keeps
 * at most MAX_ALERTS: later firings past that are dropped.
 */
export function applyAlerts<T extends Summary>(
  run: T,
  incoming: readonly IRunAlert[],
  at: string
): T | null {
  const fired = new Set((run.alerts ?? []).map(alert => alert.rule));
  const added: IRunAlert[] = [];
  const room = MAX_ALERTS - fired.size;
  for (const alert of incoming) {
    if (!fired.has(alert.rule) && added.length < room) {
      fired.add(alert.rule);
      added.push({ ...alert });
    }
  }
  if (added.length === 0) {
    return null;
  }
  return { ...run, alerts: [...(run.alerts ?? []), ...added], updated_at: at };
}

/**
 * `incoming` (a capture's rewrite of a stored run) with the trash state of
 * `stored` and the alerts of both, each rule once: capture knows nothing of
 * a delete or of firings recorded meanwhile and must not undo them.
 */
export function keepStoredTrashAndAlerts<T extends Summary>(
  incoming: T,
  stored: Summary | undefined
): T {
  if (!stored) {
    return incoming;
  }
  const { deleted: _incomingDeleted, ...rest } = incoming;
  const kept = rest as T;
  if (stored.deleted !== undefined) {
    kept.deleted = stored.deleted;
  }
  const alerts = [...(stored.alerts ?? [])];
  const fired = new Set(alerts.map(alert => alert.rule));
  for (const alert of incoming.alerts ?? []) {
    if (!fired.has(alert.rule) && alerts.length < MAX_ALERTS) {
      fired.add(alert.rule);
      alerts.push(alert);
    }
  }
  if (alerts.length > 0) {
    kept.alerts = alerts;
  } else {
    delete kept.alerts;
  }
  return kept;
}
