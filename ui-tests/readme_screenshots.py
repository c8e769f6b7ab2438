"""Take the README's screenshots from the real UI.

Not collected by ``pytest ui-tests``; run it on its own so that the store
holds only the tutorial's records::

    python -m pytest ui-tests/readme_screenshots.py

The images are written to ``docs/images/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from helpers import row
from seed import EXPERIMENT, seed_tutorial

IMAGES = Path(__file__).parent.parent / "docs" / "images"


def test_readme_screenshots(page: Page, lab_server) -> None:
    data = seed_tutorial(lab_server.client, trial_count=5)
    IMAGES.mkdir(parents=True, exist_ok=True)
    page.get_by_role("region", name="Experiments", exact=True).get_by_role(
        "button", name="Refresh"
    ).click()

    expect(row(page, EXPERIMENT)).to_be_visible()
    row(page, EXPERIMENT).dblclick()
    best = data.trials[-1]
    expect(row(page, best.trial)).to_be_visible()
    row(page, best.trial).click()
    page.screenshot(path=str(IMAGES / "experiments-sidebar.png"))

    row(page, best.trial).dblclick()
    row(page, "Training").dblclick()
    view = page.get_by_role("region", name=f"Trial component {best.training}")
    expect(view.get_by_label("Job log")).to_contain_text("Train Epoch")
    page.screenshot(path=str(IMAGES / "describe-trial-component.png"))


pytestmark = pytest.mark.browser
