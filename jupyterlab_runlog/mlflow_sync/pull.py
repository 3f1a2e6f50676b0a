"""Read runs from MLflow for the browser's pull (lists, then metric histories on demand).

``updated_after`` (epoch ms): MLflow's run search has no "last updated" field
and no OR, so the listing runs in two phases, both ordered by start time:
runs started at or after the time, then older runs that ended at or after it.
The page token the browser gets back is ours (phase + MLflow's token).
"""

from __future__ import annotations

import base64
import json
import math

from .config import experiment_url, run_url

MAX_RESULTS = 1000
MAX_HISTORY_POINTS = 10_000

_PHASES = ("started", "ended")


class PageTokenError(ValueError):
    pass


def list_runs(
    tracking_uri: str,
    ui_base: str | None,
    experiment_name: str,
    updated_after: int | None,
    page_token: str | None,
    max_results: int,
) -> dict:
    from mlflow.entities import ViewType

    from .client import make_client

    client = make_client(tracking_uri)
    phase, mlflow_token = read_page_token(page_token, updated_after)
    experiment = client.get_experiment_by_name(experiment_name)
    if experiment is None or experiment.lifecycle_stage != "active":
        return {"experiment": None, "runs": [], "next_page_token": None}
    experiment_id = experiment.experiment_id
    if updated_after is None:
        filter_string = ""
    elif phase == "started":
        filter_string = f"attributes.start_time >= {updated_after}"
    else:
        filter_string = (
            f"attributes.start_time < {updated_after} and attributes.end_time >= {updated_after}"
        )
    page = client.search_runs(
        [experiment_id],
        filter_string=filter_string,
        run_view_type=ViewType.ACTIVE_ONLY,
        max_results=max_results,
        order_by=["attributes.start_time ASC"],
        page_token=mlflow_token,
    )
    if page.token:
        next_token = _write_token(phase, page.token)
    elif updated_after is not None and phase == "started":
        next_token = _write_token("ended", None)
    else:
        next_token = None
    return {
        "experiment": {
            "id": experiment_id,
            "name": experiment.name,
            "url": experiment_url(ui_base, experiment_id),
        },
        "runs": [_run_data(run, ui_base) for run in page],
        "next_page_token": next_token,
    }


def metric_history(tracking_uri: str, run_id: str, key: str) -> dict:
    from .client import make_client

    points = [
        point
        for point in make_client(tracking_uri).get_metric_history(run_id, key)
        if math.isfinite(point.value)
    ]
    points.sort(key=lambda point: (point.step, point.timestamp))
    truncated = len(points) > MAX_HISTORY_POINTS
    if truncated:
        # Evenly spaced points, first and last kept, so a chart keeps its shape.
        last = len(points) - 1
        wanted = MAX_HISTORY_POINTS - 1
        points = [points[round(index * last / wanted)] for index in range(MAX_HISTORY_POINTS)]
    return {"history": [[point.step, point.value] for point in points], "truncated": truncated}


def _run_data(run, ui_base: str | None) -> dict:
    info, data = run.info, run.data
    metrics = {}
    # Latest value per key with its step and time (data.metrics has only values).
    for metric in getattr(data, "_metric_objs", None) or []:
        if math.isfinite(metric.value):
            metrics[metric.key] = {
                "value": metric.value,
                "step": metric.step,
                "timestamp": metric.timestamp,
            }
    if not metrics:
        for key, value in data.metrics.items():
            if math.isfinite(value):
                metrics[key] = {"value": value, "step": 0, "timestamp": info.start_time or 0}
    return {
        "run_id": info.run_id,
        "run_name": info.run_name,
        "experiment_id": info.experiment_id,
        "status": info.status,
        "start_time": info.start_time,
        "end_time": info.end_time,
        "params": dict(data.params),
        "metrics": metrics,
        "tags": dict(data.tags),
        "run_url": run_url(ui_base, info.experiment_id, info.run_id),
    }


def read_page_token(page_token: str | None, updated_after: int | None) -> tuple[str, str | None]:
    if not page_token:
        return "started", None
    try:
        decoded = json.loads(base64.urlsafe_b64decode(page_token.encode("ascii")))
        phase, token = decoded["phase"], decoded["token"]
    except (ValueError, TypeError, KeyError, UnicodeError):
        raise PageTokenError("page_token is not one this server gave.") from None
    if phase not in _PHASES or not (token is None or isinstance(token, str)):
        raise PageTokenError("page_token is not one this server gave.")
    if phase == "ended" and updated_after is None:
        raise PageTokenError("page_token belongs to a listing with updated_after.")
    return phase, token


def _write_token(phase: str, token: str | None) -> str:
    return base64.urlsafe_b64encode(json.dumps({"phase": phase, "token": token}).encode()).decode(
        "ascii"
    )
