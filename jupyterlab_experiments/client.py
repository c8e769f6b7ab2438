"""A local stand-in for boto3's SageMaker client, backed by the store.

``LocalSageMakerClient`` has the method names, keyword arguments and
response shapes of ``boto3.client("sagemaker")`` for the Experiments API, so
code written for SageMaker (and the SDK classes of this package) can pass it
wherever a ``sagemaker_boto_client`` is expected.

Local differences, all documented in the user guide:

* list and search calls accept ``MaxResults`` up to 1,000 (SageMaker: 100)
  and default to 100;
* ``create_trial_component`` accepts ``Source`` (used by local jobs);
* ``batch_put_metrics`` accepts any number of points in one call;
* ``get_metric_data`` and ``get_revision`` are local additions.
"""

from __future__ import annotations

import functools
import inspect
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from . import _limits, _series_window
from ._downsample import MAX_POINTS_MIN
from ._time import EPOCH_SECONDS_MAX, now, to_epoch, to_optional_epoch
from .exceptions import ResourceLimitExceeded, ValidationError
from .store.location import redact, resolve_store_url
from .store.metrics import Point
from .store.properties import EXPERIMENT, TRIAL, TRIAL_COMPONENT
from .store.records import component_summary, name_from_arn
from .store.store import Store

PAGE_SIZE_DEFAULT = 100
PAGE_SIZE_MAX = 1000
_LIST_SORT_KEYS = {"name": "Name", "creationtime": "CreationTime"}
_METRIC_SORT_KEYS = ("Step", "Timestamp")


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _checked_arguments(method: _Method) -> _Method:
    """Raise ValidationError, as boto3 raises ParamValidationError, for a
    missing required argument or an unknown one, instead of a TypeError."""
    signature = inspect.signature(method)
    required = [
        name
        for name, parameter in signature.parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        and parameter.default is inspect.Parameter.empty
    ]
    accepts_more = any(
        parameter.kind is inspect.Parameter.VAR_KEYWORD
        for parameter in signature.parameters.values()
    )
    known = set(signature.parameters) - {"self"}

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if args:
            raise ValidationError.invalid(
                method.__name__, args, "takes keyword arguments only, as boto3 clients do"
            )
        for name in required:
            if kwargs.get(name) is None:
                raise ValidationError.invalid(name, kwargs.get(name), "is required")
        unknown = sorted(set(kwargs) - known)
        if unknown and not accepts_more:
            raise ValidationError.invalid(
                unknown[0], kwargs[unknown[0]], f"is not a parameter of {method.__name__}"
            )
        return method(self, **kwargs)

    return wrapper  # type: ignore[return-value]


class LocalSageMakerClient:
    """boto3-compatible SageMaker Experiments client bound to one store.

    Parameters
    ----------
    store_url : str, optional
        A SQLAlchemy URL or an SQLite file path. Default: the environment
        variable ``JUPYTERLAB_EXPERIMENTS_DB_URL``, else the file
        ``experiments/experiments.db`` under the Jupyter data folder.
    """

    def __init__(self, store_url: str | os.PathLike[str] | None = None) -> None:
        self.store = Store(resolve_store_url(store_url))
        self.store_url = self.store.url
        self.artifact_root: Path = self.store.artifact_root
        self.meta = _ClientMeta()

    def __repr__(self) -> str:
        return f"LocalSageMakerClient({redact(self.store_url)!r})"

    def close(self) -> None:
        """Close the store's connections."""
        self.store.close()

    # -- experiments -------------------------------------------------------

    @_checked_arguments
    def create_experiment(
        self,
        *,
        ExperimentName: str,
        DisplayName: str | None = None,
        Description: str | None = None,
        Tags: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        _limits.check_name("ExperimentName", ExperimentName)
        _check_optional_display_name(DisplayName)
        if Description is not None:
            _limits.check_text("Description", Description, _limits.DESCRIPTION_MAX)
        return self.store.create_experiment(
            ExperimentName, DisplayName, Description, _limits.check_tags(Tags)
        )

    @_checked_arguments
    def describe_experiment(self, *, ExperimentName: str) -> dict[str, Any]:
        return self.store.describe("experiment", ExperimentName)

    @_checked_arguments
    def update_experiment(
        self,
        *,
        ExperimentName: str,
        DisplayName: str | None = None,
        Description: str | None = None,
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if DisplayName is not None:
            values["display_name"] = _limits.check_display_name("DisplayName", DisplayName)
        if Description is not None:
            values["description"] = _limits.check_text(
                "Description", Description, _limits.DESCRIPTION_MAX
            )
        return self.store.update("experiment", ExperimentName, values)

    @_checked_arguments
    def delete_experiment(self, *, ExperimentName: str) -> dict[str, Any]:
        return self.store.delete_experiment(ExperimentName)

    @_checked_arguments
    def list_experiments(
        self,
        *,
        CreatedAfter: Any = None,
        CreatedBefore: Any = None,
        SortBy: str | None = None,
        SortOrder: str | None = None,
        NextToken: str | None = None,
        MaxResults: int | None = None,
    ) -> dict[str, Any]:
        filters = _created_filters(CreatedAfter, CreatedBefore)
        page = self._list_page(EXPERIMENT, filters, SortBy, SortOrder, NextToken, MaxResults)
        summaries = [_rename_source(record, "ExperimentSource") for record in page.pop("Records")]
        return {"ExperimentSummaries": summaries, **page}

    # -- trials ------------------------------------------------------------

    @_checked_arguments
    def create_trial(
        self,
        *,
        TrialName: str,
        ExperimentName: str,
        DisplayName: str | None = None,
        Tags: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        _limits.check_name("TrialName", TrialName)
        _check_optional_display_name(DisplayName)
        return self.store.create_trial(
            TrialName, ExperimentName, DisplayName, _limits.check_tags(Tags)
        )

    @_checked_arguments
    def describe_trial(self, *, TrialName: str) -> dict[str, Any]:
        return self.store.describe("trial", TrialName)

    @_checked_arguments
    def update_trial(self, *, TrialName: str, DisplayName: str | None = None) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if DisplayName is not None:
            values["display_name"] = _limits.check_display_name("DisplayName", DisplayName)
        return self.store.update("trial", TrialName, values)

    @_checked_arguments
    def delete_trial(self, *, TrialName: str) -> dict[str, Any]:
        return self.store.delete_trial(TrialName)

    @_checked_arguments
    def list_trials(
        self,
        *,
        ExperimentName: str | None = None,
        TrialComponentName: str | None = None,
        CreatedAfter: Any = None,
        CreatedBefore: Any = None,
        SortBy: str | None = None,
        SortOrder: str | None = None,
        NextToken: str | None = None,
        MaxResults: int | None = None,
    ) -> dict[str, Any]:
        filters = _created_filters(CreatedAfter, CreatedBefore)
        if ExperimentName is not None:
            self.store.describe("experiment", ExperimentName)
            filters.append(
                {"Name": "ExperimentName", "Operator": "Equals", "Value": ExperimentName}
            )
        if TrialComponentName is not None:
            self.store.describe("trial_component", TrialComponentName)
            filters.append(
                {
                    "Name": "TrialComponentSummaries.TrialComponentName",
                    "Operator": "Equals",
                    "Value": TrialComponentName,
                }
            )
        page = self._list_page(TRIAL, filters, SortBy, SortOrder, NextToken, MaxResults)
        summaries = [_rename_source(record, "TrialSource") for record in page.pop("Records")]
        return {"TrialSummaries": summaries, **page}

    # -- trial components --------------------------------------------------

    @_checked_arguments
    def create_trial_component(
        self,
        *,
        TrialComponentName: str,
        DisplayName: str | None = None,
        Status: dict[str, Any] | None = None,
        StartTime: Any = None,
        EndTime: Any = None,
        Parameters: dict[str, Any] | None = None,
        InputArtifacts: dict[str, Any] | None = None,
        OutputArtifacts: dict[str, Any] | None = None,
        Tags: list[dict[str, str]] | None = None,
        Source: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        _limits.check_name("TrialComponentName", TrialComponentName)
        _check_optional_display_name(DisplayName)
        fields = _component_fields(
            Status=Status,
            StartTime=StartTime,
            EndTime=EndTime,
            Parameters=Parameters,
            InputArtifacts=InputArtifacts,
            OutputArtifacts=OutputArtifacts,
        )
        if Source is not None:
            fields.update(_check_source(Source))
        return self.store.create_trial_component(
            TrialComponentName, DisplayName, fields, _limits.check_tags(Tags)
        )

    @_checked_arguments
    def describe_trial_component(self, *, TrialComponentName: str) -> dict[str, Any]:
        record = self.store.describe("trial_component", TrialComponentName)
        record.pop("Parents", None)
        record.pop("Tags", None)
        return record

    @_checked_arguments
    def update_trial_component(
        self,
        *,
        TrialComponentName: str,
        DisplayName: str | None = None,
        Status: dict[str, Any] | None = None,
        StartTime: Any = None,
        EndTime: Any = None,
        Parameters: dict[str, Any] | None = None,
        ParametersToRemove: list[str] | None = None,
        InputArtifacts: dict[str, Any] | None = None,
        InputArtifactsToRemove: list[str] | None = None,
        OutputArtifacts: dict[str, Any] | None = None,
        OutputArtifactsToRemove: list[str] | None = None,
    ) -> dict[str, Any]:
        fields = _component_fields(
            Status=Status,
            StartTime=StartTime,
            EndTime=EndTime,
            Parameters=Parameters,
            InputArtifacts=InputArtifacts,
            OutputArtifacts=OutputArtifacts,
        )
        if DisplayName is not None:
            fields["display_name"] = _limits.check_display_name("DisplayName", DisplayName)
        for key, value in (
            ("parameters_to_remove", ParametersToRemove),
            ("input_artifacts_to_remove", InputArtifactsToRemove),
            ("output_artifacts_to_remove", OutputArtifactsToRemove),
        ):
            if value is not None:
                fields[key] = _string_list(key, value)
        return self.store.update_trial_component(TrialComponentName, fields)

    @_checked_arguments
    def delete_trial_component(self, *, TrialComponentName: str) -> dict[str, Any]:
        return self.store.delete_trial_component(TrialComponentName)

    @_checked_arguments
    def list_trial_components(
        self,
        *,
        ExperimentName: str | None = None,
        TrialName: str | None = None,
        SourceArn: str | None = None,
        CreatedAfter: Any = None,
        CreatedBefore: Any = None,
        SortBy: str | None = None,
        SortOrder: str | None = None,
        MaxResults: int | None = None,
        NextToken: str | None = None,
    ) -> dict[str, Any]:
        scopes = [
            ("ExperimentName", ExperimentName, "Parents.ExperimentName", "experiment"),
            ("TrialName", TrialName, "Parents.TrialName", "trial"),
            ("SourceArn", SourceArn, "Source.SourceArn", None),
        ]
        given = [scope for scope in scopes if scope[1] is not None]
        if len(given) > 1:
            raise ValidationError.invalid(
                "ExperimentName/TrialName/SourceArn",
                [scope[0] for scope in given],
                "give at most one of them",
            )
        filters = _created_filters(CreatedAfter, CreatedBefore)
        for _, value, path, kind in given:
            if kind is not None:
                self.store.describe(kind, str(value))
            filters.append({"Name": path, "Operator": "Equals", "Value": value})
        page = self._list_page(TRIAL_COMPONENT, filters, SortBy, SortOrder, NextToken, MaxResults)
        summaries = [component_summary(record) for record in page.pop("Records")]
        return {"TrialComponentSummaries": summaries, **page}

    @_checked_arguments
    def associate_trial_component(
        self, *, TrialComponentName: str, TrialName: str
    ) -> dict[str, Any]:
        return self.store.associate(TrialComponentName, TrialName)

    @_checked_arguments
    def disassociate_trial_component(
        self, *, TrialComponentName: str, TrialName: str
    ) -> dict[str, Any]:
        return self.store.disassociate(TrialComponentName, TrialName)

    # -- search ------------------------------------------------------------

    @_checked_arguments
    def search(
        self,
        *,
        Resource: str,
        SearchExpression: dict[str, Any] | None = None,
        SortBy: str | None = None,
        SortOrder: str | None = None,
        NextToken: str | None = None,
        MaxResults: int | None = None,
        IncludeTotalCount: bool = False,
    ) -> dict[str, Any]:
        """Search like SageMaker's Search API, sorted and filtered in SQL.

        Sorting puts numbers first, then strings, then resources where the
        property is missing, in both directions. Ties are broken by name,
        regardless of letter case, in the sort direction. ``IncludeTotalCount=True`` adds
        ``TotalCount``, the number of matches over all pages.
        """
        from .store.properties import resolve_resource

        resource = resolve_resource(Resource)
        page_size = _limits.check_max_results(MaxResults, PAGE_SIZE_MAX) or PAGE_SIZE_DEFAULT
        page = self.store.query_page(
            resource,
            SearchExpression,
            SortBy or "LastModifiedTime",
            _limits.check_sort_order(SortOrder),
            page_size,
            NextToken,
            include_total=IncludeTotalCount,
        )
        results = [{resource.record_key: record} for record in page.pop("Records")]
        return {"Results": results, **page}

    # -- metrics -----------------------------------------------------------

    @_checked_arguments
    def batch_put_metrics(
        self, *, TrialComponentName: str, MetricData: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """Store metric points (any number of them) of one component.

        Each point is ``{"MetricName", "Value", "Timestamp", "Step"}``;
        ``Timestamp`` defaults to now and ``Step`` is optional. Points are all
        checked before any is written.
        """
        if not isinstance(MetricData, (list, tuple)):
            raise ValidationError.invalid("MetricData", MetricData, "must be a list of points")
        points = _check_points(MetricData)
        if points:
            self.store.put_metrics(TrialComponentName, points)
        return {"Errors": []}

    @_checked_arguments
    def get_metric_data(
        self,
        *,
        TrialComponentName: str,
        MetricName: str,
        SortBy: str = "Step",
        MaxPoints: int | None = None,
        XMin: float | None = None,
        XMax: float | None = None,
    ) -> dict[str, Any]:
        """Return the points of one metric of a component (local addition).

        Parameters
        ----------
        TrialComponentName, MetricName : str
        SortBy : {"Step", "Timestamp"}, default "Step"
            ``Step`` orders points by step, with points without a step first,
            and equal steps by timestamp and then by the order they were
            stored in. ``Timestamp`` orders them by time, equal times in step
            order. Every stored point is returned, repeated steps included.
        MaxPoints : int, optional
            If the metric has more points, return at most this many (at least
            2), chosen by buckets over the sort key that keep each bucket's
            first, minimum, maximum and last point, so spikes stay visible.
            Default: all points.
        XMin, XMax : float, optional
            Inclusive bounds on the sort key (a step, or epoch seconds) for a
            zoomed chart: only points in this range count and are reduced to
            ``MaxPoints``. The nearest point outside each end is returned as
            well, so that a line reaches the edges of the range. Points
            without a step lie outside every step range.

        Returns
        -------
        dict
            ``Points`` (``{"Step", "Timestamp", "Value"}`` with epoch seconds),
            ``PointCount`` (the number of stored points, in the range if one
            is given) and ``Downsampled`` (whether any of them was left out).
        """
        if SortBy not in _METRIC_SORT_KEYS:
            raise ValidationError.invalid("SortBy", SortBy, "must be Step or Timestamp")
        if MaxPoints is not None and (
            isinstance(MaxPoints, bool)
            or not isinstance(MaxPoints, int)
            or MaxPoints < MAX_POINTS_MIN
        ):
            raise ValidationError.invalid(
                "MaxPoints", MaxPoints, f"must be an integer of at least {MAX_POINTS_MIN}"
            )
        x_min, x_max = _series_window.checked_range(XMin, XMax)
        window = _series_window.read_window(
            self.store.engine, TrialComponentName, MetricName, SortBy, MaxPoints, x_min, x_max
        )
        return {
            "TrialComponentName": TrialComponentName,
            "MetricName": MetricName,
            "Points": window.series.points(),
            "PointCount": window.count,
            "Downsampled": window.downsampled,
        }

    @_checked_arguments
    def send_heartbeat(self, *, TrialComponentName: str) -> dict[str, Any]:
        """Record that the process tracking an InProgress component is alive (local addition).

        An InProgress component without a heartbeat for a minute is reported as
        Stopped, so a killed process does not leave it InProgress forever.
        """
        self.store.heartbeat(TrialComponentName)
        return {}

    def get_revision(self) -> dict[str, Any]:
        """Return a number that increases on every write by any process (local addition)."""
        return {"Revision": self.store.revision()}

    # -- tags --------------------------------------------------------------

    @_checked_arguments
    def add_tags(self, *, ResourceArn: str, Tags: list[dict[str, str]]) -> dict[str, Any]:
        kind, name = _resource_of_arn(ResourceArn)
        checked = _limits.check_tags(Tags)
        if checked:
            self.store.set_tags(kind, name, checked)
        return {"Tags": Tags}

    @_checked_arguments
    def delete_tags(self, *, ResourceArn: str, TagKeys: list[str]) -> dict[str, Any]:
        kind, name = _resource_of_arn(ResourceArn)
        self.store.remove_tags(kind, name, _string_list("TagKeys", TagKeys))
        return {}

    @_checked_arguments
    def list_tags(self, *, ResourceArn: str, **_ignored: Any) -> dict[str, Any]:
        kind, name = _resource_of_arn(ResourceArn)
        return {"Tags": self.store.get_tags(kind, name)}

    # -- paging helpers ----------------------------------------------------

    def _list_page(
        self,
        resource: Any,
        filters: list[dict[str, Any]],
        sort_by: str | None,
        sort_order: str | None,
        next_token: str | None,
        max_results: int | None,
    ) -> dict[str, Any]:
        if sort_by is None:
            sort_key = "CreationTime"
        elif isinstance(sort_by, str) and sort_by.lower() in _LIST_SORT_KEYS:
            sort_key = _LIST_SORT_KEYS[sort_by.lower()]
        else:
            raise ValidationError.invalid("SortBy", sort_by, "must be Name or CreationTime")
        if sort_key == "Name":
            sort_key = resource.name_property
        page_size = _limits.check_max_results(max_results, PAGE_SIZE_MAX) or PAGE_SIZE_DEFAULT
        expression = {"Filters": filters} if filters else None
        return self.store.query_page(
            resource,
            expression,
            sort_key,
            _limits.check_sort_order(sort_order),
            page_size,
            next_token,
        )


class _ClientMeta:
    """The ``client.meta`` attribute of boto3 clients; some SDK code reads its region."""

    region_name = "local"
    service_model = None


def _check_optional_display_name(value: Any) -> None:
    if value is not None:
        _limits.check_display_name("DisplayName", value)


def _created_filters(after: Any, before: Any) -> list[dict[str, Any]]:
    filters = []
    start = to_optional_epoch(after, "CreatedAfter")
    if start is not None:
        filters.append({"Name": "CreationTime", "Operator": "GreaterThan", "Value": start})
    end = to_optional_epoch(before, "CreatedBefore")
    if end is not None:
        filters.append({"Name": "CreationTime", "Operator": "LessThan", "Value": end})
    return filters


def _rename_source(record: dict[str, Any], key: str) -> dict[str, Any]:
    summary = {name: value for name, value in record.items() if name not in ("Tags", "Source")}
    if "Source" in record:
        summary[key] = record["Source"]
    return summary


def _string_list(field: str, value: Any) -> list[str]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise ValidationError.invalid(field, value, "must be a list of strings")
    return list(value)


def _check_source(source: Any) -> dict[str, Any]:
    if not isinstance(source, dict) or "SourceArn" not in source:
        raise ValidationError.invalid(
            "Source", source, 'must be {"SourceArn": ..., "SourceType": ...}'
        )
    checked = {
        "source_arn": _limits.check_text(
            "Source.SourceArn", source["SourceArn"], _limits.SOURCE_ARN_MAX
        )
    }
    if source.get("SourceType") is not None:
        checked["source_type"] = _limits.check_text(
            "Source.SourceType", source["SourceType"], _limits.SOURCE_TYPE_MAX
        )
    return checked


def _component_fields(**given: Any) -> dict[str, Any]:
    """Check the optional parts of a create or update call."""
    fields: dict[str, Any] = {}
    status = given["Status"]
    if status is not None:
        if not isinstance(status, dict):
            raise ValidationError.invalid("Status", status, 'must be {"PrimaryStatus", "Message"}')
        if status.get("PrimaryStatus") is not None:
            fields["status"] = _limits.check_status(status["PrimaryStatus"])
            # A new status replaces the old one whole, so a failure message
            # does not stay on a component that later completed.
            fields["status_message"] = None
        if "Message" in status:
            message = status["Message"]
            if message is not None:
                _limits.check_text("Status.Message", message, _limits.STATUS_MESSAGE_MAX)
            fields["status_message"] = message
    for key, column in (("StartTime", "start_time"), ("EndTime", "end_time")):
        if given[key] is not None:
            fields[column] = to_epoch(given[key], key)
    if given["Parameters"] is not None:
        fields["parameters"] = _check_parameters(given["Parameters"])
    for key, column, label in (
        ("InputArtifacts", "input_artifacts", "InputArtifacts"),
        ("OutputArtifacts", "output_artifacts", "OutputArtifacts"),
    ):
        if given[key] is not None:
            fields[column] = _check_artifacts(label, given[key])
    return fields


def _check_parameters(value: Any) -> list[tuple[str, float | None, str | None]]:
    if not isinstance(value, dict):
        raise ValidationError.invalid("Parameters", value, "must be a dict of name to value")
    if len(value) > _limits.PARAMETERS_PER_COMPONENT:
        raise ResourceLimitExceeded.invalid(
            "Parameters",
            f"{len(value)} parameters",
            f"at most {_limits.PARAMETERS_PER_COMPONENT} parameters per trial component",
        )
    checked = []
    for name, raw in value.items():
        # Accept boto's {"NumberValue": x} / {"StringValue": s} and plain values.
        if isinstance(raw, dict):
            if raw.get("NumberValue") is not None:
                raw = raw["NumberValue"]
            elif "StringValue" in raw:
                raw = raw["StringValue"]
            else:
                raise ValidationError.invalid(
                    f"Parameters[{name!r}]", raw, 'must be {"NumberValue": x} or {"StringValue": s}'
                )
        checked.append(_limits.check_parameter(name, raw))
    return checked


def _check_artifacts(label: str, value: Any) -> list[tuple[str, str, str | None]]:
    if not isinstance(value, dict):
        raise ValidationError.invalid(
            label, value, 'must be a dict of name to {"Value", "MediaType"}'
        )
    if len(value) > _limits.ARTIFACTS_PER_DIRECTION:
        raise ResourceLimitExceeded.invalid(
            label,
            f"{len(value)} artifacts",
            f"at most {_limits.ARTIFACTS_PER_DIRECTION} per trial component",
        )
    checked = []
    for name, artifact in value.items():
        if not isinstance(artifact, dict) or "Value" not in artifact:
            raise ValidationError.invalid(
                f"{label}[{name!r}]", artifact, 'must be {"Value": ..., "MediaType": ...}'
            )
        media_type = artifact.get("MediaType")
        _limits.check_artifact(label, name, artifact["Value"], media_type)
        checked.append((name, artifact["Value"], media_type))
    return checked


def _check_points(items: list[Any] | tuple[Any, ...]) -> list[Point]:
    """Check every point before any is written.

    Each distinct metric name is checked once, and plain floats and ints take
    a short path: the generic checks cost more than storing the point.
    """
    checked_names: set[str] = set()
    current_time = now()
    points = []
    for index, item in enumerate(items):
        if type(item) is not dict or "MetricName" not in item or "Value" not in item:
            raise ValidationError.invalid(
                f"MetricData[{index}]", item, 'must be {"MetricName", "Value", "Timestamp", "Step"}'
            )
        name = item["MetricName"]
        if name not in checked_names:
            _limits.check_metric_name(name)
            checked_names.add(name)
        value = item["Value"]
        if type(value) is not float:
            value = _limits.check_metric_value(name, value)
        stamp = item.get("Timestamp")
        if stamp is None:
            timestamp = current_time
        elif type(stamp) is float and 0 <= stamp < EPOCH_SECONDS_MAX:
            timestamp = stamp
        else:
            timestamp = to_epoch(stamp, f"MetricData[{index}].Timestamp")
        step = item.get("Step", item.get("IterationNumber"))
        if step is not None and not (type(step) is int and 0 <= step <= _limits.STEP_MAX):
            step = _limits.check_step(name, step)
        points.append(Point(name, value, timestamp, step))
    return points


def _resource_of_arn(value: Any) -> tuple[str, str]:
    parsed = name_from_arn(value) if isinstance(value, str) else None
    if parsed is None:
        raise ValidationError.invalid(
            "ResourceArn", value, "must be the ARN of an experiment, trial or trial component"
        )
    return parsed


_clients: dict[str, LocalSageMakerClient] = {}
_clients_lock = threading.Lock()


def get_client(store_url: str | os.PathLike[str] | None = None) -> LocalSageMakerClient:
    """Return the shared client of a store (by the same rules as the constructor)."""
    url = resolve_store_url(store_url)
    with _clients_lock:
        client = _clients.get(url)
        if client is None:
            client = LocalSageMakerClient(url)
            _clients[url] = client
        return client


def close_clients() -> None:
    """Close every shared client (their connections) and forget them."""
    with _clients_lock:
        for client in _clients.values():
            client.close()
        _clients.clear()


def _forget_clients_after_fork() -> None:
    # A forked child must not reuse the parent's database connections.
    for client in _clients.values():
        client.store.engine.dispose(close=False)
    _clients.clear()


os.register_at_fork(after_in_child=_forget_clients_after_fork)

__all__ = ["LocalSageMakerClient", "close_clients", "get_client"]
