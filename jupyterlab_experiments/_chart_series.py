"""The lines of ``time_series_chart``: one metric of one trial component each.

A series is read in the order of its x axis, counted for the notes,
smoothed over every point, then downsampled per line.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._chart_notes import DRAWABLE_LIMIT, count_text, drawable_array, is_are, log_note
from ._downsample import downsample
from ._series_window import Span
from ._time import iso_utc

# Lines of up to this many points also draw markers, so single points between
# gaps stay visible.
_MARKERS_MAX = 100

# Opacity of the raw series drawn behind a smoothed one.
_RAW_OPACITY = 0.25


@dataclass(frozen=True)
class Series:
    """The points of one metric as drawn: x values, bucketing positions and values.

    ``positions`` are numbers that grow along x (steps or epoch seconds), which
    downsampling buckets over. Points without a step are already left out of
    a step axis and counted in ``without_step``.
    """

    x: np.ndarray
    positions: np.ndarray
    values: np.ndarray
    without_step: int

    @classmethod
    def from_points(cls, points: Sequence[dict[str, Any]], axis: str) -> Series:
        """Build the series from ``get_metric_data`` points, in the order of ``axis``."""
        timestamps = np.array([point["Timestamp"] for point in points], dtype=float)
        values = np.array([point["Value"] for point in points], dtype=float)
        if axis == "step":
            has_step = np.array([point["Step"] is not None for point in points], dtype=bool)
            steps = np.array(
                [point["Step"] for point in points if point["Step"] is not None], dtype=np.int64
            )
            without_step = int((~has_step).sum())
            return cls(steps, steps.astype(float), values[has_step], without_step)
        if axis == "relative_time":
            # Points come in time order, so the first one is the earliest.
            relative = timestamps - timestamps[0] if timestamps.size else timestamps
            return cls(relative, timestamps, values, 0)
        microseconds = np.round(timestamps * 1e6).astype(np.int64)
        return cls(microseconds.astype("datetime64[us]"), timestamps, values, 0)

    def window(self, bounds: tuple[float, float] | None, axis: str) -> Span:
        """Return the points inside ``bounds`` on ``axis``, and one neighbour at each end.

        Bounds are steps, epoch seconds for ``wall_time``, or seconds since
        the first point for ``relative_time``.
        """
        if bounds is None:
            return Span.of(self.positions, None, None)
        low, high = bounds
        if axis == "relative_time" and self.positions.size:
            low, high = low + self.positions[0], high + self.positions[0]
        return Span.of(self.positions, low, high)


@dataclass(frozen=True)
class LineOptions:
    """The arguments of ``time_series_chart`` that shape every line."""

    metric: str
    max_points: int
    smoothing: float
    log_x: bool
    log_y: bool
    show_raw: bool


@dataclass
class Omitted:
    """Counts of the points and components that a time-series chart cannot draw."""

    without_metric: list[str] = field(default_factory=list)
    without_step: int = 0
    non_finite: int = 0
    non_positive: int = 0
    non_positive_x: int = 0

    def count(self, series: Series, options: LineOptions, window: Span) -> None:
        """Count a series' points without a step, NaN or infinite, and <= 0 on a log axis.

        Only points inside ``window`` count, except those without a step,
        which have no place on any part of a step axis.
        """
        values = series.values[window.begin : window.end]
        finite = drawable_array(values)
        self.without_step += series.without_step
        self.non_finite += int((~finite).sum())
        if options.log_y:
            self.non_positive += int((finite & (values <= 0)).sum())
        if options.log_x:
            self.non_positive_x += int((series.x[window.begin : window.end] <= 0).sum())

    def notes(self, metric: str, options: LineOptions) -> list[str]:
        """Return one sentence per kind of omission."""
        notes = []
        if self.without_metric:
            names = self.without_metric
            listed = ", ".join(names[:5])
            if len(names) > 5:
                listed += f" and {len(names) - 5} more"
            notes.append(
                count_text(len(names), "trial component has", "trial components have")
                + f" no metric {metric}: {listed}."
            )
        if self.without_step:
            notes.append(
                count_text(self.without_step, "point without a step", "points without a step")
                + f" {is_are(self.without_step)} not shown; chart against wall_time to see them."
            )
        if self.non_finite:
            notes.append(
                count_text(
                    self.non_finite,
                    f"point whose value is NaN, infinite or beyond ±{DRAWABLE_LIMIT:g}",
                    f"points whose values are NaN, infinite or beyond ±{DRAWABLE_LIMIT:g}",
                )
                + f" {is_are(self.non_finite)} not shown."
            )
        if options.log_x and self.non_positive_x:
            notes.append(
                count_text(self.non_positive_x, "point at an x", "points at x values")
                + f" ≤ 0 {is_are(self.non_positive_x)} not shown on the log x axis."
            )
        if options.log_y and self.non_positive:
            notes.append(log_note(self.non_positive, "y"))
        return notes


def series_traces(
    go: Any,
    series: Series,
    window: Span,
    name: str,
    display: str,
    color: str,
    options: LineOptions,
) -> list[Any]:
    """Return the traces of one component: the series, or its smoothed line over a faint raw one."""
    lines = [("raw", series.values)]
    if options.smoothing:
        lines = [("smoothed", _smoothed(series.values, options.smoothing))]
        if options.show_raw:
            lines.insert(0, ("raw", series.values))

    # On a log axis the buckets are equal in log10 of the x values drawn:
    # steps, or seconds since the first point.
    bucket_x = series.x.astype(float) if options.log_x else series.positions
    traces = []
    for role, values in lines:
        inside = slice(window.begin, window.end)
        chosen = window.with_neighbours(
            downsample(bucket_x[inside], values[inside], options.max_points, options.log_x)
        )
        drawn = values[chosen]
        hidden = ~drawable_array(drawn)
        if options.log_y:
            hidden |= drawn <= 0
        if options.log_x:
            hidden |= series.x[chosen] <= 0
        # NaN leaves a gap in the line instead of joining its neighbours.
        y = np.where(hidden, np.nan, drawn)
        faint = role == "raw" and options.smoothing > 0
        traces.append(
            go.Scatter(
                x=series.x[chosen],
                y=y,
                name=html.escape(name),
                legendgroup=name,
                showlegend=not faint,
                mode="lines+markers" if chosen.size <= _MARKERS_MAX else "lines",
                line={"color": color},
                opacity=_RAW_OPACITY if faint else None,
                meta=[html.escape(display), html.escape(name), html.escape(options.metric)],
                hovertemplate="<b>%{meta[0]}</b><br>%{meta[1]}<br>x: %{x}<br>"
                + ("raw " if faint else "")
                + "%{meta[2]}: %{y}<extra></extra>",
            )
        )
    return traces


def layout_range(
    bounds: tuple[float, float] | None, axis: str, log_x: bool = False
) -> dict[str, Any]:
    """Return the x axis layout that shows ``bounds``, or nothing for the whole axis."""
    if bounds is None:
        return {}
    if axis == "wall_time":
        # The traces carry naive UTC times, so the range leaves out the "Z".
        return {"range": [iso_utc(bound).removesuffix("Z") for bound in bounds]}
    if log_x:
        # Plotly reads the range of a log axis as powers of ten.
        return {"range": [math.log10(bound) for bound in bounds]}
    return {"range": list(bounds)}


def _smoothed(values: np.ndarray, weight: float) -> np.ndarray:
    finite = drawable_array(values)
    series = pd.Series(np.where(finite, values, np.nan))
    average = series.ewm(alpha=1 - weight, adjust=False, ignore_na=True).mean().to_numpy()
    return np.where(finite, average, np.nan)
