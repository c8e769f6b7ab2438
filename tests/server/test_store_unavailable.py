"""A store that cannot be opened gives 503 responses, not a server that fails to start."""

from __future__ import annotations

import logging
import socket

import pytest

from .conftest import error_body, server_config

PASSWORD = "hunter2-secret"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(
    params=[
        f"postgresql+psycopg://experiments:{PASSWORD}@127.0.0.1:{closed_port()}/experiments",
        f"mysql://experiments:{PASSWORD}@127.0.0.1/experiments",
    ],
    ids=["unreachable-postgresql", "unsupported-database"],
)
def jp_server_config(request):
    return server_config(request.param)


@pytest.mark.parametrize(
    "segments", [("revision",), ("experiments",), ("trial-components", "x", "log")]
)
async def test_unavailable_store_503(api, segments):
    response = await api(*segments)

    body = error_body(response, 503)
    assert body["error_code"] == "StoreUnavailable"
    assert PASSWORD not in body["message"]


async def test_unavailable_store_logged_once(api, caplog):
    caplog.set_level(logging.DEBUG)

    first = await api("revision")
    second = await api("revision")

    assert first.code == second.code == 503
    errors = [
        record
        for record in caplog.records
        if record.levelno == logging.ERROR and "cannot open the store" in record.getMessage()
    ]
    assert len(errors) == 1
    assert all(PASSWORD not in record.getMessage() for record in caplog.records)
