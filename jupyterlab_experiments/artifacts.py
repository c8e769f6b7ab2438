"""The local artifact store: files logged by a Tracker, kept under the store's artifact root.

A file logged for trial component ``tc`` is copied to
``<artifact_root>/<prefix>/<tc>/<file name>`` (prefix ``trial-component-artifacts``
by default, like the S3 key prefix SageMaker uses) and recorded with its
``file://`` URI.
"""

from __future__ import annotations

import json
import mimetypes
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

from .exceptions import StoreUnavailable, ValidationError

DEFAULT_ARTIFACT_PREFIX = "trial-component-artifacts"
JSON_MEDIA_TYPE = "application/json"


def guess_media_type(path: str | os.PathLike[str]) -> str | None:
    """Guess a media type such as ``text/csv`` from a file name, or return None."""
    media_type, _ = mimetypes.guess_type(Path(path).name, strict=False)
    return media_type


def check_artifact_prefix(prefix: str | None) -> str:
    """Return a relative folder path for artifacts, or raise ValidationError.

    The prefix may contain ``/`` but must stay inside the artifact root.
    """
    if prefix is None:
        return DEFAULT_ARTIFACT_PREFIX
    parts = PurePosixPath(str(prefix).replace("\\", "/")).parts
    if not parts or str(prefix).startswith(("/", "\\")) or ".." in parts:
        raise ValidationError.invalid(
            "artifact_prefix", prefix, "must be a relative folder path without '..'"
        )
    return "/".join(parts)


class ArtifactFolder:
    """The folder that contains the artifacts of one trial component.

    Parameters
    ----------
    artifact_root : path
        Root folder of the store's artifacts (``client.artifact_root``).
    prefix : str
        Folder under the root, checked with ``check_artifact_prefix``.
    trial_component_name : str
    """

    def __init__(
        self, artifact_root: str | os.PathLike[str], prefix: str, trial_component_name: str
    ) -> None:
        self.path = Path(artifact_root).absolute() / prefix / trial_component_name

    def uri_of(self, file_name: str) -> str:
        """Return the ``file://`` URI a file of this name gets in the folder."""
        return (self.path / file_name).as_uri()

    def copy_file(self, file_path: str | os.PathLike[str]) -> str:
        """Copy a file into the folder and return its ``file://`` URI.

        A file with the same name is replaced.

        Raises
        ------
        ValidationError
            If ``file_path`` is not an existing file.
        StoreUnavailable
            If the copy cannot be written.
        """
        source = Path(file_path)
        if not source.is_file():
            raise ValidationError.invalid("file_path", str(file_path), "must be an existing file")
        return self._write(source.name, lambda target: shutil.copyfile(source, target))

    def write_json(self, file_name: str, data: Any) -> str:
        """Write ``data`` as JSON into the folder and return its ``file://`` URI.

        Raises
        ------
        ValueError
            If ``data`` contains NaN or infinity, which JSON cannot represent.
        StoreUnavailable
            If the file cannot be written.
        """
        text = json.dumps(data, allow_nan=False)
        return self._write(file_name, lambda target: Path(target).write_text(text, "utf-8"))

    def _write(self, file_name: str, write: Any) -> str:
        target = self.path / file_name
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            # Write a temporary file and rename it, so readers never see half a file.
            handle, temporary = tempfile.mkstemp(dir=self.path, prefix=f".{file_name}.")
            os.close(handle)
            try:
                write(temporary)
                os.replace(temporary, target)
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
        except OSError as error:
            raise StoreUnavailable(
                f"Could not write artifact {str(target)!r}: {error}",
                field="file_path",
                value=str(target),
                rule="the artifact folder must be writable",
            ) from error
        return target.as_uri()
