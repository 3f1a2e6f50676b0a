/**
 * The table sections of a run's details: its parameters, metrics and context,
 * each a titled table of rows (see cappedRows.ts).
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { formatAlertValue } from '../model/alerts/alertText';
import {
  formatTimestamp,
  formatValue,
  sourceDiffers
} from '../model/record/runFormat';
import { isRedactedParam } from '../model/redaction/redaction';
import type { IRunRecord } from '../tokens';
import { renderTableSection, type ITableRows } from './cappedRows';
import { fillRedacted } from './runsTableRows';
import { contextRows } from './runContextRows';

/** Long values are shown whole here, within reason. */
const DETAIL_VALUE_LENGTH = 2000;

export function renderParametersSection(
  run: IRunRecord,
  trans: TranslationBundle
): HTMLElement {
  const entries = Object.entries(run.params);
  const rowOf = (index: number) => {
    const [name, param] = entries[index];
    if (isRedactedParam(param)) {
      // The placeholder source says nothing more than the marker does.
      const row = tableRow([name, '', param.type, '']);
      row.dataset.redacted = 'true';
      fillRedacted(row.cells[1], trans);
      return row;
    }
    const inexact = param.exact === false;
    const value = inexact
      ? trans.__('not a JSON value')
      : formatValue(param.value, DETAIL_VALUE_LENGTH);
    const source =
      inexact || sourceDiffers(param.source, param.value) ? param.source : '';
    const row = tableRow([name, value, param.type, source]);
    if (inexact) {
      row.classList.add('jp-runlog-mod-inexact');
    }
    return row;
  };
  return section(
    trans,
    trans.__('Parameters'),
    [trans.__('Name'), trans.__('Value'), trans.__('Type'), trans.__('Source')],
    {
      count: entries.length,
      nameOf: index => entries[index][0],
      rowOf,
      noun: trans.__('parameters')
    },
    trans.__('No parameters recorded.')
  );
}

export function renderMetricsSection(
  run: IRunRecord,
  trans: TranslationBundle
): HTMLElement {
  const entries = Object.entries(run.metrics);
  const rowOf = (index: number) => {
    const [name, metric] = entries[index];
    return tableRow([
      name,
      formatValue(metric.value),
      metric.series
        ? trans._n('series: %1 step', 'series: %1 steps', metric.series.length)
        : ''
    ]);
  };
  return section(
    trans,
    trans.__('Metrics'),
    [trans.__('Name'), trans.__('Value'), trans.__('Series')],
    {
      count: entries.length,
      nameOf: index => entries[index][0],
      rowOf,
      noun: trans.__('metrics')
    },
    trans.__('No metrics recorded.')
  );
}

export function renderContextSection(
  run: IRunRecord,
  trans: TranslationBundle
): HTMLElement {
  const rows = contextRows(run.context, trans);
  const element = section(
    trans,
    trans.__('Context'),
    [trans.__('Item'), trans.__('Value')],
    {
      count: rows.length,
      nameOf: index => rows[index].label,
      rowOf: index => {
        const row = rows[index];
        const tr = tableRow([row.label, row.value]);
        if (row.title) {
          tr.cells[1].title = row.title;
        }
        return tr;
      },
      noun: trans.__('items')
    },
    trans.__('No context recorded.')
  );
  element.classList.add('jp-runlog-RunDetails-context');
  return element;
}

function section(
  trans: TranslationBundle,
  title: string,
  columns: string[],
  rows: ITableRows,
  emptyText: string
): HTMLElement {
  return renderTableSection({ title, columns, rows, emptyText, trans });
}

function tableRow(values: string[]): HTMLTableRowElement {
  const row = document.createElement('tr');
  for (const value of values) {
    const cell = row.insertCell();
    cell.textContent = value;
  }
  return row;
}

/** The alert rules that fired on the run; nothing when none did. */
export function renderAlertsSection(
  run: IRunRecord,
  trans: TranslationBundle
): HTMLElement[] {
  const alerts = run.alerts ?? [];
  if (!alerts.length) {
    return [];
  }
  const element = section(
    trans,
    trans.__('Alerts'),
    [trans.__('Rule'), trans.__('Value'), trans.__('Step'), trans.__('Fired')],
    {
      count: alerts.length,
      nameOf: index => alerts[index].rule,
      rowOf: index => {
        const alert = alerts[index];
        return tableRow([
          alert.rule,
          `${alert.subject} = ${formatAlertValue(alert)}`,
          alert.step === null ? '' : String(alert.step),
          formatTimestamp(alert.at)
        ]);
      },
      noun: trans.__('alerts')
    },
    ''
  );
  element.classList.add('jp-runlog-RunDetails-alerts');
  return [element];
}
