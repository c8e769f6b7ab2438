"""A handle on a local training job: wait for it, follow its log, stop it, describe it.

``estimator.latest_training_job`` is a :class:`TrainingJob`. A job started in
another process can be reached with :meth:`TrainingJob.attach`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, TextIO

from .._time import from_epoch
from ..exceptions import ExperimentsError
from .job_component import finish_job_component
from .job_folder import JobFolder
from .script_process import package_root

#: Statuses after which a job no longer changes.
FINAL_STATUSES = ("Completed", "Failed", "Stopped")

_POLL_INTERVAL = 0.2


class UnexpectedStatusException(ExperimentsError, RuntimeError):
    """A waited-for training job ended Failed (SageMaker's SDK raises the same name)."""

    error_code = "UnexpectedStatus"

    def __init__(self, job_name: str, status: str, reason: str | None) -> None:
        super().__init__(
            f"Error for Training job {job_name}: {status}. Reason: {reason}",
            field="TrainingJobStatus",
            value=status,
            rule="the job must end Completed or Stopped",
        )
        self.job_name = job_name
        self.status = status
        self.reason = reason


class TrainingJob:
    """A local training job.

    Parameters
    ----------
    folder : JobFolder
        The job's folder.
    client : object
        Local SageMaker client of the job's store.
    process : subprocess.Popen, optional
        The runner process, when this process started it.
    """

    def __init__(
        self, folder: JobFolder, client: Any, process: subprocess.Popen[bytes] | None = None
    ):
        self.folder = folder
        self.client = client
        self._process = process
        self._log_offset = 0
        self._partial = b""

    @classmethod
    def start(cls, folder: JobFolder, client: Any, environment: dict[str, str]) -> TrainingJob:
        """Start the runner of a prepared job folder and return the job."""
        command = [
            sys.executable,
            "-m",
            "jupyterlab_experiments.sagemaker.runner",
            str(folder.root),
        ]
        runner_environment = dict(environment)
        root = package_root()
        if root is not None:
            existing = runner_environment.get("PYTHONPATH")
            runner_environment["PYTHONPATH"] = os.pathsep.join(
                [str(root), existing] if existing else [str(root)]
            )
        with folder.runner_log_file.open("ab") as runner_log:
            # A new session keeps a kernel interrupt (SIGINT to the kernel's group)
            # away from the job: the kernel stops the job itself and marks it Stopped.
            process = subprocess.Popen(
                command,
                cwd=folder.root,
                env=runner_environment,
                stdin=subprocess.DEVNULL,
                stdout=runner_log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        # Reaps the runner as soon as it exits, even if no caller waits for the job.
        threading.Thread(target=process.wait, name=f"reap-{folder.job_name}", daemon=True).start()
        return cls(folder, client, process)

    @classmethod
    def attach(cls, job_name: str, client: Any) -> TrainingJob:
        """Return the job named ``job_name`` in the client's store.

        Raises
        ------
        ResourceNotFound
            If no such job folder exists.
        """
        folder = JobFolder.of(client.artifact_root, job_name)
        folder.read_spec()
        return cls(folder, client)

    @property
    def name(self) -> str:
        """The training job's name."""
        return self.folder.job_name

    job_name = name

    @property
    def trial_component_name(self) -> str:
        """Name of the trial component that records the job."""
        return str(self.folder.read_spec()["TrialComponentName"])

    @property
    def status(self) -> str:
        """``InProgress``, ``Stopping``, ``Completed``, ``Failed`` or ``Stopped``."""
        return str(self._refresh_state().get("TrainingJobStatus", "InProgress"))

    def describe(self) -> dict[str, Any]:
        """Return the job in the shape of SageMaker's ``DescribeTrainingJob`` response."""
        spec = self.folder.read_spec()
        state = self._refresh_state()
        description: dict[str, Any] = {
            "TrainingJobName": self.name,
            "TrainingJobArn": spec["TrainingJobArn"],
            "TrainingJobStatus": state.get("TrainingJobStatus", "InProgress"),
            "HyperParameters": spec.get("HyperParameters", {}),
            "AlgorithmSpecification": spec.get("AlgorithmSpecification", {}),
            "RoleArn": spec.get("RoleArn"),
            "InputDataConfig": spec.get("InputDataConfig", []),
            "OutputDataConfig": spec.get("OutputDataConfig", {}),
            "ResourceConfig": spec.get("ResourceConfig", {}),
            "StoppingCondition": spec.get("StoppingCondition", {}),
            "ExperimentConfig": spec.get("ExperimentConfig", {}),
            "CreationTime": from_epoch(spec.get("CreationTime")),
            "TrainingStartTime": from_epoch(state.get("TrainingStartTime")),
            "TrainingEndTime": from_epoch(state.get("TrainingEndTime")),
            "TrialComponentName": spec["TrialComponentName"],
            "ExitCode": state.get("ExitCode"),
            "MetricCounts": state.get("MetricCounts", {}),
            "NonNumericCaptures": state.get("NonNumericCaptures", {}),
            "LogFile": str(self.folder.log_file),
        }
        if state.get("FailureReason"):
            description["FailureReason"] = state["FailureReason"]
        if state.get("ModelArtifact"):
            description["ModelArtifacts"] = {"S3ModelArtifacts": state["ModelArtifact"]}
        return description

    def logs(self) -> str:
        """Return the job's whole log so far."""
        try:
            return self.folder.log_file.read_text("utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def wait(self, logs: bool = True, stream: TextIO | None = None) -> dict[str, Any]:
        """Block until the job ends, printing its log lines as they arrive when ``logs`` is true.

        Interrupting the wait (Ctrl-C, or *Interrupt kernel* in Jupyter) stops the job,
        waits for it to be marked Stopped and re-raises ``KeyboardInterrupt``.

        Returns
        -------
        dict
            :meth:`describe` of the ended job.

        Raises
        ------
        UnexpectedStatusException
            If the job ended Failed.
        """
        output = stream if stream is not None else sys.stdout
        try:
            self._follow(logs, output)
        except KeyboardInterrupt:
            self.stop()
            self._follow(logs, output)
            raise
        description = self.describe()
        if description["TrainingJobStatus"] == "Failed":
            raise UnexpectedStatusException(self.name, "Failed", description.get("FailureReason"))
        return description

    def stop(self) -> None:
        """Ask the job to stop; the runner terminates the script and marks the job Stopped.

        Does nothing if the job has already ended.
        """
        pid = self._runner_pid()
        if pid is not None and self.status not in FINAL_STATUSES:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    def _follow(self, logs: bool, output: TextIO) -> None:
        while True:
            if logs:
                self._print_new_lines(output)
            if not self._runner_alive():
                break
            time.sleep(_POLL_INTERVAL)
        if logs:
            self._print_new_lines(output, final=True)
        if self.status not in FINAL_STATUSES:
            self._fail_lost_runner()
            if logs:
                self._print_new_lines(output, final=True)

    def _print_new_lines(self, output: TextIO, final: bool = False) -> None:
        try:
            with self.folder.log_file.open("rb") as log:
                log.seek(self._log_offset)
                data = log.read()
        except FileNotFoundError:
            return
        self._log_offset += len(data)
        data = self._partial + data
        complete, _, self._partial = data.rpartition(b"\n")
        if final and self._partial:
            complete, self._partial = data, b""
        if complete:
            text = complete.decode("utf-8", "replace")
            output.write(text if text.endswith("\n") else text + "\n")
            output.flush()

    def _refresh_state(self) -> dict[str, Any]:
        return self.folder.read_state()

    def _runner_pid(self) -> int | None:
        if self._process is not None:
            return self._process.pid
        pid = self._refresh_state().get("RunnerPid")
        return int(pid) if pid else None

    def _runner_alive(self) -> bool:
        if self._process is not None:
            return self._process.poll() is None
        pid = self._runner_pid()
        if pid is None:
            return self.status not in FINAL_STATUSES
        return _is_runner_of(pid, self.folder.root)

    def _fail_lost_runner(self) -> None:
        """Mark the job Failed when its runner ended without recording an end."""
        returncode = self._process.returncode if self._process is not None else None
        if returncode is not None and returncode < 0:
            cause = f"killed by {signal.Signals(-returncode).name}"
        else:
            cause = f"exit code {returncode}" if returncode is not None else "no longer running"
        reason = (
            f"InternalError: the job runner ended unexpectedly ({cause}); "
            f"its diagnostics are in {self.folder.runner_log_file}"
        )
        end = time.time()
        spec = self.folder.read_spec()
        with contextlib.suppress(Exception):
            finish_job_component(
                self.client,
                spec["TrialComponentName"],
                status="Failed",
                end_time=end,
                failure_reason=reason,
            )
        self.folder.update_state(
            TrainingJobStatus="Failed", TrainingEndTime=end, FailureReason=reason
        )
        with self.folder.log_file.open("ab") as log:
            log.write(f"Training job {self.name} Failed: {reason}\n".encode())

    def __repr__(self) -> str:
        return f"TrainingJob(name={self.name!r}, status={self.status!r})"


def _is_runner_of(pid: int, job_root: Path) -> bool:
    """Return True if ``pid`` is alive and, where /proc exists, runs this job's runner."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.exists():
        return True
    # Guards against a recycled pid that now belongs to another program.
    return str(job_root).encode() in cmdline.read_bytes()


__all__ = ["FINAL_STATUSES", "TrainingJob", "UnexpectedStatusException"]
