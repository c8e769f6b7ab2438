"""The process that runs one local training job: ``python -m ...sagemaker.runner JOB_FOLDER``.

The estimator starts this runner in its own session and returns. The runner
starts the script and writes its output to ``output.log``. It captures metrics
from every line and streams them to the store. At the end it records the
status, end time and model archive in the trial component and ``state.json``.
Because the runner is separate from the notebook kernel, a job finishes its
bookkeeping even if the kernel is restarted. SIGTERM stops the job.
"""

from __future__ import annotations

import logging
import os
import shlex
import signal
import sys
import threading
import time
from collections import deque
from pathlib import Path
from typing import IO, Any

from .._heartbeat import Heartbeat
from . import archives
from .job_component import finish_job_component
from .job_folder import JobFolder
from .metric_capture import MetricCapture
from .metric_definitions import parse_metric_definitions
from .metric_sink import MetricSink
from .script_process import OutputLine, ScriptProcess, script_environment

logger = logging.getLogger(__name__)

# Lines kept to explain a failure, and the length each is cut to.
_ERROR_LINES_KEPT = 10
_ERROR_LINE_MAX = 200
# Seconds the runner waits for the output pipes to close after the script exited
# (a worker process may still hold them) before it kills the process group.
_PIPE_GRACE = 2.0
# How often the main loop checks for stop requests while no line arrives.
_POLL_INTERVAL = 0.2


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class JobRunner:
    """Run the job described by a job folder's ``job.json``.

    Parameters
    ----------
    folder : JobFolder
        The job's folder, with ``job.json`` written by the estimator.
    client : object
        Local SageMaker client of the job's store.
    """

    def __init__(self, folder: JobFolder, client: Any) -> None:
        self.folder = folder
        self.client = client
        self.spec = folder.read_spec()
        self.component = self.spec["TrialComponentName"]
        self._stop_requested = threading.Event()

    def request_stop(self) -> None:
        """Ask the job to stop; the main loop sends SIGTERM to the script."""
        self._stop_requested.set()

    def run(self) -> str:
        """Run the script to its end and record the outcome; return the final status."""
        start = time.time()
        self.folder.update_state(
            TrainingJobStatus="InProgress", RunnerPid=os.getpid(), TrainingStartTime=start
        )
        capture = MetricCapture(parse_metric_definitions(self.spec.get("MetricDefinitions")))
        with self.folder.log_file.open("ab") as log:
            process = self._start(log)
            if process is None:
                return "Failed"
            sink = MetricSink(self.client, self.component)
            sink.start()
            heartbeat = Heartbeat(self.client, self.component)
            heartbeat.start()
            try:
                error_lines, stop_reason = self._follow(process, log, capture, sink)
                returncode = process.process.wait()
            finally:
                heartbeat.stop()
            all_sent = sink.close()
            status, reason = self._outcome(returncode, stop_reason, error_lines)
            self._finish(log, start, status, reason, capture, sink, returncode, all_sent)
        return status

    def _start(self, log: IO[bytes]) -> ScriptProcess | None:
        command = list(self.spec["Command"])
        code_dir = Path(self.spec["WorkingDirectory"])
        environment = script_environment(
            command[0], code_dir, self.spec.get("Environment", {}), os.environ
        )
        _write_note(log, f"Invoking script with the following command:\n\n{shlex.join(command)}\n")
        try:
            process = ScriptProcess(command, code_dir, environment)
        except OSError as error:
            reason = f"AlgorithmError: could not start {command[0]!r}: {error}"
            logger.error("Job %s could not start: %s", self.folder.job_name, error)
            self._record_end(log, time.time(), "Failed", reason, returncode=None)
            return None
        self.folder.update_state(ProcessPid=process.pid)
        return process

    def _follow(
        self, process: ScriptProcess, log: IO[bytes], capture: MetricCapture, sink: MetricSink
    ) -> tuple[list[str], str | None]:
        """Copy output to the log and capture metrics until the output ends.

        Returns the last error lines (stderr, else any output) and the stop reason,
        if the job was stopped.
        """
        stderr_tail: deque[str] = deque(maxlen=_ERROR_LINES_KEPT)
        output_tail: deque[str] = deque(maxlen=_ERROR_LINES_KEPT)
        max_run = self.spec.get("MaxRuntimeInSeconds")
        stop_timeout = float(self.spec.get("StopTimeoutSeconds", 10))
        started = time.monotonic()
        stop_reason: str | None = None
        kill_at: float | None = None
        exited_at: float | None = None
        # The loop runs until the output has ended and the script has exited: a
        # script may close its output early and still need to be stopped.
        while not process.output_ended or process.process.poll() is None:
            if process.output_ended:
                time.sleep(_POLL_INTERVAL)
            line = process.next_line(_POLL_INTERVAL)
            if line is not None:
                self._handle_line(line, log, capture, sink)
                tail = stderr_tail if line.stream == "stderr" else output_tail
                tail.append(line.text[:_ERROR_LINE_MAX])
            now = time.monotonic()
            if stop_reason is None:
                stop_reason = self._stop_reason(now - started, max_run)
                if stop_reason is not None:
                    logger.info("Stopping job %s: %s", self.folder.job_name, stop_reason)
                    self._mark_stopping()
                    process.signal_group(signal.SIGTERM)
                    kill_at = now + stop_timeout
            if kill_at is not None and now >= kill_at:
                process.signal_group(signal.SIGKILL)
                kill_at = None
            if process.process.poll() is not None and not process.output_ended:
                exited_at = exited_at or now
                if now - exited_at > _PIPE_GRACE:
                    # A worker process outlived the script and keeps the pipes open.
                    process.signal_group(signal.SIGKILL)
                    if now - exited_at > 2 * _PIPE_GRACE:
                        break
        return list(stderr_tail or output_tail), stop_reason

    def _handle_line(
        self, line: OutputLine, log: IO[bytes], capture: MetricCapture, sink: MetricSink
    ) -> None:
        log.write(line.data if line.data.endswith(b"\n") else line.data + b"\n")
        log.flush()
        sink.add(capture.feed(line.text, line.time))

    def _stop_reason(self, elapsed: float, max_run: float | None) -> str | None:
        if self._stop_requested.is_set():
            return "Stopped by request"
        if max_run is not None and elapsed > max_run:
            return f"MaxRuntimeExceeded: the job ran longer than {max_run} seconds"
        return None

    def _mark_stopping(self) -> None:
        self.folder.update_state(TrainingJobStatus="Stopping")
        try:
            finish_job_component(self.client, self.component, status="Stopping", end_time=None)
        except Exception:
            logger.exception("Could not mark %s as Stopping", self.component)

    def _outcome(
        self, returncode: int, stop_reason: str | None, error_lines: list[str]
    ) -> tuple[str, str | None]:
        if stop_reason is not None:
            return "Stopped", stop_reason
        if returncode == 0:
            return "Completed", None
        if returncode < 0:
            cause = f"AlgorithmError: the script was killed by {_signal_name(-returncode)}"
        else:
            cause = f"AlgorithmError: ExitCode {returncode}"
        if error_lines:
            cause += ", last error lines: " + " | ".join(line for line in error_lines if line)
        return "Failed", cause

    def _finish(
        self,
        log: IO[bytes],
        start: float,
        status: str,
        reason: str | None,
        capture: MetricCapture,
        sink: MetricSink,
        returncode: int,
        all_sent: bool,
    ) -> None:
        end = time.time()
        model_artifact = self._pack_model() if status in ("Completed", "Stopped") else None
        notes = capture.report_lines()
        if not all_sent:
            notes.append(
                f"{sink.pending} captured metric points could not be stored: {sink.last_error}"
            )
        for note in notes:
            _write_note(log, note)
        parameters: dict[str, float | str] = {
            f"MetricCapture.{name}.NonNumericCount": float(captures.count)
            for name, captures in capture.non_numeric.items()
        }
        self._record_end(
            log,
            end,
            status,
            reason,
            returncode=returncode,
            note=" ".join(notes) or None,
            model_artifact=model_artifact,
            parameters=parameters,
            state={
                "MetricCounts": capture.counts,
                "NonNumericCaptures": {
                    name: {"Count": captures.count, "Examples": captures.examples}
                    for name, captures in capture.non_numeric.items()
                },
                "UnsentMetricPoints": sink.pending,
            },
        )
        _write_note(log, f"Training seconds: {max(1, round(end - start))}")

    def _pack_model(self) -> str | None:
        archive = archives.pack_folder(self.folder.model_dir, self.folder.model_archive)
        if not archives.is_empty(self.folder.output_data_dir):
            archives.pack_folder(self.folder.output_data_dir, self.folder.output_archive)
        target = self.spec.get("ModelArtifact") or {}
        if target.get("Path"):
            archives.copy_archive(archive, Path(target["Path"]))
        return target.get("Uri") or archive.as_uri()

    def _record_end(
        self,
        log: IO[bytes],
        end: float,
        status: str,
        reason: str | None,
        *,
        returncode: int | None,
        note: str | None = None,
        model_artifact: str | None = None,
        parameters: dict[str, float | str] | None = None,
        state: dict[str, Any] | None = None,
    ) -> None:
        try:
            finish_job_component(
                self.client,
                self.component,
                status=status,
                end_time=end,
                failure_reason=reason,
                note=note,
                model_artifact=model_artifact,
                parameters=parameters,
            )
        except Exception:
            logger.exception("Could not record the end of %s in the store", self.component)
        self.folder.update_state(
            TrainingJobStatus=status,
            TrainingEndTime=end,
            ExitCode=returncode,
            FailureReason=reason,
            ModelArtifact=model_artifact,
            **(state or {}),
        )
        summary = f"Training job {self.folder.job_name} {status}"
        _write_note(log, f"{summary}: {reason}" if reason else f"{summary}.")


def _write_note(log: IO[bytes], text: str) -> None:
    log.write(text.encode("utf-8") + b"\n")
    log.flush()


def _fail_after_crash(folder: JobFolder, client: Any, error: BaseException) -> None:
    """Record an internal error of the runner so the job does not stay InProgress."""
    reason = f"InternalError: the job runner failed: {error!r}"
    end = time.time()
    try:
        spec = folder.read_spec()
        finish_job_component(
            client,
            spec["TrialComponentName"],
            status="Failed",
            end_time=end,
            failure_reason=reason,
        )
    except Exception:
        logger.exception("Could not record the runner failure of %s", folder.job_name)
    folder.update_state(TrainingJobStatus="Failed", TrainingEndTime=end, FailureReason=reason)


def main(argv: list[str] | None = None) -> int:
    """Run the job in the folder named by the first argument; exit 0 unless the runner failed."""
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 1:
        sys.stderr.write("usage: python -m jupyterlab_experiments.sagemaker.runner JOB_FOLDER\n")
        return 2
    folder = JobFolder(Path(arguments[0]))
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    from ..client import get_client

    client = get_client()
    runner = JobRunner(folder, client)
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: runner.request_stop())
    try:
        runner.run()
    except Exception as error:
        logger.exception("The runner of job %s failed", folder.job_name)
        _fail_after_crash(folder, client, error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
