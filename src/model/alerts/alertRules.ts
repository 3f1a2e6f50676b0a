/**
 * Alert rules: filter-language queries (runQuery.ts) that, when a run
 * matches, fire an alert (IRunAlert) once per rule and run.
 *
 * Rules are compiled once. They are checked (a) when a run closes, on the
 * whole run, where a metric rule also fires when any point of the metric's
 * series matched (the first such point is reported: the series crossed the
 * threshold there), and (b) while a run is open, on each new logged value:
 * only the rules that read that metric, on a view of the run where the
 * metric has the new value.
 *
 * A rule of metrics and parameters only never fires on a run that has no
 * usable value under any name it reads (missing metrics, redacted or
 * inexact parameters): `not loss < 5` says nothing about a run that logged
 * no loss. NaN and infinities satisfy
 * no comparison: such points are skipped (log() refuses them anyway).
 */
import { UNTRANSLATED, type IBundleTranslator } from '../bundle/bundleFormat';
import {
  parseRunQuery,
  type IQueryError,
  type IQueryReads
} from '../query/runQuery';
import { isRedactedParam } from '../redaction/redaction';
import type { RunRow } from '../runTable';
import type { IMetricRecord, IRunAlert } from '../types';

export interface IAlertRule {
  /** The rule as written in the setting. */
  readonly source: string;
  /** Its 0-based place in the setting's list. */
  readonly index: number;
  readonly reads: IQueryReads;
  matches(run: RunRow): boolean;
}

/** A rule that does not parse: ignored, and shown with the parser's message. */
export interface IAlertRuleProblem {
  readonly rule: string;
  readonly index: number;
  readonly error: IQueryError;
}

/** The parse error of one rule, or null when it is a valid rule. */
export function alertRuleError(
  text: string,
  trans: IBundleTranslator = UNTRANSLATED
): IQueryError | null {
  const parsed = parseRunQuery(text, trans);
  if (!parsed.ok) {
    return parsed.error;
  }
  return parsed.query
    ? null
    : { message: trans.__('The rule is empty'), offset: 0, length: 0 };
}

/** A firing before its time is set: what matched, where. */
type Match = Omit<IRunAlert, 'at'>;

/** The compiled rules of the `alerts` setting. */
export class AlertRules {
  /** Compiles the setting's rules; the bad ones are listed in `problems`. */
  constructor(
    texts: readonly unknown[],
    trans: IBundleTranslator = UNTRANSLATED
  ) {
    texts.forEach((text, index) => {
      if (typeof text !== 'string') {
        const message = trans.__('A rule must be a string');
        const error = { message, offset: 0, length: 0 };
        this.problems.push({ rule: String(text), index, error });
        return;
      }
      const parsed = parseRunQuery(text, trans);
      const error = parsed.ok ? null : parsed.error;
      if (!parsed.ok || !parsed.query) {
        this.problems.push({
          rule: text,
          index,
          error: error ?? alertRuleError(text, trans)!
        });
        return;
      }
      const { reads, matches } = parsed.query;
      const rule: IAlertRule = { source: text, index, reads, matches };
      this.rules.push(rule);
      for (const metric of reads.metrics) {
        const list = this._byMetric.get(metric) ?? [];
        list.push(rule);
        this._byMetric.set(metric, list);
      }
    });
  }

  readonly rules: IAlertRule[] = [];
  readonly problems: IAlertRuleProblem[] = [];

  /** The rules that read a metric (the only ones a new value of it can fire). */
  readingMetric(name: string): readonly IAlertRule[] {
    return this._byMetric.get(name) ?? NONE;
  }

  /**
   * Rules, among those not `fired` yet, that a new value of a metric fires
   * on `run` (an open run, as far as it is known): each is checked on the
   * run with the metric's value replaced by `value`.
   */
  checkValue(
    run: RunRow,
    metric: string,
    value: number,
    step: number | null,
    fired: ReadonlySet<string>
  ): Match[] {
    const rules = this._byMetric.get(metric);
    if (!rules || !Number.isFinite(value)) {
      return [];
    }
    let view: RunRow | null = null;
    const matched: Match[] = [];
    for (const rule of rules) {
      if (fired.has(rule.source)) {
        continue;
      }
      view ??= withMetric(run, metric, { value });
      if (rule.matches(view) && hasUsableValue(view, rule.reads)) {
        matched.push({ rule: rule.source, subject: metric, value, step });
      }
    }
    return matched;
  }

  /** Rules, among those not `fired` yet, that fire on a closed run. */
  checkRun(run: RunRow, fired: ReadonlySet<string>): Match[] {
    const matched: Match[] = [];
    for (const rule of this.rules) {
      if (!fired.has(rule.source)) {
        const match = matchRun(rule, run);
        if (match) {
          matched.push(match);
        }
      }
    }
    return matched;
  }

  private _byMetric = new Map<string, IAlertRule[]>();
}

const NONE: readonly IAlertRule[] = [];

/** The first point of a metric's series at which the rule matched, else the run as a whole. */
function matchRun(rule: IAlertRule, run: RunRow): Match | null {
  if (!hasUsableValue(run, rule.reads)) {
    return null;
  }
  for (const metric of rule.reads.metrics) {
    const record = Object.hasOwn(run.metrics, metric)
      ? run.metrics[metric]
      : undefined;
    // A bare name that is a parameter of this run is not this metric.
    if (
      !record?.series ||
      (rule.reads.params.includes(metric) && Object.hasOwn(run.params, metric))
    ) {
      continue;
    }
    // One view, its point moved along the series: 10,000 points cost no garbage.
    const point = { value: 0 };
    const view = withMetric(run, metric, point);
    for (const [step, value] of record.series) {
      point.value = value;
      if (Number.isFinite(value) && rule.matches(view)) {
        return { rule: rule.source, subject: metric, value, step };
      }
    }
  }
  if (!rule.matches(run)) {
    return null;
  }
  return { rule: rule.source, ...subjectOf(rule.reads, run) };
}

/** What a rule that matched a whole run is reported as testing. */
function subjectOf(
  reads: IQueryReads,
  run: RunRow
): Pick<IRunAlert, 'subject' | 'value' | 'step'> {
  for (const metric of reads.metrics) {
    if (
      Object.hasOwn(run.metrics, metric) &&
      !Object.hasOwn(run.params, metric)
    ) {
      return { subject: metric, value: run.metrics[metric].value, step: null };
    }
  }
  if (reads.qualifiers.includes('status')) {
    return { subject: 'status', value: run.status, step: null };
  }
  if (reads.runFields.includes('duration')) {
    const seconds = run.duration_ms === null ? null : run.duration_ms / 1000;
    return { subject: 'run.duration', value: seconds, step: null };
  }
  // A parameter's value is not repeated: it could be a secret's neighbour.
  const subject = reads.params[0] ?? reads.qualifiers[0] ?? 'run';
  return { subject, value: null, step: null };
}

/**
 * Whether the run has a usable value under some name the rule reads; true
 * for rules that read more than names (`val/loss > 1 or status:failed`).
 */
function hasUsableValue(run: RunRow, reads: IQueryReads): boolean {
  if (
    reads.qualifiers.length ||
    reads.runFields.length ||
    reads.freeText ||
    (!reads.metrics.length && !reads.params.length)
  ) {
    return true;
  }
  for (const name of reads.metrics) {
    const record = Object.hasOwn(run.metrics, name)
      ? run.metrics[name]
      : undefined;
    if (record && Number.isFinite(record.value)) {
      return true;
    }
  }
  for (const name of reads.params) {
    const param = Object.hasOwn(run.params, name) ? run.params[name] : null;
    if (param && param.exact !== false && !isRedactedParam(param)) {
      return true;
    }
  }
  return false;
}

/** The run as a rule sees it with one metric replaced (a shallow view). */
export function withMetric(
  run: RunRow,
  metric: string,
  record: IMetricRecord
): RunRow {
  const metrics = { ...run.metrics };
  Object.defineProperty(metrics, metric, {
    value: record,
    enumerable: true,
    writable: true,
    configurable: true
  });
  return { ...run, metrics };
}
