/**
 * Alert rules as a user meets them: a rule in the settings, a training cell
 * whose loss crosses it mid-run, the notification while the cell is still
 * executing, the run it opens, the mark in the table and `is:alerted`; and a
 * bad rule's message in the settings editor.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import {
  expectRuns,
  openNotebook,
  openRunsPanel,
  runDetails,
  runRow,
  runsPanel,
  startRunAll,
  typeCell,
  waitForKernelIdle
} from './helpers';

const NOTEBOOK = 'alerts.ipynb';
const RULE = 'loss > 1.1';

/**
 * Set the alert rules as the settings editor does, through the
 * application's setting registry (found among the services it provides).
 */
async function setAlertRules(
  page: IJupyterLabPageFixture,
  rules: string[]
): Promise<void> {
  await page.evaluate(async rules => {
    type Registry = {
      set(plugin: string, key: string, value: unknown): Promise<void>;
    };
    const app = window.jupyterapp;
    const services = (
      app as unknown as {
        pluginRegistry: { _services: Map<{ name: string }, string> };
      }
    ).pluginRegistry._services;
    const token = [...services.keys()].find(
      candidate => candidate.name === '@jupyterlab/coreutils:ISettingRegistry'
    );
    const registry = (await app.resolveRequiredService(
      token as Parameters<typeof app.resolveRequiredService>[0]
    )) as Registry;
    await registry.set('jupyterlab-runlog:alerts', 'alerts', rules);
  }, rules);
}

function alertToasts(page: IJupyterLabPageFixture) {
  return page.locator('.jp-Notification-Toast-warning', { hasText: RULE });
}

// The rules are a user setting kept by the shared test server.
test.afterEach(async ({ page }) => {
  await setAlertRules(page, []);
});

test('a loss crossing a rule mid-run notifies before the run ends, once, and marks the run', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(150_000);
  await setAlertRules(page, [RULE, 'status:failed']);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);

  // Run 1: the loss stays below the threshold.
  await startRunAll(page);
  await expectRuns(page, [{ '#': '1', Status: 'completed' }], 60_000);
  await expect(alertToasts(page)).toHaveCount(0);

  // Run 2: the loss crosses 1.1 at step 70, then the cell trains on.
  await typeCell(page, 0, 'scale = 1');
  await startRunAll(page);
  const toast = alertToasts(page);
  await expect(toast).toBeVisible({ timeout: 30_000 });
  // Still executing: the tracked cell's prompt shows [*] and the run is open.
  await expect(
    page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt').nth(1)
  ).toHaveText('[*]:');
  await expect(runRow(page, 2)).toContainText('running');
  await expect(toast).toContainText(
    `Run #2 of ${NOTEBOOK}: alert ${RULE} fired (loss = 1.2 at step 70)`
  );

  // The run ends; its second crossing (1.6 at step 120) did not fire again.
  await expectRuns(
    page,
    [
      { '#': '2', Status: 'completed' },
      { '#': '1', Status: 'completed' }
    ],
    60_000
  );
  await expect(alertToasts(page)).toHaveCount(1);
  await expect(
    page.locator('.jp-Notification-Toast-warning', { hasText: 'status:failed' })
  ).toHaveCount(0);

  // The notification opens the run.
  await runRow(page, 1).click();
  await toast.getByRole('button', { name: 'Open run' }).click();
  const details = runDetails(page);
  await expect(details).toContainText('Run #2');
  const alerts = details.getByRole('table', { name: 'Alerts', exact: true });
  await expect(alerts).toContainText(RULE);
  await expect(alerts).toContainText('loss = 1.2');
  await expect(alerts).toContainText('70');

  // Marked in the table, found by is:alerted.
  await waitForKernelIdle(page);
  const mark = runRow(page, 2).locator('.jp-runlog-AlertMark');
  await expect(mark).toHaveAttribute(
    'title',
    new RegExp(`${RULE} \\(loss = 1\\.2 at step 70\\)`)
  );
  await expect(runRow(page, 1).locator('.jp-runlog-AlertMark')).toHaveCount(0);
  const box = runsPanel(page).getByRole('searchbox', { name: 'Filter runs' });
  await box.fill('is:alerted');
  await expectRuns(page, [{ '#': '2' }]);
});

test('a bad rule is ignored with its message, shown in the settings editor', async ({
  page
}) => {
  await setAlertRules(page, ['loss > 1', 'loss >']);
  await page.reload();
  await expect(
    page.locator('.jp-Notification-Toast-warning', {
      hasText: 'Alert rule 2 ignored: Expected a value after > (loss >)'
    })
  ).toBeVisible({ timeout: 30_000 });

  await page.menu.clickMenuItem('Settings>Settings Editor');
  await page
    .locator('.jp-PluginList-entry', { hasText: 'Run log: alerts' })
    .click();
  const field = page.locator('.jp-runlog-AlertRules');
  await expect(field).toBeVisible();
  const second = field.getByRole('textbox', { name: 'Alert rule 2' });
  await expect(second).toHaveValue('loss >');
  await expect(field.getByRole('alert')).toHaveText(
    'Ignored: Expected a value after > (at character 7)'
  );
  await second.fill('loss > 2');
  await expect(field.getByRole('alert')).toHaveCount(0);
});

test('a crossing in the first cell of a new run is shown at once and recorded once the run exists', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(120_000);
  await setAlertRules(page, [RULE]);
  await openNotebook(page, tmpPath, NOTEBOOK);
  await openRunsPanel(page);
  // Only the tracked cell: its run is written when it ends.
  await waitForKernelIdle(page);
  await page.notebook.selectCells(1);
  await page.keyboard.press('Shift+Enter');

  const toast = alertToasts(page);
  await expect(toast).toContainText(
    `New run of ${NOTEBOOK}: alert ${RULE} fired (loss = 1.2 at step 70)`,
    { timeout: 30_000 }
  );
  await expect(
    page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt').nth(1)
  ).toHaveText('[*]:');

  // The run exists once the cell ended: the notification names it, the run is marked.
  await expectRuns(page, [{ '#': '1', Status: 'completed' }], 60_000);
  await expect(toast).toContainText(
    `Run #1 of ${NOTEBOOK}: alert ${RULE} fired (loss = 1.2 at step 70)`
  );
  await expect(runRow(page, 1).locator('.jp-runlog-AlertMark')).toHaveAttribute(
    'title',
    /loss > 1\.1 \(loss = 1\.2 at step 70\)/
  );
  await expect(alertToasts(page)).toHaveCount(1);
});
