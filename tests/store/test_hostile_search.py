"""Searches with hostile input: both stores raise the same ValidationError.

Covers filter numbers too large for a double, text that a database cannot
store, unknown filter keys, scope names and page tokens edited by hand.
"""

from __future__ import annotations

import base64
import json

import pytest

from jupyterlab_experiments.exceptions import ValidationError
from jupyterlab_experiments.store.paging import decode_token, encode_token
from jupyterlab_experiments.store.properties import EXPERIMENT, TRIAL_COMPONENT
from jupyterlab_experiments.store.scope import ComponentScope
from jupyterlab_experiments.store.sorting import sort_segments

TC = "ExperimentTrialComponent"
HUGE = 10**400


@pytest.fixture
def components(client):
    """Three components with a number parameter, a text parameter and a metric."""
    for index, name in enumerate(("alpha", "beta", "gamma")):
        client.create_trial_component(
            TrialComponentName=name,
            Parameters={"lr": 0.1 * (index + 1), "optimizer": "sgd"},
            StartTime=1_700_000_000,
            EndTime=1_700_000_000 + 10 * index,
        )
        client.batch_put_metrics(
            TrialComponentName=name, MetricData=[{"MetricName": "acc", "Value": 0.5 + index / 10}]
        )
    return client


def search(client, *filters, **arguments):
    return client.search(Resource=TC, SearchExpression={"Filters": list(filters)}, **arguments)


@pytest.mark.parametrize(
    ("name", "operator"),
    [
        ("Duration", "GreaterThan"),
        ("StartTime", "LessThan"),
        ("Parameters.lr", "Equals"),
        ("Parameters.lr", "GreaterThan"),
        ("Parameters.lr", "NotEquals"),
        ("Metrics.acc.Max", "GreaterThan"),
        ("DisplayName", "Equals"),
        ("Parents.TrialName", "Equals"),
    ],
)
@pytest.mark.parametrize("value", [HUGE, -HUGE], ids=["positive", "negative"])
def test_filter_number_beyond_double_rejected(components, name, operator, value):
    with pytest.raises(ValidationError) as raised:
        search(components, {"Name": name, "Operator": operator, "Value": value})

    assert raised.value.field == "SearchExpression.Filters[0].Value"
    assert "double" in raised.value.message


def test_filter_largest_double_accepted(components):
    found = search(components, {"Name": "Parameters.lr", "Operator": "LessThan", "Value": 1.7e308})

    assert len(found["Results"]) == 3


@pytest.mark.parametrize("value", [float("nan"), "nan", "NaN"])
def test_filter_nan_rejected(components, value):
    with pytest.raises(ValidationError, match="NaN"):
        search(components, {"Name": "Metrics.acc.Max", "Operator": "LessThan", "Value": value})


def test_filter_infinity_accepted(components):
    found = search(
        components, {"Name": "Metrics.acc.Max", "Operator": "LessThan", "Value": "Infinity"}
    )

    assert len(found["Results"]) == 3


@pytest.mark.parametrize(
    ("text", "rule"), [("a\x00b", "NUL characters"), ("\ud800", "unpaired surrogate")]
)
@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"Name": "DisplayName", "Operator": "Equals", "Value": "TEXT"}, "Value"),
        ({"Name": "Parameters.optimizer", "Operator": "Contains", "Value": "TEXT"}, "Value"),
        ({"Name": "Parameters.TEXT", "Operator": "Exists"}, "Name"),
        ({"Name": "Metrics.TEXT.Max", "Operator": "GreaterThan", "Value": 1}, "Name"),
        ({"Name": "Tags.TEXT", "Operator": "Equals", "Value": "x"}, "Name"),
        ({"Name": "Parents.ExperimentName", "Operator": "In", "Value": "a,TEXT"}, "Value"),
    ],
)
def test_filter_unstorable_text_rejected(components, item, field, text, rule):
    filter_item = {
        key: value.replace("TEXT", text) if isinstance(value, str) else value
        for key, value in item.items()
    }

    with pytest.raises(ValidationError, match=rule) as raised:
        search(components, filter_item)

    assert raised.value.field == f"SearchExpression.Filters[0].{field}"


def test_filter_text_longer_than_any_property_rejected(components):
    with pytest.raises(ValidationError, match="1 to 331 characters") as raised:
        search(components, {"Name": "Parameters." + "x" * 321, "Operator": "Exists"})

    assert raised.value.field == "SearchExpression.Filters[0].Name"


def test_filter_longest_parameter_name_accepted(components):
    found = search(components, {"Name": "Parameters." + "x" * 320, "Operator": "NotExists"})

    assert len(found["Results"]) == 3


@pytest.mark.parametrize(
    ("expression", "field"),
    [
        (
            {"Filters": [{"Name": "DisplayName", "Operator": "Equals", "Value": "x", "Foo": 1}]},
            "SearchExpression.Filters[0]",
        ),
        (
            {"Filters": [{"Name": "Parameters.lr", "Operator": "Exists", "value": "x"}]},
            "SearchExpression.Filters[0]",
        ),
        (
            {
                "NestedFilters": [
                    {
                        "NestedPropertyName": "Parents",
                        "Filters": [{"Name": "Parents.TrialName", "Value": "x"}],
                        "Operator": "Or",
                    }
                ]
            },
            "SearchExpression.NestedFilters[0]",
        ),
        (
            {
                "NestedFilters": [
                    {
                        "NestedPropertyName": "Parents",
                        "Filters": [{"Name": "Parents.TrialName", "Value": "x", "Foo": 1}],
                    }
                ]
            },
            "SearchExpression.NestedFilters[0].Filters[0]",
        ),
    ],
)
def test_filter_unknown_keys_rejected(components, expression, field):
    with pytest.raises(ValidationError, match="unknown keys") as raised:
        components.search(Resource=TC, SearchExpression=expression)

    assert raised.value.field == field


@pytest.mark.parametrize(
    ("names", "rule"),
    [
        ({"experiments": ("a\x00b",)}, "NUL characters"),
        ({"trials": ("\ud800",)}, "unpaired surrogate"),
        ({"trial_components": ("alpha", "x" * 121)}, "1 to 120 characters"),
        ({"trials": ("",)}, "1 to 120 characters"),
        ({"experiments": (5,)}, "must be a string"),
    ],
)
def test_scope_unstorable_name_rejected(names, rule):
    with pytest.raises(ValidationError, match=rule) as raised:
        ComponentScope(**names)

    assert raised.value.field == "scope"


# -- page tokens ----------------------------------------------------------------


def first_token(client, **arguments):
    page = client.search(Resource=TC, MaxResults=1, **arguments)
    return page["NextToken"]


def payload_of(token):
    return json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))


def token_of(payload):
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "change",
    [
        {"v": {}},
        {"v": [1, 2]},
        {"v": 10**30},
        {"v": True},
        {"v": float("nan")},
        {"v": "\ud800"},
        {"v": "x" * 3073},
        {"s": -1},
        {"s": 10**30},
        {"s": "0"},
        {"s": False},
        {"n": 5},
        {"n": ""},
        {"n": "a\x00b"},
        {"extra": 1},
    ],
    ids=repr,
)
@pytest.mark.parametrize("sort_by", [None, "Parameters.optimizer", "DisplayName"])
def test_forged_token_rejected(components, sort_by, change):
    arguments = {} if sort_by is None else {"SortBy": sort_by}
    payload = payload_of(first_token(components, **arguments))
    payload.update(change)

    with pytest.raises(ValidationError, match="previous page") as raised:
        components.search(Resource=TC, MaxResults=1, NextToken=token_of(payload), **arguments)

    assert raised.value.field == "NextToken"


@pytest.mark.parametrize(
    ("path", "segment", "value"),
    [
        ("LastModifiedTime", 0, 1_700_000_000.5),
        ("LastModifiedTime", 1, None),
        ("Duration", 0, 10.0),
        ("DisplayName", 0, "Alpha"),
        ("Status.PrimaryStatus", 0, "Completed"),
        ("Type", 0, "other"),
        ("Parameters.lr", 0, 0.1),
        ("Parameters.lr", 1, "sgd"),
        ("Parameters.lr", 2, None),
        ("Metrics.acc.Max", 0, 0.5),
        ("Metrics.acc.Max", 0, float("inf")),
        ("Metrics.acc.Count", 0, 3),
        ("InputArtifacts.data.Value", 0, "s3://bucket/data"),
        ("Tags.team", 0, "vision"),
    ],
)
def test_token_of_sort_accepted(path, segment, value):
    segments = sort_segments(TRIAL_COMPONENT, path)
    token = encode_token("query", segment, value, "alpha")

    assert decode_token(token, "query", segments) == (segment, value, "alpha")


@pytest.mark.parametrize(
    ("path", "segment", "value"),
    [
        ("LastModifiedTime", 0, "later"),
        ("LastModifiedTime", 0, None),
        ("LastModifiedTime", 1, 5.0),
        ("LastModifiedTime", 2, None),
        ("DisplayName", 0, 1.5),
        ("Parameters.lr", 0, "0.1"),
        ("Parameters.lr", 1, 0.1),
        ("Parameters.lr", 2, "sgd"),
        ("Parameters.lr", 3, None),
        ("Metrics.acc.Max", 0, "0.5"),
        ("Metrics.acc.Max", 1, 0.5),
        ("Tags.team", 0, 7),
    ],
)
def test_token_not_of_sort_rejected(path, segment, value):
    segments = sort_segments(TRIAL_COMPONENT, path)
    token = encode_token("query", segment, value, "alpha")

    with pytest.raises(ValidationError, match="previous page"):
        decode_token(token, "query", segments)


def test_token_of_experiment_sort_accepted():
    segments = sort_segments(EXPERIMENT, "Description")
    token = encode_token("query", 0, "x" * 3072, "e1")

    assert decode_token(token, "query", segments) == (0, "x" * 3072, "e1")


def test_token_of_other_query_rejected():
    token = encode_token("query", 0, 1.0, "alpha")

    with pytest.raises(ValidationError, match="different query"):
        decode_token(token, "other query")


@pytest.mark.parametrize(
    ("path", "rule"),
    [
        ("Parameters.\ud800", "surrogate"),
        ("Parameters.a\x00b", "NUL"),
        ("x" * 400, "1 to 331 characters"),
    ],
)
def test_sort_path_unstorable_rejected(components, path, rule):
    with pytest.raises(ValidationError) as raised:
        components.search(Resource="ExperimentTrialComponent", SortBy=path)

    assert raised.value.field == "SortBy"
    assert rule in raised.value.rule
