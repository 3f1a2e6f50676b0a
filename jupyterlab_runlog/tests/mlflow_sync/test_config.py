"""Tracking URIs: which ones the browser may name, and how they are shown (no MLflow needed)."""

import pytest

from jupyterlab_runlog.mlflow_sync.config import (
    RunlogMlflow,
    redact_uris,
    strip_credentials,
    ui_url,
    uri_host,
)


@pytest.mark.parametrize(
    "uri, shown",
    [
        ("http://user:pw@mlflow.example:5000", "http://mlflow.example:5000"),
        ("https://mlflow.example/?token=abc&workspace=1", "https://mlflow.example/?workspace=1"),
        ("https://h/?X-Amz-Signature=s&api_key=k&access_token=t", "https://h/"),
        ("postgresql://me:secret@db/mlflow", "postgresql://db/mlflow"),
        ("sqlite:////tmp/mlflow.db", "sqlite:////tmp/mlflow.db"),
        ("databricks://profile", "databricks://profile"),
        ("", ""),
    ],
)
def test_strip_credentials(uri, shown):
    assert strip_credentials(uri) == shown


def test_ui_and_host():
    assert ui_url("http://u:p@localhost:5000/") == "http://localhost:5000"
    assert ui_url("https://team.example/mlflow") == "https://team.example/mlflow"
    assert ui_url("sqlite:///mlflow.db") is None and ui_url("file:///tmp/mlruns") is None
    assert uri_host("http://u:p@localhost:5000") == "localhost:5000"
    assert uri_host("sqlite:///mlflow.db") == "local" and uri_host("/tmp/mlruns") == "local"
    assert uri_host("databricks://profile") == "profile"


def test_the_browser_names_only_allowed_uris(monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    config = RunlogMlflow(
        tracking_uri="http://alice:pw@team:5000",
        allowed_tracking_uris=["sqlite:////data/m.db", "http://team:5000"],
    )
    # The default first; the allowed one equal to it without credentials is not repeated.
    assert config.configured_uris() == ["http://alice:pw@team:5000", "sqlite:////data/m.db"]
    assert config.resolve("") == "http://alice:pw@team:5000"
    assert config.resolve("http://team:5000") == "http://alice:pw@team:5000"
    assert config.resolve("sqlite:////data/m.db") == "sqlite:////data/m.db"
    assert config.resolve("http://other:5000") is None
    assert config.resolve("http://mallory:pw@team:5000") == "http://alice:pw@team:5000"
    assert RunlogMlflow().resolve("") is None


def test_default_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://env:5000")
    assert RunlogMlflow().tracking_uri == "http://env:5000"


def test_error_messages_lose_credentials():
    message = "API request to http://alice:pw@team:5000/api/2.0/x failed"
    assert (
        redact_uris(message, ["http://alice:pw@team:5000"])
        == "API request to http://team:5000/api/2.0/x failed"
    )
