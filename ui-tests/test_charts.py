"""The "Add chart" tab: summary and time series charts of the tutorial's five
trials, the field cases of log axes, numeric-looking categories, out-of-order
steps and downsampled spikes, live data, the table selection, layout restore
and "Copy as notebook code".

The plotted data is read from plotly's graph div (``data`` and
``_fullLayout``), so each check reads what plotly draws.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from helpers import row
from seed import training_job_arn

pytestmark = pytest.mark.browser

EXPERIMENT = "mnist-chart-experiment"
FIELD_EXPERIMENT = "chart-field-cases"
# Created out of hidden_channels order, so that a chart in creation order
# cannot pass for one in hidden_channels order.
HIDDEN_CHANNELS = [20, 2, 32, 5, 10]
TEST_LOSS = {20: 0.35, 2: 0.62, 32: 0.22, 5: 0.41, 10: 0.27}

# train:loss as (step, value) in the order logged: out of step order, then a
# resume from checkpoint 4 that logs steps 4 and 5 again, then (5, 0.49)
# twice more with its first timestamp, which the store keeps once.
TRAIN_LOSS_LOGGED = [(3, 0.7), (0, 1.0), (1, 0.9), (6, 0.4), (2, 0.8), (5, 0.5), (4, 0.6)]
TRAIN_LOSS_RESUMED = [(4, 0.58), (5, 0.49)]
TRAIN_LOSS_STEPS = [0, 1, 2, 3, 4, 4, 5, 5, 6]
TRAIN_LOSS_VALUES = [1.0, 0.9, 0.8, 0.7, 0.6, 0.58, 0.5, 0.49, 0.4]

LOG_SERIES = [1.0, 0.1, 0.0, 0.01, -0.5, 0.001]
LOG_BAR_MIN = {"log-bar-1": 0.001, "log-bar-2": 0.0, "log-bar-3": -0.2}

CATEGORY_COMPONENTS = {
    "category-1": {"version": "11.1.1", "commit": "1238ad", "lr": 0.1, "acc": 0.80},
    "category-2": {"version": "12.1", "commit": "123456", "lr": 0.01, "acc": 0.85},
    "category-3": {"version": "12.1.1", "commit": "a1234b", "lr": 0.001, "acc": 0.90},
}

SPIKE_POINTS = 100_000
SPIKE_STEPS = list(range(0, SPIKE_POINTS, 10_000))
DIP_STEP = 55_555


@dataclass
class ChartData:
    """Names of the seeded components."""

    training: dict[int, str]
    preprocessing: list[str]


def training_name(channels: int) -> str:
    return f"chart-cnn-{channels}-aws-training-job"


def trial_name(channels: int) -> str:
    return f"chart-cnn-{channels}-hidden-channels"


@pytest.fixture(scope="module")
def five_trials(lab_server) -> ChartData:
    """The tutorial's five trials: a preprocessing and a training component each."""
    client = lab_server.client
    client.create_experiment(ExperimentName=EXPERIMENT)
    start = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.timezone.utc)
    data = ChartData(training={}, preprocessing=[])
    for index, channels in enumerate(HIDDEN_CHANNELS):
        trial = trial_name(channels)
        client.create_trial(TrialName=trial, ExperimentName=EXPERIMENT)
        preprocessing = f"chart-preprocessing-{index + 1}"
        client.create_trial_component(
            TrialComponentName=preprocessing,
            DisplayName="Preprocessing",
            Status={"PrimaryStatus": "Completed"},
            Parameters={"normalization_mean": {"NumberValue": 0.1307}},
        )
        client.associate_trial_component(TrialComponentName=preprocessing, TrialName=trial)
        training = training_name(channels)
        begin = start + dt.timedelta(hours=index)
        client.create_trial_component(
            TrialComponentName=training,
            DisplayName=f"Training {channels}",
            Status={"PrimaryStatus": "Completed"},
            StartTime=begin,
            EndTime=begin + dt.timedelta(minutes=3),
            Source={
                "SourceArn": training_job_arn(f"chart-cnn-{channels}"),
                "SourceType": "SageMakerTrainingJob",
            },
            Parameters={
                "hidden_channels": {"NumberValue": float(channels)},
                "epochs": {"NumberValue": 2.0},
                "optimizer": {"StringValue": "sgd"},
            },
        )
        client.associate_trial_component(TrialComponentName=training, TrialName=trial)
        log_train_loss(client, training, begin, scale=1 + index / 10)
        client.batch_put_metrics(
            TrialComponentName=training,
            MetricData=[
                {
                    "MetricName": "test:loss",
                    "Value": TEST_LOSS[channels],
                    "Timestamp": begin + dt.timedelta(minutes=2),
                    "Step": 1,
                }
            ],
        )
        data.training[channels] = training
        data.preprocessing.append(preprocessing)
    return data


def log_train_loss(client, name: str, begin: dt.datetime, scale: float) -> None:
    """Log train:loss out of step order, resume from step 4, then repeat a point."""

    def point(step: int, value: float, minute: int) -> dict[str, Any]:
        return {
            "MetricName": "train:loss",
            "Value": value * scale,
            "Timestamp": begin + dt.timedelta(minutes=minute),
            "Step": step,
        }

    logged = [point(step, value, minute) for minute, (step, value) in enumerate(TRAIN_LOSS_LOGGED)]
    resumed = [
        point(step, value, len(logged) + minute)
        for minute, (step, value) in enumerate(TRAIN_LOSS_RESUMED)
    ]
    # One call per point, as a training script logs them.
    for item in logged + resumed + [resumed[-1], resumed[-1]]:
        client.batch_put_metrics(TrialComponentName=name, MetricData=[item])


@pytest.fixture(scope="module")
def field_cases(lab_server) -> None:
    """One trial per field case: log axes, categories and a long series with spikes."""
    client = lab_server.client
    client.create_experiment(ExperimentName=FIELD_EXPERIMENT)
    begin = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.timezone.utc)

    def component(trial: str, name: str, parameters: dict[str, Any] | None = None) -> None:
        client.create_trial_component(
            TrialComponentName=name,
            Parameters={
                key: {"NumberValue": value} if isinstance(value, float) else {"StringValue": value}
                for key, value in (parameters or {}).items()
            },
        )
        client.associate_trial_component(TrialComponentName=name, TrialName=trial)

    def metric(name: str, metric_name: str, values: list[float]) -> None:
        client.batch_put_metrics(
            TrialComponentName=name,
            MetricData=[
                {
                    "MetricName": metric_name,
                    "Value": value,
                    "Timestamp": begin + dt.timedelta(seconds=step),
                    "Step": step,
                }
                for step, value in enumerate(values)
            ],
        )

    client.create_trial(TrialName="chart-log-axis", ExperimentName=FIELD_EXPERIMENT)
    component("chart-log-axis", "log-series")
    metric("log-series", "loss", LOG_SERIES)
    for run, (name, minimum) in enumerate(LOG_BAR_MIN.items()):
        component("chart-log-axis", name, {"run": float(run + 1)})
        metric(name, "loss", [minimum + 1.0, minimum])

    client.create_trial(TrialName="chart-categories", ExperimentName=FIELD_EXPERIMENT)
    for name, values in CATEGORY_COMPONENTS.items():
        component(
            "chart-categories",
            name,
            {"version": values["version"], "commit": values["commit"], "lr": values["lr"]},
        )
        metric(name, "acc", [values["acc"]])

    client.create_trial(TrialName="chart-spikes", ExperimentName=FIELD_EXPERIMENT)
    component("chart-spikes", "spike-series")
    values = [1.0] * SPIKE_POINTS
    for step in SPIKE_STEPS:
        values[step] = 100.0
    values[DIP_STEP] = -50.0
    client.batch_put_metrics(
        TrialComponentName="spike-series",
        MetricData=[
            {"MetricName": "grad_norm", "Value": value, "Timestamp": 1_796_000_000.0, "Step": step}
            for step, value in enumerate(values)
        ],
    )


# -- locators and plot data ------------------------------------------------------


def table(page: Page) -> Locator:
    return page.get_by_role("grid", name="Trial components")


def table_row(page: Page, name: str) -> Locator:
    return (
        table(page)
        .locator(".jp-ExperimentsTable-row")
        .filter(has=page.get_by_role("gridcell", name=name, exact=True))
    )


def chart(page: Page) -> Locator:
    """Return the chart tab's content: the last chart opened."""
    return page.locator(".jp-ExperimentsChart").last


def pane(page: Page) -> Locator:
    return chart(page).get_by_role("region", name="Chart properties")


def choose(page: Page, label: str, value: str) -> None:
    """Choose a value of one of the CHART PROPERTIES selects."""
    pane(page).get_by_role("combobox", name=label, exact=True).select_option(value)


def log_box(page: Page, axis: str) -> Locator:
    return pane(page).get_by_role("group", name="Log scale").get_by_role("checkbox", name=axis)


def notes(page: Page) -> Locator:
    return chart(page).locator(".jp-ExperimentsChart-notes")


PLOT_STATE = """plot => ({
    traces: (plot.data || []).map(trace => ({
        type: trace.type,
        mode: trace.mode || null,
        name: trace.name || null,
        x: Array.from(trace.x || []),
        y: Array.from(trace.y || []),
        opacity: trace.opacity === undefined ? null : trace.opacity
    })),
    xType: plot._fullLayout ? plot._fullLayout.xaxis.type : null,
    yType: plot._fullLayout ? plot._fullLayout.yaxis.type : null,
    xCategories: plot._fullLayout ? Array.from(plot._fullLayout.xaxis._categories || []) : [],
    yTicks: Array.from(plot.querySelectorAll('.ytick text')).map(node => node.textContent)
})"""


def plot(page: Page) -> Locator:
    return chart(page).locator(".js-plotly-plot")


def plot_state(locator: Locator) -> dict[str, Any]:
    return locator.evaluate(PLOT_STATE)


def wait_for_plot(
    locator: Locator, check: Callable[[dict[str, Any]], bool], timeout: float = 15.0
) -> dict[str, Any]:
    """Poll the plot until ``check`` accepts its state; return that state."""
    # Attached rather than visible: a notebook output below the fold is
    # rendered but may have no size yet.
    locator.wait_for(state="attached")
    deadline = time.monotonic() + timeout
    state = plot_state(locator)
    while not check(state):
        if time.monotonic() > deadline:
            raise AssertionError(f"the plot did not reach the expected state; it shows {state}")
        time.sleep(0.1)
        state = plot_state(locator)
    return state


def point_count(state: dict[str, Any]) -> int:
    return sum(len(trace["x"]) for trace in state["traces"])


def x_range(page: Page) -> list[float]:
    return plot(page).evaluate("node => node._fullLayout.xaxis.range")


def drag_zoom(
    page: Page, x_from: float, x_to: float, y: tuple[float, float] | None = None
) -> list[float]:
    """Drag the mouse across the plot area from one x value to another, at
    the middle height or from one y value to another, and return the x
    range plotly zoomed to."""
    before = x_range(page)
    area = plot(page).locator(".nsewdrag").first.bounding_box()
    assert area is not None
    to_pixel = "(node, [axis, value]) => node._fullLayout[axis].l2p(value)"

    def pixel(axis: str, value: float) -> float:
        return plot(page).evaluate(to_pixel, [axis, value])

    left = area["x"] + pixel("xaxis", x_from)
    right = area["x"] + pixel("xaxis", x_to)
    top = bottom = area["y"] + area["height"] / 2
    if y is not None:
        top = area["y"] + pixel("yaxis", y[0])
        bottom = area["y"] + pixel("yaxis", y[1])
    page.mouse.move(left, top)
    page.mouse.down()
    page.mouse.move(right, bottom, steps=10)
    page.mouse.up()
    deadline = time.monotonic() + 5
    while x_range(page) == before:
        assert time.monotonic() < deadline, "the drag did not zoom"
        time.sleep(0.05)
    return x_range(page)


# -- opening charts -------------------------------------------------------------


def open_table_on_trials(page: Page, experiment: str, trials: list[str], rows: int) -> None:
    """Select trials in the panel and open them in the trial component table."""
    row(page, experiment).dblclick()
    first = row(page, trials[0])
    first.click()
    for trial in trials[1:]:
        row(page, trial).click(modifiers=["Control"])
    row(page, trials[-1]).click(button="right")
    page.locator(".lm-Menu").get_by_text("Open in Trial Component List").click()
    expect(table(page)).to_be_visible()
    expect(page.locator(".jp-ExperimentsTable-status")).to_contain_text(f"{rows} trial component")


def open_table_on_five_trials(page: Page) -> None:
    open_table_on_trials(page, EXPERIMENT, [trial_name(c) for c in HIDDEN_CHANNELS], 10)


def select_rows(page: Page, names: list[str]) -> None:
    """Select exactly these rows of the table."""
    table_row(page, names[0]).click()
    for name in names[1:]:
        table_row(page, name).click(modifiers=["Control"])
    expect(page.locator(".jp-ExperimentsTable-status")).to_contain_text(f"{len(names)} selected")


def add_chart_from_table(page: Page, names: list[str]) -> None:
    select_rows(page, names)
    page.get_by_role("button", name="Add chart", exact=True).click()
    expect(pane(page)).to_be_visible()


def add_chart_from_panel(page: Page, experiment: str, trial: str) -> None:
    """Chart the components of one trial from the panel's context menu."""
    row(page, experiment).dblclick()
    row(page, trial).click()
    row(page, trial).click(button="right")
    page.locator(".lm-Menu").get_by_text("Add Chart", exact=True).click()
    expect(pane(page)).to_be_visible()


def tutorial_chart(page: Page, data: ChartData) -> None:
    """Open the tutorial's chart: Summary statistics, Line, hidden_channels
    against test:loss Last, no colour, for all ten components."""
    open_table_on_five_trials(page)
    add_chart_from_table(page, [*data.training.values(), *data.preprocessing])
    choose(page, "Data type", "summary")
    choose(page, "Chart type", "line")
    choose(page, "X axis", "Parameters.hidden_channels")
    choose(page, "Y axis", "Metrics.test:loss.Last")
    choose(page, "Color", "none")


def in_hidden_channels_order(state: dict[str, Any]) -> bool:
    traces = state["traces"]
    return len(traces) == 1 and traces[0]["x"] == sorted(HIDDEN_CHANNELS)


# -- the tutorial's chart -----------------------------------------------------------


def test_summary_line_in_hidden_channels_order(
    page: Page, five_trials: ChartData, screenshot_dir
) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    tutorial_chart(page, five_trials)

    state = wait_for_plot(plot(page), in_hidden_channels_order)
    trace = state["traces"][0]
    assert trace["type"] == "scatter"
    assert trace["mode"] == "lines+markers"
    assert trace["y"] == [TEST_LOSS[channels] for channels in sorted(HIDDEN_CHANNELS)]
    assert state["xType"] == "linear"
    # The preprocessing components have neither column, and the chart says so.
    expect(notes(page)).to_contain_text("5 components without values are not shown")
    page.screenshot(path=str(screenshot_dir / "chart-summary-line.png"))


def test_switch_chart_types(page: Page, five_trials: ChartData, screenshot_dir) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    tutorial_chart(page, five_trials)
    wait_for_plot(plot(page), in_hidden_channels_order)
    expected_y = [TEST_LOSS[channels] for channels in sorted(HIDDEN_CHANNELS)]

    choose(page, "Chart type", "scatter")
    state = wait_for_plot(plot(page), lambda state: state["traces"][0]["mode"] == "markers")
    assert state["traces"][0]["type"] == "scatter"
    assert state["traces"][0]["x"] == sorted(HIDDEN_CHANNELS)
    assert state["traces"][0]["y"] == expected_y
    page.screenshot(path=str(screenshot_dir / "chart-scatter.png"))

    choose(page, "Chart type", "bar")
    state = wait_for_plot(plot(page), lambda state: state["traces"][0]["type"] == "bar")
    assert state["traces"][0]["x"] == sorted(HIDDEN_CHANNELS)
    assert state["traces"][0]["y"] == expected_y
    page.screenshot(path=str(screenshot_dir / "chart-bar.png"))

    choose(page, "Chart type", "histogram")
    state = wait_for_plot(plot(page), lambda state: state["traces"][0]["type"] == "histogram")
    # A histogram bins the x values: five components, one per value.
    assert sorted(state["traces"][0]["x"]) == sorted(HIDDEN_CHANNELS)
    expect(pane(page).get_by_role("combobox", name="Y axis")).to_have_count(0)
    expect(pane(page).get_by_role("combobox", name="Values")).to_have_value(
        "Parameters.hidden_channels"
    )
    bars = plot(page).locator(".barlayer .point")
    expect(bars.first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "chart-histogram.png"))

    # On a log x axis the bins are counted in log space and drawn as bars
    # of nonzero width, since plotly's own binning draws nothing there.
    log_box(page, "X axis").check()
    state = wait_for_plot(plot(page), lambda state: state["traces"][0]["type"] == "bar")
    assert state["xType"] == "log"
    assert sum(state["traces"][0]["y"]) == len(HIDDEN_CHANNELS)
    widths = plot(page).evaluate(
        "node => Array.from(node.querySelectorAll('.barlayer .point path'))"
        ".map(path => path.getBBox().width)"
    )
    assert len(widths) == len([count for count in state["traces"][0]["y"] if count > 0])
    assert all(width > 5 for width in widths)
    page.screenshot(path=str(screenshot_dir / "chart-histogram-log.png"))


def test_log_histogram_bars_cover_their_bins(page: Page, lab_server) -> None:
    """Bins five decades wide still start and end on their edges."""
    client = lab_server.client
    client.create_experiment(ExperimentName="log-histogram")
    client.create_trial(TrialName="log-histogram-trial", ExperimentName="log-histogram")
    for power in range(-9, 10):
        name = f"power-{power + 9}"
        client.create_trial_component(TrialComponentName=name, Parameters={"p": 10.0**power})
        client.associate_trial_component(TrialComponentName=name, TrialName="log-histogram-trial")
    page.set_viewport_size({"width": 1400, "height": 1000})
    add_chart_from_panel(page, "log-histogram", "log-histogram-trial")
    choose(page, "Chart type", "histogram")
    log_box(page, "X axis").check()
    state = wait_for_plot(plot(page), lambda state: state["traces"][0]["type"] == "bar")
    assert sum(state["traces"][0]["y"]) == 19

    # The bars, left to right, in pixels of the plot area.
    sides = plot(page).evaluate(
        """node => {
            const area = node.querySelector('.nsewdrag').getBoundingClientRect();
            return Array.from(node.querySelectorAll('.barlayer .point path'))
                .map(path => path.getBoundingClientRect())
                .map(box => [box.left - area.left, box.right - area.left, area.width])
                .sort((a, b) => a[0] - b[0]);
        }"""
    )
    assert abs(sides[0][0]) < 1.5
    assert abs(sides[-1][1] - sides[-1][2]) < 1.5
    for before, after in itertools.pairwise(sides):
        assert abs(after[0] - before[1]) < 1.5


# -- time series ---------------------------------------------------------------------


def test_time_series_of_two_components_in_step_order(
    page: Page, five_trials: ChartData, screenshot_dir
) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_table_on_five_trials(page)
    two = [five_trials.training[2], five_trials.training[32]]
    add_chart_from_table(page, two)
    choose(page, "Data type", "timeSeries")
    choose(page, "Metric", "train:loss")
    choose(page, "Color", "trialComponent")

    state = wait_for_plot(plot(page), lambda state: len(state["traces"]) == 2)
    by_name = {trace["name"]: trace for trace in state["traces"]}
    assert sorted(by_name) == ["Training 2", "Training 32"]
    for channels, trace in ((2, by_name["Training 2"]), (32, by_name["Training 32"])):
        # Steps logged as 3, 0, 1, 6, 2, 5, 4, 4, 5 are drawn in step order;
        # the repeated steps keep both points, in the order of their timestamps.
        assert trace["x"] == TRAIN_LOSS_STEPS
        scale = 1 + HIDDEN_CHANNELS.index(channels) / 10
        assert trace["y"] == pytest.approx([value * scale for value in TRAIN_LOSS_VALUES])
        assert trace["type"] == "scatter"
        assert trace["mode"] == "lines+markers"
    assert state["xType"] == "linear"
    page.screenshot(path=str(screenshot_dir / "chart-time-series.png"))

    choose(page, "Chart type", "scatter")
    state = wait_for_plot(
        plot(page), lambda state: all(trace["mode"] == "markers" for trace in state["traces"])
    )
    assert [trace["x"] for trace in state["traces"]] == [TRAIN_LOSS_STEPS] * 2


def test_chart_follows_live_data(page: Page, lab_server, five_trials: ChartData) -> None:
    open_table_on_five_trials(page)
    name = five_trials.training[5]
    add_chart_from_table(page, [name])
    choose(page, "Data type", "timeSeries")
    choose(page, "Metric", "train:loss")
    wait_for_plot(plot(page), lambda state: state["traces"][0]["x"] == TRAIN_LOSS_STEPS)

    # A training script logs one more step while the chart is open.
    lab_server.client.batch_put_metrics(
        TrialComponentName=name,
        MetricData=[{"MetricName": "train:loss", "Value": 0.35, "Step": 7}],
    )
    state = wait_for_plot(plot(page), lambda state: state["traces"][0]["x"][-1] == 7)
    assert state["traces"][0]["x"] == [*TRAIN_LOSS_STEPS, 7]
    assert state["traces"][0]["y"][-1] == pytest.approx(0.35)


def test_chart_follows_table_selection(page: Page, five_trials: ChartData) -> None:
    tutorial_names = five_trials.training
    open_table_on_five_trials(page)
    add_chart_from_table(page, [tutorial_names[2], tutorial_names[5]])
    choose(page, "X axis", "Parameters.hidden_channels")
    choose(page, "Y axis", "Metrics.test:loss.Last")
    wait_for_plot(plot(page), lambda state: state["traces"][0]["x"] == [2, 5])

    select_rows(page, [tutorial_names[10], tutorial_names[20], tutorial_names[32]])
    state = wait_for_plot(plot(page), lambda state: state["traces"][0]["x"] == [10, 20, 32])
    assert state["traces"][0]["y"] == [TEST_LOSS[10], TEST_LOSS[20], TEST_LOSS[32]]
    expect(page.get_by_role("tab", name="Chart (3)")).to_be_visible()


def test_chart_restored_with_layout(page: Page, lab_server, five_trials: ChartData) -> None:
    tutorial_chart(page, five_trials)
    choose(page, "Chart type", "bar")
    log_box(page, "Y axis").check()
    state = wait_for_plot(plot(page), lambda state: state["yType"] == "log")
    assert state["traces"][0]["type"] == "bar"

    # JupyterLab saves the layout shortly after a change; once the server
    # has it, reload without ?reset so that the saved workspace is restored.
    url = f"{lab_server.base_url}lab/api/workspaces?token={lab_server.token}"
    deadline = time.monotonic() + 15
    while '"logY": true' not in json.dumps(page.request.get(url).json()):
        assert time.monotonic() < deadline, "the chart was not saved with the workspace"
        time.sleep(0.2)
    page.goto(f"{lab_server.base_url}lab")
    expect(pane(page)).to_be_visible()
    expect(pane(page).get_by_role("combobox", name="Chart type")).to_have_value("bar")
    expect(pane(page).get_by_role("combobox", name="X axis")).to_have_value(
        "Parameters.hidden_channels"
    )
    expect(pane(page).get_by_role("combobox", name="Y axis")).to_have_value(
        "Metrics.test:loss.Last"
    )
    expect(log_box(page, "Y axis")).to_be_checked()
    state = wait_for_plot(plot(page), lambda state: state["yType"] == "log")
    assert state["traces"][0]["type"] == "bar"
    assert state["traces"][0]["x"] == sorted(HIDDEN_CHANNELS)


# -- field cases ----------------------------------------------------------------------


def test_log_axis_explains_hidden_values(page: Page, field_cases: None) -> None:
    """Field case 10: values of 0 or less on a log axis."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_table_on_trials(page, FIELD_EXPERIMENT, ["chart-log-axis"], 4)
    add_chart_from_table(page, ["log-series"])
    choose(page, "Data type", "timeSeries")
    choose(page, "Metric", "loss")
    state = wait_for_plot(plot(page), lambda state: state["traces"][0]["y"] == LOG_SERIES)

    log_box(page, "Y axis").check()
    state = wait_for_plot(plot(page), lambda state: state["yType"] == "log")
    # The two values of 0 or less leave gaps; the others keep their values.
    assert state["traces"][0]["y"] == [1.0, 0.1, None, 0.01, None, 0.001]
    assert state["traces"][0]["x"] == [0, 1, 2, 3, 4, 5]
    expect(notes(page)).to_contain_text("2 points with values ≤ 0 are not shown on the log axis")
    # Ticks are in the values' own units.
    assert {"1", "0.1", "0.01", "0.001"} <= set(state["yTicks"])

    log_box(page, "Y axis").uncheck()
    state = wait_for_plot(plot(page), lambda state: state["yType"] == "linear")
    assert state["traces"][0]["y"] == LOG_SERIES
    expect(notes(page)).to_have_count(0)

    # A bar chart of loss Min for three components: 0.001, 0.0 and -0.2.
    select_rows(page, list(LOG_BAR_MIN))
    choose(page, "Data type", "summary")
    choose(page, "Chart type", "bar")
    choose(page, "X axis", "Parameters.run")
    choose(page, "Y axis", "Metrics.loss.Min")
    state = wait_for_plot(plot(page), lambda state: state["traces"][0]["x"] == [1, 2, 3])
    assert state["traces"][0]["y"] == list(LOG_BAR_MIN.values())

    log_box(page, "Y axis").check()
    state = wait_for_plot(plot(page), lambda state: state["yType"] == "log")
    assert state["traces"][0]["x"] == [1]
    assert state["traces"][0]["y"] == [0.001]
    expect(notes(page)).to_contain_text("2 points with values ≤ 0 are not shown on the log axis")

    log_box(page, "Y axis").uncheck()
    state = wait_for_plot(plot(page), lambda state: state["yType"] == "linear")
    assert state["traces"][0]["y"] == list(LOG_BAR_MIN.values())


def test_numeric_looking_labels_stay_categories(page: Page, field_cases: None) -> None:
    """Field case 11: string parameters such as "123456" and "12.1"."""
    open_table_on_trials(page, FIELD_EXPERIMENT, ["chart-categories"], 3)
    add_chart_from_table(page, list(CATEGORY_COMPONENTS))
    choose(page, "Chart type", "bar")
    choose(page, "Y axis", "Metrics.acc.Last")

    for parameter in ("version", "commit"):
        choose(page, "X axis", f"Parameters.{parameter}")
        labels = sorted(values[parameter] for values in CATEGORY_COMPONENTS.values())
        state = wait_for_plot(
            plot(page), lambda state, labels=labels: sorted(state["traces"][0]["x"]) == labels
        )
        assert state["xType"] == "category"
        assert sorted(state["xCategories"]) == labels
        expect(plot(page).locator(".barlayer .point")).to_have_count(3)
        by_label = dict(zip(state["traces"][0]["x"], state["traces"][0]["y"], strict=True))
        for values in CATEGORY_COMPONENTS.values():
            assert by_label[values[parameter]] == values["acc"]

    # Scatter coloured by commit: one trace per commit, named as logged.
    choose(page, "Chart type", "scatter")
    choose(page, "Color", "Parameters.commit")
    state = wait_for_plot(plot(page), lambda state: len(state["traces"]) == 3)
    assert sorted(trace["name"] for trace in state["traces"]) == ["123456", "1238ad", "a1234b"]

    # A number parameter keeps a numeric axis.
    choose(page, "X axis", "Parameters.lr")
    state = wait_for_plot(plot(page), lambda state: state["xType"] == "linear")
    assert sorted(x for trace in state["traces"] for x in trace["x"]) == [0.001, 0.01, 0.1]


def test_downsampled_series_keeps_spikes(page: Page, field_cases: None) -> None:
    """Field case 20: 100,000 points with ten spikes and one dip."""
    add_chart_from_panel(page, FIELD_EXPERIMENT, "chart-spikes")
    choose(page, "Data type", "timeSeries")
    choose(page, "Metric", "grad_norm")
    first = wait_for_plot(plot(page), lambda state: point_count(state) > 0)

    trace = first["traces"][0]
    # The server sends about two points per pixel of the plot, not 100,000.
    assert len(trace["x"]) <= 4000
    spikes = [step for step, value in zip(trace["x"], trace["y"], strict=True) if value == 100]
    assert spikes == SPIKE_STEPS
    dips = [step for step, value in zip(trace["x"], trace["y"], strict=True) if value == -50]
    assert dips == [DIP_STEP]
    assert trace["x"] == sorted(trace["x"])
    expect(notes(page)).to_contain_text("reduced to at most")

    # A second chart of the same size draws the same points: nothing is
    # sampled at random.
    page.get_by_role("tab", name="Chart (1)").get_by_title("Close").click()
    expect(chart(page)).to_have_count(0)
    row(page, "chart-spikes").click(button="right")
    page.locator(".lm-Menu").get_by_text("Add Chart", exact=True).click()
    choose(page, "Data type", "timeSeries")
    choose(page, "Metric", "grad_norm")
    second = wait_for_plot(plot(page), lambda state: point_count(state) > 0)
    assert second["traces"][0]["x"] == trace["x"]
    assert second["traces"][0]["y"] == trace["y"]


def test_zoom_fetches_full_resolution(page: Page, field_cases: None, tmp_path) -> None:
    """A zoom into steps 55,000 to 56,000 of 100,000 points draws every point there."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    add_chart_from_panel(page, FIELD_EXPERIMENT, "chart-spikes")
    choose(page, "Data type", "timeSeries")
    choose(page, "Metric", "grad_norm")
    whole = wait_for_plot(plot(page), lambda state: point_count(state) > 0)["traces"][0]
    assert len(whole["x"]) <= 2000
    points = list(zip(whole["x"], whole["y"], strict=True))
    assert [step for step, value in points if value == 100] == SPIKE_STEPS
    assert [step for step, value in points if value == -50] == [DIP_STEP]

    # A user zooms in two drags: the first makes 55,000 to 56,000 wide enough
    # to drag across, the second selects it.
    drag_zoom(page, 50_000, 60_000)
    low, high = drag_zoom(page, 55_000, 56_000)
    assert 54_900 < low < 55_100
    assert 55_900 < high < 56_100
    steps = list(range(math.ceil(low), math.floor(high) + 1))

    def in_range(state: dict[str, Any]) -> list[int]:
        return [x for x in state["traces"][0]["x"] if low <= x <= high]

    zoomed = wait_for_plot(plot(page), lambda state: in_range(state) == steps)
    trace = zoomed["traces"][0]
    # Beyond the range only the nearest point on each side, for the line.
    assert len(trace["x"]) - len(steps) <= 2
    assert dict(zip(trace["x"], trace["y"], strict=True))[DIP_STEP] == -50
    expect(chart(page)).not_to_contain_text("reduced to at most")
    page.screenshot(path=str(tmp_path / "chart-zoomed.png"))

    # A double click returns to the automatic range and the whole series.
    plot(page).locator(".nsewdrag").first.dblclick()
    back = wait_for_plot(plot(page), lambda state: state["traces"][0]["x"] == whole["x"])
    assert back["traces"][0]["y"] == whole["y"]
    expect(notes(page)).to_contain_text("reduced to at most")


def test_box_zoom_keeps_its_y_range(page: Page, field_cases: None) -> None:
    """The points of a box zoom's x range are drawn within its y range."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    add_chart_from_panel(page, FIELD_EXPERIMENT, "chart-spikes")
    choose(page, "Data type", "timeSeries")
    choose(page, "Metric", "grad_norm")
    wait_for_plot(plot(page), lambda state: point_count(state) > 0)

    low, high = drag_zoom(page, 40_000, 60_000, y=(80.0, -10.0))
    y_range = plot(page).evaluate("node => node._fullLayout.yaxis.range")
    assert y_range[0] < 0 < y_range[1] < 100

    def fetched(state: dict[str, Any]) -> bool:
        # The whole series has some 400 points there, the range 2,000.
        return len([x for x in state["traces"][0]["x"] if low <= x <= high]) > 1000

    wait_for_plot(plot(page), fetched)
    assert plot(page).evaluate("node => node._fullLayout.yaxis.range") == y_range


def test_long_trial_names_keep_the_plot_wide(page: Page, lab_server, screenshot_dir) -> None:
    """Colour by trial with long trial names that differ only in the middle."""
    client = lab_server.client
    client.create_experiment(ExperimentName="long-trial-names")
    trials = [f"{'x' * 50}-middle-{letter}-{'y' * 60}" for letter in "abc"]
    for index, trial in enumerate(trials):
        client.create_trial(TrialName=trial, ExperimentName="long-trial-names")
        name = f"long-name-run-{index}"
        client.create_trial_component(TrialComponentName=name)
        client.associate_trial_component(TrialComponentName=name, TrialName=trial)
        client.batch_put_metrics(
            TrialComponentName=name,
            MetricData=[
                {"MetricName": "loss", "Value": 1.0 / (step + index + 1), "Step": step}
                for step in range(5)
            ],
        )
    row(page, "long-trial-names").dblclick()
    row(page, trials[0]).click()
    row(page, trials[2]).click(modifiers=["Shift"])
    row(page, trials[2]).click(button="right")
    page.locator(".lm-Menu").get_by_text("Add Chart", exact=True).click()
    choose(page, "Data type", "timeSeries")
    choose(page, "Metric", "loss")
    choose(page, "Color", "trial")
    state = wait_for_plot(plot(page), lambda state: len(state["traces"]) == 3)

    # Names that would shorten alike show where they differ.
    legend = sorted(trace["name"] for trace in state["traces"])
    for name, letter in zip(legend, "abc", strict=True):
        assert f"-middle-{letter}-" in name
        assert len(name) <= 40
    # The legend goes under the plot instead of squeezing it.
    widths = plot(page).evaluate(
        "node => [node.querySelector('.nsewdrag').getBoundingClientRect().width,"
        " node.getBoundingClientRect().width]"
    )
    assert widths[0] > 0.7 * widths[1]
    page.screenshot(path=str(screenshot_dir / "chart-long-legend.png"))

    # On a wide plot the legend returns to the right of it.
    orientation = "node => (node.layout.legend || {}).orientation || 'v'"
    assert plot(page).evaluate(orientation) == "h"
    page.set_viewport_size({"width": 2600, "height": 1000})
    deadline = time.monotonic() + 10
    while plot(page).evaluate(orientation) != "v":
        assert time.monotonic() < deadline, "the legend stayed under the wide plot"
        time.sleep(0.1)


def test_chart_outlives_deleted_component(page: Page, lab_server) -> None:
    """Deleting one charted component leaves the other drawn and updating."""
    client = lab_server.client
    client.create_experiment(ExperimentName="chart-deletion")
    client.create_trial(TrialName="chart-deletion-trial", ExperimentName="chart-deletion")
    for name in ("chart-kept", "chart-deleted"):
        client.create_trial_component(TrialComponentName=name)
        client.associate_trial_component(TrialComponentName=name, TrialName="chart-deletion-trial")
        client.batch_put_metrics(
            TrialComponentName=name,
            MetricData=[{"MetricName": "loss", "Value": 1.0, "Step": step} for step in range(3)],
        )
    add_chart_from_panel(page, "chart-deletion", "chart-deletion-trial")
    choose(page, "Data type", "timeSeries")
    choose(page, "Metric", "loss")
    wait_for_plot(plot(page), lambda state: len(state["traces"]) == 2)

    client.disassociate_trial_component(
        TrialComponentName="chart-deleted", TrialName="chart-deletion-trial"
    )
    client.delete_trial_component(TrialComponentName="chart-deleted")
    expect(notes(page)).to_contain_text("Trial component chart-deleted was not found")
    client.batch_put_metrics(
        TrialComponentName="chart-kept",
        MetricData=[{"MetricName": "loss", "Value": 0.5, "Step": 3}],
    )

    state = wait_for_plot(plot(page), lambda state: state["traces"][0]["x"] == [0, 1, 2, 3])
    assert len(state["traces"]) == 1
    assert state["traces"][0]["y"][-1] == 0.5


# -- notebook code --------------------------------------------------------------------


def test_copy_as_notebook_code_draws_same_chart(
    page: Page, five_trials: ChartData, screenshot_dir
) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    # A notebook first, so that the chart's code goes into it.
    page.locator(".jp-LauncherCard[data-category='Notebook']").first.click()
    notebook = page.locator(".jp-NotebookPanel").last
    expect(notebook.locator(".jp-Notebook-cell")).to_have_count(1)
    tutorial_chart(page, five_trials)
    wait_for_plot(plot(page), in_hidden_channels_order)

    chart(page).get_by_role("button", name="Copy as notebook code").click()
    cells = notebook.locator(".jp-Notebook-cell")
    expect(cells).to_have_count(2)
    code_cell = cells.nth(1)
    expect(code_cell).to_contain_text("summary_chart(")
    expect(code_cell).to_contain_text('"test:loss - Last"')

    code_cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    # plotly's renderer makes the output element itself the plot.
    output = code_cell.locator(".jp-OutputArea-output.js-plotly-plot")
    # The kernel starts and imports pandas and plotly first.
    output.wait_for(state="attached", timeout=90_000)
    state = wait_for_plot(output, lambda state: len(state["traces"]) > 0)
    trace = state["traces"][0]
    assert len(state["traces"]) == 1
    assert trace["x"] == sorted(HIDDEN_CHANNELS)
    assert trace["y"] == [TEST_LOSS[channels] for channels in sorted(HIDDEN_CHANNELS)]
    assert trace["mode"] == "lines+markers"
    assert state["xType"] == "linear"
    expect(code_cell.locator(".jp-OutputArea-output[data-mime-type*='error']")).to_have_count(0)
    output.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "chart-notebook.png"))
