import { OutputArea } from '@jupyterlab/outputarea';
import {
  RenderMimeRegistry,
  standardRendererFactories
} from '@jupyterlab/rendermime';
import { Widget } from '@lumino/widgets';
import { REDACTED_SOURCE } from '../model/redaction/redaction';
import type { ICellRecord, IParamRecord } from '../tokens';
import { ROWS_PER_PAGE } from './cappedRows';
import { RunDetails } from './runDetails';
import { makeRunRecord, MemoryRunStore } from './__tests__/testing';

function cell(overrides: Partial<ICellRecord>): ICellRecord {
  return {
    cell_id: 'cell-a',
    role: 'tracked',
    source: 'print(1)',
    outputs: [],
    status: 'ok',
    execution_count: 3,
    duration_ms: 812,
    ...overrides
  };
}

/** Output rendering is asynchronous. */
const settle = () => new Promise(resolve => setTimeout(resolve, 20));

function tableRows(details: RunDetails, title: string): string[][] {
  const table = details.node.querySelector(`table[aria-label="${title}"]`);
  return Array.from(table?.querySelectorAll('tbody tr') ?? []).map(row =>
    Array.from(row.querySelectorAll('td')).map(td => td.textContent ?? '')
  );
}

describe('RunDetails', () => {
  let store: MemoryRunStore;
  let details: RunDetails;

  beforeEach(() => {
    store = new MemoryRunStore();
    details = new RunDetails({
      store,
      rendermime: new RenderMimeRegistry({
        initialFactories: standardRendererFactories
      })
    });
    Widget.attach(details, document.body);
  });

  afterEach(() => {
    details.dispose();
  });

  it('is a labelled region headed by number, status, start and duration', async () => {
    store.seed([
      makeRunRecord(4, {
        status: 'interrupted',
        status_reason: 'The kernel restarted.',
        duration_ms: 184_000,
        partial: { skipped_cells: ['cell-x', 'cell-y'] }
      })
    ]);
    await details.showRun('run-4');
    expect(details.node.getAttribute('role')).toBe('region');
    expect(details.node.getAttribute('aria-label')).toBe('Run details');
    const title = details.node.querySelector('h3')!.textContent!;
    expect(title).toMatch(
      /^Run #4 · interrupted \(partial\) · .+ · 3 min 04 s$/
    );
    expect(details.node.textContent).toContain('The kernel restarted.');
    expect(
      details.node.querySelector('.jp-runlog-RunDetails-partial')!.textContent
    ).toContain('cell-x, cell-y');
  });

  it.each([
    [
      {
        kind: 'bundle' as const,
        file: 'team/tune.runlog.json',
        imported_at: '2026-03-02T10:00:00Z',
        exported_by: 'Ada',
        exported_at: '2026-03-01T09:00:00Z'
      },
      /^Imported on .+ from team\/tune\.runlog\.json, exported by Ada on .+\.$/
    ],
    [
      {
        kind: 'papermill' as const,
        file: 'sweeps/out-1.ipynb',
        imported_at: '2026-03-02T10:00:00Z'
      },
      /^Imported on .+ from sweeps\/out-1\.ipynb, a notebook executed by papermill\.$/
    ]
  ])('says where an imported run came from (%o)', async (origin, text) => {
    store.seed([makeRunRecord(2, { origin })]);
    await details.showRun('run-2');
    const note = details.node.querySelector('.jp-runlog-RunDetails-origin');
    expect(note?.textContent).toMatch(text);
  });

  it('says the number a renumbered run was imported with', async () => {
    store.seed([
      makeRunRecord(251, {
        origin: {
          kind: 'bundle',
          file: 'team/tune.runlog.json',
          imported_at: '2026-03-02T10:00:00Z',
          original_number: 1e21
        }
      })
    ]);
    await details.showRun('run-251');
    expect(details.node.querySelector('h3')!.textContent).toMatch(/^Run #251 /);
    const note = details.node.querySelector('.jp-runlog-RunDetails-renumbered');
    expect(note?.textContent).toMatch(/^Imported as #1e\+21, renumbered #251:/);
  });

  it('has no origin note for a run captured here', async () => {
    store.seed([makeRunRecord(3)]);
    await details.showRun('run-3');
    expect(details.node.querySelector('.jp-runlog-RunDetails-origin')).toBe(
      null
    );
  });

  it('lists parameters with their type, and the source when it says more', async () => {
    store.seed([
      makeRunRecord(1, {
        params: {
          lr: { value: 0.001, source: '1e-3', type: 'float' },
          steps: { value: 300, source: '100 * 3', type: 'int' },
          model: { value: 'gpt-4o', source: "'gpt-4o'", type: 'str' },
          net: { value: null, source: 'Net()', type: 'Net', exact: false }
        },
        metrics: {
          'val/acc': {
            value: 0.91234,
            series: [
              [1, 0.8],
              [2, 0.91234]
            ]
          },
          loss: { value: 0.5 }
        }
      })
    ]);
    await details.showRun('run-1');
    expect(tableRows(details, 'Parameters')).toEqual([
      ['lr', '0.001', 'float', ''],
      ['steps', '300', 'int', '100 * 3'],
      ['model', 'gpt-4o', 'str', ''],
      ['net', 'not a JSON value', 'Net', 'Net()']
    ]);
    const inexact = details.node.querySelectorAll(
      'table[aria-label="Parameters"] tr.jp-runlog-mod-inexact'
    );
    expect(inexact).toHaveLength(1);
    expect(tableRows(details, 'Metrics')).toEqual([
      ['val/acc', '0.9123', 'series: 2 steps'],
      ['loss', '0.5', '']
    ]);
  });

  it('draws a page of rows of a run with 10,000 parameters, more on demand, any by name', async () => {
    const params: Record<string, IParamRecord> = {};
    for (let p = 0; p < 10_000; p++) {
      params[`p_${p}`] = { value: p, source: String(p), type: 'int' };
    }
    store.seed([makeRunRecord(1, { params })]);
    await details.showRun('run-1');
    const rows = () => tableRows(details, 'Parameters');
    expect(rows()).toHaveLength(ROWS_PER_PAGE);
    expect(rows()[0]).toEqual(['p_0', '0', 'int', '']);
    const section = details.node.querySelector(
      'table[aria-label="Parameters"]'
    )!.parentElement!;
    expect(section.textContent).toContain(
      `${ROWS_PER_PAGE} of 10000 parameters shown`
    );
    const more = section.querySelector<HTMLButtonElement>(
      '.jp-runlog-CappedRows-button'
    )!;
    expect(more.textContent).toBe(`Show ${ROWS_PER_PAGE} more`);
    more.click();
    expect(rows()).toHaveLength(2 * ROWS_PER_PAGE);
    expect(rows()[2 * ROWS_PER_PAGE - 1][0]).toBe(`p_${2 * ROWS_PER_PAGE - 1}`);

    const filter = section.querySelector<HTMLInputElement>(
      'input[aria-label="Filter parameters"]'
    )!;
    filter.value = 'p_999';
    filter.dispatchEvent(new Event('input'));
    // p_999 and p_9990…p_9999.
    expect(rows().map(row => row[0])).toEqual([
      'p_999',
      ...Array.from({ length: 10 }, (_, i) => `p_999${i}`)
    ]);
    expect(section.textContent).toContain('11 of 11 parameters shown');
    expect(more.parentElement!.hidden).toBe(true);
  });

  it('draws every row, with no controls, when they fit in a page', async () => {
    const params: Record<string, IParamRecord> = {};
    for (let p = 0; p < ROWS_PER_PAGE; p++) {
      params[`p_${p}`] = { value: p, source: String(p), type: 'int' };
    }
    store.seed([makeRunRecord(1, { params })]);
    await details.showRun('run-1');
    expect(tableRows(details, 'Parameters')).toHaveLength(ROWS_PER_PAGE);
    expect(details.node.querySelector('.jp-runlog-CappedRows-filter')).toBe(
      null
    );
  });

  it('shows a redacted parameter as a marker, never as null or the placeholder', async () => {
    store.seed([
      makeRunRecord(1, {
        params: {
          api_key: {
            value: null,
            source: REDACTED_SOURCE,
            type: 'str',
            origin: 'kernel',
            exact: false,
            redacted: true
          },
          lr: { value: 0.1, source: '0.1', type: 'float' }
        },
        cells: [
          cell({
            cell_id: 'p',
            role: 'parameters',
            source: `api_key = ${REDACTED_SOURCE}\nlr = 0.1`
          })
        ]
      })
    ]);
    await details.showRun('run-1');
    expect(tableRows(details, 'Parameters')).toEqual([
      ['api_key', '‹redacted›', 'str', ''],
      ['lr', '0.1', 'float', '']
    ]);
    const marker = details.node.querySelector<HTMLElement>(
      'table[aria-label="Parameters"] tr[data-redacted] td:nth-child(2)'
    );
    expect(marker?.classList).toContain('jp-runlog-mod-redacted');
    expect(marker?.title).toMatch(/^Redacted: the value looked like a secret/);
    // The parameters cell's code reads as stored.
    expect(details.node.querySelector('pre.jp-runlog-code')?.textContent).toBe(
      `api_key = ${REDACTED_SOURCE}\nlr = 0.1`
    );
  });

  it('shows each cell with its code as text and its outputs as untrusted', async () => {
    const code = '<img src=x onerror="window.__pwned = 1">';
    store.seed([
      makeRunRecord(1, {
        cells: [
          cell({ role: 'parameters', cell_id: 'p', source: 'lr = 0.1' }),
          cell({
            source: code,
            outputs: [
              { output_type: 'stream', name: 'stdout', text: 'epoch 1 done\n' },
              {
                output_type: 'display_data',
                data: {
                  'text/html':
                    '<b class="kept">bold</b><script>window.__pwned = 2</script>'
                },
                metadata: {}
              }
            ]
          })
        ]
      })
    ]);
    await details.showRun('run-1');
    await settle();
    const blocks = details.node.querySelectorAll('pre.jp-runlog-code');
    expect(Array.from(blocks).map(block => block.textContent)).toEqual([
      'lr = 0.1',
      code
    ]);
    expect(blocks[1].querySelector('img')).toBeNull();
    const headings = Array.from(
      details.node.querySelectorAll('.jp-runlog-RunDetails-cellHeading')
    ).map(heading => heading.textContent);
    expect(headings[0]).toMatch(/^Parameters cell \[3\] · ok · 812 ms$/);
    expect(headings[1]).toMatch(/^Tracked cell \[3\]/);

    expect(details.node.textContent).toContain('epoch 1 done');
    expect(details.node.querySelector('b.kept')?.textContent).toBe('bold');
    expect(details.node.querySelector('script')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('disposes the output areas of the previous run when switching', async () => {
    store.seed([
      makeRunRecord(1, {
        cells: [
          cell({
            outputs: [{ output_type: 'stream', name: 'stdout', text: 'a' }]
          })
        ]
      }),
      makeRunRecord(2)
    ]);
    await details.showRun('run-1');
    const areas = details.widgets
      .flatMap(widget => [widget, ...Array.from(widget.children())])
      .filter((widget): widget is OutputArea => widget instanceof OutputArea);
    expect(areas).toHaveLength(1);
    await details.showRun('run-2');
    expect(areas[0].isDisposed).toBe(true);
    expect(details.node.querySelector('h3')!.textContent).toContain('Run #2');
  });

  it('shows only the last of several quick requests', async () => {
    store.seed([makeRunRecord(1), makeRunRecord(2)]);
    const first = details.showRun('run-1');
    const second = details.showRun('run-2');
    await Promise.all([first, second]);
    expect(details.run?.id).toBe('run-2');
    expect(details.node.querySelectorAll('h3')).toHaveLength(1);
  });

  it('re-reads the run on refresh, and says when it is gone', async () => {
    store.seed([makeRunRecord(1, { status: 'running' })]);
    await details.showRun('run-1');
    await store.put(makeRunRecord(1, { status: 'completed' }));
    await details.refresh();
    expect(details.node.querySelector('h3')!.textContent).toContain(
      'completed'
    );
    await details.showRun('missing');
    expect(details.node.textContent).toContain('This run no longer exists.');
  });

  it('asks to close from its close button', async () => {
    store.seed([makeRunRecord(1)]);
    await details.showRun('run-1');
    let closed = 0;
    details.closeRequested.connect(() => closed++);
    const close = details.node.querySelector<HTMLButtonElement>(
      'button[aria-label="Close run details"]'
    )!;
    close.click();
    expect(closed).toBe(1);
  });
});
