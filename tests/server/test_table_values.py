"""``GET trial-component-table/values``."""

from __future__ import annotations

import json

import pytest

from .conftest import error_body, strict_json


async def values(api, prop, **params):
    response = await api("trial-component-table", "values", params={"property": prop, **params})
    return strict_json(response)


@pytest.fixture
def valued(client):
    """Components with number and string parameters, statuses, types and trials."""
    client.create_experiment(ExperimentName="vision")
    client.create_experiment(ExperimentName="Audio-2")
    client.create_trial(TrialName="cnn", ExperimentName="vision")
    client.create_trial(TrialName="CNN-big", ExperimentName="vision")
    client.create_trial(TrialName="rnn", ExperimentName="Audio-2")
    specs = [
        ("a", "Completed", "training-job", {"batch": 32, "opt": "sgd"}, ["cnn"]),
        ("b", "Failed", "processing-job", {"batch": 1e-05, "opt": "Adam"}, ["CNN-big"]),
        ("c", "Completed", None, {"batch": "auto", "opt": "sgd"}, ["cnn", "rnn"]),
        ("d", "InProgress", "training-job", {"batch": -3}, []),
        ("e", "Stopped", None, {"batch": "256"}, ["rnn"]),
    ]
    for name, status, kind, parameters, trial_names in specs:
        fields = {}
        if kind is not None:
            fields["Source"] = {"SourceArn": f"arn:aws:sagemaker:local:000000000000:{kind}/{name}"}
        client.create_trial_component(
            TrialComponentName=f"tc-{name}",
            DisplayName=f"Run {name.upper()}",
            Status={"PrimaryStatus": status},
            Parameters=parameters,
            **fields,
        )
        for trial_name in trial_names:
            client.associate_trial_component(TrialComponentName=f"tc-{name}", TrialName=trial_name)
    return client


async def test_values_parameter_numbers_then_strings(api, valued):
    body = await values(api, "Parameters.batch")

    assert body == {"values": [-3, 1e-05, 32, "256", "auto"], "truncated": False}
    assert isinstance(body["values"][2], (int, float))


async def test_values_parameter_search(api, valued):
    number = await values(api, "Parameters.batch", search="1E-0")
    text = await values(api, "Parameters.opt", search="AD")
    digits = await values(api, "Parameters.batch", search="2")

    assert number["values"] == [1e-05]
    assert text["values"] == ["Adam"]
    assert digits["values"] == [32, "256"]


async def test_values_parameter_truncated(api, valued):
    first_two = await values(api, "Parameters.batch", max_results="2")
    first_four = await values(api, "Parameters.batch", max_results="4")
    all_five = await values(api, "Parameters.batch", max_results="5")

    assert first_two == {"values": [-3, 1e-05], "truncated": True}
    assert first_four == {"values": [-3, 1e-05, 32, "256"], "truncated": True}
    assert all_five["truncated"] is False


async def test_values_status_and_type(api, valued):
    status = await values(api, "Status.PrimaryStatus")
    kinds = await values(api, "type")
    searched = await values(api, "Status.PrimaryStatus", search="stop")

    assert status["values"] == ["Completed", "Failed", "InProgress", "Stopped"]
    assert kinds["values"] == ["other", "processing-job", "training-job"]
    assert searched["values"] == ["Stopped"]


async def test_values_parents(api, valued):
    trial_names = await values(api, "Parents.TrialName")
    experiment_names = await values(api, "Parents.ExperimentName")
    searched = await values(api, "Parents.TrialName", search="Cnn")

    # Sorted regardless of letter case, like names everywhere.
    assert trial_names["values"] == ["cnn", "CNN-big", "rnn"]
    assert experiment_names["values"] == ["Audio-2", "vision"]
    assert searched["values"] == ["cnn", "CNN-big"]


async def test_values_names(api, valued):
    names = await values(api, "TrialComponentName", max_results="3")
    display = await values(api, "DisplayName", search="run c")

    assert names == {"values": ["tc-a", "tc-b", "tc-c"], "truncated": True}
    assert display == {"values": ["Run C"], "truncated": False}


async def test_values_within_scope(api, valued):
    scope = json.dumps({"trials": ["rnn"]})

    batch = await values(api, "Parameters.batch", scope=scope)
    trial_names = await values(api, "Parents.TrialName", scope=scope)
    unassigned = await values(api, "Status.PrimaryStatus", unassigned="true")
    experiment = await values(api, "TrialComponentName", experiment_name="vision")

    assert batch["values"] == ["256", "auto"]
    # tc-c also belongs to cnn, and the picker lists every trial of the components.
    assert trial_names["values"] == ["cnn", "rnn"]
    assert unassigned["values"] == ["InProgress"]
    assert experiment["values"] == ["tc-a", "tc-b", "tc-c"]


async def test_values_unknown_parameter_empty(api, valued):
    body = await values(api, "Parameters.no-such-parameter")

    assert body == {"values": [], "truncated": False}


@pytest.mark.parametrize(
    "prop",
    [
        "Metrics.acc.Max",
        "CreationTime",
        "Duration",
        "InputArtifacts.data.Value",
        "Tags.team",
        "Trials",
    ],
)
async def test_values_unsupported_property_400(api, valued, prop):
    response = await api("trial-component-table", "values", params={"property": prop})

    body = error_body(response, 400)
    assert body["field"] == "property"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "property"),
        ({"property": ""}, "property"),
        ({"property": "Type", "max_results": "0"}, "max_results"),
        ({"property": "Type", "max_results": "1001"}, "max_results"),
        ({"property": "Type", "max_results": "-1"}, "max_results"),
        ({"property": "Type", "search": "x" * 1025}, "search"),
        ({"property": "Type", "scope": "{bad"}, "scope"),
        ({"property": "Type", "filter": "{}"}, "filter"),
    ],
)
async def test_values_bad_request_400(api, valued, params, field):
    response = await api("trial-component-table", "values", params=params)

    assert error_body(response, 400)["field"] == field


async def test_values_max_results_limit_200(api, valued):
    body = await values(api, "Type", max_results="1000")

    assert body["truncated"] is False
