"""Experiment: create, load, list, search, save, delete rules."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import pytest

from jupyterlab_experiments import (
    ConflictError,
    ResourceAlreadyExists,
    ResourceNotFound,
    SearchExpression,
    ValidationError,
)
from jupyterlab_experiments.api_types import ExperimentSearchResult, ExperimentSummary
from jupyterlab_experiments.client import get_client
from jupyterlab_experiments.experiment import Experiment
from jupyterlab_experiments.search_expression import Filter, Operator
from jupyterlab_experiments.trial import Trial
from jupyterlab_experiments.trial_component import TrialComponent


def test_create_sets_attributes(client: Any) -> None:
    experiment = Experiment.create(
        experiment_name="exp-a",
        description="first",
        tags=[{"Key": "team", "Value": "vision"}],
        sagemaker_boto_client=client,
    )
    assert experiment.experiment_name == "exp-a"
    assert experiment.description == "first"
    assert experiment.tags == [{"Key": "team", "Value": "vision"}]
    assert experiment.experiment_arn.endswith(":experiment/exp-a")
    assert experiment.sagemaker_boto_client is client


def test_load_returns_stored_fields(client: Any) -> None:
    Experiment.create(
        experiment_name="exp-a", description="first", display_name="A", sagemaker_boto_client=client
    )
    loaded = Experiment.load("exp-a", sagemaker_boto_client=client)
    assert loaded.experiment_name == "exp-a"
    assert loaded.description == "first"
    assert loaded.display_name == "A"
    assert loaded.creation_time.tzinfo is not None


def test_load_unknown_raises_not_found(client: Any) -> None:
    with pytest.raises(ResourceNotFound, match="'missing' does not exist"):
        Experiment.load("missing", sagemaker_boto_client=client)


def test_create_duplicate_any_case_raises(client: Any) -> None:
    Experiment.create(experiment_name="exp-a", sagemaker_boto_client=client)
    with pytest.raises(ResourceAlreadyExists, match="already exists"):
        Experiment.create(experiment_name="EXP-A", sagemaker_boto_client=client)


@pytest.mark.parametrize(
    "name", ["has space", "under_score", "-leading", "trailing-", "", "x" * 121, "ünï"]
)
def test_create_invalid_name_raises(client: Any, name: str) -> None:
    with pytest.raises(ValidationError, match="Invalid ExperimentName") as caught:
        Experiment.create(experiment_name=name, sagemaker_boto_client=client)
    assert caught.value.field == "ExperimentName"
    assert caught.value.value == name
    assert list(Experiment.list(sagemaker_boto_client=client)) == []


def test_create_without_name_raises(client: Any) -> None:
    with pytest.raises(ValidationError, match="Invalid ExperimentName"):
        Experiment.create(sagemaker_boto_client=client)


def test_recreate_after_delete(client: Any) -> None:
    Experiment.create(experiment_name="exp-a", sagemaker_boto_client=client).delete()
    again = Experiment.create(experiment_name="exp-a", sagemaker_boto_client=client)
    assert again.experiment_name == "exp-a"


def test_save_updates_description(client: Any) -> None:
    experiment = Experiment.create(experiment_name="exp-a", sagemaker_boto_client=client)
    experiment.description = "updated"
    experiment.display_name = "Experiment A"
    experiment.save()
    loaded = Experiment.load("exp-a", sagemaker_boto_client=client)
    assert loaded.description == "updated"
    assert loaded.display_name == "Experiment A"


def test_list_sorted_by_name(client: Any) -> None:
    for name in ("exp-b", "exp-c", "exp-a"):
        Experiment.create(experiment_name=name, sagemaker_boto_client=client)
    listed = list(
        Experiment.list(sort_by="Name", sort_order="Ascending", sagemaker_boto_client=client)
    )
    assert [summary.experiment_name for summary in listed] == ["exp-a", "exp-b", "exp-c"]
    assert all(isinstance(summary, ExperimentSummary) for summary in listed)


def test_list_follows_all_pages(client: Any) -> None:
    for index in range(105):
        client.create_experiment(ExperimentName=f"exp-{index:03d}")
    names = [summary.experiment_name for summary in Experiment.list(sagemaker_boto_client=client)]
    assert len(names) == 105
    assert len(set(names)) == 105


def test_list_created_after_naive_datetime(client: Any, local_timezone: None) -> None:
    Experiment.create(experiment_name="exp-a", sagemaker_boto_client=client)
    Experiment.create(experiment_name="exp-b", sagemaker_boto_client=client)
    first = Experiment.load("exp-a", sagemaker_boto_client=client).creation_time
    second = Experiment.load("exp-b", sagemaker_boto_client=client).creation_time
    between = first + (second - first) / 2
    # A naive datetime is local time (here UTC+05:30), like a logged timestamp.
    naive_local = between.astimezone().replace(tzinfo=None)
    assert naive_local.hour != between.hour or naive_local.minute != between.minute
    listed = Experiment.list(created_after=naive_local, sagemaker_boto_client=client)
    assert [summary.experiment_name for summary in listed] == ["exp-b"]


def test_list_created_after_milliseconds_raises(client: Any) -> None:
    with pytest.raises(ValidationError, match="looks like milliseconds"):
        list(Experiment.list(created_after=1704067200000, sagemaker_boto_client=client))


def test_search_accepts_expression_and_dict(client: Any) -> None:
    Experiment.create(experiment_name="exp-a", sagemaker_boto_client=client)
    Experiment.create(experiment_name="exp-b", sagemaker_boto_client=client)
    expression = SearchExpression(filters=[Filter("ExperimentName", Operator.EQUALS, "exp-b")])
    found = list(Experiment.search(expression, sagemaker_boto_client=client))
    assert [result.experiment_name for result in found] == ["exp-b"]
    assert isinstance(found[0], ExperimentSearchResult)
    as_dict = {"Filters": [{"Name": "ExperimentName", "Operator": "Equals", "Value": "exp-a"}]}
    found = list(Experiment.search(as_dict, sagemaker_boto_client=client))
    assert [result.experiment_name for result in found] == ["exp-a"]


def test_search_pages_with_max_results(client: Any) -> None:
    for index in range(7):
        client.create_experiment(ExperimentName=f"exp-{index}")
    found = list(Experiment.search(max_results=3, sagemaker_boto_client=client))
    assert len(found) == 7


def test_delete_with_trials_raises_conflict(client: Any) -> None:
    experiment = Experiment.create(experiment_name="exp-a", sagemaker_boto_client=client)
    experiment.create_trial(trial_name="trial-a")
    with pytest.raises(ConflictError, match="trial-a"):
        experiment.delete()
    assert Experiment.load("exp-a", sagemaker_boto_client=client).experiment_name == "exp-a"


def test_create_trial_generates_name(client: Any) -> None:
    experiment = Experiment.create(experiment_name="exp-a", sagemaker_boto_client=client)
    trial = experiment.create_trial()
    assert trial.trial_name.startswith("SageMakerTrial-")
    assert trial.experiment_name == "exp-a"
    prefixed = experiment.create_trial(trial_name_prefix="cnn")
    assert prefixed.trial_name.startswith("cnn-")
    names = sorted(summary.trial_name for summary in experiment.list_trials())
    assert names == sorted([trial.trial_name, prefixed.trial_name])


def test_delete_all_requires_force(client: Any) -> None:
    experiment = Experiment.create(experiment_name="exp-a", sagemaker_boto_client=client)
    with pytest.raises(ValueError, match='must be "--force"'):
        experiment.delete_all(action="force")
    assert Experiment.load("exp-a", sagemaker_boto_client=client).experiment_name == "exp-a"


def test_delete_all_removes_everything(client: Any) -> None:
    experiment = Experiment.create(experiment_name="exp-a", sagemaker_boto_client=client)
    other = Experiment.create(experiment_name="exp-b", sagemaker_boto_client=client)
    shared = TrialComponent.create("prep", sagemaker_boto_client=client)
    own = TrialComponent.create("train-1", sagemaker_boto_client=client)
    first = experiment.create_trial(trial_name="t1")
    second = experiment.create_trial(trial_name="t2")
    elsewhere = other.create_trial(trial_name="t3")
    for trial in (first, second, elsewhere):
        trial.add_trial_component(shared)
    first.add_trial_component(own)

    experiment.delete_all(action="--force")

    with pytest.raises(ResourceNotFound, match="exp-a"):
        Experiment.load("exp-a", sagemaker_boto_client=client)
    for name in ("t1", "t2"):
        with pytest.raises(ResourceNotFound, match=name):
            Trial.load(name, sagemaker_boto_client=client)
    for name in ("prep", "train-1"):
        with pytest.raises(ResourceNotFound, match=name):
            TrialComponent.load(name, sagemaker_boto_client=client)
    # The other experiment's trial stays; it lost the shared component.
    assert list(Trial.load("t3", sagemaker_boto_client=client).list_trial_components()) == []


def test_load_or_create_returns_existing(client: Any) -> None:
    created = Experiment.load_or_create("exp-a", description="first", sagemaker_boto_client=client)
    loaded = Experiment.load_or_create("exp-a", description="ignored", sagemaker_boto_client=client)
    assert created.experiment_arn == loaded.experiment_arn
    assert loaded.description == "first"


def test_load_or_create_concurrent(client: Any) -> None:
    barrier = threading.Barrier(4)
    results: list[Any] = []
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            results.append(Experiment.load_or_create("exp-b", sagemaker_boto_client=client))
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {experiment.experiment_arn for experiment in results} == {
        Experiment.load("exp-b", sagemaker_boto_client=client).experiment_arn
    }
    assert len(list(Experiment.list(sagemaker_boto_client=client))) == 1


def test_session_selects_client(client: Any) -> None:
    session = SimpleNamespace(sagemaker_client=client)
    Experiment.create(experiment_name="exp-a", sagemaker_session=session)
    assert Experiment.load("exp-a", sagemaker_boto_client=client).experiment_name == "exp-a"


def test_session_without_client_raises(client: Any) -> None:
    with pytest.raises(ValidationError, match="must have a sagemaker_client"):
        Experiment.create(experiment_name="exp-a", sagemaker_session=object())


def test_default_client_from_environment(client: Any, store_url: str) -> None:
    # Without a client the store comes from JUPYTERLAB_EXPERIMENTS_DB_URL.
    experiment = Experiment.create(experiment_name="exp-a")
    assert experiment.sagemaker_boto_client is get_client(store_url)
    assert Experiment.load("exp-a", sagemaker_boto_client=client).experiment_name == "exp-a"
