"""Hyperparameter encoding, script arguments, job names and the SM_* environment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jupyterlab_experiments.exceptions import ValidationError
from jupyterlab_experiments.sagemaker.job_folder import JobFolder
from jupyterlab_experiments.sagemaker.job_names import (
    check_job_name,
    component_name,
    name_from_base,
)
from jupyterlab_experiments.sagemaker.training_env import (
    TrainingEnvironment,
    command_line_arguments,
    component_parameters,
    encode_hyperparameters,
    user_hyperparameters,
)

TUTORIAL_HYPERPARAMETERS = {
    "epochs": 2,
    "backend": "gloo",
    "hidden_channels": 10,
    "dropout": 0.2,
    "optimizer": "sgd",
}


def test_arguments_sorted_like_toolkit() -> None:
    encoded = encode_hyperparameters(TUTORIAL_HYPERPARAMETERS)
    arguments = command_line_arguments(user_hyperparameters(encoded))
    assert arguments == [
        "--backend", "gloo",
        "--dropout", "0.2",
        "--epochs", "2",
        "--hidden_channels", "10",
        "--optimizer", "sgd",
    ]  # fmt: skip


def test_arguments_special_values() -> None:
    decoded = user_hyperparameters(
        encode_hyperparameters({"x": True, "nested": {"a": 1, "b": "x"}, "sagemaker_program": "t"})
    )
    assert command_line_arguments(decoded) == ["--nested", "a=1,b=x", "-x", "True"]


def test_encode_rejects_unserialisable_value() -> None:
    with pytest.raises(ValidationError, match=r"hyperparameters\['path'\]"):
        encode_hyperparameters({"path": Path("x")})


def test_component_parameters_keep_json_text() -> None:
    parameters = component_parameters(encode_hyperparameters(TUTORIAL_HYPERPARAMETERS))
    assert parameters == {
        "epochs": 2.0,
        "backend": '"gloo"',
        "hidden_channels": 10.0,
        "dropout": 0.2,
        "optimizer": '"sgd"',
    }
    assert component_parameters({"flag": "true", "huge": "NaN"}) == {
        "flag": "true",
        "huge": "NaN",
    }


def test_default_job_name_shape() -> None:
    # 2024-01-02 03:04:05.678 UTC
    name = name_from_base("pytorch-training", 1704164645.678)
    assert name == "pytorch-training-2024-01-02-03-04-05-678"
    assert check_job_name(name) == name


def test_default_job_name_shortens_long_base() -> None:
    name = name_from_base("my_very/long base " * 10, 1704164645.0)
    assert len(name) <= 63
    assert name.endswith("-2024-01-02-03-04-05-000")
    check_job_name(name)
    assert len(component_name(name)) <= 120


@pytest.mark.parametrize("name", ["", "-x", "x-", "a_b", "x" * 64, None])
def test_invalid_job_names_rejected(name: object) -> None:
    with pytest.raises(ValidationError, match="job_name"):
        check_job_name(name)


def test_environment_variables(tmp_path: Path) -> None:
    folder = JobFolder.of(tmp_path, "job-1")
    channel = tmp_path / "data"
    environment = TrainingEnvironment(
        job_name="job-1",
        folder=folder,
        entry_point="train.py",
        hyperparameters={"epochs": 2, "optimizer": "sgd"},
        channels={"training": channel},
        instance_type="ml.c4.xlarge",
        region="local",
        framework_module="sagemaker_pytorch_container.training:main",
    )
    variables = environment.variables()

    assert variables["SM_CHANNEL_TRAINING"] == str(channel)
    assert variables["SM_CHANNELS"] == '["training"]'
    assert variables["SM_HPS"] == '{"epochs":2,"optimizer":"sgd"}'
    assert variables["SM_HP_EPOCHS"] == "2"
    assert variables["SM_HP_OPTIMIZER"] == "sgd"
    assert variables["SM_HOSTS"] == '["algo-1"]'
    assert variables["SM_CURRENT_HOST"] == "algo-1"

    assert variables["SM_MODEL_DIR"] == str(folder.model_dir)
    assert variables["SM_OUTPUT_DATA_DIR"] == str(folder.output_data_dir)
    assert variables["SM_NUM_GPUS"] == "0"
    assert variables["SM_USER_ENTRY_POINT"] == "train.py"
    assert variables["SM_MODULE_NAME"] == "train"
    assert variables["SM_USER_ARGS"] == '["--epochs","2","--optimizer","sgd"]'
    assert variables["SM_FRAMEWORK_MODULE"] == "sagemaker_pytorch_container.training:main"

    training_env = json.loads(variables["SM_TRAINING_ENV"])
    assert training_env["channel_input_dirs"] == {"training": str(channel)}
    assert training_env["hyperparameters"] == {"epochs": 2, "optimizer": "sgd"}
    assert training_env["resource_config"]["current_instance_type"] == "ml.c4.xlarge"
