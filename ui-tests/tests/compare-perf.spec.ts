/**
 * Timings of the comparison with many runs, in the browser. Not part of the
 * regular suite (minutes of IndexedDB writes): run with RUNLOG_PERF=1.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- the in-page code reaches JupyterLab's untyped globals */
import { expect, test } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import { openRunsPanel } from './helpers';

test.skip(!process.env.RUNLOG_PERF, 'set RUNLOG_PERF=1 to measure');

interface ITimings {
  runs: number;
  writeMs: number;
  wallMs: number;
  viewMs: number;
  readMs: number;
  tableAndOutputsMs: number;
  charts: Record<string, string | undefined>;
}

/** Write `count` runs into the page's store, compare them all, time it. */
async function measure(
  page: Page,
  id: string,
  count: number,
  steps: number
): Promise<ITimings> {
  return page.evaluate(
    async ({ id, count, steps }) => {
      const app = (window as any).jupyterapp;
      const container = (window as any)._JUPYTERLAB['jupyterlab-runlog'];
      const module = (await container.get('./extension'))();
      const store = await app.resolveRequiredService(module.IRunStore);
      await store.ready;
      const panel = Array.from(app.shell.widgets('right') as any[]).find(
        (widget: any) => widget.id === 'jp-runlog-panel'
      ) as any;
      const experiment = { id, name: id };
      const writeStarted = performance.now();
      const base = Date.parse('2025-01-01T00:00:00Z');
      const puts: Promise<unknown>[] = [];
      for (let index = 0; index < count; index++) {
        const lr = 10 ** -(1 + (index % 4)) * (1 + (index % 7));
        const metrics: Record<string, unknown> = {
          acc: { value: 0.5 + 0.4 * Math.sin(index) ** 2 },
          'val/loss': { value: 1 / (1 + index) }
        };
        if (steps > 0) {
          const series: [number, number][] = [];
          for (let step = 0; step < steps; step++) {
            series.push([
              step,
              Math.exp(-step * lr * 0.01) + 0.01 * Math.sin(step + index)
            ]);
          }
          metrics.loss = { value: series[steps - 1][1], series };
        }
        const param = (value: unknown) => ({
          value,
          source: JSON.stringify(value),
          type: typeof value,
          origin: 'kernel',
          exact: true
        });
        const started = new Date(base + index * 60_000).toISOString();
        puts.push(
          store.put({
            id: `${id}-${index}`,
            number: index + 1,
            experiment,
            notebook_path: `${id}.ipynb`,
            status: 'completed',
            started_at: started,
            ended_at: started,
            duration_ms: 1000,
            params: {
              lr: param(lr),
              batch: param(2 ** (4 + (index % 4))),
              model: param(['small', 'large', 'tiny'][index % 3])
            },
            metrics,
            cells: [
              {
                cell_id: 'train',
                role: 'tracked',
                source: 'train()',
                outputs: [
                  {
                    output_type: 'stream',
                    name: 'stdout',
                    text: `run ${index}\nlr ${lr}\ndone\n`
                  }
                ],
                status: 'ok',
                execution_count: 1,
                duration_ms: 900
              }
            ],
            context: { kernel: { name: 'python3', language: 'python' } },
            annotations: { note: '', tags: [], starred: false },
            updated_at: started
          })
        );
      }
      await Promise.all(puts);
      await store.flush();
      const writeMs = performance.now() - writeStarted;

      panel.experiment = { id, name: id, path: `${id}.ipynb` };
      await panel.loaded;
      const view = document.getElementById('jp-runlog-compare');
      view?.removeAttribute('data-render-ms');
      const started = performance.now();
      panel.table.selectAll();
      await app.commands.execute('runlog:compare-selected');
      const node = document.getElementById('jp-runlog-compare')!;
      while (
        !node.dataset.renderMs ||
        node.dataset.runCount !== String(count)
      ) {
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      const wallMs = performance.now() - started;
      const charts: Record<string, string | undefined> = {};
      node.querySelectorAll<HTMLElement>('[data-chart]').forEach(chart => {
        charts[chart.dataset.chart!] =
          `${chart.dataset.renderMs} ms, ${chart.dataset.markCount} rows, ${chart.dataset.state}`;
      });
      return {
        runs: count,
        writeMs: Math.round(writeMs),
        wallMs: Math.round(wallMs),
        viewMs: Number(node.dataset.renderMs),
        readMs: Number(node.dataset.readMs),
        tableAndOutputsMs: Number(node.dataset.tableMs),
        charts
      };
    },
    { id, count, steps }
  );
}

test('comparison timings: 50 runs × 10,000 steps, 1,000 runs', async ({
  page
}) => {
  test.setTimeout(900_000);
  await openRunsPanel(page);
  const series = await measure(page, 'perf-series', 50, 10_000);
  console.log('50 runs × 10,000-step series:', JSON.stringify(series, null, 1));
  const many = await measure(page, 'perf-many', 1000, 0);
  console.log('1,000 runs:', JSON.stringify(many, null, 1));
  expect(series.charts.series).toContain('ready');
  expect(many.charts['parallel-coordinates']).toContain('ready');
});
