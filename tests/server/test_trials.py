"""``GET experiments/{name}/trials``, ``GET trials/{name}`` and ``DELETE trials/{name}``."""

from __future__ import annotations

import pytest

from jupyterlab_experiments.exceptions import ResourceNotFound

from .conftest import error_body, strict_json


async def test_list_trials_of_experiment(api, tutorial):
    response = await api(
        "experiments",
        tutorial.EXPERIMENT,
        "trials",
        params={"sort_by": "name", "sort_order": "ascending"},
    )

    body = strict_json(response)
    assert [trial["name"] for trial in body["trials"]] == [tutorial.TRIAL_1, tutorial.TRIAL_2]
    assert body["total_count"] == 2
    assert body["next_token"] is None
    first = body["trials"][0]
    assert first["display_name"] == "CNN 1"
    assert first["experiment_name"] == tutorial.EXPERIMENT
    assert first["trial_component_count"] == 2
    assert first["arn"].endswith(":experiment-trial/cnn-trial-1")


async def test_list_trials_other_experiment_excluded(api, client, tutorial):
    client.create_trial(TrialName="empty-trial", ExperimentName=tutorial.EMPTY_EXPERIMENT)

    body = strict_json(await api("experiments", tutorial.EMPTY_EXPERIMENT, "trials"))

    assert [trial["name"] for trial in body["trials"]] == ["empty-trial"]


async def test_list_trials_search(api, tutorial):
    response = await api("experiments", tutorial.EXPERIMENT, "trials", params={"search": "cnn 1"})

    assert [trial["name"] for trial in strict_json(response)["trials"]] == [tutorial.TRIAL_1]


async def test_list_trials_pages(api, client, tutorial):
    response = await api("experiments", tutorial.EXPERIMENT, "trials", params={"max_results": "1"})
    first = strict_json(response)
    response = await api(
        "experiments",
        tutorial.EXPERIMENT,
        "trials",
        params={"max_results": "1", "next_token": first["next_token"]},
    )
    second = strict_json(response)

    assert len(first["trials"]) == 1
    assert len(second["trials"]) == 1
    assert second["next_token"] is None
    names = {first["trials"][0]["name"], second["trials"][0]["name"]}
    assert names == {tutorial.TRIAL_1, tutorial.TRIAL_2}


async def test_list_trials_unknown_experiment_404(api, client):
    response = await api("experiments", "no-such-experiment", "trials")

    body = error_body(response, 404)
    assert body["error_code"] == "ResourceNotFound"
    assert "no-such-experiment" in body["message"]


async def test_list_trials_bad_max_results_400(api, tutorial):
    response = await api("experiments", tutorial.EXPERIMENT, "trials", params={"max_results": "0"})

    assert error_body(response, 400)["field"] == "max_results"


async def test_get_trial(api, tutorial):
    body = strict_json(await api("trials", tutorial.TRIAL_2))

    assert body["name"] == tutorial.TRIAL_2
    assert body["display_name"] == tutorial.TRIAL_2
    assert body["experiment_name"] == tutorial.EXPERIMENT
    assert body["trial_component_count"] == 2


async def test_get_trial_unknown_404(api, client):
    response = await api("trials", "no-such-trial")

    assert error_body(response, 404)["error_code"] == "ResourceNotFound"


async def test_delete_trial_with_components_409(api, client, tutorial):
    response = await api("trials", tutorial.TRIAL_1, method="DELETE")

    body = error_body(response, 409)
    assert body["error_code"] == "ConflictException"
    assert body["attached"] == {"trial_components": [tutorial.JOB_1, tutorial.PREPROCESSING]}
    assert "2 trial components" in body["message"]
    assert client.describe_trial(TrialName=tutorial.TRIAL_1)["TrialComponentCount"] == 2


async def test_delete_trial_force(api, client, tutorial):
    response = await api("trials", tutorial.TRIAL_1, method="DELETE", params={"force": "TRUE"})

    assert response.code == 204
    with pytest.raises(ResourceNotFound, match="cnn-trial-1"):
        client.describe_trial(TrialName=tutorial.TRIAL_1)
    for component in (tutorial.JOB_1, tutorial.PREPROCESSING):
        with pytest.raises(ResourceNotFound, match=component):
            client.describe_trial_component(TrialComponentName=component)
    # The other trial keeps its own component and loses the shared one.
    remaining = client.list_trial_components(TrialName=tutorial.TRIAL_2)
    names = [summary["TrialComponentName"] for summary in remaining["TrialComponentSummaries"]]
    assert names == [tutorial.JOB_2]


async def test_delete_trial_empty(api, client, tutorial):
    client.create_trial(TrialName="empty-trial", ExperimentName=tutorial.EXPERIMENT)

    response = await api("trials", "empty-trial", method="DELETE", params={"force": "false"})

    assert response.code == 204
    with pytest.raises(ResourceNotFound, match="empty-trial"):
        client.describe_trial(TrialName="empty-trial")


async def test_delete_trial_unknown_404(api, client):
    response = await api("trials", "no-such-trial", method="DELETE", params={"force": "true"})

    assert error_body(response, 404)["error_code"] == "ResourceNotFound"
