"""Send captured metric points to the store in the background.

Points are buffered and sent with ``batch_put_metrics`` at a fixed interval, so a
job that is killed loses at most the points of the last interval. Failed sends
are retried with the next batch, in order.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from typing import Any

from .metric_capture import MetricPoint

logger = logging.getLogger(__name__)

#: Seconds between two sends; points reach the store within this time.
FLUSH_INTERVAL = 0.5


class MetricSink:
    """Buffer metric points of one trial component and send them periodically.

    Parameters
    ----------
    client : object
        Local SageMaker client with ``batch_put_metrics``.
    trial_component_name : str
        Component the points belong to.
    interval : float, default 0.5
        Seconds between sends.
    """

    def __init__(self, client: Any, trial_component_name: str, interval: float = FLUSH_INTERVAL):
        self._client = client
        self._trial_component_name = trial_component_name
        self._interval = interval
        self._buffer: list[MetricPoint] = []
        self._lock = threading.Lock()
        # Serialises sends so that the periodic thread and close() never interleave.
        self._send_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.sent = 0
        self.last_error: BaseException | None = None

    def start(self) -> None:
        """Start the background thread."""
        self._thread = threading.Thread(target=self._run, name="metric-sink", daemon=True)
        self._thread.start()

    def add(self, points: Iterable[MetricPoint]) -> None:
        """Queue points for the next send."""
        with self._lock:
            self._buffer.extend(points)

    @property
    def pending(self) -> int:
        """Number of points not yet stored."""
        with self._lock:
            return len(self._buffer)

    def flush(self) -> bool:
        """Send every queued point now; return False if the store rejected the send."""
        with self._send_lock:
            with self._lock:
                batch, self._buffer = self._buffer, []
            if not batch:
                return True
            try:
                response = self._client.batch_put_metrics(
                    TrialComponentName=self._trial_component_name,
                    MetricData=[point.to_boto() for point in batch],
                )
            except Exception as error:
                # Keep the points, in order, ahead of newer ones for the next try.
                with self._lock:
                    self._buffer[:0] = batch
                self.last_error = error
                logger.warning(
                    "Sending %d metric points of %s failed; retrying: %s",
                    len(batch),
                    self._trial_component_name,
                    error,
                )
                return False
            errors = (response or {}).get("Errors") or []
            if errors:
                logger.error(
                    "The store rejected %d of %d metric points of %s: %s",
                    len(errors),
                    len(batch),
                    self._trial_component_name,
                    errors[:3],
                )
            self.sent += len(batch) - len(errors)
            return True

    def close(self, attempts: int = 3) -> bool:
        """Stop the thread and send what is left; return True if nothing is left unsent."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        for _ in range(attempts):
            if self.flush() and self.pending == 0:
                return True
            time.sleep(self._interval)
        return self.pending == 0

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.flush()


__all__ = ["FLUSH_INTERVAL", "MetricSink"]
