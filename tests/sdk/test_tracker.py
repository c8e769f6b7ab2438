"""Tracker: creation, loading, status handling, parameters and artifacts."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import numpy as np
import pytest

from jupyterlab_experiments import (
    ResourceLimitExceeded,
    ResourceNotFound,
    ValidationError,
)
from jupyterlab_experiments.tracker import Tracker
from jupyterlab_experiments.trial_component import TrialComponent

NAME_PATTERN = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}")


def reload(tracker: Tracker) -> TrialComponent:
    component = tracker.trial_component
    return TrialComponent.load(component.trial_component_name, component.sagemaker_boto_client)


def path_of(uri: str) -> Path:
    parsed = urlparse(uri)
    assert parsed.scheme == "file"
    return Path(unquote(parsed.path))


# -- creation and loading ----------------------------------------------------


def test_create_generates_sagemaker_style_name(client: Any) -> None:
    tracker = Tracker.create(display_name="Preprocessing", sagemaker_boto_client=client)
    name = tracker.trial_component.trial_component_name
    assert re.fullmatch(r"TrialComponent-\d{4}-\d\d-\d\d-\d{12}-[a-z]{4}", name)
    assert reload(tracker).display_name == "Preprocessing"


def test_create_long_base_name_fits_limit(client: Any) -> None:
    tracker = Tracker.create(base_trial_component_name="b_" * 80, sagemaker_boto_client=client)
    name = tracker.trial_component.trial_component_name
    assert len(name) <= 120
    assert NAME_PATTERN.fullmatch(name)
    assert name.startswith("b-b-b-")


def test_load_by_name(client: Any) -> None:
    created = Tracker.create(sagemaker_boto_client=client)
    name = created.trial_component.trial_component_name
    loaded = Tracker.load(name, sagemaker_boto_client=client)
    assert loaded.trial_component.trial_component_name == name


def test_load_training_and_processing_job(client: Any) -> None:
    TrialComponent.create("job-1-aws-training-job", sagemaker_boto_client=client)
    TrialComponent.create("job-2-aws-processing-job", sagemaker_boto_client=client)
    training = Tracker.load(training_job_name="job-1", sagemaker_boto_client=client)
    processing = Tracker.load(processing_job_name="job-2", sagemaker_boto_client=client)
    assert training.trial_component.trial_component_name == "job-1-aws-training-job"
    assert processing.trial_component.trial_component_name == "job-2-aws-processing-job"


def test_load_from_job_environment(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    TrialComponent.create("job-1-aws-training-job", sagemaker_boto_client=client)
    monkeypatch.setenv("JUPYTERLAB_EXPERIMENTS_TRIAL_COMPONENT", "job-1-aws-training-job")
    tracker = Tracker.load(sagemaker_boto_client=client)
    assert tracker.trial_component.trial_component_name == "job-1-aws-training-job"
    # Inside a job the job owns the status and the times.
    with tracker:
        tracker.log_parameter("seed", 7)
    component = reload(tracker)
    assert component.status is None
    assert component.start_time is None
    assert component.parameters == {"seed": 7.0}


def test_load_from_training_job_name(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    TrialComponent.create("job-1-aws-training-job", sagemaker_boto_client=client)
    monkeypatch.setenv("TRAINING_JOB_NAME", "job-1")
    tracker = Tracker.load()
    assert tracker.trial_component.trial_component_name == "job-1-aws-training-job"


def test_load_without_anything_raises(client: Any) -> None:
    with pytest.raises(ValidationError, match="Could not load a trial component"):
        Tracker.load(sagemaker_boto_client=client)


def test_load_unknown_raises(client: Any) -> None:
    with pytest.raises(ResourceNotFound, match="'missing' does not exist"):
        Tracker.load("missing", sagemaker_boto_client=client)


# -- status handling -----------------------------------------------------------


def test_with_block_completed(client: Any) -> None:
    with Tracker.create(sagemaker_boto_client=client) as tracker:
        assert reload(tracker).status.primary_status == "InProgress"
        assert reload(tracker).start_time is not None
    component = reload(tracker)
    assert component.status.primary_status == "Completed"
    assert component.end_time >= component.start_time


def test_with_block_failed_keeps_metric(client: Any) -> None:
    def train(tracker: Tracker) -> None:
        with tracker:
            tracker.log_metric("loss", 1.0)
            raise RuntimeError("boom")

    tracker = Tracker.create(display_name="a", sagemaker_boto_client=client)
    with pytest.raises(RuntimeError, match="boom"):
        train(tracker)
    component = reload(tracker)
    assert component.status.primary_status == "Failed"
    assert component.status.message == "RuntimeError: boom"
    assert component.end_time is not None
    assert [summary.metric_name for summary in component.metrics] == ["loss"]


def test_with_block_keyboard_interrupt_stopped(client: Any) -> None:
    with (
        pytest.raises(KeyboardInterrupt, match="^interrupted$"),
        Tracker.create(sagemaker_boto_client=client) as tracker,
    ):
        raise KeyboardInterrupt("interrupted")
    assert reload(tracker).status.primary_status == "Stopped"


@pytest.mark.parametrize(("code", "status"), [(0, "Completed"), (None, "Completed"), (1, "Failed")])
def test_with_block_system_exit(client: Any, code: int | None, status: str) -> None:
    with (
        pytest.raises(SystemExit, match=f"^{code}$"),
        Tracker.create(sagemaker_boto_client=client) as tracker,
    ):
        raise SystemExit(code)
    assert reload(tracker).status.primary_status == status


def test_failure_message_is_truncated(client: Any) -> None:
    with (
        pytest.raises(ValueError, match="xxx"),
        Tracker.create(sagemaker_boto_client=client) as tracker,
    ):
        raise ValueError("x" * 5000)
    message = reload(tracker).status.message
    assert len(message) == 1024
    assert message.startswith("ValueError: xxx")


# -- parameters ------------------------------------------------------------------


def test_log_parameters_types(client: Any) -> None:
    with Tracker.create(sagemaker_boto_client=client) as tracker:
        tracker.log_parameters({"normalization_mean": 0.1307, "optimizer": "sgd", "epochs": 2})
        tracker.log_parameter("flag", True)
    assert reload(tracker).parameters == {
        "normalization_mean": 0.1307,
        "optimizer": "sgd",
        "epochs": 2.0,
        "flag": 1.0,
    }


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_log_parameter_non_finite_raises(client: Any, bad: float) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    with pytest.raises(ValidationError, match=r"Parameters\['lr'\]") as caught:
        tracker.log_parameters({"ok": 1, "lr": bad})
    assert caught.value.field == "Parameters['lr']"
    assert caught.value.rule == "must be a finite number or a string"
    tracker.close()
    assert reload(tracker).parameters == {}


def test_log_parameter_other_type_raises(client: Any) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    with pytest.raises(ValidationError, match="must be a number or a string"):
        tracker.log_parameter("layers", [1, 2])


def test_log_parameter_limit(client: Any) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    tracker.log_parameters({f"p{index}": index for index in range(300)})
    tracker.log_parameter("p0", 10)
    with pytest.raises(ResourceLimitExceeded, match="at most 300 parameters"):
        tracker.log_parameter("one-more", 1)
    tracker.close()
    assert len(reload(tracker).parameters) == 300


def test_names_differing_in_case(client: Any) -> None:
    with Tracker.create(sagemaker_boto_client=client) as tracker:
        tracker.log_parameters({"LR": 1, "lr": 2})
        tracker.log_metric("Accuracy", 0.9, iteration_number=0)
        tracker.log_metric("accuracy", 0.1, iteration_number=0)
    component = reload(tracker)
    assert component.parameters == {"LR": 1.0, "lr": 2.0}
    lasts = {summary.metric_name: summary.last for summary in component.metrics}
    assert lasts == {"Accuracy": 0.9, "accuracy": 0.1}


def test_names_with_separators(client: Any) -> None:
    names = ["test:accuracy", "val/loss", "top.1", "f1-score", "acc (val) 精度"]
    with Tracker.create(
        display_name="job:2024-01-01T10:00/part#1?x", sagemaker_boto_client=client
    ) as tracker:
        tracker.log_parameter("optimizer.lr", 0.2)
        for name in names:
            tracker.log_metric(name, 0.5)
    component = reload(tracker)
    assert component.display_name == "job:2024-01-01T10:00/part#1?x"
    assert component.parameters == {"optimizer.lr": 0.2}
    assert sorted(summary.metric_name for summary in component.metrics) == sorted(names)


# -- artifacts by reference ------------------------------------------------------


def test_log_input_and_output(client: Any) -> None:
    with Tracker.create(sagemaker_boto_client=client) as tracker:
        tracker.log_input(name="mnist-dataset", media_type="s3/uri", value="s3://b/mnist")
        tracker.log_output(name="model", value="s3://b/model.tar.gz")
    component = reload(tracker)
    assert component.input_artifacts["mnist-dataset"].value == "s3://b/mnist"
    assert component.input_artifacts["mnist-dataset"].media_type == "s3/uri"
    assert component.output_artifacts["model"].media_type is None


def test_log_input_bad_media_type_raises(client: Any) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    with pytest.raises(ValidationError, match="must look like type/subtype"):
        tracker.log_input(name="data", value="s3://b/k", media_type="csv")
    assert tracker.trial_component.input_artifacts == {}


def test_log_output_limit(client: Any) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    for index in range(60):
        tracker.log_output(name=f"out-{index}", value=f"s3://b/{index}")
    with pytest.raises(ResourceLimitExceeded, match="at most 60 OutputArtifacts"):
        tracker.log_output(name="one-more", value="s3://b/x")


# -- files -----------------------------------------------------------------------


def test_log_output_artifact_copies_file(client: Any, tmp_path: Path) -> None:
    source = tmp_path / "metrics.csv"
    source.write_text("a,b\n1,2\n")
    with Tracker.create(sagemaker_boto_client=client) as tracker:
        tracker.log_output_artifact(source)
    name = tracker.trial_component.trial_component_name
    artifact = reload(tracker).output_artifacts["metrics.csv"]
    expected = client.artifact_root / "trial-component-artifacts" / name / "metrics.csv"
    assert path_of(artifact.value) == expected
    assert expected.read_text() == "a,b\n1,2\n"
    assert artifact.media_type == "text/csv"


def test_log_input_artifact_with_prefix(client: Any, tmp_path: Path) -> None:
    source = tmp_path / "notes.bin"
    source.write_bytes(b"\x00\x01")
    tracker = Tracker.create(artifact_prefix="my/prefix", sagemaker_boto_client=client)
    tracker.log_input_artifact(source, name="raw", media_type="application/octet-stream")
    tracker.log_artifact(source, name="copy")
    tracker.close()
    component = reload(tracker)
    name = component.trial_component_name
    expected = client.artifact_root / "my" / "prefix" / name / "notes.bin"
    assert path_of(component.input_artifacts["raw"].value) == expected
    assert component.input_artifacts["raw"].media_type == "application/octet-stream"
    assert path_of(component.output_artifacts["copy"].value) == expected


def test_log_artifact_missing_file_raises(client: Any, tmp_path: Path) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    with pytest.raises(ValidationError, match="must be an existing file"):
        tracker.log_output_artifact(tmp_path / "absent.txt")
    assert tracker.trial_component.output_artifacts == {}


def test_artifact_prefix_outside_root_raises(client: Any) -> None:
    with pytest.raises(ValidationError, match="without '..'"):
        Tracker.create(artifact_prefix="../escape", sagemaker_boto_client=client)
    assert list(TrialComponent.list(sagemaker_boto_client=client)) == []


def test_log_artifacts_directory(client: Any, tmp_path: Path) -> None:
    folder = tmp_path / "plots"
    folder.mkdir()
    (folder / "loss.png").write_bytes(b"png")
    (folder / "report.json").write_text("{}")
    (folder / "nested").mkdir()
    with Tracker.create(sagemaker_boto_client=client) as tracker:
        tracker.log_artifacts(folder)
    artifacts = reload(tracker).output_artifacts
    assert sorted(artifacts) == ["loss", "report"]
    assert artifacts["loss"].media_type == "image/png"
    assert artifacts["report"].media_type == "application/json"


# -- charts ----------------------------------------------------------------------


def chart(tracker: Tracker, name: str) -> dict[str, Any]:
    artifact = reload(tracker).output_artifacts[name]
    assert artifact.media_type == "application/json"
    return json.loads(path_of(artifact.value).read_text())


def test_log_confusion_matrix(client: Any) -> None:
    with Tracker.create(sagemaker_boto_client=client) as tracker:
        tracker.log_confusion_matrix(
            ["cat", "dog", "dog", "bird"], ["cat", "dog", "cat", "bird"], title="animals"
        )
    assert chart(tracker, "animals") == {
        "type": "ConfusionMatrix",
        "version": 0,
        "title": "animals",
        "confusionMatrix": [[1, 0, 0], [0, 1, 0], [0, 1, 1]],
        "labels": ["bird", "cat", "dog"],
    }


def test_log_confusion_matrix_numpy_labels(client: Any) -> None:
    with Tracker.create(sagemaker_boto_client=client) as tracker:
        tracker.log_confusion_matrix(np.array([3, 7, 7]), np.array([3, 3, 7]), title="digits")
    document = chart(tracker, "digits")
    assert document["labels"] == [3, 7]
    assert document["confusionMatrix"] == [[1, 0], [1, 1]]


def test_log_roc_curve(client: Any) -> None:
    with Tracker.create(sagemaker_boto_client=client) as tracker:
        tracker.log_roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], title="roc")
    document = chart(tracker, "roc")
    assert document["type"] == "ROCCurve"
    assert document["falsePositiveRate"] == [0.0, 0.0, 0.5, 0.5, 1.0]
    assert document["truePositiveRate"] == [0.0, 0.5, 0.5, 1.0, 1.0]
    assert document["areaUnderCurve"] == 0.75


def test_log_precision_recall(client: Any) -> None:
    with Tracker.create(sagemaker_boto_client=client) as tracker:
        tracker.log_precision_recall([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], title="pr")
    document = chart(tracker, "pr")
    assert document["type"] == "PrecisionRecallCurve"
    assert document["recall"] == [1.0, 1.0, 0.5, 0.5, 0.0]
    assert document["precision"] == pytest.approx([0.5, 2 / 3, 0.5, 1.0, 1.0])
    assert document["averagePrecisionScore"] == pytest.approx(5 / 6)
    assert document["noSkill"] == 0.5


def test_log_table_values_and_frame(client: Any) -> None:
    import pandas as pd

    frame = pd.DataFrame({"epoch": [1, 2], "loss": [0.5, float("nan")], "note": ["a", "b"]})
    with Tracker.create(sagemaker_boto_client=client) as tracker:
        tracker.log_table(title="values", values={"x": [1, 2], "y": ["a", "b"]})
        tracker.log_table(title="frame", data_frame=frame, output_artifact=False)
    assert chart(tracker, "values")["fields"] == [
        {"name": "x", "type": "number"},
        {"name": "y", "type": "string"},
    ]
    frame_artifact = reload(tracker).input_artifacts["frame"]
    document = json.loads(path_of(frame_artifact.value).read_text())
    assert document["data"] == {"epoch": [1, 2], "loss": [0.5, None], "note": ["a", "b"]}
    assert [field["type"] for field in document["fields"]] == ["number", "number", "string"]


def test_untitled_charts_get_distinct_names(client: Any) -> None:
    with Tracker.create(sagemaker_boto_client=client) as tracker:
        tracker.log_confusion_matrix([0, 1], [0, 1])
        tracker.log_confusion_matrix([1, 1], [0, 1])
    names = sorted(reload(tracker).output_artifacts)
    assert len(names) == 2
    assert all(name.startswith("ConfusionMatrix-") for name in names)


@pytest.mark.parametrize(
    ("method", "arguments", "message"),
    [
        ("log_roc_curve", ([0, 1, 1], [0.1, 0.2]), "must have as many values as y_true"),
        ("log_roc_curve", ([1, 2], [0.1, 0.2]), "must hold binary labels"),
        ("log_roc_curve", ([1, 1], [0.1, 0.2]), "both positive and negative"),
        ("log_precision_recall", ([0, 1], [0.1]), "must have as many values as y_true"),
        ("log_confusion_matrix", ([0, 1], [0]), "must have as many values as y_true"),
        ("log_table", (), "pass exactly one of values and data_frame"),
    ],
)
def test_chart_bad_input_raises(
    client: Any, method: str, arguments: tuple[Any, ...], message: str
) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    with pytest.raises(ValidationError, match=message):
        getattr(tracker, method)(*arguments)
    assert tracker.trial_component.output_artifacts == {}


def test_log_table_ragged_columns_raises(client: Any) -> None:
    tracker = Tracker.create(sagemaker_boto_client=client)
    with pytest.raises(ValidationError, match="same length"):
        tracker.log_table(values={"x": [1, 2], "y": [1]})
