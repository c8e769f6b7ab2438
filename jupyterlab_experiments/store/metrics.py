"""Writing and reading metric points, and keeping their summaries current.

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

import numpy as np
import sqlalchemy as sa

from ..exceptions import ResourceNotFound
from . import point_blocks
from .engine import read_transaction
from .schema import metric_points, metric_summaries, trial_components

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


# Built once: constructing SQLAlchemy statements costs more than running
# these small ones.
_SUMMARY_COLUMNS = (
    "count",
    "finite_count",
    "min",
    "max",
    "avg",
    "std_dev",
    "m2",
    "last",
    "last_step",
    "last_timestamp",
    "time_stamp",
)
_INSERT_POINTS_SQL = {
    "qmark": "INSERT INTO metric_points (metric_id, step, timestamp, value) VALUES (?, ?, ?, ?)",
    "pyformat": "INSERT INTO metric_points (metric_id, step, timestamp, value) "
    "VALUES (%s, %s, %s, %s)",
}
_UPDATE_SUMMARY = (
    sa.update(metric_summaries)
    .where(metric_summaries.c.id == sa.bindparam("summary_id"))
    .values({column: sa.bindparam(column) for column in _SUMMARY_COLUMNS})
)


def write_points(connection: sa.Connection, component_id: int, points: list[Point]) -> int:
    """Store points of one component and update its summaries; return how many
    were new.

    The work takes a fixed number of statements whatever the number of points
    and metrics: read the summaries, read possible duplicates, insert the
    points, append them to the packed blocks, update the summaries.
    """
    by_metric: dict[str, list[Point]] = defaultdict(list)
    for point in points:
        by_metric[point.name].append(point)

    summaries = _summary_rows(connection, component_id, list(by_metric))
    fresh = _without_duplicates(connection, summaries, by_metric)
    if not fresh:
        return 0

    rows = [
        (summaries[name]["id"], point.step, point.timestamp, _stored_value(point.value))
        for name, new_points in fresh.items()
        for point in new_points
    ]
    # Points go straight to the driver's executemany: SQLAlchemy's per-row
    # parameter processing would cost more than the insert itself.
    connection.exec_driver_sql(_INSERT_POINTS_SQL[connection.dialect.paramstyle], rows)
    point_blocks.append(
        connection,
        {
            summaries[name]["id"]: point_blocks.pack(
                (point.step, point.timestamp, point.value) for point in new_points
            )
            for name, new_points in fresh.items()
        },
        {summaries[name]["id"]: summaries[name]["count"] for name in fresh},
    )
    connection.execute(
        _UPDATE_SUMMARY,
        [
            {"summary_id": summaries[name]["id"], **_merged_summary(summaries[name], new_points)}
            for name, new_points in fresh.items()
        ],
    )
    return sum(len(new_points) for new_points in fresh.values())


def _summary_rows(
    connection: sa.Connection, component_id: int, names: list[str]
) -> dict[str, dict[str, Any]]:
    """Return the summary rows of the named metrics, created empty where missing."""
    query = sa.select(metric_summaries).where(
        metric_summaries.c.trial_component_id == component_id, metric_summaries.c.name.in_(names)
    )
    if connection.dialect.name == "postgresql":
        # Two processes may log the same metric at once; lock the rows so that
        # neither update is lost.
        query = query.with_for_update()
    rows = {row["name"]: dict(row) for row in connection.execute(query).mappings()}
    missing = [name for name in names if name not in rows]
    if missing:
        connection.execute(
            sa.insert(metric_summaries),
            [
                {"trial_component_id": component_id, "name": name, "count": 0, "finite_count": 0}
                for name in missing
            ],
        )
        rows = {row["name"]: dict(row) for row in connection.execute(query).mappings()}
    return rows


def _without_duplicates(
    connection: sa.Connection,
    summaries: dict[str, dict[str, Any]],
    by_metric: dict[str, list[Point]],
) -> dict[str, list[Point]]:
    """Drop points already stored or repeated within the batch.

    Only stored points in the batch's step range (or, for points without a
    step, its time range) are read, through the (metric, step, timestamp)
    index, so the check stays cheap for long histories. Metrics that are new
    in this batch have nothing stored and are not queried.
    """
    known = {name: rows["id"] for name, rows in summaries.items() if rows["count"]}
    seen: dict[int, set[tuple[Any, ...]]] = defaultdict(set)
    all_points = [point for name in known for point in by_metric[name]]
    stepped = [point.step for point in all_points if point.step is not None]
    stamps = [point.timestamp for point in all_points if point.step is None]
    columns = (
        metric_points.c.metric_id,
        metric_points.c.step,
        metric_points.c.timestamp,
        metric_points.c.value,
    )
    if stepped:
        query = sa.select(*columns).where(
            metric_points.c.metric_id.in_(list(known.values())),
            metric_points.c.step.between(min(stepped), max(stepped)),
        )
        _collect_identities(connection, query, seen)
    if stamps:
        query = sa.select(*columns).where(
            metric_points.c.metric_id.in_(list(known.values())),
            metric_points.c.step.is_(None),
            metric_points.c.timestamp.between(min(stamps), max(stamps)),
        )
        _collect_identities(connection, query, seen)

    fresh: dict[str, list[Point]] = {}
    for name, points in by_metric.items():
        identities = seen[summaries[name]["id"]]
        kept = []
        for point in points:
            identity = _identity(point)
            if identity not in identities:
                identities.add(identity)
                kept.append(point)
        if kept:
            fresh[name] = kept
    return fresh


def _collect_identities(
    connection: sa.Connection, query: sa.Select[Any], seen: dict[int, set[tuple[Any, ...]]]
) -> None:
    for row in connection.execute(query):
        value = "nan" if row.value is None else row.value
        seen[row.metric_id].add((row.step, row.timestamp, value))


def _mean(values: list[float]) -> float:
    """Return the mean of finite values, also when their sum exceeds the largest float."""
    try:
        return math.fsum(values) / len(values)
    except OverflowError:
        # Scaled by the largest magnitude, each term is at most 1, so the sum
        # is at most the count and the mean at most the largest magnitude.
        scale = max(abs(value) for value in values)
        return math.fsum(value / scale for value in values) / len(values) * scale


def _sum_of_squares(deviations: list[float]) -> float:
    """Return the sum of squared deviations, or inf when it exceeds the largest float."""
    try:
        return math.fsum(deviation * deviation for deviation in deviations)
    except OverflowError:
        return math.inf


def _merged_summary(summary: dict[str, Any], points: list[Point]) -> dict[str, Any]:
    """Merge new points into a summary row's statistics."""
    finite = [point.value for point in points if math.isfinite(point.value)]
    count = summary["count"] + len(points)
    values = {column: summary[column] for column in _SUMMARY_COLUMNS}
    values["count"] = count

    old_n = summary["finite_count"]
    if finite:
        batch_n = len(finite)
        batch_mean = _mean(finite)
        # Products overflow to inf instead of raising as ** does, so values
        # near the largest float give an infinite spread, not an error.
        batch_m2 = _sum_of_squares([value - batch_mean for value in finite])
        if old_n:
            total = old_n + batch_n
            delta = batch_mean - summary["avg"]
            # Weights below 1 keep the mean finite even when delta is not.
            mean = summary["avg"] * (old_n / total) + batch_mean * (batch_n / total)
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


@dataclass(frozen=True)
class MetricSeries:
    """The points of one metric as columns, in step order.

    Points without a step come first, ordered by time. Points with the same
    step are ordered by timestamp and then by the order in which they were
    stored. Every stored point is present, including repeated steps.

    Attributes
    ----------
    steps : numpy.ndarray of int64
        The step of each point, -1 where the point has none.
    timestamps : numpy.ndarray of float64
        Epoch seconds.
    values : numpy.ndarray of float64
        NaN and infinities as logged.
    """

    steps: np.ndarray
    timestamps: np.ndarray
    values: np.ndarray

    @classmethod
    def from_stored(cls, records: np.ndarray) -> MetricSeries:
        """Order records of ``point_blocks.NATIVE_DTYPE``, given in the order they were stored.

        The sort is stable, so points with the same step and timestamp keep
        the order in which they were stored. Steps of points without one are
        -1, which puts them first. Series logged in step order, the usual
        case, are recognised in one pass and not sorted.
        """
        steps, timestamps = records["step"], records["timestamp"]
        step_change = np.diff(steps)
        in_order = bool(
            ((step_change > 0) | ((step_change == 0) & (np.diff(timestamps) >= 0))).all()
        )
        if not in_order:
            records = records[np.lexsort((timestamps, steps))]
        return cls(records["step"], records["timestamp"], records["value"])

    def __len__(self) -> int:
        return int(self.values.size)

    def take(self, positions: np.ndarray) -> MetricSeries:
        """Return the points at ``positions``, in that order."""
        return MetricSeries(
            self.steps[positions], self.timestamps[positions], self.values[positions]
        )

    def in_time_order(self) -> MetricSeries:
        """Return the points ordered by timestamp; equal timestamps keep step order."""
        return self.take(np.argsort(self.timestamps, kind="stable"))

    def points(self) -> list[dict[str, Any]]:
        """Return the points in the client's shape: ``{"Step", "Timestamp", "Value"}``."""
        return [
            {"Step": None if step < 0 else step, "Timestamp": timestamp, "Value": value}
            for step, timestamp, value in zip(
                self.steps.tolist(), self.timestamps.tolist(), self.values.tolist(), strict=True
            )
        ]


def read_series(engine: sa.Engine, component_name: str, metric_name: str) -> MetricSeries:
    """Read all points of one metric of a trial component, in step order.

    Raises
    ------
    ResourceNotFound
        If the trial component or its metric does not exist.
    """
    with read_transaction(engine) as connection:
        row = _metric_row(connection, component_name, metric_name)
        return _read_columns(connection, int(row.id), row.count)


@dataclass(frozen=True)
class SeriesVersion:
    """The state of one metric's points, read from its summary row.

    Two versions are equal only while no point was added: points are only
    ever added, and every new point increases ``count``. The ids and the
    component's creation time tell a deleted and recreated component from
    the one before.
    """

    component_id: int
    component_creation_time: float
    metric_id: int
    count: int
    time_stamp: float | None
    last_step: int | None
    last_timestamp: float | None


def read_series_version(engine: sa.Engine, component_name: str, metric_name: str) -> SeriesVersion:
    """Read the version of one metric's points without reading any point.

    Raises
    ------
    ResourceNotFound
        If the trial component or its metric does not exist.
    """
    with read_transaction(engine) as connection:
        row = _metric_row(connection, component_name, metric_name)
    return SeriesVersion(
        component_id=row.component_id,
        component_creation_time=row.creation_time,
        metric_id=row.id,
        count=row.count,
        time_stamp=row.time_stamp,
        last_step=row.last_step,
        last_timestamp=row.last_timestamp,
    )


def _metric_row(connection: sa.Connection, component_name: str, metric_name: str) -> Any:
    """Return the summary row of a component's metric, with the component's id and creation time.

    Raises
    ------
    ResourceNotFound
        If the trial component or its metric does not exist.
    """
    if not isinstance(component_name, str) or not component_name:
        raise ResourceNotFound("TrialComponent", str(component_name), field="TrialComponentName")
    row = connection.execute(
        sa.select(
            metric_summaries.c.id,
            metric_summaries.c.count,
            metric_summaries.c.time_stamp,
            metric_summaries.c.last_step,
            metric_summaries.c.last_timestamp,
            trial_components.c.id.label("component_id"),
            trial_components.c.creation_time,
        )
        .join(trial_components, trial_components.c.id == metric_summaries.c.trial_component_id)
        .where(
            trial_components.c.name_key == component_name.lower(),
            metric_summaries.c.name == metric_name,
        )
    ).first()
    if row is not None:
        return row
    component_id = connection.execute(
        sa.select(trial_components.c.id).where(
            trial_components.c.name_key == component_name.lower()
        )
    ).scalar()
    if component_id is None:
        raise ResourceNotFound("TrialComponent", component_name, field="TrialComponentName")
    raise ResourceNotFound("Metric", metric_name, field="MetricName")


def _read_columns(connection: sa.Connection, metric_id: int, count: int) -> MetricSeries:
    records = point_blocks.read(connection, metric_id)
    if len(records) != count:
        # Written in part by a version before the blocks: read the rows.
        records = point_blocks.read_rows(connection, metric_id)
    return MetricSeries.from_stored(records)
