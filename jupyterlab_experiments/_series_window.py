"""Choosing the points of a metric series that a chart requests.

A chart first shows the whole series, reduced to a point budget. When the
user zooms in, it requests the visible x range only, with the same
budget, so the zoomed view shows every point once the range has few
enough of them. The point just outside each end of the range comes too, so
that the line runs to the edges of the plot instead of stopping at the last
point inside.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._downsample import downsample
from .exceptions import ValidationError
from .store.metrics import MetricSeries, read_series


@dataclass(frozen=True)
class Window:
    """The points chosen from a series.

    Attributes
    ----------
    series : MetricSeries
        The points to send, in the requested order.
    count : int
        Stored points in the range (the whole series without one).
    downsampled : bool
        Whether any point of the range was left out.
    """

    series: MetricSeries
    count: int
    downsampled: bool


def read_window(
    engine: Any,
    component_name: str,
    metric_name: str,
    sort_by: str,
    max_points: int | None,
    x_min: float | None = None,
    x_max: float | None = None,
    log_x: bool = False,
) -> Window:
    """Read one metric of a trial component and choose the points to send.

    The arguments are already checked; see ``select`` for their meaning.

    Raises
    ------
    ResourceNotFound
        If the trial component or its metric does not exist.
    """
    series = read_series(engine, component_name, metric_name)
    if sort_by == "Timestamp":
        series = series.in_time_order()
    return select(series, sort_by, max_points, x_min, x_max, log_x)


def select(
    series: MetricSeries,
    sort_by: str,
    max_points: int | None,
    x_min: float | None = None,
    x_max: float | None = None,
    log_x: bool = False,
) -> Window:
    """Choose the points of ``series`` to send.

    Parameters
    ----------
    series : MetricSeries
        Every point, in step order, or in time order for ``Timestamp``.
    sort_by : {"Step", "Timestamp"}
        The x axis: the order of ``series`` and the unit of the range.
    max_points : int or None
        Largest number of points of the range to keep; None keeps them all.
    x_min, x_max : float or None
        Inclusive bounds of the range in steps or epoch seconds. Without
        either bound the whole series is the range. With one, points that
        have no step are outside every range on the step axis.
    log_x : bool, default False
        Whether the chart's x axis is logarithmic, so that downsampling
        spreads the points evenly over its decades. On the Timestamp order
        the log axis shows seconds since the series' first point, the
        relative time.

    Returns
    -------
    Window
    """
    # Only a log time axis needs the origin. In time order the first point is
    # the earliest.
    timed = log_x and sort_by == "Timestamp" and len(series) > 0
    scale = _Scale(sort_by, log_x, float(series.timestamps[0]) if timed else None)
    if x_min is None and x_max is None:
        reduced = _reduced(series, scale, max_points)
        return Window(reduced, len(series), len(reduced) < len(series))

    x = series.timestamps if sort_by == "Timestamp" else series.steps
    # On the step axis, points without a step (-1) come first and are left out.
    first = 0 if sort_by == "Timestamp" else int(np.searchsorted(series.steps, 0))
    found = Span.of(x, x_min, x_max, first)

    inside = series.take(np.arange(found.begin, found.end))
    reduced = _reduced(inside, scale, max_points)
    window = _joined(series.take(found.before()), reduced)
    window = _joined(window, series.take(found.after()))
    return Window(window, len(inside), len(reduced) < len(inside))


@dataclass(frozen=True)
class Span:
    """Positions of a range in sorted keys: ``[begin, end)`` inside it, and its neighbours.

    A neighbour is the nearest point outside each end of the range, sent or
    drawn so that a line reaches the edges of the range.

    Attributes
    ----------
    first : int
        The first position that can belong to a range; earlier ones never do.
    begin, end : int
        The positions inside the range.
    size : int
        The number of keys.
    """

    first: int
    begin: int
    end: int
    size: int

    @classmethod
    def of(cls, keys: np.ndarray, low: float | None, high: float | None, first: int = 0) -> Span:
        """Find the inclusive range ``[low, high]`` in ``keys[first:]``, sorted ascending.

        A bound of None leaves that end open.
        """
        begin = first if low is None else max(first, int(np.searchsorted(keys, low, "left")))
        end = keys.size if high is None else int(np.searchsorted(keys, high, "right"))
        return cls(first, begin, max(begin, end), int(keys.size))

    def before(self) -> np.ndarray:
        """Return the position of the neighbour before the range, if any."""
        return np.arange(max(self.begin - 1, self.first), self.begin, dtype=np.int64)

    def after(self) -> np.ndarray:
        """Return the position of the neighbour after the range, if any."""
        return np.arange(self.end, min(self.end + 1, self.size), dtype=np.int64)

    def with_neighbours(self, inside: np.ndarray) -> np.ndarray:
        """Return the neighbours around the chosen positions ``inside``, counted from ``begin``."""
        return np.concatenate([self.before(), inside + self.begin, self.after()]).astype(np.int64)


def checked_range(x_min: Any, x_max: Any) -> tuple[float | None, float | None]:
    """Check the bounds of a range and return them as floats (or None).

    Raises
    ------
    ValidationError
        If a bound is not a finite number, or ``XMin`` exceeds ``XMax``.
    """
    low, high = _checked_bound("XMin", x_min), _checked_bound("XMax", x_max)
    if low is not None and high is not None and low > high:
        raise ValidationError.invalid("XMin", x_min, f"must not exceed XMax ({x_max!r})")
    return low, high


def _checked_bound(field: str, value: Any) -> float | None:
    if value is None:
        return None
    number = finite_float(value)
    if number is None:
        raise ValidationError.invalid(field, value, "must be a finite number")
    return number


def finite_float(value: Any) -> float | None:
    """Return a real number (NumPy's included) as a finite float, else None.

    Booleans are not numbers here, and an integer too large for a float is
    not finite.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class _Scale:
    """The x axis that downsampling buckets over."""

    sort_by: str
    log_x: bool
    # Epoch seconds of the series' first point, from which a log time axis
    # counts. None on other axes and for a series without points.
    first_time: float | None


def _reduced(series: MetricSeries, scale: _Scale, max_points: int | None) -> MetricSeries:
    if max_points is None or len(series) <= max_points:
        return series
    return series.take(_downsampled_positions(series, scale, max_points))


def _downsampled_positions(series: MetricSeries, scale: _Scale, max_points: int) -> Any:
    if scale.sort_by == "Timestamp":
        x = series.timestamps
        if scale.log_x and scale.first_time is not None:
            x = x - scale.first_time
        return downsample(x, series.values, max_points, scale.log_x)
    if (series.steps < 0).any():
        # Points without a step have no place on a step axis, so the buckets
        # hold equal numbers of points instead. They still keep every extreme.
        return downsample(None, series.values, max_points)
    return downsample(series.steps.astype(float), series.values, max_points, scale.log_x)


def _joined(head: MetricSeries, tail: MetricSeries) -> MetricSeries:
    return MetricSeries(
        np.concatenate([head.steps, tail.steps]),
        np.concatenate([head.timestamps, tail.timestamps]),
        np.concatenate([head.values, tail.values]),
    )
