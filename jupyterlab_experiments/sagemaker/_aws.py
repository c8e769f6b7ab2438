"""Local values for the AWS identity, region and ARNs that SageMaker code expects.

Nothing here talks to AWS. The account is a fixed placeholder so that ARNs,
bucket names and caller identities have the shape real code parses.
"""

from __future__ import annotations

from ..store.records import ACCOUNT, REGION

#: Placeholder 12-digit account id, the same as in the store's ARNs.
ACCOUNT_ID = ACCOUNT

#: Region reported when the caller names none, the same as in the store's ARNs.
DEFAULT_REGION = REGION

#: Name of the local execution role returned by :func:`get_execution_role`.
ROLE_NAME = "JupyterLabExperimentsLocalRole"


def resolve_region(region_name: str | None = None) -> str:
    """Return the region to report: the argument, else ``local``.

    AWS variables such as ``AWS_REGION`` are not read, so that a machine set up
    for AWS gets the same local names as any other.
    """
    return region_name or DEFAULT_REGION


def role_arn() -> str:
    """Return the ARN of the local execution role."""
    return f"arn:aws:iam::{ACCOUNT_ID}:role/{ROLE_NAME}"


def training_job_arn(job_name: str) -> str:
    """Return a training job's ARN, in the store's region and account (names are lower-cased)."""
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT_ID}:training-job/{job_name.lower()}"


def get_execution_role(sagemaker_session: object = None) -> str:
    """Return the local stand-in for the notebook's IAM execution role.

    Parameters
    ----------
    sagemaker_session : object, optional
        Accepted for compatibility with ``sagemaker.get_execution_role``; unused.

    Returns
    -------
    str
        ``arn:aws:iam::000000000000:role/JupyterLabExperimentsLocalRole``. Local jobs
        run as the current user, so the role only fills the ``role`` argument of
        estimators.
    """
    del sagemaker_session
    return role_arn()
