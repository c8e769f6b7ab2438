"""Local training jobs end to end, on both stores: a real script runs in a subprocess."""

from __future__ import annotations

import math
import os
import signal
import tarfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from jupyterlab_experiments.exceptions import (
    ResourceAlreadyExists,
    ResourceNotFound,
    ValidationError,
)
from jupyterlab_experiments.sagemaker import s3
from jupyterlab_experiments.sagemaker.estimator import Estimator
from jupyterlab_experiments.sagemaker.session import Session
from jupyterlab_experiments.sagemaker.training_job import TrainingJob, UnexpectedStatusException
from tests.jobs.helpers import (
    LOSS_DEFINITION,
    make_estimator,
    metric_values,
    report_of,
    wait_for,
)

HYPERPARAMETERS = {
    "optimizer": "adam",
    "learning_rate": 0.1,
    "batch-size": 32,
    "x": True,
    "nested": {"a": 1, "b": "x"},
}


@pytest.fixture
def training_uri(client: Any, tmp_path: Path) -> str:
    """A ``training`` channel uploaded to the local S3 folder."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.csv").write_text("1,2\n")
    (data / "labels.csv").write_text("0\n")
    return s3.upload(client.artifact_root, data, "data-bucket", "inputs/train")


@pytest.fixture
def trial(client: Any) -> str:
    client.create_experiment(ExperimentName="jobs-experiment")
    client.create_trial(TrialName="jobs-trial", ExperimentName="jobs-experiment")
    return "jobs-trial"


def test_job_receives_arguments_environment_and_channels(
    client: Any, training_uri: str, trial: str, tmp_path: Path
) -> None:
    test_folder = tmp_path / "test-data"
    test_folder.mkdir()
    estimator = make_estimator(
        client,
        "report_environment.py",
        hyperparameters=HYPERPARAMETERS,
        instance_type="ml.m5.large",
        metric_definitions=[
            LOSS_DEFINITION,
            {"Name": "train:accuracy", "Regex": r"acc=(\S+)"},
        ],
    )
    estimator.fit(
        inputs={"training": training_uri, "test": test_folder.as_uri()},
        job_name="report-job",
        experiment_config={"TrialName": trial, "TrialComponentDisplayName": "Training"},
        logs=False,
    )
    job = estimator.latest_training_job
    assert job is not None
    assert job.status == "Completed"
    report = report_of(job.logs())
    environment = report["environment"]

    assert report["argv"] == [
        "--batch-size", "32",
        "--learning_rate", "0.1",
        "--nested", "a=1,b=x",
        "--optimizer", "adam",
        "-x", "True",
    ]  # fmt: skip
    assert report["channel_files"] == ["labels.csv", "train.csv"]
    assert environment["SM_CHANNELS"] == '["test","training"]'
    assert environment["SM_CHANNEL_TEST"] == str(test_folder)
    assert Path(environment["SM_CHANNEL_TRAINING"]) == s3.resolve_uri(
        client.artifact_root, training_uri
    )
    assert environment["SM_HP_OPTIMIZER"] == "adam"
    assert environment["SM_HP_LEARNING_RATE"] == "0.1"
    assert environment["SM_HOSTS"] == '["algo-1"]'
    assert environment["SM_CURRENT_HOST"] == "algo-1"
    assert environment["SM_NUM_GPUS"] == "0"
    assert environment["SM_USER_ENTRY_POINT"] == "report_environment.py"
    assert environment["JUPYTERLAB_EXPERIMENTS_TRIAL_COMPONENT"] == "report-job-aws-training-job"
    assert environment["TRAINING_JOB_NAME"] == "report-job"
    assert report["training_env_hosts"] == ["algo-1"]
    assert report["boto3_account"] == "000000000000"
    assert Path(report["cwd"]) == job.folder.code_dir

    component = client.describe_trial_component(TrialComponentName="report-job-aws-training-job")
    assert component["DisplayName"] == "Training"
    assert component["Status"]["PrimaryStatus"] == "Completed"
    assert component["Source"]["SourceType"] == "SageMakerTrainingJob"
    assert component["Source"]["SourceArn"].endswith(":training-job/report-job")
    assert component["StartTime"] <= component["EndTime"]
    parameters = component["Parameters"]
    assert parameters["optimizer"] == {"StringValue": '"adam"'}
    assert parameters["learning_rate"] == {"NumberValue": 0.1}
    assert parameters["batch-size"] == {"NumberValue": 32.0}
    assert parameters["SageMaker.InstanceType"] == {"StringValue": "ml.m5.large"}
    assert parameters["SageMaker.InstanceCount"] == {"NumberValue": 1.0}
    assert parameters["logged_by_script"] == {"StringValue": "yes"}
    assert component["InputArtifacts"]["training"]["Value"] == training_uri
    assert component["InputArtifacts"]["test"]["Value"] == test_folder.as_uri()

    model_uri = component["OutputArtifacts"]["SageMaker.ModelArtifact"]["Value"]
    assert model_uri == estimator.model_data
    with tarfile.open(job.folder.model_archive) as archive:
        assert archive.getnames() == ["weights.txt"]
    assert job.folder.output_archive.is_file()

    loss = client.get_metric_data(
        TrialComponentName="report-job-aws-training-job", MetricName="train:loss"
    )["Points"]
    assert [(point["Step"], point["Value"]) for point in loss] == [(0, 0.5), (1, 0.25)]
    # Each point carries the time its line was read; the script sleeps 0.3 s between them.
    assert loss[1]["Timestamp"] - loss[0]["Timestamp"] >= 0.25
    assert metric_values(client, "report-job-aws-training-job", "train:accuracy") == [
        (0, 0.25),
        (1, 0.5),
    ]
    script_points = metric_values(client, "report-job-aws-training-job", "script:metric")
    assert [value for _, value in script_points] == [3.5]

    trials = client.list_trials(TrialComponentName="report-job-aws-training-job")
    assert [summary["TrialName"] for summary in trials["TrialSummaries"]] == [trial]
    description = job.describe()
    assert description["TrainingJobStatus"] == "Completed"
    assert description["ExitCode"] == 0
    assert description["MetricCounts"] == {"train:loss": 2, "train:accuracy": 2}


def test_job_log_streamed_and_kept(client: Any, capsys: pytest.CaptureFixture[str]) -> None:
    estimator = make_estimator(client, "fail.py", metric_definitions=[LOSS_DEFINITION])
    with pytest.raises(UnexpectedStatusException, match="ExitCode 1"):
        estimator.fit(job_name="streamed-job")
    printed = capsys.readouterr().out
    job = estimator.latest_training_job
    assert job is not None
    assert "loss=0.75" in printed
    assert "RuntimeError: the data folder is empty" in printed
    assert job.folder.log_file == client.artifact_root / "jobs" / "streamed-job" / "output.log"
    assert "loss=0.75" in job.folder.log_file.read_text()


def test_failing_script_marks_component_failed(client: Any) -> None:
    estimator = make_estimator(client, "fail.py", metric_definitions=[LOSS_DEFINITION])
    with pytest.raises(UnexpectedStatusException, match="the data folder is empty"):
        estimator.fit(job_name="failing-job", logs=False)
    component = client.describe_trial_component(TrialComponentName="failing-job-aws-training-job")
    status = component["Status"]
    assert status["PrimaryStatus"] == "Failed"
    assert "AlgorithmError: ExitCode 1" in status["Message"]
    assert "RuntimeError: the data folder is empty" in status["Message"]
    assert component["EndTime"] is not None
    assert "SageMaker.ModelArtifact" not in component["OutputArtifacts"]
    assert metric_values(client, "failing-job-aws-training-job", "train:loss") == [(0, 0.75)]
    assert estimator.latest_training_job is not None
    assert estimator.latest_training_job.describe()["ExitCode"] == 1


def test_killed_script_keeps_metrics(client: Any) -> None:
    estimator = make_estimator(client, "kill_self.py", metric_definitions=[LOSS_DEFINITION])
    with pytest.raises(UnexpectedStatusException, match="killed by SIGKILL"):
        estimator.fit(job_name="killed-job", logs=False)
    component = client.describe_trial_component(TrialComponentName="killed-job-aws-training-job")
    assert component["Status"]["PrimaryStatus"] == "Failed"
    values = metric_values(client, "killed-job-aws-training-job", "train:loss")
    assert values == [(step, 1.0 / (step + 1)) for step in range(5)]


def test_killed_runner_marks_job_failed(client: Any) -> None:
    estimator = make_estimator(client, "sleep_forever.py", metric_definitions=[LOSS_DEFINITION])
    estimator.fit(job_name="lost-runner-job", wait=False)
    job = estimator.latest_training_job
    assert job is not None
    # The metric reaches the store while the job runs: points are sent every half second.
    wait_for(lambda: metric_values(client, "lost-runner-job-aws-training-job", "train:loss"))
    script_pid = int(wait_for(lambda: job.folder.read_state().get("ProcessPid")))
    runner_pid = job.folder.read_state()["RunnerPid"]

    os.kill(runner_pid, signal.SIGKILL)
    with pytest.raises(UnexpectedStatusException, match="runner ended unexpectedly"):
        job.wait(logs=False)
    component = client.describe_trial_component(
        TrialComponentName="lost-runner-job-aws-training-job"
    )
    assert component["Status"]["PrimaryStatus"] == "Failed"
    assert "killed by SIGKILL" in component["Status"]["Message"]
    assert metric_values(client, "lost-runner-job-aws-training-job", "train:loss") == [(0, 0.5)]
    # The script dies with its runner instead of running on unobserved.
    wait_for(lambda: not Path(f"/proc/{script_pid}").exists() or _is_zombie(script_pid))


def _is_zombie(pid: int) -> bool:
    try:
        return " Z " in Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True


def test_wait_false_then_stop(client: Any) -> None:
    estimator = make_estimator(client, "sleep_forever.py", metric_definitions=[LOSS_DEFINITION])
    started = time.monotonic()
    estimator.fit(job_name="stopped-job", wait=False)
    assert time.monotonic() - started < 10
    job = estimator.latest_training_job
    assert job is not None
    assert job.status == "InProgress"
    wait_for(lambda: "loss=0.5" in job.logs())

    job.stop()
    description = job.wait(logs=False)
    assert description["TrainingJobStatus"] == "Stopped"
    component = client.describe_trial_component(TrialComponentName="stopped-job-aws-training-job")
    assert component["Status"]["PrimaryStatus"] == "Stopped"
    assert "Stopped by request" in component["Status"]["Message"]
    assert component["EndTime"] is not None
    assert "SageMaker.ModelArtifact" in component["OutputArtifacts"]
    assert metric_values(client, "stopped-job-aws-training-job", "train:loss") == [(0, 0.5)]


def test_attach_by_name_and_stop(client: Any) -> None:
    estimator = make_estimator(client, "sleep_forever.py")
    estimator.fit(job_name="attached-job", wait=False)
    attached = TrainingJob.attach("attached-job", client)
    wait_for(lambda: "pid=" in attached.logs())
    attached.stop()
    assert attached.wait(logs=False)["TrainingJobStatus"] == "Stopped"
    with pytest.raises(ResourceNotFound, match="no-such-job"):
        TrainingJob.attach("no-such-job", client)


def test_interrupted_wait_stops_job(client: Any) -> None:
    estimator = make_estimator(client, "sleep_forever.py")
    estimator.fit(job_name="interrupted-job", wait=False)
    job = estimator.latest_training_job
    assert job is not None
    wait_for(lambda: "pid=" in job.logs())
    # What "Interrupt kernel" does: SIGINT to the kernel's main thread while it waits.
    timer = threading.Timer(0.5, os.kill, args=(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            job.wait(logs=False)
    finally:
        timer.cancel()
    assert job.status == "Stopped"
    component = client.describe_trial_component(
        TrialComponentName="interrupted-job-aws-training-job"
    )
    assert component["Status"]["PrimaryStatus"] == "Stopped"


def test_max_run_stops_job(client: Any) -> None:
    estimator = make_estimator(client, "sleep_forever.py", max_run=1)
    estimator.fit(job_name="timed-out-job", logs=False)
    component = client.describe_trial_component(TrialComponentName="timed-out-job-aws-training-job")
    assert component["Status"]["PrimaryStatus"] == "Stopped"
    assert "MaxRuntimeExceeded" in component["Status"]["Message"]


def test_capture_edge_cases_job(client: Any) -> None:
    definitions = [
        {"Name": "train:loss", "Regex": r"loss=([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?|nan|inf)"},
        {"Name": "validation:accuracy", "Regex": r"val_acc=(\S+)"},
    ]
    with pytest.raises(ValidationError, match=r"metric definition 'bad'.*missing \)"):
        make_estimator(
            client,
            "capture_edge_cases.py",
            metric_definitions=[*definitions, {"Name": "bad", "Regex": "acc=(("}],
        )
    estimator = make_estimator(client, "capture_edge_cases.py", metric_definitions=definitions)
    estimator.fit(job_name="capture-job", logs=False)

    name = "capture-job-aws-training-job"
    loss = metric_values(client, name, "train:loss")
    assert [step for step, _ in loss] == [0, 1, 2, 3]
    assert [loss[0][1], loss[1][1], loss[3][1]] == [1.5e-05, -0.3, 2.0]
    assert math.isnan(loss[2][1])
    assert metric_values(client, name, "validation:accuracy") == [(0, 0.93)]

    component = client.describe_trial_component(TrialComponentName=name)
    assert component["Status"]["PrimaryStatus"] == "Completed"
    assert component["Parameters"]["MetricCapture.validation:accuracy.NonNumericCount"] == {
        "NumberValue": 2.0
    }
    message = component["Status"]["Message"]
    assert "'validation:accuracy': 2 captured value(s) were not numbers" in message
    assert "'0.94;'" in message
    assert "'dog'" in message
    job = estimator.latest_training_job
    assert job is not None
    assert "2 captured value(s) were not numbers" in job.logs()
    assert job.describe()["NonNumericCaptures"]["validation:accuracy"]["Count"] == 2


def test_experiment_config_variants(client: Any, trial: str) -> None:
    estimator = make_estimator(client, "capture_edge_cases.py")

    estimator.fit(job_name="unassigned-job", logs=False)
    component = client.describe_trial_component(
        TrialComponentName="unassigned-job-aws-training-job"
    )
    assert component["DisplayName"] == "unassigned-job-aws-training-job"
    assert (
        client.list_trials(TrialComponentName="unassigned-job-aws-training-job")["TrialSummaries"]
        == []
    )

    estimator.fit(
        job_name="experiment-job",
        logs=False,
        experiment_config={"ExperimentName": "jobs-experiment"},
    )
    created = client.describe_trial(TrialName="experiment-job-aws-training-job")
    assert created["ExperimentName"] == "jobs-experiment"

    client.create_experiment(ExperimentName="other-experiment")
    with pytest.raises(ValidationError, match="belongs to experiment 'jobs-experiment'"):
        estimator.fit(
            job_name="mismatched-job",
            experiment_config={"TrialName": trial, "ExperimentName": "other-experiment"},
        )
    with pytest.raises(ResourceNotFound, match="no-such-trial"):
        estimator.fit(
            job_name="missing-trial-job", experiment_config={"TrialName": "no-such-trial"}
        )
    with pytest.raises(ValidationError, match="unknown keys"):
        estimator.fit(job_name="typo-job", experiment_config={"TrailName": trial})
    for rejected in ("mismatched-job", "missing-trial-job", "typo-job"):
        assert not (client.artifact_root / "jobs" / rejected).exists()


def test_rejected_before_anything_is_created(client: Any) -> None:
    estimator = make_estimator(client, "capture_edge_cases.py")
    with pytest.raises(ValidationError, match="no local data"):
        estimator.fit(inputs="s3://missing-bucket/data", job_name="no-data-job")
    with pytest.raises(ValidationError, match="job_name"):
        estimator.fit(job_name="bad_name")
    with pytest.raises(ValidationError, match="file not found"):
        make_estimator(client, "no_such_script.py").fit(job_name="no-script-job")
    assert not (client.artifact_root / "jobs").exists()

    estimator.fit(job_name="once-job", logs=False)
    with pytest.raises(ResourceAlreadyExists, match="TrainingJob .once-job. already exists"):
        estimator.fit(job_name="once-job")


def test_default_job_name_and_v1_arguments(client: Any) -> None:
    estimator = make_estimator(
        client,
        "capture_edge_cases.py",
        base_job_name="my-base",
        train_instance_count=1,
        train_instance_type="ml.c4.xlarge",
    )
    estimator.fit(logs=False)
    job = estimator.latest_training_job
    assert job is not None
    assert job.name.startswith("my-base-")
    assert len(job.name) == len("my-base-2024-01-01-00-00-00-000")
    component = client.describe_trial_component(TrialComponentName=job.trial_component_name)
    assert component["Parameters"]["SageMaker.InstanceType"] == {"StringValue": "ml.c4.xlarge"}
    with pytest.raises(ValidationError, match="conflicts with train_instance_count"):
        make_estimator(client, "fail.py", instance_count=2, train_instance_count=1)
    with pytest.raises(TypeError, match="hyperparameter"):
        make_estimator(client, "fail.py", hyperparameter={"a": 1})


def test_output_path_receives_model(client: Any) -> None:
    estimator = make_estimator(
        client, "report_environment.py", output_path="s3://models-bucket/output"
    )
    folder = client.artifact_root / "inputs"
    folder.mkdir(parents=True)
    estimator.fit(inputs=str(folder), job_name="output-path-job", logs=False)
    expected = "s3://models-bucket/output/output-path-job/output/model.tar.gz"
    assert estimator.model_data == expected
    assert s3.resolve_uri(client.artifact_root, expected).is_file()


def test_source_dir_is_copied(client: Any, tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "package").mkdir(parents=True)
    (source / "package" / "helper.py").write_text("MESSAGE = 'helper imported'\n")
    (source / "train.py").write_text(
        "from package.helper import MESSAGE\nprint(MESSAGE)\nprint('loss=0.125')\n"
    )
    estimator = Estimator(
        entry_point="train.py",
        source_dir=str(source),
        sagemaker_session=Session(sagemaker_client=client),
        metric_definitions=[LOSS_DEFINITION],
    )
    estimator.fit(job_name="source-dir-job", logs=False)
    job = estimator.latest_training_job
    assert job is not None
    assert "helper imported" in job.logs()
    assert (job.folder.code_dir / "package" / "helper.py").is_file()
    assert metric_values(client, "source-dir-job-aws-training-job", "train:loss") == [(0, 0.125)]


def test_stop_after_output_closed(client: Any) -> None:
    estimator = make_estimator(client, "closed_output.py", metric_definitions=[LOSS_DEFINITION])
    estimator.fit(job_name="closed-output-job", wait=False)
    job = estimator.latest_training_job
    assert job is not None
    wait_for(lambda: "loss=0.5" in job.logs())
    time.sleep(0.5)
    assert job.status == "InProgress"

    job.stop()
    assert job.wait(logs=False)["TrainingJobStatus"] == "Stopped"
    assert metric_values(client, "closed-output-job-aws-training-job", "train:loss") == [(0, 0.5)]
