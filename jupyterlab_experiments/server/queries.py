"""Read operations of the REST API: client calls plus serialization.

Every function runs on a worker thread and returns the JSON-ready body of one
response. Lists use the client's ``search``, which provides text search, sorting
by any property path, page tokens and the total count for every resource.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._series_window import read_window
from ..client import LocalSageMakerClient
from ..store.metrics import SeriesVersion, read_series_version
from . import search, serializers, series_cache
from .params import PageQuery


def get_revision(client: LocalSageMakerClient) -> dict[str, Any]:
    """Return the store's revision, which increases on every write by any process."""
    return {"revision": client.get_revision()["Revision"]}


def get_experiment(client: LocalSageMakerClient, name: str) -> dict[str, Any]:
    """Return one experiment."""
    record = client.describe_experiment(ExperimentName=name)
    return serializers.experiment(record, record["TrialCount"])


def list_experiments(client: LocalSageMakerClient, page: PageQuery) -> dict[str, Any]:
    """Return one page of experiments."""
    expression = search.all_of([], [search.text_search("ExperimentName", page.search)])
    response = _search(client, "Experiment", expression, page)
    experiments = [
        serializers.experiment(result["Experiment"], result["Experiment"]["TrialCount"])
        for result in response["Results"]
    ]
    return _envelope("experiments", experiments, response)


def list_trials(
    client: LocalSageMakerClient, experiment_name: str, page: PageQuery
) -> dict[str, Any]:
    """Return one page of the trials of an experiment.

    Raises ResourceNotFound if the experiment does not exist, so that a view of a
    deleted experiment shows an error instead of an empty list.
    """
    experiment = client.describe_experiment(ExperimentName=experiment_name)
    expression = search.all_of(
        [search.equals("ExperimentName", experiment["ExperimentName"])],
        [search.text_search("TrialName", page.search)],
    )
    response = _search(client, "ExperimentTrial", expression, page)
    trials = [
        serializers.trial(result["Trial"], result["Trial"]["TrialComponentCount"])
        for result in response["Results"]
    ]
    return _envelope("trials", trials, response)


def get_trial(client: LocalSageMakerClient, name: str) -> dict[str, Any]:
    """Return one trial."""
    record = client.describe_trial(TrialName=name)
    return serializers.trial(record, record["TrialComponentCount"])


def get_trial_component(client: LocalSageMakerClient, name: str) -> dict[str, Any]:
    """Return one trial component, with the trials it belongs to and its tags."""
    record = client.describe_trial_component(TrialComponentName=name)
    # Only search records carry Parents and Tags.
    response = client.search(
        Resource="ExperimentTrialComponent",
        SearchExpression={
            "Filters": [search.equals("TrialComponentName", record["TrialComponentName"])]
        },
        MaxResults=1,
    )
    if response["Results"]:
        record = response["Results"][0]["TrialComponent"]
    return serializers.trial_component(record)


# Without max_points, a series of up to FULL_SERIES_MAX points is sent whole,
# so that a chart zoomed in on it shows every point, and a longer one is
# reduced to DEFAULT_MAX_POINTS, about the pixel width of a wide chart.
FULL_SERIES_MAX = 10_000
DEFAULT_MAX_POINTS = 2_000


def get_metric_series_text(
    client: LocalSageMakerClient,
    name: str,
    metric_name: str,
    max_points: int | None,
    sort_by: str,
    encode: Callable[[Any], str],
    *,
    x_range: tuple[float | None, float | None] = (None, None),
    log_x: bool = False,
) -> str:
    """Return the points of one metric of a trial component, downsampled if long, as text.

    The body is encoded by ``encode``, the handler's JSON encoder, and kept in
    the client's ``SeriesCache``. While the metric has no new points, a
    request reads only its summary row and receives the same text.

    Parameters
    ----------
    max_points : int or None
        Largest number of points to return. None applies the default: every
        point up to ``FULL_SERIES_MAX`` points, else ``DEFAULT_MAX_POINTS``.
    sort_by : {"Step", "Timestamp"}
        The order of the points, which is also the axis that downsampling
        buckets over.
    encode : callable
        Turns the body into the response text.
    x_range : (float or None, float or None)
        Inclusive bounds of a zoomed range on the x axis, in steps or epoch
        seconds; see ``LocalSageMakerClient.get_metric_data``.
    log_x : bool, default False
        Whether the chart's x axis is logarithmic; see ``select`` in
        ``_series_window``.

    Raises
    ------
    ResourceNotFound
        If the trial component or its metric does not exist.
    """
    version = read_series_version(client.store.engine, name, metric_name)
    if max_points is None:
        max_points = _default_max_points(version)
    # Component names are case-insensitive, metric names are not.
    key = (name.lower(), metric_name, sort_by, max_points, x_range, log_x)

    def build() -> str:
        window = read_window(
            client.store.engine, name, metric_name, sort_by, max_points, *x_range, log_x
        )
        return serializers.metric_series_text(metric_name, window, encode)

    return series_cache.cache_of(client).get_or_build(key, version, build)


def _default_max_points(version: SeriesVersion) -> int | None:
    # The summary's count gives the length of the series without reading it.
    return DEFAULT_MAX_POINTS if version.count > FULL_SERIES_MAX else None


def _search(
    client: LocalSageMakerClient,
    resource: str,
    expression: dict[str, Any] | None,
    page: PageQuery,
) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "Resource": resource,
        "MaxResults": page.max_results,
        "IncludeTotalCount": True,
    }
    if expression is not None:
        arguments["SearchExpression"] = expression
    if page.sort_by is not None:
        arguments["SortBy"] = page.sort_by
    if page.sort_order is not None:
        arguments["SortOrder"] = page.sort_order
    if page.next_token is not None:
        arguments["NextToken"] = page.next_token
    return client.search(**arguments)


def _envelope(key: str, items: list[dict[str, Any]], response: dict[str, Any]) -> dict[str, Any]:
    return {
        key: items,
        "next_token": response.get("NextToken") or None,
        "total_count": response["TotalCount"],
    }
