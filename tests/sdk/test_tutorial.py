"""The MNIST tutorial's tracking and analytics calls, in the tutorial's order.

Only the imports differ from the tutorial. The five training jobs are replaced
by components created through the client, with the parameters, artifacts and
metric points a local training job records.
"""

from __future__ import annotations

import math
import time
from types import SimpleNamespace
from typing import Any

import pandas as pd

from jupyterlab_experiments.analytics import ExperimentAnalytics
from jupyterlab_experiments.experiment import Experiment
from jupyterlab_experiments.tracker import Tracker
from jupyterlab_experiments.trial import Trial
from tests.sdk.helpers import create_training_component

HIDDEN_CHANNELS = [2, 5, 10, 20, 32]
# Maximum test accuracy per hidden-channel count, all different so the
# expected order is unique.
ACCURACY_MAX = {2: 94.0, 5: 95.0, 10: 97.0, 20: 96.0, 32: 98.0}
TRAIN_LOSS = [1.6 - 0.08 * index for index in range(18)]


def Session(boto_session: Any, sagemaker_client: Any) -> Any:
    """Stand-in for ``sagemaker.session.Session(boto_session, sagemaker_client)``."""
    return SimpleNamespace(boto_session=boto_session, sagemaker_client=sagemaker_client)


def run_tutorial(sm: Any) -> dict[str, Any]:
    sess = None
    inputs = "s3://sagemaker-experiments-local-000000000000/mnist"

    with Tracker.create(display_name="Preprocessing", sagemaker_boto_client=sm) as tracker:
        tracker.log_parameters({"normalization_mean": 0.1307, "normalization_std": 0.3081})
        tracker.log_input(name="mnist-dataset", media_type="s3/uri", value=inputs)

    mnist_experiment = Experiment.create(
        experiment_name=f"mnist-hand-written-digits-classification-{int(time.time())}",
        description="Classification of mnist hand-written digits",
        sagemaker_boto_client=sm,
    )
    printed = repr(mnist_experiment)

    hidden_channel_trial_name_map = {}
    preprocessing_trial_component = tracker.trial_component
    training_components = {}
    for num_hidden_channel in HIDDEN_CHANNELS:
        trial_name = f"cnn-training-job-{num_hidden_channel}-hidden-channels-{int(time.time())}"
        cnn_trial = Trial.create(
            trial_name=trial_name,
            experiment_name=mnist_experiment.experiment_name,
            sagemaker_boto_client=sm,
        )
        hidden_channel_trial_name_map[num_hidden_channel] = trial_name
        cnn_trial.add_trial_component(preprocessing_trial_component)

        # Stand-in for PyTorch(...).fit(..., experiment_config={"TrialName": ...}).
        accuracy = ACCURACY_MAX[num_hidden_channel]
        training_components[num_hidden_channel] = create_training_component(
            sm,
            job_name=f"cnn-training-job-{num_hidden_channel}-{int(time.time())}",
            trial_name=cnn_trial.trial_name,
            hyperparameters={
                "epochs": 2,
                "backend": "gloo",
                "hidden_channels": num_hidden_channel,
                "dropout": 0.2,
                "optimizer": "sgd",
            },
            metrics={
                "train:loss": TRAIN_LOSS,
                "test:loss": [0.3, 0.2],
                "test:accuracy": [accuracy - 2, accuracy],
            },
            channel_uri=inputs,
        )

    search_expression = {
        "Filters": [{"Name": "DisplayName", "Operator": "Equals", "Value": "Training"}],
    }
    trial_component_analytics = ExperimentAnalytics(
        sagemaker_session=Session(sess, sm),
        experiment_name=mnist_experiment.experiment_name,
        search_expression=search_expression,
        sort_by="metrics.test:accuracy.max",
        sort_order="Descending",
        metric_names=["test:accuracy"],
        parameter_names=["hidden_channels", "epochs", "dropout", "optimizer"],
    )
    analytic_table = trial_component_analytics.dataframe()

    lineage_table = ExperimentAnalytics(
        sagemaker_session=Session(sess, sm),
        search_expression={
            "Filters": [
                {
                    "Name": "Parents.TrialName",
                    "Operator": "Equals",
                    "Value": hidden_channel_trial_name_map[2],
                }
            ]
        },
        sort_by="CreationTime",
        sort_order="Ascending",
    )
    return {
        "experiment": mnist_experiment,
        "printed": printed,
        "preprocessing": preprocessing_trial_component,
        "trials": hidden_channel_trial_name_map,
        "training": training_components,
        "search_expression": search_expression,
        "analytic_table": analytic_table,
        "lineage_table": lineage_table.dataframe(),
    }


def test_tutorial_experiment_repr(client: Any) -> None:
    result = run_tutorial(client)
    experiment = result["experiment"]
    assert result["printed"].startswith("Experiment(sagemaker_boto_client=")
    assert f"experiment_name='{experiment.experiment_name}'" in result["printed"]
    assert "description='Classification of mnist hand-written digits'" in result["printed"]
    assert f"experiment_arn='{experiment.experiment_arn}'" in result["printed"]
    assert experiment.experiment_arn.endswith(experiment.experiment_name.lower())


def test_tutorial_preprocessing_component(client: Any) -> None:
    component = run_tutorial(client)["preprocessing"]
    assert component.trial_component_name.startswith("TrialComponent-")
    assert component.display_name == "Preprocessing"
    assert component.status.primary_status == "Completed"
    assert component.start_time is not None
    assert component.end_time is not None


def test_tutorial_analytics_columns(client: Any) -> None:
    table = run_tutorial(client)["analytic_table"]
    assert list(table.columns) == [
        "TrialComponentName",
        "DisplayName",
        "SourceArn",
        "dropout",
        "epochs",
        "hidden_channels",
        "optimizer",
        "test:accuracy - Min",
        "test:accuracy - Max",
        "test:accuracy - Avg",
        "test:accuracy - StdDev",
        "test:accuracy - Last",
        "test:accuracy - Count",
        "training - MediaType",
        "training - Value",
        "SageMaker.ModelArtifact - MediaType",
        "SageMaker.ModelArtifact - Value",
        "Trials",
        "Experiments",
    ]


def test_tutorial_analytics_rows(client: Any) -> None:
    result = run_tutorial(client)
    table = result["analytic_table"]
    experiment_name = result["experiment"].experiment_name
    order = [32, 10, 20, 5, 2]
    assert list(table["TrialComponentName"]) == [result["training"][n] for n in order]
    assert list(table["hidden_channels"]) == [float(n) for n in order]
    assert list(table["test:accuracy - Max"]) == [ACCURACY_MAX[n] for n in order]
    assert list(table["test:accuracy - Min"]) == [ACCURACY_MAX[n] - 2 for n in order]
    assert list(table["test:accuracy - Last"]) == [ACCURACY_MAX[n] for n in order]
    assert list(table["test:accuracy - Count"]) == [2] * 5
    assert table["test:accuracy - StdDev"].iloc[0] == math.sqrt(2)
    assert set(table["DisplayName"]) == {"Training"}
    assert set(table["epochs"]) == {2.0}
    assert set(table["dropout"]) == {0.2}
    assert set(table["optimizer"]) == {'"sgd"'}
    assert list(table["Trials"]) == [[result["trials"][n]] for n in order]
    assert list(table["Experiments"]) == [[experiment_name]] * 5
    assert table["training - MediaType"].isna().all()
    job_name = result["training"][32].removesuffix("-aws-training-job")
    assert table["SourceArn"].iloc[0].endswith(f"training-job/{job_name}")


def test_tutorial_analytics_dtypes(client: Any) -> None:
    table = run_tutorial(client)["analytic_table"]
    for column in ("dropout", "epochs", "hidden_channels", "test:accuracy - Max"):
        assert table[column].dtype == "float64", column
    assert table["training - MediaType"].dtype == "float64"


def test_tutorial_search_expression_unchanged(client: Any) -> None:
    result = run_tutorial(client)
    assert result["search_expression"] == {
        "Filters": [{"Name": "DisplayName", "Operator": "Equals", "Value": "Training"}],
    }


def test_tutorial_lineage_table(client: Any) -> None:
    result = run_tutorial(client)
    table = result["lineage_table"]
    preprocessing = result["preprocessing"].trial_component_name
    training = result["training"][2]
    assert list(table["TrialComponentName"]) == [preprocessing, training]
    assert list(table["DisplayName"]) == ["Preprocessing", "Training"]
    assert table.shape == (2, 36)
    assert list(table.columns[:8]) == [
        "TrialComponentName",
        "DisplayName",
        "normalization_mean",
        "normalization_std",
        "mnist-dataset - MediaType",
        "mnist-dataset - Value",
        "Trials",
        "Experiments",
    ]
    first, second = table.iloc[0], table.iloc[1]
    assert first["normalization_mean"] == 0.1307
    assert first["mnist-dataset - MediaType"] == "s3/uri"
    assert first["Trials"] == sorted(result["trials"].values())
    assert pd.isna(first["SourceArn"])
    assert pd.isna(first["train:loss - Count"])
    assert pd.isna(second["normalization_mean"])
    assert second["train:loss - Count"] == 18
    assert second["train:loss - Last"] == TRAIN_LOSS[-1]
    assert second["train:loss - Min"] == min(TRAIN_LOSS)
