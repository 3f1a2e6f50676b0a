import type { IRunAlert } from '../types';
import { alertMatch, alertsTooltip, formatAlertValue } from './alertText';

const alert = (fields: Partial<IRunAlert>): IRunAlert => ({
  rule: 'train/loss > 2',
  at: '2026-12-07T10:00:00.000Z',
  subject: 'train/loss',
  value: 2.61234,
  step: 40,
  ...fields
});

describe('alert texts', () => {
  it.each<[Partial<IRunAlert>, string]>([
    [{}, 'train/loss = 2.612 at step 40'],
    [{ step: null }, 'train/loss = 2.612'],
    [{ subject: 'status', value: 'failed', step: null }, 'status = failed'],
    [
      { subject: 'run.duration', value: 720, step: null },
      'run.duration = 720 s'
    ],
    [{ subject: 'lr', value: null, step: null }, 'lr = —']
  ])('%j reads %s', (fields, expected) => {
    expect(alertMatch(alert(fields))).toBe(expected);
  });

  it('lists every fired rule in the tooltip', () => {
    const text = alertsTooltip([
      alert({}),
      alert({
        rule: 'status:failed',
        subject: 'status',
        value: 'failed',
        step: null
      })
    ]);
    expect(text.split('\n')).toEqual([
      'Alerts fired:',
      'train/loss > 2 (train/loss = 2.612 at step 40)',
      'status:failed (status = failed)'
    ]);
    expect(formatAlertValue(alert({ value: 3 }))).toBe('3');
  });
});
