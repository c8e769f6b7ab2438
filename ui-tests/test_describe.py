"""The "Describe trial component" tab."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from helpers import row
from seed import EXPERIMENT, SeededData

pytestmark = pytest.mark.browser

SECTIONS = [
    "Trial stages",
    "Metrics",
    "Parameters",
    "Artifacts",
    "Job settings",
    "Trial mappings",
    "Logs",
]


def open_training(page: Page, seeded: SeededData) -> None:
    """Show the first trial's components and describe its training job."""
    row(page, EXPERIMENT).dblclick()
    row(page, seeded.trials[0].trial).dblclick()
    row(page, "Training").dblclick()


def test_describe_shows_every_section(page: Page, seeded: SeededData, screenshot_dir) -> None:
    trial = seeded.trials[0]
    open_training(page, seeded)
    view = page.get_by_role("region", name=f"Trial component {trial.training}")
    expect(view.get_by_role("heading", name="Training", level=1)).to_be_visible()
    for title in SECTIONS:
        expect(view.get_by_role("heading", name=title, exact=True)).to_be_visible()

    stages = view.get_by_role("list", name=f"Stages of trial {trial.trial}")
    expect(stages.get_by_role("listitem")).to_have_count(2)
    expect(stages.get_by_role("button", name="Preprocessing")).to_be_visible()

    metrics = view.get_by_role("table", name="Metrics")
    accuracy = metrics.get_by_role("row").filter(has_text="test:accuracy")
    expect(accuracy.get_by_role("cell").nth(1)).to_have_text("85")  # max of 80 and 85
    expect(accuracy.get_by_role("cell").nth(5)).to_have_text("2")  # count

    parameters = view.get_by_role("table", name="Parameters")
    expect(parameters.get_by_role("row").filter(has_text="hidden_channels")).to_contain_text(
        str(trial.hidden_channels)
    )
    expect(parameters.get_by_role("row").filter(has_text="optimizer")).to_contain_text('"sgd"')

    expect(view.get_by_role("table", name="Input artifacts")).to_contain_text(
        "s3://local-bucket/DEMO-mnist"
    )
    expect(view.get_by_role("table", name="Output artifacts")).to_contain_text("model.tar.gz")

    settings = view.locator(".jp-ExperimentsDescribe-settings")
    expect(settings).to_contain_text("ml.c4.xlarge")
    expect(settings).to_contain_text("Instance count1")
    expect(settings).to_contain_text("Training job")
    expect(settings).to_contain_text("3m 22s")
    expect(settings).to_contain_text(f"training-job/{trial.job}")

    mappings = view.get_by_role("table", name="Trial mappings")
    expect(mappings).to_contain_text(trial.trial)
    expect(mappings).to_contain_text(EXPERIMENT)

    log = view.get_by_role("region", name="Job log").or_(view.get_by_label("Job log"))
    expect(log).to_contain_text("Train Epoch: 1")
    page.screenshot(path=str(screenshot_dir / "describe.png"))


def test_trial_stage_opens_its_own_tab(page: Page, seeded: SeededData) -> None:
    trial = seeded.trials[0]
    open_training(page, seeded)
    view = page.get_by_role("region", name=f"Trial component {trial.training}")
    view.get_by_role("button", name="Preprocessing").click()

    other = page.get_by_role("region", name=f"Trial component {trial.preprocessing}")
    expect(other.get_by_role("heading", name="Preprocessing", level=1)).to_be_visible()
    expect(other.get_by_role("table", name="Parameters")).to_contain_text("normalization_mean")
    # A component made outside a job has no log section.
    expect(other.get_by_role("heading", name="Logs")).to_have_count(0)


def test_describe_from_context_menu(page: Page, seeded: SeededData) -> None:
    row(page, "Unassigned trial components").dblclick()
    row(page, "Scratch run").click(button="right")
    page.locator(".lm-Menu-item:has-text('Describe Trial Component')").click()
    view = page.get_by_role("region", name=f"Trial component {seeded.unassigned}")
    expect(view.get_by_role("heading", name="Scratch run", level=1)).to_be_visible()
    expect(view).to_contain_text("this trial component belongs to no trial")


def test_log_follows_running_job(page: Page, lab_server, seeded: SeededData) -> None:
    import datetime as dt

    from seed import training_job_arn, write_job_log

    client = lab_server.client
    job = "live-log-job"
    name = f"{job}-aws-training-job"
    client.create_trial_component(
        TrialComponentName=name,
        DisplayName="Running training",
        Status={"PrimaryStatus": "InProgress"},
        StartTime=dt.datetime.now(dt.timezone.utc),
        Source={"SourceArn": training_job_arn(job), "SourceType": "SageMakerTrainingJob"},
    )
    log_path = write_job_log(client.artifact_root, job, "epoch 1 started\n")

    row(page, "Unassigned trial components").dblclick()
    row(page, "Running training").dblclick()
    view = page.get_by_role("region", name=f"Trial component {name}")
    log = view.get_by_label("Job log")
    expect(log).to_contain_text("epoch 1 started")

    with log_path.open("a", encoding="utf-8") as handle:
        handle.write("epoch 2 started\n")
    expect(log).to_contain_text("epoch 2 started", timeout=10_000)
