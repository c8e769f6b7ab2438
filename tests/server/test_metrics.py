"""``GET trial-components/{name}/metrics/{metric_name}``."""

from __future__ import annotations

import math

import pytest
import sqlalchemy as sa

from jupyterlab_experiments._time import iso_utc
from jupyterlab_experiments.server.series_cache import SeriesCache
from jupyterlab_experiments.store.schema import metric_point_blocks

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


@pytest.mark.parametrize("metric_name", [".", "..", "val/loss", "test:accuracy"])
async def test_metric_series_named_in_query(api, client, metric_name):
    client.create_trial_component(TrialComponentName="dots")
    client.batch_put_metrics(
        TrialComponentName="dots",
        MetricData=[{"MetricName": metric_name, "Value": 0.5, "Step": 3, "Timestamp": STAMP}],
    )

    response = await api(
        "trial-components", "dots", "metrics", params={"metric_name": metric_name, "x_scale": "log"}
    )

    body = strict_json(response)
    assert body["metric_name"] == metric_name
    assert [point["step"] for point in body["points"]] == [3]


@pytest.mark.parametrize("params", [{}, {"metric_name": ""}, {"max_points": "20"}])
async def test_metric_series_query_without_name_400(api, tutorial, params):
    response = await api("trial-components", tutorial.JOB_1, "metrics", params=params)

    assert error_body(response, 400)["field"] == "metric_name"


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


async def test_metric_series_matches_sdk_points(api, client):
    values = [0.1, -0.0, 1e-300, 1.7976931348623157e308, 123456789.123456789, 2.0, math.nan]
    client.create_trial_component(TrialComponentName="exact")
    client.batch_put_metrics(
        TrialComponentName="exact",
        MetricData=[
            {"MetricName": "</script>", "Value": value, "Step": step, "Timestamp": STAMP + step / 3}
            for step, value in enumerate(values)
        ]
        + [{"MetricName": "</script>", "Value": 5.0, "Timestamp": STAMP - 1.0000005}],
    )

    response = await api("trial-components", "exact", "metrics", "</script>")

    expected = client.get_metric_data(TrialComponentName="exact", MetricName="</script>")
    body = strict_json(response)
    assert "</" not in response.body.decode()
    assert body["metric_name"] == "</script>"
    assert body["point_count"] == 8
    assert body["downsampled"] is False
    assert [point["step"] for point in body["points"]] == [None, 0, 1, 2, 3, 4, 5, 6]
    assert [point["timestamp"] for point in body["points"]] == [
        iso_utc(point["Timestamp"]) for point in expected["Points"]
    ]
    sent = [point["value"] for point in body["points"]]
    assert sent[:-1] == [point["Value"] for point in expected["Points"]][:-1]
    assert math.copysign(1.0, sent[2]) == -1.0
    assert sent[-1] == "NaN"


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


STAMP = 1_700_000_000.0
SPIKE_STEPS = [0, 3000, 6000, 9000]


def put_series(client, name, count, first_step=0):
    """Store ``count`` points of grad_norm: 1.0, spikes of 100 at SPIKE_STEPS, -50 at 5555."""
    points = []
    for step in range(first_step, first_step + count):
        value = 1.0
        if step in SPIKE_STEPS:
            value = 100.0
        if step == 5555:
            value = -50.0
        points.append(
            {"MetricName": "grad_norm", "Value": value, "Step": step, "Timestamp": STAMP + step}
        )
    client.batch_put_metrics(TrialComponentName=name, MetricData=points)


@pytest.fixture
def long_series(client):
    client.create_trial_component(TrialComponentName="long")
    put_series(client, "long", 12_000)
    return "long"


def check_extremes_kept(points):
    steps = [point["step"] for point in points]
    assert steps == sorted(steps)
    assert [point["step"] for point in points if point["value"] == 100.0] == SPIKE_STEPS
    assert [point["step"] for point in points if point["value"] == -50.0] == [5555]
    assert steps[0] == 0
    assert steps[-1] == 11_999


async def test_long_series_downsampled_by_default(api, long_series):
    response = await api("trial-components", long_series, "metrics", "grad_norm")

    body = strict_json(response)
    assert body["point_count"] == 12_000
    assert body["downsampled"] is True
    assert 100 < len(body["points"]) <= 2000
    check_extremes_kept(body["points"])


# With 40 points, ten buckets of 1,200 steps: each spike and the dip in its own.
@pytest.mark.parametrize("max_points", [2000, 100, 40])
async def test_max_points_keeps_extremes(api, long_series, max_points):
    response = await api(
        "trial-components",
        long_series,
        "metrics",
        "grad_norm",
        params={"max_points": str(max_points)},
    )

    body = strict_json(response)
    assert body["point_count"] == 12_000
    assert body["downsampled"] is True
    assert len(body["points"]) <= max_points
    check_extremes_kept(body["points"])


async def test_max_points_two_keeps_maximum_and_minimum(api, long_series):
    response = await api(
        "trial-components", long_series, "metrics", "grad_norm", params={"max_points": "2"}
    )

    points = strict_json(response)["points"]
    assert [(point["step"], point["value"]) for point in points] == [(0, 100.0), (5555, -50.0)]


async def test_max_points_above_count_returns_all(api, long_series):
    response = await api(
        "trial-components", long_series, "metrics", "grad_norm", params={"max_points": "100000"}
    )

    body = strict_json(response)
    assert body["downsampled"] is False
    assert body["point_count"] == 12_000
    assert [point["step"] for point in body["points"]] == list(range(12_000))


async def test_default_keeps_ten_thousand_points(api, client):
    client.create_trial_component(TrialComponentName="edge")
    put_series(client, "edge", 10_000)

    whole = strict_json(await api("trial-components", "edge", "metrics", "grad_norm"))
    put_series(client, "edge", 1, first_step=10_000)
    reduced = strict_json(await api("trial-components", "edge", "metrics", "grad_norm"))

    assert whole["downsampled"] is False
    assert len(whole["points"]) == whole["point_count"] == 10_000
    assert reduced["downsampled"] is True
    assert reduced["point_count"] == 10_001
    assert len(reduced["points"]) <= 2000


async def test_downsampling_is_deterministic(api, long_series):
    first = await api("trial-components", long_series, "metrics", "grad_norm")
    second = await api("trial-components", long_series, "metrics", "grad_norm")

    assert strict_json(first) == strict_json(second)


async def test_short_series_not_downsampled(api, tutorial):
    response = await api(
        "trial-components", tutorial.JOB_1, "metrics", "test:accuracy", params={"max_points": "2"}
    )

    body = strict_json(response)
    assert body["downsampled"] is False
    assert body["point_count"] == 2
    assert len(body["points"]) == 2


async def test_x_time_axes_order_by_timestamp(api, client):
    client.create_trial_component(TrialComponentName="resumed")
    client.batch_put_metrics(
        TrialComponentName="resumed",
        MetricData=[
            {"MetricName": "loss", "Value": 0.9, "Step": 0, "Timestamp": STAMP + 5},
            {"MetricName": "loss", "Value": 0.8, "Step": 1, "Timestamp": STAMP + 2},
            {"MetricName": "loss", "Value": 0.7, "Step": 2, "Timestamp": STAMP + 9},
        ],
    )

    by_step = await api("trial-components", "resumed", "metrics", "loss", params={"x": "step"})
    by_time = await api("trial-components", "resumed", "metrics", "loss", params={"x": "wall_time"})
    relative = await api(
        "trial-components", "resumed", "metrics", "loss", params={"x": "relative_time"}
    )

    assert [point["step"] for point in strict_json(by_step)["points"]] == [0, 1, 2]
    assert [point["step"] for point in strict_json(by_time)["points"]] == [1, 0, 2]
    assert strict_json(relative) == strict_json(by_time)


async def test_x_time_buckets_over_timestamps(api, client):
    client.create_trial_component(TrialComponentName="timed")
    # Steps 0-999 in the first second, then one spike an hour later.
    points = [
        {"MetricName": "m", "Value": 1.0, "Step": step, "Timestamp": STAMP + step / 1000}
        for step in range(1000)
    ]
    points.append({"MetricName": "m", "Value": 9.0, "Step": 1000, "Timestamp": STAMP + 3600})
    client.batch_put_metrics(TrialComponentName="timed", MetricData=points)

    response = await api(
        "trial-components", "timed", "metrics", "m", params={"x": "wall_time", "max_points": "40"}
    )

    # Ten buckets over the hour: all of the first 1,000 points fall into the first.
    steps = [point["step"] for point in strict_json(response)["points"]]
    assert steps == [0, 999, 1000]


async def test_log_scale_spreads_points_over_decades(api, client):
    client.create_trial_component(TrialComponentName="log-steps")
    points = [
        {"MetricName": "m", "Value": float(step % 7), "Step": step, "Timestamp": STAMP + step}
        for step in range(100_000)
    ]
    client.batch_put_metrics(TrialComponentName="log-steps", MetricData=points)

    def steps(params):
        return [point["step"] for point in strict_json(response_of[params])["points"]]

    response_of = {}
    for scale in ("linear", "log"):
        response_of[scale] = await api(
            "trial-components",
            "log-steps",
            "metrics",
            "m",
            params={"max_points": "400", "x_scale": scale},
        )

    # Linear buckets are 1,000 steps wide: the first decades get one bucket.
    early_linear = [step for step in steps("linear") if step < 1000]
    early_log = [step for step in steps("log") if step < 1000]
    assert len(early_linear) <= 4
    # Log buckets are a twentieth of a decade: steps 1 to 19 come whole.
    assert early_log[:20] == list(range(20))
    assert len(steps("log")) <= 400


async def test_log_scale_on_relative_time(api, client):
    client.create_trial_component(TrialComponentName="log-times")
    points = [
        {"MetricName": "m", "Value": float(step % 5), "Step": step, "Timestamp": STAMP + step}
        for step in range(10_000)
    ]
    client.batch_put_metrics(TrialComponentName="log-times", MetricData=points)

    response = await api(
        "trial-components",
        "log-times",
        "metrics",
        "m",
        params={"x": "relative_time", "max_points": "200", "x_scale": "log"},
    )

    # Seconds since the first point are the steps, so the first ones come whole.
    steps = [point["step"] for point in strict_json(response)["points"]]
    assert steps[:8] == list(range(8))
    assert len(steps) <= 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"max_points": "1"}, "max_points"),
        ({"max_points": "100001"}, "max_points"),
        ({"max_points": "-5"}, "max_points"),
        ({"max_points": "2.5"}, "max_points"),
        ({"max_points": "ten"}, "max_points"),
        ({"max_points": " 20"}, "max_points"),
        ({"x": "epoch"}, "x"),
        ({"x": "Step"}, "x"),
        ({"points": "20"}, "points"),
        ({"x_min": "ten"}, "x_min"),
        ({"x_min": "nan"}, "x_min"),
        ({"x_max": "inf"}, "x_max"),
        ({"x_max": "1e999"}, "x_max"),
        ({"x_max": "0x10"}, "x_max"),
        ({"x_min": "5", "x_max": "4"}, "x_min"),
        ({"x_scale": "Log"}, "x_scale"),
        ({"x_scale": "log10"}, "x_scale"),
        ({"x": "wall_time", "x_scale": "log"}, "x_scale"),
    ],
)
async def test_metric_series_invalid_query_400(api, tutorial, params, field):
    response = await api(
        "trial-components", tutorial.JOB_1, "metrics", "test:accuracy", params=params
    )

    body = error_body(response, 400)
    assert body["error_code"] == "ValidationException"
    assert body["field"] == field


# -- a zoomed range ------------------------------------------------------------


async def test_range_at_full_resolution(api, long_series):
    body = await series_body(api, long_series, max_points="2000", x_min="5000", x_max="6000")

    steps = [point["step"] for point in body["points"]]
    assert steps == list(range(4999, 6002))
    assert body["point_count"] == 1001
    assert body["downsampled"] is False
    assert [point["step"] for point in body["points"] if point["value"] == -50.0] == [5555]


async def test_range_longer_than_budget_keeps_extremes(api, long_series):
    body = await series_body(api, long_series, max_points="40", x_min="2500", x_max="9500")

    inside = [point for point in body["points"] if 2500 <= point["step"] <= 9500]
    assert body["point_count"] == 7001
    assert body["downsampled"] is True
    assert len(inside) <= 40
    assert [point["step"] for point in inside if point["value"] == 100.0] == [3000, 6000, 9000]
    assert [point["step"] for point in inside if point["value"] == -50.0] == [5555]
    assert [body["points"][0]["step"], body["points"][-1]["step"]] == [2499, 9501]


@pytest.mark.parametrize(
    ("params", "steps"),
    [
        ({"x_min": "11990"}, [11_989, *range(11_990, 12_000)]),
        ({"x_max": "3.5"}, [0, 1, 2, 3, 4]),
        ({"x_min": "-100", "x_max": "1"}, [0, 1, 2]),
        ({"x_min": "20000", "x_max": "30000"}, [11_999]),
        ({"x_min": "7.2", "x_max": "7.8"}, [7, 8]),
    ],
)
async def test_range_edges(api, long_series, params, steps):
    body = await series_body(api, long_series, **params)

    assert [point["step"] for point in body["points"]] == steps


async def test_range_on_wall_time_uses_epoch_seconds(api, long_series):
    body = await series_body(
        api, long_series, x="wall_time", x_min=str(STAMP + 100.5), x_max=str(STAMP + 103)
    )

    assert [point["step"] for point in body["points"]] == [100, 101, 102, 103, 104]
    assert body["point_count"] == 3


async def test_range_leaves_out_points_without_step(api, client):
    client.create_trial_component(TrialComponentName="mixed")
    client.batch_put_metrics(
        TrialComponentName="mixed",
        MetricData=[
            {"MetricName": "loss", "Value": 9.0, "Timestamp": STAMP},
            *(
                {
                    "MetricName": "loss",
                    "Value": float(step),
                    "Step": step,
                    "Timestamp": STAMP + step,
                }
                for step in range(5)
            ),
        ],
    )

    body = await series_body(api, "mixed", metric="loss", x_max="1")

    assert [point["value"] for point in body["points"]] == [0.0, 1.0, 2.0]


# -- the per-process cache of series -------------------------------------------


async def series_body(api, name, metric="grad_norm", **params):
    response = await api(
        "trial-components", name, "metrics", metric, params={"max_points": "100", **params}
    )
    return strict_json(response)


async def test_series_cache_serves_unchanged_metric(api, client, long_series):
    first = await series_body(api, long_series)
    # Remove the packed points behind the summary's back: only a response
    # that was kept still has them, so this proves the points are not read.
    with client.store.engine.begin() as connection:
        connection.execute(sa.delete(metric_point_blocks))

    again = await series_body(api, long_series)

    assert again == first
    assert 100.0 in [point["value"] for point in again["points"]]


async def test_series_cache_sees_new_points(api, client, long_series):
    before = await series_body(api, long_series)
    client.batch_put_metrics(
        TrialComponentName=long_series,
        MetricData=[{"MetricName": "grad_norm", "Value": 500.0, "Step": 20_000}],
    )

    after = await series_body(api, long_series)

    assert before["point_count"] == 12_000
    assert after["point_count"] == 12_001
    assert after["points"][-1]["step"] == 20_000
    assert after["points"][-1]["value"] == 500.0
    check_extremes_kept([point for point in after["points"] if point["step"] < 12_000])


async def test_series_cache_sees_recreated_component(api, client):
    client.create_trial_component(TrialComponentName="again")
    put_series(client, "again", 12_000)
    before = await series_body(api, "again")
    client.delete_trial_component(TrialComponentName="again")
    # Same name, metric and number of points, other values.
    client.create_trial_component(TrialComponentName="again")
    put_series(client, "again", 12_000, first_step=1)

    after = await series_body(api, "again")

    assert before["points"][0]["step"] == 0
    assert after["points"][0]["step"] == 1
    assert after["point_count"] == 12_000


async def test_series_cache_keys_on_request(api, long_series):
    by_step = await series_body(api, long_series)
    by_time = await series_body(api, long_series, x="wall_time")
    smaller = await series_body(api, long_series, max_points="40")
    # Component names are case-insensitive, so both spellings share a series.
    upper = await series_body(api, long_series.upper())

    assert len(smaller["points"]) <= 40 < len(by_step["points"])
    assert by_time["points"] == by_step["points"]
    assert upper == by_step
    check_extremes_kept(smaller["points"])


async def test_series_cache_keeps_404_for_deleted_component(api, client, long_series):
    await series_body(api, long_series)
    client.delete_trial_component(TrialComponentName=long_series)

    response = await api("trial-components", long_series, "metrics", "grad_norm")

    assert error_body(response, 404)["field"] == "TrialComponentName"


def test_series_cache_version_mismatch_misses():
    cache = SeriesCache()
    cache.put("key", 1, "text")

    assert cache.get("key", 1) == "text"
    assert cache.get("key", 2) is None
    assert cache.get("other", 1) is None


def test_series_cache_drops_least_recently_used():
    cache = SeriesCache(max_chars=80)
    cache.put("a", 1, "x" * 10)
    cache.put("b", 1, "y" * 10)
    assert cache.get("a", 1) == "x" * 10
    for index in range(7):
        cache.put(f"c{index}", 1, "z" * 10)

    # "b" was used least recently, so it went first.
    assert cache.get("b", 1) is None
    assert cache.get("a", 1) == "x" * 10
    assert len(cache) == 8


def test_series_cache_skips_oversized_text():
    cache = SeriesCache(max_chars=80)
    cache.put("small", 1, "s" * 10)
    cache.put("large", 1, "l" * 11)

    assert cache.get("large", 1) is None
    assert cache.get("small", 1) == "s" * 10


def test_series_cache_replaces_older_version():
    cache = SeriesCache(max_chars=80)
    built = []

    def build(text):
        def run():
            built.append(text)
            return text

        return run

    assert cache.get_or_build("key", 1, build("old")) == "old"
    assert cache.get_or_build("key", 1, build("unused")) == "old"
    assert cache.get_or_build("key", 2, build("new")) == "new"
    assert built == ["old", "new"]
    assert len(cache) == 1
    assert cache.get("key", 1) is None
