"""The calls the handlers send to the worker process (worker.py).

Each returns plain data: MLflow's exceptions do not all survive pickling,
so a failure comes back as ``{"error": {message, retryable, code}}``.
"""

from __future__ import annotations

from typing import Any, Callable

from .client import describe, is_retryable


def _guarded(tracking_uri: str, call: Callable[[], Any]) -> dict:
    try:
        return {"result": call()}
    except Exception as error:  # noqa: BLE001 - reported to the browser as a sentence
        return {
            "error": {
                "message": describe(error, [tracking_uri]),
                "retryable": is_retryable(error),
                "code": getattr(error, "error_code", None),
            }
        }


def push(tracking_uri: str, ui_base: str | None, runs: list[dict]) -> dict:
    from .push import push_runs

    return _guarded(tracking_uri, lambda: push_runs(tracking_uri, ui_base, runs))


def runs(tracking_uri: str, ui_base: str | None, *args: Any) -> dict:
    from .pull import list_runs

    return _guarded(tracking_uri, lambda: list_runs(tracking_uri, ui_base, *args))


def history(tracking_uri: str, run_id: str, key: str) -> dict:
    from .pull import metric_history

    return _guarded(tracking_uri, lambda: metric_history(tracking_uri, run_id, key))
