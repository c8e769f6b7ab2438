"""Deletes that follow the SDK's rules, with and without force.

Without force, a resource that still has others attached is not deleted, and the
409 response names them. With force, the result is that of the SDK's
``delete_all(action="--force")``: every trial component below the resource is
removed from all the trials it belongs to (including trials of other
experiments) and deleted, then the trials, then the resource itself.

All functions run on a worker thread and call the local SageMaker client.

NOTE: a forced delete is a sequence of client calls, not one transaction, as in
the SDK. If a call fails midway, what was deleted before it stays deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..client import LocalSageMakerClient
from ..exceptions import ConflictError, quote_value

# Page size of the list calls that collect the children of a resource.
_PAGE_SIZE = 100
# Names quoted in a conflict message; the response's ``attached`` lists all.
_NAMES_IN_MESSAGE = 5


class AttachedResourcesConflict(ConflictError):
    """A delete without force of a resource that others are still attached to.

    Parameters
    ----------
    message : str
        What is attached and how to delete anyway.
    attached : dict of str to list of str
        The attached resources by kind (``trials`` or ``trial_components``).
    """

    def __init__(self, message: str, attached: dict[str, list[str]]) -> None:
        super().__init__(message, rule="must have nothing attached, or be deleted with force=true")
        self.attached = attached

    def to_dict(self) -> dict[str, Any]:
        """Serialise the error, adding the names of the attached resources."""
        body = super().to_dict()
        body["attached"] = self.attached
        return body


def delete_experiment(client: LocalSageMakerClient, name: str, *, force: bool) -> None:
    """Delete an experiment, and with ``force`` also its trials and their components."""
    experiment_name = client.describe_experiment(ExperimentName=name)["ExperimentName"]
    trial_names = _trials_of_experiment(client, experiment_name)
    if trial_names and not force:
        raise _conflict(
            f"Experiment {quote_value(experiment_name)}",
            "still has",
            "trials",
            trial_names,
            "which also deletes the trials and their trial components",
        )
    for trial_name in trial_names:
        _delete_trial_with_components(client, trial_name)
    client.delete_experiment(ExperimentName=experiment_name)


def delete_trial(client: LocalSageMakerClient, name: str, *, force: bool) -> None:
    """Delete a trial, and with ``force`` also its trial components."""
    trial_name = client.describe_trial(TrialName=name)["TrialName"]
    if not force:
        component_names = _components_of_trial(client, trial_name)
        if component_names:
            raise _conflict(
                f"Trial {quote_value(trial_name)}",
                "still has",
                "trial_components",
                component_names,
                "which also deletes these trial components",
            )
    _delete_trial_with_components(client, trial_name)


def delete_trial_component(client: LocalSageMakerClient, name: str, *, force: bool) -> None:
    """Delete a trial component, and with ``force`` first remove it from its trials."""
    component_name = client.describe_trial_component(TrialComponentName=name)["TrialComponentName"]
    if not force:
        trial_names = _trials_of_component(client, component_name)
        if trial_names:
            raise _conflict(
                f"Trial component {quote_value(component_name)}",
                "still belongs to",
                "trials",
                trial_names,
                "which first removes it from these trials",
            )
    _delete_component_from_everywhere(client, component_name)


def _delete_trial_with_components(client: LocalSageMakerClient, trial_name: str) -> None:
    for component_name in _components_of_trial(client, trial_name):
        _delete_component_from_everywhere(client, component_name)
    client.delete_trial(TrialName=trial_name)


def _delete_component_from_everywhere(client: LocalSageMakerClient, component_name: str) -> None:
    for trial_name in _trials_of_component(client, component_name):
        client.disassociate_trial_component(TrialComponentName=component_name, TrialName=trial_name)
    client.delete_trial_component(TrialComponentName=component_name)


def _trials_of_experiment(client: LocalSageMakerClient, experiment_name: str) -> list[str]:
    pages = _pages(client.list_trials, "TrialSummaries", ExperimentName=experiment_name)
    return [summary["TrialName"] for summary in pages]


def _trials_of_component(client: LocalSageMakerClient, component_name: str) -> list[str]:
    pages = _pages(client.list_trials, "TrialSummaries", TrialComponentName=component_name)
    return [summary["TrialName"] for summary in pages]


def _components_of_trial(client: LocalSageMakerClient, trial_name: str) -> list[str]:
    pages = _pages(client.list_trial_components, "TrialComponentSummaries", TrialName=trial_name)
    return [summary["TrialComponentName"] for summary in pages]


def _pages(
    list_method: Callable[..., dict[str, Any]], key: str, **arguments: Any
) -> Iterator[dict[str, Any]]:
    # Callers collect every page before deleting, so that deleting does not
    # shift the pages still to be read.
    token = None
    while True:
        if token is not None:
            arguments["NextToken"] = token
        response = list_method(MaxResults=_PAGE_SIZE, **arguments)
        yield from response[key]
        token = response.get("NextToken")
        if not token:
            return


def _conflict(
    subject: str, relation: str, kind: str, names: list[str], force_effect: str
) -> AttachedResourcesConflict:
    names = sorted(names)
    label = "trials" if kind == "trials" else "trial components"
    if len(names) == 1:
        label = label[:-1]
    quoted_names = ", ".join(quote_value(name) for name in names[:_NAMES_IN_MESSAGE])
    more = len(names) - _NAMES_IN_MESSAGE
    if more > 0:
        quoted_names += f" and {more} more"
    message = (
        f"{subject} cannot be deleted because it {relation} {len(names)} {label}: {quoted_names}. "
        f"Delete or remove them first, or delete with force=true, {force_effect}."
    )
    return AttachedResourcesConflict(message, {kind: names})
