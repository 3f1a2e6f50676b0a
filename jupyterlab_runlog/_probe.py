"""jupyterlab-runlog's kernel probe: trace-free reads of parameter values.

The frontend sends this file's text to Python kernels and runs it with
``exec()`` in a private dict whose ``__name__`` is ``__runlog_probe__``; it
then registers itself as ``sys.modules['__runlog_probe__']``. Nothing is bound
in the user's namespace. It needs only the standard library (IPython is used
when present), because the kernel's environment may not have jupyterlab_runlog.

Protocol, all through silent, history-free execute requests:

- ``expect(token, cell_source)`` before the parameters cell runs: a one-shot
  ``post_run_cell`` hook snapshots the values its top-level assignments bound;
- ``take(token)`` in ``user_expressions`` afterwards: its repr is the snapshot
  as JSON, ``{"pending": true}`` before the cell ran, ``{"missing": true}``
  for a token never expected;
- ``kernel_context()`` in ``user_expressions``: its repr is JSON about the
  interpreter.

Keep this file self-contained: scripts/embed-probe.mjs embeds it in the
frontend (src/capture/probeSource.generated.ts).
"""

import ast
import json
import math
import platform
import reprlib
import sys
import types

MODULE_NAME = "__runlog_probe__"
PROTOCOL_VERSION = 1

# The frontend passes the SHA-256 of this text in the exec dict so a kernel
# that still holds an older probe replaces it; None when executed otherwise.
SOURCE_DIGEST = globals().get("SOURCE_DIGEST")

MAX_VALUE_BYTES = 100_000
MAX_ARRAY_ELEMENTS = 1000
MAX_REPR_CHARS = 200
MAX_DEPTH = 64
# Tokens whose cell never ran (aborted, edited, ...) must not pile up.
MAX_PENDING = 64
# JavaScript numbers hold integers exactly only up to 2**53.
MAX_EXACT_INT = 2**53


class _NotExact(Exception):
    """The value has no faithful JSON form within the limits."""


class _JSONText:
    """Shows as JSON text, so IPython's text/plain of it is the JSON itself."""

    def __init__(self, data):
        self._text = json.dumps(data, ensure_ascii=True, allow_nan=False)

    def __repr__(self):
        return self._text


class _ProbeState:
    def __init__(self):
        self.expected = {}  # token -> cell source without trailing whitespace
        self.snapshots = {}  # token -> snapshot dict
        self.hooked_shell = None


_state = _ProbeState()


def expect(token, cell_source):
    """Snapshot the assigned values after the next run of ``cell_source``."""
    shell = _ipython_shell()
    if shell is None or getattr(shell, "events", None) is None:
        return None
    token = str(token)
    _state.snapshots.pop(token, None)
    _state.expected.pop(token, None)
    _state.expected[token] = str(cell_source).rstrip()
    _drop_oldest(_state.expected)
    if _state.hooked_shell is not shell:
        _unhook()
        shell.events.register("post_run_cell", _on_post_run_cell)
        _state.hooked_shell = shell
    return None


def take(token):
    """Hand over (and forget) the snapshot for ``token``."""
    token = str(token)
    snapshot = _state.snapshots.pop(token, None)
    if snapshot is not None:
        return _JSONText(snapshot)
    if token in _state.expected:
        return _JSONText({"pending": True})
    return _JSONText({"missing": True})


def kernel_context():
    return _JSONText(
        {
            "python": platform.python_version(),
            "implementation": platform.python_implementation(),
            "executable": sys.executable,
        }
    )


def _dispose():
    """Forget all state and remove the hook (used when a newer probe loads)."""
    _unhook()
    _state.expected.clear()
    _state.snapshots.clear()


def _on_post_run_cell(result):
    # An exception here would print a traceback under the user's cell.
    try:
        _handle_cell_result(result)
    except Exception:
        pass


def _handle_cell_result(result):
    shell = _state.hooked_shell
    raw_cell = getattr(getattr(result, "info", None), "raw_cell", None)
    if shell is None or not isinstance(raw_cell, str):
        return
    source = raw_cell.rstrip()
    tokens = [t for t, s in _state.expected.items() if s == source]
    if not tokens:
        return
    snapshot = _snapshot(shell, raw_cell, result)
    for token in tokens:
        del _state.expected[token]
        _state.snapshots[token] = snapshot
    _drop_oldest(_state.snapshots)
    if not _state.expected:
        _unhook()


def _unhook():
    shell = _state.hooked_shell
    _state.hooked_shell = None
    if shell is None:
        return
    try:
        shell.events.unregister("post_run_cell", _on_post_run_cell)
    except ValueError:
        pass


def _drop_oldest(entries):
    while len(entries) > MAX_PENDING:
        del entries[next(iter(entries))]


def _snapshot(shell, raw_cell, result):
    error = getattr(result, "success", True) is False
    try:
        names = assigned_names(_python_code(shell, raw_cell))
        namespace = shell.user_ns
        params = {name: describe(namespace[name]) for name in names if name in namespace}
    except Exception:
        return {"params": {}, "error": error, "probe_failed": True}
    return {"params": params, "error": error}


def _python_code(shell, raw_cell):
    """The cell as plain Python: IPython syntax (magics, !cmd) transformed."""
    try:
        return shell.transform_cell(raw_cell)
    except Exception:
        return raw_cell


def assigned_names(code):
    """Names bound by the top-level assignments of ``code``, in order."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return []
    names = []
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                _collect_target_names(target, names)
        elif isinstance(statement, ast.AnnAssign):
            if statement.value is not None:
                _collect_target_names(statement.target, names)
        elif isinstance(statement, ast.AugAssign):
            _collect_target_names(statement.target, names)
    return list(dict.fromkeys(names))


def _collect_target_names(target, names):
    if isinstance(target, ast.Name):
        names.append(target.id)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            _collect_target_names(element, names)
    elif isinstance(target, ast.Starred):
        _collect_target_names(target.value, names)


def describe(value):
    """A parameter entry: JSON value when exact, else null and a short repr."""
    entry = {"value": None, "type": type(value).__name__, "exact": False}
    try:
        converted = to_json(value)
        text = json.dumps(converted, ensure_ascii=False, allow_nan=False)
        if len(text.encode("utf-8", "surrogatepass")) > MAX_VALUE_BYTES:
            raise _NotExact()
    except Exception:
        entry["repr"] = _short_repr(value)
        return entry
    entry["value"] = converted
    entry["exact"] = True
    return entry


def to_json(value):
    """Convert to plain JSON data or raise _NotExact."""
    return _convert(value, 0, [MAX_VALUE_BYTES])


def _convert(value, depth, budget):
    # budget[0]: bytes of JSON still allowed, so huge values fail early.
    if depth > MAX_DEPTH:
        raise _NotExact()
    if value is None or isinstance(value, bool):
        _charge(budget, 5)
        return value
    if isinstance(value, int):
        if abs(value) > MAX_EXACT_INT:
            raise _NotExact()
        _charge(budget, 17)
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _NotExact()
        _charge(budget, 24)
        return float(value)
    if isinstance(value, str):
        _charge(budget, len(value) + 2)
        return str.__str__(value)
    if isinstance(value, (list, tuple)):
        _charge(budget, 2 + len(value))
        return [_convert(item, depth + 1, budget) for item in value]
    if isinstance(value, dict):
        _charge(budget, 2 + 2 * len(value))
        converted = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise _NotExact()
            converted[_convert(key, depth + 1, budget)] = _convert(item, depth + 1, budget)
        return converted
    return _convert_numpy(value, depth, budget)


def _convert_numpy(value, depth, budget):
    # Duck-typed so numpy is never imported here.
    module = type(value).__module__ or ""
    if module != "numpy" and not module.startswith("numpy."):
        raise _NotExact()
    if getattr(value, "ndim", 0) > 0:
        if getattr(value, "size", MAX_ARRAY_ELEMENTS + 1) > MAX_ARRAY_ELEMENTS:
            raise _NotExact()
        return _convert(value.tolist(), depth + 1, budget)
    if hasattr(value, "item"):
        return _convert(value.item(), depth + 1, budget)
    raise _NotExact()


def _charge(budget, size):
    budget[0] -= size
    if budget[0] < 0:
        raise _NotExact()


_reprs = reprlib.Repr()
_reprs.maxstring = MAX_REPR_CHARS
_reprs.maxother = MAX_REPR_CHARS


def _short_repr(value):
    try:
        text = _reprs.repr(value)
    except Exception:
        text = "<%s object>" % type(value).__name__
    if len(text) > MAX_REPR_CHARS:
        text = text[: MAX_REPR_CHARS - 1] + "\u2026"
    return text


def _ipython_shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _install():
    """Register as a module once; keep a running probe of the same source."""
    existing = sys.modules.get(MODULE_NAME)
    if existing is not None and hasattr(existing, "expect"):
        if getattr(existing, "SOURCE_DIGEST", None) == SOURCE_DIGEST:
            return
        dispose = getattr(existing, "_dispose", None)
        if callable(dispose):
            dispose()
    module = types.ModuleType(MODULE_NAME, __doc__)
    for name in (
        "PROTOCOL_VERSION",
        "SOURCE_DIGEST",
        "expect",
        "take",
        "kernel_context",
        "assigned_names",
        "describe",
        "to_json",
        "_dispose",
        "_state",
    ):
        setattr(module, name, globals()[name])
    sys.modules[MODULE_NAME] = module


# Importing this file as jupyterlab_runlog._probe (tests) registers nothing.
if __name__ == MODULE_NAME:
    _install()
