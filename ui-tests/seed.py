"""Test data for the browser tests, written through the local SageMaker client.

The records follow the MNIST tutorial: one experiment whose trials each have
a "Preprocessing" component made by a tracker and a "Training" component
made by a training job, plus components that belong to no trial.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from jupyterlab_experiments.client import LocalSageMakerClient

ACCOUNT = "000000000000"
REGION = "us-east-1"
EXPERIMENT = "mnist-hand-written-digits-classification"
EXPERIMENT_DESCRIPTION = "Classification of mnist hand-written digits"
UNASSIGNED = "scratch-notebook-run"


@dataclass
class SeededTrial:
    """Names of the records of one seeded trial."""

    trial: str
    preprocessing: str
    training: str
    job: str
    hidden_channels: int


@dataclass
class SeededData:
    """Names of every seeded record."""

    experiment: str = EXPERIMENT
    unassigned: str = UNASSIGNED
    trials: list[SeededTrial] = field(default_factory=list)


def training_job_arn(job_name: str) -> str:
    """Return the ARN SageMaker gives a training job."""
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/{job_name}"


def seed_tutorial(client: LocalSageMakerClient, trial_count: int = 2) -> SeededData:
    """Create the tutorial's experiment with ``trial_count`` trials.

    Each job also gets a complete log file where the server reads job logs.
    """
    data = SeededData()
    client.create_experiment(ExperimentName=EXPERIMENT, Description=EXPERIMENT_DESCRIPTION)
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)

    for index in range(trial_count):
        hidden_channels = [2, 5, 10, 20, 32][index % 5]
        trial = f"cnn-training-job-{hidden_channels}-hidden-channels"
        preprocessing = f"preprocessing-{index + 1}"
        job = f"cnn-training-job-{hidden_channels}"
        training = f"{job}-aws-training-job"
        begin = start + dt.timedelta(hours=index)

        client.create_trial(TrialName=trial, ExperimentName=EXPERIMENT)
        client.create_trial_component(
            TrialComponentName=preprocessing,
            DisplayName="Preprocessing",
            Status={"PrimaryStatus": "Completed"},
            StartTime=begin,
            EndTime=begin + dt.timedelta(seconds=12),
            Parameters={
                "normalization_mean": {"NumberValue": 0.1307},
                "normalization_std": {"NumberValue": 0.3081},
            },
            InputArtifacts={
                "mnist-dataset": {"Value": "s3://local-bucket/DEMO-mnist", "MediaType": "s3/uri"}
            },
        )
        client.associate_trial_component(TrialComponentName=preprocessing, TrialName=trial)

        client.create_trial_component(
            TrialComponentName=training,
            DisplayName="Training",
            Status={
                "PrimaryStatus": "Completed",
                "Message": "Status: Completed, exit message: null, failure reason: null",
            },
            StartTime=begin + dt.timedelta(seconds=20),
            EndTime=begin + dt.timedelta(minutes=3, seconds=42),
            Source={"SourceArn": training_job_arn(job), "SourceType": "SageMakerTrainingJob"},
            Parameters={
                "hidden_channels": {"NumberValue": float(hidden_channels)},
                "epochs": {"NumberValue": 2.0},
                "optimizer": {"StringValue": '"sgd"'},
                "SageMaker.InstanceType": {"StringValue": "ml.c4.xlarge"},
                "SageMaker.InstanceCount": {"NumberValue": 1.0},
            },
            InputArtifacts={"training": {"Value": "s3://local-bucket/DEMO-mnist"}},
            OutputArtifacts={
                "SageMaker.ModelArtifact": {"Value": f"s3://local-bucket/{job}/output/model.tar.gz"}
            },
        )
        client.associate_trial_component(TrialComponentName=training, TrialName=trial)
        client.batch_put_metrics(
            TrialComponentName=training,
            MetricData=[
                {
                    "MetricName": name,
                    "Value": value,
                    "Timestamp": begin + dt.timedelta(minutes=step + 1),
                    "Step": step,
                }
                for step in range(2)
                for name, value in (
                    ("train:loss", 1.2 / (step + 1) / (index + 1)),
                    ("test:loss", 0.9 / (step + 1) / (index + 1)),
                    ("test:accuracy", 80.0 + 5 * step + index),
                )
            ],
        )
        write_job_log(
            client.artifact_root,
            job,
            f"Training job {job} started\nTrain Epoch: 1 Loss: 0.9\nTest set: Average loss: 0.45\n",
        )
        data.trials.append(SeededTrial(trial, preprocessing, training, job, hidden_channels))

    client.create_trial_component(
        TrialComponentName=UNASSIGNED,
        DisplayName="Scratch run",
        Status={"PrimaryStatus": "InProgress"},
        Parameters={"learning_rate": {"NumberValue": 0.01}},
    )
    return data


def write_job_log(artifact_root: Path, job_name: str, text: str) -> Path:
    """Write the log of a job where the server reads it."""
    path = Path(artifact_root) / "jobs" / job_name / "output.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
