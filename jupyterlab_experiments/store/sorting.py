"""Sorted, paged queries over experiments, trials and trial components.

A sort splits the rows into segments that follow each other in both
directions: numbers, then strings, then rows where the property is missing.
Inside a segment the direction applies, and ties are broken by the
lower-cased name (unique, like names themselves) in the same direction, so
the order is total and identical on every walk.

Each segment is a separate query whose ORDER BY starts like an index (for
example ``(name, max, trial_component_id)`` on metric summaries), so the
first page of 100,000 components sorted by a metric statistic reads about
one page of index entries; the database only sorts runs of tied values by
name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from .properties import Property, Resource, column_expression, resolve_property
from .schema import artifacts, metric_summaries, parameters, tags


@dataclass(frozen=True)
class Segment:
    """Rows of one value type: how to join them, their sort value, id and
    tiebreaker (the lower-cased name of the searched resource)."""

    source: sa.FromClause
    value: sa.ColumnElement[Any] | None
    row_id: sa.ColumnElement[int]
    condition: sa.ColumnElement[bool] | None
    tie: sa.ColumnElement[str]


def sort_segments(resource: Resource, sort_by: str, *, scoped: bool = False) -> list[Segment]:
    """Build the segments of a sort by a property path.

    ``scoped`` is for queries limited to a small list of ids (the components
    of one trial, say). Walking a sort index over the whole table and
    skipping most rows would then cost far more than reading the few rows
    and sorting them, so the sort value, the tiebreaker and the name match
    are wrapped in a no-op ``coalesce(x, NULL)``, which no index covers. The
    database then starts from the ids and sorts what it found.
    """
    prop = resolve_property(resource, sort_by, "SortBy")
    table = resource.table
    tie = _unindexed(table.c.name_key) if scoped else table.c.name_key
    if prop.kind == "column":
        column = column_expression(resource, prop)
        value = _unindexed(column) if scoped else column
        return [
            Segment(table, value, table.c.id, column.is_not(None), tie),
            Segment(table, None, table.c.id, column.is_(None), tie),
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
    tie = wrap(table.c.name_key)
    present: list[Segment] = []
    if prop.kind == "parameter":
        keyed = parameters.c.trial_component_id
        match = sa.and_(keyed == table.c.id, wrap(parameters.c.name) == prop.name)
        source = parameters.join(table, match)
        number, text = parameters.c.number_value, parameters.c.string_value
        present = [
            Segment(source, wrap(number), keyed, number.is_not(None), tie),
            Segment(source, wrap(text), keyed, text.is_not(None), tie),
        ]
        missing = sa.select(sa.literal(1)).where(match)
    elif prop.kind == "metric":
        keyed = metric_summaries.c.trial_component_id
        column = metric_summaries.c[prop.statistic]
        match = sa.and_(
            keyed == table.c.id, wrap(metric_summaries.c.name) == prop.name, column.is_not(None)
        )
        present = [Segment(metric_summaries.join(table, match), wrap(column), keyed, None, tie)]
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
        present = [Segment(artifacts.join(table, match), wrap(column), keyed, None, tie)]
        missing = sa.select(sa.literal(1)).where(match)
    else:
        keyed = tags.c.resource_id
        match = sa.and_(
            keyed == table.c.id,
            tags.c.resource_type == resource.kind,
            wrap(tags.c.key) == prop.name,
        )
        present = [Segment(tags.join(table, match), wrap(tags.c.value), keyed, None, tie)]
        missing = sa.select(sa.literal(1)).where(match)
    return [*present, Segment(table, None, table.c.id, ~sa.exists(missing), tie)]


def page_query(
    segment: Segment,
    where: sa.ColumnElement[bool] | None,
    descending: bool,
    after: tuple[Any, str] | None,
    limit: int,
) -> sa.Select[Any]:
    """Build the query for up to ``limit`` rows of one segment after a position.

    ``after`` is the (sort value, tiebreaker) of the last row already read.
    """
    value = segment.value
    columns: list[sa.ColumnElement[Any]] = [segment.row_id, segment.tie]
    if value is not None:
        columns.append(value)
    query = sa.select(*columns).select_from(segment.source)
    if segment.condition is not None:
        query = query.where(segment.condition)
    if where is not None:
        query = query.where(where)

    if after is not None:
        after_value, after_tie = after
        tie_bound = sa.literal(after_tie)
        if value is None:
            query = query.where(segment.tie < tie_bound if descending else segment.tie > tie_bound)
        else:
            key = sa.tuple_(value, segment.tie)
            value_bound = sa.literal(after_value)
            bound = sa.tuple_(value_bound, tie_bound)
            # The row value comparison spans two tables, so no index serves
            # it. The redundant condition on the value alone lets both
            # databases start the index range at the position.
            if descending:
                query = query.where(key < bound, value <= value_bound)
            else:
                query = query.where(key > bound, value >= value_bound)

    order = [value, segment.tie] if value is not None else [segment.tie]
    query = query.order_by(*(column.desc() if descending else column.asc() for column in order))
    return query.limit(limit)


def fetch_page(
    connection: sa.Connection,
    segments: list[Segment],
    where: sa.ColumnElement[bool] | None,
    descending: bool,
    start: tuple[int, Any, str] | None,
    page_size: int,
) -> tuple[list[int], tuple[int, Any, str] | None]:
    """Read one page of row ids; return them and the position after the page.

    The position is (segment index, sort value, tiebreaker) of the page's
    last row, or None when no row follows.
    """
    rows: list[tuple[int, Any, str, int]] = []
    first_segment = start[0] if start is not None else 0
    for index in range(first_segment, len(segments)):
        after = (start[1], start[2]) if start is not None and index == first_segment else None
        missing_rows = page_size + 1 - len(rows)
        query = page_query(segments[index], where, descending, after, missing_rows)
        for row in connection.execute(query):
            value = row[2] if len(row) > 2 else None
            rows.append((index, value, row[1], row[0]))
        if len(rows) > page_size:
            break

    ids = [row_id for _, _, _, row_id in rows[:page_size]]
    if len(rows) > page_size:
        index, value, tie, _ = rows[page_size - 1]
        return ids, (index, value, tie)
    return ids, None
