"""``GET trial-components``, ``GET`` and ``DELETE trial-components/{name}``."""

from __future__ import annotations

import json
import math

import pytest

from jupyterlab_experiments.exceptions import ResourceNotFound

from .conftest import error_body, strict_json


def names_of(body):
    return [component["name"] for component in body["trial_components"]]


async def test_list_components_of_experiment_once_each(api, tutorial):
    response = await api(
        "trial-components",
        params={
            "experiment_name": tutorial.EXPERIMENT,
            "sort_by": "name",
            "sort_order": "ascending",
        },
    )

    body = strict_json(response)
    # The preprocessing component belongs to both trials and is listed once.
    assert names_of(body) == [tutorial.JOB_1, tutorial.JOB_2, tutorial.PREPROCESSING]
    assert body["total_count"] == 3
    preprocessing = body["trial_components"][2]
    assert preprocessing["parents"] == [
        {"trial_name": tutorial.TRIAL_1, "experiment_name": tutorial.EXPERIMENT},
        {"trial_name": tutorial.TRIAL_2, "experiment_name": tutorial.EXPERIMENT},
    ]


async def test_list_components_of_trial(api, tutorial):
    response = await api("trial-components", params={"trial_name": tutorial.TRIAL_2})

    assert sorted(names_of(strict_json(response))) == [tutorial.JOB_2, tutorial.PREPROCESSING]


async def test_list_components_of_trial_and_experiment(api, client, tutorial):
    client.create_trial(TrialName="elsewhere", ExperimentName=tutorial.EMPTY_EXPERIMENT)

    matching = await api(
        "trial-components",
        params={"experiment_name": tutorial.EXPERIMENT, "trial_name": tutorial.TRIAL_2},
    )
    mismatched = await api(
        "trial-components",
        params={"experiment_name": tutorial.EXPERIMENT, "trial_name": "elsewhere"},
    )

    assert sorted(names_of(strict_json(matching))) == [tutorial.JOB_2, tutorial.PREPROCESSING]
    assert names_of(strict_json(mismatched)) == []


async def test_list_components_unassigned(api, tutorial):
    response = await api("trial-components", params={"unassigned": "true"})

    assert names_of(strict_json(response)) == [tutorial.UNASSIGNED]


async def test_list_components_all(api, tutorial):
    body = strict_json(await api("trial-components", params={"unassigned": "false"}))

    assert body["total_count"] == 4


@pytest.mark.parametrize("scope", ["experiment_name", "trial_name"])
async def test_list_components_unassigned_with_scope_400(api, tutorial, scope):
    response = await api("trial-components", params={"unassigned": "true", scope: "x"})

    body = error_body(response, 400)
    assert body["field"] == "unassigned"
    assert scope in body["message"]


async def test_list_components_bad_unassigned_400(api, tutorial):
    response = await api("trial-components", params={"unassigned": "maybe"})

    body = error_body(response, 400)
    assert body["field"] == "unassigned"
    assert "'maybe'" in body["message"]


@pytest.mark.parametrize(
    ("scope", "name"), [("experiment_name", "no-such-experiment"), ("trial_name", "no-such-trial")]
)
async def test_list_components_unknown_scope_404(api, tutorial, scope, name):
    response = await api("trial-components", params={scope: name})

    body = error_body(response, 404)
    assert body["error_code"] == "ResourceNotFound"
    assert name in body["message"]


async def test_list_components_search_display_name(api, tutorial):
    by_display = await api("trial-components", params={"search": "TRAIN"})
    by_name = await api("trial-components", params={"search": "notebook"})

    assert sorted(names_of(strict_json(by_display))) == [tutorial.JOB_1, tutorial.JOB_2]
    assert names_of(strict_json(by_name)) == [tutorial.UNASSIGNED]


async def test_list_components_search_within_scope(api, tutorial):
    response = await api(
        "trial-components", params={"trial_name": tutorial.TRIAL_1, "search": "prep"}
    )

    assert names_of(strict_json(response)) == [tutorial.PREPROCESSING]


async def test_list_components_filter_expression(api, tutorial):
    expression = {
        "Filters": [
            {"Name": "Metrics.test:accuracy.Max", "Operator": "GreaterThan", "Value": "0.96"}
        ]
    }

    response = await api("trial-components", params={"filter": json.dumps(expression)})

    assert names_of(strict_json(response)) == [tutorial.JOB_2]


async def test_list_components_filter_with_scope(api, tutorial):
    expression = {"Filters": [{"Name": "Status.PrimaryStatus", "Value": "Completed"}]}

    response = await api(
        "trial-components",
        params={"trial_name": tutorial.TRIAL_1, "filter": json.dumps(expression)},
    )

    assert names_of(strict_json(response)) == [tutorial.PREPROCESSING]


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '"Filters"'])
async def test_list_components_bad_filter_json_400(api, tutorial, text):
    response = await api("trial-components", params={"filter": text})

    body = error_body(response, 400)
    assert body["field"] == "filter"
    assert body["error_code"] == "ValidationException"


async def test_list_components_invalid_expression_400(api, tutorial):
    expression = {"Filters": [{"Name": "DisplayName", "Operator": "Resembles", "Value": "x"}]}

    response = await api("trial-components", params={"filter": json.dumps(expression)})

    body = error_body(response, 400)
    assert body["error_code"] == "ValidationException"
    assert "Resembles" in body["message"]


@pytest.mark.parametrize("sort_by", ["Metrics.test:accuracy.Max", "metrics.test:accuracy.max"])
async def test_list_components_sort_by_metric(api, tutorial, sort_by):
    response = await api(
        "trial-components",
        params={"experiment_name": tutorial.EXPERIMENT, "sort_by": sort_by},
    )

    # Descending by default; the component without the metric comes last.
    assert names_of(strict_json(response)) == [
        tutorial.JOB_2,
        tutorial.JOB_1,
        tutorial.PREPROCESSING,
    ]


async def test_list_components_sort_by_metric_with_separators(api, client):
    # Field case: metric names containing ":", "/", "." and "-" (one of each).
    values = {"a": [0.95, 0.90], "b": [0.97], "c": [0.80, 0.99]}
    for name, accuracy in values.items():
        client.create_trial_component(TrialComponentName=f"component-{name}")
        client.batch_put_metrics(
            TrialComponentName=f"component-{name}",
            MetricData=[
                *({"MetricName": "test:accuracy", "Value": value} for value in accuracy),
                {"MetricName": "val/loss.top.1", "Value": accuracy[0]},
            ],
        )

    by_max = await api("trial-components", params={"sort_by": "Metrics.test:accuracy.Max"})
    by_dotted = await api(
        "trial-components",
        params={"sort_by": "Metrics.val/loss.top.1.Last", "sort_order": "ascending"},
    )

    assert names_of(strict_json(by_max)) == ["component-c", "component-b", "component-a"]
    assert names_of(strict_json(by_dotted)) == ["component-c", "component-a", "component-b"]


async def test_list_components_pages_cover_all(api, client):
    names = {f"tc-{index:03d}" for index in range(23)}
    for index, name in enumerate(sorted(names)):
        client.create_trial_component(TrialComponentName=name)
        # Ties on purpose: pages must still neither repeat nor skip rows.
        client.batch_put_metrics(
            TrialComponentName=name, MetricData=[{"MetricName": "acc", "Value": index % 3}]
        )

    seen: list[str] = []
    params = {"max_results": "10", "sort_by": "Metrics.acc.Max"}
    while True:
        body = strict_json(await api("trial-components", params=params))
        assert body["total_count"] == 23
        seen.extend(names_of(body))
        if body["next_token"] is None:
            break
        params["next_token"] = body["next_token"]

    assert len(seen) == 23
    assert set(seen) == names


async def test_list_components_token_reused_with_other_scope_400(api, tutorial):
    first = strict_json(
        await api(
            "trial-components",
            params={"experiment_name": tutorial.EXPERIMENT, "max_results": "1"},
        )
    )

    response = await api(
        "trial-components",
        params={
            "trial_name": tutorial.TRIAL_1,
            "max_results": "1",
            "next_token": first["next_token"],
        },
    )

    assert error_body(response, 400)["error_code"] == "ValidationException"


async def test_get_component_full_record(api, tutorial):
    body = strict_json(await api("trial-components", tutorial.JOB_1))

    assert body["name"] == tutorial.JOB_1
    assert body["display_name"] == "Training"
    assert body["arn"].endswith(":experiment-trial-component/job-1-aws-training-job")
    assert body["source"] == {
        "source_arn": "arn:aws:sagemaker:local:000000000000:training-job/job-1",
        "source_type": "SageMakerTrainingJob",
    }
    assert body["status"] == {"primary_status": "InProgress", "message": None}
    assert body["parameters"] == {"hidden_channels": 10, "optimizer": '"sgd"'}
    assert body["output_artifacts"] == {
        "SageMaker.ModelArtifact": {
            "value": "s3://bucket/job-1/output/model.tar.gz",
            "media_type": None,
        }
    }
    assert body["input_artifacts"] == {}
    assert body["parents"] == [
        {"trial_name": tutorial.TRIAL_1, "experiment_name": tutorial.EXPERIMENT}
    ]
    assert body["tags"] == {"team": "vision"}
    [accuracy] = body["metrics"]
    assert accuracy["metric_name"] == "test:accuracy"
    assert accuracy["min"] == pytest.approx(0.90)
    assert accuracy["max"] == pytest.approx(0.95)
    assert accuracy["last"] == pytest.approx(0.95)
    assert accuracy["count"] == 2
    assert accuracy["time_stamp"].endswith("Z")


async def test_get_component_artifacts_and_parameters(api, tutorial):
    body = strict_json(await api("trial-components", tutorial.PREPROCESSING))

    assert body["parameters"] == {"normalization_mean": 0.1307, "optimizer.lr": 0.2}
    assert body["input_artifacts"] == {
        "mnist-dataset": {"value": "s3://bucket/mnist", "media_type": "s3/uri"}
    }
    assert body["source"] is None
    assert body["tags"] == {}
    assert len(body["parents"]) == 2


async def test_get_component_non_finite_metrics(api, client):
    client.create_trial_component(TrialComponentName="diverged")
    client.batch_put_metrics(
        TrialComponentName="diverged",
        MetricData=[
            {"MetricName": "loss", "Value": 1.0, "Step": 0},
            {"MetricName": "loss", "Value": math.inf, "Step": 1},
            {"MetricName": "loss", "Value": math.nan, "Step": 2},
            {"MetricName": "only-nan", "Value": math.nan, "Step": 0},
        ],
    )

    response = await api("trial-components", "diverged")

    # strict_json fails on the NaN and Infinity literals that browsers reject.
    body = strict_json(response)
    summaries = {summary["metric_name"]: summary for summary in body["metrics"]}
    assert summaries["loss"]["last"] == "NaN"
    assert summaries["loss"]["count"] == 3
    assert summaries["only-nan"]["last"] == "NaN"
    listed = strict_json(await api("trial-components"))
    assert listed["trial_components"][0]["name"] == "diverged"


async def test_get_component_unknown_404(api, client):
    response = await api("trial-components", "no-such-component")

    body = error_body(response, 404)
    assert body["error_code"] == "ResourceNotFound"
    assert "no-such-component" in body["message"]


async def test_delete_component_in_trials_409(api, client, tutorial):
    response = await api("trial-components", tutorial.PREPROCESSING, method="DELETE")

    body = error_body(response, 409)
    assert body["attached"] == {"trials": [tutorial.TRIAL_1, tutorial.TRIAL_2]}
    assert "belongs to 2 trials" in body["message"]
    assert client.describe_trial_component(TrialComponentName=tutorial.PREPROCESSING)


async def test_delete_component_force(api, client, tutorial):
    response = await api(
        "trial-components", tutorial.PREPROCESSING, method="DELETE", params={"force": "true"}
    )

    assert response.code == 204
    with pytest.raises(ResourceNotFound, match="preprocessing"):
        client.describe_trial_component(TrialComponentName=tutorial.PREPROCESSING)
    assert client.describe_trial(TrialName=tutorial.TRIAL_1)["TrialComponentCount"] == 1
    assert client.describe_trial(TrialName=tutorial.TRIAL_2)["TrialComponentCount"] == 1


async def test_delete_component_left_in_progress(api, client, tutorial):
    # Field case: a run that crashed without ending stays InProgress and must
    # still be deletable.
    response = await api("trial-components", tutorial.UNASSIGNED, method="DELETE")

    assert response.code == 204
    with pytest.raises(ResourceNotFound, match="notebook-run"):
        client.describe_trial_component(TrialComponentName=tutorial.UNASSIGNED)


async def test_delete_component_unknown_404(api, client):
    response = await api("trial-components", "no-such-component", method="DELETE")

    assert error_body(response, 404)["error_code"] == "ResourceNotFound"


async def test_list_components_trial_of_other_experiment_empty(api, client, tutorial):
    client.create_trial(TrialName="elsewhere", ExperimentName=tutorial.EMPTY_EXPERIMENT)
    # Shared with a trial of the scope's experiment, so it matches each filter alone.
    client.associate_trial_component(
        TrialComponentName=tutorial.PREPROCESSING, TrialName="elsewhere"
    )

    response = await api(
        "trial-components",
        params={"experiment_name": tutorial.EXPERIMENT, "trial_name": "elsewhere"},
    )

    assert strict_json(response) == {"trial_components": [], "next_token": None, "total_count": 0}


async def test_list_components_search_is_literal(api, client):
    client.create_trial_component(TrialComponentName="plain", DisplayName="100% done_ok")
    client.create_trial_component(TrialComponentName="other", DisplayName="100 percent")

    percent = await api("trial-components", params={"search": "0% done_"})
    too_long = await api("trial-components", params={"search": "x" * 2000})

    assert names_of(strict_json(percent)) == ["plain"]
    assert error_body(too_long, 400)["error_code"] == "ValidationException"
