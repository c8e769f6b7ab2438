"""A local stand-in for ``sagemaker.estimator.Estimator``: training jobs run on this machine.

``fit()`` runs the entry point in a subprocess of the same Python, with the
arguments and ``SM_*`` environment a SageMaker training container provides. It
captures metrics from the script's output with the metric definitions and
records the job as a trial component named ``<job name>-aws-training-job``, as
SageMaker does. Argument names of SageMaker's Python SDK v1 (``train_instance_count``,
``train_instance_type``...) and v2 (``instance_count``, ``instance_type``...)
are both accepted.
"""

from __future__ import annotations

import os
import shutil
import sys
import tarfile
import time
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..exceptions import ResourceAlreadyExists, ValidationError
from . import _aws, s3
from .channels import Channel, resolve_channels
from .job_component import (
    check_experiment_config,
    component_exists,
    create_job_component,
    finish_job_component,
    resolve_trial,
)
from .job_folder import JobFolder, write_json
from .job_names import check_job_name, component_name, name_from_base
from .metric_definitions import parse_metric_definitions
from .session import Session
from .training_env import (
    TrainingEnvironment,
    command_line_arguments,
    component_parameters,
    encode_hyperparameters,
    user_hyperparameters,
)
from .training_job import TrainingJob

#: Variable through which ``Tracker.load()`` inside a job finds the job's component.
TRIAL_COMPONENT_VARIABLE = "JUPYTERLAB_EXPERIMENTS_TRIAL_COMPONENT"

# SageMaker estimator arguments that have no local meaning (networking, spot
# capacity, debugger, encryption...). They are accepted so that notebooks run
# unchanged, and ignored.
_IGNORED_ARGUMENTS = frozenset(
    {
        "checkpoint_local_path",
        "checkpoint_s3_uri",
        "code_location",
        "container_log_level",
        "debugger_hook_config",
        "disable_profiler",
        "distribution",
        "distributions",
        "encrypt_inter_container_traffic",
        "enable_network_isolation",
        "git_config",
        "input_mode",
        "keep_alive_period_in_seconds",
        "max_retry_attempts",
        "max_wait",
        "model_channel_name",
        "model_uri",
        "output_kms_key",
        "profiler_config",
        "rules",
        "security_group_ids",
        "subnets",
        "tags",
        "tensorboard_output_config",
        "train_max_wait",
        "train_use_spot_instances",
        "train_volume_kms_key",
        "use_spot_instances",
        "volume_kms_key",
    }
)

# Folders never copied with a source_dir.
_IGNORED_SOURCE_ENTRIES = shutil.ignore_patterns(".git", "__pycache__", ".ipynb_checkpoints")


def _pick(new_name: str, new: Any, old_name: str, old: Any, default: Any) -> Any:
    """Return the v2 argument, else its v1 alias, else the default; reject conflicting values."""
    if new is not None and old is not None and new != old:
        raise ValidationError.invalid(
            new_name, new, f"conflicts with {old_name}={old!r}; pass only one of them"
        )
    if new is not None:
        return new
    return old if old is not None else default


class Estimator:
    """Run a training script as a local training job.

    Parameters
    ----------
    image_uri : str, optional
        Recorded as the ``SageMaker.ImageUri`` parameter; no container is run.
    role : str, optional
        Accepted for compatibility (see :func:`get_execution_role`); unused.
    instance_count, instance_type : int, str, optional
        Recorded as ``SageMaker.InstanceCount`` and ``SageMaker.InstanceType``
        (defaults 1 and ``"local"``). Local jobs always run on one host.
    entry_point : str or path-like
        The training script, relative to ``source_dir`` when given, else to the
        working directory.
    source_dir : str or path-like, optional
        Folder (or ``.tar.gz``) copied with the script; without it only the entry
        point is copied, as SageMaker packages it.
    hyperparameters : dict, optional
        Passed to the script as ``--name value`` sorted by name.
    metric_definitions : list of dict, optional
        ``[{"Name": ..., "Regex": ...}]``; group 1 of the first match in each
        output line is the value. Checked here: an invalid regex raises.
    enable_sagemaker_metrics : bool, optional
        Recorded in the job description. Every captured point is stored either way.
    sagemaker_session : Session, optional
        Local session; selects the store. A new :class:`Session` by default.
    output_path : str, optional
        ``s3://`` or ``file://`` prefix that also receives
        ``<job name>/output/model.tar.gz``. By default the archive stays in the
        job's folder and its ``file://`` URI is recorded.
    base_job_name : str, optional
        Prefix of generated job names.
    volume_size, max_run : int, optional
        ``SageMaker.VolumeSizeInGB`` (recorded only, default 30) and the run time
        limit in seconds after which the job is stopped (default none).
    environment : dict, optional
        Extra environment variables of the script.
    python_executable : str, optional
        Interpreter for the script (local extension); the current one by default.
    stop_timeout : float, default 10
        Seconds between SIGTERM and SIGKILL when a job is stopped (local extension).
    train_instance_count, train_instance_type, train_volume_size, train_max_run, image_name
        SageMaker SDK v1 names of the arguments above.
    **kwargs
        Other SageMaker arguments without local meaning (``subnets``, ``tags``,
        ``use_spot_instances``...) are accepted and ignored.

    Raises
    ------
    ValidationError
        If a metric definition is invalid or v1 and v2 names conflict.
    TypeError
        For an argument SageMaker's estimators do not have.
    """

    #: Framework module reported in ``SM_FRAMEWORK_MODULE``.
    _framework_module: str | None = None

    def __init__(
        self,
        image_uri: str | None = None,
        role: str | None = None,
        instance_count: int | None = None,
        instance_type: str | None = None,
        entry_point: str | os.PathLike[str] | None = None,
        source_dir: str | os.PathLike[str] | None = None,
        hyperparameters: Mapping[str, Any] | None = None,
        metric_definitions: list[dict[str, str]] | None = None,
        enable_sagemaker_metrics: bool | None = None,
        sagemaker_session: Session | None = None,
        output_path: str | None = None,
        base_job_name: str | None = None,
        volume_size: int | None = None,
        max_run: int | None = None,
        environment: Mapping[str, str] | None = None,
        python_executable: str | None = None,
        stop_timeout: float = 10.0,
        train_instance_count: int | None = None,
        train_instance_type: str | None = None,
        train_volume_size: int | None = None,
        train_max_run: int | None = None,
        image_name: str | None = None,
        **kwargs: Any,
    ) -> None:
        unknown = sorted(set(kwargs) - _IGNORED_ARGUMENTS)
        if unknown:
            raise TypeError(
                f"{type(self).__name__}() got unexpected arguments: {', '.join(unknown)}"
            )
        self.ignored_arguments = dict(kwargs)

        # Resources, in SageMaker SDK v2 spelling with the v1 names as aliases.
        self.image_uri = _pick("image_uri", image_uri, "image_name", image_name, None)
        self.role = role
        self.instance_count = int(
            _pick("instance_count", instance_count, "train_instance_count", train_instance_count, 1)
        )
        self.instance_type = str(
            _pick(
                "instance_type", instance_type, "train_instance_type", train_instance_type, "local"
            )
        )
        self.volume_size = _pick(
            "volume_size", volume_size, "train_volume_size", train_volume_size, 30
        )
        self.max_run = _pick("max_run", max_run, "train_max_run", train_max_run, None)

        self.entry_point = entry_point
        self.source_dir = source_dir
        self._hyperparameters: dict[str, Any] = dict(hyperparameters or {})
        self._metric_definitions = parse_metric_definitions(metric_definitions)
        self.metric_definitions = [d.to_boto() for d in self._metric_definitions]
        self.enable_sagemaker_metrics = enable_sagemaker_metrics

        self.sagemaker_session = sagemaker_session
        self.output_path = output_path
        self.base_job_name = base_job_name
        self.environment = dict(environment or {})
        self.python_executable = python_executable or sys.executable
        self.stop_timeout = float(stop_timeout)
        self.latest_training_job: TrainingJob | None = None

        if self.instance_count > 1:
            warnings.warn(
                f"instance_count={self.instance_count}: local training jobs run on one host "
                "(SM_HOSTS lists only algo-1)",
                UserWarning,
                stacklevel=2,
            )

    def hyperparameters(self) -> dict[str, str]:
        """Return the hyperparameters JSON-encoded, as the job receives them."""
        return encode_hyperparameters(self._hyperparameters)

    def set_hyperparameters(self, **kwargs: Any) -> None:
        """Add or replace hyperparameters."""
        self._hyperparameters.update(kwargs)

    def training_image_uri(self) -> str | None:
        """Return the image recorded as ``SageMaker.ImageUri`` (None for a plain Estimator)."""
        return self.image_uri

    @property
    def model_data(self) -> str | None:
        """URI of the latest job's ``model.tar.gz``, once the job has packed it."""
        if self.latest_training_job is None:
            return None
        artifacts = self.latest_training_job.describe().get("ModelArtifacts") or {}
        return artifacts.get("S3ModelArtifacts")

    def _default_base_job_name(self) -> str:
        image = self.training_image_uri()
        if image:
            return image.rsplit("/", 1)[-1].split(":", 1)[0]
        return "training-job"

    def fit(
        self,
        inputs: Any = None,
        wait: bool = True,
        logs: bool | str = True,
        job_name: str | None = None,
        experiment_config: Mapping[str, str] | None = None,
    ) -> None:
        """Run the entry point as a local training job.

        Parameters
        ----------
        inputs : str, dict or TrainingInput, optional
            Input channels: one URI (the ``training`` channel) or a dict of channel
            name to URI. ``s3://`` URIs resolve to the local S3 folder.
        wait : bool, default True
            Block until the job ends. With False, use ``latest_training_job``.
        logs : bool or str, default True
            Print the job's output while waiting. ``"None"`` means False.
        job_name : str, optional
            Defaults to ``<base job name>-YYYY-MM-DD-HH-MM-SS-mmm`` (UTC).
        experiment_config : dict, optional
            ``TrialName``, ``ExperimentName``, ``TrialComponentDisplayName``. The
            component joins the trial (which must exist); with only an experiment,
            a trial is created for the job.

        Raises
        ------
        ValidationError
            For invalid names, missing scripts or input data.
        ResourceNotFound
            If the trial or experiment does not exist.
        ResourceAlreadyExists
            If a job or trial component with this name exists.
        UnexpectedStatusException
            If ``wait`` is true and the job ends Failed.
        """
        session = self.sagemaker_session or Session()
        self.sagemaker_session = session
        folder, spec, channels, trial_name = self._prepare_job(
            session, inputs, job_name, check_experiment_config(experiment_config)
        )
        job = self._start_job(session.sagemaker_client, folder, spec, channels, trial_name)
        self.latest_training_job = job
        if wait:
            job.wait(logs=_logs_enabled(logs))

    def _prepare_job(
        self, session: Session, inputs: Any, job_name: str | None, config: dict[str, str]
    ) -> tuple[JobFolder, dict[str, Any], list[Channel], str | None]:
        """Check everything, then create the job folder; nothing is created if a check fails."""
        client = session.sagemaker_client
        artifact_root = Path(client.artifact_root)
        name = check_job_name(job_name) if job_name else name_from_base(self._base_name())
        entry_point, source = self._resolve_code()
        channels = resolve_channels(inputs, artifact_root)
        folder = JobFolder.of(artifact_root, name)
        component = component_name(name)
        if folder.root.exists():
            raise ResourceAlreadyExists("TrainingJob", name, name)
        if component_exists(client, component):
            raise ResourceAlreadyExists("TrialComponent", component, component)
        trial_name = resolve_trial(client, config, name)

        folder.create()
        try:
            _copy_code(source, entry_point, folder.code_dir)
            spec = self._write_spec(folder, session, name, entry_point, channels, config)
        except BaseException:
            shutil.rmtree(folder.root, ignore_errors=True)
            raise
        return folder, spec, channels, trial_name

    def _start_job(
        self,
        client: Any,
        folder: JobFolder,
        spec: dict[str, Any],
        channels: list[Channel],
        trial_name: str | None,
    ) -> TrainingJob:
        """Create the job's trial component, join it to the trial and start the runner."""
        component = spec["TrialComponentName"]
        create_job_component(
            client,
            job_name=spec["TrainingJobName"],
            job_arn=spec["TrainingJobArn"],
            display_name=spec["ExperimentConfig"].get("TrialComponentDisplayName"),
            parameters=self._component_parameters(spec["HyperParameters"]),
            channels=channels,
            start_time=time.time(),
        )
        try:
            if trial_name:
                client.associate_trial_component(TrialComponentName=component, TrialName=trial_name)
            return TrainingJob.start(folder, client, _runner_environment(client))
        except BaseException as error:
            finish_job_component(
                client,
                component,
                status="Failed",
                end_time=time.time(),
                failure_reason=f"ClientError: the job could not start: {error}",
            )
            raise

    def _base_name(self) -> str:
        return self.base_job_name or self._default_base_job_name()

    def _resolve_code(self) -> tuple[str, Path]:
        """Return the entry point relative to the code folder and the source to copy."""
        if self.entry_point is None:
            raise ValidationError.invalid(
                "entry_point", None, "local training jobs need a Python script to run"
            )
        entry = Path(self.entry_point)
        if self.source_dir is None:
            script = entry.expanduser().absolute()
            if not script.is_file():
                raise ValidationError.invalid(
                    "entry_point", str(self.entry_point), "file not found"
                )
            return script.name, script
        source = Path(os.fspath(self.source_dir)).expanduser()
        if str(self.source_dir).startswith(("s3://", "file://")):
            source = s3.resolve_uri(self._artifact_root(), str(self.source_dir))
        if not source.exists():
            raise ValidationError.invalid("source_dir", str(self.source_dir), "not found")
        relative = entry.as_posix()
        if source.is_dir() and not (source / relative).is_file():
            raise ValidationError.invalid(
                "entry_point", relative, f"file not found in source_dir {source}"
            )
        return relative, source.absolute()

    def _artifact_root(self) -> Path:
        session = self.sagemaker_session or Session()
        return Path(session.sagemaker_client.artifact_root)

    def _framework_hyperparameters(
        self, job_name: str, entry_point: str, folder: JobFolder, region: str
    ) -> dict[str, str]:
        """Return the ``sagemaker_*`` hyperparameters SageMaker's SDK adds for script mode."""
        return encode_hyperparameters(
            {
                "sagemaker_container_log_level": 20,
                "sagemaker_job_name": job_name,
                "sagemaker_program": entry_point,
                "sagemaker_region": region,
                "sagemaker_submit_directory": folder.code_dir.as_uri(),
            }
        )

    def _write_spec(
        self,
        folder: JobFolder,
        session: Session,
        job_name: str,
        entry_point: str,
        channels: list[Channel],
        config: Mapping[str, str],
    ) -> dict[str, Any]:
        region = session.boto_region_name
        job_arn = _aws.training_job_arn(job_name)
        encoded = {
            **self.hyperparameters(),
            **self._framework_hyperparameters(job_name, entry_point, folder, region),
        }
        user = user_hyperparameters(encoded)
        environment = TrainingEnvironment(
            job_name=job_name,
            folder=folder,
            entry_point=entry_point,
            hyperparameters=user,
            channels={channel.name: channel.path for channel in channels},
            instance_type=self.instance_type,
            region=region,
            framework_module=self._framework_module,
            module_dir=folder.code_dir.as_uri(),
        )
        environment.write_config_files()
        variables = {
            **environment.variables(),
            TRIAL_COMPONENT_VARIABLE: component_name(job_name),
            "TRAINING_JOB_NAME": job_name,
            "TRAINING_JOB_ARN": job_arn,
            "AWS_REGION": region,
            **self.environment,
        }
        command = [
            self.python_executable,
            str(folder.code_dir / entry_point),
            *command_line_arguments(user),
        ]
        spec = {
            "TrainingJobName": job_name,
            "TrainingJobArn": job_arn,
            "TrialComponentName": component_name(job_name),
            "CreationTime": time.time(),
            "RoleArn": self.role,
            "HyperParameters": encoded,
            "AlgorithmSpecification": {
                "TrainingImage": self.training_image_uri(),
                "TrainingInputMode": "File",
                "MetricDefinitions": self.metric_definitions,
                "EnableSageMakerMetricsTimeSeries": bool(self.enable_sagemaker_metrics),
            },
            "InputDataConfig": [
                {"ChannelName": c.name, "S3Uri": c.uri, "LocalPath": str(c.path)} for c in channels
            ],
            "OutputDataConfig": {"S3OutputPath": self.output_path},
            "ResourceConfig": {
                "InstanceCount": self.instance_count,
                "InstanceType": self.instance_type,
                "VolumeSizeInGB": self.volume_size,
            },
            "StoppingCondition": {"MaxRuntimeInSeconds": self.max_run},
            "ExperimentConfig": dict(config),
            "MetricDefinitions": self.metric_definitions,
            "Command": command,
            "WorkingDirectory": str(folder.code_dir),
            "Environment": variables,
            "MaxRuntimeInSeconds": self.max_run,
            "StopTimeoutSeconds": self.stop_timeout,
            "ModelArtifact": self._model_artifact_target(folder, session, job_name),
        }
        write_json(folder.spec_file, spec)
        return spec

    def _model_artifact_target(self, folder: JobFolder, session: Session, job_name: str) -> dict:
        if not self.output_path:
            return {"Uri": folder.model_archive.as_uri(), "Path": None}
        uri = f"{self.output_path.rstrip('/')}/{job_name}/output/model.tar.gz"
        return {"Uri": uri, "Path": str(session.resolve_uri(uri))}

    def _component_parameters(self, encoded: Mapping[str, str]) -> dict[str, float | str]:
        parameters = component_parameters(encoded)
        image = self.training_image_uri()
        if image:
            parameters["SageMaker.ImageUri"] = image
        parameters["SageMaker.InstanceCount"] = float(self.instance_count)
        parameters["SageMaker.InstanceType"] = self.instance_type
        parameters["SageMaker.VolumeSizeInGB"] = float(self.volume_size)
        return parameters


def _logs_enabled(logs: bool | str) -> bool:
    if isinstance(logs, str):
        return logs.lower() != "none"
    return bool(logs)


def _copy_code(source: Path, entry_point: str, code_dir: Path) -> None:
    """Copy the script, or the whole source_dir (a folder or a .tar.gz), into the code folder."""
    if source.is_dir():
        shutil.copytree(source, code_dir, dirs_exist_ok=True, ignore=_IGNORED_SOURCE_ENTRIES)
    elif source.name == entry_point:
        shutil.copy2(source, code_dir / entry_point)
    else:
        with tarfile.open(source) as archive:
            archive.extractall(code_dir, filter="data")


def _runner_environment(client: Any) -> dict[str, str]:
    """Return the runner's environment: this process's, pinned to the client's store."""
    from ..store.location import ARTIFACT_ROOT_VARIABLE, DB_URL_VARIABLE

    environment = dict(os.environ)
    environment[DB_URL_VARIABLE] = str(client.store_url)
    environment[ARTIFACT_ROOT_VARIABLE] = str(client.artifact_root)
    return environment


__all__ = ["TRIAL_COMPONENT_VARIABLE", "Estimator"]
