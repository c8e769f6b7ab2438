"""Metric definitions: a metric name and a regex whose first group is the value.

Definitions are checked when an estimator is constructed, so an invalid regex
fails at once instead of silently capturing nothing during a job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .._limits import check_metric_name
from ..exceptions import ValidationError

#: SageMaker's maximum regex length in a metric definition (``MetricDefinition.Regex``).
REGEX_MAX = 500

# A number as SageMaker users write it: optional sign, digits with an optional
# fraction (or a bare fraction), optional exponent; or NaN / infinity. Python's
# float() alone would also accept "1_000" and other forms no log line means.
_NUMBER = re.compile(
    r"[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|nan|inf|infinity)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class MetricDefinition:
    """One checked metric definition.

    Attributes
    ----------
    name : str
        Metric name, e.g. ``train:loss``.
    regex : str
        The regex as given.
    pattern : re.Pattern
        The compiled regex (Python ``re`` syntax); group 1 is the value.
    """

    name: str
    regex: str
    pattern: re.Pattern[str]

    def to_boto(self) -> dict[str, str]:
        """Return the definition in SageMaker's ``{"Name", "Regex"}`` shape."""
        return {"Name": self.name, "Regex": self.regex}


def parse_number(text: str | None) -> float | None:
    """Parse a captured value strictly as a float, or return None if it is not a number.

    Surrounding white space is ignored. ``nan``, ``inf`` and ``infinity`` (any case,
    with a sign) are numbers. Trailing characters (``0.94;``), thousands
    separators, underscores and hexadecimal are not.
    """
    if text is None:
        return None
    stripped = text.strip()
    if not _NUMBER.fullmatch(stripped):
        return None
    return float(stripped)


def _check_definition(index: int, definition: Any) -> MetricDefinition:
    field = f"metric_definitions[{index}]"
    if not isinstance(definition, Mapping) or "Name" not in definition or "Regex" not in definition:
        raise ValidationError.invalid(
            field, definition, 'must be a dict with "Name" and "Regex" keys'
        )
    name = check_metric_name(definition["Name"])
    regex = definition["Regex"]
    if not isinstance(regex, str) or not 1 <= len(regex) <= REGEX_MAX:
        raise ValidationError.invalid(
            f"{field}.Regex", regex, f"must be a string of 1 to {REGEX_MAX} characters"
        )
    try:
        pattern = re.compile(regex)
    except re.error as error:
        raise ValidationError(
            f"Invalid regex {regex!r} in metric definition {name!r}: {error}",
            field=f"{field}.Regex",
            value=regex,
            rule="must be a valid Python regular expression",
        ) from error
    if pattern.groups < 1:
        raise ValidationError.invalid(
            f"{field}.Regex",
            regex,
            f"metric definition {name!r} needs a capturing group around the value, "
            r"e.g. 'loss=([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?)'",
        )
    return MetricDefinition(name=name, regex=regex, pattern=pattern)


def parse_metric_definitions(definitions: Iterable[Any] | None) -> tuple[MetricDefinition, ...]:
    """Check and compile metric definitions given as ``[{"Name": ..., "Regex": ...}]``.

    Parameters
    ----------
    definitions : iterable of dict, optional
        SageMaker-style metric definitions. ``None`` means none.

    Returns
    -------
    tuple of MetricDefinition
        In the given order.

    Raises
    ------
    ValidationError
        If a definition is malformed, its name is empty or too long, its regex is
        invalid or has no capturing group, or two definitions share a name. The
        message names the definition and, for a regex, the compiler's error.
    """
    if definitions is None:
        return ()
    if isinstance(definitions, (str, bytes, Mapping)):
        raise ValidationError.invalid(
            "metric_definitions", definitions, 'must be a list of {"Name": ..., "Regex": ...}'
        )
    checked = tuple(_check_definition(index, item) for index, item in enumerate(definitions))
    seen: set[str] = set()
    for definition in checked:
        if definition.name in seen:
            raise ValidationError.invalid(
                "metric_definitions", definition.name, "metric names must be unique"
            )
        seen.add(definition.name)
    return checked


__all__ = ["REGEX_MAX", "MetricDefinition", "parse_metric_definitions", "parse_number"]
