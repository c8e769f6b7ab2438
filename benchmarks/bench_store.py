"""Store and SDK speed: writes, sorted pages, filters and analytics.

Builds N trial components through the public SDK (5 parameters, 3 metrics x
50 steps each, spread over 100 trials of one experiment), then measures
medians of repeated runs. Run from the repository root:

    .venv/bin/python benchmarks/bench_store.py --sizes 10000 100000

Add ``--store-url postgresql+psycopg://...`` to measure a PostgreSQL server
instead of a new SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STEPS = 50
METRICS = ("train:loss", "test:loss", "test:accuracy")
TRIALS = 100
REPEATS = 21


def median_seconds(action: Callable[[], object], repeats: int = REPEATS) -> float:
    """Median wall time of ``repeats`` runs of ``action``, after one warm-up run."""
    action()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def log_metric_rate(client, points: int) -> float:
    """Points per second for one ``log_metric`` call per point, flushed at the end."""
    from jupyterlab_experiments.tracker import Tracker

    tracker = Tracker.create(display_name="throughput", sagemaker_boto_client=client)
    start = time.perf_counter()
    for step in range(points):
        tracker.log_metric("loss", 1.0 / (step + 1), iteration_number=step)
    tracker.close()
    return points / (time.perf_counter() - start)


def build_components(client, experiment_name: str, count: int, first: int) -> float:
    """Build ``count`` components into the experiment's trials; return components/s."""
    from jupyterlab_experiments.tracker import Tracker
    from jupyterlab_experiments.trial import Trial

    trials = [
        Trial.load(f"{experiment_name}-t{index}", sagemaker_boto_client=client)
        for index in range(TRIALS)
    ]
    start = time.perf_counter()
    for offset in range(count):
        number = first + offset
        with Tracker.create(display_name="Training", sagemaker_boto_client=client) as tracker:
            tracker.log_parameters(
                {
                    "lr": 10 ** -(number % 5),
                    "batch_size": 2 ** (number % 8),
                    "hidden_channels": number % 32,
                    "optimizer": ("sgd", "adam")[number % 2],
                    "seed": number,
                }
            )
            for step in range(STEPS):
                tracker.log_metric(
                    "train:loss", 1.0 / (step + 1 + number % 7), iteration_number=step
                )
                tracker.log_metric(
                    "test:loss", 1.5 / (step + 2 + number % 11), iteration_number=step
                )
                tracker.log_metric(
                    "test:accuracy",
                    (number * 7919 % 10007) / 10007 * step / STEPS,
                    iteration_number=step,
                )
        trials[number % TRIALS].add_trial_component(tracker)
    return count / (time.perf_counter() - start)


def sorted_first_page(client, experiment_name: str, with_filter: bool) -> Callable[[], object]:
    """Build the REST and UI query: first 100 components by test:accuracy Max, descending."""
    filters = [{"Name": "Parents.ExperimentName", "Operator": "Equals", "Value": experiment_name}]
    if with_filter:
        filters += [
            {"Name": "Parameters.batch_size", "Operator": "GreaterThanOrEqualTo", "Value": "16"},
            {"Name": "Metrics.test:loss.Min", "Operator": "LessThan", "Value": "0.05"},
        ]

    def run() -> object:
        page = client.search(
            Resource="ExperimentTrialComponent",
            SearchExpression={"Filters": filters},
            SortBy="Metrics.test:accuracy.Max",
            SortOrder="Descending",
            MaxResults=100,
        )
        assert len(page["Results"]) == 100, len(page["Results"])
        return page

    return run


def dataframe_of(client, experiment_name: str, expected_rows: int) -> Callable[[], object]:
    from jupyterlab_experiments.analytics import ExperimentAnalytics

    class _Session:
        sagemaker_client = client

    def run() -> object:
        frame = ExperimentAnalytics(
            experiment_name=experiment_name, sagemaker_session=_Session()
        ).dataframe()
        assert len(frame) == expected_rows, len(frame)
        return frame

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--store-url", help="store to fill (default: a new SQLite file)")
    parser.add_argument(
        "--points", type=int, default=200_000, help="points for the log_metric rate"
    )
    parser.add_argument(
        "--dataframe-max",
        type=int,
        default=10_000,
        help="largest N for which the full DataFrame is timed",
    )
    arguments = parser.parse_args()

    from jupyterlab_experiments.client import LocalSageMakerClient
    from jupyterlab_experiments.experiment import Experiment

    folder = tempfile.mkdtemp(prefix="jle-bench-")
    url = arguments.store_url or str(Path(folder) / "bench.db")
    os.environ["JUPYTERLAB_EXPERIMENTS_ARTIFACT_ROOT"] = str(Path(folder) / "artifacts")
    client = LocalSageMakerClient(url)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"store: {client.store.engine.dialect.name}")

    rate = statistics.median(log_metric_rate(client, arguments.points) for _ in range(3))
    print(f"log_metric, one call per point: {rate:,.0f} points/s")

    experiment_name = f"bench-{int(time.time())}"
    experiment = Experiment.create(experiment_name=experiment_name, sagemaker_boto_client=client)
    for index in range(TRIALS):
        experiment.create_trial(trial_name=f"{experiment_name}-t{index}")

    built = 0
    for size in sorted(arguments.sizes):
        speed = build_components(client, experiment_name, size - built, built)
        built = size
        print(f"N={size:,}: built at {speed:,.0f} components/s")
        page = median_seconds(sorted_first_page(client, experiment_name, with_filter=False))
        print(f"N={size:,}: sorted first page of 100: {page * 1000:.1f} ms")
        filtered = median_seconds(sorted_first_page(client, experiment_name, with_filter=True))
        print(f"N={size:,}: filtered and sorted first page of 100: {filtered * 1000:.1f} ms")
        if size <= arguments.dataframe_max:
            frame = median_seconds(dataframe_of(client, experiment_name, size), repeats=5)
            print(f"N={size:,}: ExperimentAnalytics DataFrame: {frame * 1000:.0f} ms")
    client.close()


if __name__ == "__main__":
    main()
