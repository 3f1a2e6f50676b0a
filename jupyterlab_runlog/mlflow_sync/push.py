"""Push runlog runs to MLflow: find or create the run, then log what it lacks.

Idempotent: the run is found again by ``payload.mlflow_run_id`` or by the
``runlog.run_id`` tag; params already logged and metric points already there
are not logged again. Each run succeeds or fails on its own.

A run in runlog's trash comes as a deletion: its MLflow run, when there is
one, is marked deleted (never created for that). A live run whose MLflow run
is deleted is restored first, since MLflow refuses logging to a deleted run.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .client import describe, is_retryable, is_unreachable, make_client
from .config import run_url

RUN_ID_TAG = "runlog.run_id"
EXPERIMENT_ID_TAG = "runlog.experiment_id"

# MLflow's log-batch limits per request.
MAX_BATCH_METRICS = 1000
MAX_BATCH_PARAMS = 100
MAX_BATCH_TAGS = 100
MAX_BATCH_ENTITIES = 1000


def push_runs(tracking_uri: str, ui_base: str | None, runs: list[dict]) -> list[dict]:
    """One result per checked run payload (validate.check_push_request), in order."""
    client = make_client(tracking_uri)
    experiments: dict[str, str] = {}
    results = []
    unreachable: str | None = None
    for payload in runs:
        if unreachable is not None:
            # Each run would wait for the same timeout again: they all wait for the retry.
            results.append(_failure(payload, True, unreachable))
            continue
        try:
            push = _push_deletion if payload["deleted"] else _push_run
            results.append(push(client, experiments, ui_base, payload))
        except Exception as error:  # noqa: BLE001 - every failure becomes a result
            message = describe(error, [tracking_uri])
            results.append(_failure(payload, is_retryable(error), message))
            if is_unreachable(error):
                unreachable = message
    return results


def _failure(payload: dict, retryable: bool, message: str) -> dict:
    return {
        "runlog_run_id": payload["runlog_run_id"],
        "ok": False,
        "retryable": retryable,
        "error": message,
    }


def _push_run(client, experiments: dict[str, str], ui_base: str | None, payload: dict) -> dict:
    name = payload["experiment"]["name"]
    if name not in experiments:
        experiments[name] = _experiment_id(
            client, name, payload["experiment"]["runlog_experiment_id"]
        )
    experiment_id = experiments[name]
    run = _find_run(client, experiment_id, payload)
    warnings: list[str] = []
    if run is not None and run.info.lifecycle_stage == "deleted":
        client.restore_run(run.info.run_id)
    if run is None:
        run = client.create_run(
            experiment_id,
            start_time=payload["start_time"],
            tags={RUN_ID_TAG: payload["runlog_run_id"]},
            run_name=payload["run_name"] or None,
        )
        params, metrics = payload["params"], payload["metrics"]
    else:
        params = _new_params(run, payload["params"], warnings)
        metrics = _new_metric_points(client, run, payload["metrics"])
    run_id = run.info.run_id
    _log_batches(client, run_id, params, metrics, payload["tags"])
    if payload["artifacts"]:
        _log_artifacts(client, run_id, payload["artifacts"])
    _set_status(client, run, payload)
    # A run found by its id may sit in another experiment (the name template changed).
    experiment_id = run.info.experiment_id
    return {
        "runlog_run_id": payload["runlog_run_id"],
        "ok": True,
        "mlflow_run_id": run_id,
        "mlflow_experiment_id": experiment_id,
        "run_url": run_url(ui_base, experiment_id, run_id),
        "warnings": warnings,
    }


def _push_deletion(client, experiments, ui_base: str | None, payload: dict) -> dict:
    """Mark the run's MLflow run deleted; nothing is created when MLflow has none."""
    run = _find_run_to_delete(client, payload)
    result = {
        "runlog_run_id": payload["runlog_run_id"],
        "ok": True,
        "mlflow_run_id": None,
        "mlflow_experiment_id": None,
        "run_url": None,
        "warnings": [],
    }
    if run is None:
        return result
    run_id, experiment_id = run.info.run_id, run.info.experiment_id
    if run.info.lifecycle_stage != "deleted":
        client.delete_run(run_id)
    result.update(
        mlflow_run_id=run_id,
        mlflow_experiment_id=experiment_id,
        run_url=run_url(ui_base, experiment_id, run_id),
    )
    return result


def _find_run_to_delete(client, payload: dict):
    """The MLflow run of a deletion, deleted or not, or None; creates nothing."""
    run = _run_by_id(client, payload)
    if run is not None or payload["experiment_name"] is None:
        return run
    experiment = client.get_experiment_by_name(payload["experiment_name"])
    if experiment is None or experiment.lifecycle_stage != "active":
        return None
    return _run_by_tag(client, experiment.experiment_id, payload)


def _experiment_id(client, name: str, runlog_experiment_id: str) -> str:
    from mlflow.exceptions import MlflowException

    experiment = client.get_experiment_by_name(name)
    if experiment is None:
        try:
            return client.create_experiment(name, tags={EXPERIMENT_ID_TAG: runlog_experiment_id})
        except MlflowException as error:
            # Another push created it in between.
            if error.error_code != "RESOURCE_ALREADY_EXISTS":
                raise
            experiment = client.get_experiment_by_name(name)
            if experiment is None:
                raise
    if experiment.lifecycle_stage != "active":
        raise MlflowException(
            f'The MLflow experiment "{name}" is deleted; restore it in MLflow or '
            "change the experiment name template.",
            error_code="INVALID_STATE",
        )
    if experiment.tags.get(EXPERIMENT_ID_TAG) != runlog_experiment_id:
        client.set_experiment_tag(experiment.experiment_id, EXPERIMENT_ID_TAG, runlog_experiment_id)
    return experiment.experiment_id


def _find_run(client, experiment_id: str, payload: dict):
    """The MLflow run an earlier push created (deleted ones too), or None."""
    return _run_by_id(client, payload) or _run_by_tag(client, experiment_id, payload)


def _run_by_id(client, payload: dict):
    """The run ``payload.mlflow_run_id`` names, if it still exists and is ours."""
    from mlflow.exceptions import MlflowException

    if not payload["mlflow_run_id"]:
        return None
    try:
        run = client.get_run(payload["mlflow_run_id"])
    except MlflowException as error:
        if error.error_code not in ("RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE"):
            raise
        return None
    return run if run.data.tags.get(RUN_ID_TAG) == payload["runlog_run_id"] else None


def _run_by_tag(client, experiment_id: str, payload: dict):
    """The run of the experiment tagged with our run id (deleted ones too), or None."""
    from mlflow.entities import ViewType

    # validate.py allows only [A-Za-z0-9._:-] in run ids: no quote can end the literal.
    found = client.search_runs(
        [experiment_id],
        filter_string=f"tags.\"{RUN_ID_TAG}\" = '{payload['runlog_run_id']}'",
        run_view_type=ViewType.ALL,
        max_results=1,
    )
    return found[0] if found else None


def _new_params(run, params: list[tuple[str, str]], warnings: list[str]) -> list[tuple[str, str]]:
    logged = run.data.params
    new = []
    for key, value in params:
        if key not in logged:
            new.append((key, value))
        elif logged[key] != value:
            warnings.append(
                f'Parameter "{key}" keeps its first value in MLflow ({_short(logged[key])}): '
                "MLflow parameters cannot change."
            )
    return new


def _new_metric_points(client, run, metrics: list[tuple[str, float, int, int]]):
    """The points MLflow does not have yet (history fetched only for keys it has)."""
    logged_keys = set(run.data.metrics)
    known: dict[str, set[tuple[int, float, int]]] = {}
    new = []
    for key, value, step, timestamp in metrics:
        if key in logged_keys and key not in known:
            known[key] = {
                (point.step, point.value, point.timestamp)
                for point in client.get_metric_history(run.info.run_id, key)
            }
        if (step, value, timestamp) not in known.get(key, ()):
            new.append((key, value, step, timestamp))
    return new


def _log_batches(client, run_id: str, params, metrics, tags) -> None:
    from mlflow.entities import Metric, Param, RunTag

    params, metrics, tags = list(params), list(metrics), list(tags)
    while params or metrics or tags:
        batch_params, params = params[:MAX_BATCH_PARAMS], params[MAX_BATCH_PARAMS:]
        batch_tags, tags = tags[:MAX_BATCH_TAGS], tags[MAX_BATCH_TAGS:]
        room = min(MAX_BATCH_METRICS, MAX_BATCH_ENTITIES - len(batch_params) - len(batch_tags))
        batch_metrics, metrics = metrics[:room], metrics[room:]
        client.log_batch(
            run_id,
            metrics=[
                Metric(key, value, timestamp, step) for key, value, step, timestamp in batch_metrics
            ],
            params=[Param(key, value) for key, value in batch_params],
            tags=[RunTag(key, value) for key, value in batch_tags],
            synchronous=True,
        )


def _log_artifacts(client, run_id: str, artifacts: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory(prefix="runlog-artifacts-") as folder:
        root = Path(folder)
        for path, data in artifacts:
            target = root.joinpath(*path.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        client.log_artifacts(run_id, folder)


def _set_status(client, run, payload: dict) -> None:
    status = payload["status"]
    if status == "RUNNING":
        if run.info.status != "RUNNING":
            client.update_run(run.info.run_id, status="RUNNING")
        return
    if run.info.status == status and run.info.end_time == payload["end_time"]:
        return
    client.set_terminated(run.info.run_id, status=status, end_time=payload["end_time"])


def _short(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:59] + "…")
