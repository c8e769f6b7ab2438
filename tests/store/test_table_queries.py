"""Store queries behind the trial component table: scopes, Type, Duration,
column names and values."""

from __future__ import annotations

import pytest

from jupyterlab_experiments.exceptions import ResourceNotFound, ValidationError
from jupyterlab_experiments.store import scope as scope_module
from jupyterlab_experiments.store.properties import TRIAL_COMPONENT
from jupyterlab_experiments.store.scope import ComponentScope

TC = "ExperimentTrialComponent"
ARN = "arn:aws:sagemaker:local:000000000000:{kind}/{name}"


def names(result):
    return [item["TrialComponent"]["TrialComponentName"] for item in result["Results"]]


def search_names(client, expression, sort_by="TrialComponentName"):
    result = client.search(
        Resource=TC, SearchExpression=expression, SortBy=sort_by, SortOrder="Ascending"
    )
    return names(result)


@pytest.fixture
def table(client):
    """Two experiments; ``shared`` in both; jobs of each type with and without times."""
    client.create_experiment(ExperimentName="e1")
    client.create_experiment(ExperimentName="e2")
    client.create_trial(TrialName="t1", ExperimentName="e1")
    client.create_trial(TrialName="t2", ExperimentName="e2")
    specs = [
        ("train", "training-job", 0, 120, ["t1"], {"lr": 0.1, "opt": "sgd"}),
        ("process", "Processing-Job", 0, 30, ["t2"], {"lr": 0.2}),
        ("shared", None, 10, 20, ["t1", "t2"], {"opt": "adam"}),
        ("open", "training-job", 5, None, [], {"lr": -1}),
        ("bare", None, None, None, [], {}),
    ]
    for name, kind, start, end, trial_names, parameters in specs:
        fields = {}
        if kind is not None:
            fields["Source"] = {"SourceArn": ARN.format(kind=kind, name=name)}
        if start is not None:
            fields["StartTime"] = 1_700_000_000 + start
        if end is not None:
            fields["EndTime"] = 1_700_000_000 + end
        client.create_trial_component(
            TrialComponentName=name,
            Parameters=parameters,
            InputArtifacts={f"in-{name}": {"Value": "s3://in"}},
            OutputArtifacts={"model": {"Value": "s3://out"}} if kind else {},
            **fields,
        )
        client.batch_put_metrics(
            TrialComponentName=name,
            MetricData=[{"MetricName": f"m-{len(name)}", "Value": float(len(name))}],
        )
        for trial_name in trial_names:
            client.associate_trial_component(TrialComponentName=name, TrialName=trial_name)
    return client


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"Operator": "Equals", "Value": "training-job"}, ["open", "train"]),
        ({"Operator": "equals", "Value": "Processing-Job"}, ["process"]),
        ({"Operator": "NotEquals", "Value": "other"}, ["open", "process", "train"]),
        ({"Operator": "In", "Value": "other, processing-job"}, ["bare", "process", "shared"]),
    ],
)
def test_filter_type(table, condition, expected):
    expression = {"Filters": [{"Name": "Type", **condition}]}

    assert search_names(table, expression) == expected


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"Operator": "Equals", "Value": "notebook"}, "training-job, processing-job, other"),
        ({"Operator": "In", "Value": "other, job"}, "Invalid SearchExpression.Filters"),
        ({"Operator": "Contains", "Value": "job"}, "Equals, NotEquals and In"),
        ({"Operator": "Exists"}, "Equals, NotEquals and In"),
    ],
)
def test_filter_type_rejects(table, condition, message):
    expression = {"Filters": [{"Name": "Type", **condition}]}

    with pytest.raises(ValidationError, match=message):
        table.search(Resource=TC, SearchExpression=expression)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"Operator": "GreaterThan", "Value": "20"}, ["process", "train"]),
        ({"Operator": "LessThanOrEqualTo", "Value": 30}, ["process", "shared"]),
        ({"Operator": "Equals", "Value": "10"}, ["shared"]),
        ({"Operator": "NotEquals", "Value": "10"}, ["bare", "open", "process", "train"]),
        ({"Operator": "Exists"}, ["process", "shared", "train"]),
        ({"Operator": "NotExists"}, ["bare", "open"]),
    ],
)
def test_filter_duration(table, condition, expected):
    expression = {"Filters": [{"Name": "Duration", **condition}]}

    assert search_names(table, expression) == expected


def test_filter_duration_rejects_text(table):
    expression = {"Filters": [{"Name": "Duration", "Operator": "Contains", "Value": "1"}]}

    with pytest.raises(ValidationError, match="Contains and In apply to text"):
        table.search(Resource=TC, SearchExpression=expression)


def test_unknown_property_lists_type_and_duration(table):
    expression = {"Filters": [{"Name": "Kind", "Operator": "Exists"}]}

    with pytest.raises(ValidationError, match="Type, Duration") as raised:
        table.search(Resource=TC, SearchExpression=expression)

    assert "Status.PrimaryStatus" in raised.value.message


def page_names(client, scope, sort_by, descending=False, page_size=2):
    found, token = [], None
    while True:
        page = client.store.query_page(
            TRIAL_COMPONENT, None, sort_by, descending, page_size, token, scope=scope
        )
        found += [record["TrialComponentName"] for record in page["Records"]]
        token = page.get("NextToken")
        if token is None:
            return found


SCOPES = [
    ComponentScope(experiments=("e1",)),
    ComponentScope(trials=("T2",), trial_components=("open",)),
    ComponentScope(unassigned=True),
    ComponentScope(experiments=("e1", "e2"), unassigned=True),
    ComponentScope(),
]
SORTS = ["Duration", "Type", "Parameters.lr", "Parameters.opt", "Metrics.m-4.Max", "StartTime"]


def table_reads(client, scope):
    """Return everything the table reads for a scope."""
    store = client.store
    return {
        "columns": store.component_column_names(scope),
        "values": [
            store.component_column_values(scope, path, None, 10)
            for path in ("Type", "Parameters.lr", "Parents.TrialName", "TrialComponentName")
        ],
        "pages": [
            page_names(client, scope, sort, descending)
            for sort in SORTS
            for descending in (False, True)
        ],
    }


@pytest.mark.parametrize("scope", SCOPES)
def test_large_scope_path_matches_small(table, monkeypatch, scope):
    # Scopes above SMALL_SCOPE_MAX components are read through a condition
    # instead of their ids. Lowering the limit runs that path on a few rows.
    small = table_reads(table, scope)
    monkeypatch.setattr(scope_module, "SMALL_SCOPE_MAX", 0)
    large = table_reads(table, scope)
    with table.store.engine.connect() as connection:
        few_ids = scope_module.resolve_scope(connection, scope).few_ids

    assert large == small
    # Only a scope that names nothing keeps its (empty) id list.
    assert (few_ids is None) == (scope != ComponentScope())


def test_scope_union_pages(table):
    scope = ComponentScope(experiments=("E1",), trials=("t2",), unassigned=True)

    ascending = page_names(table, scope, "Duration")
    descending = page_names(table, scope, "Duration", descending=True)

    assert ascending == ["shared", "process", "train", "bare", "open"]
    assert descending == ["train", "process", "shared", "open", "bare"]


def test_scope_unknown_name(table):
    scope = ComponentScope(experiments=("e1",), trial_components=("ghost",))

    with pytest.raises(ResourceNotFound, match="TrialComponent 'ghost' of the scope") as raised:
        table.store.query_page(TRIAL_COMPONENT, None, "Type", False, 10, None, scope=scope)

    assert raised.value.field == "scope"


def test_column_names_by_scope(table):
    whole = table.store.component_column_names(None)
    second = table.store.component_column_names(ComponentScope(experiments=("e2",)))

    assert whole == {
        "parameters": ["lr", "opt"],
        "metrics": ["m-4", "m-5", "m-6", "m-7"],
        "input_artifacts": ["in-bare", "in-open", "in-process", "in-shared", "in-train"],
        "output_artifacts": ["model"],
    }
    assert second == {
        "parameters": ["lr", "opt"],
        "metrics": ["m-6", "m-7"],
        "input_artifacts": ["in-process", "in-shared"],
        "output_artifacts": ["model"],
    }


def test_column_values_by_scope(table):
    store = table.store
    unassigned = ComponentScope(unassigned=True)

    assert store.component_column_values(None, "Parameters.lr", None, 10) == ([-1, 0.1, 0.2], False)
    assert store.component_column_values(None, "Parameters.opt", "A", 10) == (["adam"], False)
    assert store.component_column_values(unassigned, "Type", None, 10) == (
        ["other", "training-job"],
        False,
    )
    with pytest.raises(ValidationError, match="Invalid property 'Duration'"):
        store.component_column_values(None, "Duration", None, 10)
