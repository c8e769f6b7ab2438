"""A trial with many components stays responsive: rows are virtualised and
pages are loaded as the user scrolls."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from helpers import grid, row

pytestmark = pytest.mark.browser

COMPONENT_COUNT = 1000


@pytest.fixture(scope="module")
def large_trial(lab_server) -> None:
    """A trial with ``COMPONENT_COUNT`` components."""
    client = lab_server.client
    client.create_experiment(ExperimentName="large-experiment")
    client.create_trial(TrialName="large-trial", ExperimentName="large-experiment")
    for index in range(COMPONENT_COUNT):
        name = f"step-{index:04d}"
        client.create_trial_component(TrialComponentName=name)
        client.associate_trial_component(TrialComponentName=name, TrialName="large-trial")


def test_large_trial_scrolls_to_the_end(page: Page, large_trial: None) -> None:
    row(page, "large-experiment").dblclick()
    row(page, "large-trial").dblclick()
    rows = grid(page).locator(".jp-ExperimentsBrowser-row")
    expect(rows.first).to_be_visible()
    # Only the visible rows and a small margin are in the DOM.
    assert rows.count() < 80

    status = page.locator(".jp-ExperimentsSidebar-status")
    expect(status).to_contain_text(f"of {COMPONENT_COUNT} loaded")

    rows.first.click()
    # End moves to the last loaded row; the list loads the next page when
    # the end comes near, so repeat until every page is in.
    for _ in range(COMPONENT_COUNT // 100 + 2):
        before = status.text_content()
        if before.startswith(f"{COMPONENT_COUNT} items"):
            break
        page.keyboard.press("End")
        expect(status).not_to_have_text(before or "", timeout=10_000)
    expect(status).to_have_text(f"{COMPONENT_COUNT} items, 1 selected")
    page.keyboard.press("End")
    # Rows are listed newest first, so the last row is the first created.
    expect(row(page, "step-0000")).to_have_attribute("aria-selected", "true")
    assert rows.count() < 80
    scroll_top = grid(page).evaluate("node => node.scrollTop")
    assert scroll_top > 0


def test_live_update_keeps_scroll_position(page: Page, lab_server, large_trial: None) -> None:
    row(page, "large-experiment").dblclick()
    row(page, "large-trial").dblclick()
    status = page.locator(".jp-ExperimentsSidebar-status")
    expect(status).to_contain_text(f"of {COMPONENT_COUNT} loaded")
    grid(page).locator(".jp-ExperimentsBrowser-row").first.click()
    for _ in range(3):
        page.keyboard.press("PageDown")
    focused = grid(page).locator(".jp-mod-focused")
    focused_name = focused.locator("[data-column='name']").text_content()
    scroll_top = grid(page).evaluate("node => node.scrollTop")
    assert scroll_top > 0

    client = lab_server.client
    client.create_trial_component(TrialComponentName="step-late")
    client.associate_trial_component(TrialComponentName="step-late", TrialName="large-trial")

    expect(status).to_contain_text(f"of {COMPONENT_COUNT + 1} loaded", timeout=10_000)
    assert grid(page).evaluate("node => node.scrollTop") == scroll_top
    expect(row(page, focused_name)).to_have_attribute("aria-selected", "true")
