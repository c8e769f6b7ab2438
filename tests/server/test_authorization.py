"""Authorization of every route: ``@authorized`` with the ``experiments`` resource."""

from __future__ import annotations

import pytest
from jupyter_server.auth import Authorizer

from .conftest import SQLITE_ONLY, error_body, server_config, strict_json
from .test_auth import ROUTE_CALLS


class DenyReads(Authorizer):
    """Deny every read of the experiments resource."""

    def is_authorized(self, handler, user, action, resource):
        return not (resource == "experiments" and action == "read")


class DenyWrites(Authorizer):
    """Deny every write to the experiments resource."""

    def is_authorized(self, handler, user, action, resource):
        return not (resource == "experiments" and action == "write")


@pytest.fixture
def authorizer():
    return DenyWrites


@pytest.fixture
def jp_server_config(store_url, authorizer):
    config = server_config(store_url)
    config.ServerApp.authorizer_class = authorizer
    return config


@SQLITE_ONLY
@pytest.mark.parametrize("authorizer", [DenyReads])
@pytest.mark.parametrize(("verb", "path"), [call for call in ROUTE_CALLS if call[0] == "GET"])
async def test_read_denied_by_authorizer_403(api, tutorial, verb, path):
    response = await api(*path.split("/"), method=verb)

    assert error_body(response, 403)["error_code"] == "AccessDenied"


@SQLITE_ONLY
@pytest.mark.parametrize(("verb", "path"), [call for call in ROUTE_CALLS if call[0] == "DELETE"])
async def test_write_denied_by_authorizer_403(api, client, tutorial, verb, path):
    response = await api(*path.split("/"), method=verb, params={"force": "true"})

    assert error_body(response, 403)["error_code"] == "AccessDenied"
    assert client.describe_experiment(ExperimentName=tutorial.EXPERIMENT)


@SQLITE_ONLY
async def test_read_allowed_when_writes_denied(api, tutorial):
    response = await api("experiments", tutorial.EXPERIMENT)

    assert strict_json(response)["name"] == tutorial.EXPERIMENT
