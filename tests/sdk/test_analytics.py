"""ExperimentAnalytics: rows, columns, sorting, filters, caching and paging."""

from __future__ import annotations

import copy
import math
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from jupyterlab_experiments import ValidationError
from jupyterlab_experiments.analytics import ExperimentAnalytics
from jupyterlab_experiments.search_expression import (
    BooleanOperator,
    Filter,
    Operator,
    SearchExpression,
)


def session(client: Any) -> Any:
    return SimpleNamespace(sagemaker_client=client)


def add_component(
    client: Any,
    name: str,
    trials: list[str] = (),  # type: ignore[assignment]
    parameters: dict[str, Any] | None = None,
    metrics: dict[str, list[float]] | None = None,
    display_name: str | None = None,
    **fields: Any,
) -> None:
    request: dict[str, Any] = {"TrialComponentName": name, **fields}
    if display_name is not None:
        request["DisplayName"] = display_name
    if parameters:
        request["Parameters"] = parameters
    client.create_trial_component(**request)
    for trial in trials:
        client.associate_trial_component(TrialComponentName=name, TrialName=trial)
    data = [
        {"MetricName": metric, "Value": value, "Step": step, "Timestamp": 1_704_067_200 + step}
        for metric, values in (metrics or {}).items()
        for step, value in enumerate(values)
    ]
    if data:
        client.batch_put_metrics(TrialComponentName=name, MetricData=data)


@pytest.fixture
def experiment(client: Any) -> str:
    client.create_experiment(ExperimentName="exp-a")
    client.create_trial(TrialName="t1", ExperimentName="exp-a")
    return "exp-a"


# -- constructor ------------------------------------------------------------------


def test_requires_experiment_or_expression(client: Any) -> None:
    with pytest.raises(ValueError, match="Either experiment_name or search_expression"):
        ExperimentAnalytics(sagemaker_session=session(client))


def test_name_and_repr(client: Any) -> None:
    analytics = ExperimentAnalytics(experiment_name="exp-a", sagemaker_session=session(client))
    assert analytics.name == "exp-a"
    assert repr(analytics) == "<jupyterlab_experiments.ExperimentAnalytics for exp-a>"


def test_default_store_from_environment(client: Any, experiment: str) -> None:
    add_component(client, "tc-1", trials=["t1"])
    table = ExperimentAnalytics(experiment_name=experiment).dataframe()
    assert list(table["TrialComponentName"]) == ["tc-1"]


def test_empty_result_is_empty_frame(client: Any, experiment: str) -> None:
    table = ExperimentAnalytics(experiment_name=experiment, sagemaker_session=session(client))
    assert table.dataframe().empty


# -- layout -------------------------------------------------------------------------


def test_column_order_and_values(client: Any, experiment: str) -> None:
    add_component(
        client,
        "tc-1",
        trials=["t1"],
        display_name="Training",
        parameters={
            "b": {"NumberValue": 2},
            "SageMaker.InstanceType": {"StringValue": "local"},
            "a": {"StringValue": "x"},
        },
        metrics={"val:loss": [3.0, 1.0], "acc": [0.5]},
        InputArtifacts={"data": {"Value": "s3://b/d", "MediaType": "s3/uri"}},
        OutputArtifacts={"model": {"Value": "file:///m"}},
        Source={
            "SourceArn": "arn:aws:sagemaker:local:000000000000:training-job/j",
            "SourceType": "SageMakerTrainingJob",
        },
    )

    table = ExperimentAnalytics(experiment_name=experiment, sagemaker_session=session(client))
    frame = table.dataframe()

    stats = ["Min", "Max", "Avg", "StdDev", "Last", "Count"]
    assert list(frame.columns) == [
        "TrialComponentName",
        "DisplayName",
        "SourceArn",
        "SageMaker.InstanceType",
        "a",
        "b",
        *[f"acc - {stat}" for stat in stats],
        *[f"val:loss - {stat}" for stat in stats],
        "data - MediaType",
        "data - Value",
        "model - MediaType",
        "model - Value",
        "Trials",
        "Experiments",
    ]

    row = frame.iloc[0]
    assert row["DisplayName"] == "Training"
    assert row["b"] == 2.0
    assert row["val:loss - Avg"] == 2.0
    assert row["val:loss - StdDev"] == math.sqrt(2)
    assert row["val:loss - Last"] == 1.0
    assert row["val:loss - Count"] == 2
    assert row["data - MediaType"] == "s3/uri"
    assert math.isnan(row["model - MediaType"])
    assert row["Trials"] == ["t1"]
    assert row["Experiments"] == ["exp-a"]


def test_name_filters(client: Any, experiment: str) -> None:
    add_component(
        client,
        "tc-1",
        trials=["t1"],
        parameters={"a": {"NumberValue": 1}, "b": {"NumberValue": 2}},
        metrics={"acc": [0.5], "loss": [1.0]},
        InputArtifacts={"in-1": {"Value": "x"}, "in-2": {"Value": "y"}},
        OutputArtifacts={"out-1": {"Value": "x"}, "out-2": {"Value": "y"}},
    )
    frame = ExperimentAnalytics(
        experiment_name=experiment,
        sagemaker_session=session(client),
        parameter_names=["b"],
        metric_names=["loss"],
        input_artifact_names=["in-2"],
        output_artifact_names=["out-1"],
    ).dataframe()
    assert [column for column in frame.columns if column not in ("Trials", "Experiments")] == [
        "TrialComponentName",
        "DisplayName",
        "b",
        *[f"loss - {stat}" for stat in ["Min", "Max", "Avg", "StdDev", "Last", "Count"]],
        "in-2 - MediaType",
        "in-2 - Value",
        "out-1 - MediaType",
        "out-1 - Value",
    ]


def test_missing_cells_are_nan(client: Any, experiment: str) -> None:
    add_component(client, "tc-1", trials=["t1"], parameters={"lr": {"NumberValue": 0.1}})
    add_component(client, "tc-2", trials=["t1"], metrics={"loss": [1.0]})
    frame = ExperimentAnalytics(
        experiment_name=experiment,
        sagemaker_session=session(client),
        sort_by="TrialComponentName",
        sort_order="Ascending",
    ).dataframe()
    assert list(frame["TrialComponentName"]) == ["tc-1", "tc-2"]
    assert math.isnan(frame.loc[1, "lr"])
    assert math.isnan(frame.loc[0, "loss - Count"])
    assert frame["lr"].dtype == "float64"


# -- filters, sorting and the caller's expression -----------------------------------


def test_search_expression_not_mutated(client: Any, experiment: str) -> None:
    add_component(client, "tc-1", trials=["t1"], display_name="Training")
    expression = {"Filters": [{"Name": "DisplayName", "Operator": "Equals", "Value": "Training"}]}
    original = copy.deepcopy(expression)
    analytics = ExperimentAnalytics(
        experiment_name=experiment, search_expression=expression, sagemaker_session=session(client)
    )
    analytics.dataframe()
    analytics.dataframe(force_refresh=True)
    assert expression == original


def test_search_expression_object(client: Any, experiment: str) -> None:
    add_component(client, "tc-1", trials=["t1"], display_name="Training")
    add_component(client, "tc-2", trials=["t1"], display_name="Evaluation")
    expression = SearchExpression(filters=[Filter("DisplayName", Operator.EQUALS, "Evaluation")])
    frame = ExperimentAnalytics(
        experiment_name=experiment, search_expression=expression, sagemaker_session=session(client)
    ).dataframe()
    assert list(frame["TrialComponentName"]) == ["tc-2"]


def test_or_expression_stays_in_experiment(client: Any, experiment: str) -> None:
    client.create_experiment(ExperimentName="exp-b")
    client.create_trial(TrialName="t2", ExperimentName="exp-b")
    add_component(client, "tc-a", trials=["t1"], display_name="Training")
    add_component(client, "tc-b", trials=["t2"], display_name="Training")
    add_component(client, "tc-c", trials=["t1"], display_name="Other")
    expression = SearchExpression(
        filters=[
            Filter("DisplayName", Operator.EQUALS, "Training"),
            Filter("DisplayName", Operator.EQUALS, "Evaluation"),
        ],
        boolean_operator=BooleanOperator.OR,
    )
    frame = ExperimentAnalytics(
        experiment_name=experiment, search_expression=expression, sagemaker_session=session(client)
    ).dataframe()
    assert list(frame["TrialComponentName"]) == ["tc-a"]


def test_cache_and_refresh(client: Any, experiment: str, tmp_path: Path) -> None:
    add_component(client, "tc-1", trials=["t1"])
    analytics = ExperimentAnalytics(experiment_name=experiment, sagemaker_session=session(client))
    first = analytics.dataframe()
    add_component(client, "tc-2", trials=["t1"])
    assert analytics.dataframe() is first
    assert len(analytics.dataframe(force_refresh=True)) == 2
    analytics.clear_cache()
    add_component(client, "tc-3", trials=["t1"])
    assert len(analytics.dataframe()) == 3
    target = tmp_path / "table.csv"
    analytics.export_csv(str(target))
    assert len(pd.read_csv(target)) == 3


def test_special_character_names(client: Any, experiment: str) -> None:
    add_component(
        client,
        "tc-a",
        trials=["t1"],
        parameters={"optimizer.lr": {"NumberValue": 0.2}},
        metrics={
            "test:accuracy": [0.90, 0.95],
            "val/loss": [0.40],
            "top.1": [0.70],
            "f1-score": [0.50],
            "acc (val) 精度": [0.61],
        },
    )
    add_component(
        client,
        "tc-b",
        trials=["t1"],
        metrics={"test:accuracy": [0.97], "val/loss": [0.30], "top.1": [0.80], "f1-score": [0.60]},
    )
    add_component(
        client,
        "tc-c",
        trials=["t1"],
        display_name="job:2024-01-01T10:00/part#1?x",
        metrics={
            "test:accuracy": [0.80, 0.99],
            "val/loss": [0.35],
            "top.1": [0.75],
            "f1-score": [0.70],
        },
    )
    in_trial = {"Name": "Parents.TrialName", "Operator": "Equals", "Value": "t1"}
    by_accuracy = ExperimentAnalytics(
        search_expression={"Filters": [in_trial]},
        sort_by="Metrics.test:accuracy.Max",
        sort_order="Descending",
        sagemaker_session=session(client),
    ).dataframe()
    assert list(by_accuracy["TrialComponentName"]) == ["tc-c", "tc-b", "tc-a"]
    assert by_accuracy.loc[0, "DisplayName"] == "job:2024-01-01T10:00/part#1?x"
    for name in ("test:accuracy", "val/loss", "top.1", "f1-score"):
        assert list(by_accuracy.columns).count(f"{name} - Max") == 1
    assert by_accuracy.loc[2, "acc (val) 精度 - Last"] == 0.61
    assert by_accuracy.loc[2, "optimizer.lr"] == 0.2

    f1_filter = {"Name": "Metrics.f1-score.Last", "Operator": "GreaterThan", "Value": "0.55"}
    filtered = ExperimentAnalytics(
        search_expression={"Filters": [in_trial, f1_filter]},
        sort_by="TrialComponentName",
        sort_order="Ascending",
        sagemaker_session=session(client),
    ).dataframe()
    assert list(filtered["TrialComponentName"]) == ["tc-b", "tc-c"]

    # Dots inside metric and parameter names are part of the name.
    top_filter = {"Name": "Metrics.top.1.Max", "Operator": "GreaterThan", "Value": "0.72"}
    lr_filter = {"Name": "Parameters.optimizer.lr", "Operator": "Equals", "Value": "0.2"}
    by_top = ExperimentAnalytics(
        search_expression={"Filters": [in_trial, top_filter]},
        sort_by="Metrics.top.1.Max",
        sort_order="Ascending",
        sagemaker_session=session(client),
    ).dataframe()
    assert list(by_top["TrialComponentName"]) == ["tc-c", "tc-b"]
    by_lr = ExperimentAnalytics(
        search_expression={"Filters": [in_trial, lr_filter]}, sagemaker_session=session(client)
    ).dataframe()
    assert list(by_lr["TrialComponentName"]) == ["tc-a"]


# -- mixed parameter types (numbers, then strings, then missing) ---------------------------


@pytest.fixture
def mixed_parameters(client: Any, experiment: str) -> str:
    lrs = [1e-5, 0.001, 0.01, 2, 10, -3]
    batch_sizes: list[Any] = [32, 128, "auto", "256", None, 64]
    for index, (lr, batch_size) in enumerate(zip(lrs, batch_sizes, strict=True)):
        parameters: dict[str, Any] = {"lr": {"NumberValue": lr}}
        if isinstance(batch_size, int):
            parameters["batch_size"] = {"NumberValue": batch_size}
        elif batch_size is not None:
            parameters["batch_size"] = {"StringValue": batch_size}
        add_component(
            client,
            f"tc-{index}",
            trials=["t1"],
            parameters=parameters,
            InputArtifacts={"data": {"Value": f"s3://b/{index}"}},
        )
    return experiment


def sorted_column(client: Any, experiment: str, column: str, order: str) -> list[Any]:
    frame = ExperimentAnalytics(
        experiment_name=experiment,
        sort_by=f"Parameters.{column}",
        sort_order=order,
        sagemaker_session=session(client),
    ).dataframe()
    return ["missing" if pd.isna(value) else value for value in frame[column]]


def test_numeric_parameter_sort(client: Any, mixed_parameters: str) -> None:
    ascending = sorted_column(client, mixed_parameters, "lr", "Ascending")
    assert ascending == [-3, 1e-5, 0.001, 0.01, 2, 10]
    assert sorted_column(client, mixed_parameters, "lr", "Descending") == ascending[::-1]


def test_mixed_parameter_sort(client: Any, mixed_parameters: str) -> None:
    assert sorted_column(client, mixed_parameters, "batch_size", "Ascending") == [
        32,
        64,
        128,
        "256",
        "auto",
        "missing",
    ]
    assert sorted_column(client, mixed_parameters, "batch_size", "Descending") == [
        128,
        64,
        32,
        "auto",
        "256",
        "missing",
    ]


def test_mixed_parameter_dtypes(client: Any, mixed_parameters: str) -> None:
    frame = ExperimentAnalytics(
        experiment_name=mixed_parameters, sagemaker_session=session(client)
    ).dataframe()
    assert frame["lr"].dtype == "float64"
    assert frame["data - MediaType"].dtype == "float64"
    assert frame["data - MediaType"].isna().all()
    assert frame["lr"].nlargest(1).iloc[0] == 10
    strings = [value for value in frame["batch_size"] if isinstance(value, str)]
    assert sorted(strings) == ["256", "auto"]


# -- trial membership ------------------------------------------------------------------


def test_shared_component_membership(client: Any) -> None:
    for experiment, trial in (("e1", "t1"), ("e2", "t2")):
        client.create_experiment(ExperimentName=experiment)
        client.create_trial(TrialName=trial, ExperimentName=experiment)
    add_component(client, "prep", trials=["t2", "t1"], parameters={"seed": {"NumberValue": 7}})
    add_component(client, "train-1", trials=["t1"])

    e1 = ExperimentAnalytics(
        experiment_name="e1",
        sort_by="TrialComponentName",
        sort_order="Ascending",
        sagemaker_session=session(client),
    ).dataframe()
    assert list(e1["TrialComponentName"]) == ["prep", "train-1"]
    assert e1.loc[0, "Trials"] == ["t1", "t2"]
    assert e1.loc[0, "Experiments"] == ["e1", "e2"]
    assert e1.loc[1, "Trials"] == ["t1"]

    in_t1 = {"Name": "Parents.TrialName", "Operator": "Equals", "Value": "t1"}
    e1_t1 = ExperimentAnalytics(
        experiment_name="e1",
        search_expression={"Filters": [in_t1]},
        sagemaker_session=session(client),
    ).dataframe()
    assert sorted(e1_t1["TrialComponentName"]) == ["prep", "train-1"]

    in_t2 = {"Name": "Parents.TrialName", "Operator": "Equals", "Value": "t2"}
    t2 = ExperimentAnalytics(
        search_expression={"Filters": [in_t2]}, sagemaker_session=session(client)
    ).dataframe()
    assert list(t2["TrialComponentName"]) == ["prep"]
    assert t2.loc[0, "seed"] == e1.loc[0, "seed"]


# -- paging --------------------------------------------------------------------------------


@pytest.mark.slow
def test_returns_every_row_with_ties(client: Any, experiment: str) -> None:
    for index in range(1001):
        accuracy = 0.5 if index < 237 else 0.5 + (index + 1) / 10_000
        add_component(client, f"tc-{index:04d}", trials=["t1"], metrics={"acc": [accuracy]})
    frame = ExperimentAnalytics(
        experiment_name=experiment,
        sort_by="Metrics.acc.Max",
        sort_order="Descending",
        sagemaker_session=session(client),
    ).dataframe()
    names = list(frame["TrialComponentName"])
    assert len(names) == 1001
    assert len(set(names)) == 1001
    assert list(frame["acc - Max"]) == sorted(frame["acc - Max"], reverse=True)


def test_bad_sort_order_raises(client: Any, experiment: str) -> None:
    analytics = ExperimentAnalytics(
        experiment_name=experiment, sort_order="Sideways", sagemaker_session=session(client)
    )
    with pytest.raises(ValidationError, match="must be Ascending or Descending"):
        analytics.dataframe()
