"""REST endpoints under ``/runlog/mlflow/`` (shapes in src/model/mlflow/protocol.ts).

All of them sit behind the Jupyter server's authentication and XSRF checks
(APIHandler). Bodies and query arguments are checked before any MLflow call;
MLflow itself is only called in the worker process.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import re
from importlib.metadata import PackageNotFoundError, version

import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from . import tasks
from .config import INSTALL_HINT, RunlogMlflow, strip_credentials, ui_url, uri_host
from .pull import MAX_RESULTS, PageTokenError, read_page_token
from .validate import MAX_KEY_LENGTH, MAX_NAME_LENGTH, RequestError, check_push_request

MAX_PUSH_BODY_BYTES = 64 * 1024 * 1024
_MLFLOW_RUN_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def mlflow_version() -> str | None:
    """The MLflow client's version, or None when it cannot be imported (without importing it)."""
    try:
        if importlib.util.find_spec("mlflow") is None:
            return None
    except (ImportError, ValueError):
        return None
    for distribution in ("mlflow", "mlflow-skinny"):
        try:
            return version(distribution)
        except PackageNotFoundError:
            continue
    return "unknown"


class _MlflowHandler(APIHandler):
    def initialize(self, config: RunlogMlflow, worker):
        self.mlflow_config = config
        self.worker = worker

    def fail(self, status: int, message: str, retryable: bool | None = None) -> None:
        self.set_status(status)
        body = {"message": message}
        if retryable is not None:
            body["retryable"] = retryable
        self.finish(json.dumps(body))

    def check_available(self) -> bool:
        if mlflow_version() is None:
            self.fail(
                503,
                f"The MLflow client is not installed on the Jupyter server: {INSTALL_HINT}",
                False,
            )
            return False
        return True

    def tracking_uri(self, requested) -> str | None:
        """The configured URI the request names; answers 403/503 itself when there is none."""
        if not isinstance(requested, str):
            self.fail(400, "tracking_uri must be a string.")
            return None
        uri = self.mlflow_config.resolve(requested)
        if uri is None:
            if requested == "":
                self.fail(
                    503,
                    "No MLflow tracking URI is configured on the Jupyter server: set "
                    "MLFLOW_TRACKING_URI or c.RunlogMlflow.tracking_uri.",
                    False,
                )
            else:
                self.fail(
                    403,
                    f"The tracking URI {strip_credentials(requested)!r} is not allowed by the "
                    "Jupyter server (c.RunlogMlflow.allowed_tracking_uris).",
                )
        return uri

    async def call_worker(self, function, *args) -> dict | None:
        """The worker's answer, or None after answering 503 when the worker cannot run."""
        try:
            return await self.worker.call(function, *args)
        except Exception as error:  # noqa: BLE001 - e.g. the worker process was killed twice
            self.log.warning("jupyterlab_runlog: MLflow worker failed: %r", error)
            self.fail(503, f"The MLflow worker process failed: {type(error).__name__}.", True)
            return None

    def answer_error(self, error: dict) -> None:
        if error["retryable"]:
            self.fail(503, error["message"], True)
        elif error["code"] == "RESOURCE_DOES_NOT_EXIST":
            self.fail(404, error["message"], False)
        else:
            self.fail(400, error["message"], False)


class StatusHandler(_MlflowHandler):
    @tornado.web.authenticated
    def get(self):
        installed = mlflow_version()
        default = self.mlflow_config.tracking_uri.strip()
        self.finish(
            json.dumps(
                {
                    "available": installed is not None,
                    "install_hint": None if installed else INSTALL_HINT,
                    "mlflow_version": installed,
                    "tracking_uris": [
                        {"uri": strip_credentials(uri), "ui_url": ui_url(uri)}
                        for uri in self.mlflow_config.configured_uris()
                    ],
                    "default_uri": strip_credentials(default) if default else None,
                }
            )
        )


class PushHandler(_MlflowHandler):
    @tornado.web.authenticated
    async def post(self):
        if not self.check_available():
            return
        if len(self.request.body) > MAX_PUSH_BODY_BYTES:
            return self.fail(
                400, f"The push is larger than {MAX_PUSH_BODY_BYTES // 2**20} MB; send fewer runs."
            )
        try:
            # Parsing and checking 20 runs takes ~20 ms of CPU: not on the event loop.
            requested, runs = await asyncio.get_running_loop().run_in_executor(
                None, _parse_push, self.request.body
            )
        except RequestError as error:
            return self.fail(400, str(error))
        uri = self.tracking_uri(requested)
        if uri is None:
            return
        answer = await self.call_worker(tasks.push, uri, ui_url(uri), runs)
        if answer is None:
            return
        if "error" in answer:
            error = answer["error"]
            results = [
                {
                    "runlog_run_id": run["runlog_run_id"],
                    "ok": False,
                    "retryable": error["retryable"],
                    "error": error["message"],
                }
                for run in runs
            ]
        else:
            results = answer["result"]
        self.finish(json.dumps({"results": results}))


class RunsHandler(_MlflowHandler):
    @tornado.web.authenticated
    async def get(self):
        if not self.check_available():
            return
        name = self.get_query_argument("experiment_name", "")
        if not 1 <= len(name) <= MAX_NAME_LENGTH:
            return self.fail(400, f"experiment_name must have 1 to {MAX_NAME_LENGTH} characters.")
        try:
            updated_after = _optional_int(
                self.get_query_argument("updated_after", ""), "updated_after", 0
            )
            max_results = (
                _optional_int(self.get_query_argument("max_results", ""), "max_results", 1)
                or MAX_RESULTS
            )
            if max_results > MAX_RESULTS:
                raise RequestError(f"max_results must be at most {MAX_RESULTS}.")
            page_token = self.get_query_argument("page_token", "") or None
            read_page_token(page_token, updated_after)
        except (RequestError, PageTokenError) as error:
            return self.fail(400, str(error))
        uri = self.tracking_uri(self.get_query_argument("tracking_uri", ""))
        if uri is None:
            return
        answer = await self.call_worker(
            tasks.runs, uri, ui_url(uri), name, updated_after, page_token, max_results
        )
        if answer is None:
            return
        if "error" in answer:
            return self.answer_error(answer["error"])
        self.finish(json.dumps({**answer["result"], "host": uri_host(uri)}))


class MetricHistoryHandler(_MlflowHandler):
    @tornado.web.authenticated
    async def get(self):
        if not self.check_available():
            return
        run_id = self.get_query_argument("run_id", "")
        key = self.get_query_argument("key", "")
        if not _MLFLOW_RUN_ID.match(run_id):
            return self.fail(400, "run_id is not an MLflow run id.")
        if not 1 <= len(key) <= MAX_KEY_LENGTH:
            return self.fail(400, f"key must have 1 to {MAX_KEY_LENGTH} characters.")
        uri = self.tracking_uri(self.get_query_argument("tracking_uri", ""))
        if uri is None:
            return
        answer = await self.call_worker(tasks.history, uri, run_id, key)
        if answer is None:
            return
        if "error" in answer:
            return self.answer_error(answer["error"])
        self.finish(json.dumps(answer["result"]))


def _parse_push(body: bytes) -> tuple[str, list[dict]]:
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise RequestError("The request body is not JSON.") from None
    try:
        return check_push_request(parsed)
    except RequestError as error:
        raise RequestError(f"Malformed push: {error}") from None


def _optional_int(text: str, name: str, minimum: int) -> int | None:
    if text == "":
        return None
    if not re.fullmatch(r"[0-9]{1,16}", text) or int(text) < minimum:
        raise RequestError(f"{name} must be an integer of at least {minimum}.")
    return int(text)


def setup_handlers(web_app, config: RunlogMlflow, worker) -> None:
    base = url_path_join(web_app.settings["base_url"], "runlog", "mlflow")
    options = {"config": config, "worker": worker}
    web_app.add_handlers(
        ".*$",
        [
            (url_path_join(base, "status"), StatusHandler, options),
            (url_path_join(base, "push"), PushHandler, options),
            (url_path_join(base, "runs"), RunsHandler, options),
            (url_path_join(base, "metric-history"), MetricHistoryHandler, options),
        ],
    )
