"""Locators and waits shared by the browser tests."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


def sidebar(page: Page) -> Locator:
    """Return the Experiments panel."""
    return page.get_by_role("region", name="Experiments", exact=True)


def grid(page: Page) -> Locator:
    """Return the list of the Experiments panel."""
    return sidebar(page).get_by_role("grid")


def row(page: Page, text: str) -> Locator:
    """Return the row of the panel's list whose name cell shows ``text``."""
    return (
        grid(page)
        .get_by_role("row")
        .filter(has=page.get_by_role("gridcell", name=text, exact=True))
    )


def breadcrumbs(page: Page) -> Locator:
    """Return the breadcrumbs navigation of the panel."""
    return sidebar(page).get_by_role("navigation", name="Experiments breadcrumbs")


def row_names(page: Page) -> list[str]:
    """Return the name cells of the loaded rows, in display order."""
    return grid(page).locator(".jp-ExperimentsBrowser-row [data-column='name']").all_text_contents()
