"""Sorted, paged queries over experiments, trials and trial components.

A sort splits the rows into segments that follow each other in both
directions: numbers, then strings, then rows where the property is missing.
Inside a segment the direction applies, and ties are broken by the row id in
the same direction, so the order is total and identical on every walk.

Each segment is a separate query whose ORDER BY matches an index (for
example ``(name, max, trial_component_id)`` on metric summaries), so the
first page of 100,000 components sorted by a metric statistic reads about
one page of index entries instead of sorting every row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from .properties import Property, Resource, resolve_property
from .schema import artifacts, metric_summaries, parameters, tags


@dataclass(frozen=True)
class Segment:
    """Rows of one value type: how to join them, their sort value and id."""

    source: sa.FromClause
    value: sa.ColumnElement[Any] | None
    row_id: sa.ColumnElement[int]
    condition: sa.ColumnElement[bool] | None


def sort_segments(resource: Resource, sort_by: str) -> list[Segment]:
    """Build the segments of a sort by a property path."""
    prop = resolve_property(resource, sort_by, "SortBy")
    table = resource.table
    if prop.kind == "column":
        column = table.c["name" if prop.value_type == "name" else prop.column]
        return [
            Segment(table, column, table.c.id, column.is_not(None)),
            Segment(table, None, table.c.id, column.is_(None)),
        ]
    if prop.kind in ("parameter", "metric", "artifact", "tag"):
        return _joined_segments(resource, prop)
    raise_unsortable(prop)
    return []


def raise_unsortable(prop: Property) -> None:
    """Parents have several values per component, so they cannot be a sort key."""
    from ..exceptions import ValidationError

    raise ValidationError.invalid(
        "SortBy", prop.path, "must have one value per resource; Parents.* cannot be sorted by"
    )


def _joined_segments(resource: Resource, prop: Property) -> list[Segment]:
    table = resource.table
    present: list[Segment] = []
    if prop.kind == "parameter":
        keyed = parameters.c.trial_component_id
        match = sa.and_(keyed == table.c.id, parameters.c.name == prop.name)
        source = parameters.join(table, match)
        present = [
            Segment(
                source, parameters.c.number_value, keyed, parameters.c.number_value.is_not(None)
            ),
            Segment(
                source, parameters.c.string_value, keyed, parameters.c.string_value.is_not(None)
            ),
        ]
        missing = sa.select(sa.literal(1)).where(match)
    elif prop.kind == "metric":
        keyed = metric_summaries.c.trial_component_id
        column = metric_summaries.c[prop.statistic]
        match = sa.and_(
            keyed == table.c.id, metric_summaries.c.name == prop.name, column.is_not(None)
        )
        present = [Segment(metric_summaries.join(table, match), column, keyed, None)]
        missing = sa.select(sa.literal(1)).where(match)
    elif prop.kind == "artifact":
        keyed = artifacts.c.trial_component_id
        column = artifacts.c[prop.field]
        match = sa.and_(
            keyed == table.c.id,
            artifacts.c.direction == prop.direction,
            artifacts.c.name == prop.name,
            column.is_not(None),
        )
        present = [Segment(artifacts.join(table, match), column, keyed, None)]
        missing = sa.select(sa.literal(1)).where(match)
    else:
        keyed = tags.c.resource_id
        match = sa.and_(
            keyed == table.c.id, tags.c.resource_type == resource.kind, tags.c.key == prop.name
        )
        present = [Segment(tags.join(table, match), tags.c.value, keyed, None)]
        missing = sa.select(sa.literal(1)).where(match)
    return [*present, Segment(table, None, table.c.id, ~sa.exists(missing))]


def page_query(
    segment: Segment,
    where: sa.ColumnElement[bool] | None,
    descending: bool,
    after: tuple[Any, int] | None,
    limit: int,
) -> sa.Select[Any]:
    """The query for up to ``limit`` rows of one segment after a position."""
    value = segment.value
    columns: list[sa.ColumnElement[Any]] = [segment.row_id]
    if value is not None:
        columns.append(value)
    query = sa.select(*columns).select_from(segment.source)
    if segment.condition is not None:
        query = query.where(segment.condition)
    if where is not None:
        query = query.where(where)

    if after is not None:
        after_value, after_id = after
        if value is None:
            query = query.where(
                segment.row_id < after_id if descending else segment.row_id > after_id
            )
        else:
            key = sa.tuple_(value, segment.row_id)
            bound = sa.tuple_(sa.literal(after_value), sa.literal(after_id))
            query = query.where(key < bound if descending else key > bound)

    order = [value, segment.row_id] if value is not None else [segment.row_id]
    query = query.order_by(*(column.desc() if descending else column.asc() for column in order))
    return query.limit(limit)


def fetch_page(
    connection: sa.Connection,
    segments: list[Segment],
    where: sa.ColumnElement[bool] | None,
    descending: bool,
    start: tuple[int, Any, int] | None,
    page_size: int,
) -> tuple[list[int], tuple[int, Any, int] | None]:
    """Read one page of row ids; return them and the position after the page
    (None when no row follows)."""
    rows: list[tuple[int, Any, int]] = []
    first_segment = start[0] if start is not None else 0
    for index in range(first_segment, len(segments)):
        after = (start[1], start[2]) if start is not None and index == first_segment else None
        wanted = page_size + 1 - len(rows)
        query = page_query(segments[index], where, descending, after, wanted)
        for row in connection.execute(query):
            rows.append((index, row[1] if len(row) > 1 else None, row[0]))
        if len(rows) > page_size:
            break

    if len(rows) > page_size:
        last = rows[page_size - 1]
        return [row_id for _, _, row_id in rows[:page_size]], last
    return [row_id for _, _, row_id in rows], None
