"""Authentication, XSRF and authorization of every route."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from jupyter_server.auth.decorator import authorized
from tornado import web

from jupyterlab_experiments.server.base_handler import ExperimentsAPIHandler
from jupyterlab_experiments.server.routes import ROUTES

from .conftest import SQLITE_ONLY, error_body, implements

REPOSITORY = Path(__file__).resolve().parents[2]
CHECK_AUTH = REPOSITORY / "scripts" / "check_auth.py"

# Values for the placeholders of the route templates.
SAMPLE_NAMES = {
    "name": "mnist-classification",
    "metric_name": "test:accuracy",
    "artifact_name": "roc",
}


def route_calls() -> list[tuple[str, str]]:
    """Every (verb, path) that a handler implements, derived from the route table."""
    calls = []
    for template, handler in ROUTES:
        path = template.format(**SAMPLE_NAMES)
        for verb in ("GET", "DELETE"):
            if implements(handler, verb.lower()):
                calls.append((verb, path))
    return calls


ROUTE_CALLS = route_calls()


def test_route_table_covers_both_verbs():
    verbs = {verb for verb, _ in ROUTE_CALLS}

    assert verbs == {"GET", "DELETE"}
    assert len(ROUTE_CALLS) == 17


@SQLITE_ONLY
@pytest.mark.parametrize(("verb", "path"), ROUTE_CALLS)
async def test_route_without_credentials_403(api, client, tutorial, verb, path):
    response = await api(*path.split("/"), method=verb, headers={"Authorization": ""})

    body = error_body(response, 403)
    assert body["error_code"] == "AccessDenied"
    assert client.describe_experiment(ExperimentName=tutorial.EXPERIMENT)


@SQLITE_ONLY
@pytest.mark.parametrize("verb", ["POST", "PUT", "PATCH"])
async def test_unsupported_verb_without_credentials_403(api, client, verb):
    response = await api("experiments", method=verb, body="{}", headers={"Authorization": ""})

    assert error_body(response, 403)["error_code"] == "AccessDenied"


@SQLITE_ONLY
@pytest.mark.parametrize("verb", ["POST", "PUT", "PATCH"])
async def test_unsupported_verb_405(api, client, verb):
    response = await api("experiments", method=verb, body="{}")

    assert error_body(response, 405)["error_code"] == "MethodNotAllowed"


@SQLITE_ONLY
async def test_wrong_token_403(api, client):
    response = await api("revision", headers={"Authorization": "token not-the-token"})

    assert error_body(response, 403)["error_code"] == "AccessDenied"


@SQLITE_ONLY
async def test_token_header_without_cookie_200(api, client):
    response = await api("revision")

    assert response.code == 200
    assert "Cookie" not in response.request.headers


async def login_cookie(api) -> str:
    """Return the ``name=value`` of the login cookie the server sets after a token login."""
    response = await api("revision")
    for header in response.headers.get_list("Set-Cookie"):
        if header.startswith("username-"):
            return header.split(";", 1)[0]
    raise AssertionError("the server set no login cookie")


@SQLITE_ONLY
async def test_cookie_get_without_xsrf_200(api, client):
    cookie = await login_cookie(api)

    response = await api("revision", headers={"Authorization": "", "Cookie": cookie})

    assert response.code == 200


@SQLITE_ONLY
async def test_cookie_delete_without_xsrf_403(api, client, tutorial):
    cookie = await login_cookie(api)

    response = await api(
        "experiments",
        tutorial.EMPTY_EXPERIMENT,
        method="DELETE",
        headers={"Authorization": "", "Cookie": cookie},
    )

    assert response.code == 403
    assert client.describe_experiment(ExperimentName=tutorial.EMPTY_EXPERIMENT)


@SQLITE_ONLY
async def test_cookie_delete_with_wrong_xsrf_403(api, client, tutorial):
    cookie = await login_cookie(api)

    response = await api(
        "experiments",
        tutorial.EMPTY_EXPERIMENT,
        method="DELETE",
        headers={
            "Authorization": "",
            "Cookie": f"{cookie}; _xsrf=cookie-value",
            "X-XSRFToken": "other-value",
        },
    )

    assert response.code == 403
    assert client.describe_experiment(ExperimentName=tutorial.EMPTY_EXPERIMENT)


@SQLITE_ONLY
async def test_cookie_delete_with_xsrf_204(api, client, tutorial):
    cookie = await login_cookie(api)

    response = await api(
        "experiments",
        tutorial.EMPTY_EXPERIMENT,
        method="DELETE",
        headers={
            "Authorization": "",
            "Cookie": f"{cookie}; _xsrf=same-value",
            "X-XSRFToken": "same-value",
        },
    )

    assert response.code == 204
    names = [
        summary["ExperimentName"] for summary in client.list_experiments()["ExperimentSummaries"]
    ]
    assert tutorial.EMPTY_EXPERIMENT not in names


def load_check_auth():
    spec = importlib.util.spec_from_file_location("check_auth", CHECK_AUTH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_check_auth_script_passes():
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}

    result = subprocess.run(
        [sys.executable, str(CHECK_AUTH)],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "OK: 15 handlers" in result.stdout


class MissingAuthorized(ExperimentsAPIHandler):
    @web.authenticated
    async def get(self):
        pass


class WrongOrder(ExperimentsAPIHandler):
    @authorized
    @web.authenticated
    async def delete(self):
        pass


class Complete(ExperimentsAPIHandler):
    @web.authenticated
    @authorized
    async def get(self):
        pass


def test_check_auth_reports_bad_decorators():
    check_auth = load_check_auth()

    missing = check_auth.decorator_problems(MissingAuthorized, package_prefix="tests.")
    wrong_order = check_auth.decorator_problems(WrongOrder, package_prefix="tests.")
    complete = check_auth.decorator_problems(Complete, package_prefix="tests.")

    assert missing == [
        "GET of MissingAuthorized: @authorized missing or not directly below @web.authenticated"
    ]
    assert wrong_order == ["DELETE of WrongOrder: not wrapped by @web.authenticated"]
    assert complete == []
