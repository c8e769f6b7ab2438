"""Tracker: log parameters, artifacts and metrics of one trial component.

Differences from ``smexperiments.tracker.Tracker``, on purpose:

* ``log_metric`` stores metrics wherever it runs (notebook, script, local
  training job), not only inside SageMaker training jobs.
* NaN and infinite parameter values raise ``ValidationError`` instead of
  being skipped with a warning. NaN and infinite metric values are stored.
* Metric timestamps may lie any time in the past, so old runs can be
  back-filled. SageMaker accepts only the last two weeks.
* Files go to the local artifact store, and chart artifacts are recorded as
  ordinary artifacts with media type ``application/json`` instead of as
  lineage artifacts.
"""

from __future__ import annotations

import datetime as dt
import operator
import os
import time
from types import TracebackType
from typing import Any

from . import _utils
from ._heartbeat import Heartbeat
from ._limits import (
    PARAMETERS_PER_COMPONENT,
    STATUS_MESSAGE_MAX,
    check_metric_name,
    check_metric_value,
    check_parameter,
    check_step,
)
from ._metrics_buffer import MetricsBuffer
from ._time import to_epoch
from ._tracker_artifacts import ArtifactLoggingMixin
from .api_types import TrialComponentStatus
from .artifacts import check_artifact_prefix
from .exceptions import ResourceLimitExceeded, ValidationError
from .trial_component import TrialComponent

# Set by the local job runner to the name of the job's trial component.
TRIAL_COMPONENT_VARIABLE = "JUPYTERLAB_EXPERIMENTS_TRIAL_COMPONENT"
# Set by SageMaker's local mode and by the local job runner.
TRAINING_JOB_VARIABLE = "TRAINING_JOB_NAME"
TRAINING_JOB_SUFFIX = "-aws-training-job"
PROCESSING_JOB_SUFFIX = "-aws-processing-job"


class Tracker(ArtifactLoggingMixin):
    """Record what happens in one stage of a trial: a trial component.

    Use ``Tracker.create`` for a new component or ``Tracker.load`` for an
    existing one (inside a local training job, ``Tracker.load()`` finds the
    job's component). As a context manager the tracker sets the status and
    start and end times, and saves everything on exit.

    Parameters
    ----------
    trial_component : TrialComponent
        The component to record into.
    artifact_prefix : str, optional
        Folder under the artifact root for copied files; default
        ``trial-component-artifacts``.
    in_job : bool, default False
        True when the component belongs to a running job, which then owns the
        status and the times.

    Examples
    --------
    >>> with Tracker.create(display_name="Preprocessing") as tracker:  # doctest: +SKIP
    ...     tracker.log_parameters({"normalization_mean": 0.1307})
    ...     tracker.log_metric("loss", 0.25, iteration_number=1)
    """

    def __init__(
        self,
        trial_component: TrialComponent,
        artifact_prefix: str | None = None,
        in_job: bool = False,
    ) -> None:
        self.trial_component = trial_component
        for attribute in ("parameters", "input_artifacts", "output_artifacts"):
            if getattr(trial_component, attribute, None) is None:
                setattr(trial_component, attribute, {})
        self._artifact_prefix = check_artifact_prefix(artifact_prefix)
        self._in_sagemaker_job = in_job
        self._metrics = MetricsBuffer(
            trial_component.sagemaker_boto_client, str(trial_component.trial_component_name)
        )
        self._heartbeat = Heartbeat(
            trial_component.sagemaker_boto_client, str(trial_component.trial_component_name)
        )

    @classmethod
    def create(
        cls,
        base_trial_component_name: str = "TrialComponent",
        display_name: str | None = None,
        artifact_bucket: str | None = None,
        artifact_prefix: str | None = None,
        boto3_session: Any = None,
        sagemaker_boto_client: Any = None,
        *,
        sagemaker_session: Any = None,
    ) -> Tracker:
        """Create a trial component and return a tracker for it.

        Parameters
        ----------
        base_trial_component_name : str, default "TrialComponent"
            Prefix of the generated name ``<base>-YYYY-MM-DD-HHMMSSffffff-abcd``.
        display_name : str, optional
        artifact_bucket : str, optional
            Accepted for compatibility and ignored: files go to the local
            artifact store.
        artifact_prefix : str, optional
            Folder under the artifact root; default ``trial-component-artifacts``.
        boto3_session : object, optional
            Accepted for compatibility and ignored.
        sagemaker_boto_client : LocalSageMakerClient, optional
            Client that selects the store; see ``resolve_client``.
        sagemaker_session : object, optional
            Object with a ``sagemaker_client`` attribute, used when no client is given.

        Returns
        -------
        Tracker
        """
        prefix = check_artifact_prefix(artifact_prefix)
        component = TrialComponent.create(
            trial_component_name=_utils.name(base_trial_component_name),
            display_name=display_name,
            sagemaker_boto_client=sagemaker_boto_client,
            sagemaker_session=sagemaker_session,
        )
        return cls(component, artifact_prefix=prefix)

    @classmethod
    def load(
        cls,
        trial_component_name: str | None = None,
        artifact_bucket: str | None = None,
        artifact_prefix: str | None = None,
        boto3_session: Any = None,
        sagemaker_boto_client: Any = None,
        training_job_name: str | None = None,
        processing_job_name: str | None = None,
        *,
        sagemaker_session: Any = None,
    ) -> Tracker:
        """Return a tracker for an existing trial component.

        The component is, in this order: ``trial_component_name``;
        ``<training_job_name>-aws-training-job``;
        ``<processing_job_name>-aws-processing-job``. Inside a local job, the
        component named by ``JUPYTERLAB_EXPERIMENTS_TRIAL_COMPONENT`` or
        ``<TRAINING_JOB_NAME>-aws-training-job``. A tracker found through the
        environment leaves the status and times to the job.

        Parameters
        ----------
        trial_component_name, training_job_name, processing_job_name : str, optional
        artifact_bucket, boto3_session : optional
            Accepted for compatibility and ignored.
        artifact_prefix : str, optional
        sagemaker_boto_client : LocalSageMakerClient, optional
        sagemaker_session : object, optional

        Returns
        -------
        Tracker

        Raises
        ------
        ValidationError
            If no name is given and no job environment is found.
        ResourceNotFound
            If the component does not exist.
        """
        prefix = check_artifact_prefix(artifact_prefix)
        name, in_job = _component_to_load(
            trial_component_name, training_job_name, processing_job_name
        )
        component = TrialComponent.load(
            name, sagemaker_boto_client=sagemaker_boto_client, sagemaker_session=sagemaker_session
        )
        return cls(component, artifact_prefix=prefix, in_job=in_job)

    def __enter__(self) -> Tracker:
        if not self._in_sagemaker_job:
            self.trial_component.start_time = _local_now()
            self.trial_component.status = TrialComponentStatus(primary_status="InProgress")
            self.trial_component.save()
            self._heartbeat.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if not self._in_sagemaker_job:
            self.trial_component.end_time = _local_now()
            self.trial_component.status = _final_status(exc_type, exc_value)
        self.close()

    def log_parameter(self, name: str, value: Any) -> None:
        """Record one parameter (hyperparameter or setting).

        Parameters
        ----------
        name : str
            1 to 320 characters. An existing name is replaced.
        value : float, int, bool or str
            Numbers are stored as numbers (booleans as 1 and 0), strings up
            to 2500 characters as strings.

        Raises
        ------
        ValidationError
            If the value is NaN, infinite or of another type. SageMaker skips
            such values with a warning, but raising makes the gap visible.
        ResourceLimitExceeded
            If the component already has 300 parameters.
        """
        self.log_parameters({name: value})

    def log_parameters(self, parameters: dict[str, Any]) -> None:
        """Record several parameters, after checking all of them.

        Raises
        ------
        ValidationError
            If a value is NaN, infinite or of another type, as in ``log_parameter``.
        ResourceLimitExceeded
            If the component would have more than 300 parameters.
        """
        if not isinstance(parameters, dict):
            raise ValidationError.invalid(
                "parameters", parameters, "must be a dict of parameter names to values"
            )
        checked: dict[str, Any] = {}
        for name, value in parameters.items():
            _, number, text = check_parameter(name, value)
            checked[name] = number if number is not None else text
        stored = self.trial_component.parameters
        if stored is None:
            stored = self.trial_component.parameters = {}
        added = set(checked) - set(stored)
        if len(stored) + len(added) > PARAMETERS_PER_COMPONENT:
            raise ResourceLimitExceeded.invalid(
                "Parameters",
                sorted(added),
                f"a trial component has at most {PARAMETERS_PER_COMPONENT} parameters "
                f"and {len(stored)} exist",
            )
        stored.update(checked)

    def log_metric(
        self,
        metric_name: str,
        value: float,
        timestamp: Any = None,
        iteration_number: int | None = None,
    ) -> None:
        """Record one point of a metric.

        The point is buffered and reaches the store within about a second, or
        at ``flush``, ``close``, the end of the ``with`` block or interpreter
        exit.

        Parameters
        ----------
        metric_name : str
            1 to 255 characters of any kind, e.g. ``test:accuracy`` or ``val/loss``.
        value : float
            NaN and infinities are stored as they are.
        timestamp : datetime or float, optional
            Default now. Naive datetimes are local time, numbers are epoch
            seconds. Values that look like epoch milliseconds are rejected.
        iteration_number : int, optional
            Step, an integer >= 0. Points may arrive in any step order.

        Raises
        ------
        ValidationError
            If an argument breaks its rule. Nothing is buffered then.
        ExperimentsError
            The error of an earlier background write, e.g. ``StoreUnavailable``.
        """
        check_metric_name(metric_name)
        number = check_metric_value(metric_name, value)
        step = check_step(metric_name, _as_int(iteration_number))
        seconds = (
            time.time()
            if timestamp is None
            else to_epoch(timestamp, f"Metrics[{metric_name!r}].Timestamp")
        )
        point: dict[str, Any] = {"MetricName": metric_name, "Value": number, "Timestamp": seconds}
        if step is not None:
            point["Step"] = step
        self._metrics.add(point)

    def flush(self) -> None:
        """Write all buffered metric points to the store now.

        Raises
        ------
        StoreUnavailable
            If the store cannot be written. The points stay buffered.
        ExperimentsError
            If the store rejected points.
        """
        self._metrics.flush()

    def close(self) -> None:
        """Write buffered metrics, then parameters, artifacts and status, to the store.

        The component is saved even when the metric write fails, and the
        metric error is raised afterwards.
        """
        self._heartbeat.stop()
        try:
            self._metrics.flush()
        finally:
            self.trial_component.save()


def _component_to_load(
    trial_component_name: str | None,
    training_job_name: str | None,
    processing_job_name: str | None,
) -> tuple[str, bool]:
    """Return the component name for ``Tracker.load`` and whether it came from a job."""
    if trial_component_name:
        return trial_component_name, False
    if training_job_name:
        return f"{training_job_name}{TRAINING_JOB_SUFFIX}", False
    if processing_job_name:
        return f"{processing_job_name}{PROCESSING_JOB_SUFFIX}", False
    from_environment = os.environ.get(TRIAL_COMPONENT_VARIABLE)
    if from_environment:
        return from_environment, True
    job_name = os.environ.get(TRAINING_JOB_VARIABLE)
    if job_name:
        return f"{job_name}{TRAINING_JOB_SUFFIX}", True
    raise ValidationError(
        "Could not load a trial component: pass trial_component_name, training_job_name or "
        f"processing_job_name, run inside a job that sets {TRIAL_COMPONENT_VARIABLE}, "
        "or use Tracker.create.",
        field="trial_component_name",
        value=None,
        rule="a trial component name is required outside a job",
    )


def _local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def _final_status(
    exc_type: type[BaseException] | None, exc_value: BaseException | None
) -> TrialComponentStatus:
    """Return Completed, Stopped (Ctrl-C) or Failed with ``"<type>: <message>"``."""
    if exc_type is None:
        return TrialComponentStatus(primary_status="Completed")
    if issubclass(exc_type, SystemExit) and exc_value is not None:
        code = exc_value.code  # type: ignore[attr-defined]
        if code in (None, 0):
            return TrialComponentStatus(primary_status="Completed")
    text = str(exc_value) if exc_value is not None else ""
    message = f"{exc_type.__name__}: {text}" if text else exc_type.__name__
    if len(message) > STATUS_MESSAGE_MAX:
        message = message[: STATUS_MESSAGE_MAX - 3] + "..."
    status = "Stopped" if issubclass(exc_type, KeyboardInterrupt) else "Failed"
    return TrialComponentStatus(primary_status=status, message=message)


def _as_int(value: Any) -> Any:
    # NumPy integers are not ``int``, so they are converted for check_step.
    if value is None or isinstance(value, (bool, int)):
        return value
    try:
        return operator.index(value)
    except TypeError:
        return value
