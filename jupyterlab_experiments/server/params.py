"""Parsing and checking of query parameters.

Every function takes the raw text of one parameter (``None`` when absent) and
either returns the parsed value or raises :class:`ValidationError` naming the
parameter, the value and the rule, which the handlers send as a 400 response.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .._limits import LIST_RESULTS_MAX
from ..exceptions import ValidationError

# Short names for the properties every resource has; any other value of
# ``sort_by`` is passed to the client's Search as a property path.
_SORT_ALIASES = {
    "creation_time": "CreationTime",
    "last_modified_time": "LastModifiedTime",
    "display_name": "DisplayName",
}

_BOOLEANS = {"true": True, "false": False}


@dataclass(frozen=True)
class PageQuery:
    """Text search, sort and page parameters shared by the list routes."""

    search: str | None
    sort_by: str | None
    sort_order: str | None
    max_results: int
    next_token: str | None


def parse_page_query(
    query: dict[str, str],
    name_property: str,
    default_max_results: int,
    max_results_max: int = LIST_RESULTS_MAX,
) -> PageQuery:
    """Parse ``search``, ``sort_by``, ``sort_order``, ``max_results`` and ``next_token``.

    Parameters
    ----------
    query : dict of str to str
        The request's query parameters.
    name_property : str
        Search property that ``sort_by=name`` stands for, e.g. ``ExperimentName``.
    default_max_results : int
        Page size when ``max_results`` is absent.
    max_results_max : int, optional
        Largest page size the route accepts.
    """
    return PageQuery(
        search=query.get("search") or None,
        sort_by=parse_sort_by(query.get("sort_by"), name_property),
        sort_order=parse_sort_order(query.get("sort_order")),
        max_results=parse_max_results(
            query.get("max_results"), default_max_results, max_results_max
        ),
        next_token=query.get("next_token") or None,
    )


# Python's int() also takes "5_0", " 5" and non-ASCII digits; query
# parameters take plain ASCII digits only.
_PLAIN_INTEGER = re.compile(r"-?[0-9]+")


def parse_max_results(text: str | None, default: int, maximum: int = LIST_RESULTS_MAX) -> int:
    """Parse a page size from 1 to ``maximum``, by default the list routes' maximum."""
    if text is None or text == "":
        return default
    rule = f"must be an integer from 1 to {maximum}"
    if not _PLAIN_INTEGER.fullmatch(text):
        raise ValidationError.invalid("max_results", text, rule)
    value = int(text)
    if not 1 <= value <= maximum:
        raise ValidationError.invalid("max_results", text, rule)
    return value


def parse_sort_by(text: str | None, name_property: str) -> str | None:
    """Map ``name`` and the snake_case aliases to Search properties; keep other paths."""
    if text is None or text == "":
        return None
    if text == "name":
        return name_property
    return _SORT_ALIASES.get(text, text)


def parse_sort_order(text: str | None) -> str | None:
    """Parse ``ascending`` or ``descending`` in any letter case."""
    if text is None or text == "":
        return None
    lowered = text.lower()
    if lowered not in ("ascending", "descending"):
        raise ValidationError.invalid("sort_order", text, "must be ascending or descending")
    return lowered.capitalize()


def parse_bool(name: str, text: str | None, *, default: bool = False) -> bool:
    """Parse ``true`` or ``false`` in any letter case."""
    if text is None or text == "":
        return default
    try:
        return _BOOLEANS[text.lower()]
    except KeyError:
        raise ValidationError.invalid(name, text, "must be true or false") from None


def parse_offset(text: str | None) -> int:
    """Parse a byte offset: an integer greater than or equal to 0."""
    if text is None or text == "":
        return 0
    rule = "must be an integer greater than or equal to 0"
    if not _PLAIN_INTEGER.fullmatch(text):
        raise ValidationError.invalid("offset", text, rule)
    value = int(text)
    if value < 0:
        raise ValidationError.invalid("offset", text, rule)
    return value


def parse_search_expression(text: str | None) -> dict[str, Any] | None:
    """Parse ``filter``: a SageMaker SearchExpression written as a JSON object.

    Only the JSON syntax and the top-level type are checked here; the client
    checks the expression itself and rejects a bad one with a ValidationError.
    """
    if text is None or text == "":
        return None
    try:
        expression = json.loads(text)
    except RecursionError:
        raise ValidationError.invalid(
            "filter", text, "must be a search expression; this JSON is nested too deeply"
        ) from None
    except ValueError as error:
        raise ValidationError.invalid(
            "filter", text, f"must be a search expression written as JSON ({error})"
        ) from None
    if not isinstance(expression, dict):
        raise ValidationError.invalid(
            "filter", text, 'must be a JSON object such as {"Filters": [...]}'
        )
    return expression


@dataclass(frozen=True)
class ComponentScope:
    """The set of trial components that a listing covers."""

    experiment_name: str | None
    trial_name: str | None
    unassigned: bool


def parse_component_scope(query: dict[str, str]) -> ComponentScope:
    """Parse ``experiment_name``, ``trial_name`` and ``unassigned``.

    ``experiment_name`` and ``trial_name`` may be combined, which selects the
    components of that trial if the trial belongs to that experiment.
    ``unassigned=true`` cannot be combined with either, because unassigned
    components belong to no trial.
    """
    scope = ComponentScope(
        experiment_name=query.get("experiment_name") or None,
        trial_name=query.get("trial_name") or None,
        unassigned=parse_bool("unassigned", query.get("unassigned")),
    )
    if scope.unassigned and (scope.experiment_name or scope.trial_name):
        raise ValidationError.invalid(
            "unassigned",
            query["unassigned"],
            "cannot be combined with experiment_name or trial_name, "
            "because unassigned trial components belong to no trial",
        )
    return scope
