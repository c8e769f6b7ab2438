"""Start JupyterLab on 127.0.0.1 with the Experiments panel open.

``make demo`` runs this after the MNIST example has filled the store. The
panel is opened through a JupyterLab workspace whose left area shows the
Experiments sidebar. The URL with its token is printed once the server
responds.

Usage::

    python scripts/start_demo_lab.py [--port 8888] [--root-dir examples/mnist]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

SIDEBAR_ID = "jp-experiments-sidebar"


def free_port(preferred: int) -> int:
    """Return ``preferred`` when it is free on 127.0.0.1, else any free port."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", preferred))
        except OSError:
            sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_workspace(folder: Path) -> None:
    """Write the default workspace with the Experiments panel as the open left tab."""
    workspace = {
        "data": {
            "layout-restorer:data": {
                "main": {"dock": None},
                "left": {
                    "collapsed": False,
                    "visible": True,
                    "current": SIDEBAR_ID,
                    "widgets": ["filebrowser", SIDEBAR_ID],
                },
                "right": {"collapsed": True, "visible": True, "widgets": []},
            }
        },
        "metadata": {"id": "default"},
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "default-37a8.jupyterlab-workspace").write_text(json.dumps(workspace))


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Poll the server's status route until it responds or the process ends."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"jupyter lab exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (a loopback URL we built)
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"jupyter lab did not respond at {url} within {timeout:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description="Start JupyterLab with the Experiments panel.")
    parser.add_argument("--port", type=int, default=8888, help="port to try first (default 8888)")
    parser.add_argument(
        "--root-dir", type=Path, default=Path("examples/mnist"), help="folder JupyterLab opens"
    )
    arguments = parser.parse_args()

    port = free_port(arguments.port)
    token = secrets.token_hex(16)
    workspaces = Path(tempfile.mkdtemp(prefix="jupyterlab-experiments-demo-"))
    write_workspace(workspaces)
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={arguments.root_dir}",
        f"--LabApp.workspaces_dir={workspaces}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")

    process = subprocess.Popen(command)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/api/status?token={token}", process)
        print(
            f"\nJupyterLab is running with the Experiments panel open:\n"
            f"    http://127.0.0.1:{port}/lab?token={token}\n"
            "Press Ctrl-C to stop it.",
            flush=True,
        )
        process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        process.wait(30)


if __name__ == "__main__":
    main()
