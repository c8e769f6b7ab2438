"""Inputs that both stores must reject the same way, before anything is written."""

from __future__ import annotations

import datetime as dt

import pytest

from jupyterlab_experiments.client import LocalSageMakerClient
from jupyterlab_experiments.exceptions import ValidationError


@pytest.mark.parametrize(
    ("timestamp", "message"),
    [
        (-90_000_000_000, "between 1970-01-01 and the year 5138"),
        (-1.0, "between 1970-01-01 and the year 5138"),
        (1704067200000, "looks like milliseconds"),
        (10**400, "must be epoch seconds"),
        (dt.datetime(9999, 1, 1), "between 1970-01-01 and the year 5138"),
        (dt.datetime(1, 1, 1), "between 1970"),
        (dt.date(1, 1, 1), "between 1970"),
        ("0001-01-01T00:00:00", "between 1970"),
        ("tomorrow", "ISO 8601"),
    ],
)
def test_out_of_range_timestamps_rejected(client, timestamp, message):
    client.create_trial_component(TrialComponentName="tc")

    with pytest.raises(ValidationError, match=message):
        client.batch_put_metrics(
            TrialComponentName="tc",
            MetricData=[
                {"MetricName": "good", "Value": 1.0},
                {"MetricName": "bad", "Value": 1.0, "Timestamp": timestamp},
            ],
        )

    assert client.describe_trial_component(TrialComponentName="tc")["Metrics"] == []


@pytest.mark.parametrize(
    ("point", "message"),
    [
        ({"MetricName": "m", "Value": 1.0, "Step": 2**63}, "from 0 to 9223372036854775807"),
        ({"MetricName": "\ud800", "Value": 1.0}, "unpaired surrogate"),
        ({"MetricName": "a\x00b", "Value": 1.0}, "NUL"),
        ({"MetricName": "m", "Value": 10**400}, "double-precision"),
    ],
)
def test_points_the_database_cannot_store_rejected(client, point, message):
    client.create_trial_component(TrialComponentName="tc")

    with pytest.raises(ValidationError, match=message):
        client.batch_put_metrics(TrialComponentName="tc", MetricData=[point])


def test_largest_step_stored(client):
    client.create_trial_component(TrialComponentName="tc")
    client.batch_put_metrics(
        TrialComponentName="tc", MetricData=[{"MetricName": "m", "Value": 1.0, "Step": 2**63 - 1}]
    )

    points = client.get_metric_data(TrialComponentName="tc", MetricName="m")["Points"]

    assert points[0]["Step"] == 2**63 - 1


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"ok": 1, "bad": "a\x00b"}, "NUL"),
        ({"ok": 1, "bad": "\udc80"}, "unpaired surrogate"),
        ({"ok": 1, "a\x00": 1}, "NUL"),
        ({"ok": 1, "big": 10**400}, "double-precision"),
    ],
)
def test_unstorable_parameters_rejected_whole(client, parameters, message):
    client.create_trial_component(TrialComponentName="tc", Parameters={"kept": 1})

    with pytest.raises(ValidationError, match=message):
        client.update_trial_component(TrialComponentName="tc", Parameters=parameters)

    assert client.describe_trial_component(TrialComponentName="tc")["Parameters"] == {
        "kept": {"NumberValue": 1.0}
    }


def test_artifact_value_with_nul_rejected(client):
    with pytest.raises(ValidationError, match="NUL"):
        client.create_trial_component(
            TrialComponentName="tc", InputArtifacts={"data": {"Value": "s3://b/\x00"}}
        )
    assert client.list_trial_components()["TrialComponentSummaries"] == []


@pytest.mark.parametrize(
    ("call", "arguments", "message"),
    [
        ("describe_experiment", {}, "ExperimentName None: is required"),
        ("describe_experiment", {"ExperimentName": None}, "ExperimentName None: is required"),
        ("create_trial", {"TrialName": "t"}, "ExperimentName None: is required"),
        ("describe_experiment", {"ExperimentName": "e", "Bogus": 1}, "not a parameter"),
        ("batch_put_metrics", {"TrialComponentName": "tc"}, "MetricData None: is required"),
    ],
)
def test_missing_and_unknown_arguments_typed(client, call, arguments, message):
    with pytest.raises(ValidationError, match=message):
        getattr(client, call)(**arguments)


def test_positional_arguments_rejected(client):
    with pytest.raises(ValidationError, match="keyword arguments only"):
        client.describe_experiment("e")


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_in_memory_store_rejected(url):
    with pytest.raises(ValidationError, match="must name a database file"):
        LocalSageMakerClient(url)
