"""The /runlog/mlflow/ endpoints through a real Jupyter server (pytest-jupyter's jp_fetch)."""

import json
import sys
import time
import uuid

import pytest
from tornado.httpclient import HTTPClientError

from .conftest import needs_mlflow
from .payloads import closed_port_uri, push_body, run_payload


async def fetch_json(jp_fetch, endpoint, **kwargs):
    response = await jp_fetch("runlog", "mlflow", endpoint, **kwargs)
    return json.loads(response.body)


async def fetch_error(jp_fetch, endpoint, **kwargs):
    with pytest.raises(HTTPClientError) as raised:
        await jp_fetch("runlog", "mlflow", endpoint, **kwargs)
    return raised.value.code, json.loads(raised.value.response.body)


def post(body):
    return {"method": "POST", "body": body if isinstance(body, str) else json.dumps(body)}


@needs_mlflow
async def test_status_lists_the_allowed_uris(jp_fetch, tracking_uri):
    status = await fetch_json(jp_fetch, "status")
    assert status["available"] is True and status["install_hint"] is None
    assert status["mlflow_version"]
    assert status["default_uri"] == tracking_uri
    assert status["tracking_uris"] == [
        {"uri": tracking_uri, "ui_url": tracking_uri},
        {"uri": closed_port_uri(), "ui_url": closed_port_uri()},
        {"uri": "http://127.0.0.1:9/?x=1", "ui_url": "http://127.0.0.1:9"},
    ]


@pytest.fixture
def jp_server_config(jp_server_config):
    # A default URI with credentials in it: the status must never show them.
    config = json.loads(json.dumps(jp_server_config))
    secret = "http://alice:s3cret@127.0.0.1:9/?token=abc&x=1"
    config["RunlogMlflow"]["allowed_tracking_uris"].append(secret)
    return config


@needs_mlflow
async def test_credentials_never_reach_the_browser(jp_fetch):
    status = await fetch_json(jp_fetch, "status")
    text = json.dumps(status)
    assert "s3cret" not in text and "alice" not in text and "abc" not in text
    assert {"uri": "http://127.0.0.1:9/?x=1", "ui_url": "http://127.0.0.1:9"} in status[
        "tracking_uris"
    ]
    # Named without credentials, as shown: allowed (unreachable: retryable, no secret in the error).
    answer = await fetch_json(
        jp_fetch, "push", **post(push_body(run_payload(), tracking_uri="http://127.0.0.1:9/?x=1"))
    )
    [result] = answer["results"]
    assert result["ok"] is False and result["retryable"] is True
    assert "s3cret" not in result["error"]


@needs_mlflow
async def test_push_through_the_handler_then_pull_it_back(jp_fetch, mlflow_client):
    run = run_payload()
    [result] = (await fetch_json(jp_fetch, "push", **post(push_body(run))))["results"]
    assert result["ok"] is True, result
    assert mlflow_client.get_run(result["mlflow_run_id"]).data.params["lr"] == "0.01"

    page = await fetch_json(jp_fetch, "runs", params={"experiment_name": run["experiment"]["name"]})
    assert page["host"] == "127.0.0.1:" + mlflow_client.tracking_uri.rsplit(":", 1)[1]
    assert [r["run_id"] for r in page["runs"]] == [result["mlflow_run_id"]]
    assert page["runs"][0]["tags"]["runlog.run_id"] == run["runlog_run_id"]

    history = await fetch_json(
        jp_fetch, "metric-history", params={"run_id": result["mlflow_run_id"], "key": "loss"}
    )
    assert history == {
        "history": [[step, 1.0 / (step + 1)] for step in range(5)],
        "truncated": False,
    }


@needs_mlflow
async def test_a_tracking_uri_the_server_does_not_allow_is_refused(jp_fetch, mlflow_client):
    run = run_payload()
    code, body = await fetch_error(
        jp_fetch, "push", **post(push_body(run, tracking_uri="http://evil.example:5000"))
    )
    assert code == 403 and "not allowed" in body["message"]
    code, _ = await fetch_error(
        jp_fetch, "runs", params={"experiment_name": "x", "tracking_uri": "file:///etc"}
    )
    assert code == 403
    assert mlflow_client.get_experiment_by_name(run["experiment"]["name"]) is None


@needs_mlflow
@pytest.mark.parametrize(
    "change, message",
    [
        ({"status": "DONE"}, "status"),
        ({"start_time": "yesterday"}, "start_time"),
        ({"params": [{"key": "lr", "value": 0.1}]}, "params[0].value"),
        ({"params": [{"key": "lr", "value": "v" * 6001}]}, "params[0].value"),
        (
            {"metrics": [{"key": "loss", "value": "NaN", "step": 0, "timestamp": 1}]},
            "metrics[0].value",
        ),
        ({"runlog_run_id": "x' or '1'='1"}, "runlog_run_id"),
        ({"artifacts": [{"path": "../../etc/passwd", "content": "", "encoding": "utf-8"}]}, "'..'"),
        ({"artifacts": [{"path": "/abs/file", "content": "", "encoding": "utf-8"}]}, "relative"),
        ({"artifacts": [{"path": "a\\b.txt", "content": "", "encoding": "utf-8"}]}, "relative"),
        (
            {"artifacts": [{"path": "a.png", "content": "not base64!", "encoding": "base64"}]},
            "base64",
        ),
        ({"surprise": 1}, "unknown fields"),
        ({"deleted": "true"}, "deleted must be true or false"),
        ({"deleted": True}, "lacks experiment_name"),
    ],
)
async def test_a_malformed_push_is_refused_and_writes_nothing(
    jp_fetch, mlflow_client, change, message
):
    good = run_payload()
    bad = {**run_payload(), **change}
    code, body = await fetch_error(jp_fetch, "push", **post(push_body(good, bad)))
    assert code == 400 and message in body["message"], body
    for run in (good, bad):
        assert mlflow_client.get_experiment_by_name(run["experiment"]["name"]) is None


@needs_mlflow
@pytest.mark.parametrize(
    "endpoint, params",
    [
        ("runs", {}),
        ("runs", {"experiment_name": "x", "updated_after": "-5"}),
        ("runs", {"experiment_name": "x", "max_results": "5000"}),
        ("runs", {"experiment_name": "x", "page_token": "garbage"}),
        ("metric-history", {"run_id": "../x", "key": "loss"}),
        ("metric-history", {"run_id": "abc", "key": ""}),
    ],
)
async def test_malformed_queries_are_refused(jp_fetch, endpoint, params):
    code, body = await fetch_error(jp_fetch, endpoint, params=params)
    assert code == 400 and body["message"]


@needs_mlflow
async def test_body_that_is_not_json_is_refused(jp_fetch):
    code, body = await fetch_error(jp_fetch, "push", **post("{not json"))
    assert code == 400 and "JSON" in body["message"]


@needs_mlflow
async def test_an_unreachable_server_answers_quickly_with_a_retryable_error(jp_fetch):
    started = time.monotonic()
    answer = await fetch_json(
        jp_fetch, "push", **post(push_body(run_payload(), tracking_uri=closed_port_uri()))
    )
    [result] = answer["results"]
    assert result["ok"] is False and result["retryable"] is True
    code, body = await fetch_error(
        jp_fetch, "runs", params={"experiment_name": "x", "tracking_uri": closed_port_uri()}
    )
    assert code == 503 and body["retryable"] is True
    assert time.monotonic() - started < 20


async def test_without_mlflow_status_says_what_to_install_and_the_rest_is_503(
    jp_fetch, monkeypatch
):
    # `import mlflow` fails from here on, as where it is not installed.
    monkeypatch.setitem(sys.modules, "mlflow", None)
    with pytest.raises(ImportError):
        import mlflow  # noqa: F401
    status = await fetch_json(jp_fetch, "status")
    assert status["available"] is False
    assert status["install_hint"] == 'pip install "jupyterlab_runlog[mlflow]"'
    assert status["mlflow_version"] is None
    for endpoint, kwargs in [
        ("push", post(push_body(run_payload()))),
        ("runs", {"params": {"experiment_name": "x"}}),
        ("metric-history", {"params": {"run_id": "abc", "key": "loss"}}),
    ]:
        code, body = await fetch_error(jp_fetch, endpoint, **kwargs)
        assert code == 503 and 'pip install "jupyterlab_runlog[mlflow]"' in body["message"]


async def test_the_endpoints_need_the_servers_authentication(jp_fetch):
    code, _ = await fetch_error(jp_fetch, "status", headers={"Authorization": "token wrong"})
    assert code == 403


@needs_mlflow
async def test_pull_of_an_experiment_that_does_not_exist(jp_fetch):
    page = await fetch_json(
        jp_fetch, "runs", params={"experiment_name": f"none/{uuid.uuid4().hex}"}
    )
    assert page["experiment"] is None and page["runs"] == [] and page["host"]


@needs_mlflow
async def test_a_worker_that_cannot_run_is_a_retryable_503(jp_fetch, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    from jupyterlab_runlog.mlflow_sync.worker import MlflowWorker

    async def broken(self, function, *args):
        raise BrokenProcessPool("killed")

    monkeypatch.setattr(MlflowWorker, "call", broken)
    code, body = await fetch_error(jp_fetch, "push", **post(push_body(run_payload())))
    assert code == 503 and body["retryable"] is True
