"""The Charts section of the "Describe trial component" tab.

A Tracker logs two metrics over several steps, a confusion matrix, a ROC
curve and a precision-recall curve into the lab server's store, as a
notebook would. The checks read the
plotted data from plotly's graph div and the tick labels from the drawn SVG.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from jupyterlab_experiments import Tracker

from helpers import row

pytestmark = pytest.mark.browser

DISPLAY_NAME = "Evaluation with charts"
LOSS = [1.0, 0.7, 0.5, 0.4, 0.35, 0.3]
ACCURACY = [0.5, 0.62, 0.7, 0.76, 0.8, 0.81]
# Three classes; the SDK counts rows as true and columns as predicted labels.
Y_TRUE = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2]
Y_PRED = [0, 0, 1, 1, 1, 1, 2, 2, 2, 0]
CONFUSION_MATRIX = [[2, 1, 0], [0, 3, 1], [1, 0, 2]]
BINARY_TRUE = [0, 0, 1, 1, 0, 1, 1, 0]
BINARY_SCORE = [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.7, 0.6]


@pytest.fixture(scope="module")
def evaluation(lab_server) -> str:
    """Log the metrics and charts through a Tracker; return the component's name."""
    client = lab_server.client
    database = Path(lab_server.store_url.removeprefix("sqlite:///"))
    # The lab server runs without JUPYTERLAB_EXPERIMENTS_ARTIFACT_ROOT, so it
    # reads artifacts from the folder next to the database. Files written
    # anywhere else are outside its artifact root and rejected.
    assert client.artifact_root == database.parent / "artifacts", (
        "unset JUPYTERLAB_EXPERIMENTS_ARTIFACT_ROOT to run the browser tests"
    )
    with Tracker.create(display_name=DISPLAY_NAME, sagemaker_boto_client=client) as tracker:
        for step, (loss, accuracy) in enumerate(zip(LOSS, ACCURACY, strict=True)):
            tracker.log_metric("loss", loss, iteration_number=step)
            tracker.log_metric("accuracy", accuracy, iteration_number=step)
        tracker.log_confusion_matrix(Y_TRUE, Y_PRED, title="confusion")
        tracker.log_roc_curve(BINARY_TRUE, BINARY_SCORE, title="roc")
        tracker.log_precision_recall(BINARY_TRUE, BINARY_SCORE, title="pr")
    return str(tracker.trial_component.trial_component_name)


def plot_of(figure: Locator) -> Locator:
    """Return the drawn plotly graph of a chart, once plotly has drawn it."""
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_class(re.compile(r"\bjs-plotly-plot\b"))
    return figure


def artifact_plot(charts: Locator, kind: str, name: str) -> Locator:
    """Scroll to the chart of an artifact, which loads it, and return its drawn graph.

    Until its document is loaded, the chart's accessible name is
    ``Chart <name>``; then it is ``<kind>: <name>``.
    """
    pattern = re.compile(rf"^(Chart|{re.escape(kind)}:) {re.escape(name)}$")
    charts.get_by_role("figure", name=pattern).scroll_into_view_if_needed()
    return plot_of(charts.get_by_role("figure", name=f"{kind}: {name}", exact=True))


def plotted(plot: Locator) -> list[dict[str, Any]]:
    """Return the traces that plotly draws."""
    return plot.evaluate(
        "node => node.data.map(trace => ({type: trace.type, x: trace.x, y: trace.y, z: trace.z}))"
    )


def tick_labels(plot: Locator, axis: str) -> list[str]:
    """Return the tick labels drawn on the ``x`` (left to right) or ``y`` axis (top down)."""
    return plot.locator(f"g.{axis}tick text").evaluate_all(
        """(labels, axis) => labels
            .map(label => ({text: label.textContent, box: label.getBoundingClientRect()}))
            .sort((a, b) => axis === 'x' ? a.box.left - b.box.left : a.box.top - b.box.top)
            .map(label => label.text)""",
        axis,
    )


def test_describe_charts(page: Page, evaluation: str, screenshot_dir: Path) -> None:
    # Tall enough for the whole section in the screenshot.
    page.set_viewport_size({"width": 1400, "height": 1400})
    row(page, "Unassigned trial components").dblclick()
    row(page, DISPLAY_NAME).dblclick()
    view = page.get_by_role("region", name=f"Trial component {evaluation}")
    toggle = view.get_by_role("button", name="Charts")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    charts = view.locator(".jp-ExperimentsDescribeCharts")

    metric_figures = charts.get_by_role("figure", name=re.compile(r"^Metric .* by step$"))
    expect(metric_figures).to_have_count(2)
    for metric, values in (("accuracy", ACCURACY), ("loss", LOSS)):
        plot = plot_of(charts.get_by_role("figure", name=f"Metric {metric} by step"))
        [trace] = plotted(plot)
        assert trace["x"] == list(range(len(values)))
        assert trace["y"] == pytest.approx(values)

    heatmap = artifact_plot(charts, "Confusion matrix", "confusion")
    [trace] = plotted(heatmap)
    assert trace["type"] == "heatmap"
    assert trace["z"] == CONFUSION_MATRIX
    expect(heatmap.locator("g.xtick text")).to_have_count(3)
    assert tick_labels(heatmap, "x") == ["0", "1", "2"]
    assert tick_labels(heatmap, "y") == ["0", "1", "2"]
    expect(heatmap.locator(".g-xtitle")).to_have_text("Predicted label")
    expect(heatmap.locator(".g-ytitle")).to_have_text("True label")

    roc = artifact_plot(charts, "ROC curve", "roc")
    expect(roc.locator(".gtitle")).to_have_text(re.compile(r"^roc \(AUC 0\.\d+\)$"))
    curve, chance = plotted(roc)
    assert curve["x"][0] == 0
    assert curve["x"][-1] == 1
    assert chance["x"] == [0, 1]

    pr = artifact_plot(charts, "Precision-recall curve", "pr")
    expect(pr.locator(".gtitle")).to_have_text(re.compile(r"^pr \(average precision 0\.\d+\)$"))
    curve, no_skill = plotted(pr)
    assert curve["x"][-1] == 0
    assert no_skill["y"] == [0.5, 0.5]

    charts.evaluate("node => node.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(screenshot_dir / "describe-charts.png"))

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(charts.get_by_role("figure")).to_have_count(0)
