"""The server extension is enabled on install and costs kernels nothing."""

import json
import subprocess
import sys
from pathlib import Path

import jupyterlab_runlog

REPO = Path(__file__).resolve().parents[3]


def test_importing_the_package_in_a_kernel_stays_light():
    # A kernel imports jupyterlab_runlog for `log`: no Jupyter server, tornado or MLflow.
    heavy = ("jupyter_server", "tornado", "mlflow", "traitlets")
    code = f"import sys, jupyterlab_runlog; print([m for m in {heavy!r} if m in sys.modules])"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout
    assert loaded.strip() == "[]"


def test_the_package_declares_its_server_extension():
    assert jupyterlab_runlog._jupyter_server_extension_points() == [{"module": "jupyterlab_runlog"}]
    config = json.loads((REPO / "jupyter-config/server-config/jupyterlab_runlog.json").read_text())
    assert config == {"ServerApp": {"jpserver_extensions": {"jupyterlab_runlog": True}}}
    pyproject = (REPO / "pyproject.toml").read_text()
    assert '"jupyter-config/server-config" = "etc/jupyter/jupyter_server_config.d"' in pyproject
