"""jupyterlab-runlog: experiment tracking beside the notebook.

The JupyterLab extension ships prebuilt inside this package; ``log`` is the
kernel-side helper that reports metrics to it.
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
