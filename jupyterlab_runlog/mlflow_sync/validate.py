"""Strict checks of what the browser sends (src/model/mlflow/protocol.ts).

A request that fails any check is refused whole (HTTP 400) before anything
is written to MLflow. Pure Python; nothing here imports MLflow.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from typing import Any

RUN_STATUSES = ("RUNNING", "FINISHED", "FAILED", "KILLED")

MAX_RUNS_PER_PUSH = 100
MAX_PARAMS = 10_000
MAX_TAGS = 1_000
MAX_METRIC_POINTS = 200_000
MAX_ARTIFACTS = 1_000
MAX_KEY_LENGTH = 250
MAX_PARAM_VALUE_LENGTH = 6_000
MAX_TAG_VALUE_LENGTH = 8_000
MAX_NAME_LENGTH = 500
MAX_ARTIFACT_PATH_LENGTH = 500
# Largest integer a JSON number keeps exactly in the browser.
_MAX_SAFE_INTEGER = 2**53 - 1

# Our run ids (UUIDs) go into an MLflow search filter between single quotes:
# only these characters, so no quoting is ever needed.
_RUNLOG_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_MLFLOW_RUN_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

_RUN_FIELDS = {
    "runlog_run_id",
    "experiment",
    "run_name",
    "status",
    "start_time",
    "end_time",
    "params",
    "metrics",
    "tags",
    "artifacts",
    "mlflow_run_id",
    "deleted",
}
# A run to mark deleted in MLflow and nothing else (in the trash, or deleted for good).
_DELETION_FIELDS = {"runlog_run_id", "deleted", "mlflow_run_id", "experiment_name"}


class RequestError(ValueError):
    """A malformed request; the message says what and where."""


def check_push_request(body: Any) -> tuple[str, list[dict]]:
    """The tracking URI and runs of a push body, with artifacts decoded to bytes."""
    _check_fields(body, {"tracking_uri", "runs"}, "the request")
    tracking_uri = _string(body["tracking_uri"], "tracking_uri", 0, 2_000)
    runs = body["runs"]
    if not isinstance(runs, list) or not runs:
        raise RequestError("runs must be a non-empty list.")
    if len(runs) > MAX_RUNS_PER_PUSH:
        raise RequestError(f"runs has {len(runs)} runs; at most {MAX_RUNS_PER_PUSH} per push.")
    checked = [_check_run(run, f"runs[{index}]") for index, run in enumerate(runs)]
    ids = [run["runlog_run_id"] for run in checked]
    if len(set(ids)) != len(ids):
        raise RequestError("runs names the same runlog_run_id twice.")
    return tracking_uri, checked


def check_artifact_path(path: Any, where: str) -> str:
    """A relative, `/`-separated path that stays inside the run's artifacts."""
    path = _string(path, where, 1, MAX_ARTIFACT_PATH_LENGTH)
    if path.startswith("/") or "\\" in path or re.match(r"^[A-Za-z]:", path):
        raise RequestError(f"{where} must be a relative path with '/' separators: {path!r}.")
    segments = path.split("/")
    if any(segment in ("", ".", "..") for segment in segments):
        raise RequestError(f"{where} has an empty, '.' or '..' segment: {path!r}.")
    if any(ord(char) < 32 for char in path):
        raise RequestError(f"{where} contains a control character.")
    return path


def _check_run(run: Any, where: str) -> dict:
    if not isinstance(run, dict):
        raise RequestError(f"{where} must be an object.")
    deleted = run.get("deleted")
    if not isinstance(deleted, bool):
        raise RequestError(f"{where}.deleted must be true or false.")
    if deleted:
        return _check_deletion(run, where)
    _check_fields(run, _RUN_FIELDS, where)
    runlog_run_id = _runlog_run_id(run["runlog_run_id"], where)
    experiment = run["experiment"]
    _check_fields(experiment, {"name", "runlog_experiment_id"}, f"{where}.experiment")
    experiment_name = _string(experiment["name"], f"{where}.experiment.name", 1, MAX_NAME_LENGTH)
    experiment_id = _string(
        experiment["runlog_experiment_id"],
        f"{where}.experiment.runlog_experiment_id",
        1,
        MAX_TAG_VALUE_LENGTH,
    )
    status = run["status"]
    if status not in RUN_STATUSES:
        raise RequestError(f"{where}.status must be one of {', '.join(RUN_STATUSES)}.")
    end_time = run["end_time"]
    return {
        "runlog_run_id": runlog_run_id,
        "deleted": False,
        "experiment": {"name": experiment_name, "runlog_experiment_id": experiment_id},
        "run_name": _string(run["run_name"], f"{where}.run_name", 0, MAX_NAME_LENGTH),
        "status": status,
        "start_time": _integer(run["start_time"], f"{where}.start_time"),
        "end_time": None if end_time is None else _integer(end_time, f"{where}.end_time"),
        "params": _key_values(run["params"], f"{where}.params", MAX_PARAMS, MAX_PARAM_VALUE_LENGTH),
        "metrics": _metrics(run["metrics"], f"{where}.metrics"),
        "tags": _key_values(run["tags"], f"{where}.tags", MAX_TAGS, MAX_TAG_VALUE_LENGTH),
        "artifacts": _artifacts(run["artifacts"], f"{where}.artifacts"),
        "mlflow_run_id": _mlflow_run_id(run["mlflow_run_id"], where),
    }


def _check_deletion(run: dict, where: str) -> dict:
    _check_fields(run, _DELETION_FIELDS, where)
    experiment_name = run["experiment_name"]
    if experiment_name is not None:
        experiment_name = _string(experiment_name, f"{where}.experiment_name", 1, MAX_NAME_LENGTH)
    return {
        "runlog_run_id": _runlog_run_id(run["runlog_run_id"], where),
        "deleted": True,
        "mlflow_run_id": _mlflow_run_id(run["mlflow_run_id"], where),
        "experiment_name": experiment_name,
    }


def _runlog_run_id(value: Any, where: str) -> str:
    runlog_run_id = _string(value, f"{where}.runlog_run_id", 1, 128)
    if not _RUNLOG_ID.match(runlog_run_id):
        raise RequestError(f"{where}.runlog_run_id may only contain letters, digits and . _ : -.")
    return runlog_run_id


def _mlflow_run_id(value: Any, where: str) -> str | None:
    if value is None:
        return None
    mlflow_run_id = _string(value, f"{where}.mlflow_run_id", 1, 64)
    if not _MLFLOW_RUN_ID.match(mlflow_run_id):
        raise RequestError(f"{where}.mlflow_run_id is not an MLflow run id.")
    return mlflow_run_id


def _key_values(items: Any, where: str, max_items: int, max_value: int) -> list[tuple[str, str]]:
    items = _list(items, where, max_items)
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        _check_fields(item, {"key", "value"}, f"{where}[{index}]")
        key = _string(item["key"], f"{where}[{index}].key", 1, MAX_KEY_LENGTH)
        value = _string(item["value"], f"{where}[{index}].value", 0, max_value)
        if key in seen:
            raise RequestError(f"{where} has the key {key!r} twice.")
        seen.add(key)
        pairs.append((key, value))
    return pairs


def _metrics(items: Any, where: str) -> list[tuple[str, float, int, int]]:
    items = _list(items, where, MAX_METRIC_POINTS)
    points = []
    for index, item in enumerate(items):
        at = f"{where}[{index}]"
        _check_fields(item, {"key", "value", "step", "timestamp"}, at)
        key = _string(item["key"], f"{at}.key", 1, MAX_KEY_LENGTH)
        value = item["value"]
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            raise RequestError(f"{at}.value must be a finite number.")
        step = item["step"]
        if isinstance(step, bool) or not isinstance(step, int) or abs(step) > _MAX_SAFE_INTEGER:
            raise RequestError(f"{at}.step must be an integer.")
        points.append((key, float(value), step, _integer(item["timestamp"], f"{at}.timestamp")))
    return points


def _artifacts(items: Any, where: str) -> list[tuple[str, bytes]]:
    items = _list(items, where, MAX_ARTIFACTS)
    files: list[tuple[str, bytes]] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        at = f"{where}[{index}]"
        _check_fields(item, {"path", "content", "encoding"}, at)
        path = check_artifact_path(item["path"], f"{at}.path")
        if path in seen:
            raise RequestError(f"{where} has the path {path!r} twice.")
        seen.add(path)
        content = item["content"]
        if not isinstance(content, str):
            raise RequestError(f"{at}.content must be a string.")
        if item["encoding"] == "utf-8":
            data = content.encode("utf-8", errors="strict") if _is_encodable(content) else None
            if data is None:
                raise RequestError(f"{at}.content is not valid text.")
        elif item["encoding"] == "base64":
            try:
                data = base64.b64decode(content, validate=True)
            except (binascii.Error, ValueError):
                raise RequestError(f"{at}.content is not valid base64.") from None
        else:
            raise RequestError(f"{at}.encoding must be 'utf-8' or 'base64'.")
        files.append((path, data))
    return files


def _is_encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return False
    return True


def _check_fields(value: Any, fields: set[str], where: str) -> None:
    if not isinstance(value, dict):
        raise RequestError(f"{where} must be an object.")
    missing = sorted(fields - value.keys())
    if missing:
        raise RequestError(f"{where} lacks {', '.join(missing)}.")
    unknown = sorted(str(key) for key in value.keys() - fields)
    if unknown:
        raise RequestError(f"{where} has unknown fields: {', '.join(unknown)}.")


def _list(value: Any, where: str, max_items: int) -> list:
    if not isinstance(value, list):
        raise RequestError(f"{where} must be a list.")
    if len(value) > max_items:
        raise RequestError(f"{where} has {len(value)} items; at most {max_items}.")
    return value


def _string(value: Any, where: str, min_length: int, max_length: int) -> str:
    if not isinstance(value, str):
        raise RequestError(f"{where} must be a string.")
    if not min_length <= len(value) <= max_length:
        raise RequestError(
            f"{where} must have {min_length} to {max_length} characters; it has {len(value)}."
        )
    return value


def _integer(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_SAFE_INTEGER:
        raise RequestError(f"{where} must be a non-negative integer (epoch milliseconds).")
    return value
