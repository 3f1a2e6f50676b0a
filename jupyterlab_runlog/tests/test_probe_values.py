"""The probe's pure parts: which names a cell assigns, and JSON conversion."""

import enum
import json
import sys

import pytest

from jupyterlab_runlog import _probe
from jupyterlab_runlog._probe import assigned_names, describe


def test_importing_the_file_as_a_module_registers_nothing():
    assert _probe.__name__ == "jupyterlab_runlog._probe"
    assert getattr(sys.modules.get("__runlog_probe__"), "describe", None) is not describe


@pytest.mark.parametrize(
    "code, names",
    [
        ("a = 1", ["a"]),
        ("a = b = 2", ["a", "b"]),
        ("a, b = 1, 2", ["a", "b"]),
        ("[a, (b, *c)] = 1, (2, 3)", ["a", "b", "c"]),
        ("a: int = 1\nb: int", ["a"]),
        ("a = 1\na += 1", ["a"]),
        ("obj.attr = 1\nitems[0] = 2\nd['k'] = 3", []),
        ("def f():\n    inner = 1\nclass C:\n    field = 2", []),
        ("if True:\n    nested = 1\nfor i in range(3):\n    pass", []),
        ("import os\nfrom math import pi", []),
        ("a = 1\nb = a * 2  # computed", ["a", "b"]),
        ("this is not python", []),
        ("", []),
    ],
)
def test_assigned_names(code, names):
    assert assigned_names(code) == names


class Color(enum.IntEnum):
    RED = 1


class Label(str, enum.Enum):
    GOOD = "good"


class NumpyLikeArray:
    """Duck-typed like numpy.ndarray, as the probe never imports numpy."""

    __module__ = "numpy"

    def __init__(self, values):
        self.values = values
        self.ndim = 1
        self.size = len(values)

    def tolist(self):
        return list(self.values)


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, 0),
        (-3, -3),
        (2**53, 2**53),
        (1e-3, 0.001),
        (True, True),
        (None, None),
        ("", ""),
        ("caf\u00e9", "caf\u00e9"),
        ([1, [2, [3]]], [1, [2, [3]]]),
        ((1, "a"), [1, "a"]),
        ({"a": {"b": [1.5, None]}}, {"a": {"b": [1.5, None]}}),
        (Color.RED, 1),
        (Label.GOOD, "good"),
        (NumpyLikeArray([1, 2]), [1, 2]),
    ],
)
def test_json_representable_values_are_exact(value, expected):
    entry = describe(value)
    assert entry == {"value": expected, "type": type(value).__name__, "exact": True}
    assert type(entry["value"]) is type(expected)


def _nested(depth):
    value = 0
    for _ in range(depth):
        value = [value]
    return value


def _cyclic():
    items = []
    items.append(items)
    return items


@pytest.mark.parametrize(
    "value",
    [
        float("nan"),
        float("inf"),
        [1.0, float("-inf")],
        2**53 + 1,
        {1: "int key"},
        {"ok": object()},
        {1, 2},
        b"bytes",
        1 + 2j,
        "x" * 100_001,
        list(range(30_000)),
        NumpyLikeArray(range(1001)),
        _nested(100),
        _cyclic(),
        object(),
    ],
    ids=[
        "nan", "inf", "nested-inf", "int-beyond-2**53", "int-keys", "object-inside",
        "set", "bytes", "complex", "string-over-100KB", "list-over-100KB",
        "array-over-1000-elements", "too-deep", "cyclic", "object",
    ],
)
def test_values_without_faithful_json_are_not_exact(value):
    entry = describe(value)
    assert entry["exact"] is False
    assert entry["value"] is None
    assert entry["type"] == type(value).__name__
    assert 0 < len(entry["repr"]) <= 200


def test_largest_exact_value_fits_the_size_cap():
    entry = describe("x" * 99_990)
    assert entry["exact"] is True
    assert len(json.dumps(entry["value"])) <= 100_000


def test_repr_is_short_and_survives_a_failing_repr():
    class Broken:
        def __repr__(self):
            raise RuntimeError("no repr")

    class Long:
        def __repr__(self):
            return "L" * 1000

    assert describe(Broken())["repr"].startswith("<Broken")
    long_repr = describe(Long())["repr"]
    assert len(long_repr) <= 200
    assert long_repr.startswith("LLL")
