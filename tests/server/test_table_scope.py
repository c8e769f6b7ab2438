"""The ``scope`` and ``include_total_count`` parameters of ``GET trial-components``."""

from __future__ import annotations

import json

import pytest

from .conftest import error_body, strict_json


def names_of(body):
    return [component["name"] for component in body["trial_components"]]


def trial_names(component):
    return [parent["trial_name"] for parent in component["parents"]]


def experiment_names(component):
    return sorted({parent["experiment_name"] for parent in component["parents"]})


async def list_in_scope(api, scope, **params):
    params.setdefault("sort_by", "name")
    params.setdefault("sort_order", "ascending")
    response = await api("trial-components", params={"scope": json.dumps(scope), **params})
    return strict_json(response)


async def test_scope_experiment_lists_shared_component_once(api, shared_component):
    names = shared_component

    body = await list_in_scope(api, {"experiments": [names.E1]})

    assert names_of(body) == [names.PREP, names.TRAIN]
    assert body["total_count"] == 2
    prep, train = body["trial_components"]
    assert trial_names(prep) == [names.T1, names.T2]
    assert experiment_names(prep) == [names.E1, names.E2]
    assert trial_names(train) == [names.T1]
    assert experiment_names(train) == [names.E1]


async def test_scope_experiment_filtered_by_trial(api, shared_component):
    names = shared_component
    by_trial = {"Filters": [{"Name": "Parents.TrialName", "Operator": "Equals", "Value": "T1"}]}

    body = await list_in_scope(api, {"experiments": [names.E1]}, filter=json.dumps(by_trial))

    assert names_of(body) == [names.PREP, names.TRAIN]


async def test_scope_other_trial_shows_shared_only(api, shared_component):
    names = shared_component

    body = await list_in_scope(api, {"trials": [names.T2]})

    assert names_of(body) == [names.PREP]
    assert trial_names(body["trial_components"][0]) == [names.T1, names.T2]


async def test_scope_values_identical_in_every_view(api, shared_component):
    names = shared_component
    views = [
        {"experiments": [names.E1]},
        {"experiments": [names.E2]},
        {"trials": [names.T1]},
        {"trials": [names.T2]},
        {"trial_components": [names.PREP]},
    ]

    found = []
    for scope in views:
        body = await list_in_scope(api, scope)
        [prep] = [item for item in body["trial_components"] if item["name"] == names.PREP]
        found.append((prep["parameters"], prep["metrics"], prep["parents"]))

    assert all(view == found[0] for view in found)
    assert found[0][0] == {"normalize": "z-score", "seed": 7}


async def test_scope_union_deduplicates(api, client, shared_component):
    names = shared_component
    client.create_trial_component(TrialComponentName="loose")
    client.create_trial_component(TrialComponentName="other-loose")
    scope = {
        "experiments": [names.E1],
        "trials": [names.T2],
        "trial_components": [names.PREP, names.TRAIN],
        "unassigned": True,
    }

    body = await list_in_scope(api, scope)

    assert names_of(body) == ["loose", "other-loose", names.PREP, names.TRAIN]
    assert body["total_count"] == 4


async def test_scope_parts_select_their_components(api, client, shared_component):
    names = shared_component
    client.create_trial_component(TrialComponentName="loose")

    cases = [
        ({"experiments": [names.E2]}, [names.PREP]),
        ({"trial_components": [names.TRAIN]}, [names.TRAIN]),
        ({"unassigned": True}, ["loose"]),
        ({"trials": [names.T2], "trial_components": ["loose"]}, ["loose", names.PREP]),
        ({"experiments": [names.E1, names.E2]}, [names.PREP, names.TRAIN]),
    ]
    for scope, expected in cases:
        assert names_of(await list_in_scope(api, scope)) == expected, scope


async def test_scope_names_ignore_case(api, shared_component):
    body = await list_in_scope(api, {"experiments": ["e1"], "trials": ["t2"]})

    assert names_of(body) == [shared_component.PREP, shared_component.TRAIN]


@pytest.mark.parametrize("scope", [{}, {"experiments": [], "unassigned": False}])
async def test_scope_naming_nothing_is_empty(api, shared_component, scope):
    body = await list_in_scope(api, scope)

    assert body == {"trial_components": [], "next_token": None, "total_count": 0}


async def test_scope_combines_with_search_and_filter(api, shared_component):
    names = shared_component
    by_lr = {"Filters": [{"Name": "Parameters.lr", "Operator": "Exists"}]}

    searched = await list_in_scope(api, {"experiments": [names.E1]}, search="PRE")
    filtered = await list_in_scope(api, {"experiments": [names.E1]}, filter=json.dumps(by_lr))

    assert names_of(searched) == [names.PREP]
    assert names_of(filtered) == [names.TRAIN]


@pytest.mark.parametrize(
    ("key", "name", "kind"),
    [
        ("experiments", "no-such-experiment", "Experiment"),
        ("trials", "no-such-trial", "Trial"),
        ("trial_components", "no-such-component", "TrialComponent"),
    ],
)
async def test_scope_unknown_name_404(api, shared_component, key, name, kind):
    scope = {"experiments": [shared_component.E1], key: [name]}

    response = await api("trial-components", params={"scope": json.dumps(scope)})

    body = error_body(response, 404)
    assert body["error_code"] == "ResourceNotFound"
    assert body["field"] == "scope"
    assert f"{kind} '{name}'" in body["message"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{not json", "JSON object"),
        ('["E1"]', "JSON object"),
        ('"E1"', "JSON object"),
        ('{"experiment": ["E1"]}', "unknown keys experiment"),
        ('{"experiments": "E1"}', "experiments must be a list"),
        ('{"trials": [1]}', "trials must be a list"),
        ('{"trial_components": [""]}', "trial_components must be a list"),
        ('{"experiments": null}', "experiments must be a list"),
        ('{"unassigned": "true"}', "unassigned must be true or false"),
        ("[" * 5000 + "]" * 5000, "nested too deeply"),
    ],
)
async def test_scope_invalid_400(api, shared_component, text, fragment):
    response = await api("trial-components", params={"scope": text})

    body = error_body(response, 400)
    assert body["error_code"] == "ValidationException"
    assert body["field"] == "scope"
    assert fragment in body["message"]


async def test_scope_too_many_names_400(api, shared_component):
    scope = {"experiments": ["E1"] * 600, "trials": ["T1"] * 401}

    response = await api("trial-components", params={"scope": json.dumps(scope)})

    body = error_body(response, 400)
    assert body["field"] == "scope"
    assert "1001 names" in body["message"]
    assert "at most 1000" in body["message"]


async def test_scope_at_name_limit_200(api, shared_component):
    scope = {"experiments": ["E1"] * 600, "trials": ["T1"] * 400}

    body = await list_in_scope(api, scope)

    assert names_of(body) == [shared_component.PREP, shared_component.TRAIN]


@pytest.mark.parametrize(
    "legacy", [{"experiment_name": "E1"}, {"trial_name": "T1"}, {"unassigned": "false"}]
)
async def test_scope_with_legacy_parameters_400(api, shared_component, legacy):
    params = {"scope": json.dumps({"experiments": ["E1"]}), **legacy}

    response = await api("trial-components", params=params)

    body = error_body(response, 400)
    assert body["field"] == "scope"
    assert next(iter(legacy)) in body["message"]


async def test_scope_token_reused_with_other_scope_400(api, shared_component):
    first = await list_in_scope(api, {"experiments": ["E1"]}, max_results="1")

    response = await api(
        "trial-components",
        params={
            "scope": json.dumps({"experiments": ["E1", "E2"]}),
            "sort_by": "name",
            "sort_order": "ascending",
            "max_results": "1",
            "next_token": first["next_token"],
        },
    )

    assert error_body(response, 400)["field"] == "NextToken"


async def test_scope_pages_walk_union(api, shared_component):
    params = {"max_results": "1"}
    walk = []
    while True:
        body = await list_in_scope(api, {"experiments": ["E1"], "trials": ["T2"]}, **params)
        walk += names_of(body)
        if body["next_token"] is None:
            break
        params["next_token"] = body["next_token"]

    assert walk == [shared_component.PREP, shared_component.TRAIN]


async def test_total_count_skipped_on_request(api, shared_component):
    without = await list_in_scope(api, {"experiments": ["E1"]}, include_total_count="false")
    explicit = await list_in_scope(api, {"experiments": ["E1"]}, include_total_count="TRUE")
    legacy = strict_json(
        await api(
            "trial-components", params={"experiment_name": "E1", "include_total_count": "false"}
        )
    )

    assert without["total_count"] is None
    assert names_of(without) == [shared_component.PREP, shared_component.TRAIN]
    assert explicit["total_count"] == 2
    assert legacy["total_count"] is None


async def test_total_count_bad_value_400(api, shared_component):
    response = await api("trial-components", params={"include_total_count": "no"})

    body = error_body(response, 400)
    assert body["field"] == "include_total_count"
    assert "'no'" in body["message"]


async def test_components_carry_type_and_duration(api, client):
    client.create_trial_component(
        TrialComponentName="job",
        StartTime=1_700_000_000,
        EndTime=1_700_000_090.5,
        Source={
            "SourceArn": "arn:aws:sagemaker:local:000000000000:training-job/job",
            "SourceType": "SageMakerTrainingJob",
        },
    )
    client.create_trial_component(
        TrialComponentName="prep-job",
        StartTime=1_700_000_000,
        Source={"SourceArn": "arn:aws:sagemaker:us-east-1:123:Processing-Job/prep"},
    )
    client.create_trial_component(TrialComponentName="notebook")

    body = strict_json(await api("trial-components", params={"sort_by": "name"}))

    found = {
        item["name"]: (item["type"], item["duration_seconds"]) for item in body["trial_components"]
    }
    assert found == {
        "job": ("training-job", 90.5),
        "prep-job": ("processing-job", None),
        "notebook": ("other", None),
    }
