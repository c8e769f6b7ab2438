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

from .properties import Property, Resource, column_expression, resolve_property
from .schema import artifacts, metric_summaries, parameters, tags


@dataclass(frozen=True)
class Segment:
    """Rows of one value type: how to join them, their sort value and id."""

    source: sa.FromClause
    value: sa.ColumnElement[Any] | None
    row_id: sa.ColumnElement[int]
    condition: sa.ColumnElement[bool] | None


def sort_segments(resource: Resource, sort_by: str, *, scoped: bool = False) -> list[Segment]:
    """Build the segments of a sort by a property path.

    ``scoped`` is for queries limited to a small list of ids (the components
    of one trial, say). Walking a sort index over the whole table and
    skipping most rows would then cost far more than reading the few rows
    and sorting them, so the sort value and the name match are wrapped in a
    no-op ``coalesce(x, NULL)``, which no index covers. The database then
    starts from the ids and sorts what it found.
    """
    prop = resolve_property(resource, sort_by, "SortBy")
    table = resource.table
    if prop.kind == "column":
        column = column_expression(resource, prop)
        value = _unindexed(column) if scoped else column
        return [
            Segment(table, value, table.c.id, column.is_not(None)),
            Segment(table, None, table.c.id, column.is_(None)),
        ]
    if prop.kind in ("parameter", "metric", "artifact", "tag"):
        segments = _joined_segments(resource, prop, scoped)
        return segments
    raise_unsortable(prop)
    return []


def raise_unsortable(prop: Property) -> None:
    """Parents have several values per component, so they cannot be a sort key."""
    from ..exceptions import ValidationError

    raise ValidationError.invalid(
        "SortBy", prop.path, "must have one value per resource; Parents.* cannot be sorted by"
    )


def _unindexed(column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    return sa.func.coalesce(column, sa.null(), type_=column.type)


def _joined_segments(resource: Resource, prop: Property, scoped: bool) -> list[Segment]:
    table = resource.table
    wrap = _unindexed if scoped else (lambda column: column)
    present: list[Segment] = []
    if prop.kind == "parameter":
        keyed = parameters.c.trial_component_id
        match = sa.and_(keyed == table.c.id, wrap(parameters.c.name) == prop.name)
        source = parameters.join(table, match)
        number, text = parameters.c.number_value, parameters.c.string_value
        present = [
            Segment(source, wrap(number), keyed, number.is_not(None)),
            Segment(source, wrap(text), keyed, text.is_not(None)),
        ]
        missing = sa.select(sa.literal(1)).where(match)
    elif prop.kind == "metric":
        keyed = metric_summaries.c.trial_component_id
        column = metric_summaries.c[prop.statistic]
        match = sa.and_(
            keyed == table.c.id, wrap(metric_summaries.c.name) == prop.name, column.is_not(None)
        )
        present = [Segment(metric_summaries.join(table, match), wrap(column), keyed, None)]
        missing = sa.select(sa.literal(1)).where(match)
    elif prop.kind == "artifact":
        keyed = artifacts.c.trial_component_id
        column = artifacts.c[prop.field]
        match = sa.and_(
            keyed == table.c.id,
            artifacts.c.direction == prop.direction,
            wrap(artifacts.c.name) == prop.name,
            column.is_not(None),
        )
        present = [Segment(artifacts.join(table, match), wrap(column), keyed, None)]
        missing = sa.select(sa.literal(1)).where(match)
    else:
        keyed = tags.c.resource_id
        match = sa.and_(
            keyed == table.c.id,
            tags.c.resource_type == resource.kind,
            wrap(tags.c.key) == prop.name,
        )
        present = [Segment(tags.join(table, match), wrap(tags.c.value), keyed, None)]
        missing = sa.select(sa.literal(1)).where(match)
    return [*present, Segment(table, None, table.c.id, ~sa.exists(missing))]


def page_query(
    segment: Segment,
    where: sa.ColumnElement[bool] | None,
    descending: bool,
    after: tuple[Any, int] | None,
    limit: int,
) -> sa.Select[Any]:
    """Build the query for up to ``limit`` rows of one segment after a position."""
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
    scope_ids: sa.Select[Any] | None = None,
) -> tuple[list[int], tuple[int, Any, int] | None]:
    """Read one page of row ids; return them and the position after the page
    (None when no row follows). ``scope_ids``, a query of ids, limits the
    rows to those ids (the segments must have been built with ``scoped=True``)."""
    rows: list[tuple[int, Any, int]] = []
    first_segment = start[0] if start is not None else 0
    for index in range(first_segment, len(segments)):
        after = (start[1], start[2]) if start is not None and index == first_segment else None
        missing_rows = page_size + 1 - len(rows)
        query = page_query(segments[index], where, descending, after, missing_rows)
        if scope_ids is not None:
            query = query.where(segments[index].row_id.in_(scope_ids))
        for row in connection.execute(query):
            rows.append((index, row[1] if len(row) > 1 else None, row[0]))
        if len(rows) > page_size:
            break

    if len(rows) > page_size:
        last = rows[page_size - 1]
        return [row_id for _, _, row_id in rows[:page_size]], last
    return [row_id for _, _, row_id in rows], None
