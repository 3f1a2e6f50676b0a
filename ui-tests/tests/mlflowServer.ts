/**
 * A real `mlflow server` (SQLite backend, local artifacts) for the MLflow
 * sync ui-tests, on RUNLOG_MLFLOW_PORT: the port the ui-tests' JupyterLab
 * has as MLFLOW_TRACKING_URI (playwright.config.js). Its data stays in one
 * folder, so a stopped server started again on the same folder has the same
 * runs (the offline test). Read runs back and log "script" runs with
 * ui-tests/mlflow_client.py and the official MLflow client.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';

const VENV_BIN = path.resolve(__dirname, '..', '..', '.venv', 'bin');
const CLIENT_SCRIPT = path.resolve(__dirname, '..', 'mlflow_client.py');

export const MLFLOW_PORT = Number(process.env.RUNLOG_MLFLOW_PORT || 5000);
export const MLFLOW_URL = `http://127.0.0.1:${MLFLOW_PORT}`;

export interface IMlflowServer {
  url: string;
  /** The folder with db.sqlite, the artifacts and the server's log. */
  dir: string;
  /** Stop the server and its workers; resolves once the port is free. */
  stop(): Promise<void>;
  /** Stop it (if running) and delete `dir`: after the last restart. */
  dispose(): Promise<void>;
}

/**
 * Start `mlflow server` from the repository's venv and wait for /health.
 * Pass the `dir` of a stopped server to start it again on its data.
 */
export async function startMlflow(
  options: { dir?: string; timeoutMs?: number } = {}
): Promise<IMlflowServer> {
  const dir =
    options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-mlflow-'));
  if (await isHealthy()) {
    throw new Error(
      `Something already answers on ${MLFLOW_URL}; set RUNLOG_MLFLOW_PORT to a free port.`
    );
  }
  const log = fs.openSync(path.join(dir, 'mlflow-server.log'), 'a');
  const child = spawn(
    path.join(VENV_BIN, 'mlflow'),
    [
      'server',
      '--backend-store-uri',
      `sqlite:///${path.join(dir, 'db.sqlite')}`,
      '--artifacts-destination',
      path.join(dir, 'artifacts'),
      '--host',
      '127.0.0.1',
      '--port',
      String(MLFLOW_PORT),
      '--workers',
      '1'
    ],
    {
      // Its own process group, so stop() ends the server's workers too.
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, MLFLOW_DISABLE_TELEMETRY: 'true' }
    }
  );
  fs.closeSync(log);
  let spawnError: Error | null = null;
  child.once('error', error => (spawnError = error));
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve())
  );
  const server: IMlflowServer = {
    url: MLFLOW_URL,
    dir,
    stop: () => stopGroup(child, exited),
    dispose: async () => {
      await stopGroup(child, exited);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (spawnError) {
      throw new Error(`Could not start mlflow server: ${spawnError}`);
    }
    if (child.exitCode !== null) {
      throw new Error(
        `mlflow server exited (${child.exitCode}); see ${path.join(dir, 'mlflow-server.log')}`
      );
    }
    if (await isHealthy()) {
      return server;
    }
    await sleep(500);
  }
  await server.stop();
  throw new Error(
    `mlflow server did not answer ${MLFLOW_URL}/health in time; see ${path.join(dir, 'mlflow-server.log')}`
  );
}

async function stopGroup(
  child: ChildProcess,
  exited: Promise<void>
): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // The group is gone already.
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    signal('SIGTERM');
    const stopped = await Promise.race([
      exited.then(() => true),
      sleep(15_000).then(() => false)
    ]);
    if (!stopped) {
      signal('SIGKILL');
      await exited;
    }
  }
  signal('SIGKILL'); // workers that outlived the main process
  const deadline = Date.now() + 15_000;
  while ((await isHealthy()) && Date.now() < deadline) {
    await sleep(200);
  }
}

function isHealthy(): Promise<boolean> {
  return new Promise(resolve => {
    const request = http.get(`${MLFLOW_URL}/health`, { timeout: 2000 }, res => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** Run ui-tests/mlflow_client.py and parse the JSON it prints last. */
function runClient<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(
      path.join(VENV_BIN, 'python'),
      [CLIENT_SCRIPT, ...args],
      { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`mlflow_client.py ${args[0]} failed: ${stderr}`));
          return;
        }
        const lines = stdout.trim().split('\n');
        resolve(JSON.parse(lines[lines.length - 1]));
      }
    );
  });
}

/** An MLflow run as mlflow_client.py reads it back. */
export interface IMlflowRunReadBack {
  run_id: string;
  experiment_id: string;
  experiment_name: string;
  run_name: string;
  status: string;
  /** `active`, or `deleted` while in MLflow's trash. */
  lifecycle_stage: string;
  start_time: number;
  end_time: number | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  /** `[step, value, timestamp]` per point, step order. */
  metrics: Record<string, [number, number, number][]>;
  artifacts: string[];
}

/**
 * Every MLflow run tagged with this runlog run id, deleted ones too (a
 * synced run: exactly one).
 */
export async function readMlflowRuns(
  runlogRunId: string,
  url = MLFLOW_URL
): Promise<IMlflowRunReadBack[]> {
  return (
    await runClient<{ runs: IMlflowRunReadBack[] }>(['show', url, runlogRunId])
  ).runs;
}

/** Log finished runs to an experiment the way a user's script does. */
export async function logScriptRuns(
  experimentName: string,
  count: number,
  url = MLFLOW_URL
): Promise<{ run_ids: string[]; experiment_id: string }> {
  return runClient(['log-runs', url, experimentName, String(count)]);
}
