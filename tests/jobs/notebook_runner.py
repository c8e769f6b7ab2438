"""Execute notebooks in a real kernel for the end-to-end tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

REPOSITORY = Path(__file__).resolve().parents[2]
EXAMPLE = REPOSITORY / "examples" / "mnist"
# Seconds one cell may run; the training cells run five jobs.
CELL_TIMEOUT = 600


def use_sqlite_store(folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the kernel (and its jobs) at a new SQLite store and return its URL.

    The repository goes first on ``PYTHONPATH`` so that the kernel imports the
    package under test even when it is not installed.
    """
    url = f"sqlite:///{folder / 'store' / 'experiments.db'}"
    monkeypatch.setenv("JUPYTERLAB_EXPERIMENTS_DB_URL", url)
    monkeypatch.setenv("JUPYTERLAB_EXPERIMENTS_ARTIFACT_ROOT", str(folder / "store" / "artifacts"))
    existing = os.environ.get("PYTHONPATH")
    paths = [str(REPOSITORY), existing] if existing else [str(REPOSITORY)]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    return url


@contextmanager
def running_kernel(notebook: Any, cwd: Path) -> Iterator[NotebookClient]:
    """Start a kernel for ``notebook`` in ``cwd`` and yield the client that executes cells."""
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
    )
    with client.setup_kernel():
        yield client


def execute(client: NotebookClient, notebook: Any, index: int) -> Any:
    """Execute one cell; a cell that raises fails the test with the kernel's traceback."""
    return client.execute_cell(notebook.cells[index], index)


def new_notebook(sources: list[str]) -> Any:
    """Build a notebook of code cells."""
    return nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in sources],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )


def text_output(cell: Any) -> str:
    """Return the plain-text outputs of a cell (streams and results) joined."""
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.data.get("text/plain", ""))
    return "".join(parts)
