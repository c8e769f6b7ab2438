"""``GET trial-component-table/columns``."""

from __future__ import annotations

import json

import pytest

from .conftest import error_body, strict_json


async def columns(api, **params):
    response = await api("trial-component-table", "columns", params=params)
    return strict_json(response)


async def test_columns_whole_store(api, client, shared_component):
    client.create_trial_component(
        TrialComponentName="loose",
        Parameters={"a:b/c d": 1, "Zeta": "z"},
        OutputArtifacts={"report": {"Value": "file:///report.html"}},
    )
    client.batch_put_metrics(
        TrialComponentName="loose", MetricData=[{"MetricName": "val/loss", "Value": 1.0}]
    )

    body = await columns(api)

    assert body == {
        "parameters": ["Zeta", "a:b/c d", "lr", "normalize", "seed"],
        "metrics": ["acc", "rows", "val/loss"],
        "input_artifacts": ["clean", "raw"],
        "output_artifacts": ["clean", "report"],
    }


async def test_columns_of_scopes(api, client, shared_component):
    names = shared_component
    client.create_trial_component(TrialComponentName="loose", Parameters={"only-loose": 1})

    second = await columns(api, scope=json.dumps({"experiments": [names.E2]}))
    trial_one = await columns(api, trial_name=names.T1)
    unassigned = await columns(api, unassigned="true")
    union = await columns(
        api, scope=json.dumps({"trials": [names.T2], "trial_components": ["loose"]})
    )
    nothing = await columns(api, scope="{}")

    assert second == {
        "parameters": ["normalize", "seed"],
        "metrics": ["rows"],
        "input_artifacts": ["raw"],
        "output_artifacts": ["clean"],
    }
    assert trial_one["parameters"] == ["lr", "normalize", "seed"]
    assert trial_one["metrics"] == ["acc", "rows"]
    assert trial_one["input_artifacts"] == ["clean", "raw"]
    assert unassigned == {
        "parameters": ["only-loose"],
        "metrics": [],
        "input_artifacts": [],
        "output_artifacts": [],
    }
    assert union["parameters"] == ["normalize", "only-loose", "seed"]
    assert nothing == {
        "parameters": [],
        "metrics": [],
        "input_artifacts": [],
        "output_artifacts": [],
    }


async def test_columns_empty_store(api, client):
    body = await columns(api)

    assert body == {"parameters": [], "metrics": [], "input_artifacts": [], "output_artifacts": []}


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"scope": '{"experiments": ["no-such-experiment"]}'}, 404, "scope"),
        ({"experiment_name": "no-such-experiment"}, 404, "ExperimentName"),
        ({"scope": "[]"}, 400, "scope"),
        ({"scope": "{}", "trial_name": "T1"}, 400, "scope"),
        ({"unassigned": "true", "trial_name": "T1"}, 400, "unassigned"),
        ({"sort_by": "name"}, 400, "sort_by"),
    ],
)
async def test_columns_bad_request(api, shared_component, params, status, field):
    response = await api("trial-component-table", "columns", params=params)

    assert error_body(response, status)["field"] == field


async def test_columns_route_does_not_shadow_component(api, client):
    client.create_trial_component(TrialComponentName="columns")

    component = strict_json(await api("trial-components", "columns"))

    assert component["name"] == "columns"
