"""Experiment tracking for JupyterLab, compatible with SageMaker Experiments.

The SDK classes mirror the ``smexperiments`` package and
``sagemaker.analytics.ExperimentAnalytics``. Records go to a local store
(SQLite by default, PostgreSQL optional) through ``LocalSageMakerClient``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .exceptions import (
    ConflictError,
    ExperimentsError,
    ResourceAlreadyExists,
    ResourceLimitExceeded,
    ResourceNotFound,
    StoreUnavailable,
    ValidationError,
)
from .experiment import Experiment
from .search_expression import BooleanOperator, Filter, NestedFilter, Operator, SearchExpression
from .tracker import Tracker
from .trial import Trial
from .trial_component import TrialComponent

if TYPE_CHECKING:
    from .analytics import ExperimentAnalytics

try:
    from ._version import __version__
except ImportError:  # a source checkout that was never built or installed
    from importlib.metadata import PackageNotFoundError, version

    try:
        __version__ = version("jupyterlab_experiments")
    except PackageNotFoundError:
        __version__ = "0.0.0+unknown"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Return where the prebuilt JupyterLab extension is installed."""
    return [{"src": "labextension", "dest": "jupyterlab-experiments"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    """Return the module that loads the server extension.

    The module is named, not imported, so importing the SDK never pulls in
    jupyter_server or tornado.
    """
    return [{"module": "jupyterlab_experiments.server.extension"}]


def __getattr__(name: str) -> Any:
    # ExperimentAnalytics needs pandas, so it is imported on first use. This keeps
    # `import jupyterlab_experiments` light for the server and job processes.
    if name == "ExperimentAnalytics":
        from .analytics import ExperimentAnalytics

        return ExperimentAnalytics
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BooleanOperator",
    "ConflictError",
    "Experiment",
    "ExperimentAnalytics",
    "ExperimentsError",
    "Filter",
    "NestedFilter",
    "Operator",
    "ResourceAlreadyExists",
    "ResourceLimitExceeded",
    "ResourceNotFound",
    "SearchExpression",
    "StoreUnavailable",
    "Tracker",
    "Trial",
    "TrialComponent",
    "ValidationError",
    "__version__",
]
