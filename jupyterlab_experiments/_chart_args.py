"""Checks of the arguments of the notebook chart functions.

Each check raises ``ValidationError`` naming the field, the value and the
rule, before a chart reads any data.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._clients import resolve_client
from ._downsample import MAX_POINTS_MIN
from ._limits import check_name
from ._series_window import finite_float
from ._time import to_epoch
from .exceptions import ValidationError


def checked_max_points(value: Any) -> int:
    """Return ``max_points`` as an int: an integer (NumPy's included) of at least 2."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValidationError.invalid("max_points", value, "must be an integer")
    if value < MAX_POINTS_MIN:
        raise ValidationError.invalid("max_points", value, f"must be at least {MAX_POINTS_MIN}")
    return int(value)


def checked_smoothing(value: Any) -> float:
    """Return ``smoothing`` as a float from 0 to below 1."""
    weight = finite_float(value)
    if weight is None or not 0 <= weight < 1:
        raise ValidationError.invalid("smoothing", value, "must be a number from 0 to below 1")
    return weight


def check_client(client: Any) -> None:
    """Check that ``client`` is None or has boto3's ``get_metric_data`` method."""
    if client is not None and not callable(getattr(client, "get_metric_data", None)):
        raise ValidationError.invalid(
            "sagemaker_boto_client",
            client,
            "must be a client with boto3's get_metric_data method, such as LocalSageMakerClient",
        )


_COMPONENTS_RULE = "must be a TrialComponent, a trial component name, or a list of them"


def resolved_components(components: Any, client: Any) -> list[tuple[str, str, Any]]:
    """Return (name, display name, client) of each component."""
    resolved = []
    for component in _component_list(components):
        if isinstance(component, str):
            name, display, own_client = str(component), str(component), None
        else:
            name = getattr(component, "trial_component_name", None)
            if not isinstance(name, str):
                raise ValidationError.invalid("components", component, _COMPONENTS_RULE)
            display = getattr(component, "display_name", None) or name
            own_client = getattr(component, "sagemaker_boto_client", None)
        check_name("components", name)
        if own_client is None:
            own_client = resolve_client(client)
        resolved.append((name, display, own_client))
    return resolved


def _component_list(components: Any) -> list[Any]:
    """Return ``components`` as a list, a single component or name as a list of one."""
    # Iterating over these yields column labels, keys or byte values, never
    # components, so they would fail later with a misleading message.
    if isinstance(components, pd.DataFrame):
        raise ValidationError.invalid(
            "components",
            "DataFrame",
            f"{_COMPONENTS_RULE}. For a table, pass its TrialComponentName column, "
            'e.g. frame["TrialComponentName"]',
        )
    if isinstance(components, (Mapping, bytes, bytearray)):
        raise ValidationError.invalid("components", type(components).__name__, _COMPONENTS_RULE)

    if isinstance(components, str) or not isinstance(components, Iterable):
        return [components]
    return list(components)


def checked_x_range(x_range: Any, axis: str) -> tuple[float, float] | None:
    """Return the bounds of ``x_range`` as numbers on ``axis``, or None for the whole axis."""
    if x_range is None:
        return None
    is_array = isinstance(x_range, np.ndarray) and x_range.ndim == 1
    is_sequence = isinstance(x_range, Sequence) and not isinstance(x_range, (str, bytes, bytearray))
    if not (is_array or is_sequence) or len(x_range) != 2:
        raise ValidationError.invalid(
            "x_range",
            x_range,
            "must be a pair (low, high), as a sequence or 1-D array of two bounds",
        )

    if axis == "wall_time":
        low, high = (to_epoch(bound, "x_range") for bound in x_range)
    else:
        low, high = (finite_float(bound) for bound in x_range)
        if low is None or high is None:
            raise ValidationError.invalid("x_range", x_range, "must be a pair of finite numbers")
    if low > high:
        raise ValidationError.invalid("x_range", x_range, "low must not exceed high")
    return low, high


def checked_choice(field: str, value: Any, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of the strings ``choices``."""
    # The type test comes first, because `in` compares an array element-wise.
    if not isinstance(value, str) or value not in choices:
        raise ValidationError.invalid(field, value, f"must be one of {', '.join(choices)}")
    return value


def checked_flag(field: str, value: Any) -> bool:
    """Return ``value`` as a bool if it is a Python or NumPy bool."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValidationError.invalid(field, value, "must be a bool (True or False)")
    return bool(value)


def checked_title(value: Any) -> str | None:
    """Return ``title`` if it is None or a non-empty string."""
    if value is not None and (not isinstance(value, str) or not value):
        raise ValidationError.invalid("title", value, "must be a non-empty string or None")
    return value
