"""Time from "Add chart" to a drawn time-series chart of many long series.

Fills a store with 20 trial components that each log 100,000 points of one
metric, starts a real ``jupyter lab`` on it (127.0.0.1, a free port, token
authentication) and opens the chart in Debian's chromium through Playwright.
Each run loads JupyterLab in a fresh page, then runs the command

    jupyterapp.commands.execute('jupyterlab-experiments:add-chart',
        {names, properties: {dataType: 'timeSeries', metric}})

and measures, in the page, the time until plotly has drawn one trace per
component. The time includes loading the chart and plotly code, fetching
the components and their downsampled series, and drawing. Run from the
repository root:

    .venv/bin/python benchmarks/bench_chart.py

The first run after the server starts reads every series from the store.
Later runs, like a chart opened again or reloaded while nothing is
logged, get the series from the server's cache of downsampled series, so
the report gives the first run on its own and the median of the others.
``--store-url`` measures an existing store instead; its components must be
named ``bench-chart-<i>`` and log the metric given by ``--metric``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np

# The flags of ui-tests/conftest.py: chromium as root, without a GPU or network.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_TIMEOUT_S = 90
CHART_TIMEOUT_MS = 60_000
# Points per batch_put_metrics call while filling the store.
BATCH_POINTS = 50_000
COMMAND = "jupyterlab-experiments:add-chart"

# Runs in the page: execute the command, then wait until plotly has drawn
# one trace per component, and return the time taken and the requests that
# fetched metric series.
MEASURE_SCRIPT = r"""async ([command, names, metric, timeoutMs]) => {
    const start = performance.now();
    await window.jupyterapp.commands.execute(command, {
        names, properties: {dataType: 'timeSeries', metric}
    });
    const drawn = () => {
        const plot = document.querySelector('.jp-ExperimentsChart .js-plotly-plot');
        if (!plot || !plot.data || plot.data.length !== names.length) {
            return null;
        }
        if (!plot.data.every(trace => trace.x && trace.x.length > 0)) {
            return null;
        }
        const lines = plot.querySelectorAll('.scatterlayer .trace');
        return lines.length === names.length ? plot : null;
    };
    let plot = drawn();
    while (plot === null) {
        if (performance.now() - start > timeoutMs) {
            throw new Error('the chart did not show every trace in time');
        }
        await new Promise(resolve => requestAnimationFrame(resolve));
        plot = drawn();
    }
    const elapsed = performance.now() - start;
    const requests = performance.getEntriesByType('resource')
        .filter(entry => entry.startTime >= start);
    const span = pattern => {
        const found = requests.filter(entry => pattern.test(entry.name));
        if (found.length === 0) {
            return null;
        }
        return [
            found.length,
            Math.min(...found.map(entry => entry.startTime)) - start,
            Math.max(...found.map(entry => entry.responseEnd)) - start
        ];
    };
    return {
        elapsed,
        points: plot.data.map(trace => trace.x.length),
        components: span(/trial-components(\/[^/?]+)?(\?|$)/),
        series: span(/\/metrics\//),
        plotly: span(/plotly/)
    };
}"""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free at the time of the call."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def component_names(count: int) -> list[str]:
    """Return the names of the benchmark's components."""
    return [f"bench-chart-{index}" for index in range(count)]


def build_store(url: str, count: int, points: int, metric: str) -> float:
    """Create ``count`` components with ``points`` points of ``metric`` each; return seconds."""
    from jupyterlab_experiments.client import LocalSageMakerClient

    client = LocalSageMakerClient(url)
    start = time.perf_counter()
    stamp = time.time() - points
    for index, name in enumerate(component_names(count)):
        client.create_trial_component(TrialComponentName=name, DisplayName=f"Run {index}")
        # A decaying loss with noise and a few spikes, one point per second.
        generator = np.random.default_rng(index)
        values = 2.0 / (1.0 + np.arange(points) / 2_000) + generator.normal(0, 0.02, points)
        values[generator.integers(0, points, 5)] += 3.0
        listed = values.tolist()
        for first in range(0, points, BATCH_POINTS):
            client.batch_put_metrics(
                TrialComponentName=name,
                MetricData=[
                    {
                        "MetricName": metric,
                        "Value": listed[step],
                        "Timestamp": stamp + step,
                        "Step": step,
                    }
                    for step in range(first, min(points, first + BATCH_POINTS))
                ],
            )
    client.close()
    return time.perf_counter() - start


class Lab:
    """A ``jupyter lab`` child process that exposes the app as ``window.jupyterapp``."""

    def __init__(self, store_url: str, folder: Path) -> None:
        self.port = free_port()
        self.token = secrets.token_hex(16)
        settings = folder / "settings"
        # The news toast would cover part of the page.
        news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
        news.parent.mkdir(parents=True, exist_ok=True)
        news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        environment = {
            **os.environ,
            "JUPYTERLAB_EXPERIMENTS_DB_URL": store_url,
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(folder / "workspaces"),
            "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
        }
        command = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={folder}",
            "--LabApp.news_url=None",
            "--LabApp.expose_app_in_browser=True",
        ]
        if os.geteuid() == 0:
            command.append("--ServerApp.allow_root=True")
        self.log_path = folder / "jupyter-lab.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            command, env=environment, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.base_url = f"http://127.0.0.1:{self.port}/"

    def wait_until_ready(self) -> None:
        """Poll the server's status route until it responds."""
        url = f"{self.base_url}api/status?token={self.token}"
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"jupyter lab exited with {self.process.returncode}; see {self.log_path}"
                )
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"jupyter lab did not respond within {STARTUP_TIMEOUT_S} s")

    def stop(self) -> None:
        """Stop the server process and wait for it."""
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def measure_runs(lab: Lab, names: list[str], metric: str, runs: int) -> list[dict]:
    """Open the chart once per run, each time in a fresh page; return each run's timings."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("chromium is not installed; install it with: apt-get install -y chromium")
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1400, "height": 860})
                page = context.new_page()
                page.goto(f"{lab.base_url}lab?reset&token={lab.token}")
                page.wait_for_function(
                    "() => window.jupyterapp && window.jupyterapp.commands.hasCommand("
                    f"{json.dumps(COMMAND)})",
                    timeout=STARTUP_TIMEOUT_S * 1000,
                )
                page.evaluate("() => window.jupyterapp.restored")
                page.locator(".jp-Launcher").wait_for()
                results.append(
                    page.evaluate(MEASURE_SCRIPT, [COMMAND, names, metric, CHART_TIMEOUT_MS])
                )
                context.close()
        finally:
            browser.close()
    return results


def spans(span: list[float] | None) -> str:
    """Format a [count, first start, last end] span of requests."""
    if span is None:
        return "none"
    return f"[{span[0]:.0f}, {span[1]:.0f}, {span[2]:.0f}]"


def report(results: list[dict], count: int, points: int) -> None:
    """Print each run, then the first run and the median of the later ones."""
    for index, result in enumerate(results, start=1):
        drawn = sum(result["points"])
        print(
            f"run {index}: {result['elapsed']:.0f} ms to draw {count} traces "
            f"({drawn:,} points drawn of {count * points:,}); requests, as "
            f"[count, first start, last end] in ms: components {spans(result['components'])}, "
            f"series {spans(result['series'])}, plotly code {spans(result['plotly'])}"
        )
    print(f"first run (series read from the store): {results[0]['elapsed']:.0f} ms")
    if len(results) > 1:
        later = statistics.median(result["elapsed"] for result in results[1:])
        print(f"median of runs 2-{len(results)} (series from the server's cache): {later:.0f} ms")
    overall = statistics.median(result["elapsed"] for result in results)
    print(f"median of all {len(results)} runs: {overall:.0f} ms (target <= 1000 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store-url", help="store to measure (default: a new SQLite file)")
    parser.add_argument("--components", type=int, default=20, help="series to chart")
    parser.add_argument("--points", type=int, default=100_000, help="points per series")
    parser.add_argument("--metric", default="train:loss", help="metric to chart")
    parser.add_argument("--runs", type=int, default=5, help="fresh pages to open the chart in")
    arguments = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="jle-bench-chart-"))
    os.environ.setdefault("JUPYTERLAB_EXPERIMENTS_ARTIFACT_ROOT", str(folder / "artifacts"))
    url = arguments.store_url or f"sqlite:///{folder / 'bench.db'}"
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    if arguments.store_url is None:
        seconds = build_store(url, arguments.components, arguments.points, arguments.metric)
        total = arguments.components * arguments.points
        print(
            f"built {arguments.components} components x {arguments.points:,} points "
            f"in {seconds:.1f} s ({total / seconds:,.0f} points/s)"
        )

    lab = Lab(url, folder)
    try:
        lab.wait_until_ready()
        names = component_names(arguments.components)
        results = measure_runs(lab, names, arguments.metric, arguments.runs)
    finally:
        lab.stop()
    report(results, arguments.components, arguments.points)


if __name__ == "__main__":
    main()
