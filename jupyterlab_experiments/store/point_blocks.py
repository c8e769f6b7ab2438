"""A packed copy of each metric's points, for reading whole series fast.

``metric_points`` has one row per point, which suits the duplicate check at
write time but not reading a long series. Building 100,000 row tuples takes
about 55 ms on SQLite, so a chart of 20 such series waited seconds for its
first draw. Every write therefore also appends its new points, as packed
24-byte records, to the metric's blocks of up to ``BLOCK_POINTS`` points.
Reading a series then fetches about a hundred blobs and hands them to NumPy
without any per-point work (about 3 ms for 100,000 points).

Only the last block of a metric can have fewer than ``BLOCK_POINTS`` points,
and new points go there first, so a metric logged a few points at a time
still has few, full blocks. Blocks keep the order in which points were
stored; readers sort by step and time themselves.

A process of a version before the blocks may still write points to a store
that a newer process has upgraded. Its points reach ``metric_points`` and the
summary's count but no block. Readers notice the lower count and read the
rows instead, and the next write of the metric by this version packs the
blocks again from the rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import sqlalchemy as sa

from .schema import metric_point_blocks, metric_points

log = logging.getLogger(__name__)

# Points per block. A full block is 24 KiB. Smaller blocks cost more rows to
# read; larger ones cost more to rewrite when a few points are appended.
BLOCK_POINTS = 1024

# The stored record: the step (-1 for a point without one), the timestamp in
# epoch seconds and the value, NaN included. Little-endian whatever the
# machine, so that a store file can move between machines.
STORED_DTYPE = np.dtype([("step", "<i8"), ("timestamp", "<f8"), ("value", "<f8")])
NATIVE_DTYPE = np.dtype([("step", np.int64), ("timestamp", np.float64), ("value", np.float64)])

_NO_STEP = -1

# The open block of each metric, the only one that can take more points.
_OPEN_BLOCKS = sa.select(
    metric_point_blocks.c.id,
    metric_point_blocks.c.metric_id,
    metric_point_blocks.c.points,
).where(
    metric_point_blocks.c.metric_id.in_(sa.bindparam("metric_ids", expanding=True)),
    metric_point_blocks.c.point_count < BLOCK_POINTS,
)
_UPDATE_BLOCK = (
    sa.update(metric_point_blocks)
    .where(metric_point_blocks.c.id == sa.bindparam("block_id"))
    .values(point_count=sa.bindparam("point_count"), points=sa.bindparam("points"))
)
_PACKED_COUNTS = (
    sa.select(metric_point_blocks.c.metric_id, sa.func.sum(metric_point_blocks.c.point_count))
    .where(metric_point_blocks.c.metric_id.in_(sa.bindparam("metric_ids", expanding=True)))
    .group_by(metric_point_blocks.c.metric_id)
)
_READ_ROWS = (
    sa.select(
        sa.func.coalesce(metric_points.c.step, _NO_STEP),
        metric_points.c.timestamp,
        metric_points.c.value,
    )
    .where(metric_points.c.metric_id == sa.bindparam("metric_id"))
    .order_by(metric_points.c.id)
)
_READ_BLOCKS = (
    sa.select(metric_point_blocks.c.points)
    .where(metric_point_blocks.c.metric_id == sa.bindparam("metric_id"))
    .order_by(metric_point_blocks.c.id)
)


def pack(rows: Iterable[tuple[int | None, float, float]]) -> np.ndarray:
    """Turn ``(step, timestamp, value)`` tuples into stored records.

    A step of None is stored as -1; a NaN value stays NaN.
    """
    records = [
        (_NO_STEP if step is None else step, timestamp, value) for step, timestamp, value in rows
    ]
    return np.array(records, dtype=STORED_DTYPE)


def append(
    connection: sa.Connection,
    new_points: Mapping[int, np.ndarray],
    stored_counts: Mapping[int, int],
) -> None:
    """Append stored records to the blocks of each metric, in the order given.

    Parameters
    ----------
    new_points : mapping of int to numpy.ndarray
        The records of ``STORED_DTYPE`` to add, by metric id. The caller has
        the write lock of these metrics, so no other writer appends at once.
    stored_counts : mapping of int to int
        The number of points each metric had before this write, from its
        summary. Blocks with fewer points are packed again from the rows,
        which already contain the new points.
    """
    metric_ids = [metric_id for metric_id, records in new_points.items() if records.size]
    if not metric_ids:
        return
    packed = dict(connection.execute(_PACKED_COUNTS, {"metric_ids": metric_ids}).all())
    behind = [
        metric_id
        for metric_id in metric_ids
        if packed.get(metric_id, 0) != stored_counts[metric_id]
    ]
    for metric_id in behind:
        log.warning(
            "Metric %s has %s points but %s of them are packed, because an older version "
            "wrote to the store; packing them again",
            metric_id,
            stored_counts[metric_id],
            packed.get(metric_id, 0),
        )
        _repack(connection, metric_id)
    metric_ids = [metric_id for metric_id in metric_ids if metric_id not in behind]
    if not metric_ids:
        return
    open_blocks = {
        row.metric_id: (row.id, row.points)
        for row in connection.execute(_OPEN_BLOCKS, {"metric_ids": metric_ids})
    }

    updates: list[dict[str, Any]] = []
    inserts: list[dict[str, Any]] = []
    for metric_id in metric_ids:
        records = new_points[metric_id].astype(STORED_DTYPE, copy=False)
        block_id, stored = open_blocks.get(metric_id, (None, b""))
        chunks = _split(bytes(stored) + records.tobytes())
        if block_id is not None:
            # The open block takes the first chunk; it never shrinks because
            # it already held fewer bytes than a chunk.
            count, data = chunks.pop(0)
            updates.append({"block_id": block_id, "point_count": count, "points": data})
        inserts += [
            {"metric_id": metric_id, "point_count": count, "points": data} for count, data in chunks
        ]

    if updates:
        connection.execute(_UPDATE_BLOCK, updates)
    if inserts:
        connection.execute(sa.insert(metric_point_blocks), inserts)


def _repack(connection: sa.Connection, metric_id: int) -> None:
    """Replace the blocks of a metric with blocks packed from its rows."""
    delete(connection, [metric_id])
    data = read_rows(connection, metric_id).astype(STORED_DTYPE).tobytes()
    connection.execute(
        sa.insert(metric_point_blocks),
        [
            {"metric_id": metric_id, "point_count": count, "points": chunk}
            for count, chunk in _split(data)
        ],
    )


def _split(data: bytes) -> list[tuple[int, bytes]]:
    """Cut packed records into blocks of at most ``BLOCK_POINTS`` points."""
    size = BLOCK_POINTS * STORED_DTYPE.itemsize
    return [
        (len(data[start : start + size]) // STORED_DTYPE.itemsize, data[start : start + size])
        for start in range(0, len(data), size)
    ]


def read(connection: sa.Connection, metric_id: int) -> np.ndarray:
    """Return every stored record of a metric, in the order they were stored.

    Returns
    -------
    numpy.ndarray
        A writable record array of ``NATIVE_DTYPE``.
    """
    blobs = connection.execute(_READ_BLOCKS, {"metric_id": metric_id}).scalars().all()
    packed = np.frombuffer(b"".join(bytes(blob) for blob in blobs), dtype=STORED_DTYPE)
    return packed.astype(NATIVE_DTYPE)


def read_rows(connection: sa.Connection, metric_id: int) -> np.ndarray:
    """Return every point of a metric from its rows, in the order they were stored.

    This is the slow path, for blocks that lack points; see the module's notes.
    """
    rows = connection.execute(_READ_ROWS, {"metric_id": metric_id}).all()
    # Both databases store NaN as NULL.
    return np.array(
        [(step, timestamp, np.nan if value is None else value) for step, timestamp, value in rows],
        dtype=NATIVE_DTYPE,
    )


def delete(connection: sa.Connection, metric_ids: sa.Select[Any] | Sequence[int]) -> None:
    """Delete the blocks of the given metrics (a list of ids or a subquery of them)."""
    connection.execute(
        sa.delete(metric_point_blocks).where(metric_point_blocks.c.metric_id.in_(metric_ids))
    )
