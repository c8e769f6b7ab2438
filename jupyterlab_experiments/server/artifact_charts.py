"""Reading the JSON document of a chart artifact that a Tracker logged.

``Tracker.log_confusion_matrix``, ``log_roc_curve``, ``log_precision_recall``
and ``log_table`` write a JSON file under the store's artifact root and record
its ``file://`` URI with the media type ``application/json``. The server reads
such a file only through the artifact record in the store, never from a path
in the request, and only if its real path, after resolving symbolic links,
lies inside the real path of the artifact root.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ..artifacts import JSON_MEDIA_TYPE
from ..client import LocalSageMakerClient
from ..exceptions import ResourceNotFound, ValidationError, quote_value

# The largest chart file the server reads. A confusion matrix of 1,000
# classes takes about 4 MB, and a browser draws nothing larger in useful time.
CHART_ARTIFACT_MAX_BYTES = 10 * 1024 * 1024

# The document types that the SDK writes (see _chart_data.py), all version 0.
CHART_TYPES = frozenset({"ConfusionMatrix", "ROCCurve", "PrecisionRecallCurve", "Table"})
CHART_VERSION = 0

DIRECTIONS = {"output": "OutputArtifacts", "input": "InputArtifacts"}

# Hosts that a local file URI may name: none, or this machine.
_LOCAL_HOSTS = frozenset({"", "localhost"})


class NotAChartArtifact(ValidationError):
    """The artifact is not a chart file that the SDK wrote in the artifact folder."""

    error_code = "NotAChartArtifact"


class ArtifactTooLarge(ValidationError):
    """The artifact's file is larger than the server reads."""

    error_code = "ArtifactTooLarge"
    http_status = 413


def read_chart_artifact(
    client: LocalSageMakerClient, name: str, artifact_name: str, direction: str
) -> dict[str, Any]:
    """Return the parsed JSON document of one chart artifact of a trial component.

    Parameters
    ----------
    client : LocalSageMakerClient
        The store's client, which also gives the artifact root.
    name : str
        The trial component.
    artifact_name : str
        The artifact's name, a key of the component's input or output artifacts.
    direction : {"output", "input"}
        Which artifacts to look in.

    Returns
    -------
    dict
        The document, e.g. ``{"type": "ROCCurve", "version": 0, ...}``.

    Raises
    ------
    ResourceNotFound
        If the component or the artifact does not exist, or its file is missing.
    NotAChartArtifact
        If the artifact is not a JSON chart file inside the artifact root.
    ArtifactTooLarge
        If the file is larger than ``CHART_ARTIFACT_MAX_BYTES``.
    """
    record = client.describe_trial_component(TrialComponentName=name)
    key = DIRECTIONS[direction]
    artifact = (record.get(key) or {}).get(artifact_name)
    label = f"{direction.capitalize()} artifact"
    if artifact is None:
        raise ResourceNotFound(
            label,
            artifact_name,
            field="artifact_name",
            message=f"{label} {quote_value(artifact_name)} of trial component "
            f"{quote_value(record['TrialComponentName'])} does not exist.",
        )
    media_type = artifact.get("MediaType")
    if media_type != JSON_MEDIA_TYPE:
        raise NotAChartArtifact.invalid(
            f"{key}[{artifact_name!r}].MediaType",
            media_type,
            f"must be {JSON_MEDIA_TYPE}, the media type of the chart files the SDK logs",
        )
    value_field = f"{key}[{artifact_name!r}].Value"
    path = _checked_path(value_field, artifact.get("Value"), Path(client.artifact_root))
    data = _read_file(value_field, artifact["Value"], path, label, artifact_name)
    return _parse_document(value_field, data)


def _checked_path(field: str, uri: Any, artifact_root: Path) -> Path:
    """Return the real path of a ``file://`` URI if it lies inside the artifact root."""
    rule = "must be a file:// URI of a file inside the artifact folder of the store"
    if not isinstance(uri, str):
        raise NotAChartArtifact.invalid(field, uri, rule)
    parts = urlsplit(uri)
    if parts.scheme != "file" or parts.netloc not in _LOCAL_HOSTS or parts.query or parts.fragment:
        raise NotAChartArtifact.invalid(field, uri, rule)
    path = Path(url2pathname(parts.path))
    # The SDK writes absolute paths without ".."; anything else was not
    # written by it, even if it would resolve to a file inside the root.
    if "\x00" in str(path) or not path.is_absolute() or ".." in path.parts:
        raise NotAChartArtifact.invalid(field, uri, rule)
    root = Path(os.path.realpath(artifact_root))
    real_path = Path(os.path.realpath(path))
    if not real_path.is_relative_to(root):
        raise NotAChartArtifact.invalid(field, uri, rule)
    return real_path


def _read_file(field: str, uri: str, path: Path, label: str, artifact_name: str) -> bytes:
    """Read a regular file of at most ``CHART_ARTIFACT_MAX_BYTES``."""
    # O_NOFOLLOW rejects a symbolic link put in place of the file after the
    # path was resolved, and O_NONBLOCK keeps a named pipe from blocking.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise ResourceNotFound(
            label,
            artifact_name,
            field="artifact_name",
            message=f"The file of {label.lower()} {quote_value(artifact_name)}, "
            f"{quote_value(uri)}, does not exist.",
        ) from None
    except OSError:
        # ELOOP from O_NOFOLLOW, or a file that this process may not read.
        raise NotAChartArtifact.invalid(
            field, uri, "must be a readable regular file inside the artifact folder"
        ) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotAChartArtifact.invalid(field, uri, "must be a regular file")
        if status.st_size > CHART_ARTIFACT_MAX_BYTES:
            raise _too_large(field, uri, status.st_size)
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as file:
        # Read one byte more than the limit, in case the file grew since fstat.
        data = file.read(CHART_ARTIFACT_MAX_BYTES + 1)
    if len(data) > CHART_ARTIFACT_MAX_BYTES:
        raise _too_large(field, uri, len(data))
    return data


def _too_large(field: str, uri: str, size: int) -> ValidationError:
    return ArtifactTooLarge.invalid(
        field,
        uri,
        f"must be at most {CHART_ARTIFACT_MAX_BYTES} bytes to be returned (the file has {size})",
    )


def _parse_document(field: str, data: bytes) -> dict[str, Any]:
    """Parse a chart document and check its ``type`` and ``version``."""

    def reject_constant(token: str) -> Any:
        raise ValueError(f"the non-JSON literal {token}")

    try:
        document = json.loads(data.decode("utf-8"), parse_constant=reject_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise NotAChartArtifact.invalid(
            field, f"{len(data)} bytes", f"must contain valid JSON in UTF-8 ({error})"
        ) from None
    types = ", ".join(sorted(CHART_TYPES))
    if not isinstance(document, dict) or document.get("type") not in CHART_TYPES:
        found = document.get("type") if isinstance(document, dict) else type(document).__name__
        raise NotAChartArtifact.invalid(
            f"{field} type", found, f"must be a JSON object whose type is one of {types}"
        )
    version = document.get("version")
    if type(version) is not int or version != CHART_VERSION:
        raise NotAChartArtifact.invalid(
            f"{field} version", version, f"must be {CHART_VERSION}, the version the SDK writes"
        )
    return document
