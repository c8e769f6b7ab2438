"""Parsing and checking of query parameters.

Every function takes the raw text of one parameter (``None`` when absent) and
either returns the parsed value or raises :class:`ValidationError` naming the
parameter, the value and the rule, which the handlers send as a 400 response.

Text that no store can hold (a NUL character, an unpaired surrogate) is
rejected here, in every string of a JSON parameter (:func:`parse_json`) and,
through the base handler, in every path argument (:func:`check_characters`).
It then never reaches a database driver, and both stores give the same
answer. Plain query parameters cannot carry such text: tornado replaces
control characters in them with spaces and rejects bytes that are not UTF-8.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .._limits import LIST_RESULTS_MAX, check_text
from ..exceptions import ValidationError
from ..store.properties import PROPERTY_PATH_MAX

# Short names for the properties every resource has; any other value of
# ``sort_by`` is passed to the client's Search as a property path.
_SORT_ALIASES = {
    "creation_time": "CreationTime",
    "last_modified_time": "LastModifiedTime",
    "display_name": "DisplayName",
}

_BOOLEANS = {"true": True, "false": False}
# Keys longer than this are cut in the locations that messages name.
_KEY_SHOWN_MAX = 64


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
    return _SORT_ALIASES.get(text) or check_property_path("sort_by", text)


def check_property_path(field: str, text: str) -> str:
    """Check the length of a property path such as ``Parameters.lr``.

    A longer path cannot name a property, and rejecting it keeps a 60 KB
    name out of the query and out of the error message.
    """
    if len(text) > PROPERTY_PATH_MAX:
        raise ValidationError.invalid(
            field,
            text,
            f"must be a property path of at most {PROPERTY_PATH_MAX} characters (got {len(text)})",
        )
    return text


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

    Only the JSON syntax, the characters of its strings and the top-level
    type are checked here. The client checks the expression itself and
    rejects a bad one with a ValidationError.
    """
    if text is None or text == "":
        return None
    expression = parse_json("filter", text, "must be a search expression written as JSON")
    if not isinstance(expression, dict):
        raise ValidationError.invalid(
            "filter", text, 'must be a JSON object such as {"Filters": [...]}'
        )
    return expression


def parse_json(field: str, text: str, rule: str) -> Any:
    """Parse the JSON text of a parameter and check the characters of every string in it.

    Parameters
    ----------
    field : str
        The parameter, e.g. ``scope``.
    text : str
        Its JSON text.
    rule : str
        What the parameter must be, e.g. ``must be a JSON list``; the
        message of a syntax error starts with it.

    Raises
    ------
    ValidationError
        With the field ``field`` for invalid JSON, JSON nested too deeply, and
        any key or string value that :func:`check_characters` rejects.
    """
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValidationError.invalid(
            field, text, f"{rule}; this JSON is nested too deeply"
        ) from None
    except ValueError as error:
        raise ValidationError.invalid(field, text, f"{rule} ({error})") from None
    check_json_characters(field, value)
    return value


def check_json_characters(field: str, value: Any) -> None:
    """Check every key and string of a parsed JSON value with :func:`check_characters`.

    The message names the position, e.g. ``scope.trials[0]``, and the field
    is the parameter. The walk uses a stack instead of recursion, because
    ``json.loads`` accepts values nested as deeply as the recursion limit.
    """
    stack: list[tuple[str, Any]] = [(field, value)]
    while stack:
        location, item = stack.pop()
        if isinstance(item, str):
            _check_at(field, location, item)
        elif isinstance(item, dict):
            members = []
            for key, member in item.items():
                _check_at(field, f"{location} key", key)
                members.append((f"{location}.{_shown_key(key)}", member))
            # Reversed, so that the first bad string in the text is reported.
            stack.extend(reversed(members))
        elif isinstance(item, list):
            elements = [(f"{location}[{index}]", member) for index, member in enumerate(item)]
            stack.extend(reversed(elements))


def check_characters(field: str, text: str) -> str:
    """Reject text that no store can hold: NUL characters and unpaired surrogates.

    Lengths are left to each parameter's own rule.
    """
    return check_text(field, text, max_length=len(text))


def _check_at(field: str, location: str, text: str) -> None:
    try:
        check_characters(location, text)
    except ValidationError as error:
        raise ValidationError(error.message, field=field, value=text, rule=error.rule) from None


def _shown_key(key: str) -> str:
    if len(key) > _KEY_SHOWN_MAX:
        return key[:_KEY_SHOWN_MAX] + "..."
    return key


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
