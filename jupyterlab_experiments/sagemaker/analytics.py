"""``sagemaker.analytics`` stand-in: re-exports the SDK's ``ExperimentAnalytics``.

It lets ``from sagemaker.analytics import ExperimentAnalytics`` be rewritten by
only prefixing ``jupyterlab_experiments.`` to the module name.
"""

from __future__ import annotations

from ..analytics import ExperimentAnalytics

__all__ = ["ExperimentAnalytics"]
