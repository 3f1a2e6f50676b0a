"""Which MLflow tracking URIs the server extension may call, and how they are shown.

The browser never sees a URI with credentials in it: it gets the URIs
without them and names one back; the server maps that name to the
configured URI. Nothing here imports MLflow.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from traitlets import Float, Int, List, Unicode, default
from traitlets.config import Configurable

INSTALL_HINT = 'pip install "jupyterlab_runlog[mlflow]"'

# Query parameters that carry secrets in tracking URIs of common backends
# (tokens, passwords, signed URLs); compared lower-case, by substring.
_SECRET_QUERY_WORDS = (
    "token",
    "password",
    "passwd",
    "secret",
    "key",
    "auth",
    "signature",
    "sig",
    "credential",
)

_LOCAL_SCHEMES = ("", "file", "sqlite")


class RunlogMlflow(Configurable):
    """MLflow sync of jupyterlab-runlog (``c.RunlogMlflow.*`` in jupyter_server_config.py)."""

    tracking_uri = Unicode(
        help=(
            "The tracking URI used when the browser's setting is empty. "
            "Default: the MLFLOW_TRACKING_URI environment variable; empty for none."
        ),
    ).tag(config=True)

    @default("tracking_uri")
    def _default_tracking_uri(self):
        return os.environ.get("MLFLOW_TRACKING_URI", "")

    allowed_tracking_uris = List(
        Unicode(),
        help=(
            "Further tracking URIs users may pick in the settings (credentials in "
            "them stay on the server). The default tracking_uri is always allowed."
        ),
    ).tag(config=True)

    http_timeout = Float(
        10.0,
        help=(
            "Seconds the MLflow client waits for an HTTP answer before the push "
            "is reported as retryable (MLFLOW_HTTP_REQUEST_TIMEOUT, set for the "
            "extension's worker process only)."
        ),
    ).tag(config=True)

    http_max_retries = Int(
        0,
        help=(
            "Retries of the MLflow client itself for 429/5xx answers "
            "(MLFLOW_HTTP_REQUEST_MAX_RETRIES in the worker). The browser retries "
            "waiting runs with its own back-off, so the default is none."
        ),
    ).tag(config=True)

    def configured_uris(self) -> list[str]:
        """The default URI (if any) then the allowed ones, without repeats."""
        seen: set[str] = set()
        uris: list[str] = []
        for uri in [self.tracking_uri, *self.allowed_tracking_uris]:
            uri = uri.strip()
            shown = strip_credentials(uri)
            if uri and shown not in seen:
                seen.add(shown)
                uris.append(uri)
        return uris

    def resolve(self, requested: str) -> str | None:
        """The configured URI the browser means by ``requested``, or None if not allowed.

        ``""`` means the default. URIs compare without their credentials, the
        way the browser was shown them.
        """
        if requested == "":
            return self.tracking_uri.strip() or None
        wanted = strip_credentials(requested.strip())
        for uri in self.configured_uris():
            if strip_credentials(uri) == wanted:
                return uri
        return None


def strip_credentials(uri: str) -> str:
    """The URI without ``user:password@`` and without query parameters that carry secrets.

    Edits the text rather than rebuilding it: ``urlunsplit`` would turn
    ``sqlite:////tmp/m.db`` into ``sqlite://tmp/m.db``.
    """
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "(invalid URI)"
    if "@" in parts.netloc:
        uri = uri.replace(parts.netloc, parts.netloc.rpartition("@")[2], 1)
    if parts.query:
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        kept = [
            (name, value)
            for name, value in pairs
            if not any(word in name.lower() for word in _SECRET_QUERY_WORDS)
        ]
        if len(kept) != len(pairs):
            before, _, after = uri.partition("?" + parts.query)
            uri = before + ("?" + urlencode(kept) if kept else "") + after
    return uri


def ui_url(uri: str) -> str | None:
    """Base address of the MLflow UI for an http(s) tracking server, else None."""
    shown = strip_credentials(uri)
    parts = urlsplit(shown)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def run_url(base: str | None, experiment_id: str, run_id: str) -> str | None:
    return f"{base}/#/experiments/{experiment_id}/runs/{run_id}" if base else None


def experiment_url(base: str | None, experiment_id: str) -> str | None:
    return f"{base}/#/experiments/{experiment_id}" if base else None


def uri_host(uri: str) -> str:
    """What pulled runs' origin names: the server's host[:port], or ``local`` for files."""
    parts = urlsplit(strip_credentials(uri))
    if parts.scheme in _LOCAL_SCHEMES:
        return "local"
    return parts.netloc or parts.scheme


def redact_uris(message: str, uris: list[str]) -> str:
    """A message with every configured URI shown without credentials."""
    for uri in uris:
        shown = strip_credentials(uri)
        if uri and uri != shown:
            message = message.replace(uri, shown)
            # MLflow quotes the URL it called (host + endpoint), which keeps the userinfo.
            user_info = urlsplit(uri).netloc.rpartition("@")[0]
            if user_info:
                message = message.replace(user_info + "@", "")
    return message
