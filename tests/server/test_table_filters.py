"""``filter`` of ``GET trial-components``: And, Or, nested filters, Type and Duration."""

from __future__ import annotations

import json

import pytest

from .conftest import error_body, strict_json

ARN = "arn:aws:sagemaker:local:000000000000:{kind}/{name}"


def names_of(body):
    return sorted(component["name"] for component in body["trial_components"])


@pytest.fixture
def jobs(client):
    """Five components in two experiments, of every type, with lr and acc."""
    client.create_experiment(ExperimentName="e1")
    client.create_experiment(ExperimentName="e2")
    client.create_trial(TrialName="t1", ExperimentName="e1")
    client.create_trial(TrialName="t2", ExperimentName="e2")
    specs = [
        ("fast", "training-job", 10, 0.01, 0.70, ["t1"]),
        ("slow", "training-job", 500, 0.1, 0.90, ["t1"]),
        ("prep", "processing-job", 60, None, None, ["t1", "t2"]),
        ("other", "training-job", 30, 0.1, 0.95, ["t2"]),
        ("notes", None, None, None, None, []),
    ]
    for name, kind, seconds, lr, acc, trial_names in specs:
        fields = {}
        if kind is not None:
            fields["Source"] = {"SourceArn": ARN.format(kind=kind, name=name)}
        if seconds is not None:
            fields["StartTime"] = 1_700_000_000
            fields["EndTime"] = 1_700_000_000 + seconds
        if lr is not None:
            fields["Parameters"] = {"lr": lr}
        client.create_trial_component(TrialComponentName=name, **fields)
        if acc is not None:
            client.batch_put_metrics(
                TrialComponentName=name, MetricData=[{"MetricName": "acc", "Value": acc}]
            )
        for trial_name in trial_names:
            client.associate_trial_component(TrialComponentName=name, TrialName=trial_name)
    return client


async def filtered(api, expression, **params):
    response = await api("trial-components", params={"filter": json.dumps(expression), **params})
    return names_of(strict_json(response))


async def test_filter_and_of_filters(api, jobs):
    expression = {
        "Filters": [
            {"Name": "Type", "Operator": "Equals", "Value": "training-job"},
            {"Name": "Duration", "Operator": "LessThan", "Value": "100"},
        ]
    }

    assert await filtered(api, expression) == ["fast", "other"]


async def test_filter_or_of_filters(api, jobs):
    expression = {
        "Operator": "Or",
        "Filters": [
            {"Name": "Metrics.acc.Max", "Operator": "GreaterThanOrEqualTo", "Value": "0.95"},
            {"Name": "Type", "Operator": "In", "Value": "processing-job,other"},
        ],
    }

    assert await filtered(api, expression) == ["notes", "other", "prep"]


async def test_filter_and_of_or_sub_expressions(api, jobs):
    expression = {
        "Operator": "And",
        "Filters": [{"Name": "Type", "Operator": "NotEquals", "Value": "other"}],
        "SubExpressions": [
            {
                "Operator": "Or",
                "Filters": [
                    {"Name": "Parameters.lr", "Operator": "Equals", "Value": "0.01"},
                    {"Name": "Duration", "Operator": "GreaterThan", "Value": 100},
                ],
            },
            {
                "Operator": "Or",
                "Filters": [
                    {"Name": "Metrics.acc.Last", "Operator": "LessThan", "Value": "0.8"},
                    {"Name": "TrialComponentName", "Operator": "Equals", "Value": "SLOW"},
                ],
            },
        ],
    }

    assert await filtered(api, expression) == ["fast", "slow"]


async def test_filter_or_with_nested_parents(api, jobs):
    expression = {
        "Operator": "Or",
        "NestedFilters": [
            {
                "NestedPropertyName": "Parents",
                "Filters": [
                    {"Name": "Parents.TrialName", "Operator": "Equals", "Value": "t2"},
                    {"Name": "Parents.ExperimentName", "Operator": "Equals", "Value": "e2"},
                ],
            }
        ],
        "Filters": [{"Name": "Duration", "Operator": "NotExists"}],
    }

    assert await filtered(api, expression) == ["notes", "other", "prep"]


async def test_filter_parents_within_scope(api, jobs):
    in_first_trial = {"Filters": [{"Name": "Parents.TrialName", "Value": "t1"}]}
    in_second = {"Filters": [{"Name": "Parents.ExperimentName", "Value": "e2"}]}
    scope = json.dumps({"experiments": ["e2"], "unassigned": True})

    assert await filtered(api, in_first_trial, scope=scope) == ["prep"]
    assert await filtered(api, in_second, scope=scope) == ["other", "prep"]
    assert await filtered(api, in_first_trial, experiment_name="e2") == ["prep"]


async def test_filter_type_and_duration_with_sort(api, jobs):
    expression = {"Filters": [{"Name": "Type", "Operator": "Equals", "Value": "training-job"}]}

    response = await api(
        "trial-components",
        params={
            "filter": json.dumps(expression),
            "sort_by": "Duration",
            "sort_order": "descending",
        },
    )

    body = strict_json(response)
    assert [item["name"] for item in body["trial_components"]] == ["slow", "other", "fast"]
    assert [item["duration_seconds"] for item in body["trial_components"]] == [500, 30, 10]


@pytest.mark.parametrize(
    ("condition", "fragment"),
    [
        ({"Name": "Type", "Operator": "Equals", "Value": "notebook"}, "must be one of"),
        ({"Name": "Type", "Operator": "GreaterThan", "Value": "a"}, "Equals, NotEquals and In"),
        ({"Name": "Duration", "Operator": "Equals", "Value": "long"}, "must be a number"),
        ({"Name": "Duration", "Operator": "In", "Value": "1,2"}, "apply to text"),
    ],
)
async def test_filter_type_and_duration_invalid_400(api, jobs, condition, fragment):
    response = await api(
        "trial-components", params={"filter": json.dumps({"Filters": [condition]})}
    )

    body = error_body(response, 400)
    assert body["error_code"] == "ValidationException"
    assert fragment in body["message"]
