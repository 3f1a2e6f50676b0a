"""The worker process that runs the MLflow client (mlflow_sync/worker.py)."""

import os
from pathlib import Path

from jupyterlab_runlog.mlflow_sync.worker import MlflowWorker


def environment_and_pid(names):
    return {name: os.environ.get(name) for name in names}, os.getpid()


def crash_the_first_time(marker):
    marker = Path(marker)
    if not marker.exists():
        marker.write_text("crashed once")
        os._exit(1)
    return "second try"


async def test_timeouts_are_set_in_the_worker_only():
    names = ("MLFLOW_HTTP_REQUEST_TIMEOUT", "MLFLOW_HTTP_REQUEST_MAX_RETRIES")
    before = {name: os.environ.get(name) for name in names}
    worker = MlflowWorker(http_timeout=4, http_max_retries=1)
    try:
        environment, pid = await worker.call(environment_and_pid, names)
    finally:
        worker.shutdown()
    assert environment == {
        "MLFLOW_HTTP_REQUEST_TIMEOUT": "4",
        "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "1",
    }
    assert pid != os.getpid()
    # The Jupyter server's environment, which kernels inherit, is unchanged.
    assert {name: os.environ.get(name) for name in names} == before


async def test_a_crashed_worker_is_replaced(tmp_path):
    worker = MlflowWorker(http_timeout=4, http_max_retries=0)
    try:
        assert await worker.call(crash_the_first_time, str(tmp_path / "marker")) == "second try"
    finally:
        worker.shutdown()
