"""Helpers for training job tests: the job scripts and a small estimator factory."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from jupyterlab_experiments.exceptions import ResourceNotFound
from jupyterlab_experiments.sagemaker.estimator import Estimator
from jupyterlab_experiments.sagemaker.session import Session

SCRIPTS = Path(__file__).resolve().parent / "scripts"

LOSS_DEFINITION = {"Name": "train:loss", "Regex": r"loss=([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?|nan)"}


def make_estimator(client: Any, script: str, **arguments: Any) -> Estimator:
    """Return an estimator for one of the test scripts, bound to the client's store."""
    arguments.setdefault("stop_timeout", 2.0)
    return Estimator(
        entry_point=str(SCRIPTS / script),
        role="arn:aws:iam::000000000000:role/test",
        sagemaker_session=Session(sagemaker_client=client),
        **arguments,
    )


def metric_values(client: Any, component: str, metric: str) -> list[tuple[int, float]]:
    """Return a metric's (step, value) points in step order, none if it has no point yet."""
    try:
        response = client.get_metric_data(TrialComponentName=component, MetricName=metric)
    except ResourceNotFound:
        return []
    points = response["Points"]
    return [(point["Step"], point["Value"]) for point in points]


def report_of(log: str) -> dict[str, Any]:
    """Return the JSON report a test script printed on its ``REPORT`` line."""
    for line in log.splitlines():
        if line.startswith("REPORT "):
            return dict(json.loads(line[len("REPORT ") :]))
    raise AssertionError(f"no REPORT line in the job log:\n{log}")


def wait_for(condition: Any, timeout: float = 30.0, interval: float = 0.1) -> Any:
    """Poll ``condition()`` until it returns a true value, and return that value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
