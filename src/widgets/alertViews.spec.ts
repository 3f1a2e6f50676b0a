import { nullTranslator } from '@jupyterlab/translation';
import type { IRunColumn } from '../model/runTable';
import type { IRunAlert } from '../model/types';
import { makeRunRecord, makeRunSummary } from './__tests__/testing';
import { renderAlertsSection } from './runDetailsSections';
import { renderRow } from './runsTableRows';
import { ALERT_MARK_CLASS } from './status';

const trans = nullTranslator.load('jupyterlab_runlog');
const STATUS: IRunColumn = { id: 'status', kind: 'status', label: 'Status' };
const ALERTS: IRunAlert[] = [
  {
    rule: 'train/loss > 2',
    at: '2026-12-07T10:00:00.000Z',
    subject: 'train/loss',
    value: 2.5,
    step: 40
  },
  {
    rule: 'status:failed',
    at: '2026-12-07T10:05:00.000Z',
    subject: 'status',
    value: 'failed',
    step: null
  }
];

describe('alerts in the runs table', () => {
  const rowOf = (alerts?: IRunAlert[]) =>
    renderRow(makeRunSummary(2, alerts ? { alerts } : {}), [STATUS], {
      elementId: 'row',
      now: Date.now(),
      trans
    });

  it('marks a run with alerts, its tooltip listing the fired rules', () => {
    const cell = rowOf(ALERTS).querySelector('[role="gridcell"]')!;
    const mark = cell.querySelector(`.${ALERT_MARK_CLASS}`) as HTMLElement;
    expect(mark.getAttribute('aria-label')).toBe('2 alerts fired');
    expect(mark.title).toBe(
      [
        'Alerts fired:',
        'train/loss > 2 (train/loss = 2.5 at step 40)',
        'status:failed (status = failed)'
      ].join('\n')
    );
    // The cell's text stays the status.
    expect(cell.textContent).toBe('completed');
  });

  it('leaves runs without alerts unmarked', () => {
    expect(rowOf().querySelector(`.${ALERT_MARK_CLASS}`)).toBeNull();
    expect(rowOf([]).querySelector(`.${ALERT_MARK_CLASS}`)).toBeNull();
  });
});

describe('alerts in the run details', () => {
  it('lists rule, value, step and time of each alert', () => {
    const [section] = renderAlertsSection(
      makeRunRecord(2, { alerts: ALERTS }),
      trans
    );
    const table = section.querySelector('table[aria-label="Alerts"]')!;
    const rows = [...table.querySelectorAll('tbody tr')].map(row =>
      [...row.querySelectorAll('td')].map(td => td.textContent)
    );
    expect(rows.map(row => row.slice(0, 3))).toEqual([
      ['train/loss > 2', 'train/loss = 2.5', '40'],
      ['status:failed', 'status = failed', '']
    ]);
    expect(rows[0][3]).toMatch(/2026/);
  });

  it('has no section for a run without alerts', () => {
    expect(renderAlertsSection(makeRunRecord(2), trans)).toEqual([]);
  });
});
