"""The boto3, Session and role stand-ins and the local S3 folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jupyterlab_experiments import sagemaker
from jupyterlab_experiments.client import LocalSageMakerClient
from jupyterlab_experiments.exceptions import ValidationError
from jupyterlab_experiments.sagemaker import boto3, get_execution_role
from jupyterlab_experiments.sagemaker.session import Session


@pytest.fixture
def local_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A client of an SQLite store that is also the default store of this test."""
    database = tmp_path / "store" / "experiments.db"
    monkeypatch.setenv("JUPYTERLAB_EXPERIMENTS_DB_URL", str(database))
    from jupyterlab_experiments.client import close_clients, get_client

    yield get_client()
    close_clients()


def test_boto3_session_clients(local_client: LocalSageMakerClient) -> None:
    session = boto3.Session()
    assert session.region_name == "local"
    assert session.client("sagemaker") is local_client
    identity = session.client("sts").get_caller_identity()
    assert identity["Account"] == "000000000000"
    with pytest.raises(ValidationError, match="service_name"):
        session.client("ec2")


def test_create_bucket_makes_folder(local_client: LocalSageMakerClient) -> None:
    s3 = boto3.Session(region_name="eu-west-1").client("s3")
    bucket = "sagemaker-experiments-eu-west-1-000000000000"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    s3.create_bucket(Bucket=bucket)
    assert (local_client.artifact_root / "s3" / bucket).is_dir()
    assert s3.list_buckets()["Buckets"] == [{"Name": bucket}]
    with pytest.raises(ValidationError, match="Bucket"):
        s3.create_bucket(Bucket="Not_A_Bucket")


def test_upload_folder_and_file(local_client: LocalSageMakerClient, tmp_path: Path) -> None:
    data = tmp_path / "mnist"
    (data / "MNIST" / "raw").mkdir(parents=True)
    (data / "MNIST" / "raw" / "train-images").write_bytes(b"images")
    session = sagemaker.Session()

    uri = session.upload_data(path=str(data), bucket="my-bucket", key_prefix="mnist")
    assert uri == "s3://my-bucket/mnist"
    copied = local_client.artifact_root / "s3" / "my-bucket" / "mnist" / "MNIST" / "raw"
    assert (copied / "train-images").read_bytes() == b"images"
    assert session.resolve_uri(uri) == local_client.artifact_root / "s3" / "my-bucket" / "mnist"

    single = session.upload_data(path=str(data / "MNIST" / "raw" / "train-images"))
    assert single == "s3://sagemaker-local-000000000000/data/train-images"
    assert session.resolve_uri(single).read_bytes() == b"images"


def test_upload_rejects_escaping_key(local_client: LocalSageMakerClient, tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(ValidationError, match="'..'"):
        Session().upload_data(path=str(tmp_path / "file.txt"), bucket="b-1", key_prefix="../x")


def test_session_positional_arguments(local_client: LocalSageMakerClient) -> None:
    boto_session = boto3.Session()
    session = Session(boto_session, local_client)
    assert session.boto_session is boto_session
    assert session.sagemaker_client is local_client
    assert session.default_bucket() == "sagemaker-local-000000000000"


def test_execution_role() -> None:
    assert get_execution_role() == "arn:aws:iam::000000000000:role/JupyterLabExperimentsLocalRole"
