"""Conversion of user-supplied times to epoch seconds and back.

Rules, compatible with the SageMaker SDK:

* an aware ``datetime`` is converted to UTC;
* a naive ``datetime`` is taken as local time of the calling process;
* a number is epoch seconds;
* an ISO 8601 string follows the same rules as a ``datetime`` (no offset
  means local time), so ``"2024-01-01T00:00:00Z"`` is UTC.

Numbers that only make sense as epoch milliseconds are rejected instead of
being read as a date tens of thousands of years ahead.
"""

from __future__ import annotations

import datetime as dt
import time
from numbers import Real
from typing import Any

import numpy as np

from .exceptions import ValidationError

# 1e11 seconds is the year 5138. An epoch value above it is almost certainly
# in milliseconds (1e11 ms is 1973), so it is rejected with a hint.
EPOCH_SECONDS_MAX = 1e11


def to_epoch(value: Any, field: str) -> float:
    """Convert a datetime, epoch seconds or ISO 8601 string to epoch seconds.

    Every result lies between 1970 and the year 5138 (``EPOCH_SECONDS_MAX``),
    so it converts back to a datetime on every platform.
    """
    seconds = _seconds(value, field)
    if not 0 <= seconds < EPOCH_SECONDS_MAX:
        rule = "must lie between 1970-01-01 and the year 5138 (epoch seconds 0 to 1e11)"
        if seconds >= EPOCH_SECONDS_MAX and not isinstance(value, (dt.date, str)):
            rule = "must be epoch seconds; this looks like milliseconds, divide it by 1000"
        raise ValidationError.invalid(field, value, rule)
    return seconds


def _seconds(value: Any, field: str) -> float:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if isinstance(value, dt.datetime):
        try:
            return value.timestamp()
        except (OverflowError, ValueError, OSError):
            raise ValidationError.invalid(
                field, value, "must be a time between 1970 and the year 5138"
            ) from None
    if isinstance(value, bool):
        raise ValidationError.invalid(field, value, "must be a datetime or epoch seconds")
    if isinstance(value, Real):
        try:
            seconds = float(value)
        except OverflowError:
            raise ValidationError.invalid(field, value, "must be epoch seconds") from None
        if seconds != seconds or abs(seconds) == float("inf"):
            raise ValidationError.invalid(field, value, "must be a finite number of seconds")
        return seconds
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValidationError.invalid(
                field, value, "must be an ISO 8601 time such as 2024-01-31T12:00:00Z"
            ) from None
        return _seconds(parsed, field)
    raise ValidationError.invalid(
        field, value, "must be a datetime, epoch seconds or ISO 8601 text"
    )


def to_optional_epoch(value: Any, field: str) -> float | None:
    """Like :func:`to_epoch`, but ``None`` stays ``None``."""
    return None if value is None else to_epoch(value, field)


def from_epoch(seconds: float | None) -> dt.datetime | None:
    """Return an aware UTC datetime, as boto3 returns timestamps."""
    if seconds is None:
        return None
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)


def now() -> float:
    """Current time in epoch seconds."""
    return time.time()


def iso_utc(seconds: float | None) -> str | None:
    """Format epoch seconds as ISO 8601 UTC with a ``Z`` suffix."""
    if seconds is None:
        return None
    stamp = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    return stamp.isoformat(timespec="microseconds").replace("+00:00", "Z")


def iso_utc_many(seconds: Any) -> list[str]:
    """Format many epoch seconds at once, exactly as ``iso_utc`` formats each.

    A metric series sends thousands of timestamps, and formatting them one
    datetime at a time cost more than reading and downsampling the series.
    The microseconds are rounded as ``datetime.fromtimestamp`` rounds them:
    the fraction of a second, half to even.
    """
    stamps = np.asarray(seconds, dtype=np.float64)
    fraction, whole = np.modf(stamps)
    micros = np.rint(fraction * 1e6)
    # Rounding can reach a whole second, and a negative fraction borrows one.
    whole = whole + (micros >= 1e6) - (micros < 0)
    micros = np.where(micros >= 1e6, micros - 1e6, np.where(micros < 0, micros + 1e6, micros))
    moments = (whole.astype(np.int64) * 1_000_000 + micros.astype(np.int64)).astype(
        "datetime64[us]"
    )
    return [text + "Z" for text in np.datetime_as_string(moments, unit="us").tolist()]
