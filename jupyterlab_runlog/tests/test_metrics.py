import decimal
import fractions
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jupyterlab_runlog import metrics
from jupyterlab_runlog.metrics import METRICS_MIME, log

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_display_in_progress(monkeypatch):
    """Calls made outside run_cell share one execution key; start each test afresh."""
    monkeypatch.setattr(metrics, "_current", None)


@pytest.fixture
def unthrottled(monkeypatch):
    monkeypatch.setattr(metrics, "UPDATE_INTERVAL_S", 0.0)


def run(shell, source):
    result = shell.run_cell(source, store_history=True)
    result.raise_error()
    return result


def payload(message):
    return message["data"][METRICS_MIME]


def display_ids(messages):
    return [m["transient"]["display_id"] for m in messages]


def test_payload_shape_for_scalars_and_series(shell, published):
    shell.user_ns["log"] = log
    run(shell, 'log(loss=0.5, step=1)\nlog({"val/acc": 0.9})\nlog(loss=0.25, step=2)')

    final = payload(published[-1])
    assert final["version"] == 1
    assert final["metrics"] == {
        "loss": {"value": 0.25, "series": [[1, 0.5], [2, 0.25]]},
        "val/acc": {"value": 0.9},
    }


def test_one_display_per_cell_updated_in_place(shell, published, unthrottled):
    shell.user_ns["log"] = log
    run(shell, "for i in range(1000):\n    log(loss=1 / (i + 1), step=i)")

    assert [m["update"] for m in published].count(False) == 1
    assert not published[0]["update"]
    assert len(set(display_ids(published))) == 1
    final = payload(published[-1])["metrics"]["loss"]
    assert len(final["series"]) == 1000
    assert final["series"][-1] == [999, 1 / 1000]
    assert final["value"] == 1 / 1000


def test_throttled_updates_still_end_with_the_full_payload(shell, published, monkeypatch):
    monkeypatch.setattr(metrics, "UPDATE_INTERVAL_S", 3600.0)
    shell.user_ns["log"] = log
    run(shell, "for i in range(500):\n    log(loss=float(i), step=i)")

    # The first call displays; the post_execute flush sends the final state.
    assert len(published) == 2
    assert [m["update"] for m in published] == [False, True]
    series = payload(published[-1])["metrics"]["loss"]["series"]
    assert [step for step, _ in series] == list(range(500))


def test_each_cell_gets_its_own_display(shell, published):
    shell.user_ns["log"] = log
    run(shell, "log(a=1.0)")
    run(shell, "log(b=2.0)")

    assert [m["update"] for m in published] == [False, False]
    first, second = display_ids(published)
    assert first != second
    # The second cell's display does not carry the first cell's metrics.
    assert list(payload(published[1])["metrics"]) == ["b"]


def test_silent_executions_are_told_apart_by_parent_message(shell, published, monkeypatch):
    shell.user_ns["log"] = log
    monkeypatch.setattr(shell, "parent_header", {"msg_id": "m1"}, raising=False)
    shell.run_cell("log(a=1.0)", silent=True)
    monkeypatch.setattr(shell, "parent_header", {"msg_id": "m2"}, raising=False)
    shell.run_cell("log(a=2.0)", silent=True)

    assert [m["update"] for m in published] == [False, False]


def test_text_plain_fallback_is_readable(shell, published):
    shell.user_ns["log"] = log
    run(shell, "log(loss=0.3, step=10)\nlog(acc=0.9)")

    assert published[0]["data"]["text/plain"] == "runlog · loss=0.3 (step 10)"
    assert published[-1]["data"]["text/plain"] == "runlog · loss=0.3 · acc=0.9 (step 10)"


def test_series_are_thinned_evenly_keeping_the_last_point(shell, published, monkeypatch):
    monkeypatch.setattr(metrics, "MAX_POINTS", 100)
    shell.user_ns["log"] = log
    run(shell, "for i in range(1001):\n    log(x=float(i), step=i)")

    series = payload(published[-1])["metrics"]["x"]["series"]
    steps = [step for step, _ in series]
    assert len(steps) <= 100
    assert len(steps) >= 50
    assert steps[0] == 0 and steps[-1] == 1000
    gaps = {b - a for a, b in zip(steps[:-2], steps[1:-1])}
    assert len(gaps) == 1  # evenly spaced apart from the always-kept last point


@pytest.mark.parametrize("count", [1, 99, 100, 101, 257, 10_000])
def test_series_bound_holds_for_any_length(count):
    series = metrics._Series(100)
    for i in range(count):
        series.add(i, float(i))
    points = series.as_json()
    if count <= 100:
        assert len(points) == count
    else:
        assert 50 <= len(points) <= 100
    assert points[-1] == [count - 1, float(count - 1)]
    assert points[0] == [0, 0.0]


class NumpyLikeScalar:
    """Stands in for numpy.float32 and friends: convertible with float()."""

    def __init__(self, value):
        self.value = value

    def __float__(self):
        return float(self.value)


@pytest.mark.parametrize(
    "value, expected",
    [
        (3, 3.0),
        (0.5, 0.5),
        (fractions.Fraction(1, 4), 0.25),
        (decimal.Decimal("1.5"), 1.5),
        (NumpyLikeScalar(2.5), 2.5),
    ],
)
def test_real_numbers_are_accepted_as_floats(shell, published, value, expected):
    log(m=value)
    entry = payload(published[-1])["metrics"]["m"]
    assert entry == {"value": expected}
    assert type(entry["value"]) is float


def test_numpy_scalars_are_accepted(shell, published):
    np = pytest.importorskip("numpy")
    log(a=np.float32(0.5), b=np.int64(3), step=np.int32(4))
    final = payload(published[-1])["metrics"]
    assert final["a"] == {"value": 0.5, "series": [[4, 0.5]]}
    assert final["b"]["value"] == 3.0
    with pytest.raises(TypeError, match="got bool"):
        log(flag=np.bool_(True))


@pytest.mark.parametrize(
    "args, kwargs, error, message",
    [
        ((), {}, ValueError, "at least one metric"),
        ((), {"loss": True}, TypeError, "metric 'loss' must be a real number, got bool"),
        ((), {"loss": "0.3"}, TypeError, "got str"),
        ((), {"loss": None}, TypeError, "got NoneType"),
        ((), {"loss": 1 + 2j}, TypeError, "got complex"),
        ((), {"loss": [0.1]}, TypeError, "got list"),
        ((), {"loss": float("nan")}, ValueError, "metric 'loss' must be finite"),
        ((), {"loss": float("inf")}, ValueError, "must be finite"),
        (({"": 1.0},), {}, TypeError, "non-empty strings"),
        (({"  ": 1.0},), {}, TypeError, "non-empty strings"),
        (({3: 1.0},), {}, TypeError, "non-empty strings"),
        (([("a", 1.0)],), {}, TypeError, "not list"),
        ((), {"loss": 0.1, "step": True}, TypeError, "step must be a real number"),
        ((), {"loss": 0.1, "step": float("nan")}, ValueError, "step must be finite"),
        ((), {"loss": 0.1, "step": "3"}, TypeError, "step must be a real number"),
    ],
)
def test_invalid_input_is_rejected_clearly(shell, published, args, kwargs, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(")):
        log(*args, **kwargs)
    assert published == []


@pytest.mark.parametrize("step, expected", [(3, 3), (3.0, 3), (0.5, 0.5)])
def test_integral_steps_are_stored_as_integers(shell, published, step, expected):
    log(x=1.0, step=step)
    [[stored, _]] = payload(published[-1])["metrics"]["x"]["series"]
    assert stored == expected
    assert type(stored) is type(expected)


def _run_plain_python(code):
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=True,
    )


def test_plain_python_prints_a_line_per_call():
    done = _run_plain_python(
        "from jupyterlab_runlog import log\n"
        "log(loss=0.3, step=10)\n"
        "log({'val/acc': 0.9})\n"
    )
    assert done.stdout.splitlines() == [
        "runlog · loss=0.3 (step 10)",
        "runlog · val/acc=0.9",
    ]


def test_works_where_ipython_is_not_installed():
    done = _run_plain_python(
        "import sys\n"
        "sys.modules['IPython'] = None  # makes 'import IPython' fail\n"
        "from jupyterlab_runlog import log\n"
        "log(acc=0.5)\n"
    )
    assert done.stdout.strip() == "runlog · acc=0.5"
