"""Fixtures of the SDK tests that do not concern the store."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest


@pytest.fixture
def local_timezone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run the test with the process's local time zone set to UTC+05:30."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
