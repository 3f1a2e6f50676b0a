"""Strict checks of push bodies (no MLflow needed)."""

import base64

import pytest

from jupyterlab_runlog.mlflow_sync.validate import (
    RequestError,
    check_artifact_path,
    check_push_request,
)

from .payloads import deletion, push_body, run_payload


def test_a_good_push_is_returned_with_decoded_artifacts():
    run = run_payload(
        artifacts=[
            {"path": "runlog/run.json", "content": '{"é": 1}', "encoding": "utf-8"},
            {
                "path": "runlog/out/0.png",
                "content": base64.b64encode(b"\x00\x01").decode(),
                "encoding": "base64",
            },
        ]
    )
    uri, [checked] = check_push_request(push_body(run, tracking_uri="http://x"))
    assert uri == "http://x"
    assert checked["artifacts"] == [
        ("runlog/run.json", '{"é": 1}'.encode()),
        ("runlog/out/0.png", b"\x00\x01"),
    ]
    assert checked["params"] == [("lr", "0.01"), ("model", "'gpt-4o'")]
    assert checked["metrics"][0] == ("loss", 1.0, 0, run["start_time"])


def test_a_deletion_is_checked_and_returned_as_is():
    run = run_payload(mlflow_run_id="abc123")
    _, [checked, live] = check_push_request(push_body(deletion(run), run_payload()))
    assert checked == {
        "runlog_run_id": run["runlog_run_id"],
        "deleted": True,
        "mlflow_run_id": "abc123",
        "experiment_name": run["experiment"]["name"],
    }
    assert live["deleted"] is False


@pytest.mark.parametrize(
    "path",
    ["", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a\\b", "C:/x", "a/\x00", "a/."],
)
def test_artifact_paths_stay_inside_the_run(path):
    with pytest.raises(RequestError):
        check_artifact_path(path, "path")


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {"tracking_uri": "", "runs": []},
        {"tracking_uri": 5, "runs": [run_payload()]},
        {"runs": [run_payload()]},
        push_body(*[run_payload() for _ in range(101)]),
        push_body(run_payload(runlog_run_id="same"), run_payload(runlog_run_id="same")),
        push_body(run_payload(end_time=-1)),
        push_body(run_payload(start_time=True)),
        push_body(run_payload(params=[{"key": "a", "value": "1"}, {"key": "a", "value": "2"}])),
        push_body(run_payload(params=[{"key": "", "value": "1"}])),
        push_body(run_payload(tags=[{"key": "t", "value": "x" * 8001}])),
        push_body(run_payload(metrics=[{"key": "m", "value": True, "step": 0, "timestamp": 0}])),
        push_body(run_payload(metrics=[{"key": "m", "value": 1, "step": 1.5, "timestamp": 0}])),
        push_body(run_payload(mlflow_run_id="../../x")),
        push_body(run_payload(experiment={"name": "", "runlog_experiment_id": "e"})),
        push_body(run_payload(artifacts=[{"path": "a", "content": "\ud800", "encoding": "utf-8"}])),
        push_body(run_payload(artifacts=[{"path": "a", "content": "", "encoding": "latin-1"}])),
        push_body(run_payload(deleted="yes")),
        push_body(run_payload(deleted=None)),
        push_body({k: v for k, v in run_payload().items() if k != "deleted"}),
        # A deletion carries only what finds the run.
        push_body(deletion(run_payload(), params=[])),
        push_body(deletion(run_payload(), experiment_name="")),
        push_body(deletion(run_payload(), mlflow_run_id="../x")),
        push_body(deletion(run_payload(), runlog_run_id="x' or '1'='1")),
        push_body({k: v for k, v in deletion(run_payload()).items() if k != "experiment_name"}),
    ],
)
def test_malformed_pushes_are_refused(body):
    with pytest.raises(RequestError):
        check_push_request(body)
