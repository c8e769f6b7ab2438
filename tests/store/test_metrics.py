"""Metric points and the summaries maintained on write."""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing
import statistics

import pytest

from jupyterlab_experiments.client import LocalSageMakerClient
from jupyterlab_experiments.exceptions import ResourceNotFound, ValidationError
from jupyterlab_experiments.tracker import Tracker


def summary(client, component, metric):
    record = client.describe_trial_component(TrialComponentName=component)
    return next(item for item in record["Metrics"] if item["MetricName"] == metric)


def test_summary_statistics_match_history(client):
    values = [0.9, 0.5, 0.7, 0.2, 0.4, 0.3]
    client.create_trial_component(TrialComponentName="tc")
    for start in range(0, len(values), 2):
        client.batch_put_metrics(
            TrialComponentName="tc",
            MetricData=[
                {"MetricName": "loss", "Value": value, "Step": start + offset}
                for offset, value in enumerate(values[start : start + 2])
            ],
        )

    found = summary(client, "tc", "loss")

    assert found["Count"] == 6
    assert found["Min"] == 0.2
    assert found["Max"] == 0.9
    assert found["Last"] == 0.3
    assert found["Avg"] == pytest.approx(statistics.mean(values))
    assert found["StdDev"] == pytest.approx(statistics.stdev(values))


def test_values_near_largest_float_summarised(client):
    largest = 1.7976931348623157e308
    client.create_trial_component(TrialComponentName="huge")
    client.batch_put_metrics(
        TrialComponentName="huge",
        MetricData=[
            {"MetricName": "m", "Value": value, "Step": step}
            for step, value in enumerate([largest, largest, 0.0])
        ],
    )
    client.batch_put_metrics(
        TrialComponentName="huge",
        MetricData=[{"MetricName": "m", "Value": -largest, "Step": 3}],
    )

    found = summary(client, "huge", "m")

    assert found["Count"] == 4
    assert found["Max"] == largest
    assert found["Min"] == -largest
    assert found["Avg"] == pytest.approx(largest / 4)
    assert found["StdDev"] == math.inf
    points = client.get_metric_data(TrialComponentName="huge", MetricName="m")["Points"]
    assert [point["Value"] for point in points] == [largest, largest, 0.0, -largest]


@pytest.mark.parametrize("count", [3, 6, 7, 9, 12])
def test_many_largest_floats_summarised(client, count):
    largest = 1.7976931348623157e308
    client.create_trial_component(TrialComponentName="huge")
    with Tracker.load(trial_component_name="huge", sagemaker_boto_client=client) as tracker:
        for step in range(count):
            tracker.log_metric("m", largest, iteration_number=step)
        tracker.log_metric("other", 1.0, iteration_number=0)

    found = summary(client, "huge", "m")

    assert found["Count"] == count
    assert found["Avg"] == largest
    assert found["StdDev"] == 0.0
    assert summary(client, "huge", "other")["Count"] == 1


def test_single_point_std_dev_zero(client):
    client.create_trial_component(TrialComponentName="tc")
    client.batch_put_metrics(TrialComponentName="tc", MetricData=[{"MetricName": "m", "Value": 3}])

    assert summary(client, "tc", "m")["StdDev"] == 0.0


def test_out_of_order_and_repeated_steps(client):
    client.create_trial_component(TrialComponentName="r")
    stamp = 1_700_000_000.0
    logged = [(3, 0.7), (0, 1.0), (1, 0.9), (6, 0.4), (2, 0.8), (5, 0.5), (4, 0.6)]
    for offset, (step, value) in enumerate(logged):
        client.batch_put_metrics(
            TrialComponentName="r",
            MetricData=[
                {"MetricName": "loss", "Value": value, "Step": step, "Timestamp": stamp + offset}
            ],
        )
    resumed = [(4, 0.58, stamp + 10), (5, 0.49, stamp + 11)]
    for step, value, when in resumed:
        client.batch_put_metrics(
            TrialComponentName="r",
            MetricData=[{"MetricName": "loss", "Value": value, "Step": step, "Timestamp": when}],
        )
    duplicate = {"MetricName": "loss", "Value": 0.49, "Step": 5, "Timestamp": stamp + 11}
    client.batch_put_metrics(TrialComponentName="r", MetricData=[duplicate])
    client.batch_put_metrics(TrialComponentName="r", MetricData=[duplicate, duplicate])

    points = client.get_metric_data(TrialComponentName="r", MetricName="loss")["Points"]
    found = summary(client, "r", "loss")

    assert [point["Step"] for point in points] == [0, 1, 2, 3, 4, 4, 5, 5, 6]
    assert [point["Value"] for point in points][4:6] == [0.6, 0.58]
    assert found["Count"] == 9
    assert found["Last"] == 0.4
    assert found["Min"] == 0.4
    assert found["Max"] == 1.0
    assert found["Avg"] == pytest.approx(5.97 / 9)


def test_points_without_step_ordered_by_time(client):
    client.create_trial_component(TrialComponentName="tc")
    client.batch_put_metrics(
        TrialComponentName="tc",
        MetricData=[
            {"MetricName": "m", "Value": 2.0, "Timestamp": 1_700_000_002.0},
            {"MetricName": "m", "Value": 1.0, "Timestamp": 1_700_000_001.0},
        ],
    )

    points = client.get_metric_data(TrialComponentName="tc", MetricName="m")["Points"]

    assert [point["Value"] for point in points] == [1.0, 2.0]
    assert summary(client, "tc", "m")["Last"] == 2.0


def test_non_finite_values_kept_as_points(client):
    client.create_trial_component(TrialComponentName="tc")
    values = [1.5e-05, -0.3, math.nan, 2.0, math.inf]
    client.batch_put_metrics(
        TrialComponentName="tc",
        MetricData=[{"MetricName": "loss", "Value": v, "Step": i} for i, v in enumerate(values)],
    )

    points = client.get_metric_data(TrialComponentName="tc", MetricName="loss")["Points"]
    found = summary(client, "tc", "loss")

    assert math.isnan(points[2]["Value"])
    assert points[4]["Value"] == math.inf
    assert found["Count"] == 5
    assert found["Min"] == -0.3
    assert found["Max"] == 2.0
    assert found["Last"] == math.inf


def test_timestamp_rules(client, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    import time

    time.tzset()
    try:
        client.create_trial_component(TrialComponentName="tc")
        month_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=30)
        client.batch_put_metrics(
            TrialComponentName="tc",
            MetricData=[
                {"MetricName": "m", "Value": 1, "Step": 1, "Timestamp": dt.datetime(2024, 1, 1)},
                {
                    "MetricName": "m",
                    "Value": 2,
                    "Step": 2,
                    "Timestamp": dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
                },
                {"MetricName": "m", "Value": 3, "Step": 3, "Timestamp": 1704067200.0},
                {"MetricName": "m", "Value": 5, "Step": 5, "Timestamp": month_ago},
            ],
        )
        with pytest.raises(ValidationError, match="looks like milliseconds"):
            client.batch_put_metrics(
                TrialComponentName="tc",
                MetricData=[{"MetricName": "m", "Value": 4, "Timestamp": 1704067200000}],
            )
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()

    points = client.get_metric_data(TrialComponentName="tc", MetricName="m")["Points"]
    assert [point["Timestamp"] for point in points[:3]] == [
        1704047400.0,
        1704067200.0,
        1704067200.0,
    ]
    assert points[3]["Timestamp"] == pytest.approx(month_ago.timestamp())
    assert summary(client, "tc", "m")["Count"] == 4


@pytest.mark.parametrize(
    ("point", "message"),
    [
        ({"MetricName": "", "Value": 1}, "MetricName"),
        ({"MetricName": "m" * 256, "Value": 1}, "1 to 255 characters"),
        ({"MetricName": "m", "Value": "high"}, "must be a number"),
        ({"MetricName": "m", "Value": True}, "must be a number"),
        ({"MetricName": "m", "Value": 1, "Step": -1}, "must be an integer from 0 to"),
        ({"MetricName": "m", "Value": 1, "Step": 1.5}, "must be an integer from 0 to"),
        ({"Value": 1}, "must be"),
    ],
)
def test_bad_points_rejected_before_any_write(client, point, message):
    client.create_trial_component(TrialComponentName="tc")
    good = {"MetricName": "ok", "Value": 1}

    with pytest.raises(ValidationError, match=message):
        client.batch_put_metrics(TrialComponentName="tc", MetricData=[good, point])

    assert client.describe_trial_component(TrialComponentName="tc")["Metrics"] == []


def test_metric_name_at_limit_accepted(client):
    client.create_trial_component(TrialComponentName="tc")
    name = "😀" * 255

    client.batch_put_metrics(TrialComponentName="tc", MetricData=[{"MetricName": name, "Value": 1}])

    assert summary(client, "tc", name)["Count"] == 1


def test_unknown_metric_not_found(client):
    client.create_trial_component(TrialComponentName="tc")
    with pytest.raises(ResourceNotFound, match="Metric 'nope' does not exist"):
        client.get_metric_data(TrialComponentName="tc", MetricName="nope")


def _log_from_process(url: str, worker: int) -> None:
    client = LocalSageMakerClient(url)
    for step in range(50):
        client.batch_put_metrics(
            TrialComponentName="shared",
            MetricData=[{"MetricName": "loss", "Value": float(worker), "Step": step}],
        )
    client.close()


def test_concurrent_writers_lose_nothing(client, store_url):
    client.create_trial_component(TrialComponentName="shared")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_log_from_process, args=(store_url, n)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)

    found = summary(client, "shared", "loss")

    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    assert found["Count"] == 200
    points = client.get_metric_data(TrialComponentName="shared", MetricName="loss")["Points"]
    assert len(points) == 200
    assert found["Avg"] == pytest.approx(1.5)
    assert found["StdDev"] == pytest.approx(statistics.stdev([0, 1, 2, 3] * 50))
