"""TrialComponent: create, load, save merges and removals, list, search, delete."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jupyterlab_experiments import ConflictError, ResourceNotFound, ValidationError
from jupyterlab_experiments.api_types import (
    TrialComponentArtifact,
    TrialComponentMetricSummary,
    TrialComponentSearchResult,
    TrialComponentStatus,
    TrialComponentSummary,
)
from jupyterlab_experiments.experiment import Experiment
from jupyterlab_experiments.trial import Trial
from jupyterlab_experiments.trial_component import TrialComponent


def test_create_and_load(client: Any) -> None:
    created = TrialComponent.create(
        "train",
        display_name="Training",
        tags=[{"Key": "k", "Value": "v"}],
        sagemaker_boto_client=client,
    )
    assert created.trial_component_arn.endswith(":experiment-trial-component/train")
    loaded = TrialComponent.load("train", sagemaker_boto_client=client)
    assert loaded.trial_component_name == "train"
    assert loaded.display_name == "Training"
    assert loaded.parameters == {}
    assert loaded.input_artifacts == {}
    assert loaded.metrics == []


def test_load_is_positional(client: Any) -> None:
    TrialComponent.create("train", sagemaker_boto_client=client)
    assert TrialComponent.load("train", client).trial_component_name == "train"


def test_create_invalid_name_raises(client: Any) -> None:
    with pytest.raises(ValidationError, match="Invalid TrialComponentName") as caught:
        TrialComponent.create("train:1", sagemaker_boto_client=client)
    assert caught.value.rule is not None
    assert "hyphens" in caught.value.rule


def test_save_round_trips_types(client: Any) -> None:
    component = TrialComponent.create("train", sagemaker_boto_client=client)
    component.parameters = {"lr": 0.01, "optimizer": "sgd", "layers": 3, "flag": True}
    component.input_artifacts = {"data": TrialComponentArtifact("s3://b/k", media_type="s3/uri")}
    component.output_artifacts = {"model": TrialComponentArtifact("file:///m.pt")}
    component.status = TrialComponentStatus(primary_status="Completed", message="done")
    component.start_time = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    component.end_time = 1704067260.0
    component.save()

    loaded = TrialComponent.load("train", sagemaker_boto_client=client)
    assert loaded.parameters == {"lr": 0.01, "optimizer": "sgd", "layers": 3.0, "flag": 1.0}
    assert loaded.input_artifacts["data"] == TrialComponentArtifact("s3://b/k", "s3/uri")
    assert loaded.output_artifacts["model"].value == "file:///m.pt"
    assert loaded.output_artifacts["model"].media_type is None
    assert loaded.status.primary_status == "Completed"
    assert loaded.status.message == "done"
    assert loaded.start_time == dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    assert loaded.end_time == dt.datetime(2024, 1, 1, 0, 1, tzinfo=dt.timezone.utc)


def test_save_merges_and_removes(client: Any) -> None:
    component = TrialComponent.create("train", sagemaker_boto_client=client)
    component.parameters = {"a": 1, "b": 2}
    component.save()
    other_view = TrialComponent.load("train", sagemaker_boto_client=client)
    other_view.parameters = {"c": 3}
    other_view.save()
    component.parameters_to_remove = ["a"]
    component.save()
    assert component.parameters == {"b": 2}
    assert component.parameters_to_remove is None
    assert TrialComponent.load("train", client).parameters == {"b": 2.0, "c": 3.0}
    # Logging "a" again after the removal keeps it.
    component.parameters["a"] = 5
    component.save()
    assert TrialComponent.load("train", client).parameters == {"a": 5.0, "b": 2.0, "c": 3.0}


def test_save_naive_time_is_local(client: Any, local_timezone: None) -> None:
    component = TrialComponent.create("train", sagemaker_boto_client=client)
    component.start_time = dt.datetime(2024, 1, 1, 0, 0)
    component.save()
    loaded = TrialComponent.load("train", client)
    assert loaded.start_time == dt.datetime(2023, 12, 31, 18, 30, tzinfo=dt.timezone.utc)


def test_save_milliseconds_time_raises(client: Any) -> None:
    component = TrialComponent.create("train", sagemaker_boto_client=client)
    component.start_time = 1704067200000
    with pytest.raises(ValidationError, match="looks like milliseconds"):
        component.save()
    assert TrialComponent.load("train", client).start_time is None


def test_save_nan_parameter_raises(client: Any) -> None:
    component = TrialComponent.create("train", sagemaker_boto_client=client)
    component.parameters = {"ok": 1, "lr": float("nan")}
    with pytest.raises(ValidationError, match="'lr'"):
        component.save()
    assert TrialComponent.load("train", client).parameters == {}


def test_metrics_are_summaries(client: Any) -> None:
    TrialComponent.create("train", sagemaker_boto_client=client)
    client.batch_put_metrics(
        TrialComponentName="train",
        MetricData=[
            {"MetricName": "loss", "Value": value, "Timestamp": 1704067200 + step, "Step": step}
            for step, value in enumerate([3.0, 2.0, 1.0])
        ],
    )
    (summary,) = TrialComponent.load("train", client).metrics
    assert isinstance(summary, TrialComponentMetricSummary)
    assert (summary.metric_name, summary.min, summary.max, summary.last) == ("loss", 1.0, 3.0, 1.0)
    assert summary.count == 3
    assert summary.avg == 2.0
    assert summary.std_dev == 1.0


def test_list_scopes(client: Any) -> None:
    Experiment.create(experiment_name="exp-a", sagemaker_boto_client=client)
    trial = Trial.create("exp-a", trial_name="t1", sagemaker_boto_client=client)
    TrialComponent.create("in-trial", sagemaker_boto_client=client)
    TrialComponent.create("unassigned", sagemaker_boto_client=client)
    trial.add_trial_component("in-trial")
    client.create_trial_component(
        TrialComponentName="job-aws-training-job",
        Source={"SourceArn": "arn:aws:sagemaker:local:000000000000:training-job/job"},
    )

    def names(**kwargs: Any) -> list[str]:
        listed = TrialComponent.list(
            sagemaker_boto_client=client, sort_by="Name", sort_order="Ascending", **kwargs
        )
        return [summary.trial_component_name for summary in listed]

    assert names() == ["in-trial", "job-aws-training-job", "unassigned"]
    assert names(experiment_name="exp-a") == ["in-trial"]
    assert names(trial_name="t1") == ["in-trial"]
    assert names(source_arn="arn:aws:sagemaker:local:000000000000:training-job/job") == [
        "job-aws-training-job"
    ]
    summary = next(iter(TrialComponent.list(trial_name="t1", sagemaker_boto_client=client)))
    assert isinstance(summary, TrialComponentSummary)


def test_list_two_scopes_raises(client: Any) -> None:
    with pytest.raises(ValidationError, match="give at most one of them"):
        list(
            TrialComponent.list(trial_name="t1", experiment_name="e", sagemaker_boto_client=client)
        )


def test_search_returns_raw_maps(client: Any) -> None:
    component = TrialComponent.create(
        "train", display_name="Training", sagemaker_boto_client=client
    )
    component.parameters = {"lr": 0.1}
    component.save()
    TrialComponent.create("other", display_name="Other", sagemaker_boto_client=client)
    expression = {"Filters": [{"Name": "DisplayName", "Operator": "Equals", "Value": "Training"}]}
    (result,) = TrialComponent.search(expression, sagemaker_boto_client=client)
    assert isinstance(result, TrialComponentSearchResult)
    assert result.trial_component_name == "train"
    assert result.parameters == {"lr": {"NumberValue": 0.1}}
    assert result.parents == []


def test_delete_associated_raises_conflict(client: Any) -> None:
    Experiment.create(experiment_name="exp-a", sagemaker_boto_client=client)
    trial = Trial.create("exp-a", trial_name="t1", sagemaker_boto_client=client)
    component = TrialComponent.create("train", sagemaker_boto_client=client)
    trial.add_trial_component(component)
    with pytest.raises(ConflictError, match="t1"):
        component.delete()
    assert [summary.trial_name for summary in component.list_trials()] == ["t1"]


def test_delete_force_disassociate(client: Any) -> None:
    Experiment.create(experiment_name="exp-a", sagemaker_boto_client=client)
    component = TrialComponent.create("train", sagemaker_boto_client=client)
    for name in ("t1", "t2"):
        Trial.create("exp-a", trial_name=name, sagemaker_boto_client=client).add_trial_component(
            component
        )
    component.delete(force_disassociate=True)
    with pytest.raises(ResourceNotFound, match="'train' does not exist"):
        TrialComponent.load("train", client)
    Trial.load("t1", client).delete()
    Trial.load("t2", client).delete()


def test_delete_unknown_raises(client: Any) -> None:
    component = TrialComponent(client, trial_component_name="missing")
    with pytest.raises(ResourceNotFound, match="'missing' does not exist"):
        component.delete()
