"""Fixtures of the training job tests."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# Seconds a stopped runner gets to record the end of its job before it is killed.
_STOP_GRACE = 10.0


def _runner_alive(pid: int, job_folder: Path) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return str(job_folder).encode() in cmdline


@pytest.fixture(autouse=True)
def stop_leftover_jobs(tmp_path: Path) -> Iterator[None]:
    """Stop every job a test left running (a failed assert can skip its stop()).

    Without this, the runner and the script of a failed test would run on after
    the test session.
    """
    yield
    for state_file in tmp_path.rglob("jobs/*/state.json"):
        pid = json.loads(state_file.read_text()).get("RunnerPid")
        if not pid or not _runner_alive(pid, state_file.parent):
            continue
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + _STOP_GRACE
        while time.monotonic() < deadline and _runner_alive(pid, state_file.parent):
            time.sleep(0.1)
        if _runner_alive(pid, state_file.parent):
            # The script dies with its runner (it asked the kernel for SIGKILL then).
            os.kill(pid, signal.SIGKILL)
