"""Sorting and paging of ``GET trial-components`` over every table column."""

from __future__ import annotations

import json

import pytest

from .conftest import THOUSAND_AND_ONE, error_body, strict_json, tied_accuracy

MISSING = object()


def names_of(body):
    return [component["name"] for component in body["trial_components"]]


async def walk(api, params, page_size=100):
    """Return every page of a listing, following next_token."""
    params = {**params, "max_results": str(page_size)}
    pages = []
    while True:
        body = strict_json(await api("trial-components", params=params))
        pages.append(body)
        if body["next_token"] is None:
            return pages
        params["next_token"] = body["next_token"]


def walked_names(pages):
    return [name for page in pages for name in names_of(page)]


@pytest.fixture
def mixed_parameters(client):
    """Six components with number, string and missing parameter values (field case 6)."""
    lr = [1e-5, 0.001, 0.01, 2, 10, -3]
    batch = [32, 128, "auto", "256", None, 64]
    for index, (rate, size) in enumerate(zip(lr, batch, strict=True)):
        parameters = {"lr": rate}
        if size is not None:
            parameters["batch_size"] = size
        client.create_trial_component(TrialComponentName=f"tc-{index}", Parameters=parameters)
    return client


async def parameter_column(api, name, order):
    pages = await walk(api, {"sort_by": f"Parameters.{name}", "sort_order": order}, page_size=2)
    return [
        component["parameters"].get(name, MISSING)
        for page in pages
        for component in page["trial_components"]
    ]


async def test_sort_parameter_numbers_numerically(api, mixed_parameters):
    ascending = await parameter_column(api, "lr", "ascending")
    descending = await parameter_column(api, "lr", "descending")

    assert ascending == [-3, 1e-05, 0.001, 0.01, 2, 10]
    assert descending == list(reversed(ascending))


async def test_sort_parameter_numbers_strings_missing(api, mixed_parameters):
    ascending = await parameter_column(api, "batch_size", "ascending")
    descending = await parameter_column(api, "batch_size", "descending")

    assert ascending == [32, 64, 128, "256", "auto", MISSING]
    assert descending == [128, 64, 32, "auto", "256", MISSING]


@pytest.fixture
def metric_components(client):
    """Four components with different statistics of ``loss``, and one without it."""
    series = {
        "m-a": [3.0, 1.0],
        "m-b": [0.5, 0.5, 0.5],
        "m-c": [-2.0, 4.0, 1.5, 0.0],
        "m-d": [2.0],
    }
    for name, values in series.items():
        client.create_trial_component(TrialComponentName=name)
        client.batch_put_metrics(
            TrialComponentName=name,
            MetricData=[
                {"MetricName": "loss", "Value": value, "Step": step}
                for step, value in enumerate(values)
            ],
        )
    client.create_trial_component(TrialComponentName="m-none")
    return client


@pytest.mark.parametrize(
    ("statistic", "ascending"),
    [
        ("Min", ["m-c", "m-b", "m-a", "m-d", "m-none"]),
        ("Max", ["m-b", "m-d", "m-a", "m-c", "m-none"]),
        # m-a and m-d both average 2: a tie, broken by name.
        ("Avg", ["m-b", "m-c", "m-a", "m-d", "m-none"]),
        ("Last", ["m-c", "m-b", "m-a", "m-d", "m-none"]),
        ("Count", ["m-d", "m-a", "m-b", "m-c", "m-none"]),
        # Constant m-b and single-point m-d both have 0: a tie, broken by name.
        ("StdDev", ["m-b", "m-d", "m-a", "m-c", "m-none"]),
    ],
)
async def test_sort_metric_statistics_both_directions(api, metric_components, statistic, ascending):
    sort_by = f"Metrics.loss.{statistic}"

    up = walked_names(await walk(api, {"sort_by": sort_by, "sort_order": "ascending"}, 2))
    down = walked_names(await walk(api, {"sort_by": sort_by, "sort_order": "descending"}, 2))

    assert up == ascending
    assert down == [*reversed(ascending[:-1]), "m-none"]


@pytest.fixture
def typed_components(client):
    """Components of every type, with and without start and end times."""
    arn = "arn:aws:sagemaker:local:000000000000:{kind}/{name}"
    specs = [
        ("c-train", "training-job", 100, 160),
        ("c-process", "processing-job", 100, 105),
        ("c-notebook", None, 100, 130),
        ("c-open", "training-job", 100, None),
    ]
    for name, kind, start, end in specs:
        fields = {"StartTime": 1_700_000_000 + start, "DisplayName": name.upper()}
        if end is not None:
            fields["EndTime"] = 1_700_000_000 + end
        if kind is not None:
            fields["Source"] = {"SourceArn": arn.format(kind=kind, name=name)}
        client.create_trial_component(
            TrialComponentName=name,
            Status={"PrimaryStatus": "Completed" if end else "InProgress"},
            Parameters={"lr": 0.1},
            InputArtifacts={"data": {"Value": f"s3://in/{name}"}},
            OutputArtifacts={"model": {"Value": f"s3://out/{name}"}},
            **fields,
        )
        client.batch_put_metrics(
            TrialComponentName=name, MetricData=[{"MetricName": "acc", "Value": 0.5}]
        )
    return client


async def test_sort_by_type(api, typed_components):
    up = walked_names(await walk(api, {"sort_by": "Type", "sort_order": "ascending"}))
    down = walked_names(await walk(api, {"sort_by": "type", "sort_order": "descending"}))

    assert up == ["c-notebook", "c-process", "c-open", "c-train"]
    assert down == list(reversed(up))


async def test_sort_by_duration(api, typed_components):
    up = walked_names(await walk(api, {"sort_by": "Duration", "sort_order": "ascending"}))
    down = walked_names(await walk(api, {"sort_by": "Duration", "sort_order": "descending"}))

    assert up == ["c-process", "c-notebook", "c-train", "c-open"]
    assert down == ["c-train", "c-notebook", "c-process", "c-open"]


@pytest.mark.parametrize(
    "key",
    [
        "TrialComponentName",
        "DisplayName",
        "Type",
        "Status.PrimaryStatus",
        "CreationTime",
        "LastModifiedTime",
        "StartTime",
        "EndTime",
        "Duration",
        "Parameters.lr",
        "Metrics.acc.Min",
        "Metrics.acc.Max",
        "Metrics.acc.Avg",
        "Metrics.acc.StdDev",
        "Metrics.acc.Last",
        "Metrics.acc.Count",
        "InputArtifacts.data.Value",
        "OutputArtifacts.model.Value",
    ],
)
async def test_sort_accepts_every_column_key(api, typed_components, key):
    for order in ("ascending", "descending"):
        pages = await walk(api, {"sort_by": key, "sort_order": order}, page_size=3)

        assert sorted(walked_names(pages)) == ["c-notebook", "c-open", "c-process", "c-train"]


async def test_sort_by_name_and_display_name(api, typed_components):
    by_name = walked_names(await walk(api, {"sort_by": "TrialComponentName"}))
    by_display = walked_names(
        await walk(api, {"sort_by": "DisplayName", "sort_order": "ascending"})
    )

    assert by_name == ["c-train", "c-process", "c-open", "c-notebook"]
    assert by_display == ["c-notebook", "c-open", "c-process", "c-train"]


@pytest.mark.parametrize(
    "key", ["Trials", "Experiments", "trials", "Parents.TrialName", "Parents.ExperimentName"]
)
async def test_sort_by_several_valued_column_400(api, typed_components, key):
    response = await api("trial-components", params={"sort_by": key})

    body = error_body(response, 400)
    assert body["field"] == "sort_by"
    assert "cannot be sorted by" in body["message"]


async def test_sort_by_unknown_property_400(api, typed_components):
    response = await api("trial-components", params={"sort_by": "Metrics.acc.Median"})

    body = error_body(response, 400)
    assert body["field"] == "sort_by"
    assert "Min|Max|Avg|StdDev|Last|Count" in body["message"]


async def test_ties_broken_by_name_both_directions(api, client):
    # Created out of name order, so creation order would give another result.
    for name in ("tie-b", "tie-d", "tie-a", "tie-c"):
        client.create_trial_component(TrialComponentName=name)
        client.batch_put_metrics(
            TrialComponentName=name, MetricData=[{"MetricName": "acc", "Value": 0.5}]
        )
    client.create_experiment(ExperimentName="ties")
    client.create_trial(TrialName="ties-trial", ExperimentName="ties")
    for name in ("tie-b", "tie-d", "tie-a", "tie-c"):
        client.associate_trial_component(TrialComponentName=name, TrialName="ties-trial")

    for scope in (None, json.dumps({"experiments": ["ties"]})):
        params = (
            {"sort_by": "Metrics.acc.Max"}
            if scope is None
            else {
                "sort_by": "Metrics.acc.Max",
                "scope": scope,
            }
        )
        up = walked_names(await walk(api, {**params, "sort_order": "ascending"}, 3))
        down = walked_names(await walk(api, {**params, "sort_order": "descending"}, 3))

        assert up == ["tie-a", "tie-b", "tie-c", "tie-d"]
        assert down == ["tie-d", "tie-c", "tie-b", "tie-a"]


BIG_SCOPE = json.dumps({"experiments": ["big"]})
BY_ACCURACY = {"scope": BIG_SCOPE, "sort_by": "Metrics.acc.Max", "sort_order": "descending"}


def expected_order(names):
    """Return field case 18's order: acc Max descending, ties by name descending."""
    index = {name: position for position, name in enumerate(THOUSAND_AND_ONE)}
    return sorted(names, key=lambda name: (tied_accuracy(index[name]), name), reverse=True)


@pytest.mark.slow
async def test_paging_walk_with_ties(api, thousand_and_one):
    pages = await walk(api, BY_ACCURACY)
    again = await walk(api, BY_ACCURACY)
    legacy = await walk(
        api, {"experiment_name": "big", "sort_by": "Metrics.acc.Max", "sort_order": "descending"}
    )

    names = walked_names(pages)
    assert len(pages) == 11
    assert [len(names_of(page)) for page in pages] == [100] * 10 + [1]
    assert len(names) == 1001
    assert len(set(names)) == 1001
    assert names == expected_order(THOUSAND_AND_ONE)
    assert walked_names(again) == names
    assert walked_names(legacy) == names
    assert {page["total_count"] for page in pages} == {1001}
    ties = [name for name in names if tied_accuracy(THOUSAND_AND_ONE.index(name)) == 0.5]
    assert len(ties) == 237


OTHER_QUERIES = [
    {"sort_order": "ascending"},
    {"sort_by": "Metrics.acc.Min"},
    {"scope": json.dumps({"experiments": ["big"], "unassigned": True})},
    {"filter": json.dumps({"Filters": [{"Name": "Metrics.acc.Max", "Operator": "Exists"}]})},
    {"search": "tc"},
]


@pytest.mark.slow
async def test_paging_token_with_other_query_400(api, thousand_and_one):
    pages = await walk(api, BY_ACCURACY)
    third_token = pages[2]["next_token"]

    for changed in OTHER_QUERIES:
        response = await api(
            "trial-components",
            params={**BY_ACCURACY, **changed, "max_results": "100", "next_token": third_token},
        )

        body = error_body(response, 400)
        assert body["field"] == "NextToken", changed
        assert "different query" in body["message"], changed


@pytest.mark.slow
async def test_paging_token_with_other_page_size_200(api, thousand_and_one):
    pages = await walk(api, BY_ACCURACY)

    response = await api(
        "trial-components",
        params={**BY_ACCURACY, "max_results": "7", "next_token": pages[2]["next_token"]},
    )

    assert names_of(strict_json(response)) == walked_names(pages)[300:307]


@pytest.mark.parametrize("size", ["0", "-1", "1001", "1.5", "ten"])
async def test_paging_bad_page_size_400(api, client, size):
    response = await api("trial-components", params={"max_results": size})

    body = error_body(response, 400)
    assert body["field"] == "max_results"
    assert "from 1 to 1000" in body["message"]


async def test_paging_page_of_a_thousand(api, client):
    for index in range(1001):
        client.create_trial_component(TrialComponentName=f"tc-{index:04d}")

    first = strict_json(
        await api(
            "trial-components",
            params={"max_results": "1000", "sort_by": "name", "sort_order": "ascending"},
        )
    )
    rest = strict_json(
        await api(
            "trial-components",
            params={
                "max_results": "1000",
                "sort_by": "name",
                "sort_order": "ascending",
                "next_token": first["next_token"],
            },
        )
    )

    assert len(first["trial_components"]) == 1000
    assert [item["name"] for item in rest["trial_components"]] == ["tc-1000"]
    assert rest["next_token"] is None


@pytest.mark.slow
async def test_paging_exact_thousand_has_no_empty_page(api, thousand_and_one):
    client = thousand_and_one
    client.disassociate_trial_component(TrialComponentName="tc-1000", TrialName="big-trial")

    pages = await walk(api, {**BY_ACCURACY, "include_total_count": "false"})

    assert len(pages) == 10
    assert all(len(names_of(page)) == 100 for page in pages)
    assert pages[-1]["next_token"] is None
    assert {page["total_count"] for page in pages} == {None}


@pytest.mark.slow
async def test_paging_rows_added_during_walk(api, thousand_and_one):
    client = thousand_and_one
    params = {**BY_ACCURACY, "max_results": "100"}
    names, added = [], 0
    while True:
        body = strict_json(await api("trial-components", params=params))
        names += names_of(body)
        if added < 5:
            # Values before, inside and after the tie group.
            name = f"new-{added}"
            client.create_trial_component(TrialComponentName=name)
            client.associate_trial_component(TrialComponentName=name, TrialName="big-trial")
            client.batch_put_metrics(
                TrialComponentName=name,
                MetricData=[{"MetricName": "acc", "Value": (0.99, 0.5, 0.1, 0.5, 2.0)[added]}],
            )
            added += 1
        if body["next_token"] is None:
            break
        params["next_token"] = body["next_token"]

    assert len(names) == len(set(names))
    assert set(THOUSAND_AND_ONE) <= set(names)
