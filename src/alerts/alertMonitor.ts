/**
 * Checks the alert rules against the runs this tab captures: each new value
 * a tracked cell logs while it executes, and each run when it closes. It
 * records firings on the run (once per rule) and announces them; it sees
 * only what the capturing tab sees, so a firing is announced in that tab
 * alone (other tabs learn of it from the stored run).
 *
 * A cell may log before its run exists (the first cell of a new run): its
 * firings are announced at once and recorded when capture writes the run
 * holding that cell.
 */
import { ISignal, Signal } from '@lumino/signaling';
import type { AlertRules } from '../model/alerts/alertRules';
import type { MetricMap } from '../model/record/metrics';
import type { RunRow } from '../model/runTable';
import type { IMetricRecord, IRunAlert, IRunRecord } from '../model/types';
import type { IRunStore, IRunSummary } from '../tokens';

/** One alert that fired, as announced. */
export interface IAlertFiring {
  readonly alert: IRunAlert;
  /** The notebook's path at the time. */
  readonly notebookPath: string;
  /** The run it fired on; null until the run exists. */
  run: Pick<RunRow, 'id' | 'number'> | null;
}

export interface IAlertMonitorOptions {
  store: Pick<IRunStore, 'addAlerts' | 'flush'>;
  /** The rules in force (read at each check: settings may change). */
  rules: () => AlertRules;
  now?: () => Date;
  /** Delay between tries to record on a run the store does not have yet. */
  retryMs?: number;
}

/** How many runs' fired rules are remembered (runs captured in this tab). */
const RUNS_REMEMBERED = 256;
const RECORD_TRIES = 5;
/** How many cell executions waiting for their run are kept. */
const EXECUTIONS_REMEMBERED = 64;

/** The watch over one execution of a cell: how far each metric was checked. */
export class CellExecutionAlerts {
  constructor(
    private readonly _monitor: AlertMonitor,
    readonly notebook: object,
    readonly cellId: string,
    readonly notebookPath: string
  ) {}

  /** The run this execution belongs to, once known. */
  runId: string | null = null;
  /** Firings made before the run was known. */
  readonly pending: IAlertFiring[] = [];

  /**
   * The cell's logged metrics now (the whole payload so far): check the
   * points not checked before. `openRun` is the run the cell joins, as
   * captured so far; null when the cell will open a new run.
   */
  metricsLogged(metrics: MetricMap, openRun: RunRow | null): void {
    if (openRun) {
      this.runId = openRun.id;
    }
    const rules = this._monitor.rules;
    const names = Object.keys(metrics).filter(
      name => rules.readingMetric(name).length > 0
    );
    if (!names.length) {
      return;
    }
    const base = viewOf(openRun, this.notebookPath, metrics);
    for (const name of names) {
      for (const [step, value] of this._newPoints(name, metrics[name])) {
        this._monitor.check(this, base, name, value, step);
      }
    }
  }

  /** The points of a metric after those checked already (a series may be thinned). */
  private _newPoints(
    name: string,
    record: IMetricRecord
  ): [number | null, number][] {
    const seen = this._checked.get(name);
    const series = record.series;
    if (!series) {
      if (seen && seen.value === record.value) {
        return [];
      }
      this._checked.set(name, { count: 0, step: null, value: record.value });
      return [[null, record.value]];
    }
    let from = 0;
    if (seen) {
      const { count, step } = seen;
      from =
        count <= series.length && series[count - 1]?.[0] === step
          ? count
          : lastIndexOfStep(series, step) + 1;
    }
    const last = series[series.length - 1];
    this._checked.set(name, {
      count: series.length,
      step: last ? last[0] : null,
      value: record.value
    });
    return series.slice(from);
  }

  private _checked = new Map<
    string,
    { count: number; step: number | null; value: number }
  >();
}

export class AlertMonitor {
  constructor(options: IAlertMonitorOptions) {
    this._options = options;
  }

  /** Emitted with each firing, in the capturing tab. */
  get fired(): ISignal<this, IAlertFiring> {
    return this._fired;
  }

  /** Emitted when a firing made before its run existed got its run. */
  get runKnown(): ISignal<this, IAlertFiring> {
    return this._runKnown;
  }

  get rules(): AlertRules {
    return this._options.rules();
  }

  /** A tracked cell of a capturing notebook began executing. */
  startExecution(
    notebook: object,
    cellId: string,
    notebookPath: string
  ): CellExecutionAlerts {
    const execution = new CellExecutionAlerts(
      this,
      notebook,
      cellId,
      notebookPath
    );
    this._executions.add(execution);
    // Executions whose run never came (capture turned off meanwhile) go.
    if (this._executions.size > EXECUTIONS_REMEMBERED) {
      const oldest = this._executions.values().next().value!;
      this._executions.delete(oldest);
    }
    return execution;
  }

  /**
   * Capture wrote a run of `notebook`: give waiting firings of its cells
   * their run, and check the rules on it when it has closed.
   */
  runCaptured(notebook: object, run: IRunRecord): void {
    // A rewrite of a run closed before (its context completed) is not the
    // run of a cell executing again now.
    const closedBefore = this._closedChecked.has(run.id);
    for (const execution of this._executions) {
      if (
        closedBefore ||
        execution.notebook !== notebook ||
        !run.cells.some(cell => cell.cell_id === execution.cellId)
      ) {
        continue;
      }
      this._executions.delete(execution);
      execution.runId = run.id;
      const fired = this._firedOn(run.id);
      const known = execution.pending.filter(f => !fired.has(f.alert.rule));
      known.forEach(firing => fired.add(firing.alert.rule));
      const alerts = known.map(firing => firing.alert);
      void this._record(run.id, alerts).then(stored => {
        for (const firing of known) {
          firing.run = { id: run.id, number: stored?.number ?? run.number };
          this._runKnown.emit(firing);
        }
      });
    }
    if (run.status === 'running' || this._closedChecked.has(run.id)) {
      return;
    }
    this._remember(this._closedChecked, run.id);
    const fired = this._firedOn(run.id);
    const at = this._now();
    const firings = this.rules
      .checkRun(run, fired)
      .map(match => ({ ...match, at }));
    this._announce(
      firings,
      { id: run.id, number: run.number },
      run.notebook_path
    );
  }

  /** Check one new value of a metric of an execution (see CellExecutionAlerts). */
  check(
    execution: CellExecutionAlerts,
    base: RunRow,
    metric: string,
    value: number,
    step: number | null
  ): void {
    const { runId } = execution;
    const fired = runId
      ? this._firedOn(runId)
      : new Set(execution.pending.map(f => f.alert.rule));
    const matches = this.rules.checkValue(base, metric, value, step, fired);
    if (!matches.length) {
      return;
    }
    const at = this._now();
    const alerts = matches.map(match => ({ ...match, at }));
    if (runId) {
      this._announce(
        alerts,
        { id: runId, number: base.number },
        execution.notebookPath
      );
      return;
    }
    for (const alert of alerts) {
      const firing: IAlertFiring = {
        alert,
        notebookPath: execution.notebookPath,
        run: null
      };
      execution.pending.push(firing);
      this._fired.emit(firing);
    }
  }

  /** A cell's execution ended without joining a run (aborted, capture off). */
  forget(execution: CellExecutionAlerts): void {
    if (!execution.pending.length) {
      this._executions.delete(execution);
    }
  }

  private _announce(
    alerts: IRunAlert[],
    run: Pick<RunRow, 'id' | 'number'>,
    notebookPath: string
  ): void {
    if (!alerts.length) {
      return;
    }
    const fired = this._firedOn(run.id);
    alerts.forEach(alert => fired.add(alert.rule));
    // Announced once stored: capture's records are numbered by the store.
    void this._record(run.id, alerts).then(stored => {
      const number = stored?.number ?? run.number;
      for (const alert of alerts) {
        this._fired.emit({ alert, notebookPath, run: { id: run.id, number } });
      }
    });
  }

  /**
   * Store firings on the run (capture's own write of it may still be
   * queued: retried a few times); resolves with the run as stored.
   */
  private async _record(
    runId: string,
    alerts: IRunAlert[]
  ): Promise<IRunSummary | undefined> {
    const { store, retryMs = 500 } = this._options;
    for (let tries = 1; alerts.length; tries++) {
      try {
        await store.flush();
        const stored = await store.addAlerts(runId, alerts);
        if (stored || tries >= RECORD_TRIES) {
          return stored;
        }
      } catch (reason) {
        console.error('jupyterlab-runlog: could not record alerts', reason);
        return undefined;
      }
      await new Promise(resolve => setTimeout(resolve, retryMs));
    }
    return undefined;
  }

  private _firedOn(runId: string): Set<string> {
    let fired = this._firedByRun.get(runId);
    if (!fired) {
      fired = new Set();
      this._remember(this._firedByRun, runId, fired);
    }
    return fired;
  }

  private _remember<V>(
    into: Map<string, V> | Set<string>,
    key: string,
    value?: V
  ): void {
    if (into instanceof Set) {
      into.add(key);
    } else {
      into.set(key, value as V);
    }
    if (into.size > RUNS_REMEMBERED) {
      const oldest = into.keys().next().value as string;
      into.delete(oldest);
    }
  }

  private _now(): string {
    return (this._options.now?.() ?? new Date()).toISOString();
  }

  private _options: IAlertMonitorOptions;
  private _executions = new Set<CellExecutionAlerts>();
  private _firedByRun = new Map<string, Set<string>>();
  private _closedChecked = new Set<string>();
  private _fired = new Signal<this, IAlertFiring>(this);
  private _runKnown = new Signal<this, IAlertFiring>(this);
}

/** The run as rules see it mid-cell: as captured, with the cell's latest values. */
function viewOf(
  openRun: RunRow | null,
  notebookPath: string,
  metrics: MetricMap
): RunRow {
  const latest: { [name: string]: IMetricRecord } = {};
  for (const name of Object.keys(metrics)) {
    Object.defineProperty(latest, name, {
      value: { value: metrics[name].value },
      enumerable: true
    });
  }
  if (openRun) {
    return { ...openRun, metrics: { ...openRun.metrics, ...latest } };
  }
  const now = new Date().toISOString();
  return {
    id: '',
    number: 0,
    experiment: { id: '', name: '' },
    notebook_path: notebookPath,
    status: 'running',
    started_at: now,
    ended_at: null,
    duration_ms: null,
    params: {},
    metrics: latest,
    context: { kernel: { name: '', language: '' } },
    annotations: { note: '', tags: [], starred: false },
    updated_at: now
  };
}

function lastIndexOfStep(
  series: readonly [number, number][],
  step: number | null
): number {
  for (let i = series.length - 1; i >= 0; i--) {
    if (series[i][0] === step) {
      return i;
    }
  }
  return -1;
}
