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
import itertools
import json
import math
import numbers
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._chart_args import (
    check_client,
    checked_choice,
    checked_flag,
    checked_max_points,
    checked_smoothing,
    checked_title,
    checked_x_range,
    resolved_components,
)
from ._chart_notes import DRAWABLE_LIMIT, add_notes, count_text, drawable, is_are, log_note
from ._chart_series import LineOptions, Omitted, Series, layout_range, series_traces
from ._limits import METRIC_NAME_MAX, check_text
from ._log_bins import count_log_bins, log_bin_edges
from ._series_window import finite_float
from .exceptions import ResourceNotFound, ValidationError, quote_value

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
        The table, or the DataFrame from its ``dataframe()``. Column labels
        must be strings in one level, as in that table.
    x, y : str
        Column names, e.g. ``"hidden_channels"`` and ``"test:loss - Last"``.
        ``y`` is not used by histograms, which count the components per ``x``.
        The columns must contain numbers or text. A text value makes the axis
        a category axis.
    color : str, optional
        A column whose values split the components into traces, e.g. a
        parameter, ``"TrialComponentName"`` or ``"Trials"`` (a component in
        several trials gets the label of all of them). Values other than
        numbers and text, such as dicts, are labelled by their ``str()``.
    kind : {"line", "scatter", "bar", "histogram"}, default "line"
        Lines join the points in the order of ``x``: numbers in numeric
        order, then text.
    log_x, log_y : bool, default False
        Use a log axis. Values of 0 or less are left out, and a note on the
        figure counts them.
    title : str, optional
        A non-empty string.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValidationError
        Before drawing anything, if ``data`` is not a table with one level
        of column labels, ``kind`` is unknown, ``x``, ``y``, ``color`` or
        ``title`` is not a non-empty string, a column does not exist or
        names several columns of the table, ``log_x`` or ``log_y`` is not a
        bool, or ``y`` is missing or given where the kind needs otherwise.
        While reading the table, if an ``x`` or ``y`` column contains values
        other than numbers and text (e.g. timestamps or complex numbers),
        ``y`` has text for a bar chart, a log axis has text values, or the
        table has several TrialComponentName or DisplayName columns.

    Examples
    --------
    >>> summary_chart(  # doctest: +SKIP
    ...     ExperimentAnalytics(experiment_name="mnist"),
    ...     x="hidden_channels",
    ...     y="test:loss - Last",
    ... )
    """
    kind = checked_choice("kind", kind, SUMMARY_KINDS)
    x = _checked_column_name("x", x)
    y = _checked_y(y, kind)
    color = None if color is None else _checked_column_name("color", color)
    log_x = checked_flag("log_x", log_x)
    log_y = checked_flag("log_y", log_y)
    title = checked_title(title)

    go = _plotly()
    frame = _frame(data)
    for argument, column in (("x", x), ("y", y), ("color", color)):
        if column is not None:
            _check_column(frame, argument, column)

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
    # Plotly bins in data units, which fails on a log axis.
    edges = (
        log_bin_edges([row["x"] for row in rows])
        if kind == "histogram" and log_x and not x_axis.is_category
        else None
    )
    for label, group in _groups(rows):
        if edges is not None:
            figure.add_trace(_log_histogram_trace(go, group, edges, label, color))
            continue
        figure.add_trace(_summary_trace(go, kind, group, x_axis, y_axis, label, color))

    xaxis = x_axis.layout()
    if edges:
        # Plotly fits a log axis to the middles of the bars, which cuts off
        # the outer halves of the first and last bins.
        xaxis["range"] = [math.log10(edges[0]), math.log10(edges[-1])]
    figure.update_layout(
        title=None if title is None else html.escape(title),
        xaxis=xaxis,
        yaxis=y_axis.layout() if y_axis is not None else {"title": {"text": "Count"}},
        showlegend=color is not None,
        legend_title_text=None if color is None else html.escape(color),
        barmode="group" if kind == "bar" else "overlay",
    )
    if title is None:
        # Plotly's default top margin of 100 pixels leaves room for a title;
        # without one it would take a third of a notebook figure's height.
        figure.update_layout(margin={"t": _UNTITLED_TOP_MARGIN})
    add_notes(figure, notes)
    return figure


def _checked_y(y: Any, kind: str) -> str | None:
    """Check ``y`` against the kind: a histogram has none, every other kind needs one."""
    if kind == "histogram":
        if y is not None:
            raise ValidationError.invalid(
                "y", y, "must be omitted for a histogram, which counts components per x value"
            )
        return None
    if y is None:
        raise ValidationError.invalid("y", y, f"is required for a {kind} chart")
    return _checked_column_name("y", y)


def _checked_column_name(field: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValidationError.invalid(field, value, "must be a string naming a column of the table")
    return value


def _frame(data: Any) -> pd.DataFrame:
    """Return the DataFrame of ``data``, after checking that its column labels have one level."""
    rule = "must be an ExperimentAnalytics or a DataFrame from it"
    if isinstance(data, pd.DataFrame):
        frame = data
    elif callable(getattr(data, "dataframe", None)):
        frame = data.dataframe()
        if not isinstance(frame, pd.DataFrame):
            raise ValidationError.invalid(
                "data",
                type(data).__name__,
                f"{rule}, but its dataframe() returned a {type(frame).__name__}",
            )
    else:
        raise ValidationError.invalid("data", type(data).__name__, rule)

    # A column name of a MultiIndex selects several columns, not one.
    if isinstance(frame.columns, pd.MultiIndex):
        raise ValidationError.invalid(
            "data",
            f"DataFrame with {frame.columns.nlevels} levels of column labels",
            "must have one level of column labels. Join the levels of each label into one string",
        )
    return frame


def _check_column(frame: pd.DataFrame, field: str, name: str) -> None:
    """Check that ``name`` labels exactly one column of the table."""
    count = _column_count(frame, name)
    if count == 0:
        raise ValidationError.invalid(field, name, _column_rule(frame))
    if count > 1:
        raise ValidationError.invalid(
            field, name, f"names {count} columns of the table. Rename or drop the duplicates"
        )


def _has_column(frame: pd.DataFrame, name: str) -> bool:
    """Return whether the table has the column ``name``, which it may have only once."""
    count = _column_count(frame, name)
    if count > 1:
        raise ValidationError.invalid(
            "data",
            name,
            f"must have at most one column named {name}, but has {count}. "
            "Rename or drop the duplicates",
        )
    return count == 1


def _column_count(frame: pd.DataFrame, name: str) -> int:
    # Compared label by label, because `in` on a DatetimeIndex also matches
    # partial dates such as "2024".
    return sum(1 for label in frame.columns if isinstance(label, str) and label == name)


def _column_rule(frame: pd.DataFrame) -> str:
    names = [str(name) for name in frame.columns]
    shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
    rule = f"must be a column of the table ({shown or 'the table has no columns'})"
    other = next((label for label in frame.columns if not isinstance(label, str)), None)
    if other is not None:
        rule += (
            f". Only string labels can be charted, and the table has labels such as {other!r} "
            f"({type(other).__name__}). Rename them, e.g. with frame.rename(columns=str)"
        )
    return rule


def _summary_rows(
    frame: pd.DataFrame, x: str, y: str | None, color: str | None, notes: list[str]
) -> list[dict[str, Any]]:
    """Return the plottable components, each as {"name", "display", "x", "y", "color"}."""
    names = [str(index) for index in frame.index]
    if _has_column(frame, "TrialComponentName"):
        names = frame["TrialComponentName"].tolist()
    displays = _cells(frame, "DisplayName" if _has_column(frame, "DisplayName") else None)
    columns = zip(
        names,
        displays,
        _axis_cells(frame, "x", x),
        _axis_cells(frame, "y", y),
        _color_cells(frame, color),
        strict=True,
    )

    rows, missing, infinite = [], 0, 0
    for name, display, x_value, y_value, color_value in columns:
        values = [x_value] if y is None else [x_value, y_value]
        if any(value is None for value in values):
            missing += 1
            continue
        if any(_is_number(value) and not drawable(value) for value in values):
            infinite += 1
            continue
        display = display or name
        rows.append(
            {"name": name, "display": display, "x": x_value, "y": y_value, "color": color_value}
        )
    if missing:
        columns = x if y is None else f"{x} or {y}"
        notes.append(
            count_text(missing, "trial component has", "trial components have")
            + f" no value of {columns} and {is_are(missing)} not shown."
        )
    if infinite:
        notes.append(
            count_text(
                infinite,
                f"point whose value is infinite or beyond ±{DRAWABLE_LIMIT:g}",
                f"points whose values are infinite or beyond ±{DRAWABLE_LIMIT:g}",
            )
            + f" {is_are(infinite)} not shown."
        )
    return rows


def _cells(frame: pd.DataFrame, column: str | None) -> list[Any]:
    """Return a column's cells through ``_cell``, or None for each row if there is no column."""
    if column is None:
        return [None] * len(frame)
    return [_cell(value) for value in frame[column].tolist()]


def _axis_cells(frame: pd.DataFrame, field: str, column: str | None) -> list[Any]:
    """Return the cells of the column of argument ``field``, which must be numbers or text.

    Booleans are accepted as well, and a numeric axis plots them as 0 and 1.
    """
    cells = _cells(frame, column)
    for cell in cells:
        if cell is None or isinstance(cell, (str, bool)) or _is_number(cell):
            continue
        raise ValidationError.invalid(
            field,
            column,
            "must name a column of real numbers or text, but it contains "
            f"{type(cell).__name__} values such as {quote_value(cell)}",
        )
    return cells


def _color_cells(frame: pd.DataFrame, column: str | None) -> list[Any]:
    """Return the cells of the color column, with values other than numbers and text as text.

    Groups are keyed by value, so unhashable values such as dicts need a label.
    """
    cells = _cells(frame, column)
    return [
        cell if cell is None or isinstance(cell, (str, bool)) or _is_number(cell) else str(cell)
        for cell in cells
    ]


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


def _log_histogram_trace(
    go: Any, rows: list[dict[str, Any]], edges: list[float], label: str | None, color: str | None
) -> Any:
    """Return log bins as bars, each starting at its bin's start and as wide as the bin.

    Plotly places a bar given by its middle with rounding that moves the edges
    of bins many decades wide, so each bar is given by its start (offset 0).
    """
    counts = count_log_bins([row["x"] for row in rows], edges)
    bins = list(itertools.pairwise(edges))
    name = "(no value)" if label is None and color is not None else label
    return go.Bar(
        x=[low for low, _ in bins],
        offset=0,
        width=[high - low for low, high in bins],
        y=counts,
        name=None if name is None else html.escape(name),
        opacity=0.6 if color is not None else None,
        customdata=[[f"{low:.4g}", f"{high:.4g}"] for low, high in bins],
        hovertemplate="%{customdata[0]} – %{customdata[1]}<br>Count: %{y}<extra></extra>",
    )


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
    log_x: bool = False,
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
        Trial components, or their names. Objects use their own client. Any
        iterable of them works, e.g. a table's ``TrialComponentName`` column,
        but a DataFrame itself does not.
    metric : str
        The metric's name, e.g. ``"test:loss"``: 1 to 255 characters.
    x : {"step", "wall_time", "relative_time"}, default "step"
        ``step`` draws points in step order, points with equal steps in the
        order of their timestamps, and leaves out points without a step.
        ``wall_time`` (UTC) and ``relative_time`` (seconds since the
        component's first point) draw points in time order.
    max_points : int, default 2000
        Points drawn per line, at least 2. A longer series is downsampled in
        buckets over x that keep each bucket's first, minimum, maximum and last
        point, so spikes stay visible. NumPy integers work too.
    smoothing : float, default 0.0
        Weight ``w`` from 0 (none) to below 1 of an exponential moving average
        ``s[i] = w * s[i - 1] + (1 - w) * v[i]`` with ``s[0] = v[0]``, computed
        over all points in drawing order and skipping the values left out
        (NaN, infinite or beyond ±1e304).
        The smoothed line is then downsampled like the raw one.
    log_x : bool, default False
        Use a log x axis, for ``step`` and ``relative_time``. Downsampling
        buckets are then equal in log10(x), so each decade keeps its detail.
        Points at x of 0 or less leave a gap, and a note counts them.
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
        over the whole series, so the lines match the full chart's. The pair
        may be any sequence or 1-D array of two bounds.
    title : str, optional
        A non-empty string. Default: the metric's name.
    sagemaker_boto_client : object, optional
        The client for components given by name, with boto3's
        ``get_metric_data`` method. Default: the default store.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValidationError
        Before reading any metric, if an argument is invalid: ``components``
        contains something other than TrialComponent objects and valid names
        (or is a DataFrame or dict), ``metric`` is not a string of 1 to 255
        characters, ``x`` is unknown, ``max_points`` is not an integer of at
        least 2, ``smoothing`` is not a number from 0 to below 1, ``log_x``,
        ``log_y`` or ``show_raw`` is not a bool, ``log_x`` is set with
        ``wall_time``, ``x_range`` is not two ordered bounds (above 0 with
        ``log_x``),
        ``title`` is not a non-empty string, or ``sagemaker_boto_client`` has
        no ``get_metric_data`` method.
    ResourceNotFound
        If a trial component does not exist. A component without the metric
        is left out, and a note on the figure names it.
    """
    metric = check_text("metric", metric, METRIC_NAME_MAX, min_length=1)
    x = checked_choice("x", x, TIME_AXES)
    max_points = checked_max_points(max_points)
    smoothing = checked_smoothing(smoothing)
    log_x = checked_flag("log_x", log_x)
    if log_x and x == "wall_time":
        raise ValidationError.invalid("log_x", log_x, "must be False with x='wall_time'")
    log_y = checked_flag("log_y", log_y)
    show_raw = checked_flag("show_raw", show_raw)
    bounds = checked_x_range(x_range, x)
    if log_x and bounds is not None and bounds[0] <= 0:
        raise ValidationError.invalid("x_range", x_range, "must be above 0 on a log x axis")
    title = checked_title(title)
    check_client(sagemaker_boto_client)
    resolved = resolved_components(components, sagemaker_boto_client)

    go = _plotly()
    options = LineOptions(metric, max_points, smoothing, log_x, log_y, show_raw)
    omitted = Omitted()
    figure = go.Figure()
    palette = _palette()
    for index, (name, display, client) in enumerate(resolved):
        try:
            response = client.get_metric_data(
                TrialComponentName=name, MetricName=metric, SortBy=_SORT_BY[x]
            )
        except ResourceNotFound as error:
            if error.field != "MetricName":
                raise
            omitted.without_metric.append(name)
            continue
        series = Series.from_points(response["Points"], x)
        window = series.window(bounds, x)
        omitted.count(series, options, window)
        color = palette[index % len(palette)]
        figure.add_traces(series_traces(go, series, window, name, display, color, options))

    figure.update_layout(
        title=html.escape(metric if title is None else title),
        xaxis={
            "title": {"text": _AXIS_TITLES[x]},
            "type": "date" if x == "wall_time" else "log" if log_x else "linear",
            **layout_range(bounds, x, log_x),
        },
        yaxis={"title": {"text": html.escape(metric)}, "type": "log" if log_y else "linear"},
        legend_title_text="Trial component",
    )
    add_notes(figure, omitted.notes(metric, options))
    return figure


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
            notes.append(log_note(len(rows) - len(kept), key))
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
    if isinstance(value, int) and not isinstance(value, bool) and finite_float(value) is None:
        # No axis can place an integer too large for a float, so it is left
        # out like an infinite value.
        return math.inf if value > 0 else -math.inf
    if _is_number(value) and math.isnan(value):
        return None
    return value


def _number_label(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _order_key(value: Any) -> tuple[int, Any]:
    """Order numbers numerically, then text, then missing values (None)."""
    if value is None:
        return (2, "")
    if _is_number(value):
        return (0, float(value))
    return (1, str(value))


def _palette() -> list[str]:
    import plotly.colors

    return list(plotly.colors.qualitative.Plotly)
