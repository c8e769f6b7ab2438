"""Choose the SageMaker-style client that an SDK call talks to."""

from __future__ import annotations

from typing import Any

from .exceptions import ValidationError


def resolve_client(sagemaker_boto_client: Any = None, sagemaker_session: Any = None) -> Any:
    """Return the client for an SDK call.

    Parameters
    ----------
    sagemaker_boto_client : object, optional
        A client with boto3's SageMaker methods, usually a
        ``LocalSageMakerClient``. It selects the store and wins over the session.
    sagemaker_session : object, optional
        An object with a ``sagemaker_client`` attribute, such as
        ``sagemaker.Session``.

    Returns
    -------
    object
        The explicit client, else the session's client, else the shared client
        of the default store (``JUPYTERLAB_EXPERIMENTS_DB_URL`` or the file
        under the Jupyter data folder).

    Raises
    ------
    ValidationError
        If ``sagemaker_session`` has no ``sagemaker_client``.
    """
    if sagemaker_boto_client is not None:
        return sagemaker_boto_client
    if sagemaker_session is not None:
        client = getattr(sagemaker_session, "sagemaker_client", None)
        if client is None:
            raise ValidationError.invalid(
                "sagemaker_session",
                sagemaker_session,
                "must have a sagemaker_client attribute (e.g. a sagemaker.Session)",
            )
        return client
    # Imported here because the client pulls in SQLAlchemy and the store,
    # which plain imports of the SDK classes do not need.
    from .client import get_client

    return get_client()
