"""The MNIST example notebook, executed headlessly: one epoch on a few hundred digits."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from jupyterlab_experiments.client import get_client
from jupyterlab_experiments.sagemaker.analytics import ExperimentAnalytics
from jupyterlab_experiments.sagemaker.session import Session
from tests.jobs.notebook_runner import (
    EXAMPLE,
    execute,
    running_kernel,
    text_output,
    use_sqlite_store,
)

NOTEBOOK = "mnist-handwritten-digits-classification-experiment.ipynb"
HIDDEN_CHANNELS = {2.0, 5.0, 10.0, 20.0, 32.0}

pytestmark = pytest.mark.slow


@pytest.fixture
def example_folder(tmp_path: Path) -> Path:
    """A copy of the example (notebook, script, data helper) to run in."""
    folder = tmp_path / "mnist-example"
    folder.mkdir()
    for name in (NOTEBOOK, "mnist.py", "mnist_data.py"):
        shutil.copy2(EXAMPLE / name, folder / name)
    return folder


def test_example_notebook_fills_store(
    example_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store_url = use_sqlite_store(example_folder, monkeypatch)
    monkeypatch.setenv("MNIST_EPOCHS", "1")
    monkeypatch.setenv("MNIST_TRAIN_DIGITS", "300")
    monkeypatch.setenv("MNIST_TEST_DIGITS", "100")
    monkeypatch.setenv("MNIST_CLEAN_UP", "0")
    notebook = nbformat.read(example_folder / NOTEBOOK, as_version=4)

    outputs = {}
    cells = {}
    with running_kernel(notebook, example_folder) as kernel:
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code":
                cells[index] = execute(kernel, notebook, index)
                outputs[index] = text_output(cells[index])

    table_cell = next(
        index
        for index, cell in enumerate(notebook.cells)
        if cell.source.startswith("analytic_table = trial_component_analytics.dataframe()")
    )
    table_text = outputs[table_cell]
    assert "test:accuracy - Max" in table_text
    assert table_text.count("-aws-training-job") == 5

    # The tutorial's chart: one point per trial, in hidden_channels order.
    chart_cell = next(
        index
        for index, cell in enumerate(notebook.cells)
        if cell.source.startswith("loss_analytics = ExperimentAnalytics(")
    )
    (figure,) = [
        output.data["application/vnd.plotly.v1+json"]
        for output in cells[chart_cell].outputs
        if "application/vnd.plotly.v1+json" in output.get("data", {})
    ]
    assert list(figure["data"][0]["x"]) == sorted(HIDDEN_CHANNELS)
    assert len(figure["data"][0]["y"]) == 5

    client = get_client(store_url)
    (experiment,) = client.list_experiments()["ExperimentSummaries"]
    name = experiment["ExperimentName"]
    assert name.startswith("mnist-hand-written-digits-classification-")
    trials = client.list_trials(ExperimentName=name)["TrialSummaries"]
    assert len(trials) == 5
    components = client.list_trial_components()["TrialComponentSummaries"]
    assert len(components) == 6
    (preprocessing,) = [c for c in components if c["DisplayName"] == "Preprocessing"]
    shared = client.list_trials(TrialComponentName=preprocessing["TrialComponentName"])
    assert len(shared["TrialSummaries"]) == 5

    table = ExperimentAnalytics(
        sagemaker_session=Session(sagemaker_client=client),
        experiment_name=name,
        search_expression={
            "Filters": [{"Name": "DisplayName", "Operator": "Equals", "Value": "Training"}]
        },
        sort_by="metrics.test:accuracy.max",
        sort_order="Descending",
        metric_names=["test:accuracy", "test:loss", "train:loss"],
        parameter_names=["hidden_channels", "epochs", "dropout", "optimizer"],
    ).dataframe()
    assert len(table) == 5
    assert set(table["hidden_channels"]) == HIDDEN_CHANNELS
    assert set(table["epochs"]) == {1.0}
    assert set(table["optimizer"]) == {'"sgd"'}
    assert list(table["test:accuracy - Count"]) == [1] * 5
    assert list(table["test:loss - Count"]) == [1] * 5
    assert (table["train:loss - Count"] >= 1).all()
    accuracy = list(table["test:accuracy - Max"])
    assert accuracy == sorted(accuracy, reverse=True)
    assert all(0.0 <= value <= 100.0 for value in accuracy)
