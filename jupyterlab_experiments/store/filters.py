"""Compile SageMaker search expressions to SQL conditions.

A search expression is ``{"Filters": [...], "NestedFilters": [...],
"SubExpressions": [...], "Operator": "And" | "Or"}``. Each filter becomes a
condition on the searched table; conditions on parameters, metrics,
artifacts, tags and parents are ``EXISTS`` subqueries, so a component matches
at most once however many rows it has in those tables.

Rules that SageMaker leaves open, fixed here:

* operators match regardless of case; a filter with a value and no operator
  means ``Equals``;
* ``NotEquals`` also matches components where the property is missing;
* names of experiments, trials and trial components compare regardless of
  case, like their uniqueness; other text compares exactly, except
  ``Contains``, which ignores case;
* a parameter filter with a numeric value matches a number parameter
  numerically, or a string parameter with exactly that text;
* a filter has no other keys than ``Name``, ``Operator`` and ``Value``, and
  a nested filter none other than ``NestedPropertyName`` and ``Filters``;
* a number must fit a double and must not be NaN, and text must be storable
  (no NUL character, no unpaired surrogate), so that both stores reject the
  same filters instead of failing in the driver.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from .._limits import check_text
from .._time import to_epoch
from ..exceptions import ValidationError
from .derived import COMPONENT_TYPES
from .properties import PROPERTY_PATH_MAX, Property, Resource, column_expression, resolve_property
from .schema import artifacts as artifacts_table
from .schema import (
    experiments,
    trial_component_links,
    trial_components,
    trials,
)
from .schema import metric_summaries as summaries_table
from .schema import parameters as parameters_table
from .schema import tags as tags_table

OPERATORS = {
    name.lower(): name
    for name in (
        "Equals",
        "NotEquals",
        "GreaterThan",
        "GreaterThanOrEqualTo",
        "LessThan",
        "LessThanOrEqualTo",
        "Contains",
        "Exists",
        "NotExists",
        "In",
    )
}
_ORDERING = {
    "GreaterThan": lambda column, value: column > value,
    "GreaterThanOrEqualTo": lambda column, value: column >= value,
    "LessThan": lambda column, value: column < value,
    "LessThanOrEqualTo": lambda column, value: column <= value,
}
FILTERS_PER_LIST = 20
FILTERS_TOTAL = 50
VALUE_MAX = 1024
_FILTER_KEYS = ("Name", "Operator", "Value")
_NESTED_FILTER_KEYS = ("NestedPropertyName", "Filters")
# Largest magnitude of a double; a larger integer has no float value.
_DOUBLE_MAX = 1.7976931348623157e308
_DOUBLE_RULE = "must fit a double-precision float (about 1.8e308)"


def compile_expression(resource: Resource, expression: Any) -> sa.ColumnElement[bool] | None:
    """Return the SQL condition of a search expression (None when empty)."""
    if expression is None or expression == {}:
        return None
    counter = [0]
    return _compile(resource, expression, "SearchExpression", counter)


def _compile(
    resource: Resource, expression: Any, field: str, counter: list[int]
) -> sa.ColumnElement[bool]:
    if not isinstance(expression, dict):
        raise ValidationError.invalid(field, expression, "must be a dict (a SearchExpression)")
    unknown = set(expression) - {"Filters", "NestedFilters", "SubExpressions", "Operator"}
    if unknown:
        raise ValidationError.invalid(
            field,
            sorted(unknown),
            "unknown keys; use Filters, NestedFilters, SubExpressions and Operator",
        )
    conditions: list[sa.ColumnElement[bool]] = []
    for index, item in enumerate(_list_of(expression, "Filters", field, counter)):
        conditions.append(compile_filter(resource, item, f"{field}.Filters[{index}]"))
    for index, item in enumerate(_list_of(expression, "NestedFilters", field, counter)):
        conditions.append(_compile_nested(resource, item, f"{field}.NestedFilters[{index}]"))
    for index, item in enumerate(_list_of(expression, "SubExpressions", field, counter)):
        conditions.append(_compile(resource, item, f"{field}.SubExpressions[{index}]", counter))
    if not conditions:
        raise ValidationError.invalid(
            field, expression, "must have at least one filter, nested filter or sub-expression"
        )

    operator = expression.get("Operator", "And")
    if not isinstance(operator, str) or operator.lower() not in ("and", "or"):
        raise ValidationError.invalid(f"{field}.Operator", operator, "must be And or Or")
    return sa.and_(*conditions) if operator.lower() == "and" else sa.or_(*conditions)


def _list_of(expression: dict[str, Any], key: str, field: str, counter: list[int]) -> list[Any]:
    items = expression.get(key)
    if items is None:
        return []
    if not isinstance(items, (list, tuple)):
        raise ValidationError.invalid(f"{field}.{key}", items, "must be a list")
    if len(items) > FILTERS_PER_LIST:
        raise ValidationError.invalid(
            f"{field}.{key}", f"{len(items)} items", f"at most {FILTERS_PER_LIST} items per list"
        )
    counter[0] += len(items)
    if counter[0] > FILTERS_TOTAL:
        raise ValidationError.invalid(
            field,
            f"{counter[0]} filters",
            f"at most {FILTERS_TOTAL} filters, nested filters and sub-expressions in total",
        )
    return list(items)


def parse_filter(item: Any, field: str) -> tuple[Any, str, Any]:
    """Check a filter dict and return (property path, operator, value)."""
    if not isinstance(item, dict) or "Name" not in item:
        raise ValidationError.invalid(
            field, item, 'must be a dict with "Name", "Operator", "Value"'
        )
    _reject_unknown_keys(item, _FILTER_KEYS, field)
    path = item["Name"]
    if isinstance(path, str):
        check_text(f"{field}.Name", path, PROPERTY_PATH_MAX, min_length=1)
    operator_text = item.get("Operator")
    if operator_text is None:
        operator_text = "Equals"
    if not isinstance(operator_text, str) or operator_text.lower() not in OPERATORS:
        raise ValidationError.invalid(
            f"{field}.Operator", operator_text, "must be one of " + ", ".join(OPERATORS.values())
        )
    operator = OPERATORS[operator_text.lower()]
    if operator in ("Exists", "NotExists"):
        return path, operator, None
    return path, operator, _check_value(item.get("Value"), operator, f"{field}.Value")


def _reject_unknown_keys(item: dict[str, Any], known: tuple[str, ...], field: str) -> None:
    # SageMaker's API rejects unknown members; ignoring one would hide a typo
    # such as "value" and widen the search without notice.
    unknown = set(item) - set(known)
    if unknown:
        raise ValidationError.invalid(
            field,
            sorted(unknown, key=str),
            f"unknown keys; use {', '.join(known[:-1])} and {known[-1]}",
        )


def _check_value(value: Any, operator: str, field: str) -> str | int | float:
    if value is None:
        raise ValidationError.invalid(field, value, f"is required with {operator}")
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValidationError.invalid(field, value, "must be text or a number")
    if isinstance(value, str):
        return check_text(field, value, VALUE_MAX, min_length=1)
    if isinstance(value, int) and abs(value) > _DOUBLE_MAX:
        raise ValidationError.invalid(field, value, _DOUBLE_RULE)
    if isinstance(value, float) and math.isnan(value):
        raise ValidationError.invalid(field, value, "must be a number other than NaN")
    return value


def compile_filter(resource: Resource, item: Any, field: str) -> sa.ColumnElement[bool]:
    """Compile one filter to a condition on ``resource.table``."""
    path, operator, value = parse_filter(item, field)
    prop = resolve_property(resource, path, f"{field}.Name")
    compiler = _COMPILERS[prop.kind]
    return compiler(resource, prop, operator, value, field)


def _compile_nested(resource: Resource, item: Any, field: str) -> sa.ColumnElement[bool]:
    """Nested filters on ``Parents``: one parent must satisfy every filter."""
    if not isinstance(item, dict):
        raise ValidationError.invalid(field, item, 'must be {"NestedPropertyName", "Filters"}')
    _reject_unknown_keys(item, _NESTED_FILTER_KEYS, field)
    nested = item.get("NestedPropertyName")
    if (
        resource.kind != "trial_component"
        or not isinstance(nested, str)
        or nested.lower() != "parents"
    ):
        raise ValidationError.invalid(
            f"{field}.NestedPropertyName",
            nested,
            "only Parents is supported, on trial components",
        )
    filters = item.get("Filters")
    if not isinstance(filters, list) or not filters:
        raise ValidationError.invalid(f"{field}.Filters", filters, "must be a non-empty list")

    conditions = []
    for index, entry in enumerate(filters):
        entry_field = f"{field}.Filters[{index}]"
        path, operator, value = parse_filter(entry, entry_field)
        prop = resolve_property(resource, path, f"{entry_field}.Name")
        if prop.kind == "parent_trial":
            conditions.append(
                _text_condition(trials.c.name_key, operator, _lower(value), entry_field)
            )
        elif prop.kind == "parent_experiment":
            conditions.append(
                _text_condition(experiments.c.name_key, operator, _lower(value), entry_field)
            )
        else:
            raise ValidationError.invalid(
                f"{entry_field}.Name", path, "must be Parents.TrialName or Parents.ExperimentName"
            )
    return sa.exists(_parents_query(resource).where(*conditions))


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _parents_query(resource: Resource) -> sa.Select[Any]:
    return (
        sa.select(sa.literal(1))
        .select_from(
            trial_component_links.join(
                trials, trials.c.id == trial_component_links.c.trial_id
            ).join(experiments, experiments.c.id == trials.c.experiment_id)
        )
        .where(trial_component_links.c.trial_component_id == resource.table.c.id)
    )


def _text_condition(
    column: sa.ColumnElement[Any], operator: str, value: Any, field: str
) -> sa.ColumnElement[bool]:
    text = str(value) if value is not None else None
    if operator == "Equals":
        return column == text
    if operator == "NotEquals":
        return sa.or_(column != text, column.is_(None))
    if operator == "Contains":
        return column.icontains(text, autoescape=True)
    if operator == "In":
        return column.in_(_split_in(text, field))
    if operator == "Exists":
        return column.is_not(None)
    if operator == "NotExists":
        return column.is_(None)
    raise ValidationError.invalid(
        f"{field}.Operator", operator, "comparisons such as GreaterThan apply to numbers and times"
    )


def _split_in(text: str | None, field: str) -> list[str]:
    items = [part.strip() for part in (text or "").split(",") if part.strip()]
    if not items:
        raise ValidationError.invalid(f"{field}.Value", text, "In needs a comma-separated list")
    return items


def _number(value: Any, field: str) -> float:
    # parse_filter has checked that a number fits a double, and text parses
    # to infinity at worst. NaN is rejected because the stores order it
    # differently: SQLite reads it as NULL, PostgreSQL as the largest number.
    try:
        number = float(value)
    except ValueError:
        raise ValidationError.invalid(f"{field}.Value", value, "must be a number") from None
    if math.isnan(number):
        raise ValidationError.invalid(f"{field}.Value", value, "must be a number other than NaN")
    return number


def _number_condition(
    column: sa.ColumnElement[Any], operator: str, value: Any, field: str, *, is_time: bool
) -> sa.ColumnElement[bool]:
    if operator == "Exists":
        return column.is_not(None)
    if operator == "NotExists":
        return column.is_(None)
    if operator in ("Contains", "In"):
        raise ValidationError.invalid(
            f"{field}.Operator", operator, "Contains and In apply to text properties"
        )
    number = to_epoch(value, f"{field}.Value") if is_time else _number(value, field)
    if operator == "Equals":
        return column == number
    if operator == "NotEquals":
        return sa.or_(column != number, column.is_(None))
    condition: sa.ColumnElement[bool] = _ORDERING[operator](column, number)
    return condition


def _column(
    resource: Resource, prop: Property, operator: str, value: Any, field: str
) -> sa.ColumnElement[bool]:
    column = column_expression(resource, prop)
    if prop.value_type == "name":
        return _text_condition(resource.table.c.name_key, operator, _lower(value), field)
    if prop.value_type == "time":
        return _number_condition(column, operator, value, field, is_time=True)
    if prop.value_type == "number":
        return _number_condition(column, operator, value, field, is_time=False)
    if prop.value_type == "choice":
        return _choice_condition(column, operator, value, field)
    return _text_condition(column, operator, value, field)


def _choice_condition(
    column: sa.ColumnElement[Any], operator: str, value: Any, field: str
) -> sa.ColumnElement[bool]:
    """Compare ``Type``, which every component has, with known values only,
    so that a misspelt type is an error instead of an empty result."""
    if operator not in ("Equals", "NotEquals", "In"):
        raise ValidationError.invalid(
            f"{field}.Operator", operator, "Type supports Equals, NotEquals and In"
        )
    items = _split_in(str(value), field) if operator == "In" else [str(value).strip()]
    choices = [item.lower() for item in items]
    for item, choice in zip(items, choices, strict=True):
        if choice not in COMPONENT_TYPES:
            raise ValidationError.invalid(
                f"{field}.Value", item, "must be one of " + ", ".join(COMPONENT_TYPES)
            )
    if operator == "Equals":
        return column == choices[0]
    if operator == "NotEquals":
        return column != choices[0]
    return column.in_(choices)


def _exists_or_not(
    operator: str, query: sa.Select[Any], condition: sa.ColumnElement[bool] | None
) -> sa.ColumnElement[bool]:
    """Positive operators need a matching row; NotEquals and NotExists need none."""
    if operator == "Exists":
        return sa.exists(query)
    if operator == "NotExists":
        return ~sa.exists(query)
    assert condition is not None
    if operator == "NotEquals":
        return ~sa.exists(query.where(condition))
    return sa.exists(query.where(condition))


def _positive(operator: str) -> str:
    return "Equals" if operator == "NotEquals" else operator


def _parameter(
    resource: Resource, prop: Property, operator: str, value: Any, field: str
) -> sa.ColumnElement[bool]:
    # Subqueries use aliases so that they stay correlated to the searched
    # table even when the sort joins the same table in the outer query.
    parameters = parameters_table.alias()
    query = sa.select(sa.literal(1)).where(
        parameters.c.trial_component_id == resource.table.c.id, parameters.c.name == prop.name
    )
    if operator in ("Exists", "NotExists"):
        return _exists_or_not(operator, query, None)
    positive = _positive(operator)
    condition: sa.ColumnElement[bool]
    if positive in _ORDERING:
        condition = _ORDERING[positive](parameters.c.number_value, _number(value, field))
    elif positive == "Equals":
        condition = parameters.c.string_value == str(value)
        number = _maybe_number(value)
        if number is not None:
            condition = sa.or_(parameters.c.number_value == number, condition)
    elif positive == "In":
        items = _split_in(str(value), field)
        numbers = [n for n in (_maybe_number(item) for item in items) if n is not None]
        condition = sa.or_(
            parameters.c.string_value.in_(items), parameters.c.number_value.in_(numbers)
        )
    else:
        condition = parameters.c.string_value.icontains(str(value), autoescape=True)
    return _exists_or_not(operator, query, condition)


def _maybe_number(value: Any) -> float | None:
    # Stored parameter numbers are finite, so NaN can match none of them.
    try:
        number = float(value)
    except ValueError:
        return None
    return None if math.isnan(number) else number


def _metric(
    resource: Resource, prop: Property, operator: str, value: Any, field: str
) -> sa.ColumnElement[bool]:
    metric_summaries = summaries_table.alias()
    column = metric_summaries.c[prop.statistic]
    query = sa.select(sa.literal(1)).where(
        metric_summaries.c.trial_component_id == resource.table.c.id,
        metric_summaries.c.name == prop.name,
        column.is_not(None),
    )
    if operator in ("Exists", "NotExists"):
        return _exists_or_not(operator, query, None)
    if operator in ("Contains", "In"):
        raise ValidationError.invalid(
            f"{field}.Operator",
            operator,
            "metric statistics are numbers; Contains and In apply to text",
        )
    number = _number(value, field)
    positive = _positive(operator)
    condition = column == number if positive == "Equals" else _ORDERING[positive](column, number)
    return _exists_or_not(operator, query, condition)


def _artifact(
    resource: Resource, prop: Property, operator: str, value: Any, field: str
) -> sa.ColumnElement[bool]:
    artifacts = artifacts_table.alias()
    column = artifacts.c[prop.field]
    query = sa.select(sa.literal(1)).where(
        artifacts.c.trial_component_id == resource.table.c.id,
        artifacts.c.direction == prop.direction,
        artifacts.c.name == prop.name,
        column.is_not(None),
    )
    if operator in ("Exists", "NotExists"):
        return _exists_or_not(operator, query, None)
    condition = _text_condition(column, _positive(operator), value, field)
    return _exists_or_not(operator, query, condition)


def _tag(
    resource: Resource, prop: Property, operator: str, value: Any, field: str
) -> sa.ColumnElement[bool]:
    tags = tags_table.alias()
    query = sa.select(sa.literal(1)).where(
        tags.c.resource_type == resource.kind,
        tags.c.resource_id == resource.table.c.id,
        tags.c.key == prop.name,
    )
    if operator in ("Exists", "NotExists"):
        return _exists_or_not(operator, query, None)
    condition = _text_condition(tags.c.value, _positive(operator), value, field)
    return _exists_or_not(operator, query, condition)


def _parent(
    resource: Resource, prop: Property, operator: str, value: Any, field: str
) -> sa.ColumnElement[bool]:
    column = trials.c.name_key if prop.kind == "parent_trial" else experiments.c.name_key
    query = _parents_query(resource)
    if operator in ("Exists", "NotExists"):
        return _exists_or_not(operator, query, None)
    condition = _text_condition(column, _positive(operator), _lower(value), field)
    return _exists_or_not(operator, query, condition)


def _experiment_of_trial(
    resource: Resource, prop: Property, operator: str, value: Any, field: str
) -> sa.ColumnElement[bool]:
    query = sa.select(sa.literal(1)).where(experiments.c.id == resource.table.c.experiment_id)
    if operator in ("Exists", "NotExists"):
        return _exists_or_not(operator, query, None)
    condition = _text_condition(experiments.c.name_key, _positive(operator), _lower(value), field)
    return _exists_or_not(operator, query, condition)


def _component_of_trial(
    resource: Resource, prop: Property, operator: str, value: Any, field: str
) -> sa.ColumnElement[bool]:
    query = (
        sa.select(sa.literal(1))
        .select_from(
            trial_component_links.join(
                trial_components,
                trial_components.c.id == trial_component_links.c.trial_component_id,
            )
        )
        .where(trial_component_links.c.trial_id == resource.table.c.id)
    )
    if operator in ("Exists", "NotExists"):
        return _exists_or_not(operator, query, None)
    condition = _text_condition(
        trial_components.c.name_key, _positive(operator), _lower(value), field
    )
    return _exists_or_not(operator, query, condition)


_Compiler = Callable[[Resource, Property, str, Any, str], sa.ColumnElement[bool]]
_COMPILERS: dict[str, _Compiler] = {
    "column": _column,
    "parameter": _parameter,
    "metric": _metric,
    "artifact": _artifact,
    "tag": _tag,
    "parent_trial": _parent,
    "parent_experiment": _parent,
    "experiment_of_trial": _experiment_of_trial,
    "component_of_trial": _component_of_trial,
}
