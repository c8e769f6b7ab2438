"""Values at and past each documented limit, counted in characters on both stores."""

from __future__ import annotations

import pytest

from jupyterlab_experiments import _limits
from jupyterlab_experiments.exceptions import ValidationError
from jupyterlab_experiments.tracker import Tracker
from jupyterlab_experiments.trial_component import TrialComponent

EMOJI = "😀"  # four bytes in UTF-8


@pytest.mark.parametrize("character", ["a", EMOJI])
def test_parameter_value_at_limit_round_trips(client, character):
    value = character * _limits.PARAMETER_STRING_MAX
    client.create_trial_component(TrialComponentName="tc", Parameters={"note": value})

    stored = client.describe_trial_component(TrialComponentName="tc")["Parameters"]["note"]

    assert stored == {"StringValue": value}


@pytest.mark.parametrize("character", ["a", EMOJI])
def test_parameter_value_past_limit_rejected(client, character):
    client.create_trial_component(TrialComponentName="tc", Parameters={"kept": "x"})
    value = character * (_limits.PARAMETER_STRING_MAX + 1)

    with pytest.raises(ValidationError, match="must be 0 to 2500 characters long \\(got 2501\\)"):
        client.update_trial_component(TrialComponentName="tc", Parameters={"note": value})

    parameters = client.describe_trial_component(TrialComponentName="tc")["Parameters"]
    assert parameters == {"kept": {"StringValue": "x"}}


@pytest.mark.parametrize(
    ("field", "limit", "call"),
    [
        (
            "Description",
            _limits.DESCRIPTION_MAX,
            lambda client, text: client.create_experiment(ExperimentName="e", Description=text),
        ),
        (
            "DisplayName",
            _limits.DISPLAY_NAME_MAX,
            lambda client, text: client.create_experiment(ExperimentName="e", DisplayName=text),
        ),
        (
            "Value",
            _limits.ARTIFACT_VALUE_MAX,
            lambda client, text: client.create_trial_component(
                TrialComponentName="tc", InputArtifacts={"data": {"Value": text}}
            ),
        ),
        (
            "Value",
            _limits.TAG_VALUE_MAX,
            lambda client, text: client.create_experiment(
                ExperimentName="e", Tags=[{"Key": "k", "Value": text}]
            ),
        ),
        (
            "Parameters key",
            _limits.PARAMETER_NAME_MAX,
            lambda client, text: client.create_trial_component(
                TrialComponentName="tc", Parameters={text: 1}
            ),
        ),
    ],
)
def test_text_limits_in_characters(client, field, limit, call):
    with pytest.raises(ValidationError, match=f"{field}.*must be .*{limit} characters"):
        call(client, EMOJI * (limit + 1))

    call(client, EMOJI * limit)


def test_generated_names_fit_and_list_twice(client):
    names = set()
    for _ in range(3):
        tracker = Tracker.create(base_trial_component_name="x" * 150, sagemaker_boto_client=client)
        names.add(tracker.trial_component.trial_component_name)

    first = [
        item.trial_component_name for item in TrialComponent.list(sagemaker_boto_client=client)
    ]
    second = [
        item.trial_component_name for item in TrialComponent.list(sagemaker_boto_client=client)
    ]

    assert all(len(name) <= _limits.NAME_MAX for name in names)
    assert sorted(first) == sorted(names)
    assert first == second
    for name in first:
        assert TrialComponent.load(name, sagemaker_boto_client=client).trial_component_name == name
