"""Value types of the SageMaker Experiments API: summaries, search results, parts.

Each class mirrors one boto shape. Its attributes are the snake_case form of
the boto keys (see ``ApiObject``).
"""

from __future__ import annotations

import numbers
from typing import Any, ClassVar

from ._base_types import ApiObject


class TrialComponentParameterValue(ApiObject):
    """A parameter value: either ``number_value`` or ``string_value``."""

    string_value: str | None
    number_value: float | None

    def __init__(
        self, string_value: str | None = None, number_value: float | None = None, **kwargs: Any
    ) -> None:
        super().__init__(string_value=string_value, number_value=number_value, **kwargs)

    def __str__(self) -> str:
        if self.string_value is not None:
            return str(self.string_value)
        if self.number_value is not None:
            return str(self.number_value)
        return ""


class TrialComponentParameters:
    """Converter between boto parameter maps and plain ``{name: value}`` dicts.

    Not an object type: ``from_boto`` returns a dict of numbers and strings.
    """

    @classmethod
    def from_boto(cls, boto_dict: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """Return ``{name: NumberValue if present else StringValue}``."""
        return {
            name: value["NumberValue"] if "NumberValue" in value else value.get("StringValue")
            for name, value in boto_dict.items()
        }

    @classmethod
    def to_boto(cls, parameters: dict[str, Any]) -> dict[str, Any]:
        """Return the boto map: numbers (bool included) as NumberValue, else StringValue."""
        boto: dict[str, Any] = {}
        for name, value in parameters.items():
            if isinstance(value, numbers.Number):
                boto[name] = {"NumberValue": value}
            else:
                boto[name] = {"StringValue": str(value)}
        return boto


class TrialComponentArtifact(ApiObject):
    """An input or output artifact: a URI or other value and its media type.

    Parameters
    ----------
    value : str, optional
        Location of the artifact, e.g. ``s3://bucket/key`` or ``file:///path``.
    media_type : str, optional
        Type such as ``text/csv`` or ``s3/uri``.
    """

    def __init__(
        self, value: str | None = None, media_type: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(value=value, media_type=media_type, **kwargs)


class TrialComponentStatus(ApiObject):
    """Status of a trial component: ``primary_status`` and an optional ``message``."""

    def __init__(
        self, primary_status: str | None = None, message: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(primary_status=primary_status, message=message, **kwargs)


class TrialComponentMetricSummary(ApiObject):
    """Summary of one metric: min, max, avg, std_dev (sample), last and count."""

    metric_name: str | None = None
    source_arn: str | None = None
    time_stamp: Any = None
    logical_time: Any = None
    max: float | None = None
    min: float | None = None
    last: float | None = None
    count: int | None = None
    avg: float | None = None
    std_dev: float | None = None


class ExperimentSource(ApiObject):
    """Origin of an experiment: ``source_arn`` and ``source_type``."""

    source_arn: str | None = None
    source_type: str | None = None


class TrialSource(ApiObject):
    """Origin of a trial: ``source_arn`` and ``source_type``."""

    source_arn: str | None = None
    source_type: str | None = None


class TrialComponentSource(ApiObject):
    """Origin of a trial component, e.g. the training job that created it."""

    source_arn: str | None = None
    source_type: str | None = None


class BatchPutMetricsError(ApiObject):
    """One rejected point of a ``batch_put_metrics`` call."""

    code: str | None = None
    message: str | None = None
    metric_index: int | None = None


class ExperimentSummary(ApiObject):
    """An experiment as listed by ``Experiment.list``."""

    _custom_boto_types: ClassVar[dict[str, tuple[Any, bool]]] = {
        "experiment_source": (ExperimentSource, False),
    }
    experiment_arn: str | None = None
    experiment_name: str | None = None
    display_name: str | None = None
    experiment_source: ExperimentSource | None = None
    creation_time: Any = None
    last_modified_time: Any = None


class TrialSummary(ApiObject):
    """A trial as listed by ``Trial.list``."""

    _custom_boto_types: ClassVar[dict[str, tuple[Any, bool]]] = {
        "trial_source": (TrialSource, False),
    }
    trial_arn: str | None = None
    trial_name: str | None = None
    display_name: str | None = None
    trial_source: TrialSource | None = None
    creation_time: Any = None
    last_modified_time: Any = None


class TrialComponentSummary(ApiObject):
    """A trial component as listed by ``TrialComponent.list``."""

    _custom_boto_types: ClassVar[dict[str, tuple[Any, bool]]] = {
        "trial_component_source": (TrialComponentSource, False),
        "status": (TrialComponentStatus, False),
    }
    trial_component_name: str | None = None
    trial_component_arn: str | None = None
    display_name: str | None = None
    trial_component_source: TrialComponentSource | None = None
    status: TrialComponentStatus | None = None
    start_time: Any = None
    end_time: Any = None
    creation_time: Any = None
    created_by: Any = None
    last_modified_time: Any = None
    last_modified_by: Any = None


class ExperimentSearchResult(ApiObject):
    """An experiment returned by ``Experiment.search``."""

    _custom_boto_types: ClassVar[dict[str, tuple[Any, bool]]] = {
        "source": (ExperimentSource, False),
    }
    experiment_arn: str | None = None
    experiment_name: str | None = None
    display_name: str | None = None
    source: ExperimentSource | None = None
    tags: list[dict[str, str]] | None = None


class TrialSearchResult(ApiObject):
    """A trial returned by ``Trial.search``."""

    _custom_boto_types: ClassVar[dict[str, tuple[Any, bool]]] = {
        "source": (TrialSource, False),
    }
    trial_arn: str | None = None
    trial_name: str | None = None
    display_name: str | None = None
    source: TrialSource | None = None
    tags: list[dict[str, str]] | None = None
    trial_component_summaries: list[dict[str, Any]] | None = None


class TrialComponentSearchResult(ApiObject):
    """A trial component returned by ``TrialComponent.search``.

    As in ``smexperiments``, ``parameters``, the artifact maps, ``metrics``
    and ``parents`` are kept as the raw boto values.
    """

    _custom_boto_types: ClassVar[dict[str, tuple[Any, bool]]] = {
        "source": (TrialComponentSource, False),
        "status": (TrialComponentStatus, False),
    }
    trial_component_arn: str | None = None
    trial_component_name: str | None = None
    display_name: str | None = None
    source: TrialComponentSource | None = None
    status: TrialComponentStatus | None = None
    parameters: dict[str, Any] | None = None
    input_artifacts: dict[str, Any] | None = None
    output_artifacts: dict[str, Any] | None = None
    metrics: list[dict[str, Any]] | None = None
    source_detail: dict[str, Any] | None = None
    tags: list[dict[str, str]] | None = None
    parents: list[dict[str, str]] | None = None


class TrainingJobSearchResult(ApiObject):
    """A training job returned by a ``TrainingJob`` search."""

    _custom_boto_names: ClassVar[dict[str, str]] = {
        "autoML_job_arn": "AutoMLJobArn",
    }
    training_job_name: str | None = None
    training_job_arn: str | None = None
    tuning_job_arn: str | None = None
    labeling_job_arn: str | None = None
    # Spelled as in smexperiments, because the default conversion gives auto_ml_job_arn.
    autoML_job_arn: str | None = None
    model_artifacts: dict[str, Any] | None = None
    training_job_status: str | None = None
    hyper_parameters: dict[str, str] | None = None
    algorithm_specification: dict[str, Any] | None = None
    input_data_config: list[dict[str, Any]] | None = None
    output_data_config: dict[str, Any] | None = None
    resource_config: dict[str, Any] | None = None
    debug_hook_config: dict[str, Any] | None = None
    experiment_config: dict[str, Any] | None = None
    debug_rule_config: list[dict[str, Any]] | None = None


__all__ = [
    "BatchPutMetricsError",
    "ExperimentSearchResult",
    "ExperimentSource",
    "ExperimentSummary",
    "TrainingJobSearchResult",
    "TrialComponentArtifact",
    "TrialComponentMetricSummary",
    "TrialComponentParameterValue",
    "TrialComponentParameters",
    "TrialComponentSearchResult",
    "TrialComponentSource",
    "TrialComponentStatus",
    "TrialComponentSummary",
    "TrialSearchResult",
    "TrialSummary",
]
