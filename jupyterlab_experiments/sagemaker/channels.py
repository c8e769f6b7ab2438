"""Input channels of a training job, resolved to local folders.

``fit(inputs=...)`` takes what SageMaker's SDK takes: one URI (the ``training``
channel), or a dict of channel name to URI or to a ``TrainingInput``-like object
(anything with ``s3_data`` or SageMaker's ``config`` dict). URIs may be
``s3://`` (the local S3 folder), ``file://`` or plain paths.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..exceptions import ValidationError
from . import s3

#: Channel used when ``inputs`` is a single URI, as in SageMaker's SDK.
DEFAULT_CHANNEL = "training"

# SageMaker's rule for channel names.
_CHANNEL_PATTERN = re.compile(r"[A-Za-z0-9.\-_]{1,64}")


@dataclass(frozen=True)
class Channel:
    """One resolved input channel.

    Attributes
    ----------
    name : str
        Channel name, e.g. ``training``.
    uri : str
        The URI as given (recorded as the component's input artifact).
    path : Path
        Local folder (or file) the script reads through ``SM_CHANNEL_<NAME>``.
    """

    name: str
    uri: str
    path: Path


class TrainingInput:
    """Minimal stand-in for ``sagemaker.inputs.TrainingInput`` (alias ``s3_input``).

    Parameters
    ----------
    s3_data : str
        URI of the channel's data.
    **kwargs
        Content type, distribution and other options are accepted and ignored:
        local channels are always folders in File mode.
    """

    def __init__(self, s3_data: str, **kwargs: Any) -> None:
        self.s3_data = s3_data
        self.options = kwargs


def _uri_of(name: str, value: Any) -> str:
    if isinstance(value, (str, os.PathLike)):
        return os.fspath(value)
    s3_data = getattr(value, "s3_data", None)
    if isinstance(s3_data, (str, os.PathLike)):
        return os.fspath(s3_data)
    config = getattr(value, "config", None)
    if isinstance(config, Mapping):
        try:
            return str(config["DataSource"]["S3DataSource"]["S3Uri"])
        except (KeyError, TypeError):
            pass
    raise ValidationError.invalid(
        f"inputs[{name!r}]", value, "must be a URI string or a TrainingInput with s3_data"
    )


def resolve_channels(inputs: Any, artifact_root: Path) -> list[Channel]:
    """Resolve ``fit``'s ``inputs`` argument to local channels.

    Raises
    ------
    ValidationError
        If a channel name is invalid, a value is not a URI, or the data does not
        exist locally (an ``s3://`` URI must have been uploaded with
        ``Session.upload_data`` or copied under ``<artifact root>/s3``).
    """
    if inputs is None:
        return []
    items = inputs.items() if isinstance(inputs, Mapping) else [(DEFAULT_CHANNEL, inputs)]
    channels = []
    for name, value in items:
        if not isinstance(name, str) or not _CHANNEL_PATTERN.fullmatch(name):
            raise ValidationError.invalid(
                "inputs", name, "channel names must be 1 to 64 letters, digits, '.', '-' or '_'"
            )
        uri = _uri_of(name, value)
        path = s3.resolve_uri(artifact_root, uri)
        if not path.exists():
            raise ValidationError.invalid(
                f"inputs[{name!r}]",
                uri,
                f"no local data at {path}; upload it first with Session().upload_data(...)",
            )
        channels.append(Channel(name=name, uri=uri, path=path))
    return channels


__all__ = ["DEFAULT_CHANNEL", "Channel", "TrainingInput", "resolve_channels"]
