"""The MLflow client as the extension uses it, and what its errors mean.

Runs in the extension's worker process (worker.py), where MLflow is imported
and where the short HTTP timeout is set, so an unreachable server fails fast
without changing the environment of the Jupyter server or its kernels.
"""

from __future__ import annotations

import os

from .config import redact_uris

# MLflow error codes that say "try again later".
_RETRYABLE_CODES = {
    "INTERNAL_ERROR",
    "TEMPORARILY_UNAVAILABLE",
    "REQUEST_LIMIT_EXCEEDED",
    "DEADLINE_EXCEEDED",
    "SERVICE_UNDER_MAINTENANCE",
    "ABORTED",
}
_MAX_MESSAGE_LENGTH = 500


def configure_environment(http_timeout: float, http_max_retries: int) -> None:
    """Make the MLflow client of this process give up quickly (worker initializer)."""
    os.environ["MLFLOW_HTTP_REQUEST_TIMEOUT"] = str(max(1, round(http_timeout)))
    os.environ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = str(max(0, http_max_retries))
    os.environ["MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR"] = "1"
    # set_terminated otherwise prints run links to the server's log, after
    # one more request to MLflow to read the run's name.
    os.environ["MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT"] = "true"
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")


def make_client(tracking_uri: str):
    from mlflow.tracking import MlflowClient

    return MlflowClient(tracking_uri=tracking_uri)


def is_retryable(error: BaseException) -> bool:
    """Unreachable, slow, 429 and 5xx: the run waits and is retried."""
    from mlflow.exceptions import MlflowException

    try:
        import requests

        if isinstance(error, requests.exceptions.RequestException):
            return True
    except ImportError:  # pragma: no cover - MLflow depends on requests
        pass
    if isinstance(error, (ConnectionError, TimeoutError)):
        return True
    if isinstance(error, MlflowException):
        if error.error_code in _RETRYABLE_CODES:
            return True
        try:
            status = error.get_http_status_code()
        except Exception:  # noqa: BLE001 - an unknown code maps to nothing
            return False
        return status == 429 or status >= 500
    # SQLite stores: a locked database or a full disk.
    return isinstance(error, OSError) or type(error).__name__ == "OperationalError"


def is_unreachable(error: BaseException) -> bool:
    """The server cannot be reached, times out or says to wait: more runs now would not help."""
    import requests

    seen: BaseException | None = error
    for _ in range(5):  # MLflow wraps the requests error (as cause or context)
        if seen is None:
            return False
        if isinstance(
            seen,
            (
                requests.exceptions.ConnectionError,
                requests.exceptions.Timeout,
                ConnectionError,
                TimeoutError,
            ),
        ):
            return True
        if getattr(seen, "error_code", None) in (
            "REQUEST_LIMIT_EXCEEDED",
            "TEMPORARILY_UNAVAILABLE",
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def describe(error: BaseException, uris: list[str]) -> str:
    """One sentence for the user, without credentials, not too long."""
    from mlflow.exceptions import MlflowException

    if isinstance(error, MlflowException):
        text = error.message
    else:
        text = f"{type(error).__name__}: {error}"
    text = redact_uris(" ".join(str(text).split()), uris)
    if len(text) > _MAX_MESSAGE_LENGTH:
        text = text[: _MAX_MESSAGE_LENGTH - 1] + "…"
    return text
