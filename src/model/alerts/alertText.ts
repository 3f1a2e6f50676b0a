/**
 * How a fired alert reads in the notification, the table's tooltip and the
 * run details: `train/loss > 2: train/loss = 2.6 at step 20`.
 */
import { UNTRANSLATED, type IBundleTranslator } from '../bundle/bundleFormat';
import { formatNumber } from '../record/runFormat';
import type { IRunAlert } from '../types';

/** The value that matched: a number shortened, seconds for a duration, a status. */
export function formatAlertValue(alert: IRunAlert): string {
  const { value } = alert;
  if (value === null) {
    return '—';
  }
  if (typeof value === 'string') {
    return value;
  }
  const number = formatNumber(value);
  return alert.subject === 'run.duration' ? `${number} s` : number;
}

/** What matched: `train/loss = 2.6 at step 20`, `status = failed`. */
export function alertMatch(
  alert: IRunAlert,
  trans: IBundleTranslator = UNTRANSLATED
): string {
  const value = formatAlertValue(alert);
  return alert.step === null
    ? trans.__('%1 = %2', alert.subject, value)
    : trans.__('%1 = %2 at step %3', alert.subject, value, alert.step);
}

/** The fired rules, one a line, for the table's alert mark. */
export function alertsTooltip(
  alerts: readonly IRunAlert[],
  trans: IBundleTranslator = UNTRANSLATED
): string {
  const lines = alerts.map(alert =>
    trans.__('%1 (%2)', alert.rule, alertMatch(alert, trans))
  );
  return [trans.__('Alerts fired:'), ...lines].join('\n');
}
