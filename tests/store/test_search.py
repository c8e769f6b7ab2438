"""Search: filters, sorting and paging in SQL."""

from __future__ import annotations

import math

import pytest

from jupyterlab_experiments.exceptions import ValidationError

TC = "ExperimentTrialComponent"


def names(result):
    return [item["TrialComponent"]["TrialComponentName"] for item in result["Results"]]


def search_all(client, **kwargs):
    found, token = [], None
    while True:
        page = client.search(Resource=TC, NextToken=token, **kwargs)
        found += names(page)
        token = page.get("NextToken")
        if token is None:
            return found


def put(client, name, **metrics):
    client.batch_put_metrics(
        TrialComponentName=name,
        MetricData=[
            {"MetricName": metric, "Value": value, "Step": step}
            for metric, values in metrics.items()
            for step, value in enumerate(values)
        ],
    )


@pytest.fixture
def special_names(client):
    """Three components whose metric and parameter names contain separators."""
    client.create_experiment(ExperimentName="e")
    client.create_trial(TrialName="t", ExperimentName="e")
    for name in ("a", "b", "c"):
        client.create_trial_component(TrialComponentName=name)
        client.associate_trial_component(TrialComponentName=name, TrialName="t")
    client.update_trial_component(TrialComponentName="a", Parameters={"optimizer.lr": 0.2})
    client.update_trial_component(
        TrialComponentName="c", DisplayName="job:2024-01-01T10:00/part#1?x"
    )
    for name, values in {
        "a": {
            "test:accuracy": [0.90, 0.95],
            "val/loss": [0.40],
            "top.1": [0.70],
            "f1-score": [0.50],
            "acc (val) 精度": [0.61],
        },
        "b": {"test:accuracy": [0.97], "val/loss": [0.30], "top.1": [0.80], "f1-score": [0.60]},
        "c": {
            "test:accuracy": [0.80, 0.99],
            "val/loss": [0.35],
            "top.1": [0.75],
            "f1-score": [0.70],
        },
    }.items():
        put(client, name, **values)
    return client


def test_sort_by_metric_with_colon(special_names):
    result = special_names.search(
        Resource=TC, SortBy="Metrics.test:accuracy.Max", SortOrder="Descending"
    )
    assert names(result) == ["c", "b", "a"]


def test_keywords_ignore_case(special_names):
    result = special_names.search(
        Resource=TC, SortBy="metrics.test:accuracy.max", SortOrder="ascending"
    )
    assert names(result) == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("Metrics.f1-score.Last", 0.55, ["b", "c"]),
        ("Metrics.top.1.Max", 0.72, ["b", "c"]),
        ("Metrics.val/loss.Min", 0.32, ["a", "c"]),
        ("Metrics.acc (val) 精度.Count", 0, ["a"]),
    ],
)
def test_filter_metric_names_with_separators(special_names, path, value, expected):
    found = search_all(
        special_names,
        SearchExpression={"Filters": [{"Name": path, "Operator": "GreaterThan", "Value": value}]},
        SortBy="TrialComponentName",
        SortOrder="Ascending",
    )
    assert found == expected


def test_parameter_name_with_dot_is_not_a_path(special_names):
    found = search_all(
        special_names,
        SearchExpression={"Filters": [{"Name": "Parameters.optimizer.lr", "Value": "0.2"}]},
    )
    assert found == ["a"]


def test_names_echoed_byte_identical(special_names):
    record = special_names.describe_trial_component(TrialComponentName="a")
    assert [metric["MetricName"] for metric in record["Metrics"]] == sorted(
        ["test:accuracy", "val/loss", "top.1", "f1-score", "acc (val) 精度"]
    )


def test_names_differing_in_case_stay_apart(client):
    client.create_trial_component(TrialComponentName="tc", Parameters={"LR": 1, "lr": 2})
    client.batch_put_metrics(
        TrialComponentName="tc",
        MetricData=[
            {"MetricName": "Accuracy", "Value": 0.9, "Step": 0},
            {"MetricName": "accuracy", "Value": 0.1, "Step": 0},
        ],
    )

    record = client.describe_trial_component(TrialComponentName="tc")
    points = client.get_metric_data(TrialComponentName="tc", MetricName="accuracy")["Points"]

    assert record["Parameters"] == {"LR": {"NumberValue": 1.0}, "lr": {"NumberValue": 2.0}}
    assert {m["MetricName"]: m["Last"] for m in record["Metrics"]} == {
        "Accuracy": 0.9,
        "accuracy": 0.1,
    }
    assert [point["Value"] for point in points] == [0.1]


@pytest.fixture
def mixed_parameters(client):
    """Six components with number, string and missing parameter values."""
    lr = [1e-5, 0.001, 0.01, 2, 10, -3]
    batch = [32, 128, "auto", "256", None, 64]
    for index, (rate, size) in enumerate(zip(lr, batch, strict=True)):
        parameters = {"lr": rate}
        if size is not None:
            parameters["batch_size"] = size
        client.create_trial_component(TrialComponentName=f"tc-{index}", Parameters=parameters)
    return client


def parameter_values(client, found, name):
    values = []
    for component in found:
        parameters = client.describe_trial_component(TrialComponentName=component)["Parameters"]
        value = parameters.get(name)
        values.append(None if value is None else next(iter(value.values())))
    return values


def test_sort_numbers_numerically(mixed_parameters):
    ascending = search_all(mixed_parameters, SortBy="Parameters.lr", SortOrder="Ascending")
    descending = search_all(mixed_parameters, SortBy="Parameters.lr", SortOrder="Descending")

    assert parameter_values(mixed_parameters, ascending, "lr") == [-3, 1e-05, 0.001, 0.01, 2, 10]
    assert descending == list(reversed(ascending))


def test_sort_numbers_then_strings_then_missing(mixed_parameters):
    ascending = search_all(mixed_parameters, SortBy="Parameters.batch_size", SortOrder="Ascending")
    descending = search_all(
        mixed_parameters, SortBy="Parameters.batch_size", SortOrder="Descending"
    )

    assert parameter_values(mixed_parameters, ascending, "batch_size") == [
        32,
        64,
        128,
        "256",
        "auto",
        None,
    ]
    assert parameter_values(mixed_parameters, descending, "batch_size") == [
        128,
        64,
        32,
        "auto",
        "256",
        None,
    ]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (
            {"Filters": [{"Name": "Parameters.lr", "Operator": "GreaterThan", "Value": "0.005"}]},
            ["tc-2", "tc-3", "tc-4"],
        ),
        (
            {"Filters": [{"Name": "Parameters.batch_size", "Operator": "Equals", "Value": "256"}]},
            ["tc-3"],
        ),
        (
            {"Filters": [{"Name": "Parameters.batch_size", "Operator": "Equals", "Value": "32"}]},
            ["tc-0"],
        ),
        ({"Filters": [{"Name": "Parameters.batch_size", "Operator": "NotExists"}]}, ["tc-4"]),
        (
            {"Filters": [{"Name": "Parameters.batch_size", "Operator": "In", "Value": "auto, 64"}]},
            ["tc-2", "tc-5"],
        ),
        (
            {
                "Filters": [
                    {"Name": "Parameters.batch_size", "Operator": "NotEquals", "Value": "32"}
                ]
            },
            ["tc-1", "tc-2", "tc-3", "tc-4", "tc-5"],
        ),
        (
            {
                "Operator": "Or",
                "Filters": [
                    {"Name": "Parameters.lr", "Operator": "LessThan", "Value": "0"},
                    {"Name": "Parameters.lr", "Operator": "GreaterThanOrEqualTo", "Value": "10"},
                ],
            },
            ["tc-4", "tc-5"],
        ),
        (
            {
                "Filters": [{"Name": "Parameters.lr", "Operator": "GreaterThan", "Value": "0"}],
                "SubExpressions": [
                    {
                        "Operator": "Or",
                        "Filters": [
                            {
                                "Name": "Parameters.batch_size",
                                "Operator": "Contains",
                                "Value": "AUT",
                            },
                            {
                                "Name": "Parameters.batch_size",
                                "Operator": "LessThanOrEqualTo",
                                "Value": "32",
                            },
                        ],
                    }
                ],
            },
            ["tc-0", "tc-2"],
        ),
    ],
)
def test_parameter_filters(mixed_parameters, expression, expected):
    found = search_all(
        mixed_parameters,
        SearchExpression=expression,
        SortBy="TrialComponentName",
        SortOrder="Ascending",
    )
    assert found == expected


def test_parent_filters_and_nested(client):
    client.create_experiment(ExperimentName="E1")
    client.create_experiment(ExperimentName="E2")
    client.create_trial(TrialName="T1", ExperimentName="E1")
    client.create_trial(TrialName="T2", ExperimentName="E2")
    for name, trials in {"prep": ["T1", "T2"], "train-1": ["T1"], "loose": []}.items():
        client.create_trial_component(TrialComponentName=name)
        for trial in trials:
            client.associate_trial_component(TrialComponentName=name, TrialName=trial)

    def find(expression):
        return sorted(search_all(client, SearchExpression=expression))

    assert find({"Filters": [{"Name": "Parents.ExperimentName", "Value": "e1"}]}) == [
        "prep",
        "train-1",
    ]
    assert find({"Filters": [{"Name": "Parents.TrialName", "Value": "T2"}]}) == ["prep"]
    assert find({"Filters": [{"Name": "Parents.TrialName", "Operator": "NotExists"}]}) == ["loose"]
    assert (
        find(
            {
                "NestedFilters": [
                    {
                        "NestedPropertyName": "Parents",
                        "Filters": [
                            {"Name": "Parents.TrialName", "Value": "T1"},
                            {"Name": "Parents.ExperimentName", "Value": "E2"},
                        ],
                    }
                ]
            }
        )
        == []
    )
    assert find(
        {
            "Filters": [
                {"Name": "Parents.TrialName", "Value": "T1"},
                {"Name": "Parents.ExperimentName", "Value": "E2"},
            ]
        }
    ) == ["prep"]


def test_time_and_status_filters(client):
    client.create_trial_component(
        TrialComponentName="early", StartTime=1704067200.0, Status={"PrimaryStatus": "Failed"}
    )
    client.create_trial_component(
        TrialComponentName="late", StartTime=1735689600.0, Status={"PrimaryStatus": "Completed"}
    )

    later = search_all(
        client,
        SearchExpression={
            "Filters": [
                {"Name": "StartTime", "Operator": "GreaterThan", "Value": "2024-06-01T00:00:00Z"}
            ]
        },
    )
    failed = search_all(
        client,
        SearchExpression={
            "Filters": [{"Name": "Status.PrimaryStatus", "Operator": "Equals", "Value": "Failed"}]
        },
    )

    assert later == ["late"]
    assert failed == ["early"]


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ({}, None),
        ({"Filters": []}, "must have at least one filter"),
        ({"Filters": [{"Name": "Bogus", "Value": "x"}]}, "must be a supported property path"),
        (
            {"Filters": [{"Name": "DisplayName", "Operator": "Like", "Value": "x"}]},
            "Operator 'Like': must be one of",
        ),
        (
            {"Filters": [{"Name": "DisplayName", "Operator": "GreaterThan", "Value": "x"}]},
            "apply to numbers and times",
        ),
        (
            {"Filters": [{"Name": "Metrics.loss.Median", "Operator": "Equals", "Value": "1"}]},
            "Min\\|Max\\|Avg\\|StdDev\\|Last\\|Count",
        ),
        (
            {"Filters": [{"Name": "Metrics.loss.Max", "Operator": "GreaterThan", "Value": "high"}]},
            "must be a number",
        ),
        (
            {"Filters": [{"Name": "StartTime", "Operator": "GreaterThan", "Value": "yesterday"}]},
            "ISO 8601",
        ),
        ({"Filters": [{"Name": "DisplayName", "Operator": "Equals"}]}, "is required with Equals"),
        ({"Filters": [{"Name": "DisplayName", "Value": "x"}] * 21}, "at most 20 items"),
        (
            {"Operator": "Xor", "Filters": [{"Name": "DisplayName", "Value": "x"}]},
            "must be And or Or",
        ),
        ("DisplayName = x", "must be a dict"),
    ],
)
def test_bad_expressions_rejected(client, expression, message):
    if message is None:
        assert client.search(Resource=TC, SearchExpression=expression)["Results"] == []
        return
    with pytest.raises(ValidationError, match=message):
        client.search(Resource=TC, SearchExpression=expression)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"SortBy": "Parents.TrialName"}, "cannot be sorted by"),
        ({"SortOrder": "Up"}, "must be Ascending or Descending"),
        ({"MaxResults": 0}, "must be an integer from 1 to 1000"),
        ({"MaxResults": -1}, "must be an integer from 1 to 1000"),
        ({"MaxResults": 1001}, "must be an integer from 1 to 1000"),
        ({"Resource": "Models"}, "Invalid Resource"),
        ({"NextToken": "not-a-token"}, "Invalid NextToken"),
    ],
)
def test_bad_search_arguments_rejected(client, arguments, message):
    arguments = {"Resource": TC, **arguments}
    with pytest.raises(ValidationError, match=message):
        client.search(**arguments)


@pytest.fixture
def thousand_and_one(client):
    """1,001 components; 237 of them share acc Max = 0.5."""
    client.create_experiment(ExperimentName="big")
    client.create_trial(TrialName="big-trial", ExperimentName="big")
    for index in range(1001):
        name = f"tc-{index:04d}"
        client.create_trial_component(TrialComponentName=name)
        client.associate_trial_component(TrialComponentName=name, TrialName="big-trial")
        value = 0.5 if index % 4 == 0 and index < 948 else index / 1000 + 0.6
        client.batch_put_metrics(
            TrialComponentName=name, MetricData=[{"MetricName": "acc", "Value": value}]
        )
    return client


@pytest.mark.slow
def test_pages_cover_every_row_once(thousand_and_one):
    client = thousand_and_one
    query = {
        "SearchExpression": {"Filters": [{"Name": "Parents.ExperimentName", "Value": "big"}]},
        "SortBy": "Metrics.acc.Max",
        "SortOrder": "Descending",
        "MaxResults": 100,
    }
    pages, token, walk = 0, None, []
    while True:
        page = client.search(Resource=TC, NextToken=token, IncludeTotalCount=True, **query)
        pages += 1
        walk += names(page)
        assert page["TotalCount"] == 1001
        token = page.get("NextToken")
        if pages == 3:
            third_token = token
        if token is None:
            break

    assert pages == 11
    assert len(walk) == 1001
    assert len(set(walk)) == 1001
    assert walk == search_all(client, **query)
    ties = [name for name in walk if int(name[3:]) % 4 == 0 and int(name[3:]) < 948]
    assert len(ties) == 237
    assert ties == sorted(ties, reverse=True)

    with pytest.raises(ValidationError, match="issued for a different query"):
        client.search(Resource=TC, NextToken=third_token, **{**query, "SortOrder": "Ascending"})


@pytest.mark.slow
def test_walk_while_rows_are_added(thousand_and_one):
    client = thousand_and_one
    query = {"SortBy": "CreationTime", "SortOrder": "Descending", "MaxResults": 100}
    walk, token, added = [], None, 0
    while True:
        page = client.search(Resource=TC, NextToken=token, **query)
        walk += names(page)
        if added < 5:
            client.create_trial_component(TrialComponentName=f"new-{added}")
            added += 1
        token = page.get("NextToken")
        if token is None:
            break

    assert len(walk) == len(set(walk))
    assert {f"tc-{index:04d}" for index in range(1001)} <= set(walk)


def test_exact_page_boundary_has_no_empty_page(client):
    for index in range(10):
        client.create_trial_component(TrialComponentName=f"tc-{index}")

    first = client.search(Resource=TC, MaxResults=5, SortBy="TrialComponentName")
    second = client.search(
        Resource=TC, MaxResults=5, SortBy="TrialComponentName", NextToken=first["NextToken"]
    )

    assert len(names(first)) == 5
    assert len(names(second)) == 5
    assert "NextToken" not in second


def test_nan_last_sorts_with_missing(client):
    client.create_trial_component(TrialComponentName="finite")
    client.create_trial_component(TrialComponentName="nan-last")
    client.batch_put_metrics(
        TrialComponentName="finite", MetricData=[{"MetricName": "loss", "Value": 1.0}]
    )
    client.batch_put_metrics(
        TrialComponentName="nan-last", MetricData=[{"MetricName": "loss", "Value": math.nan}]
    )

    for order in ("Ascending", "Descending"):
        found = names(client.search(Resource=TC, SortBy="Metrics.loss.Last", SortOrder=order))
        assert found == ["finite", "nan-last"]


@pytest.mark.parametrize(
    "sort_by",
    ["Metrics.test:accuracy.Max", "Parameters.optimizer.lr", "CreationTime", "DisplayName"],
)
def test_scoped_sort_matches_store_wide_sort(special_names, sort_by):
    # A trial with few components takes the scoped path; the store-wide
    # query must give the same order.
    scoped = search_all(
        special_names,
        SearchExpression={"Filters": [{"Name": "Parents.TrialName", "Value": "t"}]},
        SortBy=sort_by,
        SortOrder="Descending",
        MaxResults=1,
    )
    store_wide = search_all(special_names, SortBy=sort_by, SortOrder="Descending", MaxResults=1)

    assert scoped == store_wide
    assert sorted(scoped) == ["a", "b", "c"]
