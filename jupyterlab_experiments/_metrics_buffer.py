"""Buffered metric writes for ``Tracker.log_metric``.

``log_metric`` only appends to memory, so a training loop does not wait for a
database write per point. Buffered points are sent with one
``batch_put_metrics`` call when the caller flushes or closes, at interpreter
exit, and from a daemon timer at most ``FLUSH_DELAY`` seconds after the first
unsent point was added.

A failed write from the timer or at exit has no caller to raise to, so the
error is logged and stored, and the next ``add``, ``flush`` or ``close`` raises
it. When the store is unavailable the points stay buffered and the next flush
sends them again. When the store rejects them they are dropped.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import weakref
from typing import Any

from .exceptions import ExperimentsError, StoreUnavailable, ValidationError

logger = logging.getLogger(__name__)

FLUSH_DELAY = 1.0

_live_buffers: weakref.WeakSet[MetricsBuffer] = weakref.WeakSet()


class MetricsBuffer:
    """Metric points of one trial component that are not yet in the store.

    Parameters
    ----------
    client : LocalSageMakerClient
        Client with a ``batch_put_metrics`` method.
    trial_component_name : str
        Component that owns the points.
    """

    def __init__(self, client: Any, trial_component_name: str) -> None:
        self._client = client
        self._trial_component_name = trial_component_name
        # _lock guards the pending points, the stored error and the timer.
        # _send_lock makes flushes one at a time, so points arrive in order.
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._points: list[dict[str, Any]] = []
        self._error: ExperimentsError | None = None
        self._timer: threading.Timer | None = None
        _live_buffers.add(self)

    @property
    def pending(self) -> int:
        """Number of points not yet sent."""
        with self._lock:
            return len(self._points)

    def add(self, point: dict[str, Any]) -> None:
        """Buffer one point in ``batch_put_metrics`` shape.

        Raises
        ------
        ExperimentsError
            The stored error of an earlier background flush. The new point is
            not buffered in that case.
        """
        with self._lock:
            self._raise_stored_error()
            self._points.append(point)
            if self._timer is None:
                self._timer = threading.Timer(FLUSH_DELAY, self._send)
                self._timer.daemon = True
                self._timer.start()

    def flush(self) -> None:
        """Send all buffered points now.

        Raises
        ------
        StoreUnavailable
            If the store cannot be written. The points stay buffered.
        ExperimentsError
            If the store rejected points, now or in an earlier background flush.
        """
        self._send()
        with self._lock:
            self._raise_stored_error()

    def _raise_stored_error(self) -> None:
        # Called with self._lock held. Each stored error is raised once.
        error, self._error = self._error, None
        if error is not None:
            raise error

    def _send(self) -> None:
        with self._send_lock:
            with self._lock:
                points, self._points = self._points, []
                timer, self._timer = self._timer, None
            if timer is not None:
                timer.cancel()
            if not points:
                return
            error = self._write(points)
            if error is None:
                return
            logger.error("%s", error.message)
            with self._lock:
                if isinstance(error, StoreUnavailable):
                    self._points = points + self._points
                self._error = error

    def _write(self, points: list[dict[str, Any]]) -> ExperimentsError | None:
        name = self._trial_component_name
        try:
            response = self._client.batch_put_metrics(TrialComponentName=name, MetricData=points)
        except ExperimentsError as error:
            if not isinstance(error, StoreUnavailable):
                return error
            return _unavailable(name, len(points), error.message, error)
        # Any other error is caught too, because in the timer thread no caller
        # would see it. It is reported as an unavailable store.
        except Exception as error:
            return _unavailable(name, len(points), f"{type(error).__name__}: {error}", error)
        rejected = (response or {}).get("Errors") or []
        if not rejected:
            return None
        first = rejected[0]
        index = first.get("MetricIndex")
        return ValidationError(
            f"The store rejected {len(rejected)} of {len(points)} metric points of trial "
            f"component {name!r}; first error: {first.get('Code')}: {first.get('Message')}",
            field="MetricData",
            value=points[index] if isinstance(index, int) and 0 <= index < len(points) else None,
            rule=str(first.get("Message")),
        )


def _unavailable(name: str, count: int, reason: str, cause: BaseException) -> StoreUnavailable:
    error = StoreUnavailable(
        f"Could not store {count} metric points of trial component {name!r}; "
        f"they stay buffered and are sent again on the next flush: {reason}",
        field="MetricData",
        rule="the store must be reachable and writable",
    )
    error.__cause__ = cause
    return error


@atexit.register
def _flush_all_at_exit() -> None:
    # No caller can receive an exception at exit, and _send has already logged it.
    for buffer in list(_live_buffers):
        buffer._send()


def _forget_points_after_fork() -> None:
    # A forked child starts with a copy of the parent's pending points, which
    # the parent still sends. The child drops its copy, so that its exit does
    # not store the points twice, and gets fresh locks because a lock held by
    # another thread at fork time would never be released in the child.
    for buffer in list(_live_buffers):
        buffer._points = []
        buffer._timer = None
        buffer._lock = threading.Lock()
        buffer._send_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_points_after_fork)
