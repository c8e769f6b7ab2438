"""The SageMaker Studio MNIST tutorial's own code, run with only its import lines rewritten.

The cells below are the tutorial notebook's code cells in order, except:

* the two ``pip install`` cells (sagemaker-experiments, torch, torchvision):
  the rewritten imports take the SDK from this package, and tests install nothing;
* the dataset download (``torchvision.datasets.MNIST(..., download=True)``, the
  ``torchvision`` import and the ``plt.imshow`` of a downloaded digit): there is
  no network, so the ``mnist`` folder is given ready-made in the same layout;
* the "clean up any experiment" template, which names a placeholder experiment.

The training script is the example's ``mnist.py``, which accepts the tutorial's
arguments and prints the lines its metric definitions capture.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from jupyterlab_experiments.client import get_client
from tests.jobs.notebook_runner import (
    EXAMPLE,
    execute,
    new_notebook,
    running_kernel,
    text_output,
    use_sqlite_store,
)

pytestmark = pytest.mark.slow

IMPORTS = """
import time

from jupyterlab_experiments.sagemaker import boto3
import numpy as np
import pandas as pd
%config InlineBackend.figure_format='retina'
from matplotlib import pyplot as plt
from jupyterlab_experiments import sagemaker
from jupyterlab_experiments.sagemaker import get_execution_role
from jupyterlab_experiments.sagemaker.session import Session
from jupyterlab_experiments.sagemaker.analytics import ExperimentAnalytics

from jupyterlab_experiments.experiment import Experiment
from jupyterlab_experiments.trial import Trial
from jupyterlab_experiments.trial_component import TrialComponent
from jupyterlab_experiments.tracker import Tracker
"""

SESSION = """
sess = boto3.Session()
sm = sess.client('sagemaker')
role = get_execution_role()
"""

BUCKET = """
account_id = sess.client('sts').get_caller_identity()["Account"]
bucket = 'sagemaker-experiments-{}-{}'.format(sess.region_name, account_id)
prefix = 'mnist'

try:
    if sess.region_name == "us-east-1":
        sess.client('s3').create_bucket(Bucket=bucket)
    else:
        sess.client('s3').create_bucket(Bucket=bucket,
                                        CreateBucketConfiguration={'LocationConstraint': sess.region_name})
except Exception as e:
    print(e)
"""

UPLOAD = """
inputs = sagemaker.Session().upload_data(path='mnist', bucket=bucket, key_prefix=prefix)
print('input spec: {}'.format(inputs))
"""

PREPROCESSING = """
with Tracker.create(display_name="Preprocessing", sagemaker_boto_client=sm) as tracker:
    tracker.log_parameters({
        "normalization_mean": 0.1307,
        "normalization_std": 0.3081,
    })
    # we can log the s3 uri to the dataset we just uploaded
    tracker.log_input(name="mnist-dataset", media_type="s3/uri", value=inputs)
"""

EXPERIMENT = """
mnist_experiment = Experiment.create(
    experiment_name=f"mnist-hand-written-digits-classification-{int(time.time())}",
    description="Classification of mnist hand-written digits",
    sagemaker_boto_client=sm)
print(mnist_experiment)
"""

PYTORCH_IMPORT = """
from jupyterlab_experiments.sagemaker.pytorch import PyTorch
"""

TRIAL_NAME_MAP = """
hidden_channel_trial_name_map = {}
"""

PREPROCESSING_COMPONENT = """
preprocessing_trial_component = tracker.trial_component
"""

TRAINING_LOOP = """
for i, num_hidden_channel in enumerate([2, 5, 10, 20, 32]):
    # create trial
    trial_name = f"cnn-training-job-{num_hidden_channel}-hidden-channels-{int(time.time())}"
    cnn_trial = Trial.create(
        trial_name=trial_name,
        experiment_name=mnist_experiment.experiment_name,
        sagemaker_boto_client=sm,
    )
    hidden_channel_trial_name_map[num_hidden_channel] = trial_name

    # associate the proprocessing trial component with the current trial
    cnn_trial.add_trial_component(preprocessing_trial_component)

    # all input configurations, parameters, and metrics specified in estimator
    # definition are automatically tracked
    estimator = PyTorch(
        entry_point='./mnist.py',
        role=role,
        sagemaker_session=sagemaker.Session(sagemaker_client=sm),
        framework_version='1.1.0',
        train_instance_count=1,
        train_instance_type='ml.c4.xlarge',
        hyperparameters={
            'epochs': 2,
            'backend': 'gloo',
            'hidden_channels': num_hidden_channel,
            'dropout': 0.2,
            'optimizer': 'sgd'
        },
        metric_definitions=[
            {'Name':'train:loss', 'Regex':'Train Loss: (.*?);'},
            {'Name':'test:loss', 'Regex':'Test Average loss: (.*?),'},
            {'Name':'test:accuracy', 'Regex':'Test Accuracy: (.*?)%;'}
        ],
        enable_sagemaker_metrics=True,
    )

    cnn_training_job_name = "cnn-training-job-{}".format(int(time.time()))

    # Now associate the estimator with the Experiment and Trial
    estimator.fit(
        inputs={'training': inputs},
        job_name=cnn_training_job_name,
        experiment_config={
            "TrialName": cnn_trial.trial_name,
            "TrialComponentDisplayName": "Training",
        },
        wait=True,
    )

    # give it a while before dispatching the next training job
    time.sleep(2)
"""

SEARCH_EXPRESSION = """
search_expression = {
    "Filters":[
        {
            "Name": "DisplayName",
            "Operator": "Equals",
            "Value": "Training",
        }
    ],
}
"""

ANALYTICS = """
trial_component_analytics = ExperimentAnalytics(
    sagemaker_session=Session(sess, sm),
    experiment_name=mnist_experiment.experiment_name,
    search_expression=search_expression,
    sort_by="metrics.test:accuracy.max",
    sort_order="Descending",
    metric_names=['test:accuracy'],
    parameter_names=['hidden_channels', 'epochs', 'dropout', 'optimizer']
)
"""

ANALYTICS_TABLE = """
trial_component_analytics.dataframe()
"""

LINEAGE = """
lineage_table = ExperimentAnalytics(
    sagemaker_session=Session(sess, sm),
    search_expression={
        "Filters":[{
            "Name": "Parents.TrialName",
            "Operator": "Equals",
            "Value": hidden_channel_trial_name_map[2]
        }]
    },
    sort_by="CreationTime",
    sort_order="Ascending",
)
"""

LINEAGE_TABLE = """
lineage_table.dataframe()
"""

CLEANUP = """
def cleanup(experiment):
    for trial_summary in experiment.list_trials():
        trial = Trial.load(sagemaker_boto_client=sm, trial_name=trial_summary.trial_name)
        for trial_component_summary in trial.list_trial_components():
            tc = TrialComponent.load(
                sagemaker_boto_client=sm,
                trial_component_name=trial_component_summary.trial_component_name)
            trial.remove_trial_component(tc)
            try:
                # comment out to keep trial components
                tc.delete()
            except:
                # tc is associated with another trial
                continue
            # to prevent throttling
            time.sleep(.5)
        trial.delete()
    experiment.delete()

cleanup(mnist_experiment)
"""

CELLS = [
    IMPORTS,
    SESSION,
    BUCKET,
    UPLOAD,
    PREPROCESSING,
    EXPERIMENT,
    PYTORCH_IMPORT,
    TRIAL_NAME_MAP,
    PREPROCESSING_COMPONENT,
    TRAINING_LOOP,
    SEARCH_EXPRESSION,
    ANALYTICS,
    ANALYTICS_TABLE,
    LINEAGE,
    LINEAGE_TABLE,
    CLEANUP,
]


def _prepare_mnist_folder(folder: Path) -> None:
    """Write a few hundred real digits where the tutorial's download would put them."""
    spec = importlib.util.spec_from_file_location("mnist_data", EXAMPLE / "mnist_data.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.prepare_mnist(folder / "mnist", train_size=300, test_size=100)


def test_tutorial_code_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store_url = use_sqlite_store(tmp_path, monkeypatch)
    shutil.copy2(EXAMPLE / "mnist.py", tmp_path / "mnist.py")
    _prepare_mnist_folder(tmp_path)
    notebook = new_notebook([source.strip("\n") for source in CELLS])
    client = get_client(store_url)

    with running_kernel(notebook, tmp_path) as kernel:
        for index in range(len(CELLS) - 1):
            execute(kernel, notebook, index)

        (experiment,) = client.list_experiments()["ExperimentSummaries"]
        trials = client.list_trials(ExperimentName=experiment["ExperimentName"])
        assert len(trials["TrialSummaries"]) == 5
        assert len(client.list_trial_components()["TrialComponentSummaries"]) == 6

        analytics_text = text_output(notebook.cells[CELLS.index(ANALYTICS_TABLE)])
        assert "test:accuracy - Max" in analytics_text
        assert analytics_text.count("-aws-training-job") == 5
        assert '"sgd"' in analytics_text
        lineage_text = text_output(notebook.cells[CELLS.index(LINEAGE_TABLE)])
        assert "Preprocessing" in lineage_text
        assert "Training" in lineage_text
        assert "normalization_mean" in lineage_text

        execute(kernel, notebook, len(CELLS) - 1)

    assert client.list_experiments()["ExperimentSummaries"] == []
    assert client.list_trials()["TrialSummaries"] == []
    assert client.list_trial_components()["TrialComponentSummaries"] == []
