"""A throw-away PostgreSQL cluster for the test session.

The cluster is created with ``initdb`` in a temporary folder, listens on a free
127.0.0.1 port and is stopped at the end of the session. PostgreSQL refuses to
run as root, so when the tests run as root the server tools run as the
``postgres`` system user that Debian's package creates.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def _find_bin_dir() -> Path:
    """Locate the folder of ``initdb`` and ``pg_ctl``."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if not candidates:
        raise RuntimeError(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found; "
            "install them, e.g. `apt-get install postgresql`."
        )
    return Path(candidates[0]).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_as_owner(args: list[str], owner: str | None) -> None:
    if owner is not None:
        args = ["runuser", "-u", owner, "--", *args]
    subprocess.run(args, check=True, capture_output=True, timeout=120)


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str]:
    """Start a cluster and yield a SQLAlchemy URL of its ``postgres`` database."""
    bin_dir = _find_bin_dir()
    owner = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="jle-pg-"))
    data = root / "data"
    if owner is not None:
        user = pwd.getpwnam(owner)
        os.chown(root, user.pw_uid, user.pw_gid)

    _run_as_owner(
        [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"],
        owner,
    )
    port = _free_port()
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    _run_as_owner(
        [
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "start",
        ],
        owner,
    )
    try:
        _wait_for_port(port)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        _run_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "stop", "-m", "immediate"], owner)
        shutil.rmtree(root, ignore_errors=True)


def _wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"PostgreSQL did not accept connections on port {port}")
