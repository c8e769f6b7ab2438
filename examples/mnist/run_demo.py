"""Run the MNIST example notebook headlessly and print the comparison of its trials.

Usage::

    python examples/mnist/run_demo.py [--epochs N] [--train-digits N] [--test-digits N]
                                      [--output executed.ipynb]

The notebook runs in its own folder with the current Python's kernel and writes
to the default store (or the one ``JUPYTERLAB_EXPERIMENTS_DB_URL`` names), where
the results stay for the Experiments panel. Each cell is announced as it starts
and the training jobs' output is shown as it arrives.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE / "mnist-handwritten-digits-classification-experiment.ipynb"
EXPERIMENT_PREFIX = "mnist-hand-written-digits-classification-"
# Seconds one cell may run; the training cell runs five jobs.
CELL_TIMEOUT = 3600


class ProgressClient(NotebookClient):
    """Notebook client that prints each cell's start and its streamed output."""

    def output(self, outs: list, msg: dict, display_id: str | None, cell_index: int) -> Any:
        """Print stream output (the training logs) as it arrives, then store it as usual."""
        if msg["msg_type"] == "stream":
            sys.stdout.write(msg["content"]["text"])
            sys.stdout.flush()
        return super().output(outs, msg, display_id, cell_index)


def _announce(cell: Any, number: int, total: int) -> None:
    first_line = next((line for line in cell.source.splitlines() if line.strip()), "")
    print(f"\n[{number}/{total}] {first_line[:90]}", flush=True)


def run_notebook(environment: dict[str, str], output: Path | None) -> None:
    """Execute the notebook cell by cell in its folder, with ``environment`` overrides."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    os.environ.update(environment)
    client = ProgressClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(HERE)}},
    )
    code_cells = [index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    with client.setup_kernel():
        for number, index in enumerate(code_cells, 1):
            _announce(notebook.cells[index], number, len(code_cells))
            client.execute_cell(notebook.cells[index], index)
    if output is not None:
        nbformat.write(notebook, output)
        print(f"\nExecuted notebook written to {output}")


def print_results() -> None:
    """Print the latest MNIST experiment's trials sorted by their best test accuracy."""
    import pandas as pd

    from jupyterlab_experiments.client import get_client
    from jupyterlab_experiments.sagemaker.analytics import ExperimentAnalytics
    from jupyterlab_experiments.sagemaker.session import Session
    from jupyterlab_experiments.store.location import redact

    client = get_client()
    experiments = client.list_experiments(SortBy="CreationTime", SortOrder="Descending")
    names = [
        summary["ExperimentName"]
        for summary in experiments["ExperimentSummaries"]
        if summary["ExperimentName"].startswith(EXPERIMENT_PREFIX)
    ]
    if not names:
        raise SystemExit("The notebook ran, but no MNIST experiment is in the store.")
    analytics = ExperimentAnalytics(
        sagemaker_session=Session(sagemaker_client=client),
        experiment_name=names[0],
        search_expression={
            "Filters": [{"Name": "DisplayName", "Operator": "Equals", "Value": "Training"}]
        },
        sort_by="metrics.test:accuracy.max",
        sort_order="Descending",
        metric_names=["test:accuracy", "test:loss"],
        parameter_names=["hidden_channels", "epochs"],
    )
    columns = [
        "TrialComponentName",
        "hidden_channels",
        "epochs",
        "test:accuracy - Max",
        "test:loss - Last",
    ]
    table = analytics.dataframe()
    with pd.option_context("display.width", 160, "display.max_colwidth", 60):
        print(f"\nExperiment {names[0]}, sorted by test:accuracy (max):\n")
        print(table[[column for column in columns if column in table]].to_string(index=False))
    print(f"\nStore: {redact(client.store_url)}")
    print("Open JupyterLab and the Experiments panel to browse the trials and their charts.")


def main(argv: list[str] | None = None) -> int:
    """Run the demo; return the process exit code."""
    parser = argparse.ArgumentParser(description="Run the MNIST experiments notebook headlessly.")
    parser.add_argument("--epochs", type=int, help="epochs per training job (notebook default 5)")
    parser.add_argument("--train-digits", type=int, help="training digits (default 4000)")
    parser.add_argument("--test-digits", type=int, help="test digits (default 1000)")
    parser.add_argument("--output", type=Path, help="also save the executed notebook here")
    arguments = parser.parse_args(argv)

    environment = {}
    for name, value in (
        ("MNIST_EPOCHS", arguments.epochs),
        ("MNIST_TRAIN_DIGITS", arguments.train_digits),
        ("MNIST_TEST_DIGITS", arguments.test_digits),
    ):
        if value is not None:
            environment[name] = str(value)
    started = time.monotonic()
    print(f"Running {NOTEBOOK.name} (five training jobs on the CPU)...", flush=True)
    run_notebook(environment, arguments.output)
    print_results()
    print(f"\nDone in {time.monotonic() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
