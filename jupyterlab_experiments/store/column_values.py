"""Distinct column names and values over the trial components of a scope.

The trial component table offers a column for every parameter, metric and
artifact name in its scope, and a value picker for filters. Both read
indexes instead of every row where they can:

* without a scope, or with a large one, names come from a loose index scan.
  Each step of a recursive query selects the first name after the previous
  one, so 100,000 components with the same five parameter names cost about
  six index seeks, not 500,000 rows;
* a scope of at most ``SMALL_SCOPE_MAX`` components is read through the
  primary keys of those components.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from .._limits import STATUSES
from ..exceptions import ValidationError
from .derived import COMPONENT_TYPES
from .properties import TRIAL_COMPONENT, Property, column_expression, resolve_property
from .schema import (
    artifacts,
    experiments,
    metric_summaries,
    parameters,
    trial_component_links,
    trial_components,
    trials,
)
from .scope import ResolvedScope

VALUES_MAX = 1000

_Condition = Callable[[sa.ColumnElement[int]], sa.ColumnElement[bool]]
_VALUE_PROPERTIES = (
    "Status.PrimaryStatus, Type, Parameters.<name>, Parents.TrialName, "
    "Parents.ExperimentName, TrialComponentName or DisplayName"
)


def distinct_names(connection: sa.Connection, scope: ResolvedScope | None) -> dict[str, list[str]]:
    """Return the sorted parameter, metric and artifact names of the components in scope."""
    found = {
        "parameters": _distinct_names(connection, parameters, scope),
        "metrics": _distinct_names(connection, metric_summaries, scope),
        "input_artifacts": [],
        "output_artifacts": [],
    }
    for name, has_input, has_output in _artifact_names(connection, scope):
        if has_input:
            found["input_artifacts"].append(name)
        if has_output:
            found["output_artifacts"].append(name)
    return found


def _membership(scope: ResolvedScope | None) -> _Condition | None:
    return None if scope is None else scope.contains


def _distinct_names(
    connection: sa.Connection, table: sa.Table, scope: ResolvedScope | None
) -> list[str]:
    if scope is not None and scope.few_ids is not None:
        query = (
            sa.select(table.c.name)
            .where(scope.contains(table.c.trial_component_id))
            .distinct()
            .order_by(table.c.name)
        )
        return list(connection.execute(query).scalars())
    names = _loose_index_scan(table, _membership(scope))
    return list(connection.execute(sa.select(names.c.value).order_by(names.c.value)).scalars())


def _loose_index_scan(
    table: sa.Table,
    contains: _Condition | None,
    column: str = "name",
    fixed: Callable[[sa.FromClause], sa.ColumnElement[bool]] | None = None,
    limit: int | None = None,
) -> sa.CTE:
    """Return a query of the distinct non-null values of ``column``, named
    ``value``, that costs one index seek per value.

    Each step of a recursive query selects the smallest value after the
    previous one, so ``column`` must follow the columns that ``fixed``
    compares for equality in an index (``name`` alone, or ``name`` then
    ``number_value`` for parameters). With ``limit``, the recursion stops
    after the ``limit`` smallest values.
    """

    def first_after(previous: sa.ColumnElement[Any] | None) -> sa.ScalarSelect[Any]:
        rows = table.alias()
        value = rows.c[column]
        query = sa.select(value).where(value.is_not(None))
        if previous is not None:
            query = query.where(value > previous)
        if fixed is not None:
            query = query.where(fixed(rows))
        if contains is not None:
            query = query.where(contains(rows.c.trial_component_id))
        return query.order_by(value).limit(1).scalar_subquery()

    values = sa.select(first_after(None).label("value"), sa.literal(1).label("depth")).cte(
        "scanned", recursive=True
    )
    step = sa.select(first_after(values.c.value), values.c.depth + 1).where(
        values.c.value.is_not(None)
    )
    if limit is not None:
        step = step.where(values.c.depth < limit)
    values = values.union_all(step)
    return sa.select(values.c.value).where(values.c.value.is_not(None)).cte("found")


def _artifact_names(
    connection: sa.Connection, scope: ResolvedScope | None
) -> list[tuple[str, bool, bool]]:
    """Return (name, has an input artifact, has an output artifact) per
    artifact name in scope, sorted by name.

    Each direction is one probe of the ``(name, direction)`` index per name,
    which stops at the first matching artifact.
    """
    contains = _membership(scope)
    if scope is not None and scope.few_ids is not None:
        query = (
            sa.select(artifacts.c.name, artifacts.c.direction)
            .where(scope.contains(artifacts.c.trial_component_id))
            .distinct()
        )
        pairs = {(name, direction) for name, direction in connection.execute(query).all()}
        return [
            (name, (name, "input") in pairs, (name, "output") in pairs)
            for name in sorted({name for name, _ in pairs})
        ]

    names = _loose_index_scan(artifacts, contains)

    def has(direction: str) -> sa.Exists:
        rows = artifacts.alias()
        query = sa.select(sa.literal(1)).where(
            rows.c.name == names.c.value, rows.c.direction == direction
        )
        if contains is not None:
            query = query.where(contains(rows.c.trial_component_id))
        return sa.exists(query)

    flags = sa.select(names.c.value, has("input"), has("output")).order_by(names.c.value)
    return [
        (name, bool(has_input), bool(has_output))
        for name, has_input, has_output in connection.execute(flags).all()
    ]


def distinct_values(
    connection: sa.Connection,
    scope: ResolvedScope | None,
    path: str,
    search: str | None,
    limit: int,
) -> tuple[list[Any], bool]:
    """Return up to ``limit`` distinct values of a property in scope, and
    whether more exist.

    Numbers come first in ascending order, then text in code point order;
    names are sorted regardless of letter case. ``search`` keeps values that
    contain it regardless of letter case; numbers are matched in the text
    form of :func:`number_text`.

    Raises
    ------
    ValidationError
        If the property is not one that the value picker supports.
    """
    prop = resolve_property(TRIAL_COMPONENT, path, "property")
    contains = _membership(scope)
    if prop.kind == "parameter":
        return _parameter_values(connection, prop.name, contains, search, limit)
    if prop.kind in ("parent_trial", "parent_experiment"):
        return _parent_names(connection, prop.kind, contains, search, limit)
    if prop.kind == "column" and prop.column in ("name", "display_name", "status", "type"):
        return _column_values(connection, prop, contains, search, limit)
    raise ValidationError.invalid("property", path, f"must be {_VALUE_PROPERTIES}")


def number_text(value: float) -> str:
    """Return the text that searches match a number against: ``32`` for
    32.0, ``0.001``, ``1e-05``, ``NaN``, ``Infinity`` and ``-Infinity``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _limited(values: list[Any], limit: int) -> tuple[list[Any], bool]:
    return values[:limit], len(values) > limit


def _column_values(
    connection: sa.Connection,
    prop: Property,
    contains: _Condition | None,
    search: str | None,
    limit: int,
) -> tuple[list[Any], bool]:
    table = trial_components
    if prop.column in ("status", "type"):
        choices = STATUSES if prop.column == "status" else COMPONENT_TYPES
        return _choices_present(connection, prop, choices, contains, search, limit)

    value = table.c.name if prop.column == "name" else table.c.display_name
    query = sa.select(value).where(value.is_not(None))
    if contains is not None:
        query = query.where(contains(table.c.id))
    if search:
        query = query.where(value.icontains(search, autoescape=True))
    if prop.column == "name":
        # Names are unique, so no DISTINCT; ordering by the key uses its index.
        query = query.order_by(table.c.name_key)
    else:
        query = query.distinct().order_by(value)
    return _limited(list(connection.execute(query.limit(limit + 1)).scalars()), limit)


def _choices_present(
    connection: sa.Connection,
    prop: Property,
    choices: tuple[str, ...],
    contains: _Condition | None,
    search: str | None,
    limit: int,
) -> tuple[list[Any], bool]:
    """Return which of the few possible values of Status or Type occur in scope.

    One EXISTS per value stops at its first match, where a DISTINCT would
    read every component.
    """
    if search:
        choices = tuple(choice for choice in choices if search.lower() in choice.lower())
    if not choices:
        return [], False
    value = column_expression(TRIAL_COMPONENT, prop)
    checks = []
    for choice in choices:
        query = sa.select(sa.literal(1)).where(value == choice)
        if contains is not None:
            query = query.where(contains(trial_components.c.id))
        checks.append(sa.exists(query))
    present = connection.execute(sa.select(*checks)).one()
    found = [choice for choice, exists in zip(choices, present, strict=True) if exists]
    return _limited(sorted(found), limit)


def _parameter_values(
    connection: sa.Connection,
    name: str,
    contains: _Condition | None,
    search: str | None,
    limit: int,
) -> tuple[list[Any], bool]:
    number = parameters.c.number_value
    values: list[Any] = []
    if search:
        # Numbers are matched in Python, because each database writes
        # doubles as text in its own way. The distinct numbers come in index
        # order, and reading stops once enough have matched.
        query = sa.select(number).where(parameters.c.name == name, number.is_not(None))
        if contains is not None:
            query = query.where(contains(parameters.c.trial_component_id))
        needle = search.lower()
        result = connection.execute(query.distinct().order_by(number))
        for found in result.scalars():
            if needle in number_text(found).lower():
                values.append(found)
                if len(values) > limit:
                    result.close()
                    return _limited(values, limit)
    else:
        numbers = _loose_index_scan(
            parameters,
            contains,
            column="number_value",
            fixed=lambda rows: rows.c.name == name,
            limit=limit + 1,
        )
        query = sa.select(numbers.c.value).order_by(numbers.c.value)
        values = list(connection.execute(query).scalars())
        if len(values) > limit:
            return _limited(values, limit)

    # A string parameter has no number, so its rows are one range of the
    # (name, number_value) index. No index orders the strings themselves, so
    # this reads every string value of the parameter in scope.
    text = parameters.c.string_value
    texts_query = sa.select(text).where(
        parameters.c.name == name, number.is_(None), text.is_not(None)
    )
    if contains is not None:
        texts_query = texts_query.where(contains(parameters.c.trial_component_id))
    if search:
        texts_query = texts_query.where(text.icontains(search, autoescape=True))
    texts_query = texts_query.distinct().order_by(text).limit(limit + 1 - len(values))
    values += connection.execute(texts_query).scalars()
    return _limited(values, limit)


def _parent_names(
    connection: sa.Connection,
    kind: str,
    contains: _Condition | None,
    search: str | None,
    limit: int,
) -> tuple[list[Any], bool]:
    links = trial_component_links
    if kind == "parent_trial":
        table = trials
        members = sa.select(sa.literal(1)).where(links.c.trial_id == trials.c.id)
    else:
        table = experiments
        members = (
            sa.select(sa.literal(1))
            .select_from(links.join(trials, trials.c.id == links.c.trial_id))
            .where(trials.c.experiment_id == experiments.c.id)
        )
    if contains is not None:
        members = members.where(contains(links.c.trial_component_id))
    query = sa.select(table.c.name).where(sa.exists(members))
    if search:
        query = query.where(table.c.name_key.contains(search.lower(), autoescape=True))
    query = query.order_by(table.c.name_key).limit(limit + 1)
    return _limited(list(connection.execute(query).scalars()), limit)
