"""Stand-in for the retired ``sagemaker_containers`` package inside local training jobs.

Local jobs put this folder on ``PYTHONPATH`` so that scripts written for
SageMaker's older framework containers, which ``import sagemaker_containers``,
start. Only :func:`training_env` is provided: it returns the job's
``SM_TRAINING_ENV`` as an object whose attributes are its keys.
"""

from __future__ import annotations

import json
import os
from types import SimpleNamespace


def training_env() -> SimpleNamespace:
    """Return the training environment (``model_dir``, ``hosts``, ``channel_input_dirs``...).

    Raises
    ------
    RuntimeError
        Outside a training job, where ``SM_TRAINING_ENV`` is not set.
    """
    encoded = os.environ.get("SM_TRAINING_ENV")
    if not encoded:
        raise RuntimeError("SM_TRAINING_ENV is not set: training_env() works only inside a job")
    return SimpleNamespace(**json.loads(encoded))


__all__ = ["training_env"]
