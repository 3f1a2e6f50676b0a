"""jupyterlab-runlog: experiment tracking beside the notebook.

The JupyterLab extension ships prebuilt inside this package; ``log`` is the
kernel-side helper that reports metrics to it; the Jupyter server extension
(``mlflow_sync``) syncs runs with MLflow.
"""

try:
    from ._version import __version__
except ImportError:  # running from a source tree that was never built
    import warnings

    warnings.warn("Importing 'jupyterlab_runlog' outside a proper installation.")
    __version__ = "dev"

from .metrics import log

__all__ = ["__version__", "log"]


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-runlog"}]


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_runlog"}]


def _load_jupyter_server_extension(server_app):
    # Imported here, not above: kernels import this package for `log`, and
    # must not pay for the Jupyter server or MLflow.
    from .mlflow_sync import load

    load(server_app)
