"""Start a training script and read its output lines with the time each arrived.

The script runs in its own session (process group), so stopping a job reaches
its worker processes too. On Linux it is also killed if the runner that started
it dies, so no script outlives its job's bookkeeping.

NOTE: sessions and process groups are POSIX features; local jobs do not run on
Windows.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import importlib.util
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import jupyterlab_experiments

_HERE = Path(__file__).resolve().parent
#: Folder with the ``sagemaker_containers`` stand-in, used only when the real one is missing.
SCRIPT_MODULES = _HERE / "_script_modules"
#: Folder with the local ``boto3``, used only when the real one is missing.
SCRIPT_BOTO3 = _HERE / "_script_boto3"

_PR_SET_PDEATHSIG = 1


def _load_libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None


# Loaded before any fork: the child may only make the prctl call.
_LIBC = _load_libc()


def _die_with_parent() -> None:
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


@dataclass(frozen=True)
class OutputLine:
    """One line of the script's output.

    Attributes
    ----------
    stream : str
        ``"stdout"`` or ``"stderr"``.
    data : bytes
        The line as written, including its line break if it had one.
    time : float
        Epoch seconds when the runner read it.
    """

    stream: str
    data: bytes
    time: float

    @property
    def text(self) -> str:
        """The line decoded as UTF-8 (invalid bytes replaced), without its line break."""
        return self.data.decode("utf-8", "replace").rstrip("\r\n")


def package_root() -> Path | None:
    """Return the folder to put on ``PYTHONPATH`` so scripts can import this package.

    None when the package is installed in site-packages, where any interpreter of
    the same environment already finds it.
    """
    root = Path(jupyterlab_experiments.__file__).resolve().parent.parent
    if root.name in ("site-packages", "dist-packages"):
        return None
    return root


def _has_module(python: str, module: str) -> bool:
    """Return True if ``python`` can import ``module`` (without importing it)."""
    if os.path.realpath(python) == os.path.realpath(sys.executable):
        return importlib.util.find_spec(module) is not None
    check = f"import importlib.util, sys; sys.exit(not importlib.util.find_spec({module!r}))"
    return subprocess.run([python, "-c", check], capture_output=True, check=False).returncode == 0


def script_environment(
    python: str, code_dir: Path, variables: Mapping[str, str], inherited: Mapping[str, str]
) -> dict[str, str]:
    """Return the script's environment: the inherited one, the job's variables and PYTHONPATH.

    ``PYTHONPATH`` starts with the code folder, so the script's own modules import
    in its subprocesses too. The stand-ins for ``sagemaker_containers`` and
    ``boto3`` are added only where the real package is not installed, so they
    never hide it.
    """
    environment = dict(inherited)
    environment.update(variables)
    paths = [str(code_dir)]
    root = package_root()
    if root is not None:
        paths.append(str(root))
    if inherited.get("PYTHONPATH"):
        paths.append(inherited["PYTHONPATH"])
    if not _has_module(python, "sagemaker_containers"):
        paths.append(str(SCRIPT_MODULES))
    if not _has_module(python, "boto3"):
        paths.append(str(SCRIPT_BOTO3))
    environment["PYTHONPATH"] = os.pathsep.join(paths)
    # Unbuffered output gives each line its real time, so metric timestamps are right.
    environment["PYTHONUNBUFFERED"] = "1"
    return environment


class ScriptProcess:
    """A running training script whose output lines arrive on a queue.

    Parameters
    ----------
    command : sequence of str
        The command, starting with the Python interpreter.
    cwd : Path
        Working directory.
    environment : mapping
        Complete environment of the script.
    """

    def __init__(self, command: Sequence[str], cwd: Path, environment: Mapping[str, str]) -> None:
        self.lines: queue.Queue[OutputLine | None] = queue.Queue()
        self.process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=dict(environment),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=_die_with_parent,  # only a prctl call runs after fork
        )
        self._open_streams = 2
        assert self.process.stdout is not None
        assert self.process.stderr is not None
        for name, stream in (("stdout", self.process.stdout), ("stderr", self.process.stderr)):
            threading.Thread(
                target=self._read, args=(name, stream), name=f"read-{name}", daemon=True
            ).start()

    @property
    def pid(self) -> int:
        """Process id of the script (also its process group id)."""
        return self.process.pid

    def _read(self, name: str, stream: IO[bytes]) -> None:
        with stream:
            for data in iter(stream.readline, b""):
                self.lines.put(OutputLine(name, data, time.time()))
        self.lines.put(None)

    def next_line(self, timeout: float) -> OutputLine | None:
        """Return the next line, or None if none arrived within ``timeout`` or all output ended."""
        while self._open_streams:
            try:
                item = self.lines.get(timeout=timeout)
            except queue.Empty:
                return None
            if item is not None:
                return item
            self._open_streams -= 1
        return None

    @property
    def output_ended(self) -> bool:
        """True once both output streams are closed."""
        return self._open_streams == 0

    def signal_group(self, signal_number: int) -> None:
        """Send a signal to the script and every process in its group."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal_number)


__all__ = [
    "SCRIPT_BOTO3",
    "SCRIPT_MODULES",
    "OutputLine",
    "ScriptProcess",
    "package_root",
    "script_environment",
]
