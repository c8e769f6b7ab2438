"""Downsampling of metric series: budget, order, and every bucket's extremes.

The last tests go through the client, on both stores.
"""

from __future__ import annotations

import numpy as np
import pytest

from jupyterlab_experiments import ValidationError
from jupyterlab_experiments._downsample import downsample


def bucket_ids(x, bucket_count):
    """Equal-width buckets over x, computed independently of the module."""
    x = np.asarray(x, dtype=float)
    if x[-1] == x[0]:
        return np.zeros(x.size, dtype=int)
    ids = np.floor((x - x[0]) / (x[-1] - x[0]) * bucket_count).astype(int)
    return np.minimum(ids, bucket_count - 1)


def test_short_series_unchanged():
    kept = downsample(np.arange(5.0), [3.0, 1.0, 4.0, 1.0, 5.0], 5)

    assert kept.tolist() == [0, 1, 2, 3, 4]


def test_ten_spikes_and_dip_kept():
    # 100,000 steps of 1.0 with ten spikes to 100 and one dip to -50.
    steps = np.arange(100_000)
    values = np.ones(steps.size)
    spikes = list(range(0, 100_000, 10_000))
    values[spikes] = 100.0
    values[55_555] = -50.0

    kept = downsample(steps, values, 2000)

    assert kept.size <= 2000
    assert set(spikes) <= set(kept.tolist())
    assert 55_555 in kept
    assert np.array_equal(kept, downsample(steps, values, 2000))


@pytest.mark.parametrize("seed", range(40))
def test_random_series_keep_bucket_extremes(seed):
    rng = np.random.default_rng(seed)
    count = int(rng.integers(500, 20_000))
    budget = int(rng.integers(8, 1500))
    # Random increments, with repeats, so that buckets differ in size.
    x = np.cumsum(rng.integers(0, 4, size=count)).astype(float)
    values = np.cumsum(rng.normal(size=count))
    spike_positions = rng.choice(count, size=5, replace=False)
    values[spike_positions] = rng.choice([-1e6, 1e6], size=5)

    kept = downsample(x, values, budget)

    assert kept.size <= budget
    assert np.all(np.diff(kept) > 0)
    ids = bucket_ids(x, budget // 4)
    for bucket in np.unique(ids):
        members = np.flatnonzero(ids == bucket)
        assert members[0] in kept
        assert members[-1] in kept
        assert members[np.argmax(values[members])] in kept
        assert members[np.argmin(values[members])] in kept


@pytest.mark.parametrize("seed", range(10))
def test_isolated_spike_never_dropped(seed):
    rng = np.random.default_rng(100 + seed)
    values = rng.normal(size=50_000)
    spike = int(rng.integers(0, values.size))
    values[spike] = 1e9

    for budget in (2, 3, 4, 10, 101, 2000):
        assert spike in downsample(np.arange(values.size), values, budget), budget


def test_tiny_budgets_keep_maximum_then_minimum():
    values = np.array([5.0, 9.0, 1.0, 7.0, 3.0, 6.0])

    assert downsample(np.arange(6), values, 2).tolist() == [1, 2]
    assert downsample(np.arange(6), values, 3).tolist() == [0, 1, 2]
    assert downsample(np.arange(6), values, 4).tolist() == [0, 1, 2, 5]


def test_nan_kept_per_bucket_within_budget():
    values = np.linspace(0.0, 1.0, 1000)
    values[350:420] = np.nan

    kept = downsample(np.arange(1000), values, 50)

    # Ten buckets of 100 points, at most five points each. The NaNs fall into
    # two buckets: the first NaN of 300-399 and its last point, and the
    # first point of 400-499.
    assert kept.size <= 50
    assert kept[np.isnan(values[kept])].tolist() == [350, 399, 400]


def test_infinities_are_bucket_extremes():
    values = np.zeros(1000)
    values[10] = np.inf
    values[990] = -np.inf

    kept = downsample(np.arange(1000), values, 8)

    assert {10, 990} <= set(kept.tolist())


def test_all_nan_series():
    kept = downsample(np.arange(100), np.full(100, np.nan), 10)

    assert kept.size <= 10
    assert {0, 99} <= set(kept.tolist())


def test_constant_x_is_one_bucket():
    values = np.array([2.0, 8.0, 5.0, 1.0, 4.0, 3.0, 6.0])

    kept = downsample(np.zeros(7), values, 4)

    assert kept.tolist() == [0, 1, 3, 6]


def test_position_buckets_without_x():
    values = np.ones(10_000)
    values[7777] = 42.0

    kept = downsample(None, values, 400)

    assert kept.size <= 400
    assert 7777 in kept


def test_equal_width_buckets_follow_x():
    # Half of the points sit at x = 0..99, the other half at x = 900..999.
    x = np.r_[np.linspace(0, 99, 5000), np.linspace(900, 999, 5000)]
    values = np.sin(np.arange(x.size))

    kept = downsample(x, values, 400)

    # Buckets over x from 100 to 900 are empty, so fewer points are kept.
    assert kept.size <= 400 * 2 / 10 + 4


@pytest.mark.parametrize(
    ("x", "y", "max_points", "message"),
    [
        (np.arange(3), [1.0, 2.0, 3.0], 1, "at least 2"),
        (np.arange(2), [1.0, 2.0, 3.0], 2, "x has 2 values but y has 3"),
        ([0.0, np.nan, 2.0], [1.0, 2.0, 3.0], 2, "x must be finite"),
        ([0.0, 2.0, 1.0], [1.0, 2.0, 3.0], 2, "x must not decrease"),
    ],
)
def test_invalid_arguments(x, y, max_points, message):
    with pytest.raises(ValueError, match=message):
        downsample(x, y, max_points)


# -- through the client's get_metric_data ---------------------------------------


def test_client_max_points_keeps_spike(client):
    client.create_trial_component(TrialComponentName="tc")
    client.batch_put_metrics(
        TrialComponentName="tc",
        MetricData=[
            {"MetricName": "m", "Value": 9.0 if step == 421 else 1.0, "Step": step}
            for step in range(1000)
        ],
    )

    response = client.get_metric_data(TrialComponentName="tc", MetricName="m", MaxPoints=10)

    steps = [point["Step"] for point in response["Points"]]
    assert response["PointCount"] == 1000
    assert response["Downsampled"] is True
    assert len(steps) <= 10
    assert 421 in steps
    assert steps == sorted(steps)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"SortBy": "time"}, "SortBy"),
        ({"MaxPoints": 1}, "MaxPoints"),
        ({"MaxPoints": True}, "MaxPoints"),
        ({"MaxPoints": 2.0}, "MaxPoints"),
    ],
)
def test_client_invalid_arguments(client, arguments, field):
    client.create_trial_component(TrialComponentName="tc")
    client.batch_put_metrics(
        TrialComponentName="tc", MetricData=[{"MetricName": "m", "Value": 1.0, "Step": 0}]
    )

    with pytest.raises(ValidationError, match=field) as raised:
        client.get_metric_data(TrialComponentName="tc", MetricName="m", **arguments)

    assert raised.value.field == field


def test_log_x_buckets_are_equal_in_log_space():
    x = np.arange(1.0, 100_001.0)
    values = np.sin(x)

    kept = downsample(x, values, 400, log_x=True)

    # A hundred buckets over five decades: twenty per decade. The first
    # decade has only 9 steps and keeps them all. Linear buckets would keep
    # 4 of the first 1,000 steps.
    per_decade = np.histogram(np.log10(x[kept]), bins=5, range=(0, 5))[0]
    assert per_decade[0] == 9
    assert per_decade[1:].min() >= 40
    assert len(kept) <= 400


def test_log_x_keeps_points_at_zero_apart():
    x = np.r_[np.zeros(50), np.arange(1.0, 10_001.0)]
    values = np.ones(x.size)
    values[10] = -7.0
    values[5_000] = 9.0

    kept = downsample(x, values, 40, log_x=True)

    assert 10 in kept
    assert 5_000 in kept
    # The points at zero form one bucket: its first, minimum and last points.
    assert [position for position in kept.tolist() if x[position] == 0] == [0, 10, 49]
    assert len(kept) <= 40


def test_log_x_only_points_at_zero():
    kept = downsample(np.zeros(100), np.arange(100.0), 8, log_x=True)

    assert kept.tolist() == [0, 99]
