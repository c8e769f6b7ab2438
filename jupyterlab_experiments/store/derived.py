"""Trial component properties computed from stored columns: ``Type`` and ``Duration``.

SageMaker has neither property. Each is defined here twice, as SQL for
filters and sorts and as Python for records, so that both follow one rule:

* ``Type`` is ``training-job`` when the source ARN contains
  ``:training-job/``, ``processing-job`` when it contains
  ``:processing-job/`` (both compared regardless of letter case), and
  ``other`` otherwise, including components without a source;
* ``Duration`` is the end time minus the start time in seconds, missing
  when either time is missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

TRAINING_JOB = "training-job"
PROCESSING_JOB = "processing-job"
OTHER = "other"
COMPONENT_TYPES = (TRAINING_JOB, PROCESSING_JOB, OTHER)

# Checked in this order, so an ARN that contains both markers is a training job.
_TYPE_MARKERS = ((TRAINING_JOB, ":training-job/"), (PROCESSING_JOB, ":processing-job/"))


def component_type(source_arn: str | None) -> str:
    """Return the ``Type`` of a component with this source ARN."""
    if source_arn:
        lowered = source_arn.lower()
        for type_name, marker in _TYPE_MARKERS:
            if marker in lowered:
                return type_name
    return OTHER


def type_expression(table: sa.Table) -> sa.ColumnElement[str]:
    """Return the SQL value of ``Type`` for rows of the trial component table."""
    arn = sa.func.lower(table.c.source_arn)
    # lower(NULL) matches no marker, so a component without a source is "other".
    cases = [
        (arn.contains(marker, autoescape=True), type_name) for type_name, marker in _TYPE_MARKERS
    ]
    return sa.case(*cases, else_=sa.literal(OTHER))


def duration_seconds(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    """Return the ``Duration`` in seconds of a record's StartTime and EndTime."""
    if start is None or end is None:
        return None
    return (end - start).total_seconds()


def duration_expression(table: sa.Table) -> sa.ColumnElement[Any]:
    """Return the SQL value of ``Duration``; NULL when either time is NULL."""
    return table.c.end_time - table.c.start_time
