import type { TranslationBundle } from '@jupyterlab/translation';
import { alertsTooltip } from '../model/alerts/alertText';
import type { IRunAlert } from '../model/types';
import type { IRunSummary, RunStatus } from '../tokens';

/** The status word as shown: `completed (partial)` for a partial run. */
export function statusText(
  run: Pick<IRunSummary, 'status' | 'partial'>,
  trans: TranslationBundle
): string {
  const words: Record<RunStatus, string> = {
    running: trans.__('running'),
    completed: trans.__('completed'),
    failed: trans.__('failed'),
    interrupted: trans.__('interrupted')
  };
  const word = words[run.status] ?? run.status;
  return run.partial ? trans.__('%1 (partial)', word) : word;
}

/**
 * A status badge: class `jp-runlog-status-<status>`, the word as text, an
 * animated indicator while running, and the reason or skipped cells as title.
 */
export function renderStatusBadge(
  run: Pick<IRunSummary, 'status' | 'partial' | 'status_reason'>,
  trans: TranslationBundle
): HTMLElement {
  const badge = document.createElement('span');
  badge.className = `jp-runlog-status jp-runlog-status-${run.status}`;
  if (run.status === 'running') {
    const indicator = document.createElement('span');
    indicator.className = 'jp-runlog-status-indicator';
    indicator.setAttribute('aria-hidden', 'true');
    badge.appendChild(indicator);
  }
  badge.appendChild(document.createTextNode(statusText(run, trans)));
  const titles: string[] = [];
  if (run.status_reason) {
    titles.push(run.status_reason);
  }
  if (run.partial) {
    badge.classList.add('jp-runlog-status-partial');
    titles.push(
      trans.__('Skipped cells: %1', run.partial.skipped_cells.join(', '))
    );
  }
  if (titles.length) {
    badge.title = titles.join('\n');
  }
  return badge;
}

/** The class of a run's alert mark (beside its status in the table). */
export const ALERT_MARK_CLASS = 'jp-runlog-AlertMark';

/**
 * The mark of a run on which alert rules fired: a warning sign drawn by CSS
 * (the cell's text stays the status), the fired rules as its tooltip.
 */
export function renderAlertMark(
  alerts: readonly IRunAlert[],
  trans: TranslationBundle
): HTMLElement {
  const mark = document.createElement('span');
  mark.className = ALERT_MARK_CLASS;
  mark.setAttribute('role', 'img');
  mark.setAttribute(
    'aria-label',
    trans._n('%1 alert fired', '%1 alerts fired', alerts.length)
  );
  mark.title = alertsTooltip(alerts, trans);
  return mark;
}
