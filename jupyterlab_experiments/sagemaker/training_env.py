"""Hyperparameters, command-line arguments and ``SM_*`` variables of a training job.

These follow SageMaker's Python SDK, whose framework estimators JSON-encode
every hyperparameter value, and the SageMaker training toolkit. The toolkit
decodes the values, drops the ``sagemaker_*`` keys, sorts the rest by name and
passes them to the script as ``--name value``. A script written for SageMaker
therefore reads the same arguments and environment locally.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..exceptions import ValidationError
from .job_folder import JobFolder

#: The only host of a local job.
CURRENT_HOST = "algo-1"

# Hyperparameter values that are numbers in the trial component, as SageMaker
# records them (NaN and infinities stay strings: parameters must be finite).
_NUMERIC = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def encode_hyperparameters(hyperparameters: Mapping[Any, Any] | None) -> dict[str, str]:
    """JSON-encode each value, as SageMaker's framework estimators do before a job starts.

    Raises
    ------
    ValidationError
        If a value cannot be encoded as JSON.
    """
    encoded = {}
    for key, value in (hyperparameters or {}).items():
        try:
            encoded[str(key)] = json.dumps(value)
        except (TypeError, ValueError) as error:
            raise ValidationError.invalid(
                f"hyperparameters[{str(key)!r}]", value, f"must be JSON-serialisable ({error})"
            ) from None
    return encoded


def decode_hyperparameters(encoded: Mapping[str, str]) -> dict[str, Any]:
    """Decode JSON-encoded values, keeping a value that is not JSON as the raw string."""
    decoded = {}
    for key, value in encoded.items():
        try:
            decoded[key] = json.loads(value)
        except (TypeError, ValueError):
            decoded[key] = value
    return decoded


def user_hyperparameters(encoded: Mapping[str, str]) -> dict[str, Any]:
    """Return the decoded hyperparameters without the SDK's ``sagemaker_*`` keys."""
    decoded = decode_hyperparameters(encoded)
    return {key: value for key, value in decoded.items() if not key.startswith("sagemaker_")}


def _argument_value(value: Any) -> str:
    if isinstance(value, Mapping):
        return ",".join(f"{key}={item}" for key, item in value.items())
    return str(value)


def command_line_arguments(hyperparameters: Mapping[str, Any]) -> list[str]:
    """Turn decoded hyperparameters into ``--name value`` arguments sorted by name.

    One-character names become ``-n value``; dict values become ``k=v,k2=v2``;
    other values are passed as ``str(value)`` (so ``True`` becomes ``True``).
    """
    arguments = []
    for key in sorted(hyperparameters):
        flag = f"-{key}" if len(key) == 1 else f"--{key}"
        arguments.extend([flag, _argument_value(hyperparameters[key])])
    return arguments


def component_parameters(encoded: Mapping[str, str]) -> dict[str, float | str]:
    """Return hyperparameters as trial component parameters, the way SageMaker records them.

    A value that reads as a finite number becomes a number. Anything else keeps
    its encoded text, so a string hyperparameter ``sgd`` is recorded as ``"sgd"``
    with the JSON quotes, as SageMaker records it.
    """
    parameters: dict[str, float | str] = {}
    for key, value in encoded.items():
        parameters[key] = float(value) if _NUMERIC.fullmatch(value) else value
    return parameters


def _encode_variable(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class TrainingEnvironment:
    """Settings a local training job's script receives, before they become variables.

    Attributes
    ----------
    job_name : str
        The training job's name.
    folder : JobFolder
        The job's folder (model, output and config directories).
    entry_point : str
        Script path relative to the code folder.
    hyperparameters : dict
        Decoded user hyperparameters (no ``sagemaker_*`` keys).
    channels : dict of str to Path
        Channel name to local folder.
    instance_type : str
        Requested instance type.
    region : str
        Region the job reports.
    framework_module : str or None
        ``SM_FRAMEWORK_MODULE`` of the framework container, if any.
    log_level : int
        ``SM_LOG_LEVEL`` (Python logging level; SageMaker's default is 20).
    module_dir : str
        ``SM_MODULE_DIR``: where SageMaker would have uploaded the code.
    """

    job_name: str
    folder: JobFolder
    entry_point: str
    hyperparameters: Mapping[str, Any]
    channels: Mapping[str, Path]
    instance_type: str
    region: str
    framework_module: str | None = None
    log_level: int = 20
    module_dir: str = ""

    def properties(self) -> dict[str, Any]:
        """Return the training environment as the toolkit's ``SM_TRAINING_ENV`` dict."""
        hosts = [CURRENT_HOST]
        module_name = Path(self.entry_point).with_suffix("").as_posix().replace("/", ".")
        resource_config = {
            "current_host": CURRENT_HOST,
            "current_instance_type": self.instance_type,
            "hosts": hosts,
            "network_interface_name": "eth0",
        }
        return {
            "additional_framework_parameters": {},
            "channel_input_dirs": {name: str(path) for name, path in self.channels.items()},
            "current_host": CURRENT_HOST,
            "framework_module": self.framework_module,
            "hosts": hosts,
            "hyperparameters": dict(self.hyperparameters),
            "input_config_dir": str(self.folder.config_dir),
            "input_data_config": input_data_config(self.channels),
            "input_dir": str(self.folder.input_dir),
            "is_master": True,
            "job_name": self.job_name,
            "log_level": self.log_level,
            "master_hostname": CURRENT_HOST,
            "model_dir": str(self.folder.model_dir),
            "module_dir": self.module_dir,
            "module_name": module_name,
            "network_interface_name": "eth0",
            "num_cpus": os.cpu_count() or 1,
            # NOTE: local jobs always report 0 GPUs; a script that wants CUDA can
            # still use it, but SM_NUM_GPUS does not announce it.
            "num_gpus": 0,
            "output_data_dir": str(self.folder.output_data_dir),
            "output_dir": str(self.folder.output_dir),
            "output_intermediate_dir": str(self.folder.output_intermediate_dir),
            "resource_config": resource_config,
            "user_entry_point": self.entry_point,
        }

    def variables(self) -> dict[str, str]:
        """Return the ``SM_*`` environment variables of the job."""
        properties = self.properties()
        arguments = command_line_arguments(self.hyperparameters)
        variables = {
            f"SM_{key.upper()}": _encode_variable(value)
            for key, value in properties.items()
            if value is not None and key not in ("hyperparameters", "channel_input_dirs")
        }
        variables["SM_HPS"] = _encode_variable(dict(self.hyperparameters))
        for key, value in self.hyperparameters.items():
            variables[f"SM_HP_{key.upper()}"] = _encode_variable(value)
        variables["SM_CHANNELS"] = _encode_variable(sorted(self.channels))
        for name, path in self.channels.items():
            variables[f"SM_CHANNEL_{name.upper()}"] = str(path)
        variables["SM_USER_ARGS"] = _encode_variable(arguments)
        variables["SM_FRAMEWORK_PARAMS"] = "{}"
        variables["SM_TRAINING_ENV"] = _encode_variable(properties)
        return variables

    def write_config_files(self) -> None:
        """Write ``hyperparameters.json``, ``inputdataconfig.json`` and ``resourceconfig.json``."""
        properties = self.properties()
        config = {
            "hyperparameters.json": {
                k: _encode_variable(v) for k, v in self.hyperparameters.items()
            },
            "inputdataconfig.json": properties["input_data_config"],
            "resourceconfig.json": properties["resource_config"],
        }
        self.folder.config_dir.mkdir(parents=True, exist_ok=True)
        for name, content in config.items():
            (self.folder.config_dir / name).write_text(json.dumps(content, indent=2), "utf-8")


def input_data_config(channels: Mapping[str, Path]) -> dict[str, dict[str, str]]:
    """Return the toolkit's ``input_data_config``: every channel in File mode."""
    return {
        name: {
            "RecordWrapperType": "None",
            "S3DistributionType": "FullyReplicated",
            "TrainingInputMode": "File",
        }
        for name in channels
    }


__all__ = [
    "CURRENT_HOST",
    "TrainingEnvironment",
    "command_line_arguments",
    "component_parameters",
    "decode_hyperparameters",
    "encode_hyperparameters",
    "input_data_config",
    "user_hyperparameters",
]
