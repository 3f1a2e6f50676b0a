"""Push (mlflow_sync.push) against a real MLflow server, read back with MlflowClient."""

import base64
import socket
import threading
import time

from jupyterlab_runlog.mlflow_sync import push
from jupyterlab_runlog.mlflow_sync.config import ui_url
from jupyterlab_runlog.mlflow_sync.validate import check_push_request

from .conftest import needs_mlflow
from .payloads import START, closed_port_uri, deletion, push_body, run_payload, series

pytestmark = needs_mlflow

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n fake image bytes").decode()


def push_runs(uri, *runs):
    _, checked = check_push_request(push_body(*runs))
    return push.push_runs(uri, ui_url(uri), checked)


def history(client, run_id, key):
    return sorted((m.step, m.value, m.timestamp) for m in client.get_metric_history(run_id, key))


def test_push_creates_the_run_with_everything(tracking_uri, mlflow_client, tmp_path):
    run = run_payload(
        metrics=series("loss", 5) + series("acc", 3),
        artifacts=[
            {"path": "runlog/run.json", "content": '{"runs": []}', "encoding": "utf-8"},
            {"path": "runlog/cells/01-abc.py", "content": "lr = 0.01\n", "encoding": "utf-8"},
            {"path": "runlog/outputs/01-abc/0.png", "content": PNG, "encoding": "base64"},
        ],
    )
    [result] = push_runs(tracking_uri, run)

    assert result["ok"] is True, result
    assert result["warnings"] == []
    mlflow_run = mlflow_client.get_run(result["mlflow_run_id"])
    assert result["run_url"] == (
        f"{tracking_uri}/#/experiments/{result['mlflow_experiment_id']}/runs/{result['mlflow_run_id']}"
    )
    experiment = mlflow_client.get_experiment(result["mlflow_experiment_id"])
    assert experiment.name == run["experiment"]["name"]
    assert experiment.tags["runlog.experiment_id"] == run["experiment"]["runlog_experiment_id"]
    assert mlflow_run.info.run_name == "#1 train"
    assert mlflow_run.info.status == "FINISHED"
    assert (mlflow_run.info.start_time, mlflow_run.info.end_time) == (START, START + 5_000)
    assert mlflow_run.data.params == {"lr": "0.01", "model": "'gpt-4o'"}
    assert history(mlflow_client, mlflow_run.info.run_id, "loss") == [
        (step, 1.0 / (step + 1), START + step) for step in range(5)
    ]
    assert len(history(mlflow_client, mlflow_run.info.run_id, "acc")) == 3
    tags = mlflow_run.data.tags
    assert tags["runlog.run_id"] == run["runlog_run_id"]
    assert tags["mlflow.note.content"] == "first try"
    assert tags["runlog.starred"] == "true"
    assert tags["runlog.tags"] == '["baseline"]'
    listed = {a.path for a in mlflow_client.list_artifacts(mlflow_run.info.run_id, "runlog")}
    assert listed == {"runlog/run.json", "runlog/cells", "runlog/outputs"}
    folder = mlflow_client.download_artifacts(mlflow_run.info.run_id, "runlog", str(tmp_path))
    assert (tmp_path / "runlog" / "cells" / "01-abc.py").read_text() == "lr = 0.01\n"
    assert (tmp_path / "runlog" / "outputs" / "01-abc" / "0.png").read_bytes() == base64.b64decode(
        PNG
    )
    assert folder.endswith("runlog")


def test_pushing_again_duplicates_nothing(tracking_uri, mlflow_client):
    run = run_payload()
    [first] = push_runs(tracking_uri, run)
    # The browser lost the MLflow id (e.g. another browser): found again by the runlog.run_id tag.
    more = dict(run, metrics=series("loss", 8), tags=run["tags"] + [{"key": "extra", "value": "1"}])
    [second] = push_runs(tracking_uri, more)
    [third] = push_runs(tracking_uri, dict(more, mlflow_run_id=first["mlflow_run_id"]))

    assert first["mlflow_run_id"] == second["mlflow_run_id"] == third["mlflow_run_id"]
    found = mlflow_client.search_runs([first["mlflow_experiment_id"]])
    assert [r.info.run_id for r in found] == [first["mlflow_run_id"]]
    assert history(mlflow_client, first["mlflow_run_id"], "loss") == [
        (step, 1.0 / (step + 1), START + step) for step in range(8)
    ]
    assert mlflow_client.get_run(first["mlflow_run_id"]).data.tags["extra"] == "1"


def test_a_running_run_is_updated_when_it_closes(tracking_uri, mlflow_client):
    run = run_payload(status="RUNNING", end_time=None, metrics=series("loss", 2))
    [first] = push_runs(tracking_uri, run)
    assert mlflow_client.get_run(first["mlflow_run_id"]).info.status == "RUNNING"

    closed = dict(
        run,
        status="FAILED",
        end_time=START + 9_000,
        metrics=series("loss", 4),
        mlflow_run_id=first["mlflow_run_id"],
    )
    closed["tags"] = [
        t if t["key"] != "mlflow.note.content" else {**t, "value": "edited"} for t in run["tags"]
    ]
    [second] = push_runs(tracking_uri, closed)

    info = mlflow_client.get_run(second["mlflow_run_id"]).info
    assert (second["mlflow_run_id"], info.status, info.end_time) == (
        first["mlflow_run_id"],
        "FAILED",
        START + 9_000,
    )
    assert len(history(mlflow_client, info.run_id, "loss")) == 4
    assert mlflow_client.get_run(info.run_id).data.tags["mlflow.note.content"] == "edited"


def test_a_changed_param_keeps_its_first_value_with_a_warning(tracking_uri, mlflow_client):
    run = run_payload()
    push_runs(tracking_uri, run)
    changed = dict(
        run,
        params=[
            {"key": "lr", "value": "0.5"},
            {"key": "model", "value": "'gpt-4o'"},
            {"key": "new", "value": "x"},
        ],
    )
    [result] = push_runs(tracking_uri, changed)

    assert result["ok"] is True
    assert (
        len(result["warnings"]) == 1
        and '"lr"' in result["warnings"][0]
        and "0.01" in result["warnings"][0]
    )
    assert mlflow_client.get_run(result["mlflow_run_id"]).data.params == {
        "lr": "0.01",
        "model": "'gpt-4o'",
        "new": "x",
    }


def test_longest_values_mlflow_takes_arrive_whole(tracking_uri, mlflow_client):
    # The browser cuts values to these lengths (the whole value is in runlog/run.json).
    run = run_payload(
        params=[{"key": "k" * 250, "value": "v" * 6000}],
        tags=[{"key": "long", "value": "t" * 8000}],
    )
    [result] = push_runs(tracking_uri, run)
    data = mlflow_client.get_run(result["mlflow_run_id"]).data
    assert data.params == {"k" * 250: "v" * 6000}
    assert data.tags["long"] == "t" * 8000


def test_more_points_than_one_request_takes_are_sent_in_batches(
    tracking_uri, mlflow_client, monkeypatch
):
    sizes = []
    from mlflow.tracking import MlflowClient

    real = MlflowClient.log_batch

    def counting(self, run_id, metrics=(), params=(), tags=(), **kwargs):
        sizes.append((len(metrics), len(params), len(tags)))
        return real(self, run_id, metrics=metrics, params=params, tags=tags, **kwargs)

    monkeypatch.setattr(MlflowClient, "log_batch", counting)
    params = [{"key": f"p{index}", "value": str(index)} for index in range(150)]
    run = run_payload(params=params, metrics=series("loss", 2_300) + series("acc", 300))
    [result] = push_runs(tracking_uri, run)

    assert result["ok"] is True
    assert all(m <= 1000 and p <= 100 and t <= 100 and m + p + t <= 1000 for m, p, t in sizes), (
        sizes
    )
    assert sum(m for m, _, _ in sizes) == 2_600 and sum(p for _, p, _ in sizes) == 150
    assert len(sizes) == 3
    assert len(history(mlflow_client, result["mlflow_run_id"], "loss")) == 2_300
    assert len(mlflow_client.get_run(result["mlflow_run_id"]).data.params) == 150


def test_runs_of_one_push_succeed_or_fail_on_their_own(tracking_uri, mlflow_client):
    good = run_payload()
    # MLflow refuses a metric name with characters it does not allow.
    bad = run_payload(metrics=[{"key": "bad*name?", "value": 1.0, "step": 0, "timestamp": START}])
    results = push_runs(tracking_uri, good, bad)

    assert [r["ok"] for r in results] == [True, False]
    assert results[1]["retryable"] is False
    assert results[1]["error"]


def test_an_unreachable_server_is_a_retryable_error_quickly():
    started = time.monotonic()
    [result] = push_runs(closed_port_uri(), run_payload())
    assert result["ok"] is False and result["retryable"] is True
    assert time.monotonic() - started < 10


def test_a_server_that_never_answers_is_a_retryable_error_within_the_timeout(monkeypatch):
    # Accepts connections and never answers; the worker's timeout, shortened.
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_TIMEOUT", "2")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        # Twenty runs: one timeout, not twenty.
        results = push_runs(
            f"http://127.0.0.1:{listener.getsockname()[1]}", *[run_payload() for _ in range(20)]
        )
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()
    assert all(r["ok"] is False and r["retryable"] is True for r in results)
    assert "timeout" in results[0]["error"].lower()
    assert elapsed < 10


def test_push_to_a_serverless_sqlite_uri(tmp_path, monkeypatch):
    from mlflow.tracking import MlflowClient

    # Artifacts of a sqlite: store go to ./mlruns of the working directory, as for a script.
    monkeypatch.chdir(tmp_path)
    uri = f"sqlite:///{tmp_path / 'db.sqlite'}"
    run = run_payload(artifacts=[{"path": "runlog/run.json", "content": "{}", "encoding": "utf-8"}])
    [first] = push_runs(uri, run)
    [again] = push_runs(uri, run)

    assert first["ok"] is True and first["run_url"] is None
    assert again["mlflow_run_id"] == first["mlflow_run_id"]
    client = MlflowClient(tracking_uri=uri)
    mlflow_run = client.get_run(first["mlflow_run_id"])
    assert mlflow_run.info.status == "FINISHED" and mlflow_run.data.params["lr"] == "0.01"
    assert len(history(client, mlflow_run.info.run_id, "loss")) == 5
    assert [a.path for a in client.list_artifacts(mlflow_run.info.run_id, "runlog")] == [
        "runlog/run.json"
    ]


def stage(client, run_id):
    return client.get_run(run_id).info.lifecycle_stage


def all_run_ids(client, experiment_id):
    """Every run of the experiment, deleted ones too."""
    from mlflow.entities import ViewType

    return [r.info.run_id for r in client.search_runs([experiment_id], run_view_type=ViewType.ALL)]


def test_a_run_deleted_in_mlflow_is_restored_by_a_push_of_the_live_run(
    tracking_uri, mlflow_client
):
    run = run_payload()
    [first] = push_runs(tracking_uri, run)
    mlflow_client.delete_run(first["mlflow_run_id"])
    # Found by its id, and by its tag when the browser lost the id.
    [by_id] = push_runs(tracking_uri, dict(run, mlflow_run_id=first["mlflow_run_id"]))
    mlflow_client.delete_run(first["mlflow_run_id"])
    [by_tag] = push_runs(tracking_uri, dict(run, metrics=series("loss", 7)))

    assert by_id["ok"] and by_tag["ok"], (by_id, by_tag)
    assert by_id["mlflow_run_id"] == by_tag["mlflow_run_id"] == first["mlflow_run_id"]
    assert stage(mlflow_client, first["mlflow_run_id"]) == "active"
    # Logged after the restore: MLflow refuses logging to a deleted run.
    assert len(history(mlflow_client, first["mlflow_run_id"], "loss")) == 7


def test_a_deletion_marks_the_run_deleted_and_a_live_push_restores_it(
    tracking_uri, mlflow_client
):
    run = run_payload()
    [pushed] = push_runs(tracking_uri, run)
    mlflow_id = pushed["mlflow_run_id"]

    [deleted] = push_runs(tracking_uri, deletion(run, mlflow_run_id=mlflow_id))
    assert deleted == dict(pushed, warnings=[])
    assert stage(mlflow_client, mlflow_id) == "deleted"

    [restored] = push_runs(tracking_uri, dict(run, mlflow_run_id=mlflow_id))
    assert restored["ok"] and restored["mlflow_run_id"] == mlflow_id
    assert stage(mlflow_client, mlflow_id) == "active"
    assert mlflow_client.get_run(mlflow_id).data.params["lr"] == "0.01"


def test_deleting_twice_or_by_tag_alone_is_the_same(tracking_uri, mlflow_client):
    run = run_payload()
    [pushed] = push_runs(tracking_uri, run)
    mlflow_id = pushed["mlflow_run_id"]

    # The browser lost the MLflow id: found by the runlog.run_id tag in the experiment.
    [first] = push_runs(tracking_uri, deletion(run))
    [second] = push_runs(tracking_uri, deletion(run))
    [third] = push_runs(tracking_uri, deletion(run, mlflow_run_id=mlflow_id))

    assert first == second == third
    assert first["ok"] and first["mlflow_run_id"] == mlflow_id
    assert stage(mlflow_client, mlflow_id) == "deleted"
    assert all_run_ids(mlflow_client, pushed["mlflow_experiment_id"]) == [mlflow_id]


def test_a_deletion_of_a_run_mlflow_never_had_creates_nothing(tracking_uri, mlflow_client):
    never_pushed = run_payload()
    other = run_payload()  # An experiment that exists, without this run.
    [pushed_other] = push_runs(tracking_uri, other)
    in_existing = run_payload(experiment_name=other["experiment"]["name"])

    results = push_runs(
        tracking_uri,
        deletion(never_pushed),
        deletion(in_existing),
        deletion(run_payload(), experiment_name=None),
    )

    assert [r["ok"] for r in results] == [True, True, True]
    assert {(r["mlflow_run_id"], r["mlflow_experiment_id"], r["run_url"]) for r in results} == {
        (None, None, None)
    }
    assert mlflow_client.get_experiment_by_name(never_pushed["experiment"]["name"]) is None
    assert all_run_ids(mlflow_client, pushed_other["mlflow_experiment_id"]) == [
        pushed_other["mlflow_run_id"]
    ]


def test_a_deletion_does_not_touch_a_run_that_is_not_ours(tracking_uri, mlflow_client):
    mine, theirs = run_payload(), run_payload()
    [their_result] = push_runs(tracking_uri, theirs)
    # An id naming someone else's run (tag mismatch) is not taken for ours.
    [result] = push_runs(
        tracking_uri,
        deletion(mine, mlflow_run_id=their_result["mlflow_run_id"], experiment_name=None),
    )
    assert result["ok"] and result["mlflow_run_id"] is None
    assert stage(mlflow_client, their_result["mlflow_run_id"]) == "active"
