"""The trial component table: open from the panel, sort, columns, filter,
compare and export, on an experiment shaped like the tutorial's five trials."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Locator, Page, expect

from jupyterlab_experiments.analytics import ExperimentAnalytics

from helpers import row
from seed import training_job_arn

pytestmark = pytest.mark.browser

EXPERIMENT = "mnist-table-experiment"
HIDDEN_CHANNELS = [2, 5, 10, 20, 32]
# Best accuracies out of the order of the trials, so that the sorted
# table cannot match the creation order by chance.
BEST_ACCURACY = [91.5, 97.25, 88.0, 99.5, 94.75]


@pytest.fixture(scope="module")
def five_trials(lab_server) -> dict[str, float]:
    """The tutorial's five trials, each with a preprocessing and a training
    component; return the training components' best test accuracy by name."""
    client = lab_server.client
    client.create_experiment(ExperimentName=EXPERIMENT)
    start = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.timezone.utc)
    best = {}
    for index, (channels, accuracy) in enumerate(zip(HIDDEN_CHANNELS, BEST_ACCURACY, strict=True)):
        trial = f"table-cnn-{channels}-hidden-channels"
        client.create_trial(TrialName=trial, ExperimentName=EXPERIMENT)
        preprocessing = f"table-preprocessing-{index + 1}"
        client.create_trial_component(
            TrialComponentName=preprocessing,
            DisplayName="Preprocessing",
            Status={"PrimaryStatus": "Completed"},
            Parameters={"normalization_mean": {"NumberValue": 0.1307}},
        )
        client.associate_trial_component(TrialComponentName=preprocessing, TrialName=trial)
        training = f"table-cnn-{channels}-aws-training-job"
        begin = start + dt.timedelta(hours=index)
        client.create_trial_component(
            TrialComponentName=training,
            DisplayName=f"Training {channels}",
            Status={"PrimaryStatus": "Completed"},
            StartTime=begin,
            EndTime=begin + dt.timedelta(minutes=3),
            Source={
                "SourceArn": training_job_arn(f"table-cnn-{channels}"),
                "SourceType": "SageMakerTrainingJob",
            },
            Parameters={
                "hidden_channels": {"NumberValue": float(channels)},
                "epochs": {"NumberValue": 2.0},
                "optimizer": {"StringValue": "sgd"},
            },
        )
        client.associate_trial_component(TrialComponentName=training, TrialName=trial)
        # The best accuracy is reached at the first step, so Max and Last differ.
        client.batch_put_metrics(
            TrialComponentName=training,
            MetricData=[
                {"MetricName": "test:accuracy", "Value": value, "Timestamp": begin, "Step": step}
                for step, value in enumerate([accuracy, accuracy - 1.0])
            ]
            + [
                {
                    "MetricName": "test:loss",
                    "Value": 0.5 / (index + 1),
                    "Timestamp": begin,
                    "Step": 0,
                }
            ],
        )
        best[training] = accuracy
    return best


@pytest.fixture(autouse=True)
def fresh_user_state(lab_server) -> None:
    """Start each test with the default columns and no restored tabs.

    The column choice is a user setting and open tables are kept with the
    workspace, so both would otherwise carry over from the test before.
    """
    root = lab_server.log_path.parent
    settings = root / "settings" / "jupyterlab-experiments"
    (settings / "sidebar.jupyterlab-settings").unlink(missing_ok=True)
    for workspace in (root / "workspaces").glob("*"):
        workspace.unlink()


def wait_for_saved_workspace(page: Page, lab_server, text: str) -> None:
    """Wait until the server's copy of the workspace contains ``text``."""
    url = f"{lab_server.base_url}lab/api/workspaces?token={lab_server.token}"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if text in page.request.get(url).text():
            return
        time.sleep(0.2)
    raise AssertionError(f"the workspace was not saved with {text}")


def table(page: Page) -> Locator:
    """Return the open trial component table's grid."""
    return page.get_by_role("grid", name="Trial components")


def header(page: Page, label: str) -> Locator:
    return (
        table(page)
        .get_by_role("columnheader")
        .filter(has=page.locator(".jp-ExperimentsTable-headerText", has_text=label))
    )


def column_texts(page: Page, key: str) -> list[str]:
    """Return the cells of one column in the rendered rows, in order."""
    return (
        table(page)
        .locator(f".jp-ExperimentsTable-row:not(.jp-mod-placeholder) [data-column='{key}']")
        .all_text_contents()
    )


def open_table_on_five_trials(page: Page) -> None:
    """Select the five trials in the panel and open them from the context menu."""
    row(page, EXPERIMENT).dblclick()
    # Ctrl-click each trial: the panel lists the most recently changed first,
    # so a Shift range depends on what earlier tests changed.
    trials = [row(page, f"table-cnn-{channels}-hidden-channels") for channels in HIDDEN_CHANNELS]
    trials[0].click()
    for trial in trials[1:]:
        trial.click(modifiers=["Control"])
    trials[-1].click(button="right")
    page.locator(".lm-Menu").get_by_text("Open in Trial Component List").click()
    expect(table(page)).to_be_visible()
    expect(page.locator(".jp-ExperimentsTable-status")).to_contain_text("10 trial components")


def test_sort_by_metric_statistic(page: Page, five_trials, screenshot_dir) -> None:
    open_table_on_five_trials(page)

    # Switch the metric column to its maximum, then sort descending.
    header(page, "test:accuracy (Last)").get_by_role("button", name="Options of column").click()
    page.get_by_role("menuitemradio", name="Max").click()
    max_header = header(page, "test:accuracy (Max)")
    expect(max_header).to_be_visible()
    max_header.get_by_role("button", name="Options of column").click()
    page.get_by_role("menuitem", name="Sort descending").click()
    expect(max_header).to_have_attribute("aria-sort", "descending")

    expected = sorted(five_trials, key=lambda name: five_trials[name], reverse=True)
    expect(table(page).locator(".jp-ExperimentsTable-row").first).to_have_attribute(
        "data-name", expected[0]
    )
    names = column_texts(page, "TrialComponentName")
    # Components without the metric come after every number.
    assert names[:5] == expected
    assert all(name.startswith("table-preprocessing-") for name in names[5:])
    values = column_texts(page, "Metrics.test:accuracy.Max")
    assert values[:5] == [f"{five_trials[name]:g}" for name in expected]
    assert values[5:] == [""] * 5
    page.screenshot(path=str(screenshot_dir / "table-sorted.png"))

    # Ascending keeps the missing values last.
    # Clicking the label cycles ascending, descending, unsorted.
    max_header.locator(".jp-ExperimentsTable-headerLabel").click()
    expect(max_header).to_have_attribute("aria-sort", "none")
    max_header.get_by_role("button", name="Options of column").click()
    page.get_by_role("menuitem", name="Sort ascending").click()
    expect(max_header).to_have_attribute("aria-sort", "ascending")
    expect(table(page).locator(".jp-ExperimentsTable-row").first).to_have_attribute(
        "data-name", expected[-1]
    )
    assert column_texts(page, "TrialComponentName")[:5] == expected[::-1]


def test_hide_and_show_a_column(page: Page, lab_server, five_trials, screenshot_dir) -> None:
    open_table_on_five_trials(page)
    expect(header(page, "hidden_channels")).to_have_count(1)

    page.get_by_role("button", name="Table properties").click()
    pane = page.get_by_role("region", name="Table properties")
    expect(pane).to_be_visible()
    pane.get_by_role("searchbox", name="Search columns").fill("hidden")
    box = pane.get_by_role("checkbox", name="hidden_channels")
    expect(box).to_be_checked()
    box.uncheck()
    expect(header(page, "hidden_channels")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "table-properties.png"))

    box.check()
    expect(header(page, "hidden_channels")).to_have_count(1)

    # A whole category at once.
    pane.get_by_role("searchbox", name="Search columns").fill("")
    pane.get_by_role("checkbox", name="Parameters (").uncheck()
    expect(header(page, "hidden_channels")).to_have_count(0)
    expect(header(page, "epochs")).to_have_count(0)
    pane.get_by_role("checkbox", name="Parameters (").check()
    expect(header(page, "epochs")).to_have_count(1)

    # The header menu hides a column too, and the choice survives a reload.
    header(page, "epochs").get_by_role("button", name="Options of column").click()
    page.get_by_role("menuitem", name="Hide column").click()
    expect(header(page, "epochs")).to_have_count(0)
    wait_for_saved_workspace(page, lab_server, '"table-cnn-2-hidden-channels"')
    page.reload()
    page.locator(".jp-Launcher, .jp-ExperimentsTable").first.wait_for()
    expect(table(page)).to_be_visible()
    expect(header(page, "hidden_channels")).to_have_count(1)
    expect(header(page, "epochs")).to_have_count(0)
    header(page, "hidden_channels").get_by_role("button", name="Options of column").click()
    page.get_by_role("menuitem", name="Hide column").click()
    page.get_by_role("button", name="Table properties").click()
    pane.get_by_role("checkbox", name="Parameters (").check()
    expect(header(page, "epochs")).to_have_count(1)


def test_compare_two_components_with_differences_only(
    page: Page, five_trials, screenshot_dir
) -> None:
    open_table_on_five_trials(page)
    first, second = sorted(five_trials)[:2]
    table_rows = table(page).locator(".jp-ExperimentsTable-row")
    table_rows.filter(has=page.get_by_role("gridcell", name=first, exact=True)).click()
    table_rows.filter(has=page.get_by_role("gridcell", name=second, exact=True)).click(
        modifiers=["Control"]
    )
    expect(page.locator(".jp-ExperimentsTable-status")).to_contain_text("2 selected")
    page.get_by_role("button", name="Compare", exact=True).click()

    comparison = page.get_by_role("table").filter(has_text="hidden_channels")
    expect(comparison).to_be_visible()
    expect(comparison.get_by_role("rowheader", name="epochs")).to_have_count(1)
    page.get_by_role("checkbox", name="Differences only").check()
    expect(comparison.get_by_role("rowheader", name="epochs")).to_have_count(0)
    expect(comparison.get_by_role("rowheader", name="hidden_channels")).to_have_count(1)
    # The higher accuracy is the better one.
    best = max((first, second), key=lambda name: five_trials[name])
    max_row = comparison.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="test:accuracy (Max)")
    )
    expect(max_row.locator(".jp-mod-best")).to_have_count(1)
    expect(max_row.locator(".jp-mod-best")).to_contain_text(f"{five_trials[best]:g}")
    page.screenshot(path=str(screenshot_dir / "compare.png"))


def test_export_csv_of_the_sorted_view(page: Page, five_trials) -> None:
    open_table_on_five_trials(page)
    name_header = header(page, "Name")
    name_header.get_by_role("button", name="Options of column").click()
    page.get_by_role("menuitem", name="Sort descending").click()
    expect(name_header).to_have_attribute("aria-sort", "descending")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename == "trial-components.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 10
    names = [line["Name"] for line in rows]
    assert names == sorted(names, reverse=True)
    headers = table(page).locator(".jp-ExperimentsTable-headerText").all_text_contents()
    # The file has durations in seconds, as its header states.
    assert list(rows[0]) == ["Duration (s)" if label == "Duration" else label for label in headers]
    by_name = {line["Name"]: line for line in rows}
    for name, accuracy in five_trials.items():
        assert float(by_name[name]["test:accuracy (Last)"]) == accuracy - 1.0


def test_filter_with_and_and_or(page: Page, lab_server, five_trials, screenshot_dir) -> None:
    open_table_on_five_trials(page)
    page.get_by_role("button", name="Filters").click()
    bar = page.get_by_role("form", name="Filter trial components")
    expect(bar).to_be_visible()

    # test:accuracy (Max) > 95 and the hidden channels at most 20.
    bar.get_by_role("button", name="Add filter").click()
    first = bar.get_by_role("group", name="Condition 1")
    first.get_by_label("Column").select_option("Metrics.test:accuracy.Max")
    first.get_by_label("Operator").select_option(label=">")
    first.get_by_label("Value").fill("95")
    bar.get_by_role("button", name="Add filter").click()
    second = bar.get_by_role("group", name="Condition 2")
    second.get_by_label("Column").select_option("Parameters.hidden_channels")
    second.get_by_label("Operator").select_option(label="≤")
    second.get_by_label("Value").fill("20")
    bar.get_by_role("button", name="Apply").click()

    status = page.locator(".jp-ExperimentsTable-status")
    both = sorted(
        name
        for name, accuracy in five_trials.items()
        if accuracy > 95 and int(name.split("-")[2]) <= 20
    )
    expect(status).to_contain_text(f"{len(both)} trial component")
    assert sorted(column_texts(page, "TrialComponentName")) == both
    page.screenshot(path=str(screenshot_dir / "table-filter.png"))

    # Either condition: OR widens the result.
    bar.get_by_role("radio", name="Match any (OR)").check()
    bar.get_by_role("button", name="Apply").click()
    either = sorted(
        name
        for name, accuracy in five_trials.items()
        if accuracy > 95 or int(name.split("-")[2]) <= 20
    )
    expect(status).to_contain_text(f"{len(either)} trial component")
    assert sorted(column_texts(page, "TrialComponentName")) == either

    # The filter travels to ExperimentAnalytics as a search expression.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    bar.get_by_role("button", name="Copy as search expression").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    expression = json.loads(copied)
    # The table's scope and its filter, which both must match.
    scope, conditions = expression["SubExpressions"]
    assert scope["Filters"][0]["Name"] == "Parents.TrialName"
    assert conditions["Operator"] == "Or"
    session = SimpleNamespace(sagemaker_client=lab_server.client)
    frame = ExperimentAnalytics(search_expression=expression, sagemaker_session=session).dataframe()
    assert sorted(frame["TrialComponentName"]) == either


def test_keyboard_selects_and_describes(page: Page, five_trials) -> None:
    open_table_on_five_trials(page)
    # A new table takes the keyboard focus.
    expect(table(page)).to_be_focused()
    name_header = header(page, "Name")
    menu_button = name_header.get_by_role("button", name="Options of column")
    menu_button.click()
    page.keyboard.press("Escape")
    expect(page.get_by_role("menu")).to_have_count(0)
    expect(menu_button).to_be_focused()
    menu_button.click()
    page.get_by_role("menuitem", name="Sort ascending").click()
    expect(name_header).to_have_attribute("aria-sort", "ascending")
    expect(menu_button).to_be_focused()
    names = sorted([*five_trials, *(f"table-preprocessing-{i}" for i in range(1, 6))])
    rows = table(page).locator(".jp-ExperimentsTable-row")
    expect(rows.first).to_have_attribute("data-name", names[0])

    table(page).focus()
    page.keyboard.press("ArrowDown")
    expect(rows.nth(0)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Shift+ArrowDown")
    expect(page.locator(".jp-ExperimentsTable-status")).to_contain_text("3 selected")
    # Space toggles the focused row out of the selection.
    page.keyboard.press("Space")
    expect(rows.nth(2)).to_have_attribute("aria-selected", "false")
    expect(page.locator(".jp-ExperimentsTable-status")).to_contain_text("2 selected")
    expect(table(page)).to_have_attribute("aria-activedescendant", re.compile(r"-row-2$"))

    # Ctrl+Arrow moves the focus without selecting; Space adds the row.
    page.keyboard.press("Control+ArrowDown")
    page.keyboard.press("Control+ArrowDown")
    expect(rows.nth(4)).to_have_attribute("aria-selected", "false")
    page.keyboard.press("Space")
    expect(rows.nth(4)).to_have_attribute("aria-selected", "true")
    expect(page.locator(".jp-ExperimentsTable-status")).to_contain_text("3 selected")

    page.keyboard.press("Enter")
    expect(page.get_by_role("region", name=f"Trial component {names[4]}")).to_be_visible()


def test_live_update_keeps_sort_and_selection(page: Page, lab_server, five_trials) -> None:
    open_table_on_five_trials(page)
    name_header = header(page, "Name")
    name_header.get_by_role("button", name="Options of column").click()
    page.get_by_role("menuitem", name="Sort descending").click()
    expect(name_header).to_have_attribute("aria-sort", "descending")
    selected = sorted(five_trials)[0]
    table(page).locator(f".jp-ExperimentsTable-row[data-name='{selected}']").click()

    # A new component joins one of the trials while the table is open.
    client = lab_server.client
    client.create_trial_component(TrialComponentName="table-zz-late-component")
    client.associate_trial_component(
        TrialComponentName="table-zz-late-component",
        TrialName=f"table-cnn-{HIDDEN_CHANNELS[0]}-hidden-channels",
    )
    status = page.locator(".jp-ExperimentsTable-status")
    expect(status).to_contain_text("11 trial components", timeout=15_000)
    expect(table(page).locator(".jp-ExperimentsTable-row").first).to_have_attribute(
        "data-name", "table-zz-late-component"
    )
    expect(name_header).to_have_attribute("aria-sort", "descending")
    expect(
        table(page).locator(f".jp-ExperimentsTable-row[data-name='{selected}']")
    ).to_have_attribute("aria-selected", "true")

    # Leave the five trials as the other tests expect them.
    client.disassociate_trial_component(
        TrialComponentName="table-zz-late-component",
        TrialName=f"table-cnn-{HIDDEN_CHANNELS[0]}-hidden-channels",
    )
    client.delete_trial_component(TrialComponentName="table-zz-late-component")


def test_sort_and_filter_survive_a_reload(page: Page, lab_server, five_trials) -> None:
    open_table_on_five_trials(page)
    name_header = header(page, "Name")
    name_header.get_by_role("button", name="Options of column").click()
    page.get_by_role("menuitem", name="Sort descending").click()
    expect(name_header).to_have_attribute("aria-sort", "descending")
    page.get_by_role("button", name="Filters").click()
    bar = page.get_by_role("form", name="Filter trial components")
    bar.get_by_role("button", name="Add filter").click()
    condition = bar.get_by_role("group", name="Condition 1")
    condition.get_by_label("Column").select_option("Parameters.hidden_channels")
    condition.get_by_label("Operator").select_option(label=">")
    condition.get_by_label("Value").fill("9")
    bar.get_by_role("button", name="Apply").click()
    status = page.locator(".jp-ExperimentsTable-status")
    expect(status).to_contain_text("3 trial components")

    # Switching the sorted metric column's statistic keeps it sorted.
    accuracy = header(page, "test:accuracy (Last)")
    accuracy.get_by_role("button", name="Options of column").click()
    page.get_by_role("menuitem", name="Sort ascending").click()
    expect(accuracy).to_have_attribute("aria-sort", "ascending")
    accuracy.get_by_role("button", name="Options of column").click()
    page.get_by_role("menuitemradio", name="Max").click()
    expect(header(page, "test:accuracy (Max)")).to_have_attribute("aria-sort", "ascending")
    expected = sorted(
        (name for name in five_trials if int(name.split("-")[2]) > 9),
        key=lambda name: five_trials[name],
    )
    expect(table(page).locator(".jp-ExperimentsTable-row").first).to_have_attribute(
        "data-name", expected[0]
    )

    # JupyterLab saves the workspace a moment after a change; reload after that.
    wait_for_saved_workspace(page, lab_server, '"Metrics.test:accuracy.Max"')
    page.reload()
    expect(table(page)).to_be_visible(timeout=20_000)
    expect(status).to_contain_text("3 trial components")
    expect(header(page, "test:accuracy (Max)")).to_have_attribute("aria-sort", "ascending")
    assert column_texts(page, "TrialComponentName") == expected
    expect(page.get_by_role("button", name="Filters (1)")).to_be_visible()
