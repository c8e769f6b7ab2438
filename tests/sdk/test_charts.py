"""Notebook charts: figure data, order, axis types, categories and notes, on both stores."""

from __future__ import annotations

import math
import sys
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from jupyterlab_experiments import ResourceNotFound, TrialComponent, ValidationError
from jupyterlab_experiments.analytics import ExperimentAnalytics
from jupyterlab_experiments.charts import summary_chart, time_series_chart

STAMP = 1_700_000_000.0


def add_component(
    client: Any,
    name: str,
    *,
    trials: tuple[str, ...] = (),
    parameters: dict[str, Any] | None = None,
    metrics: dict[str, list[float]] | None = None,
    display_name: str | None = None,
) -> None:
    request: dict[str, Any] = {"TrialComponentName": name}
    if display_name is not None:
        request["DisplayName"] = display_name
    if parameters:
        request["Parameters"] = parameters
    client.create_trial_component(**request)
    for trial in trials:
        client.associate_trial_component(TrialComponentName=name, TrialName=trial)
    data = [
        {"MetricName": metric, "Value": value, "Step": step, "Timestamp": STAMP + step}
        for metric, values in (metrics or {}).items()
        for step, value in enumerate(values)
    ]
    if data:
        client.batch_put_metrics(TrialComponentName=name, MetricData=data)


def put_points(client: Any, name: str, metric: str, points: list[tuple[Any, float, float]]) -> None:
    """Store (step, value, timestamp) points, one call each, in the given order."""
    for step, value, timestamp in points:
        point = {"MetricName": metric, "Value": value, "Timestamp": timestamp}
        if step is not None:
            point["Step"] = step
        client.batch_put_metrics(TrialComponentName=name, MetricData=[point])


def note(figure: go.Figure) -> str:
    assert len(figure.layout.annotations) == 1
    return figure.layout.annotations[0].text


@pytest.fixture
def tutorial(client):
    """The tutorial's experiment: one preprocessing component shared by five training trials."""
    client.create_experiment(ExperimentName="mnist")
    add_component(client, "preprocessing", display_name="Preprocessing")
    # Trials are created in this order, so the table is not sorted by hidden_channels.
    for channels, loss in [(20, 0.05), (2, 0.40), (32, 0.04), (5, 0.21), (10, 0.08)]:
        trial = f"cnn-{channels}"
        client.create_trial(TrialName=trial, ExperimentName="mnist")
        client.associate_trial_component(TrialComponentName="preprocessing", TrialName=trial)
        add_component(
            client,
            f"job-{channels}",
            trials=(trial,),
            display_name="Training",
            parameters={"hidden_channels": channels, "optimizer": "sgd"},
            metrics={"test:loss": [1.0, loss * 2, loss]},
        )
    return "mnist"


# -- summary charts ------------------------------------------------------------


def test_tutorial_chart_in_one_call(tutorial):
    figure = summary_chart(
        ExperimentAnalytics(experiment_name=tutorial), x="hidden_channels", y="test:loss - Last"
    )

    assert isinstance(figure, go.Figure)
    assert len(figure.data) == 1
    line = figure.data[0]
    assert line.type == "scatter"
    assert line.mode == "lines+markers"
    assert list(line.x) == [2, 5, 10, 20, 32]
    assert list(line.y) == pytest.approx([0.40, 0.21, 0.08, 0.05, 0.04])
    assert figure.layout.xaxis.type == "linear"
    assert figure.layout.xaxis.title.text == "hidden_channels"
    assert figure.layout.yaxis.title.text == "test:loss - Last"
    assert note(figure) == (
        "1 trial component has no value of hidden_channels or test:loss - Last and is not shown."
    )


def test_summary_top_margin_fits_title_and_notes(tutorial):
    data = ExperimentAnalytics(experiment_name=tutorial)

    untitled = summary_chart(data, x="hidden_channels", y="test:loss - Last")
    titled = summary_chart(data, x="hidden_channels", y="test:loss - Last", title="Loss")

    # One note line of 16 pixels above the margin of an untitled figure.
    assert untitled.layout.margin.t == 40 + 16
    assert titled.layout.margin.t == 100 + 16


def test_hover_shows_display_names_escaped(client):
    client.create_experiment(ExperimentName="e")
    client.create_trial(TrialName="t", ExperimentName="e")
    add_component(
        client,
        "tc-1",
        trials=("t",),
        display_name="<script>alert(1)</script>",
        parameters={"lr": 0.1},
        metrics={"acc": [0.8]},
    )

    figure = summary_chart(ExperimentAnalytics(experiment_name="e"), x="lr", y="acc - Last")

    trace = figure.data[0]
    assert [list(row) for row in trace.customdata] == [
        ["&lt;script&gt;alert(1)&lt;/script&gt;", "tc-1"]
    ]
    assert "%{customdata[0]}" in trace.hovertemplate
    assert list(trace.meta) == ["lr", "acc - Last"]


def test_line_orders_numbers_then_text(client):
    client.create_experiment(ExperimentName="e")
    client.create_trial(TrialName="t", ExperimentName="e")
    batch_sizes = [32, 128, "auto", "256", None, 64]
    for index, batch_size in enumerate(batch_sizes):
        parameters = {"lr": 0.1} if batch_size is None else {"batch_size": batch_size}
        add_component(
            client, f"tc-{index}", trials=("t",), parameters=parameters, metrics={"acc": [index]}
        )

    figure = summary_chart(ExperimentAnalytics(experiment_name="e"), x="batch_size", y="acc - Last")

    line = figure.data[0]
    assert list(line.x) == ["32", "64", "128", "256", "auto"]
    assert list(line.y) == [0, 5, 1, 3, 2]
    assert figure.layout.xaxis.type == "category"
    assert list(figure.layout.xaxis.categoryarray) == ["32", "64", "128", "256", "auto"]
    assert note(figure) == (
        "1 trial component has no value of batch_size or acc - Last and is not shown."
    )


def test_text_and_number_with_same_label(client):
    client.create_experiment(ExperimentName="e")
    client.create_trial(TrialName="t", ExperimentName="e")
    for index, batch_size in enumerate([256, "256"]):
        add_component(
            client,
            f"tc-{index}",
            trials=("t",),
            parameters={"batch_size": batch_size},
            metrics={"acc": [0.5]},
        )

    figure = summary_chart(
        ExperimentAnalytics(experiment_name="e"), x="batch_size", y="acc - Last", kind="bar"
    )

    assert list(figure.layout.xaxis.categoryarray) == ["256", '"256"']
    assert list(figure.data[0].x) == ["256", '"256"']


@pytest.fixture
def versions(client):
    """Three components with numeric-looking text parameters."""
    client.create_experiment(ExperimentName="e")
    client.create_trial(TrialName="t", ExperimentName="e")
    rows = [
        ("11.1.1", "1238ad", 0.1, 0.80),
        ("12.1", "123456", 0.01, 0.85),
        ("12.1.1", "a1234b", 0.001, 0.90),
    ]
    for index, (version, commit, lr, accuracy) in enumerate(rows):
        add_component(
            client,
            f"tc-{index}",
            trials=("t",),
            parameters={"version": version, "commit": commit, "lr": lr},
            metrics={"acc": [accuracy]},
        )
    return ExperimentAnalytics(experiment_name="e")


def test_numeric_looking_labels_stay_categories(versions):
    by_version = summary_chart(versions, x="version", y="acc - Last", kind="bar")
    by_commit = summary_chart(versions, x="commit", y="acc - Last", kind="bar")

    assert by_version.layout.xaxis.type == "category"
    assert by_version.data[0].type == "bar"
    assert list(by_version.data[0].x) == ["11.1.1", "12.1", "12.1.1"]
    assert by_commit.layout.xaxis.type == "category"
    assert list(by_commit.data[0].x) == ["123456", "1238ad", "a1234b"]
    assert all(isinstance(label, str) for label in by_commit.data[0].x)


def test_color_by_text_column(versions):
    figure = summary_chart(versions, x="lr", y="acc - Last", kind="scatter", color="commit")

    # Text sorts character by character: "1234..." before "1238...".
    assert [trace.name for trace in figure.data] == ["123456", "1238ad", "a1234b"]
    assert [list(trace.x) for trace in figure.data] == [[0.01], [0.1], [0.001]]
    assert all(trace.mode == "markers" for trace in figure.data)
    assert figure.layout.xaxis.type == "linear"
    assert figure.layout.showlegend is True
    assert figure.layout.legend.title.text == "commit"


def test_color_by_trials_of_shared_component(client):
    client.create_experiment(ExperimentName="e")
    for trial in ("trial-a", "trial-b"):
        client.create_trial(TrialName=trial, ExperimentName="e")
    add_component(
        client,
        "shared",
        trials=("trial-b", "trial-a"),
        parameters={"lr": 0.1},
        metrics={"acc": [0.7]},
    )
    add_component(
        client, "only-a", trials=("trial-a",), parameters={"lr": 0.2}, metrics={"acc": [0.8]}
    )

    figure = summary_chart(
        ExperimentAnalytics(experiment_name="e"), x="lr", y="acc - Last", color="Trials"
    )

    assert [trace.name for trace in figure.data] == ["trial-a", "trial-a, trial-b"]
    assert [list(trace.y) for trace in figure.data] == [[0.8], [0.7]]


def test_color_by_number_in_numeric_order(tutorial):
    figure = summary_chart(
        ExperimentAnalytics(experiment_name=tutorial),
        x="hidden_channels",
        y="test:loss - Last",
        kind="scatter",
        color="hidden_channels",
    )

    assert [trace.name for trace in figure.data] == ["2", "5", "10", "20", "32"]


def test_log_y_hides_values_not_above_zero(client):
    client.create_experiment(ExperimentName="e")
    client.create_trial(TrialName="t", ExperimentName="e")
    for name, low in [("a", 0.001), ("b", 0.0), ("c", -0.2)]:
        add_component(client, name, trials=("t",), metrics={"loss": [1.0, low]})
    analytics = ExperimentAnalytics(experiment_name="e")

    log_chart = summary_chart(
        analytics, x="TrialComponentName", y="loss - Min", kind="bar", log_y=True
    )
    linear_chart = summary_chart(analytics, x="TrialComponentName", y="loss - Min", kind="bar")

    assert list(log_chart.data[0].x) == ["a"]
    assert log_chart.layout.yaxis.type == "log"
    assert note(log_chart) == "2 points with values ≤ 0 are not shown on the log y axis."
    assert list(linear_chart.data[0].x) == ["a", "b", "c"]
    assert list(linear_chart.data[0].y) == [0.001, 0.0, -0.2]
    assert linear_chart.layout.annotations == ()


def test_log_x_note_names_axis(tutorial):
    frame = ExperimentAnalytics(experiment_name=tutorial).dataframe()
    frame.loc[frame["hidden_channels"] == 2, "hidden_channels"] = 0.0

    figure = summary_chart(frame, x="hidden_channels", y="test:loss - Last", log_x=True)

    assert list(figure.data[0].x) == [5, 10, 20, 32]
    assert figure.layout.xaxis.type == "log"
    assert "1 point with a value ≤ 0 is not shown on the log x axis." in note(figure)


def test_log_axis_of_text_column_raises(versions):
    with pytest.raises(ValidationError, match="log_x") as raised:
        summary_chart(versions, x="version", y="acc - Last", log_x=True)

    assert raised.value.field == "log_x"


def test_infinite_values_left_out_with_note(client):
    client.create_experiment(ExperimentName="e")
    client.create_trial(TrialName="t", ExperimentName="e")
    add_component(client, "ok", trials=("t",), parameters={"lr": 0.1}, metrics={"loss": [0.5]})
    add_component(
        client, "diverged", trials=("t",), parameters={"lr": 0.2}, metrics={"loss": [math.inf]}
    )

    figure = summary_chart(ExperimentAnalytics(experiment_name="e"), x="lr", y="loss - Last")

    assert list(figure.data[0].x) == [0.1]
    assert note(figure) == "1 point whose value is infinite or beyond ±1e+304 is not shown."


def test_histogram_counts_components(tutorial):
    figure = summary_chart(
        ExperimentAnalytics(experiment_name=tutorial), x="test:loss - Last", kind="histogram"
    )

    assert figure.data[0].type == "histogram"
    assert sorted(figure.data[0].x) == pytest.approx([0.04, 0.05, 0.08, 0.21, 0.40])
    assert figure.layout.yaxis.title.text == "Count"


def test_histogram_of_text_column(versions):
    figure = summary_chart(versions, x="version", kind="histogram", color="commit")

    assert [trace.type for trace in figure.data] == ["histogram"] * 3
    assert figure.layout.xaxis.type == "category"
    assert figure.layout.barmode == "overlay"


def test_summary_accepts_dataframe(tutorial):
    frame = ExperimentAnalytics(experiment_name=tutorial).dataframe()

    figure = summary_chart(frame, x="hidden_channels", y="test:loss - Last", kind="scatter")

    assert sorted(figure.data[0].x) == [2, 5, 10, 20, 32]


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"x": "no-such-column", "y": "test:loss - Last"}, "x"),
        ({"x": "hidden_channels", "y": "test:loss - Avg "}, "y"),
        ({"x": "hidden_channels", "y": "test:loss - Last", "color": "nope"}, "color"),
        ({"x": "hidden_channels", "y": "test:loss - Last", "kind": "pie"}, "kind"),
        ({"x": "hidden_channels"}, "y"),
        ({"x": "hidden_channels", "y": "test:loss - Last", "kind": "histogram"}, "y"),
        ({"x": "hidden_channels", "y": "optimizer", "kind": "bar"}, "y"),
    ],
)
def test_summary_invalid_arguments(tutorial, arguments, field):
    with pytest.raises(ValidationError, match=field) as raised:
        summary_chart(ExperimentAnalytics(experiment_name=tutorial), **arguments)

    assert raised.value.field == field


def test_summary_rejects_other_data():
    with pytest.raises(ValidationError, match="ExperimentAnalytics") as raised:
        summary_chart([1, 2, 3], x="a", y="b")

    assert raised.value.field == "data"


def small_table(**columns: Any) -> pd.DataFrame:
    """A table of two components with lr and acc columns, plus ``columns``."""
    return pd.DataFrame(
        {"TrialComponentName": ["a", "b"], "lr": [0.1, 0.2], "acc": [0.8, 0.9], **columns}
    )


@pytest.mark.parametrize(
    ("arguments", "field", "rule"),
    [
        ({"x": None}, "x", "must be a string naming a column"),
        ({"x": ["lr"]}, "x", "must be a string naming a column"),
        ({"x": ""}, "x", "must be a string naming a column"),
        ({"y": 123}, "y", "must be a string naming a column"),
        ({"color": ("lr",)}, "color", "must be a string naming a column"),
        ({"title": 123}, "title", "must be a non-empty string"),
        ({"title": ""}, "title", "must be a non-empty string"),
        ({"kind": None}, "kind", "must be one of line"),
        ({"kind": np.array(["line", "bar"])}, "kind", "must be one of line"),
        ({"log_x": "yes"}, "log_x", "must be a bool"),
        ({"log_y": 1}, "log_y", "must be a bool"),
    ],
)
def test_summary_argument_types(arguments, field, rule):
    call = {"x": "lr", "y": "acc", **arguments}

    with pytest.raises(ValidationError, match=rule) as raised:
        summary_chart(small_table(), **call)

    assert raised.value.field == field
    assert raised.value.value is arguments[field]


def test_summary_accepts_numpy_bool_flags():
    figure = summary_chart(
        small_table(), x="lr", y="acc", log_x=np.bool_(True), log_y=np.bool_(False)
    )

    assert figure.layout.xaxis.type == "log"
    assert figure.layout.yaxis.type == "linear"


def test_duplicate_axis_column_raises(tutorial):
    frame = ExperimentAnalytics(experiment_name=tutorial).dataframe()
    joined = pd.concat([frame, frame[["hidden_channels"]]], axis=1)

    with pytest.raises(ValidationError, match="names 2 columns") as raised:
        summary_chart(joined, x="hidden_channels", y="test:loss - Last")

    assert raised.value.field == "x"
    assert raised.value.value == "hidden_channels"


def test_duplicate_unused_column_ignored(tutorial):
    frame = ExperimentAnalytics(experiment_name=tutorial).dataframe()
    joined = pd.concat([frame, frame[["optimizer"]]], axis=1)

    figure = summary_chart(joined, x="hidden_channels", y="test:loss - Last")

    assert list(figure.data[0].x) == [2, 5, 10, 20, 32]


@pytest.mark.parametrize("column", ["TrialComponentName", "DisplayName"])
def test_duplicate_label_column_raises(column):
    frame = small_table(DisplayName=["A", "B"])
    joined = pd.concat([frame, frame[[column]]], axis=1)

    with pytest.raises(ValidationError, match=f"at most one column named {column}") as raised:
        summary_chart(joined, x="lr", y="acc")

    assert raised.value.field == "data"
    assert raised.value.value == column


def test_integer_column_labels_rejected():
    frame = pd.DataFrame([[0.1, 0.8], [0.2, 0.9]])

    with pytest.raises(ValidationError, match="must be a string naming a column") as by_number:
        summary_chart(frame, x=0, y=1)
    with pytest.raises(ValidationError, match=r"rename\(columns=str\)") as by_text:
        summary_chart(frame, x="0", y="1")
    renamed = summary_chart(frame.rename(columns=str), x="0", y="1")

    assert by_number.value.field == "x"
    assert by_text.value.field == "x"
    assert "labels such as 0 (int)" in str(by_text.value)
    assert list(renamed.data[0].x) == [0.1, 0.2]


def test_multiindex_column_labels_rejected():
    frame = small_table()
    frame.columns = pd.MultiIndex.from_tuples([("name", ""), ("lr", "value"), ("acc", "last")])

    with pytest.raises(ValidationError, match="one level of column labels") as raised:
        summary_chart(frame, x="lr", y="acc")

    assert raised.value.field == "data"


def test_color_values_labelled_as_text():
    frame = small_table(config=[{"depth": 2}, {"depth": 3}])

    figure = summary_chart(frame, x="lr", y="acc", color="config")

    # Plotly shows names as HTML, so the quotes of the dicts' text are escaped.
    assert [trace.name for trace in figure.data] == [
        "{&#x27;depth&#x27;: 2}",
        "{&#x27;depth&#x27;: 3}",
    ]
    assert [list(trace.x) for trace in figure.data] == [[0.1], [0.2]]


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (pd.to_datetime(["2024-01-01", "2024-01-02"]), "Timestamp"),
        (pd.to_timedelta([1, 2], unit="s"), "Timedelta"),
        ([1 + 2j, 3j], "complex"),
        ([{"a": 1}, {"a": 2}], "dict"),
    ],
)
@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"x": "other", "y": "acc"}, "x"),
        ({"x": "other", "y": "acc", "log_x": True}, "x"),
        ({"x": "lr", "y": "other"}, "y"),
        ({"x": "other", "kind": "histogram"}, "x"),
    ],
)
def test_axis_column_of_other_values(values, kind, arguments, field):
    with pytest.raises(
        ValidationError, match="must name a column of real numbers or text"
    ) as raised:
        summary_chart(small_table(other=values), **arguments)

    assert raised.value.field == field
    assert raised.value.value == "other"
    assert f"contains {kind} values" in str(raised.value)


def test_text_x_still_category():
    figure = summary_chart(small_table(optimizer=["sgd", "adam"]), x="optimizer", y="acc")

    assert figure.layout.xaxis.type == "category"
    assert list(figure.data[0].x) == ["adam", "sgd"]


def test_huge_integer_left_out_as_infinite():
    frame = small_table(steps=pd.Series([10**400, 5], dtype=object))

    figure = summary_chart(frame, x="steps", y="acc")

    assert list(figure.data[0].x) == [5]
    assert note(figure) == "1 point whose value is infinite or beyond ±1e+304 is not shown."


def test_dataframe_method_must_return_table():
    class Table:
        def dataframe(self) -> list[int]:
            return [1, 2]

    with pytest.raises(ValidationError, match="returned a list") as raised:
        summary_chart(Table(), x="a", y="b")

    assert raised.value.field == "data"


def test_empty_table_gives_empty_figure():
    frame = pd.DataFrame({"TrialComponentName": ["a"], "lr": [np.nan], "acc": [0.5]})

    figure = summary_chart(frame, x="lr", y="acc")

    assert figure.data == ()
    assert "1 trial component has no value of lr or acc" in note(figure)


def test_missing_plotly_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "plotly.graph_objects", None)

    with pytest.raises(ImportError, match="pip install plotly"):
        summary_chart(pd.DataFrame({"a": [1], "b": [2]}), x="a", y="b")


# -- time-series charts --------------------------------------------------------


def test_steps_drawn_in_step_order(client):
    client.create_trial_component(TrialComponentName="r")
    logged = [(3, 0.7), (0, 1.0), (1, 0.9), (6, 0.4), (2, 0.8), (5, 0.5), (4, 0.6)]
    put_points(
        client, "r", "loss", [(step, value, STAMP + i) for i, (step, value) in enumerate(logged)]
    )
    # A resume from step 4 logs steps 4 and 5 again, later.
    put_points(client, "r", "loss", [(4, 0.58, STAMP + 10), (5, 0.49, STAMP + 11)])

    figure = time_series_chart(["r"], "loss", sagemaker_boto_client=client)

    line = figure.data[0]
    assert list(line.x) == [0, 1, 2, 3, 4, 4, 5, 5, 6]
    assert list(line.y) == [1.0, 0.9, 0.8, 0.7, 0.6, 0.58, 0.5, 0.49, 0.4]
    assert line.name == "r"
    assert figure.layout.xaxis.title.text == "Step"
    assert figure.layout.xaxis.type == "linear"
    assert figure.layout.annotations == ()


def test_log_y_leaves_gaps_with_note(client):
    client.create_trial_component(TrialComponentName="tc")
    values = [1.0, 0.1, 0.0, 0.01, -0.5, 0.001]
    put_points(
        client, "tc", "loss", [(step, value, STAMP + step) for step, value in enumerate(values)]
    )

    log_chart = time_series_chart("tc", "loss", log_y=True, sagemaker_boto_client=client)
    linear_chart = time_series_chart("tc", "loss", sagemaker_boto_client=client)

    y = log_chart.data[0].y
    assert list(log_chart.data[0].x) == [0, 1, 2, 3, 4, 5]
    assert np.isnan(y[[2, 4]]).all()
    assert list(y[[0, 1, 3, 5]]) == [1.0, 0.1, 0.01, 0.001]
    assert log_chart.layout.yaxis.type == "log"
    assert note(log_chart) == "2 points with values ≤ 0 are not shown on the log y axis."
    assert list(linear_chart.data[0].y) == values
    assert linear_chart.layout.annotations == ()


def test_non_finite_values_leave_gaps(client):
    client.create_trial_component(TrialComponentName="tc")
    values = [1.0, math.nan, 2.0, math.inf, 3.0]
    put_points(client, "tc", "loss", [(step, value, STAMP) for step, value in enumerate(values)])

    figure = time_series_chart("tc", "loss", sagemaker_boto_client=client)

    y = figure.data[0].y
    assert np.isnan(y[[1, 3]]).all()
    assert list(y[[0, 2, 4]]) == [1.0, 2.0, 3.0]
    assert (
        note(figure) == "2 points whose values are NaN, infinite or beyond ±1e+304 are not shown."
    )


def test_long_series_downsampled_keeping_spikes(client):
    client.create_trial_component(TrialComponentName="tc")
    values = np.ones(100_000)
    values[::10_000] = 100.0
    values[55_555] = -50.0
    client.batch_put_metrics(
        TrialComponentName="tc",
        MetricData=[
            {"MetricName": "grad_norm", "Value": value, "Step": step, "Timestamp": STAMP}
            for step, value in enumerate(values.tolist())
        ],
    )

    figure = time_series_chart("tc", "grad_norm", sagemaker_boto_client=client)

    line = figure.data[0]
    steps = np.asarray(line.x)
    assert len(steps) <= 2000
    assert (np.diff(steps) > 0).all()
    spikes = steps[np.asarray(line.y) == 100.0]
    assert spikes.tolist() == list(range(0, 100_000, 10_000))
    assert steps[np.asarray(line.y) == -50.0].tolist() == [55_555]
    assert line.mode == "lines"


def test_zoomed_range_at_full_resolution(client):
    client.create_trial_component(TrialComponentName="tc")
    values = np.ones(100_000)
    values[::10_000] = 100.0
    values[55_555] = -50.0
    client.batch_put_metrics(
        TrialComponentName="tc",
        MetricData=[
            {"MetricName": "grad_norm", "Value": value, "Step": step, "Timestamp": STAMP}
            for step, value in enumerate(values.tolist())
        ],
    )

    figure = time_series_chart(
        "tc", "grad_norm", x_range=(55_000, 56_000), sagemaker_boto_client=client
    )

    steps = np.asarray(figure.data[0].x)
    assert steps.tolist() == list(range(54_999, 56_002))
    assert steps[np.asarray(figure.data[0].y) == -50.0].tolist() == [55_555]
    assert list(figure.layout.xaxis.range) == [55_000, 56_000]


def test_zoomed_range_longer_than_budget(client):
    client.create_trial_component(TrialComponentName="tc")
    put_points(client, "tc", "m", [(step, float(step % 7), STAMP) for step in range(100)])

    figure = time_series_chart(
        "tc", "m", max_points=8, x_range=(10.5, 80), sagemaker_boto_client=client
    )

    steps = list(figure.data[0].x)
    inside = [step for step in steps if 10.5 <= step <= 80]
    assert len(inside) <= 8
    assert steps[0] == 10
    assert steps[-1] == 81
    values = dict(zip(steps, figure.data[0].y, strict=True))
    assert max(value for step, value in values.items() if 10.5 <= step <= 80) == 6.0


def test_zoomed_time_axes(client):
    client.create_trial_component(TrialComponentName="tc")
    put_points(client, "tc", "m", [(step, float(step), STAMP + 10 * step) for step in range(10)])

    relative = time_series_chart(
        "tc", "m", x="relative_time", x_range=(30, 50), sagemaker_boto_client=client
    )
    wall = time_series_chart(
        "tc",
        "m",
        x="wall_time",
        x_range=(STAMP + 30, pd.Timestamp(STAMP + 50, unit="s", tz="UTC").to_pydatetime()),
        sagemaker_boto_client=client,
    )

    assert list(relative.data[0].y) == [2.0, 3.0, 4.0, 5.0, 6.0]
    assert list(wall.data[0].y) == [2.0, 3.0, 4.0, 5.0, 6.0]
    assert pd.to_datetime(list(wall.layout.xaxis.range)).tolist() == [
        pd.Timestamp(STAMP + 30, unit="s"),
        pd.Timestamp(STAMP + 50, unit="s"),
    ]


def test_zoomed_notes_count_points_inside(client):
    client.create_trial_component(TrialComponentName="tc")
    put_points(client, "tc", "m", [(0, math.nan, STAMP), (1, 1.0, STAMP), (2, 2.0, STAMP)])

    outside = time_series_chart("tc", "m", x_range=(1, 2), sagemaker_boto_client=client)
    inside = time_series_chart("tc", "m", x_range=(0, 1), sagemaker_boto_client=client)

    assert outside.layout.annotations == ()
    assert note(inside) == "1 point whose value is NaN, infinite or beyond ±1e+304 is not shown."


def test_max_points_per_line(client):
    client.create_trial_component(TrialComponentName="tc")
    put_points(client, "tc", "m", [(step, float(step % 7), STAMP) for step in range(60)])

    figure = time_series_chart("tc", "m", max_points=20, sagemaker_boto_client=client)

    assert len(figure.data[0].x) <= 20
    assert figure.data[0].x[0] == 0
    assert figure.data[0].x[-1] == 59


def test_smoothing_over_faint_raw_line(client):
    client.create_trial_component(TrialComponentName="tc")
    put_points(
        client,
        "tc",
        "m",
        [(step, value, STAMP) for step, value in enumerate([0.0, 10.0, 0.0, 10.0])],
    )

    figure = time_series_chart("tc", "m", smoothing=0.5, sagemaker_boto_client=client)
    smoothed_only = time_series_chart(
        "tc", "m", smoothing=0.5, show_raw=False, sagemaker_boto_client=client
    )

    raw, smoothed = figure.data
    assert list(raw.y) == [0.0, 10.0, 0.0, 10.0]
    assert raw.opacity == 0.25
    assert raw.showlegend is False
    assert list(smoothed.y) == [0.0, 5.0, 2.5, 6.25]
    assert smoothed.showlegend is True
    assert raw.line.color == smoothed.line.color
    assert len(smoothed_only.data) == 1
    assert list(smoothed_only.data[0].y) == [0.0, 5.0, 2.5, 6.25]


def test_smoothing_skips_non_finite_values(client):
    client.create_trial_component(TrialComponentName="tc")
    put_points(
        client,
        "tc",
        "m",
        [(step, value, STAMP) for step, value in enumerate([0.0, math.nan, 10.0])],
    )

    figure = time_series_chart(
        "tc", "m", smoothing=0.5, show_raw=False, sagemaker_boto_client=client
    )

    y = figure.data[0].y
    assert y[0] == 0.0
    assert np.isnan(y[1])
    assert y[2] == 5.0


def test_time_axes_in_time_order(client):
    client.create_trial_component(TrialComponentName="tc")
    # Step 1 was logged before step 0.
    put_points(client, "tc", "m", [(0, 1.0, STAMP + 5), (1, 2.0, STAMP + 2), (2, 3.0, STAMP + 9)])

    wall = time_series_chart("tc", "m", x="wall_time", sagemaker_boto_client=client)
    relative = time_series_chart("tc", "m", x="relative_time", sagemaker_boto_client=client)

    assert list(wall.data[0].y) == [2.0, 1.0, 3.0]
    assert pd.to_datetime(wall.data[0].x).tolist() == [
        pd.Timestamp(STAMP + offset, unit="s") for offset in (2, 5, 9)
    ]
    assert wall.layout.xaxis.type == "date"
    assert wall.layout.xaxis.title.text == "Wall time (UTC)"
    assert list(relative.data[0].x) == [0.0, 3.0, 7.0]
    assert relative.layout.xaxis.title.text == "Relative time (s)"


def test_points_without_step(client):
    client.create_trial_component(TrialComponentName="tc")
    put_points(client, "tc", "m", [(None, 5.0, STAMP), (0, 1.0, STAMP + 1), (1, 2.0, STAMP + 2)])

    by_step = time_series_chart("tc", "m", sagemaker_boto_client=client)
    by_time = time_series_chart("tc", "m", x="wall_time", sagemaker_boto_client=client)

    assert list(by_step.data[0].x) == [0, 1]
    assert note(by_step) == (
        "1 point without a step is not shown; chart against wall_time to see them."
    )
    assert list(by_time.data[0].y) == [5.0, 1.0, 2.0]


def test_one_line_per_component(client):
    for name, values in [("a", [1.0, 2.0]), ("b", [3.0])]:
        add_component(client, name, display_name="Training", metrics={"m": values})
    component = TrialComponent.load(trial_component_name="a", sagemaker_boto_client=client)

    figure = time_series_chart([component, "b"], "m", sagemaker_boto_client=client)

    assert [trace.name for trace in figure.data] == ["a", "b"]
    assert [list(trace.y) for trace in figure.data] == [[1.0, 2.0], [3.0]]
    assert figure.data[0].line.color != figure.data[1].line.color
    assert list(figure.data[0].meta) == ["Training", "a", "m"]
    assert figure.layout.title.text == "m"


def test_component_without_metric_named_in_note(client):
    add_component(client, "with", metrics={"m": [1.0]})
    add_component(client, "without", metrics={"other": [1.0]})

    figure = time_series_chart(["with", "without"], "m", sagemaker_boto_client=client)

    assert [trace.name for trace in figure.data] == ["with"]
    assert note(figure) == "1 trial component has no metric m: without."


def test_unknown_component_raises(client):
    with pytest.raises(ResourceNotFound, match="no-such"):
        time_series_chart("no-such", "m", sagemaker_boto_client=client)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"x": "epoch"}, "x"),
        ({"max_points": 1}, "max_points"),
        ({"max_points": 2.5}, "max_points"),
        ({"smoothing": 1.0}, "smoothing"),
        ({"smoothing": -0.1}, "smoothing"),
        ({"smoothing": "high"}, "smoothing"),
        ({"x_range": (5, 1)}, "x_range"),
        ({"x_range": (0, math.inf)}, "x_range"),
        ({"x_range": "0-5"}, "x_range"),
        ({"x_range": (1, 2, 3)}, "x_range"),
        ({"x_range": ("a", "b")}, "x_range"),
        ({"x_range": (10**400, 10**401)}, "x_range"),
        ({"x_range": (-(10**400), 5)}, "x_range"),
        ({"x_range": (10**400, 10**401), "x": "relative_time"}, "x_range"),
        ({"x_range": ("2026-01-02", "2026-01-01"), "x": "wall_time"}, "x_range"),
        ({"x_range": np.array([[1, 5]])}, "x_range"),
        ({"x_range": np.array([1, 2, 3])}, "x_range"),
        ({"x": ["step"]}, "x"),
        ({"x": np.array(["step", "wall_time"])}, "x"),
        ({"max_points": True}, "max_points"),
        ({"max_points": np.float64(100)}, "max_points"),
        ({"smoothing": True}, "smoothing"),
        ({"smoothing": math.nan}, "smoothing"),
        ({"log_y": "yes"}, "log_y"),
        ({"log_y": 1}, "log_y"),
        ({"show_raw": "no"}, "show_raw"),
        ({"title": 123}, "title"),
        ({"title": ""}, "title"),
    ],
)
def test_time_series_invalid_arguments(client, arguments, field):
    add_component(client, "tc", metrics={"m": [1.0]})

    with pytest.raises(ValidationError, match=field) as raised:
        time_series_chart("tc", "m", sagemaker_boto_client=client, **arguments)

    assert raised.value.field == field


@pytest.mark.parametrize("metric", [123, None, "", "m" * 256])
def test_time_series_invalid_metric(client, metric):
    add_component(client, "tc", metrics={"m": [1.0]})

    with pytest.raises(ValidationError, match="metric") as raised:
        time_series_chart("tc", metric, sagemaker_boto_client=client)

    assert raised.value.field == "metric"


@pytest.mark.parametrize(
    "components", [None, 5, [5], [["tc"]], b"tc", {"tc": 1}, ["not a name"], [""]]
)
def test_time_series_invalid_components(client, components):
    add_component(client, "tc", metrics={"m": [1.0]})

    with pytest.raises(ValidationError, match="components") as raised:
        time_series_chart(components, "m", sagemaker_boto_client=client)

    assert raised.value.field == "components"


def test_components_dataframe_rejected(tutorial):
    frame = ExperimentAnalytics(experiment_name=tutorial).dataframe()

    with pytest.raises(ValidationError, match="pass its TrialComponentName column") as raised:
        time_series_chart(frame, "test:loss")

    assert raised.value.field == "components"
    assert raised.value.value == "DataFrame"


def test_components_from_table_column(tutorial):
    frame = ExperimentAnalytics(experiment_name=tutorial).dataframe()

    figure = time_series_chart(frame["TrialComponentName"], "test:loss")

    assert sorted(trace.name for trace in figure.data) == [
        f"job-{channels}" for channels in (10, 2, 20, 32, 5)
    ]
    assert note(figure) == "1 trial component has no metric test:loss: preprocessing."


def test_client_without_get_metric_data(client):
    add_component(client, "tc", metrics={"m": [1.0]})

    with pytest.raises(ValidationError, match="get_metric_data") as raised:
        time_series_chart("tc", "m", sagemaker_boto_client="experiments.db")

    assert raised.value.field == "sagemaker_boto_client"


def test_arguments_checked_before_reading(client):
    with pytest.raises(ValidationError) as raised:
        time_series_chart("no-such", "m", log_y="yes", sagemaker_boto_client=client)

    assert raised.value.field == "log_y"


def test_time_series_accepts_numpy_numbers(client):
    client.create_trial_component(TrialComponentName="tc")
    put_points(client, "tc", "m", [(step, float(step % 3), STAMP) for step in range(10)])
    plain = {"x_range": (1, 5), "max_points": 4, "smoothing": 0.5}
    numpy = {"x_range": np.array([1, 5]), "max_points": np.int64(4), "smoothing": np.float32(0.5)}

    expected = time_series_chart("tc", "m", sagemaker_boto_client=client, **plain)
    figure = time_series_chart("tc", "m", sagemaker_boto_client=client, **numpy)

    assert len(figure.data) == len(expected.data) == 2
    for trace, expected_trace in zip(figure.data, expected.data, strict=True):
        assert list(trace.x) == list(expected_trace.x)
        assert list(trace.y) == pytest.approx(list(expected_trace.y))
    assert list(figure.layout.xaxis.range) == [1, 5]


def test_wall_time_range_as_array(client):
    client.create_trial_component(TrialComponentName="tc")
    put_points(client, "tc", "m", [(step, float(step), STAMP + step) for step in range(10)])

    figure = time_series_chart(
        "tc",
        "m",
        x="wall_time",
        x_range=np.array([STAMP + 3, STAMP + 5]),
        sagemaker_boto_client=client,
    )

    assert list(figure.data[0].y) == [2.0, 3.0, 4.0, 5.0, 6.0]


def test_log_x_histogram_bins_in_log_space():
    frame = pd.DataFrame({"hidden_channels": [2, 5, 10, 20, 32]})

    figure = summary_chart(frame, "hidden_channels", kind="histogram", log_x=True)

    (trace,) = figure.data
    assert trace.type == "bar"
    assert sum(trace.y) == 5
    assert trace.offset == 0
    starts = list(trace.x)
    ends = [start + width for start, width in zip(trace.x, trace.width, strict=True)]
    # Neighbouring bars share an edge, and every bin is as wide in log space.
    assert starts[1:] == pytest.approx(ends[:-1])
    log_widths = [np.log10(end) - np.log10(start) for start, end in zip(starts, ends, strict=True)]
    assert log_widths == pytest.approx([log_widths[0]] * len(log_widths))
    assert starts[0] <= 2
    assert ends[-1] > 32
    assert figure.layout.xaxis.type == "log"
    # The axis shows whole bins, from the first edge to the last.
    assert list(figure.layout.xaxis.range) == pytest.approx(
        [np.log10(starts[0]), np.log10(ends[-1])]
    )


def test_log_x_histogram_of_extreme_values():
    frame = pd.DataFrame({"v": [5e-324, 1e-300, 1.0, 1e300, 1e304]})

    figure = summary_chart(frame, "v", kind="histogram", log_x=True)

    (trace,) = figure.data
    assert sum(trace.y) == 5
    assert all(math.isfinite(value) for value in [*trace.x, *trace.width])
    assert all(math.isfinite(bound) for bound in figure.layout.xaxis.range)


def test_log_x_time_series_keeps_early_steps(client):
    client.create_trial_component(TrialComponentName="tc")
    client.batch_put_metrics(
        TrialComponentName="tc",
        MetricData=[
            {"MetricName": "loss", "Value": float(step % 97), "Step": step, "Timestamp": STAMP}
            for step in range(100_000)
        ],
    )

    linear = time_series_chart("tc", "loss", max_points=400, sagemaker_boto_client=client)
    log = time_series_chart("tc", "loss", max_points=400, log_x=True, sagemaker_boto_client=client)

    linear_steps = np.asarray(linear.data[0].x)
    log_steps = np.asarray(log.data[0].x)
    # Linear buckets are 1,000 steps wide; log ones a twentieth of a decade.
    assert (linear_steps < 100).sum() <= 4
    assert log_steps[:20].tolist() == list(range(20))
    assert len(log_steps) <= 400
    assert log.layout.xaxis.type == "log"
    # Step 0 has no place on a log axis: a gap and a note.
    assert np.isnan(log.data[0].y[0])
    assert note(log) == "1 point at an x ≤ 0 is not shown on the log x axis."


def test_log_x_range_in_powers_of_ten(client):
    add_component(client, "tc", metrics={"loss": [1.0, 0.5, 0.25, 0.2, 0.1]})

    figure = time_series_chart(
        "tc", "loss", log_x=True, x_range=(1, 100), sagemaker_boto_client=client
    )

    assert list(figure.layout.xaxis.range) == pytest.approx([0.0, 2.0])


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"x": "wall_time", "log_x": True}, "log_x"),
        ({"log_x": "yes"}, "log_x"),
        ({"log_x": True, "x_range": (0, 10)}, "x_range"),
    ],
)
def test_log_x_invalid(client, arguments, field):
    add_component(client, "tc", metrics={"loss": [1.0]})

    with pytest.raises(ValidationError) as raised:
        time_series_chart("tc", "loss", sagemaker_boto_client=client, **arguments)

    assert raised.value.field == field


def test_values_beyond_drawable_limit_left_out(client):
    add_component(client, "tc", metrics={"loss": [1.0, 1e308, 0.5, -1e308, 0.25]})
    frame = pd.DataFrame({"lr": [0.1, 0.2, 0.3], "loss": [1.0, 1e308, -1e308]})

    series = time_series_chart("tc", "loss", sagemaker_boto_client=client)
    summary = summary_chart(frame, "lr", "loss")

    assert np.isnan(series.data[0].y).tolist() == [False, True, False, True, False]
    assert (
        note(series) == "2 points whose values are NaN, infinite or beyond ±1e+304 are not shown."
    )
    assert list(summary.data[0].y) == [1.0]
    assert note(summary) == "2 points whose values are infinite or beyond ±1e+304 are not shown."


def test_smoothing_skips_values_left_out(client):
    add_component(client, "tc", metrics={"loss": [1.0, 1e305, 3.0]})

    figure = time_series_chart(
        "tc", "loss", smoothing=0.5, show_raw=False, sagemaker_boto_client=client
    )

    smoothed = np.asarray(figure.data[0].y, dtype=float)
    assert smoothed[0] == 1.0
    assert np.isnan(smoothed[1])
    assert smoothed[2] == pytest.approx(2.0)
