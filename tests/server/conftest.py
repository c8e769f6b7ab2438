"""Fixtures of the REST API tests: a Jupyter server with only our extension.

The server opens the same store as the ``client`` fixture (SQLite and a real
PostgreSQL), and the tests fill it through that client.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from jupyter_server.utils import url_path_join
from tornado.httpclient import HTTPResponse
from traitlets.config import Config

# The name that the server-config file enables on install.
EXTENSION = "jupyterlab_experiments"
API_PREFIX = ("jupyterlab-experiments", "api")

Fetch = Callable[..., Awaitable[HTTPResponse]]

# For tests of behaviour that happens before any store access (authentication,
# authorization): one store kind is enough.
SQLITE_ONLY = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)


def server_config(db_url: str) -> Config:
    """Return a server configuration that loads only our extension, with auth required."""
    return Config(
        {
            "ServerApp": {
                "jpserver_extensions": {EXTENSION: True, "jupyter_server_terminals": False},
                "allow_unauthenticated_access": False,
            },
            "ExperimentsConfig": {"db_url": db_url},
        }
    )


@pytest.fixture
def jp_server_config(store_url: str) -> Config:
    """Serve the store of the ``client`` fixture."""
    return server_config(store_url)


@pytest.fixture
def api(jp_fetch: Fetch) -> Fetch:
    """Send a request to the REST API and return the response, whatever its status.

    Path segments are percent-encoded by ``jp_fetch``, except ``/``.
    """

    def fetch(*segments: str, **kwargs: Any) -> Awaitable[HTTPResponse]:
        kwargs.setdefault("raise_error", False)
        return jp_fetch(*API_PREFIX, *segments, **kwargs)  # type: ignore[no-any-return]

    return fetch


@pytest.fixture
def api_encoded(http_server_client: Any, jp_base_url: str, jp_auth_header: dict[str, str]) -> Fetch:
    """Send a request whose path segments are encoded like ``encodeURIComponent``.

    Unlike ``jp_fetch``, this also encodes ``/`` inside a segment, as the front
    end does for a metric such as ``val/loss``.
    """

    def fetch(
        *segments: str, params: dict[str, str] | None = None, **kwargs: Any
    ) -> Awaitable[HTTPResponse]:
        path = "/".join(quote(segment, safe="") for segment in segments)
        url = url_path_join(jp_base_url, *API_PREFIX, path)
        if params:
            url += "?" + urlencode(params)
        headers = {**jp_auth_header, **kwargs.pop("headers", {})}
        return http_server_client.fetch(  # type: ignore[no-any-return]
            url, headers=headers, raise_error=False, **kwargs
        )

    return fetch


def strict_json(response: HTTPResponse) -> Any:
    """Parse a response body as a browser would: NaN and Infinity literals are errors."""

    def reject(token: str) -> Any:
        raise ValueError(f"the body contains the non-JSON literal {token}")

    return json.loads(response.body, parse_constant=reject)


def error_body(response: HTTPResponse, status: int) -> dict[str, Any]:
    """Check that ``response`` is a JSON error with ``status`` and return its body."""
    assert response.code == status, response.body
    assert response.headers["Content-Type"].startswith("application/json")
    body = strict_json(response)
    assert isinstance(body["error_code"], str)
    assert isinstance(body["message"], str)
    return body  # type: ignore[no-any-return]


class Names:
    """Names of the resources that ``tutorial`` creates."""

    EXPERIMENT = "mnist-classification"
    EMPTY_EXPERIMENT = "empty-experiment"
    TRIAL_1 = "cnn-trial-1"
    TRIAL_2 = "cnn-trial-2"
    # Belongs to both trials, as the tutorial's preprocessing component does.
    PREPROCESSING = "preprocessing"
    JOB_1 = "job-1-aws-training-job"
    JOB_2 = "job-2-aws-training-job"
    UNASSIGNED = "notebook-run"


@pytest.fixture
def tutorial(client: Any) -> type[Names]:
    """Fill the store like the MNIST tutorial: one experiment, two trials, four components."""
    client.create_experiment(
        ExperimentName=Names.EXPERIMENT,
        DisplayName="MNIST classification ✓",
        Description="Handwritten digits, classified by a CNN",
    )
    client.create_experiment(ExperimentName=Names.EMPTY_EXPERIMENT)
    client.create_trial(
        TrialName=Names.TRIAL_1, ExperimentName=Names.EXPERIMENT, DisplayName="CNN 1"
    )
    client.create_trial(TrialName=Names.TRIAL_2, ExperimentName=Names.EXPERIMENT)

    client.create_trial_component(
        TrialComponentName=Names.PREPROCESSING,
        DisplayName="Preprocessing",
        Status={"PrimaryStatus": "Completed"},
        Parameters={"normalization_mean": 0.1307, "optimizer.lr": 0.2},
        InputArtifacts={"mnist-dataset": {"Value": "s3://bucket/mnist", "MediaType": "s3/uri"}},
    )
    for trial_name in (Names.TRIAL_1, Names.TRIAL_2):
        client.associate_trial_component(
            TrialComponentName=Names.PREPROCESSING, TrialName=trial_name
        )

    _create_job_component(client, Names.JOB_1, Names.TRIAL_1, "InProgress", [0.90, 0.95])
    _create_job_component(client, Names.JOB_2, Names.TRIAL_2, "Completed", [0.97])
    client.add_tags(
        ResourceArn=client.describe_trial_component(TrialComponentName=Names.JOB_1)[
            "TrialComponentArn"
        ],
        Tags=[{"Key": "team", "Value": "vision"}],
    )

    client.create_trial_component(
        TrialComponentName=Names.UNASSIGNED,
        DisplayName="<script>window.__pwned=2</script>",
        Status={"PrimaryStatus": "InProgress"},
    )
    return Names


def _create_job_component(
    client: Any, name: str, trial_name: str, status: str, accuracy: list[float]
) -> None:
    job_name = name.removesuffix("-aws-training-job")
    client.create_trial_component(
        TrialComponentName=name,
        DisplayName="Training",
        Status={"PrimaryStatus": status},
        Parameters={"hidden_channels": 10, "optimizer": '"sgd"'},
        OutputArtifacts={
            "SageMaker.ModelArtifact": {"Value": f"s3://bucket/{job_name}/output/model.tar.gz"}
        },
        Source={
            "SourceArn": f"arn:aws:sagemaker:local:000000000000:training-job/{job_name}",
            "SourceType": "SageMakerTrainingJob",
        },
    )
    client.associate_trial_component(TrialComponentName=name, TrialName=trial_name)
    points = [
        {"MetricName": "test:accuracy", "Value": value, "Step": step}
        for step, value in enumerate(accuracy)
    ]
    client.batch_put_metrics(TrialComponentName=name, MetricData=points)


def implements(handler: type, verb: str) -> bool:
    """Return whether the handler or one of our base handlers defines ``verb`` (lower case).

    tornado's RequestHandler defines every verb to respond 405, so only our classes count.
    """
    from jupyterlab_experiments.server.base_handler import ExperimentsAPIHandler

    return any(
        issubclass(klass, ExperimentsAPIHandler) and verb in vars(klass)
        for klass in handler.__mro__
    )


class FieldCase17:
    """Names of the resources that ``shared_component`` creates."""

    E1, E2 = "E1", "E2"
    T1, T2 = "T1", "T2"
    PREP = "prep"
    TRAIN = "train-1"


@pytest.fixture
def shared_component(client: Any) -> type[FieldCase17]:
    """Experiment E1 with trial T1, E2 with T2; ``prep`` in T1 and T2, ``train-1`` in T1."""
    names = FieldCase17
    for experiment, trial in ((names.E1, names.T1), (names.E2, names.T2)):
        client.create_experiment(ExperimentName=experiment)
        client.create_trial(TrialName=trial, ExperimentName=experiment)
    client.create_trial_component(
        TrialComponentName=names.PREP,
        Parameters={"normalize": "z-score", "seed": 7},
        InputArtifacts={"raw": {"Value": "s3://bucket/raw"}},
        OutputArtifacts={"clean": {"Value": "s3://bucket/clean"}},
    )
    client.create_trial_component(
        TrialComponentName=names.TRAIN,
        Parameters={"lr": 0.01, "seed": 7},
        InputArtifacts={"clean": {"Value": "s3://bucket/clean"}},
    )
    client.batch_put_metrics(
        TrialComponentName=names.PREP, MetricData=[{"MetricName": "rows", "Value": 60000}]
    )
    client.batch_put_metrics(
        TrialComponentName=names.TRAIN,
        MetricData=[{"MetricName": "acc", "Value": value} for value in (0.5, 0.9)],
    )
    for trial in (names.T1, names.T2):
        client.associate_trial_component(TrialComponentName=names.PREP, TrialName=trial)
    client.associate_trial_component(TrialComponentName=names.TRAIN, TrialName=names.T1)
    return names


THOUSAND_AND_ONE = [f"tc-{index:04d}" for index in range(1001)]


def tied_accuracy(index: int) -> float:
    """Return the ``acc`` of component ``index``: 0.5 for 237 of them, distinct otherwise."""
    return 0.5 if index % 4 == 0 and index < 948 else index / 1000 + 0.6


@pytest.fixture
def thousand_and_one(client: Any) -> Any:
    """Experiment ``big`` with 1,001 components in trial ``big-trial``; 237 share acc 0.5."""
    client.create_experiment(ExperimentName="big")
    client.create_trial(TrialName="big-trial", ExperimentName="big")
    for index, name in enumerate(THOUSAND_AND_ONE):
        client.create_trial_component(TrialComponentName=name)
        client.associate_trial_component(TrialComponentName=name, TrialName="big-trial")
        client.batch_put_metrics(
            TrialComponentName=name,
            MetricData=[{"MetricName": "acc", "Value": tied_accuracy(index)}],
        )
    return client
