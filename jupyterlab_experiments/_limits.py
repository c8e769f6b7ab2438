"""Naming rules and size limits, shared by the SDK, the store and the server.

The numbers follow the SageMaker API (botocore service model
``sagemaker/2017-07-24``). Lengths are counted in characters (Unicode code
points) on every store, so a value accepted by SQLite is also accepted by
PostgreSQL.
"""

from __future__ import annotations

import math
import re
from numbers import Real
from typing import Any

from .exceptions import ResourceLimitExceeded, ValidationError

NAME_MAX = 120
DISPLAY_NAME_MAX = 120
DESCRIPTION_MAX = 3072
STATUS_MESSAGE_MAX = 1024
SOURCE_ARN_MAX = 256
SOURCE_TYPE_MAX = 128
PARAMETER_NAME_MAX = 320
PARAMETER_STRING_MAX = 2500
PARAMETERS_PER_COMPONENT = 300
ARTIFACT_NAME_MAX = 128
ARTIFACT_VALUE_MAX = 2048
MEDIA_TYPE_MAX = 64
ARTIFACTS_PER_DIRECTION = 60
METRIC_NAME_MAX = 255
TAG_KEY_MAX = 128
TAG_VALUE_MAX = 256
TAGS_PER_RESOURCE = 50
SEARCH_RESULTS_MAX = 100
# Steps are stored as 64-bit integers.
STEP_MAX = 2**63 - 1
LIST_RESULTS_MAX = 100
# The trial component table fetches up to this many rows per request, so a
# jump of the scroll bar far down the table needs few round trips.
TABLE_RESULTS_MAX = 1000

NAME_RULE = (
    f"must be 1 to {NAME_MAX} characters of ASCII letters, digits and hyphens, "
    "starting and ending with a letter or digit"
)
_NAME_PATTERN = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}")
_MEDIA_TYPE_PATTERN = re.compile(r"[-\w]+/[-\w+.]+")

STATUSES = ("InProgress", "Completed", "Failed", "Stopping", "Stopped")


def check_name(field: str, value: Any) -> str:
    """Check an experiment, trial or trial component name against SageMaker's rule."""
    if not isinstance(value, str) or not _NAME_PATTERN.fullmatch(value):
        raise ValidationError.invalid(field, value, NAME_RULE)
    return value


def check_text(field: str, value: Any, max_length: int, *, min_length: int = 0) -> str:
    """Check a free-text value's type, characters and length in characters.

    NUL characters and unpaired surrogates are rejected because PostgreSQL
    cannot store them and UTF-8 cannot encode them; rejecting them here keeps
    both stores alike.
    """
    if not isinstance(value, str):
        raise ValidationError.invalid(field, value, "must be a string")
    if "\x00" in value:
        raise ValidationError.invalid(field, value, "must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError.invalid(
            field, value, "must be valid Unicode (it contains an unpaired surrogate)"
        ) from None
    if not min_length <= len(value) <= max_length:
        raise ValidationError.invalid(
            field,
            value,
            f"must be {min_length} to {max_length} characters long (got {len(value)})",
        )
    return value


def check_display_name(field: str, value: Any) -> str:
    """Check a display name.

    Display names may contain any characters (SageMaker restricts them to the
    name pattern; we allow spaces, punctuation and Unicode because they are
    labels, not identifiers).
    """
    return check_text(field, value, DISPLAY_NAME_MAX, min_length=1)


def check_status(value: Any) -> str:
    """Check a trial component's primary status."""
    if value not in STATUSES:
        raise ValidationError.invalid(
            "Status.PrimaryStatus", value, f"must be one of {', '.join(STATUSES)}"
        )
    return str(value)


def check_media_type(field: str, value: Any) -> str | None:
    """Check an artifact media type such as ``text/csv`` or ``s3/uri``."""
    if value is None:
        return None
    check_text(field, value, MEDIA_TYPE_MAX, min_length=1)
    if not _MEDIA_TYPE_PATTERN.fullmatch(value):
        raise ValidationError.invalid(field, value, "must look like type/subtype, e.g. text/csv")
    return str(value)


def check_parameter(name: Any, value: Any) -> tuple[str, float | None, str | None]:
    """Check one parameter and split it into (name, number value, string value).

    Booleans are stored as numbers 1 and 0, as SageMaker does.
    """
    check_text("Parameters key", name, PARAMETER_NAME_MAX, min_length=1)
    if isinstance(value, Real):
        number = _to_float(f"Parameters[{name!r}]", value)
        if not math.isfinite(number):
            raise ValidationError.invalid(
                f"Parameters[{name!r}]", value, "must be a finite number or a string"
            )
        return name, number, None
    if isinstance(value, str):
        check_text(f"Parameters[{name!r}]", value, PARAMETER_STRING_MAX)
        return name, None, value
    raise ValidationError.invalid(f"Parameters[{name!r}]", value, "must be a number or a string")


def check_artifact(direction: str, name: Any, value: Any, media_type: Any) -> None:
    """Check one input or output artifact."""
    check_text(f"{direction} key", name, ARTIFACT_NAME_MAX, min_length=1)
    check_text(f"{direction}[{name!r}].Value", value, ARTIFACT_VALUE_MAX)
    check_media_type(f"{direction}[{name!r}].MediaType", media_type)


def check_metric_name(value: Any) -> str:
    """Check a metric name: any characters, 1 to 255 of them."""
    return check_text("MetricName", value, METRIC_NAME_MAX, min_length=1)


def check_metric_value(name: str, value: Any) -> float:
    """Check a metric value: a real number (NaN and infinities are kept)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValidationError.invalid(f"Metrics[{name!r}].Value", value, "must be a number")
    return _to_float(f"Metrics[{name!r}].Value", value)


def _to_float(field: str, value: Real) -> float:
    try:
        return float(value)
    except OverflowError:
        raise ValidationError.invalid(
            field, value, "must fit a double-precision float (about 1.8e308)"
        ) from None


def check_step(name: str, value: Any) -> int | None:
    """Check a metric step (SageMaker's iteration number): an integer >= 0."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= STEP_MAX:
        raise ValidationError.invalid(
            f"Metrics[{name!r}].Step", value, f"must be an integer from 0 to {STEP_MAX}"
        )
    return value


def check_tags(tags: Any) -> list[tuple[str, str]]:
    """Check a tag list in SageMaker's shape, ``[{"Key": ..., "Value": ...}]``."""
    if tags is None:
        return []
    if not isinstance(tags, (list, tuple)):
        raise ValidationError.invalid("Tags", tags, 'must be a list of {"Key": ..., "Value": ...}')
    if len(tags) > TAGS_PER_RESOURCE:
        raise ResourceLimitExceeded.invalid(
            "Tags", f"{len(tags)} tags", f"at most {TAGS_PER_RESOURCE} tags per resource"
        )
    checked = []
    for tag in tags:
        if not isinstance(tag, dict) or "Key" not in tag:
            raise ValidationError.invalid(
                "Tags", tag, 'each tag must be a dict with "Key" and optional "Value"'
            )
        key = check_text("Tags.Key", tag["Key"], TAG_KEY_MAX, min_length=1)
        value = check_text(f"Tags[{key!r}].Value", tag.get("Value", ""), TAG_VALUE_MAX)
        checked.append((key, value))
    return checked


def check_max_results(value: Any, maximum: int) -> int | None:
    """Check a page size (``MaxResults``)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        raise ValidationError.invalid(
            "MaxResults", value, f"must be an integer from 1 to {maximum}"
        )
    return value


def check_sort_order(value: Any) -> bool:
    """Check a sort order and return True for descending."""
    if value is None:
        return True
    if not isinstance(value, str) or value.lower() not in ("ascending", "descending"):
        raise ValidationError.invalid("SortOrder", value, "must be Ascending or Descending")
    return value.lower() == "descending"
