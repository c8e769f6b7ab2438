"""Read operations of the REST API: client calls plus serialization.

Every function runs on a worker thread and returns the JSON-ready body of one
response. Lists use the client's ``search``, which provides text search, sorting
by any property path, page tokens and the total count for every resource.
"""

from __future__ import annotations

from typing import Any

from ..client import LocalSageMakerClient
from . import search, serializers
from .params import ComponentScope, PageQuery


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


def list_trial_components(
    client: LocalSageMakerClient,
    scope: ComponentScope,
    filter_expression: dict[str, Any] | None,
    page: PageQuery,
) -> dict[str, Any]:
    """Return one page of trial components.

    Raises ResourceNotFound if the experiment or trial of the scope does not exist.
    """
    filters = []
    experiment_name = None
    if scope.experiment_name is not None:
        experiment = client.describe_experiment(ExperimentName=scope.experiment_name)
        experiment_name = experiment["ExperimentName"]
        filters.append(search.equals("Parents.ExperimentName", experiment_name))
    if scope.trial_name is not None:
        trial = client.describe_trial(TrialName=scope.trial_name)
        if experiment_name is not None and trial["ExperimentName"] != experiment_name:
            # A trial of another experiment is outside the scope. The two filters
            # alone would still match a component that belongs to a trial of each.
            return {"trial_components": [], "next_token": None, "total_count": 0}
        filters.append(search.equals("Parents.TrialName", trial["TrialName"]))
    if scope.unassigned:
        filters.append(search.not_exists("Parents.TrialName"))
    expression = search.all_of(
        filters, [filter_expression, search.text_search("TrialComponentName", page.search)]
    )
    response = _search(client, "ExperimentTrialComponent", expression, page)
    components = [
        serializers.trial_component(result["TrialComponent"]) for result in response["Results"]
    ]
    return _envelope("trial_components", components, response)


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


def get_metric_series(client: LocalSageMakerClient, name: str, metric_name: str) -> dict[str, Any]:
    """Return every point of one metric of a trial component, in step order."""
    response = client.get_metric_data(TrialComponentName=name, MetricName=metric_name)
    return serializers.metric_series(response)


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
