"""Experiments, trials and trial components: create, read, update, delete."""

from __future__ import annotations

import pytest

from jupyterlab_experiments.exceptions import (
    ConflictError,
    ResourceAlreadyExists,
    ResourceNotFound,
    ValidationError,
)


def test_experiment_round_trip(client):
    client.create_experiment(
        ExperimentName="exp-1",
        Description="About digits",
        Tags=[{"Key": "team", "Value": "vision"}],
    )

    record = client.describe_experiment(ExperimentName="EXP-1")

    assert record["ExperimentName"] == "exp-1"
    assert record["DisplayName"] == "exp-1"
    assert record["Description"] == "About digits"
    assert record["ExperimentArn"].endswith(":experiment/exp-1")
    assert record["Tags"] == [{"Key": "team", "Value": "vision"}]
    assert record["TrialCount"] == 0
    assert record["CreationTime"].tzinfo is not None


def test_names_unique_regardless_of_case(client):
    client.create_experiment(ExperimentName="Exp-A")
    client.create_trial(TrialName="trial-a", ExperimentName="exp-a")
    client.create_trial_component(TrialComponentName="tc-a")

    with pytest.raises(ResourceAlreadyExists, match="'exp-a' already exists \\(as 'Exp-A'\\)"):
        client.create_experiment(ExperimentName="exp-a")
    with pytest.raises(ResourceAlreadyExists, match="Trial 'TRIAL-A' already exists"):
        client.create_trial(TrialName="TRIAL-A", ExperimentName="Exp-A")
    with pytest.raises(ResourceAlreadyExists, match="TrialComponent 'tc-a' already exists"):
        client.create_trial_component(TrialComponentName="tc-a")


def test_already_exists_error_code_and_status(client):
    client.create_experiment(ExperimentName="dup")
    with pytest.raises(ResourceAlreadyExists) as caught:
        client.create_experiment(ExperimentName="dup")
    assert caught.value.http_status == 409
    assert caught.value.response["Error"]["Code"] == "ResourceAlreadyExists"
    assert caught.value.field == "ExperimentName"


def test_recreate_after_delete(client):
    client.create_experiment(ExperimentName="exp-a")
    client.delete_experiment(ExperimentName="exp-a")

    client.create_experiment(ExperimentName="exp-a", Description="second")

    assert client.describe_experiment(ExperimentName="exp-a")["Description"] == "second"


@pytest.mark.parametrize(
    "name",
    ["", "-lead", "trail-", "under_score", "dot.ted", "spa ce", "ü", "a" * 121, 12],
)
def test_invalid_names_rejected(client, name):
    with pytest.raises(ValidationError, match="Invalid ExperimentName") as caught:
        client.create_experiment(ExperimentName=name)
    assert caught.value.rule.startswith("must be 1 to 120 characters")
    assert client.list_experiments()["ExperimentSummaries"] == []


def test_name_at_limit_accepted(client):
    name = "a" + "-b" * 59 + "c"
    assert len(name) == 120

    client.create_experiment(ExperimentName=name)

    assert client.describe_experiment(ExperimentName=name)["ExperimentName"] == name


def test_unknown_names_not_found(client):
    with pytest.raises(ResourceNotFound, match="Experiment 'nope' does not exist"):
        client.describe_experiment(ExperimentName="nope")
    with pytest.raises(ResourceNotFound, match="Experiment 'nope' does not exist"):
        client.create_trial(TrialName="t", ExperimentName="nope")
    with pytest.raises(ResourceNotFound, match="TrialComponent 'nope' does not exist"):
        client.update_trial_component(TrialComponentName="nope", DisplayName="x")


def test_component_shared_by_trials(client):
    client.create_experiment(ExperimentName="e1")
    client.create_experiment(ExperimentName="e2")
    client.create_trial(TrialName="t1", ExperimentName="e1")
    client.create_trial(TrialName="t2", ExperimentName="e2")
    client.create_trial_component(TrialComponentName="prep")
    client.associate_trial_component(TrialComponentName="prep", TrialName="t2")
    client.associate_trial_component(TrialComponentName="prep", TrialName="t1")
    client.associate_trial_component(TrialComponentName="prep", TrialName="t1")

    result = client.search(
        Resource="ExperimentTrialComponent",
        SearchExpression={"Filters": [{"Name": "TrialComponentName", "Value": "prep"}]},
    )

    parents = result["Results"][0]["TrialComponent"]["Parents"]
    assert parents == [
        {"TrialName": "t1", "ExperimentName": "e1"},
        {"TrialName": "t2", "ExperimentName": "e2"},
    ]
    assert client.describe_trial(TrialName="t1")["TrialComponentCount"] == 1


def test_delete_rules_name_what_is_attached(client):
    client.create_experiment(ExperimentName="e1")
    client.create_trial(TrialName="t1", ExperimentName="e1")
    client.create_trial_component(TrialComponentName="tc-1")
    client.associate_trial_component(TrialComponentName="tc-1", TrialName="t1")

    with pytest.raises(ConflictError, match="still has 1 trial\\(s\\).*'t1'"):
        client.delete_experiment(ExperimentName="e1")
    with pytest.raises(ConflictError, match="still has 1 trial component\\(s\\).*'tc-1'"):
        client.delete_trial(TrialName="t1")
    with pytest.raises(ConflictError, match="is linked to 1 or more trials.*'t1'"):
        client.delete_trial_component(TrialComponentName="tc-1")

    client.disassociate_trial_component(TrialComponentName="tc-1", TrialName="t1")
    client.delete_trial_component(TrialComponentName="tc-1")
    client.delete_trial(TrialName="t1")
    client.delete_experiment(ExperimentName="e1")
    assert client.list_experiments()["ExperimentSummaries"] == []


def test_disassociate_unlinked_not_found(client):
    client.create_experiment(ExperimentName="e1")
    client.create_trial(TrialName="t1", ExperimentName="e1")
    client.create_trial_component(TrialComponentName="tc-1")

    with pytest.raises(ResourceNotFound, match="'tc-1' is not associated with trial 't1'"):
        client.disassociate_trial_component(TrialComponentName="tc-1", TrialName="t1")


def test_delete_component_removes_metrics(client):
    client.create_trial_component(TrialComponentName="tc-1")
    client.batch_put_metrics(
        TrialComponentName="tc-1", MetricData=[{"MetricName": "loss", "Value": 1.0}]
    )

    client.delete_trial_component(TrialComponentName="tc-1")
    client.create_trial_component(TrialComponentName="tc-1")

    assert client.describe_trial_component(TrialComponentName="tc-1")["Metrics"] == []


def test_update_merges_parameters_and_artifacts(client):
    client.create_trial_component(
        TrialComponentName="tc-1",
        Parameters={"lr": {"NumberValue": 0.1}, "opt": {"StringValue": "sgd"}},
        InputArtifacts={"data": {"Value": "s3://bucket/a", "MediaType": "s3/uri"}},
    )

    client.update_trial_component(
        TrialComponentName="tc-1",
        Status={"PrimaryStatus": "Completed", "Message": "done"},
        Parameters={"lr": 0.2, "epochs": 3},
        ParametersToRemove=["opt"],
        OutputArtifacts={"model": {"Value": "file:///m.tar.gz"}},
    )
    record = client.describe_trial_component(TrialComponentName="tc-1")

    assert record["Parameters"] == {"epochs": {"NumberValue": 3.0}, "lr": {"NumberValue": 0.2}}
    assert record["InputArtifacts"] == {"data": {"Value": "s3://bucket/a", "MediaType": "s3/uri"}}
    assert record["OutputArtifacts"] == {"model": {"Value": "file:///m.tar.gz"}}
    assert record["Status"] == {"PrimaryStatus": "Completed", "Message": "done"}


def test_failed_update_writes_nothing(client):
    client.create_trial_component(TrialComponentName="tc-1", Parameters={"a": 1})

    with pytest.raises(ValidationError, match="Status.PrimaryStatus"):
        client.update_trial_component(
            TrialComponentName="tc-1",
            Parameters={"b": 2},
            Status={"PrimaryStatus": "Finished"},
        )
    too_many = {f"p{index}": index for index in range(300)}
    with pytest.raises(ValidationError, match="at most 300 parameters"):
        client.update_trial_component(TrialComponentName="tc-1", Parameters=too_many)

    assert client.describe_trial_component(TrialComponentName="tc-1")["Parameters"] == {
        "a": {"NumberValue": 1.0}
    }


def test_display_names_allow_any_text(client):
    display = "job:2024-01-01T10:00/part#1?x"
    client.create_trial_component(TrialComponentName="c", DisplayName=display)

    assert client.describe_trial_component(TrialComponentName="c")["DisplayName"] == display


def test_tags_by_arn(client):
    arn = client.create_trial_component(TrialComponentName="tc-1")["TrialComponentArn"]

    client.add_tags(ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    client.delete_tags(ResourceArn=arn, TagKeys=["a"])

    assert client.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]
    with pytest.raises(ValidationError, match="Invalid ResourceArn"):
        client.list_tags(ResourceArn="arn:aws:s3:::bucket")


def test_revision_increases_on_writes_only(client):
    before = client.get_revision()["Revision"]
    client.create_experiment(ExperimentName="e1")
    after_write = client.get_revision()["Revision"]
    client.list_experiments()
    with pytest.raises(ResourceAlreadyExists, match="already exists"):
        client.create_experiment(ExperimentName="e1")

    assert after_write > before
    assert client.get_revision()["Revision"] == after_write
