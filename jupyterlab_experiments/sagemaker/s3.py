"""A local folder that replaces Amazon S3.

Object ``s3://<bucket>/<key>`` lives at ``<artifact root>/s3/<bucket>/<key>``, so a
URI returned by :meth:`Session.upload_data` can be resolved back to a folder by a
local training job. Keys are file paths: a "prefix" is a folder.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from ..exceptions import ValidationError

# S3's rule for new bucket names (3 to 63 lower-case letters, digits, dots and
# hyphens, starting and ending with a letter or digit).
_BUCKET_PATTERN = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def check_bucket_name(bucket: object) -> str:
    """Check a bucket name against S3's naming rule and return it."""
    if not isinstance(bucket, str) or not _BUCKET_PATTERN.fullmatch(bucket) or ".." in bucket:
        raise ValidationError.invalid(
            "Bucket",
            bucket,
            "must be 3 to 63 lower-case letters, digits, dots and hyphens, "
            "starting and ending with a letter or digit",
        )
    return bucket


def bucket_folder(artifact_root: Path, bucket: str) -> Path:
    """Return the folder that contains a local bucket's objects."""
    return Path(artifact_root) / "s3" / check_bucket_name(bucket)


def key_parts(key: str) -> tuple[str, ...]:
    """Split an object key into path parts, rejecting parts that would leave the bucket."""
    parts = tuple(part for part in PurePosixPath(key).parts if part not in ("", "/"))
    if any(part in (".", "..") for part in parts):
        raise ValidationError.invalid("Key", key, "must not contain '.' or '..' path segments")
    return parts


def object_path(artifact_root: Path, bucket: str, key: str) -> Path:
    """Return the local path of object (or prefix) ``key`` in ``bucket``."""
    return bucket_folder(artifact_root, bucket).joinpath(*key_parts(key))


def s3_uri(bucket: str, key: str) -> str:
    """Build ``s3://bucket/key`` with the key's parts joined by ``/``."""
    return f"s3://{bucket}/{'/'.join(key_parts(key))}".rstrip("/")


def split_s3_uri(uri: str) -> tuple[str, str]:
    """Split ``s3://bucket/key`` into bucket and key."""
    parsed = urlparse(uri)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise ValidationError.invalid("S3Uri", uri, "must look like s3://bucket/key")
    return parsed.netloc, parsed.path.lstrip("/")


def resolve_uri(artifact_root: Path, uri: str | os.PathLike[str]) -> Path:
    """Return the local path behind an ``s3://``, ``file://`` or plain path URI.

    Parameters
    ----------
    artifact_root : Path
        The store's artifact folder (``client.artifact_root``).
    uri : str or path-like
        ``s3://bucket/key`` (mapped into the local bucket folder), ``file:///abs/path``
        or a file-system path (relative paths are taken from the working directory).

    Returns
    -------
    Path
        An absolute path. It is not checked for existence here.
    """
    text = os.fspath(uri)
    if text.startswith("s3://"):
        bucket, key = split_s3_uri(text)
        return object_path(artifact_root, bucket, key)
    if text.startswith("file://"):
        return Path(unquote(urlparse(text).path)).absolute()
    if "://" in text:
        raise ValidationError.invalid(
            "S3Uri", text, "must be an s3:// or file:// URI or a local path"
        )
    return Path(text).expanduser().absolute()


def upload(artifact_root: Path, source: str | os.PathLike[str], bucket: str, key: str) -> str:
    """Copy a local file or folder to ``s3://bucket/key`` in the local store.

    A folder's contents are merged into the prefix (existing objects with the same
    key are overwritten, as repeated S3 uploads do). Returns the object's or
    prefix's URI.
    """
    source_path = Path(source).expanduser()
    if not source_path.exists():
        raise ValidationError.invalid(
            "path", os.fspath(source), "must be an existing file or folder"
        )
    target = object_path(artifact_root, bucket, key)
    if source_path.is_dir():
        shutil.copytree(source_path, target, dirs_exist_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source_path, target)
    return s3_uri(bucket, key)
