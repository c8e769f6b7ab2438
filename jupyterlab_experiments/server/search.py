"""SageMaker SearchExpressions built from the list routes' query parameters."""

from __future__ import annotations

from typing import Any

from ..exceptions import ValidationError
from ..store.filters import VALUE_MAX


def equals(property_path: str, value: str) -> dict[str, Any]:
    """Return a filter that matches records whose property equals ``value``."""
    return {"Name": property_path, "Operator": "Equals", "Value": value}


def text_search(name_property: str, text: str | None) -> dict[str, Any] | None:
    """Return an expression matching records whose name or display name contains ``text``.

    The client's ``Contains`` compares regardless of letter case. Returns None
    when there is no text to search for.
    """
    if not text:
        return None
    check_search_text(text)
    return {
        "Filters": [
            {"Name": name_property, "Operator": "Contains", "Value": text},
            {"Name": "DisplayName", "Operator": "Contains", "Value": text},
        ],
        "Operator": "Or",
    }


def check_search_text(text: str) -> None:
    """Raise ValidationError for a ``search`` text longer than a filter value may be."""
    if len(text) > VALUE_MAX:
        raise ValidationError.invalid(
            "search", text, f"must be at most {VALUE_MAX} characters long (got {len(text)})"
        )


def all_of(
    filters: list[dict[str, Any]], sub_expressions: list[dict[str, Any] | None]
) -> dict[str, Any] | None:
    """Join filters and sub-expressions with And; None when there is nothing to join."""
    present = [expression for expression in sub_expressions if expression is not None]
    if not filters and not present:
        return None
    expression: dict[str, Any] = {"Operator": "And"}
    if filters:
        expression["Filters"] = filters
    if present:
        expression["SubExpressions"] = present
    return expression
