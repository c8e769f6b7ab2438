"""Pack a job's model and output folders into ``.tar.gz`` files, as SageMaker uploads them."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path


def pack_folder(folder: Path, archive: Path) -> Path:
    """Write the folder's contents (not the folder itself) to a gzip-compressed tar file."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "w:gz") as tar:
        for entry in sorted(folder.iterdir()):
            tar.add(entry, arcname=entry.name)
    return archive


def is_empty(folder: Path) -> bool:
    """Return True if the folder is missing or has no entries."""
    return not folder.is_dir() or not any(folder.iterdir())


def copy_archive(archive: Path, target: Path) -> Path:
    """Copy an archive to ``target``, creating its folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(archive, target)
    return target


__all__ = ["copy_archive", "is_empty", "pack_folder"]
