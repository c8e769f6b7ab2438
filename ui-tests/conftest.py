"""Fixtures of the browser tests: a real ``jupyter lab`` and Debian's chromium.

One JupyterLab server and one browser serve the whole session; each test
opens a fresh page. The server's store is a temporary SQLite file that the
tests fill through the Python SDK, as a notebook or a training job would.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from jupyterlab_experiments.client import LocalSageMakerClient

from seed import SeededData, seed_tutorial

# Flags for running chromium as root on a machine without a GPU or network.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

SERVER_START_TIMEOUT = 60.0
SCREENSHOT_DIR = Path(__file__).parent / "screenshots"


@dataclass
class LabServer:
    """A running ``jupyter lab`` process and the store it serves."""

    base_url: str
    token: str
    store_url: str
    client: LocalSageMakerClient
    log_path: Path

    def lab_url(self) -> str:
        """Return the URL that opens JupyterLab with an empty workspace."""
        return f"{self.base_url}lab?reset&token={self.token}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _write_user_settings(settings_dir: Path) -> None:
    # On first start JupyterLab shows a toast that offers to fetch news, and
    # the toast would cover part of every screenshot.
    path = settings_dir / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))


def _wait_until_ready(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"jupyter lab exited with code {process.returncode}; "
                f"its log:\n{log_path.read_text(errors='replace')}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"jupyter lab did not answer {url} within {SERVER_START_TIMEOUT} s; "
        f"its log:\n{log_path.read_text(errors='replace')}"
    )


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """Start ``jupyter lab`` on 127.0.0.1 with a temporary store."""
    root = tmp_path_factory.mktemp("lab")
    store_url = f"sqlite:///{root / 'experiments.db'}"
    settings_dir = root / "settings"
    _write_user_settings(settings_dir)
    port = _free_port()
    token = secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTERLAB_EXPERIMENTS_DB_URL": store_url,
        "JUPYTERLAB_SETTINGS_DIR": str(settings_dir),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
    }
    env.pop("JUPYTERLAB_EXPERIMENTS_ARTIFACT_ROOT", None)
    log_path = root / "jupyter-lab.log"
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
        "--ServerApp.allow_root=True",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    client = LocalSageMakerClient(store_url)
    try:
        base_url = f"http://127.0.0.1:{port}/"
        _wait_until_ready(f"{base_url}api/status?token={token}", process, log_path)
        yield LabServer(base_url, token, store_url, client, log_path)
    finally:
        client.close()
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture(scope="session")
def seeded(lab_server: LabServer) -> SeededData:
    """The tutorial's experiment with two trials and one unassigned component."""
    return seed_tutorial(lab_server.client, trial_count=2)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed; install it with: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Record each phase's report on the test item, for the ``page`` fixture."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def page(
    request: pytest.FixtureRequest, browser, lab_server: LabServer, screenshot_dir: Path
) -> Iterator[object]:
    """A new page with JupyterLab loaded and the Experiments panel open.

    When the test fails, a screenshot of the page is saved under
    ``screenshots/failures/`` to show what the browser showed.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(lab_server.lab_url())
    # JupyterLab focuses the launcher once it has started; wait for that so
    # it does not take the keyboard focus from the panel during a test.
    page.locator(".jp-Launcher").wait_for()
    page.locator(".jp-SideBar [data-id='jp-experiments-sidebar']").click()
    page.get_by_role("region", name="Experiments").wait_for()
    widen_left_sidebar(page, 560)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        failures = screenshot_dir / "failures"
        failures.mkdir(exist_ok=True)
        page.screenshot(path=str(failures / f"{request.node.name}.png"))
    context.close()


def widen_left_sidebar(page, width: int) -> None:
    """Drag the handle of the left sidebar so that it is ``width`` pixels wide.

    The panel shows as many columns as fit, so a wider panel shows all of them.
    """
    handle = page.locator("#jp-main-split-panel > .lm-SplitPanel-handle").first
    box = handle.bounding_box()
    panel = page.locator("#jp-left-stack").bounding_box()
    if box is None or panel is None:
        raise AssertionError("the left sidebar is not open")
    x = box["x"] + box["width"] / 2
    y = box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(panel["x"] + width, y, steps=5)
    page.mouse.up()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Folder of the screenshots the tests take, for looking at the layout."""
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    return SCREENSHOT_DIR


# The root test configuration may load pytest-jupyter, whose autouse fixtures
# close the asyncio loop after each test; Playwright's sync API runs its own
# loop there, so closing fails. These tests start their own server instead.
@pytest.fixture
def jp_asyncio_loop() -> None:
    """Replace pytest-jupyter's event-loop fixture, which these tests do not use."""


@pytest.fixture
def jp_server_cleanup() -> None:
    """Replace pytest-jupyter's server clean-up fixture, which these tests do not use."""
