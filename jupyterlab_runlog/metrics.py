"""The kernel-side ``log()`` helper: report metrics to jupyterlab-runlog.

``log(loss=0.3, step=10)`` emits a display bundle of the runlog metrics MIME
type. All calls made while one cell executes accumulate into a single display
that is updated in place, so a training loop shows one compact output (and
the frontend captures one payload holding every series) instead of thousands.
"""

import math
import time

METRICS_MIME = "application/vnd.jupyterlab-runlog.metrics+json"
PAYLOAD_VERSION = 1

#: Most points kept per series; longer series are thinned evenly.
MAX_POINTS = 10_000

#: Least time between two display updates of the same cell. Every update
#: resends the whole payload, so updating on each call of a fast loop would
#: cost time quadratic in its length; the final state is flushed when the
#: cell finishes (IPython's ``post_execute`` event).
UPDATE_INTERVAL_S = 0.2

__all__ = ["log", "METRICS_MIME", "MAX_POINTS"]


class _Series:
    """A metric's points, thinned evenly to at most ``limit`` points.

    Points are numbered in arrival order; after thinning only arrivals on a
    grid of ``stride`` are kept, plus always the latest point, so the kept
    points stay evenly spread over the whole history.
    """

    def __init__(self, limit):
        self.limit = limit
        self.stride = 1
        self.arrivals = 0
        # (arrival index, step, value)
        self.points = []

    def add(self, step, value):
        index = self.arrivals
        self.arrivals += 1
        points = self.points
        if points and points[-1][0] % self.stride != 0:
            # The previous latest point was only kept for being the latest.
            points.pop()
        points.append((index, step, value))
        if len(points) > self.limit:
            self.stride *= 2
            stride = self.stride
            latest = points[-1]
            kept = [p for p in points[:-1] if p[0] % stride == 0]
            kept.append(latest)
            self.points = kept

    def as_json(self):
        return [[step, value] for _, step, value in self.points]


class _Metric:
    def __init__(self):
        self.value = None
        self.series = None

    def record(self, value, step):
        self.value = value
        if step is not None:
            if self.series is None:
                self.series = _Series(MAX_POINTS)
            self.series.add(step, value)

    def as_json(self):
        entry = {"value": self.value}
        if self.series is not None:
            entry["series"] = self.series.as_json()
        return entry


class _CellDisplay:
    """The metrics logged during one cell execution and their display."""

    def __init__(self, key):
        self.key = key
        self.metrics = {}
        self.last_step = None
        self.handle = None
        self.last_sent = 0.0
        self.dirty = False

    def record(self, values, step):
        for name, value in values.items():
            metric = self.metrics.get(name)
            if metric is None:
                metric = self.metrics[name] = _Metric()
            metric.record(value, step)
        if step is not None:
            self.last_step = step

    def bundle(self):
        payload = {
            "version": PAYLOAD_VERSION,
            "metrics": {name: m.as_json() for name, m in self.metrics.items()},
        }
        latest = {name: m.value for name, m in self.metrics.items()}
        return {
            METRICS_MIME: payload,
            "text/plain": _text_line(latest, self.last_step),
        }


_current = None
_flush_registered_on = set()


def log(metrics=None, /, *, step=None, **named):
    """Record metrics for the current run.

    ``log(loss=0.3, step=10)``, ``log({"val/acc": 0.9})`` or both forms at
    once. A metric logged with ``step`` becomes a series over steps (its value
    is the last one logged); without ``step`` it is a scalar. Names are
    non-empty strings, values real finite numbers (numpy scalars are fine).
    """
    values = _validated_metrics(metrics, named)
    step = _validated_step(step)
    shell = _ipython_shell()
    if shell is None:
        print(_text_line(values, step))
        return
    _record_in_shell(shell, values, step)


def _record_in_shell(shell, values, step):
    global _current
    key = _execution_key(shell)
    display = _current
    if display is None or display.key != key:
        display = _current = _CellDisplay(key)
    display.record(values, step)
    _register_flush(shell)

    now = time.monotonic()
    if display.handle is None:
        from IPython.display import display as show

        display.handle = show(display.bundle(), raw=True, display_id=True)
        display.last_sent = now
        display.dirty = False
    elif now - display.last_sent >= UPDATE_INTERVAL_S:
        _send_update(display, now)
    else:
        display.dirty = True


def _send_update(display, now):
    display.handle.update(display.bundle(), raw=True)
    display.last_sent = now
    display.dirty = False


def _flush_pending():
    """Send the last throttled update once the cell has finished."""
    display = _current
    if display is not None and display.dirty and display.handle is not None:
        _send_update(display, time.monotonic())


def _register_flush(shell):
    events = getattr(shell, "events", None)
    if events is None or id(shell) in _flush_registered_on:
        return
    events.register("post_execute", _flush_pending)
    _flush_registered_on.add(id(shell))


def _execution_key(shell):
    """Identify the cell execution in progress.

    The execution count alone is not enough: silent executions do not bump
    it. In a kernel the parent message id tells requests apart.
    """
    parent = getattr(shell, "parent_header", None)
    msg_id = parent.get("msg_id") if isinstance(parent, dict) else None
    return (id(shell), getattr(shell, "execution_count", None), msg_id)


def _ipython_shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _validated_metrics(metrics, named):
    if metrics is not None and not isinstance(metrics, dict):
        raise TypeError(
            "log() takes a dict of metrics or keyword arguments, "
            f"not {type(metrics).__name__}"
        )
    merged = dict(metrics or {})
    merged.update(named)
    if not merged:
        raise ValueError("log() needs at least one metric, e.g. log(loss=0.3)")
    values = {}
    for name, value in merged.items():
        if not isinstance(name, str) or not name.strip():
            raise TypeError(f"metric names must be non-empty strings, got {name!r}")
        values[name] = _real_number(value, f"metric {name!r}")
    return values


def _validated_step(step):
    if step is None:
        return None
    number = _real_number(step, "step")
    return int(number) if number.is_integer() else number


def _real_number(value, what):
    """Convert to a finite float, rejecting bools, strings and non-numbers."""
    # numpy's bool type is named bool_ (numpy 1) or bool (numpy 2).
    if isinstance(value, (str, bytes)) or type(value).__name__ in ("bool", "bool_"):
        raise TypeError(f"{what} must be a real number, got {type(value).__name__}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TypeError(
            f"{what} must be a real number, got {type(value).__name__}"
        ) from None
    if not math.isfinite(number):
        raise ValueError(f"{what} must be finite, got {number}")
    return number


def _format_number(value):
    if isinstance(value, int):
        return str(value)
    return format(value, ".6g")


def _text_line(values, step):
    parts = ["runlog"]
    parts.extend(f"{name}={_format_number(v)}" for name, v in values.items())
    line = " · ".join(parts)
    if step is not None:
        line += f" (step {_format_number(step)})"
    return line
