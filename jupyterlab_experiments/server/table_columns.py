"""Column keys of the trial component table: sorting and the cells of an export.

A column key is the search property path that the table sorts by
(``CreationTime``, ``Parameters.lr``, ``Metrics.test:accuracy.Max``,
``OutputArtifacts.model.Value``), plus ``Trials`` and ``Experiments``, which
list several names per component and can be exported but not sorted by.
Keywords match regardless of letter case, as in search property paths.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..exceptions import ValidationError
from ..store.derived import component_type, duration_seconds
from ..store.properties import TRIAL_COMPONENT, Property, resolve_property
from . import params

COLUMNS_MAX = 2000

Record = Mapping[str, Any]
_UNSORTABLE_RULE = (
    "lists several names per trial component and cannot be sorted by; "
    "filter by Parents.TrialName or Parents.ExperimentName instead"
)
_COLUMN_KEYS = (
    "TrialComponentName, DisplayName, Trials, Experiments, Type, Status.PrimaryStatus, "
    "CreationTime, LastModifiedTime, StartTime, EndTime, Duration, Parameters.<name>, "
    "Metrics.<name>.<Min|Max|Avg|StdDev|Last|Count>, InputArtifacts.<name>.Value "
    "or OutputArtifacts.<name>.Value"
)
# Keys of the store's statistics, as they are spelt in records and headers.
_STATISTIC_LABELS = {
    "min": "Min",
    "max": "Max",
    "avg": "Avg",
    "std_dev": "StdDev",
    "last": "Last",
    "count": "Count",
}


@dataclass(frozen=True)
class ExportColumn:
    """One column of an export: its key, header text and how to read a cell."""

    key: str
    header: str
    cell: Callable[[Record], Any]


def _parents(key: str) -> Callable[[Record], str]:
    def cell(record: Record) -> str:
        names = {parent[key] for parent in record.get("Parents") or []}
        return "; ".join(sorted(names))

    return cell


def _field(*path: str) -> Callable[[Record], Any]:
    def cell(record: Record) -> Any:
        value: Any = record
        for key in path:
            if not isinstance(value, Mapping):
                return None
            value = value.get(key)
        return value

    return cell


_FIXED_COLUMNS = {
    column.key.lower(): column
    for column in (
        ExportColumn("TrialComponentName", "Name", _field("TrialComponentName")),
        ExportColumn("DisplayName", "Display name", _field("DisplayName")),
        ExportColumn("Trials", "Trials", _parents("TrialName")),
        ExportColumn("Experiments", "Experiments", _parents("ExperimentName")),
        ExportColumn(
            "Type", "Type", lambda record: component_type(_field("Source", "SourceArn")(record))
        ),
        ExportColumn("Status.PrimaryStatus", "Status", _field("Status", "PrimaryStatus")),
        ExportColumn("CreationTime", "Created", _field("CreationTime")),
        ExportColumn("LastModifiedTime", "Last modified", _field("LastModifiedTime")),
        ExportColumn("StartTime", "Start time", _field("StartTime")),
        ExportColumn("EndTime", "End time", _field("EndTime")),
        ExportColumn(
            "Duration",
            "Duration (s)",
            lambda record: duration_seconds(record.get("StartTime"), record.get("EndTime")),
        ),
    )
}
_DYNAMIC_PREFIXES = ("parameters.", "metrics.", "inputartifacts.", "outputartifacts.")


def check_sort_key(path: str | None) -> None:
    """Reject sort keys with several values per trial component.

    Raises
    ------
    ValidationError
        With the field ``sort_by`` for ``Trials``, ``Experiments``,
        ``Parents.*`` and paths that are not properties of trial components.
    """
    if path is None:
        return
    if path.lower() in ("trials", "experiments"):
        raise ValidationError.invalid("sort_by", path, _UNSORTABLE_RULE)
    prop = resolve_property(TRIAL_COMPONENT, path, "sort_by")
    if prop.kind in ("parent_trial", "parent_experiment"):
        raise ValidationError.invalid("sort_by", path, _UNSORTABLE_RULE)


def parse_columns(text: str | None) -> list[ExportColumn]:
    """Parse ``columns``: a JSON list of column keys, in the order of the export.

    Raises
    ------
    ValidationError
        With the field ``columns`` when it is missing, not a JSON list of
        strings, empty, longer than ``COLUMNS_MAX``, repeats a column, or
        contains a key that is not a column of the table. Also for a key
        with a NUL character or an unpaired surrogate.
    """
    if text is None or text == "":
        raise ValidationError.invalid("columns", text, "is required: a JSON list of column keys")
    keys = params.parse_json(
        "columns", text, 'must be a JSON list of column keys such as ["TrialComponentName"]'
    )
    if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
        raise ValidationError.invalid("columns", text, "must be a JSON list of column keys")
    if not 1 <= len(keys) <= COLUMNS_MAX:
        raise ValidationError.invalid(
            "columns", f"{len(keys)} keys", f"must list 1 to {COLUMNS_MAX} columns"
        )
    for key in keys:
        params.check_property_path("columns", key)

    columns = [export_column(key) for key in keys]
    seen: set[str] = set()
    for column in columns:
        if column.key in seen:
            raise ValidationError.invalid("columns", column.key, "must list each column once")
        seen.add(column.key)
    return columns


def export_column(key: str) -> ExportColumn:
    """Return the export column of one key.

    Raises
    ------
    ValidationError
        With the field ``columns`` if the key is not a column of the table.
    """
    lowered = key.lower()
    if lowered in _FIXED_COLUMNS:
        return _FIXED_COLUMNS[lowered]
    if lowered.startswith(_DYNAMIC_PREFIXES):
        prop = resolve_property(TRIAL_COMPONENT, key, "columns")
        if prop.kind == "parameter":
            return _parameter_column(prop)
        if prop.kind == "metric":
            return _metric_column(prop)
        if prop.kind == "artifact" and prop.field == "value":
            return _artifact_column(prop)
    raise ValidationError.invalid("columns", key, f"must be a column key: {_COLUMN_KEYS}")


def _parameter_column(prop: Property) -> ExportColumn:
    def cell(record: Record) -> Any:
        value = (record.get("Parameters") or {}).get(prop.name)
        if value is None:
            return None
        if "NumberValue" in value:
            return value["NumberValue"]
        return value.get("StringValue")

    return ExportColumn(f"Parameters.{prop.name}", prop.name, cell)


def _metric_column(prop: Property) -> ExportColumn:
    label = _STATISTIC_LABELS[prop.statistic]

    def cell(record: Record) -> Any:
        for summary in record.get("Metrics") or []:
            if summary.get("MetricName") == prop.name:
                return summary.get(label)
        return None

    return ExportColumn(f"Metrics.{prop.name}.{label}", f"{prop.name} ({label})", cell)


def _artifact_column(prop: Property) -> ExportColumn:
    prefix = "InputArtifacts" if prop.direction == "input" else "OutputArtifacts"

    def cell(record: Record) -> Any:
        artifact = (record.get(prefix) or {}).get(prop.name)
        return None if artifact is None else artifact.get("Value")

    return ExportColumn(f"{prefix}.{prop.name}.Value", f"{prop.name} ({prop.direction})", cell)
