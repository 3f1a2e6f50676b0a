/**
 * Headless Debian Chromium driven by Playwright (reused from ui-tests), and
 * the in-page handles the benchmarks use.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from './server.mjs';

const requireFromUiTests = createRequire(
  path.join(ROOT, 'ui-tests', 'package.json')
);
const { chromium } = requireFromUiTests('@playwright/test');

export const CHROMIUM = process.env.RUNLOG_CHROMIUM || '/usr/bin/chromium';

export function chromiumVersion() {
  try {
    return execFileSync(CHROMIUM, ['--version'], {
      stdio: ['ignore', 'pipe', 'ignore']
    })
      .toString()
      .trim();
  } catch {
    return CHROMIUM;
  }
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run'
    ]
  });
}

/** A new page with JupyterLab loaded and restored, at `urlPath` under /lab. */
export async function openLab(browser, baseUrl, urlPath = '') {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 800 }
  });
  page.on('pageerror', error =>
    console.error(`  page error: ${error.message}`)
  );
  await page.goto(`${baseUrl}/lab${urlPath}`);
  await page.waitForFunction(() => window.jupyterapp !== undefined, null, {
    timeout: 60_000
  });
  await page.evaluate(() => window.jupyterapp.restored);
  await installRunlogHandles(page);
  return page;
}

/**
 * Put `window.runlogBench = { store, recorder, panel }` in the page.
 *
 * The store and recorder come through their public tokens, as another
 * extension would get them: the IRunStore and IRunRecorder Token objects are
 * exported by the extension's federated module (`export * from './tokens'`),
 * which JupyterLab's federation container (`window._JUPYTERLAB`) hands out
 * from its module cache, so they are the very objects the plugins were
 * registered with; `app.resolveRequiredService(token)` is Lumino's public
 * API. The Runs panel is found among the right area's widgets by its id.
 */
export async function installRunlogHandles(page) {
  await page.evaluate(async () => {
    const app = window.jupyterapp;
    const container = window._JUPYTERLAB?.['jupyterlab-runlog'];
    if (!container) {
      throw new Error('The jupyterlab-runlog federated module is not loaded.');
    }
    const module = (await container.get('./extension'))();
    const store = await app.resolveRequiredService(module.IRunStore);
    const recorder = await app.resolveRequiredService(module.IRunRecorder);
    await store.ready;
    const panel = Array.from(app.shell.widgets('right')).find(
      widget => widget.id === 'jp-runlog-panel'
    );
    if (!panel) {
      throw new Error('The Runs panel is not in the right area.');
    }
    window.runlogBench = { store, recorder, panel };
  });
}

/** Open a notebook by path and wait until its kernel is idle. */
export async function openNotebook(page, notebookPath) {
  await page.evaluate(async notebookPath => {
    const app = window.jupyterapp;
    const widget = await app.commands.execute('docmanager:open', {
      path: notebookPath,
      factory: 'Notebook'
    });
    await widget.context.ready;
    await widget.sessionContext.ready;
    app.shell.activateById(widget.id);
    const deadline = Date.now() + 60_000;
    while (widget.sessionContext.session?.kernel?.status !== 'idle') {
      if (Date.now() > deadline) {
        throw new Error(`The kernel of ${notebookPath} did not become idle.`);
      }
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  }, notebookPath);
}
