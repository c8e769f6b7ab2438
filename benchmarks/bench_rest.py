"""REST speed of the trial component table, measured over HTTP.

Starts a real ``jupyter server`` process (127.0.0.1, a free port, token
authentication) on a store and measures the median latency of the requests
that the table sends. They are the first page sorted by a metric without
the total count, the count on its own, the column names and two value lists,
for one experiment and for the whole store. Run from the repository root:

    .venv/bin/python benchmarks/bench_rest.py --store-url sqlite:////tmp/bench.db \\
        --experiment my-experiment

``--build N`` first adds an experiment with N components to the store,
with the builder of ``bench_store.py`` (5 parameters and 3 metrics of 50
steps per component, in 100 trials), and measures that experiment. Without
``--store-url``, a new SQLite file in a temporary folder is built with
10,000 components. Building took about 75 seconds per 10,000 components on
SQLite on a 2-core machine, and about twice as long on PostgreSQL.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from bench_store import TRIALS, build_components

REPEATS = 21
STARTUP_TIMEOUT_S = 60
API = "/jupyterlab-experiments/api/"
SORT_METRIC = "Metrics.test:accuracy.Max"
OTHER_SORT_KEYS = (
    "TrialComponentName",
    "DisplayName",
    "Type",
    "Status.PrimaryStatus",
    "CreationTime",
    "LastModifiedTime",
    "StartTime",
    "EndTime",
    "Duration",
    "Parameters.lr",
    "Parameters.optimizer",
    "Metrics.test:loss.Last",
)
EXPORT_COLUMNS = (
    "TrialComponentName",
    "Trials",
    "Type",
    "Status.PrimaryStatus",
    "StartTime",
    "Duration",
    "Parameters.lr",
    "Parameters.optimizer",
    "Metrics.test:accuracy.Max",
    "Metrics.test:loss.Last",
)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free at the time of the call."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_store(url: str, size: int) -> str:
    """Fill a new store with ``size`` components of one experiment; return its name."""
    from jupyterlab_experiments.client import LocalSageMakerClient
    from jupyterlab_experiments.experiment import Experiment

    client = LocalSageMakerClient(url)
    experiment_name = f"bench-rest-{int(time.time())}"
    experiment = Experiment.create(experiment_name=experiment_name, sagemaker_boto_client=client)
    for index in range(TRIALS):
        experiment.create_trial(trial_name=f"{experiment_name}-t{index}")
    speed = build_components(client, experiment_name, size, 0)
    print(f"built {size:,} components at {speed:,.0f} components/s")
    client.close()
    return experiment_name


class Server:
    """A ``jupyter server`` child process that serves only this extension."""

    def __init__(self, store_url: str, folder: Path) -> None:
        self.port = free_port()
        self.token = secrets.token_hex(16)
        config = folder / "jupyter_server_config.json"
        extensions = {
            "jupyterlab_experiments": True,
            "jupyterlab": False,
            "jupyter_lsp": False,
            "jupyter_server_terminals": False,
            "notebook_shim": False,
        }
        config.write_text(json.dumps({"ServerApp": {"jpserver_extensions": extensions}}))
        environment = {
            **os.environ,
            "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
            "JUPYTER_DATA_DIR": str(folder / "data"),
        }
        command = [
            sys.executable,
            "-m",
            "jupyter_server",
            "--no-browser",
            f"--config={config}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={folder}",
            f"--IdentityProvider.token={self.token}",
            f"--ExperimentsConfig.db_url={store_url}",
        ]
        if os.geteuid() == 0:
            # Containers often run as root, which jupyter server refuses without this.
            command.append("--allow-root")
        self.log = (folder / "server.log").open("w")
        self.process = subprocess.Popen(
            command, env=environment, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)

    def get(self, route: str, params: dict[str, str] | None = None) -> bytes:
        """Send a GET request to an API route and return the body; fail on any other status."""
        path = API + route + ("?" + urlencode(params) if params else "")
        self.connection.request("GET", path, headers={"Authorization": f"token {self.token}"})
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path} returned {response.status}: {body[:500]!r}")
        return body

    def wait_until_ready(self) -> None:
        """Poll the revision route until the server responds."""
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter server exited with {self.process.returncode}")
            try:
                self.get("revision")
                return
            except (OSError, http.client.HTTPException, RuntimeError):
                self.connection.close()
                time.sleep(0.2)
        raise RuntimeError(f"jupyter server did not respond within {STARTUP_TIMEOUT_S} s")

    def stop(self) -> None:
        """Stop the server process and wait for it."""
        self.connection.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def median_ms(action: Callable[[], object], repeats: int = REPEATS) -> float:
    """Median wall time in milliseconds of ``repeats`` runs, after one warm-up run."""
    action()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def measure(server: Server, experiment_name: str, every_column: bool, export: bool) -> None:
    """Print the median latency of each request of the table.

    ``every_column`` adds the first page sorted by each other column, and
    ``export`` the time of one CSV export of the whole experiment.
    """
    scope = json.dumps({"experiments": [experiment_name]})
    first_page = {
        "experiment_name": experiment_name,
        "sort_by": SORT_METRIC,
        "sort_order": "descending",
        "max_results": "100",
        "include_total_count": "false",
    }
    count = json.loads(
        server.get(
            "trial-components",
            {"experiment_name": experiment_name, "max_results": "1"},
        )
    )["total_count"]
    print(f"experiment {experiment_name}: {count:,} components")

    def page(params: dict[str, str], expected: int | None) -> Callable[[], object]:
        def run() -> object:
            body = json.loads(server.get("trial-components", params))
            found = len(body["trial_components"])
            if expected is not None and found != expected:
                raise RuntimeError(f"expected {expected} components, got {found}")
            return body

        return run

    rows = min(count, 100)
    store_wide = {key: value for key, value in first_page.items() if key != "experiment_name"}
    requests: list[tuple[str, Callable[[], object]]] = [
        ("sorted first page, no count (target <= 25 ms at 100,000)", page(first_page, rows)),
        ("same page with scope", page({**store_wide, "scope": scope}, rows)),
        ("same page with total count", page({**first_page, "include_total_count": "true"}, rows)),
        (
            "count alone (max_results=1)",
            page({"scope": scope, "max_results": "1", "include_total_count": "true"}, 1),
        ),
        ("whole store sorted first page, no count", page(store_wide, None)),
        (
            "columns of the experiment",
            lambda: server.get("trial-component-table/columns", {"scope": scope}),
        ),
        ("columns of the whole store", lambda: server.get("trial-component-table/columns")),
        (
            "values of Parameters.batch_size",
            lambda: server.get(
                "trial-component-table/values",
                {"scope": scope, "property": "Parameters.batch_size"},
            ),
        ),
        (
            "values of Parents.TrialName",
            lambda: server.get(
                "trial-component-table/values", {"scope": scope, "property": "Parents.TrialName"}
            ),
        ),
    ]
    if every_column:
        for key in OTHER_SORT_KEYS:
            params = {**first_page, "sort_by": key}
            requests.append((f"first page sorted by {key}, no count", page(params, rows)))
    for label, action in requests:
        print(f"{label}: {median_ms(action):.1f} ms")

    if export:
        start = time.perf_counter()
        body = server.get(
            "trial-component-table/export",
            {"scope": scope, "sort_by": SORT_METRIC, "columns": json.dumps(EXPORT_COLUMNS)},
        )
        seconds = time.perf_counter() - start
        lines = body.count(b"\r\n") - 1
        print(f"CSV export of {lines:,} rows, {len(body) / 1e6:.1f} MB: {seconds:.1f} s (one run)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--store-url", help="store to measure (default: a new SQLite file in a temporary folder)"
    )
    parser.add_argument(
        "--build",
        type=int,
        help="components to add to a new experiment first (default: 10,000 without "
        "--store-url, else none)",
    )
    parser.add_argument(
        "--experiment", help="experiment to scope the table to (default: the one built)"
    )
    parser.add_argument(
        "--every-column", action="store_true", help="also time a sort by each other column"
    )
    parser.add_argument(
        "--export", action="store_true", help="also time one CSV export of the experiment"
    )
    arguments = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="jle-bench-rest-"))
    os.environ.setdefault("JUPYTERLAB_EXPERIMENTS_ARTIFACT_ROOT", str(folder / "artifacts"))
    url = arguments.store_url or str(folder / "bench.db")
    build = arguments.build
    if build is None:
        build = 0 if arguments.store_url else 10_000
    experiment_name = arguments.experiment
    if build:
        experiment_name = build_store(url, build)
    if experiment_name is None:
        parser.error("--experiment is required when nothing is built")

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    server = Server(url, folder)
    try:
        server.wait_until_ready()
        measure(server, experiment_name, arguments.every_column, arguments.export)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
