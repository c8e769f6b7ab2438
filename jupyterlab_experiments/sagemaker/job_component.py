"""The trial component that records a training job, as SageMaker records it.

It is named ``<job name>-aws-training-job``, has source type
``SageMakerTrainingJob`` and carries the job's hyperparameters, instance
settings, input channels, model artifact, status and times.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._limits import STATUS_MESSAGE_MAX, check_display_name
from .._time import from_epoch
from ..exceptions import ResourceNotFound, ValidationError
from .channels import Channel
from .job_names import component_name

#: ``Source.SourceType`` of training job components.
SOURCE_TYPE = "SageMakerTrainingJob"

#: Output artifact name of the model archive.
MODEL_ARTIFACT = "SageMaker.ModelArtifact"

_EXPERIMENT_CONFIG_KEYS = ("ExperimentName", "TrialName", "TrialComponentDisplayName", "RunName")


def status_message(status: str, failure_reason: str | None = None, note: str | None = None) -> str:
    """Build the status message SageMaker gives job components, cut to the 1024-character limit.

    ``note`` is appended after SageMaker's fields, e.g. to report captured metric
    values that were not numbers.
    """
    reason = failure_reason if failure_reason else "null"
    message = f"Status: {status}, exit message: null, failure reason: {reason}"
    if note:
        message = f"{message}. {note}"
    if len(message) > STATUS_MESSAGE_MAX:
        message = message[: STATUS_MESSAGE_MAX - 3] + "..."
    return message


def check_experiment_config(experiment_config: Mapping[str, Any] | None) -> dict[str, str]:
    """Check ``fit``'s ``experiment_config`` and return a plain dict.

    Raises
    ------
    ValidationError
        For unknown keys, values that are not strings, or an invalid display name.
    """
    if experiment_config is None:
        return {}
    if not isinstance(experiment_config, Mapping):
        raise ValidationError.invalid(
            "experiment_config", experiment_config, "must be a dict such as {'TrialName': ...}"
        )
    unknown = sorted(set(experiment_config) - set(_EXPERIMENT_CONFIG_KEYS))
    if unknown:
        raise ValidationError.invalid(
            "experiment_config",
            unknown,
            f"unknown keys; allowed keys are {', '.join(_EXPERIMENT_CONFIG_KEYS)}",
        )
    checked = {}
    for key, value in experiment_config.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValidationError.invalid(f"experiment_config[{key!r}]", value, "must be a string")
        checked[key] = value
    if "TrialComponentDisplayName" in checked:
        check_display_name("TrialComponentDisplayName", checked["TrialComponentDisplayName"])
    return checked


def resolve_trial(client: Any, experiment_config: Mapping[str, str], job_name: str) -> str | None:
    """Return the trial the job's component joins, creating one if only an experiment is named.

    With ``TrialName`` the trial must exist, and it must belong to ``ExperimentName``
    when both are given. With only ``ExperimentName`` a trial named like the
    component is created in that experiment.

    Raises
    ------
    ResourceNotFound
        If the named trial or experiment does not exist.
    ValidationError
        If the trial belongs to another experiment.
    """
    trial_name = experiment_config.get("TrialName")
    experiment_name = experiment_config.get("ExperimentName")
    if trial_name:
        trial = client.describe_trial(TrialName=trial_name)
        if experiment_name and trial.get("ExperimentName") != experiment_name:
            raise ValidationError.invalid(
                "experiment_config['TrialName']",
                trial_name,
                f"belongs to experiment {trial.get('ExperimentName')!r}, "
                f"not to {experiment_name!r}",
            )
        return str(trial_name)
    if experiment_name:
        client.describe_experiment(ExperimentName=experiment_name)
        # NOTE: SageMaker creates a trial when only ExperimentName is given; the
        # name it picks is not documented, so the component's name is used.
        trial_name = component_name(job_name)
        client.create_trial(TrialName=trial_name, ExperimentName=experiment_name)
        return trial_name
    return None


def create_job_component(
    client: Any,
    *,
    job_name: str,
    job_arn: str,
    display_name: str | None,
    parameters: Mapping[str, float | str],
    channels: Sequence[Channel],
    start_time: float,
) -> str:
    """Create the job's component with status InProgress and return its name."""
    name = component_name(job_name)
    client.create_trial_component(
        TrialComponentName=name,
        DisplayName=display_name or name,
        Status={"PrimaryStatus": "InProgress", "Message": status_message("InProgress")},
        StartTime=from_epoch(start_time),
        Parameters={key: _parameter_value(value) for key, value in parameters.items()},
        InputArtifacts={channel.name: {"Value": channel.uri} for channel in channels},
        Source={"SourceArn": job_arn, "SourceType": SOURCE_TYPE},
    )
    return name


def finish_job_component(
    client: Any,
    name: str,
    *,
    status: str,
    end_time: float | None,
    failure_reason: str | None = None,
    note: str | None = None,
    model_artifact: str | None = None,
    parameters: Mapping[str, float | str] | None = None,
) -> None:
    """Record the job's end: status, end time, model artifact and extra parameters."""
    message = status_message(status, failure_reason, note)
    update: dict[str, Any] = {
        "TrialComponentName": name,
        "Status": {"PrimaryStatus": status, "Message": message},
    }
    if end_time is not None:
        update["EndTime"] = from_epoch(end_time)
    if model_artifact:
        update["OutputArtifacts"] = {MODEL_ARTIFACT: {"Value": model_artifact}}
    if parameters:
        update["Parameters"] = {key: _parameter_value(value) for key, value in parameters.items()}
    client.update_trial_component(**update)


def component_exists(client: Any, name: str) -> bool:
    """Return True if a trial component with this name exists."""
    try:
        client.describe_trial_component(TrialComponentName=name)
    except ResourceNotFound:
        return False
    return True


def _parameter_value(value: float | str) -> dict[str, float | str]:
    if isinstance(value, str):
        return {"StringValue": value}
    return {"NumberValue": value}


__all__ = [
    "MODEL_ARTIFACT",
    "SOURCE_TYPE",
    "check_experiment_config",
    "component_exists",
    "create_job_component",
    "finish_job_component",
    "resolve_trial",
    "status_message",
]
