"""Page tokens for keyset pagination.

A token records where the previous page ended (the sort segment, the sort
value and the lower-cased name of its last row) and a fingerprint of the
query that issued it. Keyset pages stay correct while rows are added during a walk: a
row is never returned twice, and a token reused with another query is
rejected instead of returning rows of the wrong query.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from ..exceptions import ValidationError


def query_fingerprint(*parts: Any) -> str:
    """Return a short hash of the query parameters that a token belongs to."""
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def encode_token(fingerprint: str, segment: int, value: Any, name_key: str) -> str:
    """Encode the position after the last row of a page."""
    payload = json.dumps({"q": fingerprint, "s": segment, "v": value, "n": name_key})
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_token(token: Any, fingerprint: str) -> tuple[int, Any, str] | None:
    """Decode a token issued for the same query; None starts at the first page."""
    if token is None or token == "":
        return None
    if not isinstance(token, str):
        raise ValidationError.invalid("NextToken", token, "must be a token from a previous page")
    try:
        padded = token + "=" * (-len(token) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
        segment, value, name_key = int(payload["s"]), payload["v"], str(payload["n"])
        issued_for = payload["q"]
    except (ValueError, KeyError, TypeError):
        raise ValidationError.invalid(
            "NextToken", token, "must be a token returned by a previous page"
        ) from None
    if issued_for != fingerprint:
        raise ValidationError.invalid(
            "NextToken",
            token,
            "was issued for a different query; repeat the query without a token "
            "to start again from the first page",
        )
    return segment, value, name_key
