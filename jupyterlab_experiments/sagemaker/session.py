"""A local stand-in for ``sagemaker.session.Session``.

The session binds a local SageMaker client (the store) and a local boto3 session,
and copies data into the local S3 folder with :meth:`Session.upload_data`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from . import _aws, s3
from .boto3 import Session as BotoSession


class Session:
    """Local stand-in for ``sagemaker.Session``.

    Parameters
    ----------
    boto_session : object, optional
        A session from :mod:`jupyterlab_experiments.sagemaker.boto3`. Created when
        missing.
    sagemaker_client : object, optional
        The local SageMaker client. Defaults to ``boto_session.client("sagemaker")``.
    default_bucket : str, optional
        Bucket returned by :meth:`default_bucket`. Defaults to
        ``sagemaker-<region>-000000000000``.
    **kwargs
        Other ``sagemaker.Session`` arguments (runtime clients, settings) are
        accepted and ignored.

    Notes
    -----
    The first two parameters are positional in SageMaker's SDK, so
    ``Session(boto_session, sagemaker_client)`` works as in SageMaker notebooks.
    """

    def __init__(
        self,
        boto_session: Any = None,
        sagemaker_client: Any = None,
        sagemaker_runtime_client: Any = None,
        default_bucket: str | None = None,
        **kwargs: Any,
    ) -> None:
        del sagemaker_runtime_client, kwargs
        self.boto_session = boto_session if boto_session is not None else BotoSession()
        if sagemaker_client is None:
            sagemaker_client = self.boto_session.client("sagemaker")
        self.sagemaker_client = sagemaker_client
        self._default_bucket = default_bucket

    @property
    def boto_region_name(self) -> str:
        """Region reported by the boto session."""
        return getattr(self.boto_session, "region_name", None) or _aws.resolve_region()

    @property
    def artifact_root(self) -> Path:
        """Folder of the store's local artifacts (``<root>/s3`` contains the buckets)."""
        return Path(self.sagemaker_client.artifact_root)

    def account_id(self) -> str:
        """Return the placeholder account id used in local ARNs."""
        return _aws.ACCOUNT_ID

    def default_bucket(self) -> str:
        """Return the default bucket's name, creating its local folder on first use."""
        bucket = self._default_bucket or f"sagemaker-{self.boto_region_name}-{_aws.ACCOUNT_ID}"
        s3.bucket_folder(self.artifact_root, bucket).mkdir(parents=True, exist_ok=True)
        self._default_bucket = bucket
        return bucket

    def upload_data(
        self,
        path: str | os.PathLike[str],
        bucket: str | None = None,
        key_prefix: str = "data",
        extra_args: Any = None,
        callback: Any = None,
    ) -> str:
        """Copy a local file or folder into the local S3 store.

        Parameters
        ----------
        path : str or path-like
            A file, or a folder whose files are copied with their relative paths.
        bucket : str, optional
            Target bucket, :meth:`default_bucket` by default.
        key_prefix : str, default "data"
            Key prefix (folder) to copy into.
        extra_args, callback
            Accepted for compatibility; unused.

        Returns
        -------
        str
            ``s3://bucket/key_prefix`` for a folder, ``s3://bucket/key_prefix/<file name>``
            for a file, as SageMaker returns. Local training jobs resolve these URIs
            back to ``<artifact root>/s3/<bucket>/<key>``.
        """
        del extra_args, callback
        bucket = bucket or self.default_bucket()
        source = Path(path).expanduser()
        key = key_prefix if source.is_dir() else f"{key_prefix.rstrip('/')}/{source.name}"
        return s3.upload(self.artifact_root, source, bucket, key)

    def resolve_uri(self, uri: str | os.PathLike[str]) -> Path:
        """Return the local path behind an ``s3://`` or ``file://`` URI (local extension)."""
        return s3.resolve_uri(self.artifact_root, uri)

    def __repr__(self) -> str:
        return (
            f"Session(region={self.boto_region_name!r}, artifact_root={str(self.artifact_root)!r})"
        )


__all__ = ["Session"]
