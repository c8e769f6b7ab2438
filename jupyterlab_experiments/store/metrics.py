"""Writing metric points and keeping their summaries current.

Every write updates the component's summary row for the metric in the same
transaction, with a parallel (Chan et al.) merge of Welford's running mean
and sum of squared deviations, so sorting by a statistic never reads the
points. Exact duplicates of a stored point (same metric, step, timestamp and
value) are skipped, so sending a point again is harmless.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from .schema import metric_points, metric_summaries

# A step that sorts before every real step (steps are >= 0), so that points
# logged without a step come before points with one.
_NO_STEP = -1


@dataclass
class Point:
    """One metric point, already checked."""

    name: str
    value: float
    timestamp: float
    step: int | None


def _identity(point: Point) -> tuple[int | None, float, Any]:
    value: Any = "nan" if math.isnan(point.value) else point.value
    return (point.step, point.timestamp, value)


def _stored_value(value: float) -> float | None:
    # SQLite stores NaN as NULL, so NULL stands for NaN on both databases.
    return None if math.isnan(value) else value


def write_points(connection: sa.Connection, component_id: int, points: list[Point]) -> int:
    """Store points of one component and update its summaries; return how many
    were new."""
    by_metric: dict[str, list[Point]] = defaultdict(list)
    for point in points:
        by_metric[point.name].append(point)

    stored = 0
    for name, metric_points_ in by_metric.items():
        summary = _summary_row(connection, component_id, name)
        new_points = _without_duplicates(connection, summary["id"], metric_points_)
        if not new_points:
            continue
        connection.execute(
            sa.insert(metric_points),
            [
                {
                    "metric_id": summary["id"],
                    "step": point.step,
                    "timestamp": point.timestamp,
                    "value": _stored_value(point.value),
                }
                for point in new_points
            ],
        )
        connection.execute(
            sa.update(metric_summaries)
            .where(metric_summaries.c.id == summary["id"])
            .values(**_merged_summary(summary, new_points))
        )
        stored += len(new_points)
    return stored


def _summary_row(connection: sa.Connection, component_id: int, name: str) -> dict[str, Any]:
    query = sa.select(metric_summaries).where(
        metric_summaries.c.trial_component_id == component_id, metric_summaries.c.name == name
    )
    if connection.dialect.name == "postgresql":
        # Two processes may log the same metric at once; lock the row so that
        # neither update is lost.
        query = query.with_for_update()
    row = connection.execute(query).mappings().first()
    if row is not None:
        return dict(row)
    connection.execute(
        sa.insert(metric_summaries).values(
            trial_component_id=component_id, name=name, count=0, finite_count=0
        )
    )
    return dict(connection.execute(query).mappings().one())


def _without_duplicates(
    connection: sa.Connection, metric_id: int, points: list[Point]
) -> list[Point]:
    """Drop points already stored or repeated within the batch.

    Only stored points in the batch's step range (or, for points without a
    step, its time range) are read, through the (metric, step, timestamp)
    index, so the check stays cheap for long histories.
    """
    seen: set[tuple[int | None, float, Any]] = set()
    stepped = [point.step for point in points if point.step is not None]
    if stepped:
        query = sa.select(
            metric_points.c.step, metric_points.c.timestamp, metric_points.c.value
        ).where(
            metric_points.c.metric_id == metric_id,
            metric_points.c.step.between(min(stepped), max(stepped)),
        )
        seen.update(_stored_identities(connection, query))
    stamps = [point.timestamp for point in points if point.step is None]
    if stamps:
        query = sa.select(
            metric_points.c.step, metric_points.c.timestamp, metric_points.c.value
        ).where(
            metric_points.c.metric_id == metric_id,
            metric_points.c.step.is_(None),
            metric_points.c.timestamp.between(min(stamps), max(stamps)),
        )
        seen.update(_stored_identities(connection, query))

    fresh = []
    for point in points:
        identity = _identity(point)
        if identity not in seen:
            seen.add(identity)
            fresh.append(point)
    return fresh


def _stored_identities(connection: sa.Connection, query: sa.Select[Any]) -> list[tuple[Any, ...]]:
    return [
        (row.step, row.timestamp, "nan" if row.value is None else row.value)
        for row in connection.execute(query)
    ]


def _merged_summary(summary: dict[str, Any], points: list[Point]) -> dict[str, Any]:
    """Merge new points into a summary row's statistics."""
    finite = [point.value for point in points if math.isfinite(point.value)]
    count = summary["count"] + len(points)
    values: dict[str, Any] = {"count": count}

    old_n = summary["finite_count"]
    if finite:
        batch_n = len(finite)
        batch_mean = math.fsum(finite) / batch_n
        batch_m2 = math.fsum((value - batch_mean) ** 2 for value in finite)
        if old_n:
            total = old_n + batch_n
            delta = batch_mean - summary["avg"]
            mean = summary["avg"] + delta * batch_n / total
            m2 = summary["m2"] + batch_m2 + delta * delta * old_n * batch_n / total
            low, high = min(summary["min"], min(finite)), max(summary["max"], max(finite))
        else:
            total, mean, m2 = batch_n, batch_mean, batch_m2
            low, high = min(finite), max(finite)
        values.update(
            finite_count=total,
            avg=mean,
            m2=m2,
            std_dev=math.sqrt(m2 / (total - 1)) if total > 1 else 0.0,
            min=low,
            max=high,
        )

    # The last point is the one with the greatest (step, timestamp); among
    # equal keys the later write wins, hence >= against the stored one.
    latest = None
    for point in points:
        key = (_NO_STEP if point.step is None else point.step, point.timestamp)
        if latest is None or key >= latest[0]:
            latest = (key, point)
    assert latest is not None
    stored_key = None
    if summary["last_timestamp"] is not None:
        stored_step = summary["last_step"]
        stored_key = (_NO_STEP if stored_step is None else stored_step, summary["last_timestamp"])
    if stored_key is None or latest[0] >= stored_key:
        point = latest[1]
        values.update(
            last=_stored_value(point.value), last_step=point.step, last_timestamp=point.timestamp
        )

    newest = max(point.timestamp for point in points)
    if summary["time_stamp"] is None or newest > summary["time_stamp"]:
        values["time_stamp"] = newest
    return values


def read_points(connection: sa.Connection, metric_id: int) -> list[dict[str, Any]]:
    """All points of a metric in step order (points without a step first, by time)."""
    query = (
        sa.select(metric_points.c.step, metric_points.c.timestamp, metric_points.c.value)
        .where(metric_points.c.metric_id == metric_id)
        .order_by(
            metric_points.c.step.asc().nulls_first(),
            metric_points.c.timestamp,
            metric_points.c.id,
        )
    )
    return [
        {
            "Step": row.step,
            "Timestamp": row.timestamp,
            "Value": math.nan if row.value is None else row.value,
        }
        for row in connection.execute(query)
    ]
