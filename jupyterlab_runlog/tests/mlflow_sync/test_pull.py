"""Pull (jupyterlab_runlog.mlflow_sync.pull) of runs that scripts logged with the MLflow client."""

import uuid

from jupyterlab_runlog.mlflow_sync import pull

from .conftest import needs_mlflow

pytestmark = needs_mlflow

T0 = 1_766_000_000_000


def log_script_runs(client, experiment_name, count, start=T0, running=()):
    """Runs as a user's script logs them: params, a metric series, a finished status."""
    experiment_id = client.create_experiment(experiment_name)
    ids = []
    for index in range(count):
        run = client.create_run(
            experiment_id, start_time=start + index * 1_000, run_name=f"script-{index}"
        )
        client.log_param(run.info.run_id, "lr", str(0.1 * (index + 1)))
        for step in range(3):
            client.log_metric(
                run.info.run_id, "loss", 1.0 / (step + 1 + index), step=step, timestamp=start + step
            )
        if index not in running:
            client.set_terminated(run.info.run_id, "FINISHED", end_time=start + index * 1_000 + 500)
        ids.append(run.info.run_id)
    return experiment_id, ids


def listing(uri, name, updated_after=None, max_results=1000):
    runs, token, pages = [], None, 0
    while True:
        page = pull.list_runs(uri, pull_ui(uri), name, updated_after, token, max_results)
        runs += page["runs"]
        pages += 1
        token = page["next_page_token"]
        if not token:
            return page, runs, pages


def pull_ui(uri):
    from jupyterlab_runlog.mlflow_sync.config import ui_url

    return ui_url(uri)


def test_pull_lists_runs_a_script_logged(tracking_uri, mlflow_client):
    name = f"scripts/{uuid.uuid4().hex[:8]}"
    experiment_id, ids = log_script_runs(mlflow_client, name, 2)

    page, runs, _ = listing(tracking_uri, name)

    assert page["experiment"] == {
        "id": experiment_id,
        "name": name,
        "url": f"{tracking_uri}/#/experiments/{experiment_id}",
    }
    assert [run["run_id"] for run in runs] == ids  # start time order
    first = runs[0]
    assert first["run_name"] == "script-0" and first["status"] == "FINISHED"
    assert (first["start_time"], first["end_time"]) == (T0, T0 + 500)
    assert first["params"] == {"lr": "0.1"}
    assert first["metrics"] == {"loss": {"value": 1.0 / 3, "step": 2, "timestamp": T0 + 2}}
    assert first["run_url"] == f"{tracking_uri}/#/experiments/{experiment_id}/runs/{ids[0]}"
    assert first["tags"]["mlflow.runName"] == "script-0"


def test_a_missing_experiment_is_null(tracking_uri):
    page = pull.list_runs(tracking_uri, None, f"none/{uuid.uuid4().hex}", None, None, 10)
    assert page == {"experiment": None, "runs": [], "next_page_token": None}


def test_pull_pages_through_every_run_once(tracking_uri, mlflow_client):
    name = f"paging/{uuid.uuid4().hex[:8]}"
    _, ids = log_script_runs(mlflow_client, name, 7)
    _, runs, pages = listing(tracking_uri, name, max_results=3)
    assert [run["run_id"] for run in runs] == ids
    assert pages == 3


def test_updated_after_lists_new_runs_and_runs_that_ended_since(tracking_uri, mlflow_client):
    name = f"incremental/{uuid.uuid4().hex[:8]}"
    # Runs 0-2 started before the last pull; run 1 was still running then and ends later.
    _, old = log_script_runs(mlflow_client, name, 3, start=T0, running={1})
    last_pull = T0 + 10_000
    mlflow_client.set_terminated(old[1], "FINISHED", end_time=last_pull + 5_000)
    experiment_id = mlflow_client.get_experiment_by_name(name).experiment_id
    new = mlflow_client.create_run(
        experiment_id, start_time=last_pull + 1_000, run_name="new"
    ).info.run_id

    _, runs, pages = listing(tracking_uri, name, updated_after=last_pull, max_results=1)

    assert sorted(run["run_id"] for run in runs) == sorted([new, old[1]])
    assert pages >= 2


def test_metric_history_in_step_order(tracking_uri, mlflow_client):
    name = f"history/{uuid.uuid4().hex[:8]}"
    _, [run_id] = log_script_runs(mlflow_client, name, 1)
    assert pull.metric_history(tracking_uri, run_id, "loss") == {
        "history": [[0, 1.0], [1, 0.5], [2, 1.0 / 3]],
        "truncated": False,
    }
    assert pull.metric_history(tracking_uri, run_id, "absent") == {
        "history": [],
        "truncated": False,
    }


def test_metric_history_is_bounded(tracking_uri, mlflow_client, monkeypatch):
    from mlflow.entities import Metric

    monkeypatch.setattr(pull, "MAX_HISTORY_POINTS", 50)
    experiment_id = mlflow_client.create_experiment(f"long/{uuid.uuid4().hex[:8]}")
    run_id = mlflow_client.create_run(experiment_id).info.run_id
    mlflow_client.log_batch(
        run_id, metrics=[Metric("loss", float(step), T0 + step, step) for step in range(120)]
    )

    answer = pull.metric_history(tracking_uri, run_id, "loss")

    assert answer["truncated"] is True
    steps = [step for step, _ in answer["history"]]
    assert len(steps) == 50 and steps == sorted(steps) and len(set(steps)) == 50
    assert (steps[0], steps[-1]) == (0, 119)
