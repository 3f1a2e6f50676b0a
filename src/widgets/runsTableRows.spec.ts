import { nullTranslator } from '@jupyterlab/translation';
import { REDACTED_SOURCE } from '../model/redaction/redaction';
import type { IRunColumn } from '../model/runTable';
import type { IParamRecord } from '../tokens';
import { makeRunSummary } from './__tests__/testing';
import { REDACTED_CLASS, renderRow } from './runsTableRows';

const trans = nullTranslator.load('jupyterlab_runlog');

function paramCell(param: IParamRecord | undefined): HTMLElement {
  const column: IRunColumn = {
    id: 'param:p',
    kind: 'param',
    key: 'p',
    label: 'p'
  };
  const run = makeRunSummary(1, { params: param ? { p: param } : {} });
  const row = renderRow(run, [column], {
    elementId: 'row-1',
    now: Date.now(),
    trans
  });
  return row.querySelector<HTMLElement>('[role="gridcell"]')!;
}

describe('renderRow: parameter cells', () => {
  it.each<[string, IParamRecord | undefined, string, string[], string]>([
    ['a value', { value: 0.1, source: '0.1', type: 'float' }, '0.1', [], ''],
    ['absent', undefined, '—', ['jp-runlog-mod-missing'], ''],
    [
      'not a JSON value',
      { value: null, source: 'Net()', type: 'Net', exact: false },
      'Net()',
      ['jp-runlog-mod-inexact'],
      'Net() (not a JSON value)'
    ],
    [
      'redacted',
      {
        value: null,
        source: REDACTED_SOURCE,
        type: 'str',
        exact: false,
        redacted: true
      },
      '‹redacted›',
      [REDACTED_CLASS, 'jp-runlog-mod-inexact'],
      'Redacted: the value looked like a secret (name or format). See Settings → Run log: capture.'
    ],
    [
      'a placeholder without the flag',
      { value: null, source: REDACTED_SOURCE, type: 'str' },
      '‹redacted›',
      [REDACTED_CLASS],
      'Redacted: the value looked like a secret (name or format). See Settings → Run log: capture.'
    ]
  ])('%s', (_label, param, text, classes, title) => {
    const cell = paramCell(param);
    expect(cell.textContent).toBe(text);
    for (const name of classes) {
      expect(cell.classList).toContain(name);
    }
    expect(cell.title).toBe(title);
    expect(cell.textContent).not.toContain(REDACTED_SOURCE);
    expect(cell.textContent).not.toBe('null');
  });
});
