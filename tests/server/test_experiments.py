"""``GET experiments``, ``GET experiments/{name}`` and ``DELETE experiments/{name}``."""

from __future__ import annotations

import re

import pytest

from jupyterlab_experiments.exceptions import ResourceNotFound

from .conftest import error_body, strict_json

ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")


async def test_list_experiments_fields(api, tutorial):
    response = await api("experiments", params={"sort_by": "name", "sort_order": "ascending"})

    assert response.code == 200
    body = strict_json(response)
    assert [item["name"] for item in body["experiments"]] == [
        tutorial.EMPTY_EXPERIMENT,
        tutorial.EXPERIMENT,
    ]
    assert body["next_token"] is None
    assert body["total_count"] == 2
    mnist = body["experiments"][1]
    assert mnist["display_name"] == "MNIST classification ✓"
    assert mnist["description"] == "Handwritten digits, classified by a CNN"
    assert mnist["arn"].endswith(":experiment/mnist-classification")
    assert mnist["trial_count"] == 2
    assert ISO_UTC.fullmatch(mnist["creation_time"])
    assert ISO_UTC.fullmatch(mnist["last_modified_time"])


async def test_list_experiments_empty_store(api, client):
    response = await api("experiments")

    assert strict_json(response) == {"experiments": [], "next_token": None, "total_count": 0}


async def test_list_experiments_search_ignores_case(api, tutorial):
    by_display_name = strict_json(await api("experiments", params={"search": "mnist CLASS"}))
    by_name = strict_json(await api("experiments", params={"search": "EMPTY-exp"}))

    assert [item["name"] for item in by_display_name["experiments"]] == [tutorial.EXPERIMENT]
    assert by_display_name["total_count"] == 1
    assert [item["name"] for item in by_name["experiments"]] == [tutorial.EMPTY_EXPERIMENT]


@pytest.mark.parametrize("order", ["ascending", "descending", "Descending"])
async def test_list_experiments_sort_by_creation_time(api, client, order):
    names = [f"experiment-{index}" for index in range(3)]
    for name in names:
        client.create_experiment(ExperimentName=name)

    response = await api("experiments", params={"sort_by": "creation_time", "sort_order": order})

    listed = [item["name"] for item in strict_json(response)["experiments"]]
    assert listed == (names if order == "ascending" else names[::-1])


async def test_list_experiments_pages(api, client):
    names = {f"page-walk-{index:02d}" for index in range(7)}
    for name in sorted(names):
        client.create_experiment(ExperimentName=name)

    seen: list[str] = []
    pages = 0
    params = {"max_results": "3", "sort_by": "name"}
    while True:
        body = strict_json(await api("experiments", params=params))
        pages += 1
        assert body["total_count"] == 7
        seen.extend(item["name"] for item in body["experiments"])
        if body["next_token"] is None:
            break
        params["next_token"] = body["next_token"]

    assert pages == 3
    assert len(seen) == len(set(seen))
    assert set(seen) == names


@pytest.mark.parametrize("value", ["0", "-1", "101", "ten", "1.5"])
async def test_list_experiments_bad_max_results_400(api, client, value):
    response = await api("experiments", params={"max_results": value})

    body = error_body(response, 400)
    assert body["error_code"] == "ValidationException"
    assert body["field"] == "max_results"
    assert repr(value) in body["message"]


async def test_list_experiments_max_results_bounds(api, client):
    for index in range(3):
        client.create_experiment(ExperimentName=f"bound-{index}")

    smallest = strict_json(await api("experiments", params={"max_results": "1"}))
    largest = strict_json(await api("experiments", params={"max_results": "100"}))

    assert len(smallest["experiments"]) == 1
    assert smallest["next_token"] is not None
    assert len(largest["experiments"]) == 3


async def test_list_experiments_token_of_other_query_400(api, client):
    for index in range(3):
        client.create_experiment(ExperimentName=f"token-{index}")
    first = strict_json(await api("experiments", params={"max_results": "1", "sort_by": "name"}))

    response = await api(
        "experiments",
        params={"max_results": "1", "sort_by": "creation_time", "next_token": first["next_token"]},
    )

    body = error_body(response, 400)
    assert body["error_code"] == "ValidationException"
    assert "NextToken" in body["message"]


async def test_list_experiments_garbage_token_400(api, client):
    response = await api("experiments", params={"next_token": "not-a-token"})

    assert error_body(response, 400)["error_code"] == "ValidationException"


async def test_list_experiments_bad_sort_order_400(api, client):
    response = await api("experiments", params={"sort_order": "upwards"})

    body = error_body(response, 400)
    assert body["field"] == "sort_order"
    assert "'upwards'" in body["message"]


async def test_list_experiments_unknown_sort_property_400(api, client):
    response = await api("experiments", params={"sort_by": "Shoe.Size"})

    assert error_body(response, 400)["error_code"] == "ValidationException"


async def test_get_experiment(api, tutorial):
    response = await api("experiments", tutorial.EXPERIMENT)

    body = strict_json(response)
    assert body["name"] == tutorial.EXPERIMENT
    assert body["trial_count"] == 2
    assert set(body) == {
        "name",
        "display_name",
        "description",
        "arn",
        "creation_time",
        "last_modified_time",
        "trial_count",
    }


async def test_get_experiment_unknown_404(api, client):
    response = await api("experiments", "no-such-experiment")

    body = error_body(response, 404)
    assert body["error_code"] == "ResourceNotFound"
    assert "no-such-experiment" in body["message"]


async def test_delete_experiment_with_trials_409(api, client, tutorial):
    response = await api("experiments", tutorial.EXPERIMENT, method="DELETE")

    body = error_body(response, 409)
    assert body["error_code"] == "ConflictException"
    assert body["attached"] == {"trials": [tutorial.TRIAL_1, tutorial.TRIAL_2]}
    assert tutorial.TRIAL_1 in body["message"]
    assert "force=true" in body["message"]
    assert client.describe_experiment(ExperimentName=tutorial.EXPERIMENT)["TrialCount"] == 2


async def test_delete_experiment_force(api, client, tutorial):
    response = await api(
        "experiments", tutorial.EXPERIMENT, method="DELETE", params={"force": "true"}
    )

    assert response.code == 204
    assert response.body == b""
    with pytest.raises(ResourceNotFound, match="mnist-classification"):
        client.describe_experiment(ExperimentName=tutorial.EXPERIMENT)
    for trial in (tutorial.TRIAL_1, tutorial.TRIAL_2):
        with pytest.raises(ResourceNotFound, match=trial):
            client.describe_trial(TrialName=trial)
    for component in (tutorial.PREPROCESSING, tutorial.JOB_1, tutorial.JOB_2):
        with pytest.raises(ResourceNotFound, match=component):
            client.describe_trial_component(TrialComponentName=component)
    # Components outside the experiment stay.
    assert client.describe_trial_component(TrialComponentName=tutorial.UNASSIGNED)


async def test_delete_experiment_force_removes_shared_component(api, client, tutorial):
    client.create_experiment(ExperimentName="other-experiment")
    client.create_trial(TrialName="other-trial", ExperimentName="other-experiment")
    client.associate_trial_component(
        TrialComponentName=tutorial.PREPROCESSING, TrialName="other-trial"
    )

    response = await api(
        "experiments", tutorial.EXPERIMENT, method="DELETE", params={"force": "true"}
    )

    # Like Experiment.delete_all(action="--force"), shared components are deleted.
    assert response.code == 204
    assert client.describe_trial(TrialName="other-trial")["TrialComponentCount"] == 0


async def test_delete_experiment_empty(api, client, tutorial):
    response = await api("experiments", tutorial.EMPTY_EXPERIMENT, method="DELETE")

    assert response.code == 204
    with pytest.raises(ResourceNotFound, match="empty-experiment"):
        client.describe_experiment(ExperimentName=tutorial.EMPTY_EXPERIMENT)


async def test_delete_experiment_unknown_404(api, client):
    response = await api("experiments", "no-such-experiment", method="DELETE")

    assert error_body(response, 404)["error_code"] == "ResourceNotFound"


async def test_delete_experiment_bad_force_400(api, client, tutorial):
    response = await api(
        "experiments", tutorial.EXPERIMENT, method="DELETE", params={"force": "yes please"}
    )

    body = error_body(response, 400)
    assert body["field"] == "force"
    assert "'yes please'" in body["message"]
    assert client.describe_experiment(ExperimentName=tutorial.EXPERIMENT)
