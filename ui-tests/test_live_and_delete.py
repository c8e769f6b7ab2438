"""Live updates from other processes, and deleting from the sidebar."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from playwright.sync_api import Page, expect

from helpers import grid, row
from seed import EXPERIMENT, SeededData

pytestmark = pytest.mark.browser

# The store revision is polled every 2 s by default; allow a few polls.
LIVE_UPDATE_TIMEOUT = 10_000


def run_sdk_script(store_url: str, source: str) -> None:
    """Run SDK code in a separate Python process, as a notebook kernel would."""
    subprocess.run(
        [sys.executable, "-c", textwrap.dedent(source)],
        env={**os.environ, "JUPYTERLAB_EXPERIMENTS_DB_URL": store_url},
        check=True,
        timeout=60,
    )


def test_component_from_other_process_appears(page: Page, lab_server, seeded: SeededData) -> None:
    trial = seeded.trials[1]
    row(page, EXPERIMENT).dblclick()
    row(page, trial.trial).dblclick()
    expect(row(page, "Training")).to_be_visible()
    row(page, "Preprocessing").click()
    grid(page).evaluate("node => { node.dataset.marker = 'kept'; }")

    run_sdk_script(
        lab_server.store_url,
        f"""
        from jupyterlab_experiments import Tracker, Trial

        with Tracker.create(display_name="Evaluation") as tracker:
            tracker.log_parameter("threshold", 0.5)
        Trial.load({trial.trial!r}).add_trial_component(tracker.trial_component)
        """,
    )

    expect(row(page, "Evaluation")).to_be_visible(timeout=LIVE_UPDATE_TIMEOUT)
    # The list was updated in place: same element, same selection.
    expect(grid(page)).to_have_attribute("data-marker", "kept")
    expect(row(page, "Preprocessing")).to_have_attribute("aria-selected", "true")


def test_new_experiment_appears_at_home(page: Page, lab_server, seeded: SeededData) -> None:
    expect(row(page, EXPERIMENT)).to_be_visible()
    lab_server.client.create_experiment(
        ExperimentName="written-while-open", Description="created after the page loaded"
    )
    expect(row(page, "written-while-open")).to_be_visible(timeout=LIVE_UPDATE_TIMEOUT)


def test_delete_unattached_component(page: Page, lab_server, seeded: SeededData) -> None:
    client = lab_server.client
    client.create_trial_component(TrialComponentName="delete-me-component")
    row(page, "Unassigned trial components").dblclick()
    target = row(page, "delete-me-component")
    target.click(button="right")
    page.locator(".lm-Menu-item:has-text('Delete…')").click()

    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text('Trial component "delete-me-component"')
    expect(dialog.get_by_role("checkbox")).to_have_count(0)
    dialog.get_by_role("button", name="Cancel").click()
    expect(target).to_be_visible()

    target.click(button="right")
    page.locator(".lm-Menu-item:has-text('Delete…')").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(target).to_have_count(0)
    names = [
        s["TrialComponentName"] for s in client.list_trial_components()["TrialComponentSummaries"]
    ]
    assert "delete-me-component" not in names


def test_delete_conflict_offers_force(
    page: Page, lab_server, seeded: SeededData, screenshot_dir
) -> None:
    client = lab_server.client
    client.create_experiment(ExperimentName="delete-me-experiment")
    client.create_trial(TrialName="delete-me-trial", ExperimentName="delete-me-experiment")
    client.create_trial_component(TrialComponentName="delete-me-step")
    client.associate_trial_component(
        TrialComponentName="delete-me-step", TrialName="delete-me-trial"
    )
    target = row(page, "delete-me-experiment")
    expect(target).to_be_visible(timeout=LIVE_UPDATE_TIMEOUT)
    target.click()
    page.keyboard.press("Delete")

    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text('Experiment "delete-me-experiment", which has 1 trial')
    expect(dialog).to_contain_text("cannot be deleted unless you force it")
    page.screenshot(path=str(screenshot_dir / "delete-dialog.png"))
    dialog.get_by_role("button", name="Delete").click()

    conflict = page.get_by_role("dialog").filter(has_text="Delete failed")
    expect(conflict).to_contain_text("delete-me-experiment")
    page.screenshot(path=str(screenshot_dir / "delete-conflict.png"))
    conflict.get_by_role("button", name="Force delete").click()

    expect(target).to_have_count(0)
    names = [s["ExperimentName"] for s in client.list_experiments()["ExperimentSummaries"]]
    assert "delete-me-experiment" not in names
    trials = [s["TrialName"] for s in client.list_trials()["TrialSummaries"]]
    assert "delete-me-trial" not in trials
