"""Jupyter Server configuration for the Galata ui-tests.

Galata's helper turns off authentication and XSRF checks, loads its test
helper extension and serves from a fresh temporary folder (override it with
JUPYTERLAB_GALATA_ROOT_DIR). Never use this configuration for real work.
"""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (c is injected by Jupyter's config loader)

# Lets another port be chosen when 8888 is taken (keep in sync with playwright.config.js).
c.ServerApp.port = int(os.environ.get("RUNLOG_UI_PORT", "8888"))  # noqa: F821

# CI runs as root inside a container.
c.ServerApp.allow_root = True  # noqa: F821

# Uncomment to debug the server:
# c.ServerApp.log_level = "DEBUG"
