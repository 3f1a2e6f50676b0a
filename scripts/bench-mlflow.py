"""Benchmark of the MLflow push: the runlog server extension against the MLflow client directly.

    .venv/bin/python scripts/bench-mlflow.py [--runs 1000] [--batch 20]

Starts a local `mlflow server` (SQLite, temporary folder) and a Jupyter server
with the runlog extension pointed at it, then
  1. pushes RUNS runs (20 params, 10 metrics, one 100-step series each) to the
     extension's POST /runlog/mlflow/push, BATCH runs per request as the
     browser sends them, and
  2. logs the same runs with MlflowClient directly (create_run, one log_batch,
     set_terminated per run),
batch after batch in turn (so both see the same load and database size), and
prints runs per second of both, their ratio, and the slowest answer of
the Jupyter server's /api/status while the extension pushed (is the server
still responsive). Prints figures only; nothing is asserted. Needs
requirements-mlflow.txt installed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jupyterlab_runlog.tests.mlflow_server import MlflowServer, free_port  # noqa: E402

TOKEN = uuid.uuid4().hex
START = 1_765_000_000_000


def make_run(index: int, experiment: str) -> dict:
    run_id = f"bench-{uuid.uuid4()}"
    metrics = [
        {"key": f"m{k}", "value": index * 0.001 + k, "step": 0, "timestamp": START + index}
        for k in range(10)
    ]
    metrics += [
        {"key": "loss", "value": 1.0 / (step + 1), "step": step, "timestamp": START + index + step}
        for step in range(100)
    ]
    return {
        "runlog_run_id": run_id,
        "experiment": {"name": experiment, "runlog_experiment_id": "bench"},
        "run_name": f"#{index + 1} bench",
        "status": "FINISHED",
        "start_time": START + index * 1_000,
        "end_time": START + index * 1_000 + 500,
        "params": [{"key": f"p{k}", "value": str(index * k)} for k in range(20)],
        "metrics": metrics,
        "tags": [
            {"key": "runlog.run_id", "value": run_id},
            {"key": "mlflow.source.name", "value": experiment},
        ],
        "artifacts": [],
        "mlflow_run_id": None,
        "deleted": False,
    }


def request(port: int, path: str, body: dict | None = None, timeout: float = 300):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=data,
        headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"},
        method="GET" if body is None else "POST",
    )
    with urllib.request.urlopen(req, timeout=timeout) as answer:
        return json.loads(answer.read())


def start_jupyter(folder: Path, tracking_uri: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "server",
        "--no-browser",
        f"--port={port}",
        f"--ServerApp.token={TOKEN}",
        f"--ServerApp.root_dir={folder}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    env = {**os.environ, "MLFLOW_TRACKING_URI": tracking_uri}
    log = open(folder / "jupyter.log", "ab")
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            request(port, "/runlog/mlflow/status", timeout=2)
            return process, port
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError(f"Jupyter server did not start; see {folder / 'jupyter.log'}")


class StatusProbe:
    """Polls the Jupyter server's /api/status and keeps the slowest answer (is it responsive?)."""

    def __init__(self, port: int):
        self.port = port
        self.slowest = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            started = time.perf_counter()
            request(self.port, "/api/status", timeout=30)
            self.slowest = max(self.slowest, time.perf_counter() - started)
            time.sleep(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def push_through_extension(port: int, runs: list[dict]) -> float:
    started = time.perf_counter()
    answer = request(port, "/runlog/mlflow/push", {"tracking_uri": "", "runs": runs})
    elapsed = time.perf_counter() - started
    failed = [r for r in answer["results"] if not r["ok"]]
    if failed:
        raise RuntimeError(f"push failed: {failed[0]}")
    return elapsed


def log_directly(client, experiment_id: str, runs: list[dict]) -> float:
    from mlflow.entities import Metric, Param, RunTag

    started = time.perf_counter()
    for run in runs:
        created = client.create_run(
            experiment_id, start_time=run["start_time"], run_name=run["run_name"]
        )
        client.log_batch(
            created.info.run_id,
            metrics=[
                Metric(m["key"], m["value"], m["timestamp"], m["step"]) for m in run["metrics"]
            ],
            params=[Param(p["key"], p["value"]) for p in run["params"]],
            tags=[RunTag(t["key"], t["value"]) for t in run["tags"]],
        )
        client.set_terminated(created.info.run_id, run["status"], end_time=run["end_time"])
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument(
        "--batch", type=int, default=20, help="runs per push request (the browser's batch)"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="runlog-bench-mlflow-") as folder:
        folder = Path(folder)
        server = MlflowServer(folder / "mlflow").start()
        jupyter = None
        try:
            jupyter, port = start_jupyter(folder, server.url)
            # The first push starts the extension's worker and imports MLflow there.
            warm = time.perf_counter()
            request(
                port, "/runlog/mlflow/push", {"tracking_uri": "", "runs": [make_run(0, "warm-up")]}
            )
            print(f"first push (worker start, MLflow import): {time.perf_counter() - warm:.2f} s")

            from mlflow.tracking import MlflowClient

            client = MlflowClient(tracking_uri=server.url)
            direct_experiment = client.create_experiment("bench/direct")
            extension_s = direct_s = 0.0
            # Alternating batches, so both see the same machine load and database size.
            with StatusProbe(port) as probe:
                for first in range(0, args.runs, args.batch):
                    count = min(args.batch, args.runs - first)
                    extension_s += push_through_extension(
                        port, [make_run(first + i, "bench/extension") for i in range(count)]
                    )
                    direct_s += log_directly(
                        client,
                        direct_experiment,
                        [make_run(first + i, "bench/direct") for i in range(count)],
                    )
            slowest_status = probe.slowest
        finally:
            if jupyter is not None:
                jupyter.terminate()
                jupyter.wait(timeout=30)
            server.stop()

    points = 110 * args.runs
    print(
        f"runs: {args.runs} (20 params, 10 metrics, a 100-step series each; {points} metric points)"
    )
    print(
        f"extension, {args.batch} runs per request: {extension_s:.1f} s, "
        f"{args.runs / extension_s:.1f} runs/s"
    )
    print(
        f"MlflowClient directly:               {direct_s:.1f} s, {args.runs / direct_s:.1f} runs/s"
    )
    print(f"ratio (extension time / direct time):  {extension_s / direct_s:.2f}x")
    print(f"slowest Jupyter /api/status answer while pushing: {slowest_status * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
