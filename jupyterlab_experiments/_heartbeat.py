"""Heartbeats of the process that tracks an InProgress trial component.

Readers report an InProgress component whose heartbeats stopped as Stopped,
so a tracker or training job whose process was killed does not stay
InProgress forever. When the process comes back (a restarted server, a
resumed tracker), heartbeats resume and the component reads InProgress again.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from .exceptions import ExperimentsError

logger = logging.getLogger(__name__)

HEARTBEAT_INTERVAL_S = 10.0
# Readers take an InProgress component as stopped after this many seconds
# without a heartbeat: several missed beats, so a busy machine is not enough.
HEARTBEAT_TIMEOUT_S = 6 * HEARTBEAT_INTERVAL_S


class Heartbeat:
    """A daemon thread that calls ``client.send_heartbeat`` every interval.

    Parameters
    ----------
    client : LocalSageMakerClient
        Client of the store that contains the component.
    trial_component_name : str
        Component to keep alive.
    interval : float, default ``HEARTBEAT_INTERVAL_S``
        Seconds between heartbeats.
    """

    def __init__(
        self, client: Any, trial_component_name: str, interval: float = HEARTBEAT_INTERVAL_S
    ) -> None:
        self._client = client
        self._name = trial_component_name
        self._interval = interval
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0

    def start(self) -> None:
        """Send a first heartbeat now, then keep sending them in the background."""
        if self._thread is not None or not hasattr(self._client, "send_heartbeat"):
            return
        self._beat()
        self._thread = threading.Thread(
            target=self._run, name=f"heartbeat-{self._name}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop sending heartbeats (the component's final status is saved by the caller)."""
        self._stopped.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=self._interval)
        self._thread = None

    def _run(self) -> None:
        while not self._stopped.wait(self._interval):
            self._beat()

    def _beat(self) -> None:
        try:
            self._client.send_heartbeat(TrialComponentName=self._name)
        except ExperimentsError as error:
            # A missed heartbeat only matters if they all fail, so the failure is
            # logged once and then every hundredth time, not on every beat.
            if self._failures % 100 == 0:
                logger.warning("Heartbeat of trial component %r failed: %s", self._name, error)
            self._failures += 1
