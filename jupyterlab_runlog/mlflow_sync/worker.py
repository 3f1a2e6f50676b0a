"""A worker process for the MLflow client, so the Jupyter server stays light and responsive.

MLflow's HTTP timeout and retries are read from environment variables; set in
the worker only, they cannot change the Jupyter server's environment, which
kernels inherit (a user's own MLflow calls keep their settings). The blocking
calls and their CPU work (protobuf, JSON) run there too, off the event loop.
One process: pushes are serialised, so two pushes of one run cannot both
create it.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from .client import configure_environment


class MlflowWorker:
    def __init__(self, http_timeout: float, http_max_retries: int):
        self._settings = (http_timeout, http_max_retries)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    # Not fork: the server has threads (and maybe locks held by them).
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=configure_environment,
                    initargs=self._settings,
                )
            return self._pool

    async def call(self, function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` in the worker; a crashed worker is replaced once."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor(), function, *args)
        except BrokenProcessPool:
            self._discard()
            return await loop.run_in_executor(self._executor(), function, *args)

    def _discard(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
