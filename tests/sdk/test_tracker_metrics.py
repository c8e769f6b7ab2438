"""Tracker.log_metric: buffering, flushing, timestamps, steps and store failures."""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sqlalchemy as sa

from jupyterlab_experiments import ResourceNotFound, StoreUnavailable, ValidationError
from jupyterlab_experiments._metrics_buffer import _flush_all_at_exit
from jupyterlab_experiments.tracker import Tracker
from jupyterlab_experiments.trial_component import TrialComponent

REPOSITORY = Path(__file__).resolve().parents[2]
UTC = dt.timezone.utc


def points(client: Any, tracker: Tracker, metric: str) -> list[dict[str, Any]]:
    name = tracker.trial_component.trial_component_name
    try:
        response = client.get_metric_data(TrialComponentName=name, MetricName=metric)
    except ResourceNotFound:
        return []
    return list(response["Points"])


def summary(tracker: Tracker, metric: str) -> Any:
    component = TrialComponent.load(
        tracker.trial_component.trial_component_name, tracker.trial_component.sagemaker_boto_client
    )
    return next(item for item in component.metrics if item.metric_name == metric)


def as_utc(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.astimezone(UTC)
    return dt.datetime.fromtimestamp(value, tz=UTC)


def make_store_unreachable(client: Any, store_url: str, request: pytest.FixtureRequest) -> None:
    """Take the test's store away: a folder replaces the SQLite file, or the database is dropped."""
    client.close()
    url = sa.engine.make_url(store_url)
    if url.get_backend_name() == "sqlite":
        database = Path(str(url.database))
        database.rename(database.with_name("moved.db"))
        database.mkdir()
        return
    server_url = request.getfixturevalue("postgres_server_url")
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE "{url.database}" WITH (FORCE)'))
    engine.dispose()


def run_python(code: str) -> str:
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# -- stored wherever logged ---------------------------------------------------------


def test_metric_outside_job_is_stored(client: Any) -> None:
    tracker = Tracker.create(display_name="eval", sagemaker_boto_client=client)
    tracker.log_metric("auc", 0.91)
    tracker.close()
    stored = summary(tracker, "auc")
    assert stored.last == 0.91
    assert stored.count == 1


def test_metric_from_subprocess_is_stored(client: Any) -> None:
    name = run_python(
        """
        from jupyterlab_experiments import Tracker
        tracker = Tracker.create(display_name="eval")
        tracker.log_metric("auc", 0.91)
        tracker.close()
        print(tracker.trial_component.trial_component_name)
        """
    )
    (stored,) = TrialComponent.load(name, client).metrics
    assert (stored.metric_name, stored.last, stored.count) == ("auc", 0.91, 1)


def test_metric_flushed_at_exit(client: Any) -> None:
    # The process ends right after logging, without close(): the exit handler writes.
    name = run_python(
        """
        from jupyterlab_experiments import Tracker
        tracker = Tracker.create()
        for step in range(5):
            tracker.log_metric("loss", 1.0 / (step + 1), iteration_number=step)
        print(tracker.trial_component.trial_component_name)
        """
    )
    (stored,) = TrialComponent.load(name, client).metrics
    assert stored.count == 5


def test_metric_flushed_in_background(client: Any) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    logged_at = time.monotonic()
    tracker.log_metric("loss", 0.5)
    deadline = logged_at + 10
    while not points(client, tracker, "loss") and time.monotonic() < deadline:
        time.sleep(0.05)
    elapsed = time.monotonic() - logged_at
    assert points(client, tracker, "loss"), "the point was not written within 10 s"
    assert elapsed < 3


def test_many_points_are_batched(client: Any) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    started = time.monotonic()
    for step in range(10_000):
        tracker.log_metric("loss", 1.0 / (step + 1), iteration_number=step)
    logging_seconds = time.monotonic() - started
    tracker.flush()
    assert summary(tracker, "loss").count == 10_000
    # Buffering keeps log_metric far below one database write per call.
    assert logging_seconds < 5


def test_non_finite_values_are_kept(client: Any) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    for step, value in enumerate([1.0, math.nan, math.inf, -math.inf]):
        tracker.log_metric("loss", value, iteration_number=step)
    tracker.close()
    values = [point["Value"] for point in points(client, tracker, "loss")]
    assert values[0] == 1.0
    assert math.isnan(values[1])
    assert values[2:] == [math.inf, -math.inf]


def test_numpy_values_accepted(client: Any) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    tracker.log_metric("loss", np.float32(0.5), iteration_number=np.int64(3))
    tracker.close()
    (point,) = points(client, tracker, "loss")
    assert (point["Value"], point["Step"]) == (0.5, 3)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("loss", "0.5"), "must be a number"),
        (("loss", True), "must be a number"),
        (("", 0.5), "Invalid MetricName"),
        (("x" * 256, 0.5), "Invalid MetricName"),
        (("loss", 0.5, None, -1), "must be an integer from 0 to"),
        (("loss", 0.5, None, 1.5), "must be an integer from 0 to"),
        (("loss", 0.5, "yesterday"), "must be an ISO 8601 time"),
    ],
)
def test_log_metric_bad_input_raises(client: Any, arguments: tuple[Any, ...], message: str) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    with pytest.raises(ValidationError, match=message):
        tracker.log_metric(*arguments)
    tracker.close()
    assert TrialComponent.load(tracker.trial_component.trial_component_name, client).metrics == []


# -- steps and timestamps -------------------------------------------------------------


def test_out_of_order_and_repeated_steps(client: Any) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    start = 1_704_067_200.0
    logged = [(3, 0.7), (0, 1.0), (1, 0.9), (6, 0.4), (2, 0.8), (5, 0.5), (4, 0.6)]
    for offset, (step, value) in enumerate(logged):
        tracker.log_metric("loss", value, timestamp=start + offset, iteration_number=step)
    tracker.log_metric("loss", 0.58, timestamp=start + 10, iteration_number=4)
    tracker.log_metric("loss", 0.49, timestamp=start + 11, iteration_number=5)
    tracker.flush()
    # The same point again, with the same explicit timestamp: stored once.
    for _ in range(2):
        tracker.log_metric("loss", 0.49, timestamp=start + 11, iteration_number=5)
        tracker.flush()

    stored = points(client, tracker, "loss")
    assert [point["Step"] for point in stored] == [0, 1, 2, 3, 4, 4, 5, 5, 6]
    assert [point["Value"] for point in stored] == [1.0, 0.9, 0.8, 0.7, 0.6, 0.58, 0.5, 0.49, 0.4]
    result = summary(tracker, "loss")
    assert result.count == 9
    assert result.last == 0.4
    assert result.min == 0.4
    assert result.max == 1.0
    assert result.avg == pytest.approx(5.97 / 9)


def test_timestamp_rules(client: Any, local_timezone: None) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    month_ago = dt.datetime.now(UTC) - dt.timedelta(days=30)
    tracker.log_metric("m", 1, timestamp=dt.datetime(2024, 1, 1, 0, 0), iteration_number=1)
    tracker.log_metric("m", 2, timestamp=dt.datetime(2024, 1, 1, tzinfo=UTC), iteration_number=2)
    tracker.log_metric("m", 3, timestamp=1704067200.0, iteration_number=3)
    with pytest.raises(ValidationError, match="looks like milliseconds, divide it by 1000"):
        tracker.log_metric("m", 4, timestamp=1704067200000, iteration_number=4)
    tracker.log_metric("m", 5, timestamp=month_ago, iteration_number=5)
    tracker.close()

    stamps = {point["Value"]: as_utc(point["Timestamp"]) for point in points(client, tracker, "m")}
    assert sorted(stamps) == [1, 2, 3, 5]
    assert stamps[1] == dt.datetime(2023, 12, 31, 18, 30, tzinfo=UTC)
    assert stamps[2] == dt.datetime(2024, 1, 1, tzinfo=UTC)
    assert stamps[3] == dt.datetime(2024, 1, 1, tzinfo=UTC)
    assert abs((stamps[5] - month_ago).total_seconds()) < 0.001


# -- store failures -------------------------------------------------------------------


def test_flush_unreachable_store_raises(
    client: Any, store_url: str, request: pytest.FixtureRequest
) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    make_store_unreachable(client, store_url, request)
    tracker.log_metric("auc", 0.91)
    with pytest.raises(StoreUnavailable, match="Could not store 1 metric points"):
        tracker.flush()
    # The points stay buffered, so the next flush reports them again.
    with pytest.raises(StoreUnavailable, match="Could not store 1 metric points"):
        tracker.flush()
    with pytest.raises(StoreUnavailable, match="metric points|store"):
        tracker.close()


def test_background_failure_raised_on_next_call(
    client: Any,
    store_url: str,
    request: pytest.FixtureRequest,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.ERROR, logger="jupyterlab_experiments._metrics_buffer")
    tracker = Tracker.create(sagemaker_boto_client=client)
    make_store_unreachable(client, store_url, request)
    tracker.log_metric("auc", 0.91)
    deadline = time.monotonic() + 10
    while not caplog.records and time.monotonic() < deadline:
        time.sleep(0.05)
    assert caplog.records, "the background write did not report its failure within 10 s"
    assert "Could not store 1 metric points" in caplog.records[0].getMessage()
    with pytest.raises(StoreUnavailable, match="Could not store 1 metric points"):
        tracker.log_metric("auc", 0.92)


def test_forked_child_does_not_resend(client: Any) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    tracker.log_metric("loss", 0.5, iteration_number=0)
    child = os.fork()
    if child == 0:
        # The store ignores exact duplicates, so the child reports what it would
        # send. It leaves without running pytest's own exit handlers.
        pending = tracker._metrics.pending
        _flush_all_at_exit()
        os._exit(pending)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    tracker.close()
    assert summary(tracker, "loss").count == 1
