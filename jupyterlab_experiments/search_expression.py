"""Search expressions in SageMaker's ``Search`` API shape.

The classes build the same dicts a boto3 caller would write by hand, and every
function that takes a search expression accepts such a plain dict too.

Examples
--------
>>> expression = SearchExpression(
...     filters=[Filter("Parameters.lr", Operator.GREATER_THAN_OR_EQUAL, "0.01")]
... )
>>> expression.to_boto()
{'Filters': [{'Name': 'Parameters.lr', 'Operator': 'GreaterThanOrEqualTo', 'Value': '0.01'}], \
'Operator': 'And'}
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from enum import Enum
from typing import Any

from .exceptions import ValidationError


class Operator(str, Enum):
    """Comparison operator of a filter."""

    EQUALS = "Equals"
    NOT_EQUALS = "NotEquals"
    GREATER_THAN = "GreaterThan"
    GREATER_THAN_OR_EQUAL = "GreaterThanOrEqualTo"
    LESS_THAN = "LessThan"
    LESS_THAN_OR_EQUAL = "LessThanOrEqualTo"
    CONTAINS = "Contains"
    EXISTS = "Exists"
    NOT_EXISTS = "NotExists"
    # The value of an In filter is a comma-separated list of strings.
    IN = "In"


class BooleanOperator(str, Enum):
    """Operator that joins the parts of a search expression."""

    AND = "And"
    OR = "Or"


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


class Filter:
    """A condition on one property, e.g. ``Metrics.test:accuracy.Max > 0.9``.

    Parameters
    ----------
    name : str
        Property path such as ``DisplayName``, ``Parameters.lr`` or
        ``Metrics.test:accuracy.Max``. The last ``.`` part of a metric path is
        the statistic, so metric names may contain ``:``, ``/`` and ``.``.
    operator : Operator or str, optional
        Comparison. A missing operator means ``Equals``.
    value : str, optional
        Value to compare with. Numbers and times are written as text.
    """

    def __init__(
        self, name: str, operator: Operator | str | None = None, value: str | None = None
    ) -> None:
        self.name = name
        self.operator = operator
        self.value = value

    def to_boto(self) -> dict[str, Any]:
        """Return the filter as a boto dict, leaving out unset members."""
        boto: dict[str, Any] = {"Name": self.name}
        if self.operator is not None:
            boto["Operator"] = _enum_value(self.operator)
        if self.value is not None:
            boto["Value"] = self.value
        return boto


class NestedFilter:
    """Filters that one element of a list property must all satisfy.

    Parameters
    ----------
    property_name : str
        The list property, e.g. ``InputDataConfig``.
    filters : sequence of Filter or dict
        Conditions on the fields of one list element.
    """

    def __init__(self, property_name: str, filters: Sequence[Filter | dict[str, Any]]) -> None:
        self.property_name = property_name
        self.filters = list(filters)

    def to_boto(self) -> dict[str, Any]:
        """Return the nested filter as a boto dict."""
        return {
            "NestedPropertyName": self.property_name,
            "Filters": [_part_to_boto(item) for item in self.filters],
        }


class SearchExpression:
    """Filters, nested filters and sub-expressions joined by And or Or.

    Parameters
    ----------
    filters : sequence of Filter or dict, optional
    nested_filters : sequence of NestedFilter or dict, optional
    sub_expressions : sequence of SearchExpression or dict, optional
    boolean_operator : BooleanOperator or str, default BooleanOperator.AND

    Raises
    ------
    ValidationError
        A ``ValueError`` raised when all three lists are missing or empty.
    """

    def __init__(
        self,
        filters: Sequence[Filter | dict[str, Any]] | None = None,
        nested_filters: Sequence[NestedFilter | dict[str, Any]] | None = None,
        sub_expressions: Sequence[SearchExpression | dict[str, Any]] | None = None,
        boolean_operator: BooleanOperator | str = BooleanOperator.AND,
    ) -> None:
        if not filters and not nested_filters and not sub_expressions:
            raise ValidationError(
                "You must specify at least one subexpression, filter, or nested filter.",
                field="SearchExpression",
                value=None,
                rule="must contain at least one filter, nested filter or sub-expression",
            )
        self.filters = list(filters) if filters else None
        self.nested_filters = list(nested_filters) if nested_filters else None
        self.sub_expressions = list(sub_expressions) if sub_expressions else None
        self.boolean_operator = boolean_operator

    def to_boto(self) -> dict[str, Any]:
        """Return the expression as a boto dict."""
        boto: dict[str, Any] = {}
        if self.filters:
            boto["Filters"] = [_part_to_boto(item) for item in self.filters]
        if self.nested_filters:
            boto["NestedFilters"] = [_part_to_boto(item) for item in self.nested_filters]
        if self.sub_expressions:
            boto["SubExpressions"] = [_part_to_boto(item) for item in self.sub_expressions]
        boto["Operator"] = _enum_value(self.boolean_operator)
        return boto


def _part_to_boto(part: Any) -> Any:
    if isinstance(part, (Filter, NestedFilter, SearchExpression)):
        return part.to_boto()
    if isinstance(part, dict):
        return {key: _part_to_boto(value) for key, value in part.items()}
    if isinstance(part, (list, tuple)):
        return [_part_to_boto(item) for item in part]
    return _enum_value(part)


def search_expression_to_boto(expression: Any) -> dict[str, Any]:
    """Return a new boto dict for a ``SearchExpression`` or a plain dict.

    The caller's dict is deep-copied, so later changes to the result (such as
    an added experiment filter) never reach it. Enum members inside a dict are
    replaced by their string values.

    Raises
    ------
    ValidationError
        If ``expression`` is neither a ``SearchExpression`` nor a dict.
    """
    if isinstance(expression, SearchExpression):
        return expression.to_boto()
    if isinstance(expression, dict):
        converted: dict[str, Any] = _part_to_boto(copy.deepcopy(expression))
        return converted
    raise ValidationError.invalid(
        "search_expression", expression, "must be a SearchExpression or a dict in boto shape"
    )
