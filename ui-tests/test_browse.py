"""Browsing experiments, trials and trial components in the sidebar."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from helpers import breadcrumbs, grid, row, row_names
from seed import EXPERIMENT, EXPERIMENT_DESCRIPTION, SeededData

pytestmark = pytest.mark.browser


def test_home_lists_experiments(page: Page, seeded: SeededData, screenshot_dir) -> None:
    experiment = row(page, EXPERIMENT)
    expect(experiment).to_be_visible()
    expect(experiment.get_by_role("gridcell").nth(1)).to_have_text(EXPERIMENT_DESCRIPTION)
    expect(experiment.get_by_role("gridcell").nth(2)).to_have_text("2")
    expect(row(page, "Unassigned trial components")).to_be_visible()
    headers = grid(page).get_by_role("columnheader").all_text_contents()
    assert headers == ["Name", "Description", "Trials", "Created", "Last modified"]
    page.screenshot(path=str(screenshot_dir / "home.png"))


def test_drill_down_and_back(page: Page, seeded: SeededData, screenshot_dir) -> None:
    trial = seeded.trials[0]

    row(page, EXPERIMENT).dblclick()
    expect(row(page, trial.trial)).to_be_visible()
    expect(row(page, seeded.trials[1].trial)).to_be_visible()
    expect(breadcrumbs(page).get_by_role("button", name=EXPERIMENT)).to_be_visible()

    row(page, trial.trial).dblclick()
    expect(row(page, "Preprocessing")).to_be_visible()
    expect(row(page, "Training")).to_be_visible()
    expect(row(page, "Training").get_by_role("gridcell").nth(2)).to_have_text("Training job")
    expect(row(page, "Preprocessing").get_by_role("gridcell").nth(1)).to_have_text("Completed")
    page.screenshot(path=str(screenshot_dir / "trial-components.png"))

    breadcrumbs(page).get_by_role("button", name=EXPERIMENT).click()
    expect(row(page, trial.trial)).to_be_visible()
    expect(row(page, "Training")).to_have_count(0)

    breadcrumbs(page).get_by_role("button", name="Home").click()
    expect(row(page, EXPERIMENT)).to_be_visible()
    expect(breadcrumbs(page).get_by_role("button")).to_have_count(1)


def test_keyboard_navigation(page: Page, seeded: SeededData) -> None:
    expect(row(page, EXPERIMENT)).to_be_visible()
    grid(page).focus()
    page.keyboard.press("ArrowDown")
    expect(row(page, "Unassigned trial components")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    expect(row(page, EXPERIMENT)).to_have_attribute("aria-selected", "true")
    expect(row(page, "Unassigned trial components")).to_have_attribute("aria-selected", "false")

    page.keyboard.press("Enter")
    expect(row(page, seeded.trials[0].trial)).to_be_visible()

    page.keyboard.press("Backspace")
    expect(row(page, EXPERIMENT)).to_have_attribute("aria-selected", "true")


def test_multi_select_with_modifiers(page: Page, seeded: SeededData) -> None:
    row(page, EXPERIMENT).dblclick()
    first, second = (row(page, trial.trial) for trial in seeded.trials)
    expect(first).to_be_visible()

    first.click()
    second.click(modifiers=["Control"])
    expect(first).to_have_attribute("aria-selected", "true")
    expect(second).to_have_attribute("aria-selected", "true")

    second.click(modifiers=["Control"])
    expect(second).to_have_attribute("aria-selected", "false")
    expect(first).to_have_attribute("aria-selected", "true")

    first.click()
    second.click(modifiers=["Shift"])
    expect(first).to_have_attribute("aria-selected", "true")
    expect(second).to_have_attribute("aria-selected", "true")
    expect(page.locator(".jp-ExperimentsSidebar-status")).to_contain_text("2 selected")


def test_unassigned_components(page: Page, seeded: SeededData) -> None:
    row(page, "Unassigned trial components").dblclick()
    expect(row(page, "Scratch run")).to_be_visible()
    expect(row(page, "Scratch run").get_by_role("gridcell").nth(1)).to_have_text("In progress")
    expect(row(page, "Scratch run").get_by_role("gridcell").nth(2)).to_have_text("Others")
    names = row_names(page)
    assert "Training" not in names
    assert "Preprocessing" not in names
    expect(
        breadcrumbs(page).get_by_role("button", name="Unassigned trial components")
    ).to_be_visible()


def test_search_filters_current_level(page: Page, seeded: SeededData) -> None:
    row(page, EXPERIMENT).dblclick()
    expect(row(page, seeded.trials[0].trial)).to_be_visible()
    page.get_by_role("searchbox", name="Search trials").fill(
        f"{seeded.trials[1].hidden_channels}-hidden"
    )
    expect(row(page, seeded.trials[0].trial)).to_have_count(0)
    expect(row(page, seeded.trials[1].trial)).to_be_visible()


def test_commands_in_palette(page: Page, seeded: SeededData) -> None:
    page.keyboard.press("Control+Shift+C")
    palette = page.locator(".lm-CommandPalette").first
    palette.locator(".lm-CommandPalette-input").fill("experiments")
    items = palette.locator(".lm-CommandPalette-item")
    for label in ("Show Experiments", "Refresh Experiments", "Show All Experiments"):
        expect(items.filter(has_text=label).first).to_be_visible()


def test_refresh_interval_setting(lab_server) -> None:
    import json
    import urllib.request

    url = (
        f"{lab_server.base_url}lab/api/settings/jupyterlab-experiments:sidebar"
        f"?token={lab_server.token}"
    )
    with urllib.request.urlopen(url, timeout=10) as response:
        settings = json.load(response)
    interval = settings["schema"]["properties"]["refreshInterval"]
    assert interval["default"] == 2
    assert interval["minimum"] == 0.5
