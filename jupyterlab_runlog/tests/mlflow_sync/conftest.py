"""Fixtures of the MLflow sync tests: a real ``mlflow server``, a Jupyter server with the extension.

pytest-jupyter's fixtures and hooks are imported here, not for the whole
suite, so the other tests run without a Jupyter server around them.
"""

import importlib.util
import os

import pytest
from pytest_jupyter.jupyter_server import *  # noqa: F403 - jp_fetch and the fixtures it needs

from jupyterlab_runlog.tests.mlflow_server import MlflowServer

from .payloads import closed_port_uri

HAVE_MLFLOW = importlib.util.find_spec("mlflow") is not None
needs_mlflow = pytest.mark.skipif(
    not HAVE_MLFLOW,
    reason="MLflow is not installed: pip install -r requirements-mlflow.txt (test.sh does it)",
)


@pytest.fixture(scope="session")
def mlflow_server(tmp_path_factory):
    """A real MLflow tracking server (SQLite, local artifacts) on a free port, for the session."""
    if not HAVE_MLFLOW:
        pytest.skip("MLflow is not installed: pip install -r requirements-mlflow.txt")
    server = MlflowServer(tmp_path_factory.mktemp("mlflow")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session", autouse=True)
def _fast_mlflow_client():
    """What the extension's worker process sets, for the tests that call push/pull directly."""
    saved = {
        name: os.environ.get(name)
        for name in (
            "MLFLOW_HTTP_REQUEST_TIMEOUT",
            "MLFLOW_HTTP_REQUEST_MAX_RETRIES",
            "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR",
        )
    }
    from jupyterlab_runlog.mlflow_sync.client import configure_environment

    configure_environment(10, 0)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def tracking_uri(mlflow_server):
    return mlflow_server.url


@pytest.fixture
def mlflow_client(mlflow_server):
    from mlflow.tracking import MlflowClient

    return MlflowClient(tracking_uri=mlflow_server.url)


@pytest.fixture
def jp_server_config(mlflow_server):
    """The Jupyter server of jp_fetch, with the extension and the test MLflow server as default."""
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_runlog": True}},
        "RunlogMlflow": {
            "tracking_uri": mlflow_server.url,
            "allowed_tracking_uris": [closed_port_uri()],
            "http_timeout": 10,
        },
    }
