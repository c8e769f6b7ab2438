"""Reading the output log of a local training job, one chunk at a time.

A training job named ``J`` writes its log to
``<artifact_root>/jobs/J/output.log`` and records trial component
``J-aws-training-job``. The file is found from the component's name as stored,
never from a path in the request.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..client import LocalSageMakerClient
from ..exceptions import ResourceNotFound, ValidationError, quote_value
from ..sagemaker.job_folder import JobFolder
from ..sagemaker.job_names import COMPONENT_SUFFIX

# A job in one of these states may still append to its log.
RUNNING_STATUSES = frozenset({"InProgress", "Stopping"})


class JobLogNotFound(ResourceNotFound):
    """The trial component has no log that the server may return.

    Parameters
    ----------
    component_name : str
        The trial component.
    reason : str
        Why there is no log, as a sentence.
    """

    def __init__(self, component_name: str, reason: str) -> None:
        super().__init__("Trial component", component_name, field="name")
        self.message = reason
        self.args = (reason,)
        self.rule = "must name the trial component of a training job"


def read_job_log(
    client: LocalSageMakerClient, name: str, offset: int, max_bytes: int
) -> dict[str, Any]:
    """Return up to ``max_bytes`` of a job's log from byte ``offset`` on.

    Returns
    -------
    dict
        ``text`` (the decoded chunk), ``offset`` (where the next request
        continues) and ``complete`` (true once the job has ended and the whole
        log has been returned).

    Raises
    ------
    ResourceNotFound
        If the component does not exist or was not created by a training job.
    ValidationError
        If ``offset`` is beyond the end of the log.
    """
    record = client.describe_trial_component(TrialComponentName=name)
    component_name = record["TrialComponentName"]
    # The status is read before the file: if the job had ended by then, the file
    # read next is final, so "complete" never cuts off lines written at the end.
    status = (record.get("Status") or {}).get("PrimaryStatus")
    running = status in RUNNING_STATUSES
    path = _log_path(Path(client.artifact_root), component_name)

    size, data = _read_chunk(path, offset, max_bytes)
    if running or offset + len(data) < size:
        # More bytes will follow, so a character cut at the end of the chunk is
        # returned whole by the next request instead of as a replacement mark.
        data = data[: _complete_utf8_length(data)]
    next_offset = offset + len(data)
    return {
        "text": data.decode("utf-8", errors="replace"),
        "offset": next_offset,
        "complete": not running and next_offset >= size,
    }


def _log_path(artifact_root: Path, component_name: str) -> Path:
    if not component_name.endswith(COMPONENT_SUFFIX):
        raise JobLogNotFound(
            component_name,
            f"Trial component {quote_value(component_name)} was not created by a training "
            "job, so it has no log.",
        )
    job_name = component_name[: -len(COMPONENT_SUFFIX)]
    root = artifact_root.resolve()
    path = JobFolder.of(root, job_name).log_file.resolve()
    # Job names cannot contain path separators, but the job folder or the log
    # may be a symbolic link. The server only returns files under the root.
    if not path.is_relative_to(root):
        raise JobLogNotFound(
            component_name,
            f"The log of trial component {quote_value(component_name)} is outside the "
            "artifact folder of the store, so the server does not return it.",
        )
    return path


def _read_chunk(path: Path, offset: int, max_bytes: int) -> tuple[int, bytes]:
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if offset > size:
                raise _offset_error(offset, size)
            file.seek(offset)
            return size, file.read(max_bytes)
    except FileNotFoundError:
        # The job has not written anything yet.
        if offset > 0:
            raise _offset_error(offset, 0) from None
        return 0, b""


def _offset_error(offset: int, size: int) -> ValidationError:
    return ValidationError.invalid(
        "offset", offset, f"must not be beyond the end of the log ({size} bytes)"
    )


def _complete_utf8_length(data: bytes) -> int:
    """Return the length of ``data`` without a UTF-8 character cut at its end."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 == 0x80:
            # A continuation byte: the character started further back.
            continue
        if byte < 0x80:
            needed = 1
        elif byte >= 0xF0:
            needed = 4
        elif byte >= 0xE0:
            needed = 3
        else:
            needed = 2
        return len(data) if back >= needed else len(data) - back
    return len(data)
