"""Names and values containing HTML or script are shown as plain text."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from helpers import breadcrumbs, row

pytestmark = pytest.mark.browser

EXPERIMENT_LABEL = "<img src=x onerror=window.__pwned=1>"
DESCRIPTION = "[click me](javascript:window.__pwned=3)"
TRIAL_LABEL = "<b onmouseover=window.__pwned=5>trial</b>"
COMPONENT_LABEL = "<script>window.__pwned=2</script>"
PARAMETER_VALUE = '"><svg onload=window.__pwned=4>'
METRIC_NAME = "<b>loss</b><a href=x>y</a>"
ARTIFACT_VALUE = "javascript:window.__pwned=6"


@pytest.fixture(scope="module")
def hostile_records(lab_server) -> None:
    """Records whose labels and values are HTML and script."""
    client = lab_server.client
    client.create_experiment(
        ExperimentName="xss-experiment", DisplayName=EXPERIMENT_LABEL, Description=DESCRIPTION
    )
    client.create_trial(
        TrialName="xss-trial", ExperimentName="xss-experiment", DisplayName=TRIAL_LABEL
    )
    client.create_trial_component(
        TrialComponentName="xss-component",
        DisplayName=COMPONENT_LABEL,
        Status={"PrimaryStatus": "Failed", "Message": "<i onclick=window.__pwned=7>boom</i>"},
        Parameters={"payload": {"StringValue": PARAMETER_VALUE}},
        OutputArtifacts={"report": {"Value": ARTIFACT_VALUE, "MediaType": "text/html"}},
    )
    client.associate_trial_component(TrialComponentName="xss-component", TrialName="xss-trial")
    now = dt.datetime.now(dt.timezone.utc)
    client.batch_put_metrics(
        TrialComponentName="xss-component",
        MetricData=[
            {"MetricName": METRIC_NAME, "Value": 1.0, "Timestamp": now, "Step": 0},
            {"MetricName": METRIC_NAME, "Value": float("nan"), "Timestamp": now, "Step": 1},
        ],
    )


def assert_not_executed(page: Page) -> None:
    """Check that no payload ran and that none became an element."""
    assert page.evaluate("() => window.__pwned") is None
    for selector in ("img[src='x']", "script", "svg[onload]", "[onmouseover]", "[onclick]"):
        count = page.locator(
            f".jp-ExperimentsSidebar {selector}, .jp-ExperimentsDescribe {selector}"
        ).count()
        assert count == 0, f"{selector} was rendered as an element"
    assert page.locator("a[href^='javascript:']").count() == 0


def test_html_names_shown_as_text(page: Page, hostile_records: None, screenshot_dir) -> None:
    experiment = row(page, EXPERIMENT_LABEL)
    expect(experiment).to_be_visible()
    expect(experiment.get_by_role("gridcell").nth(1)).to_have_text(DESCRIPTION)
    assert_not_executed(page)

    experiment.dblclick()
    expect(breadcrumbs(page).get_by_role("button", name=EXPERIMENT_LABEL)).to_be_visible()
    trial = row(page, TRIAL_LABEL)
    trial.hover()
    assert_not_executed(page)

    trial.dblclick()
    component = row(page, COMPONENT_LABEL)
    expect(component).to_be_visible()
    assert_not_executed(page)

    component.dblclick()
    view = page.get_by_role("region", name="Trial component xss-component")
    expect(view.get_by_role("heading", level=1)).to_have_text(COMPONENT_LABEL)
    expect(view.get_by_role("table", name="Parameters")).to_contain_text(PARAMETER_VALUE)
    metrics = view.get_by_role("table", name="Metrics")
    expect(metrics).to_contain_text(METRIC_NAME)
    # A NaN value arrives as the string "NaN" and does not break the page.
    expect(metrics.get_by_role("row").filter(has_text=METRIC_NAME)).to_contain_text("NaN")
    expect(view.get_by_role("table", name="Output artifacts")).to_contain_text(ARTIFACT_VALUE)
    expect(view).to_contain_text("<i onclick=window.__pwned=7>boom</i>")
    expect(page.get_by_role("tab", name=COMPONENT_LABEL)).to_be_visible()
    view.get_by_text("boom").click()
    assert_not_executed(page)
    page.screenshot(path=str(screenshot_dir / "injection.png"))
