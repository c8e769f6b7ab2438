"""Time to the first rows of the trial component table in a real browser.

Starts ``jupyter lab`` (127.0.0.1, a free port, token authentication) on a
store, opens JupyterLab in Debian's chromium through Playwright and measures,
as medians over fresh tables:

- **open**: from running the command that opens the table of an experiment
  to the first row of data in the grid;
- **sort**: from choosing "Sort descending" in a metric column's header menu
  to the first row of the newly sorted data;
- **scroll**: from scrolling the grid by one screen to the newly visible rows
  being filled, at the first pages (the wheel and the keyboard scroll this way);
- **jump**: from dragging the scroll bar to row 20,000 to the rows there
  being filled.

Run from the repository root on a store filled by ``bench_store.py`` or
``bench_rest.py --build``:

    .venv/bin/python benchmarks/bench_table_browser.py \\
        --store-url sqlite:////tmp/bench.db --experiment bench-rest
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPEATS = 7
JUMP_ROW = 20_000
STARTUP_TIMEOUT_S = 90
OPEN_COMMAND = "jupyterlab-experiments:open-trial-component-list"
SORT_COLUMN = "Metrics.test:accuracy.Max"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Runs in the page: open the table and resolve with the milliseconds until
# a data row is in the grid.
OPEN_SCRIPT = """
async ([command, experiment]) => {
  const start = performance.now();
  const firstRow = new Promise(resolve => {
    const check = () => {
      if (document.querySelector('.jp-ExperimentsTable-row[data-name]')) {
        observer.disconnect();
        resolve(performance.now() - start);
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true });
  });
  await window.jupyterapp.commands.execute(command, {
    scope: { experiments: [experiment] }
  });
  return firstRow;
}
"""

# Runs in the page: click a menu item and resolve with the milliseconds
# until the first row shows another component than before.
SORT_SCRIPT = """
async (label) => {
  const grid = document.querySelector('.jp-ExperimentsTable-grid');
  const before = grid.querySelector('.jp-ExperimentsTable-row[data-name]')
    .getAttribute('data-name');
  const item = [...document.querySelectorAll('[role="menuitem"]')]
    .find(node => node.textContent === label);
  const start = performance.now();
  const changed = new Promise(resolve => {
    const check = () => {
      const row = grid.querySelector('.jp-ExperimentsTable-row[data-name]');
      if (row && row.getAttribute('data-name') !== before) {
        observer.disconnect();
        resolve(performance.now() - start);
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(grid, { childList: true, subtree: true, attributes: true });
  });
  item.click();
  return changed;
}
"""

# Runs in the page: scroll by `distance` pixels (one screen when null) and
# resolve with the milliseconds until no visible row is a placeholder.
SCROLL_SCRIPT = """
async (distance) => {
  const grid = document.querySelector('.jp-ExperimentsTable-grid');
  const start = performance.now();
  grid.scrollTop += distance ?? grid.clientHeight;
  return new Promise(resolve => {
    const check = () => {
      const top = grid.scrollTop;
      const bottom = top + grid.clientHeight;
      const visible = [...grid.querySelectorAll('.jp-ExperimentsTable-row')]
        .filter(row => row.offsetTop < bottom && row.offsetTop >= top);
      const filled = visible.length > 0 &&
        visible.every(row => !row.classList.contains('jp-mod-placeholder'));
      if (filled) {
        resolve(performance.now() - start);
      } else {
        requestAnimationFrame(check);
      }
    };
    requestAnimationFrame(check);
  });
}
"""


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_lab(store_url: str, root: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``jupyter lab`` on the store and return the process and its URL."""
    port = free_port()
    token = secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTERLAB_EXPERIMENTS_DB_URL": store_url,
        "JUPYTERLAB_SETTINGS_DIR": str(root / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
    }
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
        "--LabApp.expose_app_in_browser=True",
    ]
    log = (root / "jupyter-lab.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited; see {root / 'jupyter-lab.log'}")
        try:
            with urllib.request.urlopen(f"{base}api/status?token={token}", timeout=2):
                return process, f"{base}lab?reset&token={token}"
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError("jupyter lab did not start in time")


def measure(store_url: str, experiment: str, repeats: int) -> dict[str, list[float]]:
    """Return the measured milliseconds of each step, one entry per run."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("chromium is not installed; install it with: apt-get install -y chromium")

    results: dict[str, list[float]] = {"open": [], "sort": [], "scroll": [], "jump": []}
    with tempfile.TemporaryDirectory() as folder:
        process, url = start_lab(store_url, Path(folder))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=executable, args=CHROMIUM_FLAGS
                )
                for _ in range(repeats + 1):
                    page = browser.new_page(viewport={"width": 1400, "height": 860})
                    page.set_default_timeout(60_000)
                    page.goto(url)
                    page.locator(".jp-Launcher").wait_for()
                    opened = page.evaluate(OPEN_SCRIPT, [OPEN_COMMAND, experiment])

                    metric = SORT_COLUMN.rsplit(".", 1)[0]
                    page.locator(
                        f".jp-ExperimentsTable-headerCell[data-column^='{metric}.']"
                    ).first.wait_for()
                    header = page.locator(
                        f".jp-ExperimentsTable-headerCell[data-column='{SORT_COLUMN}']"
                    )
                    if header.count() == 0:
                        # Metric columns show Last by default; switch to Max.
                        last = metric + ".Last"
                        page.locator(
                            f".jp-ExperimentsTable-headerCell[data-column='{last}'] "
                            ".jp-ExperimentsTable-headerMenuButton"
                        ).click()
                        page.get_by_role("menuitemradio", name="Max").click()
                    header.locator(".jp-ExperimentsTable-headerMenuButton").click()
                    sorted_ms = page.evaluate(SORT_SCRIPT, "Sort descending")
                    # The scroll area has its full height once the rows are counted.
                    page.locator(".jp-ExperimentsTable-status").get_by_text(
                        "trial components", exact=False
                    ).filter(has_not_text="counting").wait_for()
                    scrolled = page.evaluate(SCROLL_SCRIPT, None)
                    row_height = page.evaluate(
                        "document.querySelector('.jp-ExperimentsTable-row').offsetHeight"
                    )
                    jumped = page.evaluate(SCROLL_SCRIPT, JUMP_ROW * row_height)
                    page.close()
                    results["jump"].append(jumped)
                    results["open"].append(opened)
                    results["sort"].append(sorted_ms)
                    results["scroll"].append(scrolled)
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=30)

    # The first run warms up the server's caches and the browser's code cache.
    return {name: values[1:] for name, values in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store-url", required=True, help="store to open")
    parser.add_argument("--experiment", required=True, help="experiment whose table is opened")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    arguments = parser.parse_args()

    results = measure(arguments.store_url, arguments.experiment, arguments.repeats)
    for name, values in results.items():
        print(
            f"{name:>6}: median {statistics.median(values):7.1f} ms"
            f"  (min {min(values):.1f}, max {max(values):.1f}, runs {len(values)})"
        )


if __name__ == "__main__":
    main()
