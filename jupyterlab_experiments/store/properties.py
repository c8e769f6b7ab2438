"""Property paths of SageMaker's Search API, resolved to parts of the schema.

Keywords match regardless of case (``metrics.test:accuracy.max`` works), while
the names inside a path are taken verbatim: a metric or parameter name may
contain ``:``, ``.``, ``/``, spaces and any Unicode. For metrics and artifacts
the last ``.``-separated segment is the statistic or field, and everything
between the keyword and it is the name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from .._heartbeat import HEARTBEAT_TIMEOUT_S
from .._limits import PARAMETER_NAME_MAX, check_text
from .._time import now
from ..exceptions import ValidationError
from .derived import duration_expression, type_expression
from .schema import experiments, trial_components, trials

# The longest path that can name a property: ``Parameters.`` and a parameter
# name of the longest length. Metric, artifact and tag paths are shorter.
PROPERTY_PATH_MAX = len("Parameters.") + PARAMETER_NAME_MAX

STATISTICS = {
    "min": "min",
    "max": "max",
    "avg": "avg",
    "stddev": "std_dev",
    "last": "last",
    "count": "count",
}
ARTIFACT_FIELDS = {"value": "value", "mediatype": "media_type"}


@dataclass(frozen=True)
class Resource:
    """A searchable resource: its Search API name, table and result key."""

    search_name: str
    record_key: str
    kind: str
    table: sa.Table
    name_property: str
    columns: dict[str, tuple[str, str]]


_COMMON = {
    "displayname": ("display_name", "string"),
    "creationtime": ("creation_time", "time"),
    "lastmodifiedtime": ("last_modified_time", "time"),
    "source.sourcearn": ("source_arn", "string"),
    "source.sourcetype": ("source_type", "string"),
}

EXPERIMENT = Resource(
    "Experiment",
    "Experiment",
    "experiment",
    experiments,
    "experimentname",
    {"experimentname": ("name", "name"), "description": ("description", "string"), **_COMMON},
)
TRIAL = Resource(
    "ExperimentTrial",
    "Trial",
    "trial",
    trials,
    "trialname",
    {"trialname": ("name", "name"), **_COMMON},
)
TRIAL_COMPONENT = Resource(
    "ExperimentTrialComponent",
    "TrialComponent",
    "trial_component",
    trial_components,
    "trialcomponentname",
    {
        "trialcomponentname": ("name", "name"),
        "status.primarystatus": ("status", "string"),
        "status.message": ("status_message", "string"),
        "starttime": ("start_time", "time"),
        "endtime": ("end_time", "time"),
        # Computed from other columns (see derived.py); not SageMaker properties.
        "type": ("type", "choice"),
        "duration": ("duration", "number"),
        **_COMMON,
    },
)
RESOURCES = {
    resource.search_name.lower(): resource for resource in (EXPERIMENT, TRIAL, TRIAL_COMPONENT)
}


def resolve_resource(name: object) -> Resource:
    """Look up a Search API resource name."""
    if isinstance(name, str) and name.lower() in RESOURCES:
        return RESOURCES[name.lower()]
    choices = ", ".join(resource.search_name for resource in RESOURCES.values())
    raise ValidationError.invalid("Resource", name, f"must be one of {choices}")


@dataclass(frozen=True)
class Property:
    """A resolved property path.

    ``kind`` is one of ``column`` (``column`` and ``value_type`` set),
    ``parameter``, ``metric`` (``statistic`` set), ``artifact``
    (``direction`` and ``field`` set), ``tag``, ``parent_trial``,
    ``parent_experiment``, ``experiment_of_trial`` and ``component_of_trial``.
    The ``value_type`` of a column is ``name``, ``string``, ``time``,
    ``number`` (Duration) or ``choice`` (Type, one of a fixed set of values).
    """

    path: str
    kind: str
    name: str = ""
    column: str = ""
    value_type: str = ""
    statistic: str = ""
    direction: str = ""
    field: str = ""


def resolve_property(resource: Resource, path: object, field: str) -> Property:
    """Resolve a property path such as ``Metrics.test:accuracy.Max``."""
    if not isinstance(path, str) or not path:
        raise ValidationError.invalid(field, path, "must be a property path such as DisplayName")
    # Rejects NUL and lone surrogates, which neither store can take.
    check_text(field, path, PROPERTY_PATH_MAX, min_length=1)
    lowered = path.lower()

    if lowered in resource.columns:
        column, value_type = resource.columns[lowered]
        return Property(path, "column", column=column, value_type=value_type)
    if lowered.startswith("tags.") and len(path) > 5:
        return Property(path, "tag", name=path[5:])

    if resource is TRIAL and lowered == "experimentname":
        return Property(path, "experiment_of_trial", value_type="name")
    if resource is TRIAL and lowered == "trialcomponentsummaries.trialcomponentname":
        return Property(path, "component_of_trial", value_type="name")
    if resource is TRIAL_COMPONENT:
        resolved = _resolve_component_property(path, lowered, field)
        if resolved is not None:
            return resolved

    raise ValidationError.invalid(field, path, _supported_paths(resource))


def _resolve_component_property(path: str, lowered: str, field: str) -> Property | None:
    if lowered == "parents.trialname":
        return Property(path, "parent_trial", value_type="name")
    if lowered == "parents.experimentname":
        return Property(path, "parent_experiment", value_type="name")
    if lowered.startswith("parameters.") and len(path) > 11:
        return Property(path, "parameter", name=path[11:])

    if lowered.startswith("metrics."):
        name, _, statistic = path[8:].rpartition(".")
        if not name or statistic.lower() not in STATISTICS:
            raise ValidationError.invalid(
                field, path, "must be Metrics.<metric name>.<Min|Max|Avg|StdDev|Last|Count>"
            )
        return Property(path, "metric", name=name, statistic=STATISTICS[statistic.lower()])

    for prefix, direction in (("inputartifacts.", "input"), ("outputartifacts.", "output")):
        if lowered.startswith(prefix):
            name, _, artifact_field = path[len(prefix) :].rpartition(".")
            if not name or artifact_field.lower() not in ARTIFACT_FIELDS:
                raise ValidationError.invalid(
                    field, path, f"must be {path[: len(prefix)]}<artifact name>.<Value|MediaType>"
                )
            return Property(
                path,
                "artifact",
                name=name,
                direction=direction,
                field=ARTIFACT_FIELDS[artifact_field.lower()],
            )
    return None


def column_expression(resource: Resource, prop: Property) -> sa.ColumnElement[Any]:
    """Return the SQL value of a ``column`` property.

    Names are sorted and compared by their lower-cased key, which is unique
    and indexed. A trial component's status reads as Stopped once an
    InProgress component's heartbeats have stopped, so filters and sorts
    agree with what the records show.
    """
    table = resource.table
    if prop.value_type == "name":
        return table.c.name_key
    if resource is TRIAL_COMPONENT and prop.column == "type":
        return type_expression(table)
    if resource is TRIAL_COMPONENT and prop.column == "duration":
        return duration_expression(table)
    column = table.c[prop.column]
    if resource is TRIAL_COMPONENT and prop.column == "status":
        stale_before = now() - HEARTBEAT_TIMEOUT_S
        dead = sa.and_(table.c.status == "InProgress", table.c.heartbeat_time < stale_before)
        return sa.case((dead, "Stopped"), else_=column)
    return column


_SPELLED_PATHS = {
    "experimentname": "ExperimentName",
    "trialname": "TrialName",
    "trialcomponentname": "TrialComponentName",
    "description": "Description",
    "displayname": "DisplayName",
    "creationtime": "CreationTime",
    "lastmodifiedtime": "LastModifiedTime",
    "source.sourcearn": "Source.SourceArn",
    "source.sourcetype": "Source.SourceType",
    "status.primarystatus": "Status.PrimaryStatus",
    "status.message": "Status.Message",
    "starttime": "StartTime",
    "endtime": "EndTime",
    "type": "Type",
    "duration": "Duration",
}


def _supported_paths(resource: Resource) -> str:
    paths = [_SPELLED_PATHS.get(key, key) for key in resource.columns]
    if resource is TRIAL_COMPONENT:
        paths += [
            "Parameters.<name>",
            "Metrics.<name>.<statistic>",
            "InputArtifacts.<name>.Value",
            "OutputArtifacts.<name>.Value",
            "Parents.TrialName",
            "Parents.ExperimentName",
        ]
    if resource is TRIAL:
        paths += ["ExperimentName", "TrialComponentSummaries.TrialComponentName"]
    paths.append("Tags.<key>")
    return "must be a supported property path: " + ", ".join(paths)
