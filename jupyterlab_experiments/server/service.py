"""The store connection shared by all handlers of one Jupyter server."""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from ..client import LocalSageMakerClient, get_client
from ..exceptions import ExperimentsError, StoreUnavailable
from ..store.location import redact, resolve_store_url
from .config import ExperimentsConfig

ResultT = TypeVar("ResultT")


class ExperimentsService:
    """Open the store once per server and run blocking client calls on worker threads.

    The store is opened on first use rather than at server start. A database that
    is down at start-up then only makes the API return 503 until it is reachable,
    instead of keeping the extension from loading.

    Parameters
    ----------
    config : ExperimentsConfig
        The extension's settings.
    log : logging.Logger
        The server's logger.
    """

    def __init__(self, config: ExperimentsConfig, log: logging.Logger) -> None:
        self.config = config
        self._log = log
        self._executor = ThreadPoolExecutor(
            max_workers=config.worker_threads, thread_name_prefix="jupyterlab-experiments"
        )
        self._client: LocalSageMakerClient | None = None
        self._open_lock = threading.Lock()
        # The last opening failure logged at error level. The front end polls every
        # second or so, so repeats of the same failure are logged at debug level.
        self._last_failure: str | None = None

    async def run(self, func: Callable[..., ResultT], /, *args: Any, **kwargs: Any) -> ResultT:
        """Run ``func(client, *args, **kwargs)`` on a worker thread and return its result.

        Raises
        ------
        StoreUnavailable
            If the store cannot be opened.
        ExperimentsError
            Whatever ``func`` raises.
        """
        loop = asyncio.get_running_loop()
        call = functools.partial(self._call, func, args, kwargs)
        return await loop.run_in_executor(self._executor, call)

    def _call(
        self, func: Callable[..., ResultT], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> ResultT:
        return func(self._get_client(), *args, **kwargs)

    def _get_client(self) -> LocalSageMakerClient:
        with self._open_lock:
            if self._client is None:
                self._client = self._open_client()
            return self._client

    def _open_client(self) -> LocalSageMakerClient:
        configured = self.config.db_url or None
        try:
            client = get_client(configured)
        except ExperimentsError as error:
            self._log_open_failure(configured, error)
            if isinstance(error, StoreUnavailable):
                raise
            raise StoreUnavailable(
                f"The experiments store could not be opened: {error.message}"
            ) from error
        except Exception as error:
            # Driver and file-system errors can contain details of the host, so the
            # response only names the error type and the log has the rest.
            self._log_open_failure(configured, error)
            raise StoreUnavailable(
                f"The experiments store could not be opened ({type(error).__name__}). "
                "The Jupyter server log has the details."
            ) from error
        self._last_failure = None
        self._log.info(
            "jupyterlab_experiments: opened the store %s (artifacts in %s)",
            redact(client.store_url),
            client.artifact_root,
        )
        return client

    def _log_open_failure(self, configured: str | None, error: Exception) -> None:
        try:
            redacted_url = redact(resolve_store_url(configured))
        except ExperimentsError:
            redacted_url = "<invalid store URL>"
        failure = f"{type(error).__name__}: {error}"
        if failure == self._last_failure:
            self._log.debug("jupyterlab_experiments: store %s still unavailable", redacted_url)
            return
        self._last_failure = failure
        self._log.error(
            "jupyterlab_experiments: cannot open the store %s", redacted_url, exc_info=error
        )
