import pytest
from IPython.core.displaypub import CapturingDisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config


@pytest.fixture(scope="session")
def _session_shell():
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    config.InteractiveShell.colors = "nocolor"
    return InteractiveShell.instance(config=config)


@pytest.fixture
def shell(_session_shell):
    """The IPython shell with a fresh session, namespace and history."""
    shell = _session_shell
    shell.reset(new_session=True)
    return shell


@pytest.fixture
def published(shell, monkeypatch):
    """Display messages the shell publishes, as dicts (data, transient, update)."""
    publisher = CapturingDisplayPublisher(shell=shell)
    monkeypatch.setattr(shell, "display_pub", publisher)
    return publisher.outputs
