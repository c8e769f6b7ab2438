"""The packed blocks of metric points agree with the stored points."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
import sqlalchemy as sa
from alembic import command

from jupyterlab_experiments.exceptions import ValidationError
from jupyterlab_experiments.store import point_blocks
from jupyterlab_experiments.store.engine import _alembic_config, migrate
from jupyterlab_experiments.store.schema import metric_point_blocks, metric_points, metric_summaries

STAMP = 1_700_000_000.0


def stored_order(client, metric="loss"):
    """The points as the row table orders them: step (none first), time, then storage order."""
    query = sa.text(
        "SELECT coalesce(step, -1) AS step, timestamp, value FROM metric_points "
        "ORDER BY coalesce(step, -1), timestamp, id"
    )
    with client.store.engine.connect() as connection:
        rows = connection.execute(query).all()
    return [
        (None if step < 0 else step, timestamp, math.nan if value is None else value)
        for step, timestamp, value in rows
    ]


def read_back(client, component="c", metric="loss"):
    response = client.get_metric_data(TrialComponentName=component, MetricName=metric)
    return [(point["Step"], point["Timestamp"], point["Value"]) for point in response["Points"]]


def same_points(found, expected):
    assert len(found) == len(expected)
    for got, want in zip(found, expected, strict=True):
        assert got[:2] == want[:2]
        assert got[2] == want[2] or (math.isnan(got[2]) and math.isnan(want[2]))


def block_counts(client):
    with client.store.engine.connect() as connection:
        return (
            connection.execute(
                sa.select(metric_point_blocks.c.point_count).order_by(metric_point_blocks.c.id)
            )
            .scalars()
            .all()
        )


def random_batches(seed):
    """Batches of all sizes, with steps out of order, repeats, NaN and points without a step."""
    rng = random.Random(seed)
    batches = []
    for size in [1, 3, 1500, 1, 700, 2, 2100, 5, 1024, 1]:
        batch = []
        for _ in range(size):
            step = None if rng.random() < 0.05 else rng.randrange(0, 3000)
            value = math.nan if rng.random() < 0.02 else rng.choice([1.0, 2.0, rng.random()])
            stamp = STAMP + rng.randrange(0, 50)
            point = {"MetricName": "loss", "Value": value, "Timestamp": stamp}
            if step is not None:
                point["Step"] = step
            batch.append(point)
        batches.append(batch)
    return batches


@pytest.mark.parametrize("seed", [1, 2])
def test_blocks_read_back_in_stored_order(client, seed):
    client.create_trial_component(TrialComponentName="c")
    for batch in random_batches(seed):
        client.batch_put_metrics(TrialComponentName="c", MetricData=batch)

    expected = stored_order(client)
    counts = block_counts(client)

    same_points(read_back(client), expected)
    assert sum(counts) == len(expected)
    # Only the last block may have room left.
    assert all(count == point_blocks.BLOCK_POINTS for count in counts[:-1])
    assert 0 < counts[-1] <= point_blocks.BLOCK_POINTS


def test_duplicates_are_not_packed_twice(client):
    client.create_trial_component(TrialComponentName="c")
    batch = [
        {"MetricName": "loss", "Value": 0.5, "Step": step, "Timestamp": STAMP} for step in range(10)
    ]

    client.batch_put_metrics(TrialComponentName="c", MetricData=batch)
    client.batch_put_metrics(TrialComponentName="c", MetricData=batch)

    assert block_counts(client) == [10]
    assert [point[0] for point in read_back(client)] == list(range(10))


def test_points_logged_one_at_a_time_fill_blocks(client):
    client.create_trial_component(TrialComponentName="c")
    for step in range(point_blocks.BLOCK_POINTS + 3):
        client.batch_put_metrics(
            TrialComponentName="c",
            MetricData=[{"MetricName": "loss", "Value": 1.0, "Step": step, "Timestamp": STAMP}],
        )

    assert block_counts(client) == [point_blocks.BLOCK_POINTS, 3]


def test_each_metric_has_its_own_blocks(client):
    client.create_trial_component(TrialComponentName="c")
    client.batch_put_metrics(
        TrialComponentName="c",
        MetricData=[
            {"MetricName": name, "Value": float(step), "Step": step, "Timestamp": STAMP}
            for step in range(5)
            for name in ("loss", "accuracy")
        ],
    )

    assert [point[2] for point in read_back(client, metric="accuracy")] == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert sorted(block_counts(client)) == [5, 5]


def test_deleting_a_component_deletes_its_blocks(client):
    client.create_trial_component(TrialComponentName="c")
    client.create_trial_component(TrialComponentName="kept")
    for name in ("c", "kept"):
        client.batch_put_metrics(
            TrialComponentName=name,
            MetricData=[{"MetricName": "loss", "Value": 1.0, "Step": 0, "Timestamp": STAMP}],
        )

    client.delete_trial_component(TrialComponentName="c")

    assert block_counts(client) == [1]
    assert len(read_back(client, component="kept")) == 1


def test_upgrade_packs_points_stored_before_blocks(client):
    client.create_trial_component(TrialComponentName="c")
    for batch in random_batches(3):
        client.batch_put_metrics(TrialComponentName="c", MetricData=batch)
    before = read_back(client)

    # Go back to the revision without blocks, then open the store again.
    with client.store.engine.connect() as connection:
        command.downgrade(_alembic_config(connection), "0003")
        connection.commit()
    migrate(client.store.engine)

    same_points(read_back(client), before)
    same_points(before, stored_order(client))
    assert sum(block_counts(client)) == len(before)


def test_older_version_can_delete_metrics(client):
    client.create_trial_component(TrialComponentName="c")
    client.batch_put_metrics(
        TrialComponentName="c",
        MetricData=[{"MetricName": "loss", "Value": 1.0, "Step": 0, "Timestamp": STAMP}],
    )

    # A version from before the blocks deletes the rows and the summaries only.
    with client.store.engine.begin() as connection:
        connection.execute(sa.delete(metric_points))
        connection.execute(sa.delete(metric_summaries))

    assert block_counts(client) == []


def test_points_without_blocks_read_and_repacked(client, caplog):
    client.create_trial_component(TrialComponentName="c")
    for batch in random_batches(4)[:4]:
        client.batch_put_metrics(TrialComponentName="c", MetricData=batch)
    # A version before the blocks leaves its points in the rows and the
    # summary only; dropping the last block leaves the store in that state.
    with client.store.engine.begin() as connection:
        last = connection.execute(sa.select(sa.func.max(metric_point_blocks.c.id))).scalar()
        connection.execute(sa.delete(metric_point_blocks).where(metric_point_blocks.c.id == last))

    same_points(read_back(client), stored_order(client))

    client.batch_put_metrics(
        TrialComponentName="c",
        MetricData=[{"MetricName": "loss", "Value": 0.25, "Step": 9999, "Timestamp": STAMP}],
    )

    same_points(read_back(client), stored_order(client))
    assert sum(block_counts(client)) == len(stored_order(client))
    assert "packing them again" in caplog.text


@pytest.mark.parametrize(
    ("bounds", "field"),
    [
        ({"XMin": math.nan}, "XMin"),
        ({"XMax": math.inf}, "XMax"),
        ({"XMin": "3"}, "XMin"),
        ({"XMax": True}, "XMax"),
        ({"XMin": 5, "XMax": 4}, "XMin"),
        ({"XMin": 10**400}, "XMin"),
        ({"XMax": -(10**400)}, "XMax"),
    ],
)
def test_bad_range_rejected(client, bounds, field):
    client.create_trial_component(TrialComponentName="c")
    client.batch_put_metrics(
        TrialComponentName="c",
        MetricData=[{"MetricName": "loss", "Value": 1.0, "Step": 0, "Timestamp": STAMP}],
    )

    with pytest.raises(ValidationError) as caught:
        client.get_metric_data(TrialComponentName="c", MetricName="loss", **bounds)

    assert caught.value.field == field


def test_range_accepts_numpy_numbers(client):
    client.create_trial_component(TrialComponentName="c")
    client.batch_put_metrics(
        TrialComponentName="c",
        MetricData=[
            {"MetricName": "loss", "Value": 1.0, "Step": step, "Timestamp": STAMP}
            for step in range(5)
        ],
    )

    response = client.get_metric_data(
        TrialComponentName="c", MetricName="loss", XMin=np.int64(1), XMax=np.float32(2.5)
    )

    assert [point["Step"] for point in response["Points"]] == [0, 1, 2, 3]


def test_range_counts_only_points_inside(client):
    client.create_trial_component(TrialComponentName="c")
    client.batch_put_metrics(
        TrialComponentName="c",
        MetricData=[
            {"MetricName": "loss", "Value": float(step), "Step": step, "Timestamp": STAMP + step}
            for step in range(100)
        ],
    )

    response = client.get_metric_data(
        TrialComponentName="c", MetricName="loss", MaxPoints=4, XMin=10, XMax=89
    )

    inside = [point["Step"] for point in response["Points"] if 10 <= point["Step"] <= 89]
    assert response["PointCount"] == 80
    assert response["Downsampled"] is True
    assert inside[0] == 10
    assert inside[-1] == 89
    assert len(inside) <= 4
    assert [response["Points"][0]["Step"], response["Points"][-1]["Step"]] == [9, 90]
