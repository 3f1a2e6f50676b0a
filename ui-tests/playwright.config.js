/**
 * Playwright configuration for the Galata ui-tests.
 *
 * Galata's defaults are spread first; the overrides drive Debian's Chromium
 * (/usr/bin/chromium) because Playwright's own browsers and ffmpeg cannot be
 * downloaded on the machines these tests run on.
 */
const path = require('path');
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const port = Number(process.env.RUNLOG_UI_PORT || 8888);
// The MLflow server the sync tests start (tests/mlflowServer.ts).
const mlflowPort = Number(process.env.RUNLOG_MLFLOW_PORT || 5000);
const venvBin = path.resolve(__dirname, '..', '.venv', 'bin');

module.exports = {
  ...baseConfig,
  testDir: './tests',
  // One JupyterLab server is shared by all tests and the machines have 2 cores.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    ...baseConfig.use,
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    video: 'off',
    launchOptions: {
      executablePath: process.env.RUNLOG_CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    }
  },
  webServer: {
    command: `${path.join(venvBin, 'jupyter')} lab --config jupyter_server_test_config.py`,
    url: `http://localhost:${port}/lab`,
    // Kernels are started by this server: put the repository's venv first.
    // The runlog server extension syncs to the tests' MLflow server.
    env: {
      ...process.env,
      PATH: `${venvBin}:${process.env.PATH}`,
      MLFLOW_TRACKING_URI: `http://127.0.0.1:${mlflowPort}`
    },
    reuseExistingServer: !process.env.CI,
    timeout: 120 * 1000
  }
};
