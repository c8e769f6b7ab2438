"""Helpers for SDK tests: stand-ins for what a local training job records."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

TRAINING_SUFFIX = "-aws-training-job"


def job_parameters(hyperparameters: dict[str, Any]) -> dict[str, Any]:
    """Encode hyperparameters as a training job's component stores them.

    Numbers become NumberValue; everything else is the JSON text the estimator
    passes on, quotes included (``"sgd"`` is stored as ``'"sgd"'``).
    """
    parameters: dict[str, Any] = {}
    for name, value in hyperparameters.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            parameters[name] = {"NumberValue": float(value)}
        else:
            parameters[name] = {"StringValue": json.dumps(value)}
    return parameters


def create_training_component(
    client: Any,
    job_name: str,
    trial_name: str,
    hyperparameters: dict[str, Any],
    metrics: dict[str, Sequence[float]],
    channel_uri: str,
) -> str:
    """Create the component a training job would create, with its metric points.

    Returns the component name ``<job_name>-aws-training-job``.
    """
    name = f"{job_name}{TRAINING_SUFFIX}"
    arn = f"arn:aws:sagemaker:local:000000000000:training-job/{job_name}"
    start = dt.datetime.now(dt.timezone.utc)
    client.create_trial_component(
        TrialComponentName=name,
        DisplayName="Training",
        Status={"PrimaryStatus": "Completed"},
        StartTime=start,
        EndTime=start,
        Parameters=job_parameters(hyperparameters),
        InputArtifacts={"training": {"Value": channel_uri}},
        OutputArtifacts={
            "SageMaker.ModelArtifact": {"Value": f"s3://bucket/{job_name}/output/model.tar.gz"}
        },
        Source={"SourceArn": arn, "SourceType": "SageMakerTrainingJob"},
    )
    client.associate_trial_component(TrialComponentName=name, TrialName=trial_name)
    points = [
        {
            "MetricName": metric,
            "Value": value,
            "Timestamp": start.timestamp() + index,
            "Step": index,
        }
        for metric, values in metrics.items()
        for index, value in enumerate(values)
    ]
    client.batch_put_metrics(TrialComponentName=name, MetricData=points)
    return name
