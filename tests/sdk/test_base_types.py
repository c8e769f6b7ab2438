"""ApiObject and Record: case conversion, boto round trips and repr."""

from __future__ import annotations

from typing import Any

import pytest

from jupyterlab_experiments._base_types import to_camel_case, to_snake_case
from jupyterlab_experiments.api_types import (
    TrainingJobSearchResult,
    TrialComponentArtifact,
    TrialComponentParameters,
    TrialComponentParameterValue,
    TrialComponentSummary,
)
from jupyterlab_experiments.experiment import Experiment
from jupyterlab_experiments.trial_component import TrialComponent


@pytest.mark.parametrize(
    ("camel", "snake"),
    [
        ("TrialComponentName", "trial_component_name"),
        ("StdDev", "std_dev"),
        ("TimeStamp", "time_stamp"),
        ("SourceArn", "source_arn"),
        ("MetricName", "metric_name"),
    ],
)
def test_case_conversion_round_trip(camel: str, snake: str) -> None:
    assert to_snake_case(camel) == snake
    assert to_camel_case(snake) == camel


def test_custom_boto_name() -> None:
    result = TrainingJobSearchResult.from_boto({"AutoMLJobArn": "arn:x", "TrainingJobName": "j"})
    assert result.autoML_job_arn == "arn:x"
    assert TrainingJobSearchResult.to_boto(result) == {
        "AutoMLJobArn": "arn:x",
        "TrainingJobName": "j",
    }


def test_parameters_converter() -> None:
    boto = {"lr": {"NumberValue": 0.1}, "opt": {"StringValue": "sgd"}}
    assert TrialComponentParameters.from_boto(boto) == {"lr": 0.1, "opt": "sgd"}
    assert TrialComponentParameters.to_boto({"lr": 0.1, "flag": True, "opt": "sgd"}) == {
        "lr": {"NumberValue": 0.1},
        "flag": {"NumberValue": True},
        "opt": {"StringValue": "sgd"},
    }


def test_parameter_value_str() -> None:
    assert str(TrialComponentParameterValue(string_value="sgd")) == "sgd"
    assert str(TrialComponentParameterValue(number_value=0.5)) == "0.5"
    assert str(TrialComponentParameterValue()) == ""


def test_to_boto_drops_none() -> None:
    artifact = TrialComponentArtifact("s3://b/k")
    assert TrialComponentArtifact.to_boto(artifact) == {"Value": "s3://b/k"}


def test_repr_lists_attributes_in_order() -> None:
    artifact = TrialComponentArtifact("s3://b/k", media_type="s3/uri")
    assert repr(artifact) == "TrialComponentArtifact(value='s3://b/k',media_type='s3/uri')"


def test_equality_and_hash() -> None:
    first = TrialComponentArtifact("a", media_type="text/csv")
    second = TrialComponentArtifact("a", media_type="text/csv")
    assert first == second
    assert hash(first) == hash(second)
    assert first != TrialComponentArtifact("b")
    assert len({first, second}) == 1


def test_record_round_trip_through_store(client: Any) -> None:
    experiment = Experiment.create(experiment_name="exp-a", sagemaker_boto_client=client)
    assert repr(experiment).startswith(f"Experiment(sagemaker_boto_client={client!r},")
    TrialComponent.create("tc-1", display_name="one", sagemaker_boto_client=client)
    (summary,) = TrialComponent.list(sagemaker_boto_client=client)
    assert isinstance(summary, TrialComponentSummary)
    boto = TrialComponentSummary.to_boto(summary)
    assert boto["TrialComponentName"] == "tc-1"
    assert boto["DisplayName"] == "one"
    assert TrialComponentSummary.from_boto(boto) == summary


def test_package_exports() -> None:
    import jupyterlab_experiments as package
    from jupyterlab_experiments.analytics import ExperimentAnalytics

    assert package.ExperimentAnalytics is ExperimentAnalytics
    assert isinstance(package.__version__, str)
    for name in package.__all__:
        assert getattr(package, name) is not None, name
