/**
 * An imported bundle is untrusted: script-bearing HTML, JavaScript, SVG,
 * Markdown and Vega payloads in its outputs, names built to break out of
 * HTML or Vega expressions. Importing it, opening a run and comparing runs
 * must execute nothing and contact no other host.
 */
import { expect, test } from '@jupyterlab/galata';
import {
  openNotebook,
  openRunsPanel,
  runDetails,
  runRow,
  runsGrid,
  runsPanel
} from './helpers';
import { bundleText, sampleRun } from './bundleFixtures';

const EXPERIMENT = 'nb-hostile';
const PWN = (label: string) => `window.__runlogPwned=${JSON.stringify(label)}`;
const REMOTE = 'http://example.invalid';

const HOSTILE_OUTPUTS = [
  {
    output_type: 'display_data',
    metadata: {},
    data: {
      'text/html':
        `<b>bold stays</b><img src="x" onerror='${PWN('html-onerror')};alert(1)'>` +
        `<script>${PWN('html-script')}</script>` +
        `<a href="javascript:${PWN('html-link')}">link</a>` +
        `<img src="${REMOTE}/pixel.png"><div style="background:url(${REMOTE}/bg.png)">bg</div>` +
        `<iframe src="${REMOTE}/frame"></iframe><link rel="stylesheet" href="${REMOTE}/x.css">`
    }
  },
  {
    output_type: 'display_data',
    metadata: {},
    data: {
      'application/javascript': `${PWN('javascript')}; alert(3)`,
      'text/plain': 'javascript fallback'
    }
  },
  {
    output_type: 'display_data',
    metadata: {},
    data: {
      'image/svg+xml':
        `<svg xmlns="http://www.w3.org/2000/svg" onload='${PWN('svg')}'>` +
        `<script>${PWN('svg-script')}</script><image href="${REMOTE}/svg.png"/></svg>`
    }
  },
  {
    output_type: 'display_data',
    metadata: {},
    data: {
      'text/markdown': `![t](${REMOTE}/md.png) <script>${PWN('markdown')}</script>`
    }
  },
  {
    output_type: 'display_data',
    metadata: {},
    data: {
      'application/vnd.vegalite.v5+json': {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        data: { url: `${REMOTE}/data.csv` },
        mark: 'point',
        usermeta: { embedOptions: { loader: { baseURL: REMOTE } } }
      },
      'text/plain': 'vega fallback'
    }
  }
];

function hostileRun(index: number) {
  const name = `<img src=x onerror='${PWN('param-name')}'>`;
  const metric = `a"]);${PWN('metric')};//`;
  return sampleRun({
    id: `hostile-${index}`,
    number: index,
    experiment: {
      id: EXPERIMENT,
      name: `<script>${PWN('experiment')}</script>`
    },
    notebook_path: 'hostile.ipynb',
    params: {
      [name]: {
        value: `<script>${PWN('param-value')}</script>${index}`,
        source: `"<script>${PWN('param-source')}</script>"`,
        type: 'str'
      },
      lr: { value: index / 10, source: String(index / 10), type: 'float' }
    },
    metrics: {
      [metric]: {
        value: index,
        series: [
          [0, 1],
          [1, index]
        ]
      },
      acc: { value: 0.5 + index / 10 }
    },
    cells: [
      {
        cell_id: 'train',
        role: 'tracked',
        source: `print("<script>${PWN('source')}</script>")`,
        outputs: HOSTILE_OUTPUTS,
        status: 'ok',
        execution_count: index,
        duration_ms: 10
      }
    ]
  });
}

test('a hostile bundle imports, shows and compares without running anything', async ({
  page,
  tmpPath,
  baseURL
}) => {
  test.setTimeout(120_000);
  const dialogs: string[] = [];
  const scriptErrors: string[] = [];
  const remote: string[] = [];
  page.on('dialog', dialog => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', message => {
    if (
      message.type() === 'error' &&
      !/Failed to load resource/.test(message.text())
    ) {
      scriptErrors.push(message.text());
    }
  });
  page.on('pageerror', error => scriptErrors.push(error.message));
  page.on('request', request => {
    const url = request.url();
    if (!url.startsWith(baseURL!) && !/^(data|blob|about):/.test(url)) {
      remote.push(url);
    }
  });

  await page.contents.uploadContent(
    bundleText(
      [hostileRun(1), hostileRun(2)],
      `<img src=x onerror='${PWN('user')}'>`
    ),
    'text',
    `${tmpPath}/hostile.runlog.json`
  );
  await openNotebook(page, tmpPath, 'hostile.ipynb');
  await openRunsPanel(page);
  await page.filebrowser.refresh();

  await page
    .locator('.jp-DirListing-item[data-file-type="runlog-bundle"]', {
      hasText: 'hostile.runlog.json'
    })
    .click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Import Runs' }).click();
  const report = page.locator('.jp-Dialog');
  await expect(report).toContainText('Imported 2 runs');
  await report.getByRole('button', { name: 'Close' }).click();

  // The details render every output (as far as it is safe to).
  await runRow(page, 1).click();
  const details = runDetails(page);
  await expect(details.locator('b', { hasText: 'bold stays' })).toBeVisible();
  await expect(details).toContainText('javascript fallback');
  await expect(details).toContainText('vega fallback');
  await expect(details.locator('script')).toHaveCount(0);
  await expect(details.locator('iframe, link[rel="stylesheet"]')).toHaveCount(
    0
  );

  // The comparison charts the hostile names as data.
  await runsGrid(page)
    .getByRole('checkbox', { name: 'Select all runs' })
    .click();
  await runsPanel(page)
    .getByRole('button', { name: /^Compare/ })
    .click();
  const view = page.locator('#jp-runlog-compare');
  await expect(view).toHaveAttribute('data-render-ms', /\d+/, {
    timeout: 60_000
  });
  await expect(view.locator('[data-chart="series"]')).toHaveAttribute(
    'data-state',
    'ready'
  );
  await expect(view.locator('script')).toHaveCount(0);

  // Give anything deferred (onerror, onload, timers) a chance to fire.
  await page.waitForTimeout(1500);
  expect(
    await page.evaluate(
      () => (window as { __runlogPwned?: string }).__runlogPwned
    )
  ).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(scriptErrors).toEqual([]);
  expect(remote).toEqual([]);
});
