"""A local stand-in for the parts of ``boto3`` that SageMaker notebooks use.

``from jupyterlab_experiments.sagemaker import boto3`` replaces ``import boto3``:

* ``boto3.Session(region_name=None)`` reports a region and makes clients;
* ``client("sagemaker")`` returns the local SageMaker client bound to the store
  (:func:`jupyterlab_experiments.client.get_client`);
* ``client("sts")`` returns a caller identity with a placeholder account;
* ``client("s3")`` creates buckets as folders under ``<artifact root>/s3``.

No call reaches AWS and no credentials are read.
"""

from __future__ import annotations

import os
from typing import Any

from ..exceptions import ValidationError
from . import _aws, s3

_SERVICES = ("sagemaker", "sts", "s3")


def _local_sagemaker_client(store_url: str | os.PathLike[str] | None = None) -> Any:
    # Imported late so that importing the stand-ins never opens a store.
    from ..client import get_client

    return get_client(store_url)


class StsClient:
    """Local stand-in for the STS client: only ``get_caller_identity``."""

    def __init__(self, region_name: str) -> None:
        self.region_name = region_name

    def get_caller_identity(self) -> dict[str, str]:
        """Return the local identity in STS's response shape.

        Returns
        -------
        dict
            ``UserId``, ``Account`` (the placeholder ``000000000000``) and ``Arn``.
        """
        user = os.environ.get("USER") or "local"
        return {
            "UserId": user,
            "Account": _aws.ACCOUNT_ID,
            "Arn": f"arn:aws:iam::{_aws.ACCOUNT_ID}:user/{user}",
        }


class S3Client:
    """Local stand-in for the S3 client: buckets are folders in the artifact store.

    Parameters
    ----------
    sagemaker_client : object
        The local SageMaker client whose ``artifact_root`` contains the ``s3`` folder.
    region_name : str
        Region reported in responses.
    """

    def __init__(self, sagemaker_client: Any, region_name: str) -> None:
        self._sagemaker_client = sagemaker_client
        self.region_name = region_name

    def create_bucket(self, Bucket: str, **kwargs: Any) -> dict[str, str]:
        """Create the bucket folder if it does not exist.

        Unlike S3 outside ``us-east-1``, creating a bucket that already exists
        succeeds, because every local bucket belongs to the current user.
        ``CreateBucketConfiguration`` and other S3 arguments are accepted and ignored.

        Raises
        ------
        ValidationError
            If the name breaks S3's bucket naming rule.
        """
        del kwargs
        folder = s3.bucket_folder(self._sagemaker_client.artifact_root, Bucket)
        folder.mkdir(parents=True, exist_ok=True)
        return {"Location": f"/{Bucket}"}

    def head_bucket(self, Bucket: str) -> dict[str, Any]:
        """Return an empty response if the bucket folder exists.

        Raises
        ------
        ValidationError
            If the bucket does not exist locally.
        """
        folder = s3.bucket_folder(self._sagemaker_client.artifact_root, Bucket)
        if not folder.is_dir():
            raise ValidationError.invalid("Bucket", Bucket, "does not exist in the local store")
        return {}

    def list_buckets(self) -> dict[str, Any]:
        """List the local bucket folders in S3's response shape."""
        root = self._sagemaker_client.artifact_root / "s3"
        names = (
            sorted(path.name for path in root.iterdir() if path.is_dir()) if root.is_dir() else []
        )
        return {"Buckets": [{"Name": name} for name in names], "Owner": {"ID": _aws.ACCOUNT_ID}}


class Session:
    """Local stand-in for ``boto3.Session``.

    Parameters
    ----------
    region_name : str, optional
        Region to report, ``local`` by default.
    store_url : str or path-like, optional
        Store for the SageMaker client (local extension). Defaults to the rules of
        :func:`jupyterlab_experiments.client.get_client`.
    **kwargs
        Other ``boto3.Session`` arguments (profiles, keys) are accepted and ignored.
    """

    def __init__(
        self,
        region_name: str | None = None,
        store_url: str | os.PathLike[str] | None = None,
        **kwargs: Any,
    ) -> None:
        del kwargs
        self.region_name = _aws.resolve_region(region_name)
        self._store_url = store_url

    def client(self, service_name: str, region_name: str | None = None, **kwargs: Any) -> Any:
        """Return a local client for ``sagemaker``, ``sts`` or ``s3``.

        Parameters
        ----------
        service_name : {"sagemaker", "sts", "s3"}
            The service. ``sagemaker-metrics`` also maps to the SageMaker client,
            which implements ``batch_put_metrics``.
        region_name : str, optional
            Ignored apart from being reported; everything is local.
        **kwargs
            ``endpoint_url``, ``config`` and other boto3 arguments are ignored.

        Raises
        ------
        ValidationError
            For any other service.
        """
        del kwargs
        region = region_name or self.region_name
        if service_name in ("sagemaker", "sagemaker-metrics"):
            return _local_sagemaker_client(self._store_url)
        if service_name == "sts":
            return StsClient(region)
        if service_name == "s3":
            return S3Client(_local_sagemaker_client(self._store_url), region)
        raise ValidationError.invalid(
            "service_name", service_name, f"must be one of {', '.join(_SERVICES)} locally"
        )

    def __repr__(self) -> str:
        return f"Session(region_name={self.region_name!r})"


def client(service_name: str, region_name: str | None = None, **kwargs: Any) -> Any:
    """Return a local client, as ``boto3.client(service_name)`` does with a default session."""
    return Session(region_name=region_name).client(service_name, **kwargs)


__all__ = ["S3Client", "Session", "StsClient", "client"]
