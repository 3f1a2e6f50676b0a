/**
 * A JupyterLab of the benchmarks' own: started from the repository's venv with
 * the ui-tests' server configuration (Galata's: no auth, app exposed in the
 * page), in fresh temporary root, settings and workspace folders so toggling
 * capture never touches the user's settings; stopped with its kernels.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
const VENV_BIN = path.join(ROOT, '.venv', 'bin');
const CONFIG = path.join(ROOT, 'ui-tests', 'jupyter_server_test_config.py');

/** Whether something already listens on the port (a leftover server). */
function portTaken(port) {
  return new Promise(resolve => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.once('listening', () => probe.close(() => resolve(false)));
    probe.listen(port, '127.0.0.1');
  });
}

async function waitForLab(baseUrl, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`JupyterLab exited early (code ${child.exitCode}).`);
    }
    try {
      const response = await fetch(`${baseUrl}/lab`);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(`JupyterLab did not answer at ${baseUrl} in ${timeoutMs} ms.`);
}

/**
 * Start JupyterLab on `port`; `prepareRoot(rootDir)` writes the notebooks
 * before the server starts; `env` adds to its environment (e.g.
 * MLFLOW_TRACKING_URI). Resolves with `{ baseUrl, rootDir, stop }`.
 */
export async function startLab({ port, prepareRoot, env = {}, log = () => {} }) {
  if (await portTaken(port)) {
    throw new Error(
      `Port ${port} is in use; stop that server or set RUNLOG_BENCH_PORT.`
    );
  }
  const scratch = mkdtempSync(path.join(tmpdir(), 'runlog-bench-'));
  const rootDir = path.join(scratch, 'root');
  const settingsDir = path.join(scratch, 'settings');
  mkdirSync(rootDir);
  // No news prompt popping up over the Runs panel mid-measurement.
  const notificationDir = path.join(
    settingsDir,
    '@jupyterlab',
    'apputils-extension'
  );
  mkdirSync(notificationDir, { recursive: true });
  writeFileSync(
    path.join(notificationDir, 'notification.jupyterlab-settings'),
    JSON.stringify({ fetchNews: 'false', checkForUpdates: false })
  );
  await prepareRoot?.(rootDir);
  const serverLog = [];
  const child = spawn(
    path.join(VENV_BIN, 'jupyter'),
    ['lab', '--config', CONFIG],
    {
      cwd: path.join(ROOT, 'ui-tests'),
      env: {
        ...process.env,
        // Kernels are started by this server: the venv's Python first.
        PATH: `${VENV_BIN}:${process.env.PATH}`,
        RUNLOG_UI_PORT: String(port),
        JUPYTERLAB_GALATA_ROOT_DIR: rootDir,
        JUPYTERLAB_SETTINGS_DIR: settingsDir,
        JUPYTERLAB_WORKSPACES_DIR: path.join(scratch, 'workspaces'),
        ...env
      },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  );
  const keep = chunk => {
    serverLog.push(chunk.toString());
    if (serverLog.length > 200) {
      serverLog.shift();
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const baseUrl = `http://localhost:${port}`;
  log(`JupyterLab (pid ${child.pid}) starting on ${baseUrl}`);
  try {
    await waitForLab(baseUrl, child, 120_000);
  } catch (error) {
    child.kill('SIGTERM');
    throw new Error(`${error.message}\n${serverLog.join('')}`);
  }

  const stop = async () => {
    // Shut the kernels down through the API first: they run in sessions of
    // their own and would outlive a killed server.
    try {
      const kernels = await (await fetch(`${baseUrl}/api/kernels`)).json();
      await Promise.all(
        kernels.map(kernel =>
          fetch(`${baseUrl}/api/kernels/${kernel.id}`, { method: 'DELETE' })
        )
      );
    } catch {
      // The server is already gone.
    }
    if (child.exitCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(scratch, { recursive: true, force: true });
  };
  return { baseUrl, rootDir, stop, serverLog };
}
