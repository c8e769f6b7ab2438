"""Training job names and the names derived from them, as SageMaker forms them."""

from __future__ import annotations

import re
import time

from ..exceptions import ValidationError

#: SageMaker's limit for training job names.
JOB_NAME_MAX = 63

#: Suffix of the trial component SageMaker creates for a training job.
COMPONENT_SUFFIX = "-aws-training-job"

_JOB_NAME_PATTERN = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
_INVALID_CHARACTERS = re.compile(r"[^a-zA-Z0-9-]+")


def timestamp_suffix(moment: float | None = None) -> str:
    """Return ``YYYY-MM-DD-HH-MM-SS-mmm`` in UTC, the suffix SageMaker's SDK appends."""
    moment = time.time() if moment is None else moment
    milliseconds = int(moment * 1000) % 1000
    return time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime(moment)) + f"-{milliseconds:03d}"


def name_from_base(base: str, moment: float | None = None) -> str:
    """Append a timestamp to ``base``, shortening the base so the name fits 63 characters.

    Characters SageMaker does not allow in job names are replaced by hyphens.
    """
    suffix = timestamp_suffix(moment)
    cleaned = _INVALID_CHARACTERS.sub("-", base).strip("-") or "training-job"
    cleaned = cleaned[: JOB_NAME_MAX - len(suffix) - 1].rstrip("-")
    return f"{cleaned}-{suffix}"


def check_job_name(name: object) -> str:
    """Check a training job name against SageMaker's rule and return it."""
    if not isinstance(name, str) or not _JOB_NAME_PATTERN.fullmatch(name):
        raise ValidationError.invalid(
            "job_name",
            name,
            f"must be 1 to {JOB_NAME_MAX} ASCII letters, digits and hyphens, "
            "starting and ending with a letter or digit",
        )
    return name


def component_name(job_name: str) -> str:
    """Return the trial component name of a training job (at most 80 characters)."""
    return f"{job_name}{COMPONENT_SUFFIX}"


__all__ = [
    "COMPONENT_SUFFIX",
    "JOB_NAME_MAX",
    "check_job_name",
    "component_name",
    "name_from_base",
    "timestamp_suffix",
]
