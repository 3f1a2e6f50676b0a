"""MLflow sync: the Jupyter server extension part of jupyterlab-runlog (docs/mlflow-sync.md).

Loaded by the Jupyter server only (``_load_jupyter_server_extension`` in the
package), never by ``import jupyterlab_runlog`` in a kernel. MLflow itself is
imported only in the extension's worker process (worker.py).
"""

from __future__ import annotations

# One worker per process and settings: a server loaded again in the same
# process (tests) reuses it instead of starting and importing MLflow anew.
# concurrent.futures stops it when the process exits.
_workers: dict = {}


def load(server_app) -> None:
    from .config import INSTALL_HINT, RunlogMlflow, strip_credentials
    from .handlers import mlflow_version, setup_handlers
    from .worker import MlflowWorker

    config = RunlogMlflow(parent=server_app)
    settings = (config.http_timeout, config.http_max_retries)
    if settings not in _workers:
        _workers[settings] = MlflowWorker(*settings)
    setup_handlers(server_app.web_app, config, _workers[settings])
    server_app.log.info(
        "jupyterlab_runlog: MLflow sync at /runlog/mlflow/ "
        "(MLflow client: %s; default tracking URI: %s)",
        mlflow_version() or f"not installed, {INSTALL_HINT}",
        strip_credentials(config.tracking_uri) or "none",
    )
