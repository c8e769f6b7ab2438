"""ExperimentAnalytics: trial components as a pandas DataFrame, one row each.

Compatible with ``sagemaker.analytics.ExperimentAnalytics`` (SDK v2 column
layout). Differences, on purpose:

* every matching component is returned, while SageMaker stops at 10,000;
* the caller's ``search_expression`` dict is never modified;
* with an ``Or`` expression, the experiment filter is still required of
  every row instead of becoming one more alternative;
* ``sort_by`` is applied by the store, which orders numbers, then strings,
  then missing values, in both directions, so a parameter that mixes numbers
  and strings sorts without error and numbers sort numerically;
* a column whose cells are all numbers or missing has a float dtype, and a
  column with no value in any row is all NaN (float), so ``nlargest`` and
  arithmetic work.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from ._clients import resolve_client
from .exceptions import ValidationError
from .search_expression import search_expression_to_boto

_METRIC_STATISTICS = ("Min", "Max", "Avg", "StdDev", "Last", "Count")
# SageMaker's Search API returns at most 100 records per page; the local
# client takes up to 1,000, which makes large tables several times faster.
_PAGE_SIZE = 100
_LOCAL_PAGE_SIZE = 1000


class ExperimentAnalytics:
    """Trial components of an experiment or a search, as a DataFrame.

    Parameters
    ----------
    experiment_name : str, optional
        Only components of trials in this experiment.
    search_expression : SearchExpression or dict, optional
        Filter in the ``Search`` API shape. At least one of ``experiment_name``
        and ``search_expression`` is required.
    sort_by : str, optional
        Property path such as ``CreationTime``, ``Parameters.lr`` or
        ``metrics.test:accuracy.max`` (case-insensitive).
    sort_order : {"Ascending", "Descending"}, optional
    metric_names, parameter_names : list of str, optional
        Only these metrics or parameters become columns.
    sagemaker_session : object, optional
        Object with a ``sagemaker_client`` attribute. Without it the default
        store is used.
    input_artifact_names, output_artifact_names : list of str, optional
        Only these artifacts become columns.

    Raises
    ------
    ValidationError
        A ``ValueError`` raised if neither ``experiment_name`` nor
        ``search_expression`` is given.

    Notes
    -----
    Each row lists ``TrialComponentName``, ``DisplayName`` and, for job
    components, ``SourceArn``. One column per parameter follows, sorted by
    name. Each metric, sorted by name, gives ``<metric> - Min``, ``- Max``,
    ``- Avg``, ``- StdDev``, ``- Last`` and ``- Count``. Each input artifact
    and then each output artifact, sorted by name, gives
    ``<artifact> - MediaType`` and ``- Value``. ``Trials`` is the sorted list
    of the component's trials and ``Experiments`` the experiment of each of
    those trials. Columns appear in the order in which they first occur
    across rows, and cells a row lacks are NaN.
    """

    def __init__(
        self,
        experiment_name: str | None = None,
        search_expression: Any = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        metric_names: Iterable[str] | None = None,
        parameter_names: Iterable[str] | None = None,
        sagemaker_session: Any = None,
        input_artifact_names: Iterable[str] | None = None,
        output_artifact_names: Iterable[str] | None = None,
    ) -> None:
        if not experiment_name and not search_expression:
            raise ValidationError(
                "Either experiment_name or search_expression must be supplied.",
                field="experiment_name",
                value=None,
                rule="experiment_name or search_expression is required",
            )
        self._experiment_name = experiment_name
        self._search_expression = search_expression
        self._sort_by = sort_by
        self._sort_order = sort_order
        self._metric_names = _name_set(metric_names, "metric_names")
        self._parameter_names = _name_set(parameter_names, "parameter_names")
        self._input_artifact_names = _name_set(input_artifact_names, "input_artifact_names")
        self._output_artifact_names = _name_set(output_artifact_names, "output_artifact_names")
        self._client = resolve_client(None, sagemaker_session)
        self._dataframe: pd.DataFrame | None = None

    @property
    def name(self) -> str | None:
        """Name of the experiment, if one was given."""
        return self._experiment_name

    def __repr__(self) -> str:
        return f"<jupyterlab_experiments.ExperimentAnalytics for {self.name}>"

    def dataframe(self, force_refresh: bool = False) -> pd.DataFrame:
        """Return the table, fetching it on the first call or on request.

        Parameters
        ----------
        force_refresh : bool, default False
            Fetch again instead of returning the cached table.

        Returns
        -------
        pandas.DataFrame
        """
        if force_refresh:
            self.clear_cache()
        if self._dataframe is None:
            self._dataframe = self._fetch_dataframe()
        return self._dataframe

    def export_csv(self, filename: str) -> None:
        """Write the table to a CSV file."""
        self.dataframe().to_csv(filename)

    def clear_cache(self) -> None:
        """Forget the cached table, so the next ``dataframe()`` fetches again."""
        self._dataframe = None

    # TODO: a table of 10,000 components takes about 0.6 s, most of it spent building
    # a SageMaker-shaped record per component and flattening it again. A store query
    # that returns the flat columns directly would meet the 0.3 s target.
    def _fetch_dataframe(self) -> pd.DataFrame:
        # Building a row takes a dozen small dicts and lists, none of them in a
        # reference cycle. The cyclic garbage collector would walk them again
        # and again as they pile up (about a third of the time for 10,000
        # rows), so it pauses while the rows are built.
        collecting = gc.isenabled()
        gc.disable()
        try:
            rows = [self._row(component) for component in self._search()]
        finally:
            if collecting:
                gc.enable()
        return _with_numeric_dtypes(pd.DataFrame(rows))

    def _search_request(self) -> dict[str, Any]:
        from .client import LocalSageMakerClient

        page_size = (
            _LOCAL_PAGE_SIZE if isinstance(self._client, LocalSageMakerClient) else _PAGE_SIZE
        )
        request: dict[str, Any] = {"Resource": "ExperimentTrialComponent", "MaxResults": page_size}
        expression = (
            search_expression_to_boto(self._search_expression) if self._search_expression else {}
        )
        if self._experiment_name:
            expression = _require_experiment(expression, self._experiment_name)
        if expression:
            request["SearchExpression"] = expression
        if self._sort_by is not None:
            request["SortBy"] = self._sort_by
        if self._sort_order is not None:
            request["SortOrder"] = self._sort_order
        return request

    def _search(self) -> Iterator[dict[str, Any]]:
        request = self._search_request()
        while True:
            response = self._client.search(**request)
            for result in response.get("Results", []):
                component = result.get("TrialComponent")
                if component is not None:
                    yield component
            next_token = response.get("NextToken")
            if not next_token:
                return
            request["NextToken"] = next_token

    def _row(self, component: dict[str, Any]) -> dict[str, Any]:
        row: dict[str, Any] = {
            "TrialComponentName": component.get("TrialComponentName") or "",
            "DisplayName": component.get("DisplayName") or "",
        }
        source = component.get("Source") or {}
        if source.get("SourceArn"):
            row["SourceArn"] = source["SourceArn"]
        row.update(_parameter_cells(component.get("Parameters") or {}, self._parameter_names))
        row.update(_metric_cells(component.get("Metrics") or [], self._metric_names))
        row.update(
            _artifact_cells(component.get("InputArtifacts") or {}, self._input_artifact_names)
        )
        row.update(
            _artifact_cells(component.get("OutputArtifacts") or {}, self._output_artifact_names)
        )
        parents = sorted(
            component.get("Parents") or [],
            key=lambda parent: (parent.get("TrialName") or "", parent.get("ExperimentName") or ""),
        )
        row["Trials"] = [parent.get("TrialName") for parent in parents]
        row["Experiments"] = [parent.get("ExperimentName") for parent in parents]
        return row


def _name_set(names: Iterable[str] | None, field: str) -> set[str] | None:
    if names is None:
        return None
    if isinstance(names, str):
        return {names}
    if not isinstance(names, Iterable) or not all(isinstance(name, str) for name in names):
        raise ValidationError.invalid(field, names, "must be a list of names")
    return set(names)


def _require_experiment(expression: dict[str, Any], experiment_name: str) -> dict[str, Any]:
    """Return ``expression`` with a filter on ``Parents.ExperimentName`` that every row meets."""
    experiment_filter = {
        "Name": "Parents.ExperimentName",
        "Operator": "Equals",
        "Value": experiment_name,
    }
    if str(expression.get("Operator", "And")).lower() == "or":
        # Appending to an Or expression would make the experiment optional.
        return {"Filters": [experiment_filter], "SubExpressions": [expression], "Operator": "And"}
    expression.setdefault("Filters", []).append(experiment_filter)
    return expression


def _parameter_cells(parameters: dict[str, Any], selected: set[str] | None) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    for name in sorted(parameters):
        if selected is not None and name not in selected:
            continue
        value = parameters[name] or {}
        cells[name] = value["NumberValue"] if "NumberValue" in value else value.get("StringValue")
    return cells


def _metric_cells(metrics: list[dict[str, Any]], selected: set[str] | None) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    for summary in sorted(metrics, key=lambda item: str(item.get("MetricName"))):
        name = summary.get("MetricName")
        if selected is not None and name not in selected:
            continue
        for statistic in _METRIC_STATISTICS:
            if summary.get(statistic) is not None:
                cells[f"{name} - {statistic}"] = summary[statistic]
    return cells


def _artifact_cells(artifacts: dict[str, Any], selected: set[str] | None) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    for name in sorted(artifacts):
        if selected is not None and name not in selected:
            continue
        artifact = artifacts[name] or {}
        cells[f"{name} - MediaType"] = artifact.get("MediaType")
        cells[f"{name} - Value"] = artifact.get("Value")
    return cells


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )


def _with_numeric_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    """Give object columns of only numbers and missing cells a float dtype.

    Strings such as ``"256"`` are left alone: only real numbers are converted.
    """
    for column in frame.columns:
        series = frame[column]
        if series.dtype != object:
            continue
        present = [value for value in series if not _is_missing(value)]
        if all(_is_number(value) for value in present):
            frame[column] = pd.to_numeric(series.where(series.notna(), np.nan)).astype(float)
    return frame
