"""Names with separator characters open and show exactly as logged."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from helpers import row

pytestmark = pytest.mark.browser

DISPLAY_NAME = "job:2024-01-01T10:00/part#1?x"
METRICS = {
    "test:accuracy": [0.80, 0.99],
    "val/loss": [0.35],
    "top.1": [0.75],
    "f1-score": [0.70],
    "acc (val) 精度": [0.61],
    # URLs drop "." and ".." path segments, so these go by query.
    ".": [0.5, 0.4],
    "..": [0.3, 0.2, 0.1],
}


@pytest.fixture(scope="module")
def separator_names(lab_server) -> None:
    """A component whose display name and metric names contain ``:``, ``/``, ``#``, ``?``, ``.``."""
    client = lab_server.client
    client.create_experiment(ExperimentName="separators")
    client.create_trial(TrialName="separators-trial", ExperimentName="separators")
    client.create_trial_component(
        TrialComponentName="component-c",
        DisplayName=DISPLAY_NAME,
        Parameters={"optimizer.lr": 0.2},
    )
    client.associate_trial_component(TrialComponentName="component-c", TrialName="separators-trial")
    client.batch_put_metrics(
        TrialComponentName="component-c",
        MetricData=[
            {"MetricName": name, "Value": value, "Step": step}
            for name, values in METRICS.items()
            for step, value in enumerate(values)
        ],
    )


def test_describe_opens_for_separator_names(page: Page, separator_names: None) -> None:
    row(page, "separators").dblclick()
    row(page, "separators-trial").dblclick()
    row(page, DISPLAY_NAME).dblclick()

    view = page.get_by_role("region", name="Trial component component-c")
    expect(view.get_by_role("heading", level=1)).to_have_text(DISPLAY_NAME)
    expect(page.get_by_role("tab", name=DISPLAY_NAME)).to_be_visible()
    metrics = view.get_by_role("table", name="Metrics")
    for name in METRICS:
        exact = page.get_by_text(name, exact=True)
        expect(metrics.get_by_role("row").filter(has=exact)).to_have_count(1)
    accuracy = metrics.get_by_role("row").filter(has_text="test:accuracy")
    expect(accuracy).to_contain_text("0.99")
    parameters = view.get_by_role("table", name="Parameters")
    expect(parameters).to_contain_text("optimizer.lr")
    expect(parameters).to_contain_text("0.2")

    # Each metric's chart loads its own points.
    charts = view.locator(".jp-ExperimentsDescribeCharts")
    for name, values in METRICS.items():
        figure = charts.get_by_role("figure", name=f"Metric {name} by step", exact=True)
        figure.scroll_into_view_if_needed()
        expect(figure).to_have_class(re.compile(r"\bjs-plotly-plot\b"))
        assert figure.evaluate("node => node.data[0].y") == values
    expect(charts).not_to_contain_text("could not be loaded")
