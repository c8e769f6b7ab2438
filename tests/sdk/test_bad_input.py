"""Bad arguments to the SDK classes raise typed errors, never TypeError or AttributeError."""

from __future__ import annotations

import pytest

from jupyterlab_experiments.analytics import ExperimentAnalytics
from jupyterlab_experiments.exceptions import ValidationError
from jupyterlab_experiments.experiment import Experiment
from jupyterlab_experiments.tracker import Tracker
from jupyterlab_experiments.trial import Trial
from jupyterlab_experiments.trial_component import TrialComponent


@pytest.mark.parametrize("load", [Experiment.load, Trial.load, TrialComponent.load])
def test_load_without_name(client, load):
    with pytest.raises(ValidationError, match="is required"):
        load(None, sagemaker_boto_client=client)


@pytest.mark.parametrize("parameters", [None, [("a", 1)], "a=1"])
def test_log_parameters_needs_dict(client, parameters):
    tracker = Tracker.create(sagemaker_boto_client=client)

    with pytest.raises(ValidationError, match="must be a dict"):
        tracker.log_parameters(parameters)


@pytest.mark.parametrize("value", [10**400, -(10**400)])
def test_log_huge_numbers_rejected(client, value):
    tracker = Tracker.create(sagemaker_boto_client=client)

    with pytest.raises(ValidationError, match="double-precision"):
        tracker.log_parameter("p", value)
    with pytest.raises(ValidationError, match="double-precision"):
        tracker.log_metric("m", value)


def test_log_metric_far_future_rejected_at_call(client):
    import datetime as dt

    tracker = Tracker.create(sagemaker_boto_client=client)
    tracker.log_metric("good", 1.0)

    with pytest.raises(ValidationError, match="between 1970"):
        tracker.log_metric("bad", 1.0, timestamp=dt.datetime(9999, 1, 1))
    tracker.close()

    points = client.get_metric_data(
        TrialComponentName=tracker.trial_component.trial_component_name, MetricName="good"
    )["Points"]
    assert len(points) == 1


def test_trial_components_must_be_a_list(client):
    Experiment.create(experiment_name="e", sagemaker_boto_client=client)

    with pytest.raises(ValidationError, match="must be a list of trial components"):
        Trial.create(
            experiment_name="e", trial_name="t", trial_components=5, sagemaker_boto_client=client
        )


def test_analytics_names_must_be_a_list(client):
    with pytest.raises(ValidationError, match="must be a list of names"):
        ExperimentAnalytics(experiment_name="e", metric_names=5)
