"""Local ``boto3`` for training job scripts, used only when the real boto3 is not installed.

Scripts written for SageMaker often ``import boto3``; inside a local job this
module resolves to the local stand-in, which talks to no AWS service.
"""

from jupyterlab_experiments.sagemaker.boto3 import S3Client, Session, StsClient, client

__all__ = ["S3Client", "Session", "StsClient", "client"]
