"""Push payloads as the browser builds them (src/model/mlflow/protocol.ts), for the tests."""

import copy
import uuid

from jupyterlab_runlog.tests.mlflow_server import free_port

START = 1_765_000_000_000

_CLOSED_PORT = None


def closed_port_uri() -> str:
    """An http URI nothing listens on (chosen once per session)."""
    global _CLOSED_PORT
    if _CLOSED_PORT is None:
        _CLOSED_PORT = free_port()
    return f"http://127.0.0.1:{_CLOSED_PORT}"


def run_payload(**changes) -> dict:
    run_id = changes.pop("runlog_run_id", None) or str(uuid.uuid4())
    experiment = changes.pop("experiment_name", None) or f"work/{uuid.uuid4().hex[:8]}.ipynb"
    payload = {
        "runlog_run_id": run_id,
        "experiment": {"name": experiment, "runlog_experiment_id": "exp-" + experiment},
        "run_name": "#1 train",
        "status": "FINISHED",
        "start_time": START,
        "end_time": START + 5_000,
        "params": [{"key": "lr", "value": "0.01"}, {"key": "model", "value": "'gpt-4o'"}],
        "metrics": series("loss", 5),
        "tags": [
            {"key": "runlog.run_id", "value": run_id},
            {"key": "runlog.tags", "value": '["baseline"]'},
            {"key": "runlog.starred", "value": "true"},
            {"key": "mlflow.note.content", "value": "first try"},
            {"key": "mlflow.source.name", "value": experiment},
        ],
        "artifacts": [],
        "mlflow_run_id": None,
        "deleted": False,
    }
    payload.update(changes)
    return payload


def deletion(run: dict, **changes) -> dict:
    """The delete-only payload the browser sends for `run` once it is in the trash."""
    payload = {
        "runlog_run_id": run["runlog_run_id"],
        "deleted": True,
        "mlflow_run_id": run["mlflow_run_id"],
        "experiment_name": run["experiment"]["name"],
    }
    payload.update(changes)
    return payload


def series(key: str, count: int, start_step: int = 0) -> list:
    return [
        {"key": key, "value": 1.0 / (step + 1), "step": step, "timestamp": START + step}
        for step in range(start_step, start_step + count)
    ]


def push_body(*runs, tracking_uri: str = "") -> dict:
    return {"tracking_uri": tracking_uri, "runs": [copy.deepcopy(run) for run in runs]}
