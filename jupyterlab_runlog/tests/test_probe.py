"""The kernel probe driven through a real IPython shell, with the exact code
the frontend sends (built by src/capture/kernelProbe.ts, see frontend_bridge)."""

import json
import platform
import re
import sys

import pytest

from .frontend_bridge import FrontendProbe, frontend_available

MODULE_NAME = "__runlog_probe__"

pytestmark = pytest.mark.skipif(
    not frontend_available(), reason="needs node and the npm dependencies (npm install)"
)


@pytest.fixture(scope="module")
def frontend():
    bridge = FrontendProbe()
    yield bridge
    bridge.close()


@pytest.fixture
def kernel(shell):
    """The shell without any probe loaded, and cleaned up afterwards."""
    _unload_probe()
    yield shell
    _unload_probe()


def _unload_probe():
    # The context expression loads the run probe too (test_run_probe.py).
    for name in (MODULE_NAME, "__runlog_run_probe__"):
        module = sys.modules.pop(name, None)
        if module is not None:
            module._dispose()


def run_silently(shell, code):
    """What the frontend does: silent: true, store_history: false."""
    result = shell.run_cell(code, store_history=False, silent=True)
    result.raise_error()


def run_user_cell(shell, source):
    return shell.run_cell(source, store_history=True)


def evaluate(shell, expression):
    reply = shell.user_expressions({"probe": expression})["probe"]
    assert reply["status"] == "ok", reply
    return reply["data"]["text/plain"]


def take(shell, frontend, token):
    return json.loads(evaluate(shell, frontend("probeTakeExpression", token)))


def snapshot_of(shell, frontend, source, token="t1"):
    run_silently(shell, frontend("probeExpectCode", token, source))
    run_user_cell(shell, source)
    return take(shell, frontend, token)


PARAMETERS_CELL = """\
learning_rate = 1e-3  # a comment
epochs = 30
name = 'say "hi", it\\'s me'
layers = [64, 32]
options = {"dropout": 0.1, "activation": "relu", "nested": {"k": [1, 2.5]}}
doubled = 0.1 * 2
enabled = True
missing = None
model = object()
ratio: float = 0.5
declared_only: int
a, (b, *rest) = 1, (2, 3, 4)
x = y = 7
counter = 1
counter += 2
pair = (1, "two")
"""


def test_snapshot_holds_exact_values_of_top_level_assignments(kernel, frontend):
    snapshot = snapshot_of(kernel, frontend, PARAMETERS_CELL)

    assert snapshot["error"] is False
    params = snapshot["params"]
    assert list(params) == [
        "learning_rate", "epochs", "name", "layers", "options", "doubled", "enabled",
        "missing", "model", "ratio", "a", "b", "rest", "x", "y", "counter", "pair",
    ]
    values = {name: entry["value"] for name, entry in params.items() if entry["exact"]}
    assert values == {
        "learning_rate": 0.001,
        "epochs": 30,
        "name": 'say "hi", it\'s me',
        "layers": [64, 32],
        "options": {"dropout": 0.1, "activation": "relu", "nested": {"k": [1, 2.5]}},
        "doubled": 0.2,
        "enabled": True,
        "missing": None,
        "ratio": 0.5,
        "a": 1,
        "b": 2,
        "rest": [3, 4],
        "x": 7,
        "y": 7,
        "counter": 3,
        "pair": [1, "two"],
    }
    assert params["model"]["exact"] is False
    assert params["model"]["value"] is None
    assert params["model"]["type"] == "object"
    assert params["model"]["repr"].startswith("<object object at 0x")
    assert params["learning_rate"]["type"] == "float"
    assert params["pair"]["type"] == "tuple"
    assert all("repr" not in entry for entry in params.values() if entry["exact"])


def history(shell):
    return shell.execution_count, list(shell.user_ns["In"]), dict(shell.user_ns["Out"])


def test_silent_requests_leave_no_trace(kernel, frontend, published, capsys):
    run_user_cell(kernel, "41 + 1")
    source = "lr = 0.5\nsteps = 10"
    history_before = history(kernel)
    last_result = kernel.user_ns["_"]
    capsys.readouterr()

    def assert_untouched_by(step):
        names_before = set(kernel.user_ns)
        step()
        assert set(kernel.user_ns) == names_before
        assert history(kernel) == history_before
        assert kernel.user_ns["_"] == last_result

    assert_untouched_by(lambda: run_silently(kernel, frontend("probeExpectCode", "t1", source)))
    assert_untouched_by(lambda: run_silently(kernel, frontend("probeSetupCode")))
    assert_untouched_by(lambda: evaluate(kernel, frontend("probeContextExpression")))
    assert capsys.readouterr() == ("", "")

    names_before = set(kernel.user_ns)
    run_user_cell(kernel, source)
    new_names = set(kernel.user_ns) - names_before
    # Only the user's variables and IPython's own input history appear.
    assert {n for n in new_names if not re.fullmatch(r"_i+\d*", n)} == {"lr", "steps"}
    history_before = history(kernel)

    snapshot = {}
    assert_untouched_by(lambda: snapshot.update(take(kernel, frontend, "t1")))
    assert snapshot["params"]["lr"]["value"] == 0.5
    assert kernel.user_ns["Out"] == {1: 42}
    assert published == []
    assert capsys.readouterr() == ("", "")


def test_hook_ignores_other_cells_and_fires_on_the_matching_one(kernel, frontend):
    hooks_before = list(kernel.events.callbacks["post_run_cell"])
    run_silently(kernel, frontend("probeExpectCode", "t1", "lr = 0.1\n"))

    run_user_cell(kernel, "lr = 5")
    assert take(kernel, frontend, "t1") == {"pending": True}
    assert len(kernel.events.callbacks["post_run_cell"]) == len(hooks_before) + 1

    run_user_cell(kernel, "lr = 0.1  \n\n")  # trailing whitespace does not matter
    assert take(kernel, frontend, "t1") == {
        "params": {"lr": {"value": 0.1, "type": "float", "exact": True}},
        "error": False,
    }
    # One-shot: the hook is gone and the snapshot was handed over once.
    assert kernel.events.callbacks["post_run_cell"] == hooks_before
    assert take(kernel, frontend, "t1") == {"missing": True}


def test_a_later_expect_for_the_same_token_replaces_the_earlier(kernel, frontend):
    run_silently(kernel, frontend("probeExpectCode", "t1", "a = 1"))
    run_silently(kernel, frontend("probeExpectCode", "t1", "b = 2"))

    run_user_cell(kernel, "a = 1")
    assert take(kernel, frontend, "t1") == {"pending": True}
    run_user_cell(kernel, "b = 2")
    assert take(kernel, frontend, "t1")["params"] == {
        "b": {"value": 2, "type": "int", "exact": True}
    }


def test_error_in_the_cell_is_reported_with_values_bound_before_it(kernel, frontend):
    source = "lr = 0.5\nraise ValueError('boom')\nlater = 1"
    snapshot = snapshot_of(kernel, frontend, source)

    assert snapshot == {
        "params": {"lr": {"value": 0.5, "type": "float", "exact": True}},
        "error": True,
    }


def test_reloading_the_same_probe_keeps_pending_state(kernel, frontend):
    run_silently(kernel, frontend("probeExpectCode", "t1", "a = 1"))
    module = sys.modules[MODULE_NAME]
    run_silently(kernel, frontend("probeSetupCode"))
    run_silently(kernel, frontend("probeExpectCode", "t2", "b = 2"))

    assert sys.modules[MODULE_NAME] is module
    run_user_cell(kernel, "a = 1")
    assert take(kernel, frontend, "t1")["params"]["a"]["value"] == 1


def test_a_different_probe_version_replaces_the_old_one(kernel, frontend):
    # An older extension left its probe (and its hook) in the kernel.
    with open(_probe_path(), encoding="utf-8") as file:
        source = file.read()
    exec(compile(source, "<old>", "exec"), {"__name__": MODULE_NAME, "SOURCE_DIGEST": "old"})
    old = sys.modules[MODULE_NAME]
    old.expect("stale", "a = 1")
    hooks_with_old = len(kernel.events.callbacks["post_run_cell"])

    run_silently(kernel, frontend("probeExpectCode", "t1", "a = 1"))

    assert sys.modules[MODULE_NAME] is not old
    assert len(kernel.events.callbacks["post_run_cell"]) == hooks_with_old
    run_user_cell(kernel, "a = 1")
    assert take(kernel, frontend, "t1")["params"]["a"]["value"] == 1


QUOTING_CASES = [
    ("double quotes", 's = "a \\"quoted\\" word"', 'a "quoted" word'),
    ("single quotes", "s = 'it\\'s'", "it's"),
    ("backslashes", "s = r'C:\\new\\table'", "C:\\new\\table"),
    ("triple quotes", 's = """one\n\'\'\'two\'\'\'\nthree"""', "one\n'''two'''\nthree"),
    ("unicode", "s = 'caf\u00e9 \u2014 \u65e5\u672c \U0001f600'",
     "caf\u00e9 \u2014 \u65e5\u672c \U0001f600"),
    ("line separators", "s = 'a\u2028b'", "a\u2028b"),
    ("tabs and blank lines", "\n\ns = '\\t'\n\n\n", "\t"),
    ("escaped newline text", "s = 'line\\nnext'", "line\nnext"),
    ("IPython magic", "%config InteractiveShell.autocall = 0\ns = 'magic'", "magic"),
]


@pytest.mark.parametrize(
    "source, expected",
    [case[1:] for case in QUOTING_CASES],
    ids=[case[0] for case in QUOTING_CASES],
)
def test_any_cell_source_survives_quoting(kernel, frontend, source, expected):
    snapshot = snapshot_of(kernel, frontend, source)
    assert snapshot["params"]["s"] == {"value": expected, "type": "str", "exact": True}


@pytest.mark.parametrize("token", ["plain", "with 'quotes' and \"more\"", "\\\n\u00e9\U0001f600"])
def test_any_token_survives_quoting(kernel, frontend, token):
    snapshot = snapshot_of(kernel, frontend, "v = 1", token=token)
    assert snapshot["params"]["v"]["value"] == 1


def test_kernel_context_describes_the_interpreter(kernel, frontend):
    # The first request to a fresh kernel: the expression loads the probe itself.
    assert MODULE_NAME not in sys.modules
    text = evaluate(kernel, frontend("probeContextExpression"))

    assert frontend("parseKernelContext", text) == {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
    }


def test_frontend_parses_the_kernel_reply(kernel, frontend):
    run_silently(kernel, frontend("probeExpectCode", "t1", "lr = 0.25\nmodel = object()"))
    def parsed_reply():
        text = evaluate(kernel, frontend("probeTakeExpression", "t1"))
        return frontend("parseProbeSnapshot", text)

    assert parsed_reply() == {"pending": True}
    run_user_cell(kernel, "lr = 0.25\nmodel = object()")
    parsed = parsed_reply()

    assert parsed["pending"] is False
    assert parsed["error"] is False
    assert parsed["params"]["lr"] == {"value": 0.25, "type": "float", "exact": True}
    assert parsed["params"]["model"]["exact"] is False
    assert parsed["params"]["model"]["value"] is None


def test_numpy_values(kernel, frontend):
    pytest.importorskip("numpy")
    source = (
        "import numpy as np\n"
        "rate = np.float32(0.5)\n"
        "count = np.int64(3)\n"
        "flag = np.bool_(True)\n"
        "small = np.arange(6).reshape(2, 3)\n"
        "large = np.zeros(1001)\n"
        "bad = np.float64('nan')\n"
    )
    params = snapshot_of(kernel, frontend, source)["params"]

    assert params["rate"] == {"value": 0.5, "type": "float32", "exact": True}
    assert params["count"] == {"value": 3, "type": "int64", "exact": True}
    assert params["flag"]["value"] is True
    assert params["small"] == {"value": [[0, 1, 2], [3, 4, 5]], "type": "ndarray", "exact": True}
    assert params["large"]["exact"] is False
    assert params["large"]["repr"].startswith("array([0., 0., 0.,")
    assert params["bad"]["exact"] is False


def _probe_path():
    from pathlib import Path

    return Path(__file__).resolve().parents[1] / "_probe.py"
