"""Conversion of the client's boto-shaped records to the REST API's JSON bodies.

Keys become snake_case, times become ISO 8601 UTC text with a ``Z`` suffix, and
non-finite numbers become the strings ``"NaN"``, ``"Infinity"`` and
``"-Infinity"``, because JSON has no literal for them and browsers reject
Python's ``NaN`` token.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any

from .._series_window import Window
from .._time import iso_utc, iso_utc_many
from ..store.derived import component_type, duration_seconds

_METRIC_STATISTICS = (("Min", "min"), ("Max", "max"), ("Avg", "avg"), ("StdDev", "std_dev"))


def json_number(value: Any) -> Any:
    """Return a number that JSON can carry: finite floats unchanged, others as text.

    ``None`` and integers pass through unchanged.
    """
    if isinstance(value, float) and not math.isfinite(value):
        if math.isnan(value):
            return "NaN"
        return "Infinity" if value > 0 else "-Infinity"
    return value


def json_time(value: dt.datetime | float | None) -> str | None:
    """Format a time as ISO 8601 UTC with a ``Z`` suffix.

    Accepts an aware datetime, as the client's records contain, or epoch seconds,
    as its metric points contain. A naive datetime is taken as UTC, because that
    is how the store records times.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        # Formatted directly: a page of 100 components has about 700 times, and
        # a round trip through epoch seconds would double their cost.
        stamp = value.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")
        return stamp.replace("+00:00", "Z")
    return iso_utc(float(value))


def experiment(record: Mapping[str, Any], trial_count: int) -> dict[str, Any]:
    """Serialize an experiment record from ``describe_experiment`` or ``search``."""
    return {
        "name": record["ExperimentName"],
        "display_name": record.get("DisplayName"),
        "description": record.get("Description"),
        "arn": record.get("ExperimentArn"),
        "creation_time": json_time(record.get("CreationTime")),
        "last_modified_time": json_time(record.get("LastModifiedTime")),
        "trial_count": trial_count,
    }


def trial(record: Mapping[str, Any], trial_component_count: int) -> dict[str, Any]:
    """Serialize a trial record from ``describe_trial`` or ``search``."""
    return {
        "name": record["TrialName"],
        "display_name": record.get("DisplayName"),
        "experiment_name": record.get("ExperimentName"),
        "arn": record.get("TrialArn"),
        "creation_time": json_time(record.get("CreationTime")),
        "last_modified_time": json_time(record.get("LastModifiedTime")),
        "trial_component_count": trial_component_count,
    }


def trial_component(record: Mapping[str, Any]) -> dict[str, Any]:
    """Serialize a trial component record from ``search``.

    A record from ``describe_trial_component`` has no ``Parents`` or ``Tags``;
    both are then empty. ``type`` and ``duration_seconds`` are the store's
    computed ``Type`` and ``Duration`` properties.
    """
    source = record.get("Source") or {}
    return {
        "name": record["TrialComponentName"],
        "display_name": record.get("DisplayName"),
        "arn": record.get("TrialComponentArn"),
        "source": _source(record.get("Source")),
        "type": component_type(source.get("SourceArn")),
        "status": _status(record.get("Status")),
        "start_time": json_time(record.get("StartTime")),
        "end_time": json_time(record.get("EndTime")),
        "duration_seconds": duration_seconds(record.get("StartTime"), record.get("EndTime")),
        "creation_time": json_time(record.get("CreationTime")),
        "last_modified_time": json_time(record.get("LastModifiedTime")),
        "parameters": {
            name: _parameter_value(value)
            for name, value in (record.get("Parameters") or {}).items()
        },
        "input_artifacts": _artifacts(record.get("InputArtifacts")),
        "output_artifacts": _artifacts(record.get("OutputArtifacts")),
        "metrics": [_metric_summary(summary) for summary in record.get("Metrics") or []],
        "parents": [
            {"trial_name": parent.get("TrialName"), "experiment_name": parent.get("ExperimentName")}
            for parent in record.get("Parents") or []
        ],
        "tags": {tag["Key"]: tag.get("Value", "") for tag in record.get("Tags") or []},
    }


def metric_series_text(metric_name: str, window: Window, encode: Callable[[Any], str]) -> str:
    """Return the JSON text of a metric series response.

    The head goes through ``encode``, the handler's JSON encoder, because
    the metric name is user text. The points are numbers and ISO times,
    so they are written directly: building a dictionary per point and
    encoding it cost more than reading and downsampling the series.
    ``float.__repr__`` writes the same digits as ``json.dumps``.
    """
    series = window.series
    head = encode(
        {
            "metric_name": metric_name,
            "point_count": window.count,
            "downsampled": window.downsampled,
        }
    )
    points = ",".join(
        f'{{"step":{"null" if step < 0 else step},"timestamp":"{stamp}",'
        f'"value":{_json_number_text(value)}}}'
        for step, stamp, value in zip(
            series.steps.tolist(),
            iso_utc_many(series.timestamps),
            series.values.tolist(),
            strict=True,
        )
    )
    return f'{head[:-1]},"points":[{points}]}}'


def _json_number_text(value: float) -> str:
    if math.isfinite(value):
        return repr(value)
    if math.isnan(value):
        return '"NaN"'
    return '"Infinity"' if value > 0 else '"-Infinity"'


def _source(source: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not source or not source.get("SourceArn"):
        return None
    return {"source_arn": source["SourceArn"], "source_type": source.get("SourceType")}


def _status(status: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not status:
        return None
    return {"primary_status": status.get("PrimaryStatus"), "message": status.get("Message")}


def _parameter_value(value: Mapping[str, Any]) -> Any:
    if "NumberValue" in value:
        return json_number(value["NumberValue"])
    return value.get("StringValue")


def _artifacts(artifacts: Mapping[str, Any] | None) -> dict[str, Any]:
    return {
        name: {"value": artifact.get("Value"), "media_type": artifact.get("MediaType")}
        for name, artifact in (artifacts or {}).items()
    }


def _metric_summary(summary: Mapping[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"metric_name": summary["MetricName"]}
    for boto_key, key in _METRIC_STATISTICS:
        body[key] = json_number(summary.get(boto_key))
    body["last"] = json_number(summary.get("Last"))
    body["count"] = summary.get("Count")
    body["time_stamp"] = json_time(summary.get("TimeStamp"))
    return body
