"""``GET trial-components/{name}/metrics/{metric_name}``."""

from __future__ import annotations

import math

import pytest

from .conftest import error_body, strict_json

METRIC_NAMES = ["test:accuracy", "val/loss", "top.1", "f1-score", "acc (val) 精度", "a?b#c%d"]


@pytest.fixture
def metrics_component(client):
    client.create_trial_component(TrialComponentName="metrics-component")
    data = [
        {"MetricName": name, "Value": 0.5 + index / 10, "Step": 0, "Timestamp": 1_700_000_000}
        for index, name in enumerate(METRIC_NAMES)
    ]
    client.batch_put_metrics(TrialComponentName="metrics-component", MetricData=data)
    return "metrics-component"


async def test_metric_series_points(api, tutorial):
    response = await api("trial-components", tutorial.JOB_1, "metrics", "test:accuracy")

    body = strict_json(response)
    assert body["metric_name"] == "test:accuracy"
    assert [point["step"] for point in body["points"]] == [0, 1]
    assert [point["value"] for point in body["points"]] == pytest.approx([0.90, 0.95])
    assert all(point["timestamp"].endswith("Z") for point in body["points"])


@pytest.mark.parametrize("metric_name", METRIC_NAMES)
async def test_metric_series_encoded_names(api_encoded, metrics_component, metric_name):
    # Encoded like encodeURIComponent in the front end, "/" as %2F included.
    response = await api_encoded("trial-components", metrics_component, "metrics", metric_name)

    body = strict_json(response)
    assert body["metric_name"] == metric_name
    assert len(body["points"]) == 1
    assert body["points"][0]["timestamp"] == "2023-11-14T22:13:20.000000Z"


async def test_metric_series_unencoded_slash(api, metrics_component):
    response = await api("trial-components", metrics_component, "metrics", "val/loss")

    assert strict_json(response)["metric_name"] == "val/loss"


async def test_metric_series_non_finite_values(api, client):
    client.create_trial_component(TrialComponentName="diverged")
    client.batch_put_metrics(
        TrialComponentName="diverged",
        MetricData=[
            {"MetricName": "loss", "Value": value, "Step": step}
            for step, value in enumerate([1.0, math.inf, -math.inf, math.nan])
        ],
    )

    response = await api("trial-components", "diverged", "metrics", "loss")

    values = [point["value"] for point in strict_json(response)["points"]]
    assert values == [1.0, "Infinity", "-Infinity", "NaN"]


async def test_metric_series_names_are_case_sensitive(api, client):
    client.create_trial_component(TrialComponentName="cased")
    client.batch_put_metrics(
        TrialComponentName="cased",
        MetricData=[
            {"MetricName": "Accuracy", "Value": 0.9, "Step": 0},
            {"MetricName": "accuracy", "Value": 0.1, "Step": 0},
        ],
    )

    response = await api("trial-components", "cased", "metrics", "accuracy")

    assert [point["value"] for point in strict_json(response)["points"]] == [0.1]


async def test_metric_series_unknown_component_404(api, client):
    response = await api("trial-components", "no-such-component", "metrics", "loss")

    assert error_body(response, 404)["error_code"] == "ResourceNotFound"


async def test_metric_series_unknown_metric_404(api, tutorial):
    response = await api("trial-components", tutorial.JOB_1, "metrics", "no-such-metric")

    body = error_body(response, 404)
    assert body["error_code"] == "ResourceNotFound"
    assert "no-such-metric" in body["message"]
