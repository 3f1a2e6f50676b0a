import {
  formatDuration,
  formatStarted,
  formatTimestamp,
  formatValue,
  paramDisplay,
  sourceDiffers,
  type ParamDisplayKind
} from './runFormat';
import { REDACTED_SOURCE } from '../redaction/redaction';
import type { IParamRecord, JSONValue } from '../types';

describe('formatDuration', () => {
  it.each<[number | null | undefined, string]>([
    [null, '—'],
    [undefined, '—'],
    [-5, '—'],
    [Number.NaN, '—'],
    [0, '0 ms'],
    [850, '850 ms'],
    [999.4, '999 ms'],
    [1000, '1.0 s'],
    [1234, '1.2 s'],
    [59_940, '59.9 s'],
    [59_960, '1 min 00 s'],
    [184_000, '3 min 04 s'],
    [3_599_400, '59 min 59 s'],
    [3_600_000, '1 h 00 min'],
    [7_500_000, '2 h 05 min'],
    [90_000_000, '25 h 00 min']
  ])('%p → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('formatValue', () => {
  it.each<[JSONValue | undefined, string]>([
    [undefined, '—'],
    [null, '—'],
    [0, '0'],
    [42, '42'],
    [-3, '-3'],
    [0.5, '0.5'],
    [0.1, '0.1'],
    [0.123456, '0.1235'],
    [0.30000000000000004, '0.3'],
    [0.00123456, '0.001235'],
    [0.0000123456, '1.235e-5'],
    [0.00001, '1e-5'],
    [1.23456, '1.235'],
    [123.456, '123.5'],
    [12345.678, '12346'],
    [-0.00001234, '-1.234e-5'],
    [1e21, '1e21'],
    [1.23456e22, '1.235e22'],
    [true, 'true'],
    [false, 'false'],
    ['gpt-4o', 'gpt-4o'],
    ['', ''],
    [[1, 2, 3], '[1,2,3]'],
    [{ a: 1, b: [true, null] }, '{"a":1,"b":[true,null]}']
  ])('%p → %s', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });

  it('cuts long strings and JSON at 60 characters', () => {
    const long = 'x'.repeat(100);
    expect(formatValue(long)).toBe(`${'x'.repeat(59)}…`);
    const list = Array.from({ length: 50 }, (_, i) => i);
    const text = formatValue(list);
    expect(text).toHaveLength(60);
    expect(text.startsWith('[0,1,2,')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    expect(formatValue(long, 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('formatStarted', () => {
  // Local times, so the expectations hold in any time zone.
  const now = new Date(2024, 5, 15, 18, 30);

  it.each<[Date, string]>([
    [new Date(2024, 5, 15, 9, 5), '09:05'],
    [new Date(2024, 5, 14, 23, 59), 'Jun 14, 23:59'],
    [new Date(2024, 0, 2, 7, 0), 'Jan 2, 07:00'],
    [new Date(2023, 11, 31, 12, 0), 'Dec 31, 2023, 12:00']
  ])('%s', (started, expected) => {
    expect(formatStarted(started.toISOString(), now, 'en-US')).toBe(expected);
  });

  it('shows a dash for an unreadable time', () => {
    expect(formatStarted('not a date', now, 'en-US')).toBe('—');
  });
});

describe('sourceDiffers', () => {
  it.each<[string, JSONValue, boolean]>([
    ['0.3', 0.3, false],
    ['3e-4', 0.0003, false],
    ['1_000', 1000, false],
    ['0.1 * 3', 0.30000000000000004, true],
    ['N_LAYERS', 4, true],
    ["'gpt-4o'", 'gpt-4o', false],
    ['"gpt-4o"', 'gpt-4o', false],
    ["f'{name}'", 'x', true],
    ["'a' + 'b'", 'ab', true],
    ['True', true, false],
    ['false', false, false],
    ['not x', false, true],
    ['None', null, false],
    ['make_model()', null, true],
    ['[1, 2]', [1, 2], false],
    ['(1, 2)', [1, 2], true],
    ['{"a": 1}', { a: 1 }, false],
    ["{'a': 1}", { a: 1 }, true]
  ])('%s for %p → %p', (source, value, expected) => {
    expect(sourceDiffers(source, value)).toBe(expected);
  });
});

describe('paramDisplay', () => {
  it.each<[string, IParamRecord | undefined, string, ParamDisplayKind]>([
    ['absent', undefined, '—', 'missing'],
    [
      'a number',
      { value: 0.00012346, source: '1.2346e-4', type: 'float' },
      '1.235e-4',
      'value'
    ],
    [
      'a string',
      { value: 'gpt-4o', source: "'gpt-4o'", type: 'str' },
      'gpt-4o',
      'value'
    ],
    [
      'an object',
      { value: null, source: 'Net(3)', type: 'Net', exact: false },
      'Net(3)',
      'expression'
    ],
    [
      'no value, no source',
      { value: null, source: '', type: 'NoneType' },
      '—',
      'missing'
    ],
    [
      'redacted (flagged)',
      {
        value: null,
        source: REDACTED_SOURCE,
        type: 'str',
        exact: false,
        redacted: true
      },
      '',
      'redacted'
    ],
    [
      'redacted (placeholder only, e.g. an older bundle)',
      { value: null, source: REDACTED_SOURCE, type: 'str' },
      '',
      'redacted'
    ]
  ])('%s', (_label, param, text, kind) => {
    expect(paramDisplay(param)).toEqual({ text, kind });
  });

  it('cuts long values to the length asked', () => {
    const param = { value: 'x'.repeat(100), source: '', type: 'str' };
    expect(paramDisplay(param, 10).text).toBe('xxxxxxxxx…');
  });
});

describe('formatTimestamp', () => {
  it('shows the full local date and time', () => {
    const iso = new Date(2024, 2, 4, 7, 8, 9).toISOString();
    expect(formatTimestamp(iso, 'en-US')).toBe('Mar 4, 2024, 07:08:09');
    expect(formatTimestamp('', 'en-US')).toBe('—');
  });
});
