"""Read rows and shape them like the SageMaker API's responses.

Records are built for a page of ids at a time with one query per related
table, never one query per row.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from .._heartbeat import HEARTBEAT_TIMEOUT_S
from .._time import from_epoch, now
from .schema import (
    artifacts,
    experiments,
    metric_summaries,
    parameters,
    tags,
    trial_component_links,
    trial_components,
    trials,
)

REGION = "local"
ACCOUNT = "000000000000"
_ARN_KINDS = {
    "experiment": "experiment",
    "trial": "experiment-trial",
    "trial_component": "experiment-trial-component",
}


def arn(kind: str, name: str) -> str:
    """Return an ARN in SageMaker's format, in the local region and a fixed account."""
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:{_ARN_KINDS[kind]}/{name.lower()}"


def name_from_arn(value: str) -> tuple[str, str] | None:
    """Return (kind, name key) of one of our ARNs, or None."""
    prefix = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:"
    if not value.startswith(prefix):
        return None
    resource, _, name = value[len(prefix) :].partition("/")
    for kind, arn_kind in _ARN_KINDS.items():
        if arn_kind == resource and name:
            return kind, name.lower()
    return None


def _source(row: Any) -> dict[str, Any] | None:
    if row.source_arn is None and row.source_type is None:
        return None
    source = {"SourceArn": row.source_arn}
    if row.source_type is not None:
        source["SourceType"] = row.source_type
    return source


def _times(row: Any) -> dict[str, Any]:
    return {
        "CreationTime": from_epoch(row.creation_time),
        "LastModifiedTime": from_epoch(row.last_modified_time),
    }


def in_ids(column: sa.ColumnElement[Any], ids: list[int]) -> sa.ColumnElement[bool]:
    """``column IN (1, 2, ...)`` with the ids written into the SQL text.

    A page holds up to 1,000 ids, and binding each as its own parameter costs
    SQLAlchemy more than the query itself. The ids are row ids read from the
    store, and ``int()`` guarantees they are plain integers, so writing them
    into the statement is safe. An empty list gives FALSE, because
    PostgreSQL rejects ``IN ()``.
    """
    if not ids:
        return sa.false()
    listed = ",".join(str(int(row_id)) for row_id in ids)
    return column.op("IN")(sa.literal_column(f"({listed})"))


def _by_id(rows: Iterable[Any]) -> dict[int, Any]:
    return {row.id: row for row in rows}


def load_tags(
    connection: sa.Connection, kind: str, ids: list[int]
) -> dict[int, list[dict[str, str]]]:
    """Tags of many resources of one kind, sorted by key."""
    found: dict[int, list[dict[str, str]]] = defaultdict(list)
    if not ids:
        return found
    query = (
        sa.select(tags.c.resource_id, tags.c.key, tags.c.value)
        .where(tags.c.resource_type == kind, in_ids(tags.c.resource_id, ids))
        .order_by(tags.c.resource_id, tags.c.key)
    )
    for row in connection.execute(query):
        found[row.resource_id].append({"Key": row.key, "Value": row.value})
    return found


def load_experiments(connection: sa.Connection, ids: list[int]) -> list[dict[str, Any]]:
    """Experiment records in the order of ``ids``, with their trial counts."""
    if not ids:
        return []
    trial_count = (
        sa.select(sa.func.count())
        .where(trials.c.experiment_id == experiments.c.id)
        .scalar_subquery()
        .label("trial_count")
    )
    rows = _by_id(
        connection.execute(sa.select(experiments, trial_count).where(in_ids(experiments.c.id, ids)))
    )
    tag_map = load_tags(connection, "experiment", ids)
    records = []
    for row_id in ids:
        row = rows[row_id]
        record: dict[str, Any] = {
            "ExperimentName": row.name,
            "ExperimentArn": arn("experiment", row.name),
            "DisplayName": row.display_name or row.name,
        }
        if row.description is not None:
            record["Description"] = row.description
        source = _source(row)
        if source:
            record["Source"] = source
        record.update(_times(row))
        record["Tags"] = tag_map.get(row_id, [])
        record["TrialCount"] = row.trial_count
        records.append(record)
    return records


def load_trials(connection: sa.Connection, ids: list[int]) -> list[dict[str, Any]]:
    """Trial records in the order of ``ids``, with their component counts."""
    if not ids:
        return []
    component_count = (
        sa.select(sa.func.count())
        .where(trial_component_links.c.trial_id == trials.c.id)
        .scalar_subquery()
        .label("component_count")
    )
    query = (
        sa.select(trials, experiments.c.name.label("experiment_name"), component_count)
        .join(experiments, experiments.c.id == trials.c.experiment_id)
        .where(in_ids(trials.c.id, ids))
    )
    rows = _by_id(connection.execute(query))
    tag_map = load_tags(connection, "trial", ids)
    records = []
    for row_id in ids:
        row = rows[row_id]
        record: dict[str, Any] = {
            "TrialName": row.name,
            "TrialArn": arn("trial", row.name),
            "DisplayName": row.display_name or row.name,
            "ExperimentName": row.experiment_name,
        }
        source = _source(row)
        if source:
            record["Source"] = source
        record.update(_times(row))
        record["Tags"] = tag_map.get(row_id, [])
        record["TrialComponentCount"] = row.component_count
        records.append(record)
    return records


def load_metric_summaries(
    connection: sa.Connection, ids: list[int], source_arns: dict[int, str | None]
) -> dict[int, list[dict[str, Any]]]:
    """Metric summaries per component, sorted by metric name."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    columns = metric_summaries.c
    query = (
        sa.select(
            columns.trial_component_id,
            columns.name,
            columns.time_stamp,
            columns.finite_count,
            columns.max,
            columns.min,
            columns.last,
            columns.count,
            columns.avg,
            columns.std_dev,
        )
        .where(in_ids(columns.trial_component_id, ids))
        .order_by(columns.trial_component_id, columns.name)
    )
    # Rows are fetched at once and unpacked as tuples: per-row attribute
    # access costs more than the query for a page of 1,000 components.
    for row_id, name, stamp, finite, high, low, last, count, mean, std_dev in connection.execute(
        query
    ).all():
        summary: dict[str, Any] = {"MetricName": name}
        source_arn = source_arns.get(row_id)
        if source_arn:
            summary["SourceArn"] = source_arn
        summary["TimeStamp"] = from_epoch(stamp)
        if finite:
            summary["Max"] = high
            summary["Min"] = low
        summary["Last"] = math.nan if last is None else last
        summary["Count"] = count
        if finite:
            summary["Avg"] = mean
            summary["StdDev"] = std_dev
        found[row_id].append(summary)
    return found


def load_parents(connection: sa.Connection, ids: list[int]) -> dict[int, list[dict[str, str]]]:
    """Return the trials (and their experiments) of each component, sorted by trial name."""
    found: dict[int, list[dict[str, str]]] = defaultdict(list)
    query = (
        sa.select(
            trial_component_links.c.trial_component_id,
            trials.c.name.label("trial_name"),
            experiments.c.name.label("experiment_name"),
        )
        .join(trials, trials.c.id == trial_component_links.c.trial_id)
        .join(experiments, experiments.c.id == trials.c.experiment_id)
        .where(in_ids(trial_component_links.c.trial_component_id, ids))
        .order_by(trial_component_links.c.trial_component_id, trials.c.name)
    )
    for row_id, trial_name, experiment_name in connection.execute(query).all():
        found[row_id].append({"TrialName": trial_name, "ExperimentName": experiment_name})
    return found


def _status(row: Any, current_time: float) -> dict[str, Any]:
    """Return the stored status, or Stopped for an InProgress component whose
    process stopped sending heartbeats (killed, or ended without closing it)."""
    if (
        row.status == "InProgress"
        and row.heartbeat_time is not None
        and current_time - row.heartbeat_time > HEARTBEAT_TIMEOUT_S
    ):
        stamp = from_epoch(row.heartbeat_time)
        return {
            "PrimaryStatus": "Stopped",
            "Message": f"No heartbeat since {stamp:%Y-%m-%d %H:%M:%S} UTC: the process that "
            "tracked this component ended without recording its end.",
        }
    status = {"PrimaryStatus": row.status}
    if row.status_message:
        status["Message"] = row.status_message
    return status


def load_trial_components(
    connection: sa.Connection, ids: list[int], *, with_parents: bool = True
) -> list[dict[str, Any]]:
    """Full trial component records in the order of ``ids``."""
    if not ids:
        return []
    rows = _by_id(
        connection.execute(
            sa.select(trial_components).where(in_ids(trial_components.c.id, ids))
        ).all()
    )

    parameter_map: dict[int, dict[str, Any]] = defaultdict(dict)
    query = (
        sa.select(
            parameters.c.trial_component_id,
            parameters.c.name,
            parameters.c.number_value,
            parameters.c.string_value,
        )
        .where(in_ids(parameters.c.trial_component_id, ids))
        .order_by(parameters.c.trial_component_id, parameters.c.name)
    )
    for row_id, name, number, text in connection.execute(query).all():
        value = {"NumberValue": number} if number is not None else {"StringValue": text}
        parameter_map[row_id][name] = value

    artifact_map: dict[tuple[int, str], dict[str, Any]] = defaultdict(dict)
    artifact_query = (
        sa.select(
            artifacts.c.trial_component_id,
            artifacts.c.direction,
            artifacts.c.name,
            artifacts.c.value,
            artifacts.c.media_type,
        )
        .where(in_ids(artifacts.c.trial_component_id, ids))
        .order_by(artifacts.c.trial_component_id, artifacts.c.name)
    )
    for row_id, direction, name, text, media_type in connection.execute(artifact_query).all():
        artifact: dict[str, Any] = {"Value": text}
        if media_type is not None:
            artifact["MediaType"] = media_type
        artifact_map[(row_id, direction)][name] = artifact

    source_arns = {row_id: row.source_arn for row_id, row in rows.items()}
    metric_map = load_metric_summaries(connection, ids, source_arns)
    parent_map = load_parents(connection, ids) if with_parents else {}
    tag_map = load_tags(connection, "trial_component", ids)

    records = []
    current_time = now()
    for row_id in ids:
        row = rows[row_id]
        record: dict[str, Any] = {
            "TrialComponentName": row.name,
            "TrialComponentArn": arn("trial_component", row.name),
            "DisplayName": row.display_name or row.name,
        }
        source = _source(row)
        if source:
            record["Source"] = source
        if row.status is not None:
            record["Status"] = _status(row, current_time)
        if row.start_time is not None:
            record["StartTime"] = from_epoch(row.start_time)
        if row.end_time is not None:
            record["EndTime"] = from_epoch(row.end_time)
        record.update(_times(row))
        record["Parameters"] = parameter_map.get(row_id, {})
        record["InputArtifacts"] = artifact_map.get((row_id, "input"), {})
        record["OutputArtifacts"] = artifact_map.get((row_id, "output"), {})
        record["Metrics"] = metric_map.get(row_id, [])
        if with_parents:
            record["Parents"] = parent_map.get(row_id, [])
        record["Tags"] = tag_map.get(row_id, [])
        records.append(record)
    return records


def component_summary(record: dict[str, Any]) -> dict[str, Any]:
    """Return a ListTrialComponents summary built from a full record."""
    keys = (
        "TrialComponentName",
        "TrialComponentArn",
        "DisplayName",
        "Status",
        "StartTime",
        "EndTime",
        "CreationTime",
        "LastModifiedTime",
    )
    summary = {key: record[key] for key in keys if key in record}
    if "Source" in record:
        summary["TrialComponentSource"] = record["Source"]
    return summary
