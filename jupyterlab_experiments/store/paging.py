"""Page tokens for keyset pagination.

A token records where the previous page ended (the sort segment, the sort
value and the lower-cased name of its last row) and a fingerprint of the
query that issued it. Keyset pages stay correct while rows are added during a walk: a
row is never returned twice, and a token reused with another query is
rejected instead of returning rows of the wrong query.

Tokens are base64 JSON without a signature, so a client can edit them.
:func:`decode_token` therefore checks every part of a token against what the
query's sort could have issued before any part reaches SQL.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._limits import (
    ARTIFACT_VALUE_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    PARAMETER_STRING_MAX,
    STATUS_MESSAGE_MAX,
    check_text,
)
from ..exceptions import ValidationError

if TYPE_CHECKING:
    from .sorting import Segment

_FIELD = "NextToken"
_RULE = "must be a token returned by a previous page"
_KEYS = {"q", "s", "v", "n"}
# A parameter sort has the most segments: numbers, strings and missing.
SEGMENTS_MAX = 3
# Maximum length of the text that a sortable property can hold.
_SORT_TEXT_MAX = max(DESCRIPTION_MAX, PARAMETER_STRING_MAX, ARTIFACT_VALUE_MAX, STATUS_MESSAGE_MAX)
# Sort values that are integers (metric counts) are stored as 64-bit integers.
_INTEGER_MAX = 2**63 - 1


def query_fingerprint(*parts: Any) -> str:
    """Return a short hash of the query parameters that a token belongs to."""
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def encode_token(fingerprint: str, segment: int, value: Any, name_key: str) -> str:
    """Encode the position after the last row of a page."""
    payload = json.dumps({"q": fingerprint, "s": segment, "v": value, "n": name_key})
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_token(
    token: Any, fingerprint: str, segments: Sequence[Segment] | None = None
) -> tuple[int, Any, str] | None:
    """Decode a token issued for the same query; None starts at the first page.

    Parameters
    ----------
    token : str or None
        The ``NextToken`` of the request.
    fingerprint : str
        The :func:`query_fingerprint` of the request's query.
    segments : sequence of Segment, optional
        The segments of the query's sort. When given, the segment index must
        name one of them and the value must have the type that it sorts:
        a number, a string, or null for the segment of rows without the
        property. Without them, any index below ``SEGMENTS_MAX`` and any of
        these types is accepted. NOTE: a value of the wrong type then
        reaches SQL. PostgreSQL cannot compare a number with text, so the
        request fails with a 503. Callers that run the query should pass
        the segments.

    Raises
    ------
    ValidationError
        With the field ``NextToken`` if the token was not issued by a
        previous page of this query.
    """
    if token is None or token == "":
        return None
    if not isinstance(token, str):
        raise ValidationError.invalid(_FIELD, token, "must be a token from a previous page")
    payload = _payload(token)
    if payload["q"] != fingerprint:
        raise ValidationError.invalid(
            _FIELD,
            token,
            "was issued for a different query; repeat the query without a token "
            "to start again from the first page",
        )
    segment, value, name_key = payload["s"], payload["v"], payload["n"]
    count = SEGMENTS_MAX if segments is None else len(segments)
    if not _is_integer(segment) or not 0 <= segment < count:
        raise _invalid(token)
    if not _is_sort_value(value):
        raise _invalid(token)
    if segments is not None and not _matches(value, _value_type(segments[segment])):
        raise _invalid(token)
    if not _is_text(name_key, NAME_MAX, min_length=1):
        raise _invalid(token)
    return segment, value, name_key


def _payload(token: str) -> dict[str, Any]:
    try:
        padded = token + "=" * (-len(token) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, RecursionError):
        # Bad base64, bad UTF-8 and bad JSON all raise a ValueError;
        # RecursionError comes from JSON nested thousands of levels deep.
        raise _invalid(token) from None
    if not isinstance(payload, dict) or set(payload) != _KEYS:
        raise _invalid(token)
    if not isinstance(payload["q"], str):
        raise _invalid(token)
    return payload


def _invalid(token: str) -> ValidationError:
    return ValidationError.invalid(_FIELD, token, _RULE)


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_text(value: Any, max_length: int, *, min_length: int = 0) -> bool:
    # The same rule as stored text, so that a token never carries text that
    # the database driver cannot send (NUL, unpaired surrogates).
    try:
        check_text(_FIELD, value, max_length, min_length=min_length)
    except ValidationError:
        return False
    return True


def _is_sort_value(value: Any) -> bool:
    if value is None:
        return True
    if _is_integer(value):
        return -_INTEGER_MAX - 1 <= value <= _INTEGER_MAX
    if isinstance(value, float):
        # json.loads reads NaN and Infinity; Infinity can be a logged metric.
        return not math.isnan(value)
    return _is_text(value, _SORT_TEXT_MAX)


def _value_type(segment: Segment) -> type | None:
    """Return the Python type of a segment's sort value: None for the missing segment."""
    if segment.value is None:
        return None
    python_type: type = segment.value.type.python_type
    return python_type


def _matches(value: Any, expected: type | None) -> bool:
    if expected is None:
        return value is None
    if expected in (int, float):
        return not isinstance(value, bool) and isinstance(value, (int, float))
    return isinstance(value, expected)
