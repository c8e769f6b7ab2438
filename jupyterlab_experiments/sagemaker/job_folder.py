"""The folder of one local training job, ``<artifact root>/jobs/<job name>/``.

Layout (the ``input``, ``model`` and ``output`` folders mirror ``/opt/ml`` in a
SageMaker training container)::

    job.json          what was requested: script, arguments, channels, metrics
    state.json        status, times, exit code and failure reason, updated by the runner
    output.log        every line the script printed, as it printed it
    runner.log        diagnostics of the runner process itself
    code/             copy of the entry point or source_dir the script runs from
    input/config/     hyperparameters.json, inputdataconfig.json, resourceconfig.json
    model/            SM_MODEL_DIR, packed into model.tar.gz at the end
    output/data/      SM_OUTPUT_DATA_DIR, packed into output.tar.gz if not empty
    model.tar.gz
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..exceptions import ResourceAlreadyExists, ResourceNotFound


@dataclass(frozen=True)
class JobFolder:
    """Paths of one job's folder.

    Parameters
    ----------
    root : Path
        ``<artifact root>/jobs/<job name>``.
    """

    root: Path

    @classmethod
    def of(cls, artifact_root: Path, job_name: str) -> JobFolder:
        """Return the folder of ``job_name`` under ``artifact_root`` (not created here)."""
        return cls(Path(artifact_root) / "jobs" / job_name)

    @property
    def job_name(self) -> str:
        """Name of the job, which is the folder's name."""
        return self.root.name

    @property
    def spec_file(self) -> Path:
        """``job.json``: the job's request."""
        return self.root / "job.json"

    @property
    def state_file(self) -> Path:
        """``state.json``: the job's status."""
        return self.root / "state.json"

    @property
    def log_file(self) -> Path:
        """``output.log``: the script's output."""
        return self.root / "output.log"

    @property
    def runner_log_file(self) -> Path:
        """``runner.log``: the runner's own diagnostics."""
        return self.root / "runner.log"

    @property
    def code_dir(self) -> Path:
        """Folder the script runs from."""
        return self.root / "code"

    @property
    def input_dir(self) -> Path:
        """``SM_INPUT_DIR``."""
        return self.root / "input"

    @property
    def config_dir(self) -> Path:
        """``SM_INPUT_CONFIG_DIR``."""
        return self.input_dir / "config"

    @property
    def model_dir(self) -> Path:
        """``SM_MODEL_DIR``."""
        return self.root / "model"

    @property
    def output_dir(self) -> Path:
        """``SM_OUTPUT_DIR``."""
        return self.root / "output"

    @property
    def output_data_dir(self) -> Path:
        """``SM_OUTPUT_DATA_DIR``."""
        return self.output_dir / "data"

    @property
    def output_intermediate_dir(self) -> Path:
        """``SM_OUTPUT_INTERMEDIATE_DIR``."""
        return self.output_dir / "intermediate"

    @property
    def model_archive(self) -> Path:
        """``model.tar.gz``."""
        return self.root / "model.tar.gz"

    @property
    def output_archive(self) -> Path:
        """``output.tar.gz``."""
        return self.root / "output.tar.gz"

    def create(self) -> None:
        """Create the folder and its sub-folders.

        Raises
        ------
        ResourceAlreadyExists
            If a job with this name already has a folder.
        """
        self.root.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.root.mkdir()
        except FileExistsError:
            raise ResourceAlreadyExists("TrainingJob", self.job_name, self.job_name) from None
        for folder in (
            self.code_dir,
            self.config_dir,
            self.model_dir,
            self.output_data_dir,
            self.output_intermediate_dir,
        ):
            folder.mkdir(parents=True)

    def read_spec(self) -> dict[str, Any]:
        """Return the content of ``job.json``.

        Raises
        ------
        ResourceNotFound
            If the job has no folder or no ``job.json``.
        """
        return _read_json(self.spec_file, self.job_name)

    def read_state(self) -> dict[str, Any]:
        """Return the content of ``state.json``, or ``{}`` before the runner wrote it."""
        try:
            return _read_json(self.state_file, self.job_name)
        except ResourceNotFound:
            return {}

    def update_state(self, **changes: Any) -> dict[str, Any]:
        """Merge ``changes`` into ``state.json`` and return the new state."""
        state = self.read_state()
        state.update(changes)
        write_json(self.state_file, state)
        return state


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=2, sort_keys=True, default=str)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _read_json(path: Path, job_name: str) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as stream:
            data: dict[str, Any] = json.load(stream)
    except FileNotFoundError:
        raise ResourceNotFound("TrainingJob", job_name) from None
    return data


__all__ = ["JobFolder", "write_json"]
