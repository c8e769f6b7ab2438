"""Trial: create, membership of components, list, delete rules."""

from __future__ import annotations

from typing import Any

import pytest

from jupyterlab_experiments import (
    ConflictError,
    ResourceAlreadyExists,
    ResourceNotFound,
    ValidationError,
)
from jupyterlab_experiments.api_types import TrialSummary
from jupyterlab_experiments.experiment import Experiment
from jupyterlab_experiments.tracker import Tracker
from jupyterlab_experiments.trial import Trial
from jupyterlab_experiments.trial_component import TrialComponent


@pytest.fixture
def experiment(client: Any) -> Experiment:
    return Experiment.create(experiment_name="exp-a", sagemaker_boto_client=client)


def component_names(trial: Trial) -> list[str]:
    return sorted(summary.trial_component_name for summary in trial.list_trial_components())


def test_create_generates_name(client: Any, experiment: Experiment) -> None:
    trial = Trial.create("exp-a", sagemaker_boto_client=client)
    assert trial.trial_name.startswith("Trial-")
    assert trial.experiment_name == "exp-a"
    assert Trial.load(trial.trial_name, sagemaker_boto_client=client).experiment_name == "exp-a"


def test_create_unknown_experiment_raises(client: Any) -> None:
    with pytest.raises(ResourceNotFound, match="'missing' does not exist"):
        Trial.create("missing", trial_name="t1", sagemaker_boto_client=client)
    assert list(Trial.list(sagemaker_boto_client=client)) == []


def test_create_duplicate_raises(client: Any, experiment: Experiment) -> None:
    Trial.create("exp-a", trial_name="t1", sagemaker_boto_client=client)
    with pytest.raises(ResourceAlreadyExists, match="already exists"):
        Trial.create("exp-a", trial_name="T1", sagemaker_boto_client=client)


def test_create_with_components(client: Any, experiment: Experiment) -> None:
    tracker = Tracker.create(display_name="prep", sagemaker_boto_client=client)
    component = TrialComponent.create("train", sagemaker_boto_client=client)
    TrialComponent.create("evaluate", sagemaker_boto_client=client)
    trial = Trial.create(
        "exp-a",
        trial_name="t1",
        trial_components=[tracker, component, "evaluate"],
        sagemaker_boto_client=client,
    )
    expected = sorted([tracker.trial_component.trial_component_name, "train", "evaluate"])
    assert component_names(trial) == expected


def test_create_with_unknown_component_leaves_nothing(client: Any, experiment: Experiment) -> None:
    TrialComponent.create("train", sagemaker_boto_client=client)
    with pytest.raises(ResourceNotFound, match="'missing' does not exist"):
        Trial.create(
            "exp-a",
            trial_name="t1",
            trial_components=["train", "missing"],
            sagemaker_boto_client=client,
        )
    with pytest.raises(ResourceNotFound, match="'t1' does not exist"):
        Trial.load("t1", sagemaker_boto_client=client)
    train = TrialComponent.load("train", sagemaker_boto_client=client)
    assert list(train.list_trials()) == []


def test_add_accepts_every_component_form(client: Any, experiment: Experiment) -> None:
    trial = Trial.create("exp-a", trial_name="t1", sagemaker_boto_client=client)
    tracker = Tracker.create(sagemaker_boto_client=client)
    component = TrialComponent.create("by-object", sagemaker_boto_client=client)
    TrialComponent.create("by-summary", sagemaker_boto_client=client)
    TrialComponent.create("by-name", sagemaker_boto_client=client)
    summary = next(
        item
        for item in TrialComponent.list(sagemaker_boto_client=client)
        if item.trial_component_name == "by-summary"
    )
    for item in (tracker, component, summary, "by-name"):
        trial.add_trial_component(item)
    assert component_names(trial) == sorted(
        [tracker.trial_component.trial_component_name, "by-object", "by-summary", "by-name"]
    )
    for item in (tracker, component, summary, "by-name"):
        trial.remove_trial_component(item)
    assert component_names(trial) == []
    # Removing from a trial keeps the component.
    assert TrialComponent.load("by-name", sagemaker_boto_client=client).trial_component_name


def test_add_rejects_other_values(client: Any, experiment: Experiment) -> None:
    trial = Trial.create("exp-a", trial_name="t1", sagemaker_boto_client=client)
    with pytest.raises(ValidationError, match="must be a Tracker, TrialComponent"):
        trial.add_trial_component(None)


def test_add_unknown_component_raises(client: Any, experiment: Experiment) -> None:
    trial = Trial.create("exp-a", trial_name="t1", sagemaker_boto_client=client)
    with pytest.raises(ResourceNotFound, match="'missing' does not exist"):
        trial.add_trial_component("missing")


def test_component_shared_by_trials(client: Any, experiment: Experiment) -> None:
    shared = TrialComponent.create("prep", sagemaker_boto_client=client)
    for name in ("t1", "t2"):
        Trial.create("exp-a", trial_name=name, sagemaker_boto_client=client).add_trial_component(
            shared
        )
    trials = sorted(summary.trial_name for summary in shared.list_trials())
    assert trials == ["t1", "t2"]


def test_list_by_experiment_and_component(client: Any, experiment: Experiment) -> None:
    Experiment.create(experiment_name="exp-b", sagemaker_boto_client=client)
    Trial.create("exp-a", trial_name="t1", sagemaker_boto_client=client)
    second = Trial.create("exp-a", trial_name="t2", sagemaker_boto_client=client)
    Trial.create("exp-b", trial_name="t3", sagemaker_boto_client=client)
    TrialComponent.create("train", sagemaker_boto_client=client)
    second.add_trial_component("train")

    in_a = Trial.list(
        experiment_name="exp-a",
        sort_by="Name",
        sort_order="Ascending",
        sagemaker_boto_client=client,
    )
    listed = list(in_a)
    assert [summary.trial_name for summary in listed] == ["t1", "t2"]
    assert all(isinstance(summary, TrialSummary) for summary in listed)
    with_train = Trial.list(trial_component_name="train", sagemaker_boto_client=client)
    assert [summary.trial_name for summary in with_train] == ["t2"]


def test_list_trial_components_of_trial(client: Any, experiment: Experiment) -> None:
    trial = Trial.create("exp-a", trial_name="t1", sagemaker_boto_client=client)
    for index in range(12):
        TrialComponent.create(f"tc-{index:02d}", sagemaker_boto_client=client)
        trial.add_trial_component(f"tc-{index:02d}")
    TrialComponent.create("outside", sagemaker_boto_client=client)
    listed = trial.list_trial_components(sort_by="Name", sort_order="Ascending", max_results=5)
    assert [summary.trial_component_name for summary in listed] == [
        f"tc-{index:02d}" for index in range(12)
    ]


def test_save_updates_display_name(client: Any, experiment: Experiment) -> None:
    trial = Trial.create("exp-a", trial_name="t1", sagemaker_boto_client=client)
    trial.display_name = "First trial"
    trial.save()
    assert Trial.load("t1", sagemaker_boto_client=client).display_name == "First trial"


def test_delete_with_components_raises_conflict(client: Any, experiment: Experiment) -> None:
    trial = Trial.create("exp-a", trial_name="t1", sagemaker_boto_client=client)
    TrialComponent.create("train", sagemaker_boto_client=client)
    trial.add_trial_component("train")
    with pytest.raises(ConflictError, match="train"):
        trial.delete()
    assert component_names(Trial.load("t1", sagemaker_boto_client=client)) == ["train"]


def test_delete_after_removing_components(client: Any, experiment: Experiment) -> None:
    trial = Trial.create("exp-a", trial_name="t1", sagemaker_boto_client=client)
    TrialComponent.create("train", sagemaker_boto_client=client)
    trial.add_trial_component("train")
    trial.remove_trial_component("train")
    trial.delete()
    with pytest.raises(ResourceNotFound, match="'t1' does not exist"):
        Trial.load("t1", sagemaker_boto_client=client)


def test_delete_all_requires_force(client: Any, experiment: Experiment) -> None:
    trial = Trial.create("exp-a", trial_name="t1", sagemaker_boto_client=client)
    with pytest.raises(ValidationError, match='must be "--force"') as caught:
        trial.delete_all(action=None)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)
    assert Trial.load("t1", sagemaker_boto_client=client).trial_name == "t1"


def test_delete_all_deletes_components(client: Any, experiment: Experiment) -> None:
    first = Trial.create("exp-a", trial_name="t1", sagemaker_boto_client=client)
    second = Trial.create("exp-a", trial_name="t2", sagemaker_boto_client=client)
    TrialComponent.create("prep", sagemaker_boto_client=client)
    TrialComponent.create("train", sagemaker_boto_client=client)
    first.add_trial_component("prep")
    first.add_trial_component("train")
    second.add_trial_component("prep")

    first.delete_all(action="--force")

    for name in ("prep", "train"):
        with pytest.raises(ResourceNotFound, match=f"'{name}' does not exist"):
            TrialComponent.load(name, sagemaker_boto_client=client)
    with pytest.raises(ResourceNotFound, match="'t1' does not exist"):
        Trial.load("t1", sagemaker_boto_client=client)
    assert component_names(Trial.load("t2", sagemaker_boto_client=client)) == []
