"""Plotly charts of trial components for notebooks.

``summary_chart`` draws one point per trial component from an
``ExperimentAnalytics`` table, e.g. a metric statistic against a parameter.
``time_series_chart`` draws the points of one metric, one line per component.
Both return ``plotly.graph_objects.Figure`` objects, which JupyterLab renders
inline.

Values that an axis cannot show are left out, never silently: a note on the
figure counts the points that are not shown and gives the reason (no value, an
infinite or NaN value, a value of 0 or less on a log axis, no step on a step
axis). Text values always get a category axis, so labels such as ``123456``
or ``12.1`` stay separate categories instead of being read as numbers.
Names and labels are HTML-escaped, because plotly renders a subset of HTML
in text.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._clients import resolve_client
from ._downsample import MAX_POINTS_MIN, downsample
from ._series_window import Span, finite_float
from ._time import iso_utc, to_epoch
from .exceptions import ResourceNotFound, ValidationError

if TYPE_CHECKING:
    import plotly.graph_objects as go

SUMMARY_KINDS = ("line", "scatter", "bar", "histogram")
TIME_AXES = ("step", "wall_time", "relative_time")
_AXIS_TITLES = {
    "step": "Step",
    "wall_time": "Wall time (UTC)",
    "relative_time": "Relative time (s)",
}
_SORT_BY = {"step": "Step", "wall_time": "Timestamp", "relative_time": "Timestamp"}
# Lines of up to this many points also draw markers, so single points between
# gaps stay visible.
_MARKERS_MAX = 100
# Opacity of the raw series drawn behind a smoothed one.
_RAW_OPACITY = 0.25
# Top margin of a figure without a title, in pixels: room for the mode bar.
_UNTITLED_TOP_MARGIN = 40


def _plotly() -> Any:
    try:
        import plotly.graph_objects as go
    except ImportError as error:
        raise ImportError(
            "jupyterlab_experiments.charts needs plotly, which is not installed. "
            "Install it with: pip install plotly"
        ) from error
    return go


# -- summary charts ------------------------------------------------------------


def summary_chart(
    data: Any,
    x: str,
    y: str | None = None,
    *,
    color: str | None = None,
    kind: str = "line",
    log_x: bool = False,
    log_y: bool = False,
    title: str | None = None,
) -> go.Figure:
    """Draw one point per trial component from an ExperimentAnalytics table.

    Parameters
    ----------
    data : ExperimentAnalytics or pandas.DataFrame
        The table, or the DataFrame from its ``dataframe()``.
    x, y : str
        Column names, e.g. ``"hidden_channels"`` and ``"test:loss - Last"``.
        ``y`` is not used by histograms, which count the components per ``x``.
    color : str, optional
        A column whose values split the components into traces, e.g. a
        parameter, ``"TrialComponentName"`` or ``"Trials"`` (a component in
        several trials gets the label of all of them).
    kind : {"line", "scatter", "bar", "histogram"}, default "line"
        Lines join the points in the order of ``x``: numbers in numeric
        order, then text.
    log_x, log_y : bool, default False
        Use a log axis. Values of 0 or less are left out, and a note on the
        figure counts them.
    title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValidationError
        If ``kind`` is unknown, a column does not exist, ``y`` is missing or
        not numeric where the kind needs it, or a log axis has text values.

    Examples
    --------
    >>> summary_chart(  # doctest: +SKIP
    ...     ExperimentAnalytics(experiment_name="mnist"),
    ...     x="hidden_channels",
    ...     y="test:loss - Last",
    ... )
    """
    go = _plotly()
    frame = _frame(data)
    if kind not in SUMMARY_KINDS:
        raise ValidationError.invalid("kind", kind, f"must be one of {', '.join(SUMMARY_KINDS)}")
    if kind == "histogram":
        if y is not None:
            raise ValidationError.invalid(
                "y", y, "must be omitted for a histogram, which counts components per x value"
            )
    elif y is None:
        raise ValidationError.invalid("y", y, f"is required for a {kind} chart")
    for argument, column in (("x", x), ("y", y), ("color", color)):
        if column is not None and column not in frame.columns:
            raise ValidationError.invalid(argument, column, _column_rule(frame))

    notes: list[str] = []
    rows = _summary_rows(frame, x, y, color, notes)
    x_axis = _Axis.of([row["x"] for row in rows], x, "log_x" if log_x else None)
    y_axis = (
        _Axis.of([row["y"] for row in rows], y, "log_y" if log_y else None)
        if y is not None
        else None
    )
    if kind == "bar" and y_axis is not None and y_axis.is_category:
        raise ValidationError.invalid("y", y, "must be a numeric column for a bar chart")
    rows = x_axis.drop_non_positive(rows, "x", notes)
    if y_axis is not None:
        rows = y_axis.drop_non_positive(rows, "y", notes)

    figure = go.Figure()
    # Sorted for every kind, so that the figure's data has a stable order.
    rows.sort(key=lambda row: _order_key(row["x"]))
    for label, group in _groups(rows):
        figure.add_trace(_summary_trace(go, kind, group, x_axis, y_axis, label, color))

    figure.update_layout(
        title=None if title is None else html.escape(title),
        xaxis=x_axis.layout(),
        yaxis=y_axis.layout() if y_axis is not None else {"title": {"text": "Count"}},
        showlegend=color is not None,
        legend_title_text=None if color is None else html.escape(color),
        barmode="group" if kind == "bar" else "overlay",
    )
    if title is None:
        # Plotly's default top margin of 100 pixels leaves room for a title;
        # without one it would take a third of a notebook figure's height.
        figure.update_layout(margin={"t": _UNTITLED_TOP_MARGIN})
    _add_notes(figure, notes)
    return figure


def _frame(data: Any) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        return data
    if callable(getattr(data, "dataframe", None)):
        return data.dataframe()
    raise ValidationError.invalid(
        "data", type(data).__name__, "must be an ExperimentAnalytics or a DataFrame from it"
    )


def _column_rule(frame: pd.DataFrame) -> str:
    names = [str(name) for name in frame.columns]
    shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
    return f"must be a column of the table ({shown or 'the table has no columns'})"


def _summary_rows(
    frame: pd.DataFrame, x: str, y: str | None, color: str | None, notes: list[str]
) -> list[dict[str, Any]]:
    """Return the plottable components, each as {"name", "display", "x", "y", "color"}."""
    names = [str(index) for index in frame.index]
    if "TrialComponentName" in frame.columns:
        names = frame["TrialComponentName"].tolist()
    displays = _cells(frame, "DisplayName")
    columns = zip(
        names, displays, _cells(frame, x), _cells(frame, y), _cells(frame, color), strict=True
    )

    rows, missing, infinite = [], 0, 0
    for name, display, x_value, y_value, color_value in columns:
        values = [x_value] if y is None else [x_value, y_value]
        if any(value is None for value in values):
            missing += 1
            continue
        if any(_is_number(value) and math.isinf(value) for value in values):
            infinite += 1
            continue
        display = display or name
        rows.append(
            {"name": name, "display": display, "x": x_value, "y": y_value, "color": color_value}
        )
    if missing:
        columns = x if y is None else f"{x} or {y}"
        notes.append(
            _count(missing, "trial component has", "trial components have")
            + f" no value of {columns} and {_is_are(missing)} not shown."
        )
    if infinite:
        notes.append(
            _count(infinite, "point with an infinite value", "points with infinite values")
            + f" {_is_are(infinite)} not shown."
        )
    return rows


def _cells(frame: pd.DataFrame, column: str | None) -> list[Any]:
    """Return a column's cells through ``_cell``, or None for each row if there is no column."""
    if column is None or column not in frame.columns:
        return [None] * len(frame)
    return [_cell(value) for value in frame[column].tolist()]


def _groups(rows: list[dict[str, Any]]) -> list[tuple[str | None, list[dict[str, Any]]]]:
    """Split rows by color value; groups come in the order numbers, text, missing."""
    if not rows:
        return []
    if all(row["color"] is None for row in rows):
        return [(None, rows)]
    by_value: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        by_value.setdefault(row["color"], []).append(row)
    labels = _Labels([value for value in by_value if value is not None])
    ordered = sorted(by_value, key=_order_key)
    return [(None if value is None else labels.of(value), by_value[value]) for value in ordered]


def _summary_trace(
    go: Any,
    kind: str,
    rows: list[dict[str, Any]],
    x_axis: _Axis,
    y_axis: _Axis | None,
    label: str | None,
    color: str | None,
) -> Any:
    name = "(no value)" if label is None and color is not None else label
    common: dict[str, Any] = {
        "x": [x_axis.plotted(row["x"]) for row in rows],
        "name": None if name is None else html.escape(name),
    }
    if kind == "histogram":
        return go.Histogram(**common, opacity=0.6 if color is not None else None)
    assert y_axis is not None
    common["y"] = [y_axis.plotted(row["y"]) for row in rows]
    common["customdata"] = [
        [html.escape(str(row["display"])), html.escape(str(row["name"]))] for row in rows
    ]
    common["meta"] = [html.escape(x_axis.title), html.escape(y_axis.title)]
    common["hovertemplate"] = (
        "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
        "%{meta[0]}: %{x}<br>%{meta[1]}: %{y}<extra></extra>"
    )
    if kind == "bar":
        # NOTE: components with the same x in one color group are drawn over
        # each other; color by TrialComponentName to see each of them.
        return go.Bar(**common)
    mode = "lines+markers" if kind == "line" else "markers"
    return go.Scatter(**common, mode=mode)


# -- time-series charts --------------------------------------------------------


def time_series_chart(
    components: Any,
    metric: str,
    *,
    x: str = "step",
    max_points: int = 2000,
    smoothing: float = 0.0,
    log_y: bool = False,
    show_raw: bool = True,
    x_range: Sequence[Any] | None = None,
    title: str | None = None,
    sagemaker_boto_client: Any = None,
) -> go.Figure:
    """Draw the points of one metric, one line per trial component.

    Parameters
    ----------
    components : TrialComponent, str, or a list of them
        Trial components, or their names. Objects use their own client.
    metric : str
        The metric's name, e.g. ``"test:loss"``.
    x : {"step", "wall_time", "relative_time"}, default "step"
        ``step`` draws points in step order, points with equal steps in the
        order of their timestamps, and leaves out points without a step.
        ``wall_time`` (UTC) and ``relative_time`` (seconds since the
        component's first point) draw points in time order.
    max_points : int, default 2000
        Points drawn per line, at least 2. A longer series is downsampled in
        buckets over x that keep each bucket's first, minimum, maximum and last
        point, so spikes stay visible.
    smoothing : float, default 0.0
        Weight ``w`` from 0 (none) to below 1 of an exponential moving average
        ``s[i] = w * s[i - 1] + (1 - w) * v[i]`` with ``s[0] = v[0]``, computed
        over all points in drawing order and skipping NaN and infinite values.
        The smoothed line is then downsampled like the raw one.
    log_y : bool, default False
        Use a log y axis. Values of 0 or less leave a gap, and a note on the
        figure counts them.
    show_raw : bool, default True
        With smoothing, also draw the raw series, faintly.
    x_range : (low, high), optional
        Draw only this part of the x axis, inclusive, with up to
        ``max_points`` points of it per line, so a narrow range shows every
        point. Steps or seconds as numbers; for ``wall_time``, anything that
        ``Tracker.log_metric`` accepts as a timestamp. Smoothing still runs
        over the whole series, so the lines match the full chart's.
    title : str, optional
        Default: the metric's name.
    sagemaker_boto_client : object, optional
        The client for components given by name. Default: the default store.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValidationError
        If an argument is invalid.
    ResourceNotFound
        If a trial component does not exist. A component without the metric
        is left out, and a note on the figure names it.
    """
    go = _plotly()
    if x not in TIME_AXES:
        raise ValidationError.invalid("x", x, f"must be one of {', '.join(TIME_AXES)}")
    if isinstance(max_points, bool) or not isinstance(max_points, int):
        raise ValidationError.invalid("max_points", max_points, "must be an integer")
    if max_points < MAX_POINTS_MIN:
        raise ValidationError.invalid(
            "max_points", max_points, f"must be at least {MAX_POINTS_MIN}"
        )
    if isinstance(smoothing, bool) or not isinstance(smoothing, (int, float)):
        raise ValidationError.invalid("smoothing", smoothing, "must be a number")
    if not 0 <= smoothing < 1:
        raise ValidationError.invalid("smoothing", smoothing, "must be from 0 to below 1")

    bounds = _checked_x_range(x_range, x)
    options = _LineOptions(metric, max_points, float(smoothing), log_y, show_raw)
    omitted = _Omitted()
    figure = go.Figure()
    palette = _palette()
    for index, (name, display, client) in enumerate(
        _resolved_components(components, sagemaker_boto_client)
    ):
        try:
            response = client.get_metric_data(
                TrialComponentName=name, MetricName=metric, SortBy=_SORT_BY[x]
            )
        except ResourceNotFound as error:
            if error.field != "MetricName":
                raise
            omitted.without_metric.append(name)
            continue
        series = _Series.from_points(response["Points"], x)
        window = series.window(bounds, x)
        omitted.count(series, log_y, window)
        color = palette[index % len(palette)]
        figure.add_traces(_series_traces(go, series, window, name, display, color, options))

    figure.update_layout(
        title=html.escape(metric if title is None else title),
        xaxis={
            "title": {"text": _AXIS_TITLES[x]},
            "type": "date" if x == "wall_time" else "linear",
            **_layout_range(bounds, x),
        },
        yaxis={"title": {"text": html.escape(metric)}, "type": "log" if log_y else "linear"},
        legend_title_text="Trial component",
    )
    _add_notes(figure, omitted.notes(metric, log_y))
    return figure


def _resolved_components(components: Any, client: Any) -> list[tuple[str, str, Any]]:
    """Return (name, display name, client) of each component."""
    if isinstance(components, str) or not isinstance(components, Iterable):
        components = [components]
    resolved = []
    for component in components:
        if isinstance(component, str):
            name, display, own_client = component, component, None
        else:
            name = getattr(component, "trial_component_name", None)
            if not isinstance(name, str):
                raise ValidationError.invalid(
                    "components", component, "must be TrialComponent objects or names"
                )
            display = getattr(component, "display_name", None) or name
            own_client = getattr(component, "sagemaker_boto_client", None)
        if own_client is None:
            own_client = resolve_client(client)
        resolved.append((name, display, own_client))
    return resolved


@dataclass(frozen=True)
class _Series:
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
    def from_points(cls, points: Sequence[dict[str, Any]], axis: str) -> _Series:
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
class _LineOptions:
    """The arguments of ``time_series_chart`` that shape every line."""

    metric: str
    max_points: int
    smoothing: float
    log_y: bool
    show_raw: bool


@dataclass
class _Omitted:
    """Counts of the points and components that a time-series chart cannot draw."""

    without_metric: list[str] = field(default_factory=list)
    without_step: int = 0
    non_finite: int = 0
    non_positive: int = 0

    def count(self, series: _Series, log_y: bool, window: Span) -> None:
        """Count a series' points without a step, NaN or infinite, and <= 0 on a log axis.

        Only points inside ``window`` count, except those without a step,
        which have no place on any part of a step axis.
        """
        values = series.values[window.begin : window.end]
        finite = np.isfinite(values)
        self.without_step += series.without_step
        self.non_finite += int((~finite).sum())
        if log_y:
            self.non_positive += int((finite & (values <= 0)).sum())

    def notes(self, metric: str, log_y: bool) -> list[str]:
        """Return one sentence per kind of omission."""
        notes = []
        if self.without_metric:
            names = self.without_metric
            shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
            notes.append(
                _count(len(names), "trial component has", "trial components have")
                + f" no metric {metric}: {shown}."
            )
        if self.without_step:
            notes.append(
                _count(self.without_step, "point without a step", "points without a step")
                + f" {_is_are(self.without_step)} not shown; chart against wall_time to see them."
            )
        if self.non_finite:
            notes.append(
                _count(
                    self.non_finite,
                    "point with a NaN or infinite value",
                    "points with NaN or infinite values",
                )
                + f" {_is_are(self.non_finite)} not shown."
            )
        if log_y and self.non_positive:
            notes.append(_log_note(self.non_positive, "y"))
        return notes


def _series_traces(
    go: Any,
    series: _Series,
    window: Span,
    name: str,
    display: str,
    color: str,
    options: _LineOptions,
) -> list[Any]:
    """Return the traces of one component: the series, or its smoothed line over a faint raw one."""
    lines = [("raw", series.values)]
    if options.smoothing:
        lines = [("smoothed", _smoothed(series.values, options.smoothing))]
        if options.show_raw:
            lines.insert(0, ("raw", series.values))

    traces = []
    for role, values in lines:
        inside = slice(window.begin, window.end)
        kept = window.with_neighbours(
            downsample(series.positions[inside], values[inside], options.max_points)
        )
        drawn = values[kept]
        hidden = ~np.isfinite(drawn)
        if options.log_y:
            hidden |= drawn <= 0
        # NaN leaves a gap in the line instead of joining its neighbours.
        y = np.where(hidden, np.nan, drawn)
        faint = role == "raw" and options.smoothing > 0
        traces.append(
            go.Scatter(
                x=series.x[kept],
                y=y,
                name=html.escape(name),
                legendgroup=name,
                showlegend=not faint,
                mode="lines+markers" if kept.size <= _MARKERS_MAX else "lines",
                line={"color": color},
                opacity=_RAW_OPACITY if faint else None,
                meta=[html.escape(display), html.escape(name), html.escape(options.metric)],
                hovertemplate="<b>%{meta[0]}</b><br>%{meta[1]}<br>x: %{x}<br>"
                + ("raw " if faint else "")
                + "%{meta[2]}: %{y}<extra></extra>",
            )
        )
    return traces


def _checked_x_range(x_range: Any, axis: str) -> tuple[float, float] | None:
    """Return the bounds of ``x_range`` as numbers on ``axis``, or None for the whole axis."""
    if x_range is None:
        return None
    if isinstance(x_range, (str, bytes)) or not isinstance(x_range, Sequence) or len(x_range) != 2:
        raise ValidationError.invalid("x_range", x_range, "must be a pair (low, high)")
    if axis == "wall_time":
        low, high = (to_epoch(bound, "x_range") for bound in x_range)
    else:
        low, high = (finite_float(bound) for bound in x_range)
        if low is None or high is None:
            raise ValidationError.invalid("x_range", x_range, "must be a pair of finite numbers")
    if low > high:
        raise ValidationError.invalid("x_range", x_range, "low must not exceed high")
    return low, high


def _layout_range(bounds: tuple[float, float] | None, axis: str) -> dict[str, Any]:
    """Return the x axis layout that shows ``bounds``, or nothing for the whole axis."""
    if bounds is None:
        return {}
    if axis == "wall_time":
        # The traces carry naive UTC times, so the range leaves out the "Z".
        return {"range": [iso_utc(bound).removesuffix("Z") for bound in bounds]}
    return {"range": list(bounds)}


def _smoothed(values: np.ndarray, weight: float) -> np.ndarray:
    finite = np.isfinite(values)
    series = pd.Series(np.where(finite, values, np.nan))
    average = series.ewm(alpha=1 - weight, adjust=False, ignore_na=True).mean().to_numpy()
    return np.where(finite, average, np.nan)


# -- axes, values and notes ----------------------------------------------------


class _Axis:
    """The axis of one column: numeric (linear or log) or category."""

    def __init__(self, title: str, labels: _Labels | None, log: bool) -> None:
        self.title = title
        self.labels = labels
        self.log = log

    @classmethod
    def of(cls, values: list[Any], title: str, log_field: str | None) -> _Axis:
        """Choose the axis for the column's values: category as soon as one is text.

        ``log_field`` names the argument that requests a log axis, if any.
        """
        if not any(isinstance(value, str) for value in values):
            return cls(title, None, log_field is not None)
        if log_field is not None:
            text = next(value for value in values if isinstance(value, str))
            raise ValidationError.invalid(
                log_field,
                True,
                f"a log axis needs numbers, but {title} has text values such as {text!r}",
            )
        return cls(title, _Labels(values), False)

    @property
    def is_category(self) -> bool:
        return self.labels is not None

    def plotted(self, value: Any) -> Any:
        return self.labels.of(value) if self.labels is not None else float(value)

    def drop_non_positive(
        self, rows: list[dict[str, Any]], key: str, notes: list[str]
    ) -> list[dict[str, Any]]:
        if not self.log:
            return rows
        kept = [row for row in rows if row[key] > 0]
        if len(kept) < len(rows):
            notes.append(_log_note(len(rows) - len(kept), key))
        return kept

    def layout(self) -> dict[str, Any]:
        axis: dict[str, Any] = {"title": {"text": html.escape(self.title)}}
        if self.labels is not None:
            # Explicit, so that numeric-looking labels never turn the axis numeric.
            axis.update(type="category", categoryorder="array", categoryarray=self.labels.ordered)
        else:
            axis["type"] = "log" if self.log else "linear"
        return axis


class _Labels:
    """Category labels of a column's values: numbers in numeric order, then text."""

    def __init__(self, values: Iterable[Any]) -> None:
        distinct = sorted(set(values), key=_order_key)
        number_labels = {_number_label(value) for value in distinct if _is_number(value)}
        self._labels = {}
        for value in distinct:
            label = _number_label(value) if _is_number(value) else str(value)
            if isinstance(value, str) and label in number_labels:
                # Text "256" next to the number 256 would merge into one category.
                label = json.dumps(value)
            self._labels[value] = label
        self.ordered = list(self._labels.values())

    def of(self, value: Any) -> str:
        return self._labels[value]


def _cell(value: Any) -> Any:
    """Return a table cell as a number, a string, or None when missing.

    The Trials and Experiments columns hold a list per component, which
    becomes one label.
    """
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(str(item) for item in value) or None
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if _is_number(value) and math.isnan(value):
        return None
    return value


def _number_label(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )


def _order_key(value: Any) -> tuple[int, Any]:
    """Order numbers numerically, then text, then missing values (None)."""
    if value is None:
        return (2, "")
    if _is_number(value):
        return (0, float(value))
    return (1, str(value))


def _count(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _is_are(count: int) -> str:
    return "is" if count == 1 else "are"


def _log_note(count: int, axis: str) -> str:
    return (
        _count(count, "point with a value", "points with values")
        + f" ≤ 0 {_is_are(count)} not shown on the log {axis} axis."
    )


def _palette() -> list[str]:
    import plotly.colors

    return list(plotly.colors.qualitative.Plotly)


def _add_notes(figure: go.Figure, notes: list[str]) -> None:
    if not notes:
        return
    figure.add_annotation(
        text="<br>".join(html.escape(note) for note in notes),
        xref="paper",
        yref="paper",
        x=0,
        y=1,
        xanchor="left",
        yanchor="bottom",
        align="left",
        showarrow=False,
        font={"size": 11},
    )
    # 100 pixels is plotly's default top margin.
    top = figure.layout.margin.t if figure.layout.margin.t is not None else 100
    figure.update_layout(margin={"t": top + 16 * len(notes)})
