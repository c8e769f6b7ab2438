"""Local stand-ins for the AWS and SageMaker SDK calls that SageMaker Experiments notebooks make.

A notebook written for SageMaker runs locally once its imports are rewritten.
Each import line of the notebook changes, and nothing else:

* ``import boto3`` becomes ``from jupyterlab_experiments.sagemaker import boto3``;
* ``import sagemaker`` becomes ``from jupyterlab_experiments import sagemaker``;
* ``from sagemaker import get_execution_role`` becomes
  ``from jupyterlab_experiments.sagemaker import get_execution_role``;
* ``from sagemaker.session import Session`` becomes
  ``from jupyterlab_experiments.sagemaker.session import Session``;
* ``from sagemaker.pytorch import PyTorch`` becomes
  ``from jupyterlab_experiments.sagemaker.pytorch import PyTorch``;
* ``from sagemaker.estimator import Estimator`` becomes
  ``from jupyterlab_experiments.sagemaker.estimator import Estimator``;
* ``from sagemaker.analytics import ExperimentAnalytics`` becomes
  ``from jupyterlab_experiments.sagemaker.analytics import ExperimentAnalytics``;
* ``from smexperiments.<module> import <name>`` becomes
  ``from jupyterlab_experiments.<module> import <name>``.

What each stand-in does locally:

``boto3.Session().client("sagemaker")``
    The local SageMaker client bound to the store (no AWS call).
``client("sts").get_caller_identity()``
    Account ``000000000000``.
``client("s3").create_bucket(Bucket=...)``
    Creates the folder ``<artifact root>/s3/<bucket>``.
``get_execution_role()``
    A placeholder role ARN, only to fill ``role=`` arguments.
``Session().upload_data(path, bucket, key_prefix)``
    Copies files to ``<artifact root>/s3/<bucket>/<key_prefix>`` and returns
    ``s3://<bucket>/<key_prefix>``. Local training jobs resolve that URI back to
    the folder.
``Session().default_bucket()``
    ``sagemaker-<region>-000000000000``, created as a local folder.
``PyTorch(...).fit(...)`` and ``Estimator(...).fit(...)``
    Run the entry point in a subprocess of the current Python and record the job
    as the trial component ``<job name>-aws-training-job``. The job's folder is
    ``<artifact root>/jobs/<job name>/``, with the log ``output.log`` and
    ``model.tar.gz``.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._aws import get_execution_role
from .channels import TrainingInput
from .session import Session

#: SageMaker SDK v1 name of :class:`TrainingInput`.
s3_input = TrainingInput

_SUBMODULES = ("analytics", "boto3", "estimator", "pytorch", "s3", "session", "training_job")


def __getattr__(name: str) -> Any:
    # ``sagemaker.pytorch.PyTorch`` after ``from jupyterlab_experiments import sagemaker``
    # works without importing the estimator (and its helpers) up front.
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Session", "TrainingInput", "get_execution_role", "s3_input"]
