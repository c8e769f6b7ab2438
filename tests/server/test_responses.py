"""Behaviour shared by every route: headers, query checks, hostile names, revision."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap

import pytest

from .conftest import error_body, strict_json


async def test_json_headers(api, tutorial):
    response = await api("experiments")

    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


async def test_error_headers(api, client):
    response = await api("experiments", "no-such-experiment")

    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_unknown_query_parameter_400(api, client):
    response = await api("experiments", params={"maxresults": "5"})

    body = error_body(response, 400)
    assert body["field"] == "maxresults"
    assert "'maxresults'" in body["message"]
    assert "max_results" in body["message"]


async def test_cache_busting_timestamp_ignored(
    http_server_client, jp_base_url, jp_auth_header, client
):
    # JupyterLab's ServerConnection.makeRequest appends "?<milliseconds>" to GETs.
    url = f"{jp_base_url}jupyterlab-experiments/api/experiments?1796400000000"
    response = await http_server_client.fetch(url, headers=jp_auth_header, raise_error=False)

    assert response.code == 200


async def test_repeated_query_parameter_400(
    http_server_client, jp_base_url, jp_auth_header, client
):
    url = f"{jp_base_url}jupyterlab-experiments/api/experiments?max_results=1&max_results=2"

    response = await http_server_client.fetch(url, headers=jp_auth_header, raise_error=False)

    body = error_body(response, 400)
    assert body["field"] == "max_results"
    assert "2 times" in body["message"]


async def test_token_query_parameter_accepted(api, jp_serverapp, client):
    token = jp_serverapp.identity_provider.token

    response = await api("revision", params={"token": token}, headers={"Authorization": ""})

    assert response.code == 200


async def test_percent_sign_in_name_404(api_encoded, client):
    response = await api_encoded("experiments", "%FF")

    # The segment reaches the server as %25FF, which decodes to the text "%FF".
    body = error_body(response, 404)
    assert "'%FF'" in body["message"]


async def test_invalid_utf8_in_path_400(http_server_client, jp_base_url, jp_auth_header, client):
    url = f"{jp_base_url}jupyterlab-experiments/api/experiments/%FF%FE"

    response = await http_server_client.fetch(url, headers=jp_auth_header, raise_error=False)

    body = error_body(response, 400)
    assert body["error_code"] == "ValidationException"
    assert "%s" not in body["message"]


@pytest.mark.parametrize(
    "name",
    ["<script>alert(1)</script>", "a" * 500, "../../etc/passwd", "x:y/z?w#v", "名前"],
)
async def test_unusual_names_not_500(api_encoded, client, name):
    for segments in (
        ("experiments", name),
        ("experiments", name, "trials"),
        ("trials", name),
        ("trial-components", name),
        ("trial-components", name, "log"),
        ("trial-components", name, "metrics", name),
    ):
        response = await api_encoded(*segments)
        assert response.code in (400, 404), (segments, response.body)
        assert strict_json(response)["error_code"] in ("ValidationException", "ResourceNotFound")


HOSTILE = {
    "experiment_display_name": "<img src=x onerror=window.__pwned=1>",
    "component_display_name": "<script>window.__pwned=2</script>",
    "description": "[click](javascript:window.__pwned=3)",
    "parameter": '"><svg onload=window.__pwned=4>',
    "metric": "<b>loss</b><a href=x>y</a>",
}


async def test_hostile_text_returned_literally(api, client):
    # Field case: names and values that are HTML or script must reach the
    # browser as JSON strings, never as markup.
    client.create_experiment(
        ExperimentName="hostile",
        DisplayName=HOSTILE["experiment_display_name"],
        Description=HOSTILE["description"],
    )
    client.create_trial(TrialName="hostile-trial", ExperimentName="hostile")
    client.create_trial_component(
        TrialComponentName="hostile-component",
        DisplayName=HOSTILE["component_display_name"],
        Parameters={"p": HOSTILE["parameter"]},
    )
    client.associate_trial_component(
        TrialComponentName="hostile-component", TrialName="hostile-trial"
    )
    client.batch_put_metrics(
        TrialComponentName="hostile-component",
        MetricData=[{"MetricName": HOSTILE["metric"], "Value": 1.0}],
    )

    experiment = await api("experiments", "hostile")
    component = await api("trial-components", "hostile-component")
    listing = await api("trial-components", params={"experiment_name": "hostile"})
    series = await api("trial-components", "hostile-component", "metrics", HOSTILE["metric"])

    for response in (experiment, component, listing, series):
        assert response.headers["Content-Type"] == "application/json"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert b"</" not in response.body
    assert strict_json(experiment)["display_name"] == HOSTILE["experiment_display_name"]
    assert strict_json(experiment)["description"] == HOSTILE["description"]
    body = strict_json(component)
    assert body["display_name"] == HOSTILE["component_display_name"]
    assert body["parameters"] == {"p": HOSTILE["parameter"]}
    assert body["metrics"][0]["metric_name"] == HOSTILE["metric"]
    assert strict_json(listing)["trial_components"][0] == body
    assert strict_json(series)["metric_name"] == HOSTILE["metric"]


async def test_revision_changes_after_write(api, client):
    before = strict_json(await api("revision"))["revision"]

    client.create_experiment(ExperimentName="written-here")
    after = strict_json(await api("revision"))["revision"]

    assert isinstance(before, int)
    assert after > before


async def test_revision_changes_after_write_by_other_process(api, client, store_url):
    before = strict_json(await api("revision"))["revision"]
    script = textwrap.dedent(
        f"""
        from jupyterlab_experiments.client import LocalSageMakerClient
        client = LocalSageMakerClient({store_url!r})
        client.create_trial_component(TrialComponentName="from-another-process")
        client.close()
        """
    )

    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    after = strict_json(await api("revision"))["revision"]
    listed = strict_json(await api("trial-components", params={"unassigned": "true"}))

    assert after > before
    assert [item["name"] for item in listed["trial_components"]] == ["from-another-process"]


async def test_concurrent_requests(api, tutorial):
    # Requests run on the worker threads at the same time, and each gets its own response.
    requests = [
        api("trial-components", params={"experiment_name": tutorial.EXPERIMENT}),
        api("experiments", tutorial.EXPERIMENT),
        api("trial-components", tutorial.JOB_1, "metrics", "test:accuracy"),
        api("revision"),
    ] * 5

    responses = await asyncio.gather(*requests)

    assert [response.code for response in responses] == [200] * 20
    assert strict_json(responses[0])["total_count"] == 3
    assert strict_json(responses[1])["name"] == tutorial.EXPERIMENT


async def test_deeply_nested_filter_400(api, client):
    response = await api("trial-components", params={"filter": "[" * 3000 + "]" * 3000})

    body = error_body(response, 400)
    assert body["field"] == "filter"
    assert "nested too deeply" in body["message"]


@pytest.mark.parametrize("value", ["5_0", " 5", "５", "+5"])
async def test_max_results_plain_digits_only_400(api, client, value):
    response = await api("experiments", params={"max_results": value})

    assert error_body(response, 400)["field"] == "max_results"


async def test_long_search_text_names_search_400(api, client):
    response = await api("trial-components", params={"search": "a" * 2000})

    body = error_body(response, 400)
    assert body["field"] == "search"


@pytest.mark.parametrize("method", ["GET", "DELETE"])
async def test_unknown_route_json_404(api, client, method):
    response = await api("no-such-route", "x", method=method)

    body = error_body(response, 404)
    assert "No API route matches" in body["message"]


async def test_unknown_route_needs_auth_403(api, client):
    response = await api("no-such-route", headers={"Authorization": ""})

    assert response.code == 403
