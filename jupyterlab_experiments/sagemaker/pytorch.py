"""A local stand-in for ``sagemaker.pytorch.PyTorch``.

The script runs in the current Python environment, so it imports the locally
installed PyTorch. ``framework_version`` and ``py_version`` are only recorded in
the image name.
"""

from __future__ import annotations

import os
from typing import Any

from .estimator import Estimator


class PyTorch(Estimator):
    """Run a PyTorch training script as a local training job.

    Parameters
    ----------
    entry_point : str or path-like
        The training script.
    framework_version : str, optional
        PyTorch version SageMaker would use, e.g. ``"1.1.0"``; recorded only.
    py_version : str, optional
        Python version tag, e.g. ``"py3"`` (SageMaker SDK v1's default, also used
        here when missing; SDK v2 requires it, this stand-in does not).
    source_dir : str or path-like, optional
        Folder copied with the script.
    hyperparameters : dict, optional
        Passed to the script as ``--name value``.
    image_uri : str, optional
        Overrides the recorded image name.
    **kwargs
        Every :class:`~jupyterlab_experiments.sagemaker.estimator.Estimator`
        argument, in SageMaker SDK v1 or v2 spelling.
    """

    _framework_module = "sagemaker_pytorch_container.training:main"

    def __init__(
        self,
        entry_point: str | os.PathLike[str],
        framework_version: str | None = None,
        py_version: str | None = None,
        source_dir: str | os.PathLike[str] | None = None,
        hyperparameters: dict[str, Any] | None = None,
        image_uri: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            image_uri=image_uri,
            entry_point=entry_point,
            source_dir=source_dir,
            hyperparameters=hyperparameters,
            **kwargs,
        )
        self.framework_version = framework_version
        self.py_version = py_version or "py3"

    def training_image_uri(self) -> str:
        """Return the image name recorded as ``SageMaker.ImageUri``.

        Without ``image_uri`` this is ``local/pytorch-training:<version>-cpu-<py>``,
        named like SageMaker's PyTorch training images.
        """
        if self.image_uri:
            return self.image_uri
        version = self.framework_version or "latest"
        return f"local/pytorch-training:{version}-cpu-{self.py_version}"


__all__ = ["PyTorch"]
