"""Trial components: one stage of a trial (preprocessing, training, evaluation...)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from ._base_types import LIST_TIME_TYPES, Record, Timestamp
from ._limits import check_name
from .api_types import (
    TrialComponentArtifact,
    TrialComponentMetricSummary,
    TrialComponentParameters,
    TrialComponentSearchResult,
    TrialComponentSource,
    TrialComponentStatus,
    TrialComponentSummary,
    TrialSummary,
)
from .exceptions import ValidationError

# Each map of a trial component with the list of its keys to remove.
_REMOVALS = (
    ("parameters", "parameters_to_remove"),
    ("input_artifacts", "input_artifacts_to_remove"),
    ("output_artifacts", "output_artifacts_to_remove"),
)


class TrialComponent(Record):
    """A trial component: parameters, artifacts, metrics and status of one stage.

    A component may belong to several trials (for example one preprocessing
    stage shared by many training trials). Components created by a training
    job are named ``<job name>-aws-training-job``.

    Attributes
    ----------
    trial_component_name : str
    display_name : str
    status : TrialComponentStatus
    start_time, end_time : datetime
    parameters : dict
        ``{name: number or string}``.
    input_artifacts, output_artifacts : dict
        ``{name: TrialComponentArtifact}``.
    metrics : list of TrialComponentMetricSummary
    parameters_to_remove, input_artifacts_to_remove, output_artifacts_to_remove : list of str
        Keys that the next ``save`` deletes. A successful save empties them.
    """

    trial_component_name: str | None = None
    trial_component_arn: str | None = None
    display_name: str | None = None
    source: TrialComponentSource | None = None
    status: TrialComponentStatus | None = None
    start_time: Any = None
    end_time: Any = None
    creation_time: Any = None
    created_by: Any = None
    last_modified_time: Any = None
    last_modified_by: Any = None
    parameters: dict[str, Any] | None = None
    input_artifacts: dict[str, TrialComponentArtifact] | None = None
    output_artifacts: dict[str, TrialComponentArtifact] | None = None
    metrics: list[TrialComponentMetricSummary] | None = None
    parameters_to_remove: list[str] | None = None
    input_artifacts_to_remove: list[str] | None = None
    output_artifacts_to_remove: list[str] | None = None
    tags: list[dict[str, str]] | None = None

    _boto_create_method = "create_trial_component"
    _search_resource = "ExperimentTrialComponent"
    _search_result_type = TrialComponentSearchResult
    _boto_load_method = "describe_trial_component"
    _boto_update_method = "update_trial_component"
    _boto_delete_method = "delete_trial_component"
    _boto_update_members: ClassVar[list[str]] = [
        "trial_component_name",
        "display_name",
        "status",
        "start_time",
        "end_time",
        "parameters",
        "input_artifacts",
        "output_artifacts",
        "parameters_to_remove",
        "input_artifacts_to_remove",
        "output_artifacts_to_remove",
    ]
    _boto_delete_members: ClassVar[list[str]] = ["trial_component_name"]
    _custom_boto_types: ClassVar[dict[str, tuple[Any, bool]]] = {
        "source": (TrialComponentSource, False),
        "status": (TrialComponentStatus, False),
        "parameters": (TrialComponentParameters, False),
        "input_artifacts": (TrialComponentArtifact, True),
        "output_artifacts": (TrialComponentArtifact, True),
        "metrics": (TrialComponentMetricSummary, True),
        "start_time": (Timestamp, False),
        "end_time": (Timestamp, False),
        **LIST_TIME_TYPES,
    }

    @classmethod
    def _boto_ignore(cls) -> list[str]:
        return [*super()._boto_ignore(), "CreatedBy"]

    @classmethod
    def create(
        cls,
        trial_component_name: str,
        display_name: str | None = None,
        tags: list[dict[str, str]] | None = None,
        sagemaker_boto_client: Any = None,
        *,
        sagemaker_session: Any = None,
    ) -> TrialComponent:
        """Create a trial component.

        Parameters
        ----------
        trial_component_name : str
            Unique name (regardless of letter case), 1 to 120 ASCII letters,
            digits and hyphens.
        display_name : str, optional
        tags : list of dict, optional
            ``[{"Key": ..., "Value": ...}]``.
        sagemaker_boto_client : LocalSageMakerClient, optional
            Client that selects the store; see ``resolve_client``.
        sagemaker_session : object, optional
            Object with a ``sagemaker_client`` attribute, used when no client is given.

        Returns
        -------
        TrialComponent

        Raises
        ------
        ValidationError
            If the name or display name breaks a rule.
        ResourceAlreadyExists
            If the name is taken.
        """
        check_name("TrialComponentName", trial_component_name)
        return cls._construct(
            cls._boto_create_method,
            trial_component_name=trial_component_name,
            display_name=display_name,
            tags=tags,
            sagemaker_boto_client=sagemaker_boto_client,
            sagemaker_session=sagemaker_session,
        )

    @classmethod
    def load(
        cls,
        trial_component_name: str,
        sagemaker_boto_client: Any = None,
        *,
        sagemaker_session: Any = None,
    ) -> TrialComponent:
        """Load an existing trial component, including its metric summaries.

        Raises
        ------
        ResourceNotFound
            If no component has this name.
        """
        return cls._construct(
            cls._boto_load_method,
            trial_component_name=trial_component_name,
            sagemaker_boto_client=sagemaker_boto_client,
            sagemaker_session=sagemaker_session,
        )

    @classmethod
    def list(
        cls,
        source_arn: str | None = None,
        created_before: Any = None,
        created_after: Any = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        sagemaker_boto_client: Any = None,
        trial_name: str | None = None,
        experiment_name: str | None = None,
        max_results: int | None = None,
        next_token: str | None = None,
        *,
        sagemaker_session: Any = None,
    ) -> Iterator[TrialComponentSummary]:
        """Iterate over trial components, following every page.

        Parameters
        ----------
        source_arn, trial_name, experiment_name : str, optional
            Restrict to one source, trial or experiment. Give at most one.
        created_before, created_after : datetime or float, optional
            Naive datetimes are local time, numbers are epoch seconds.
        sort_by : {"Name", "CreationTime"}, optional
        sort_order : {"Ascending", "Descending"}, optional
        max_results : int, optional
            Page size (1 to 100); all pages are returned.
        next_token : str, optional
            Token of the page to start from.

        Returns
        -------
        iterator of TrialComponentSummary
        """
        return cls._list(
            "list_trial_components",
            TrialComponentSummary.from_boto,
            "TrialComponentSummaries",
            source_arn=source_arn,
            created_before=created_before,
            created_after=created_after,
            sort_by=sort_by,
            sort_order=sort_order,
            trial_name=trial_name,
            experiment_name=experiment_name,
            max_results=max_results,
            next_token=next_token,
            sagemaker_boto_client=sagemaker_boto_client,
            sagemaker_session=sagemaker_session,
        )

    def save(self) -> TrialComponent:
        """Write display name, status, times, parameters and artifacts to the store.

        Parameters and artifacts are merged by key into the stored ones. Keys
        listed in the ``*_to_remove`` attributes are deleted, and then those
        lists are emptied.

        Returns
        -------
        TrialComponent
            This object.
        """
        values = {member: getattr(self, member, None) for member in self._boto_update_members}
        # A key that is being removed must not be sent again in its map,
        # otherwise the update would write it back.
        for mapping, removals in _REMOVALS:
            keys = values[removals]
            current = values[mapping]
            if keys and current:
                values[mapping] = {key: value for key, value in current.items() if key not in keys}
        self._send(self._boto_update_method, values)
        self._forget_removed_keys()
        return self

    def _forget_removed_keys(self) -> None:
        # The removal lists only describe the next update, so a later save must
        # not remove a key that was logged again in the meantime.
        for mapping, removals in _REMOVALS:
            keys = getattr(self, removals, None)
            values = getattr(self, mapping, None)
            if keys and isinstance(values, dict):
                for key in keys:
                    values.pop(key, None)
            if keys:
                setattr(self, removals, None)

    def delete(self, force_disassociate: bool | None = None) -> TrialComponent:
        """Delete the trial component.

        Parameters
        ----------
        force_disassociate : bool, optional
            When true, first remove the component from every trial it belongs
            to. Otherwise a component that belongs to a trial is not deleted.

        Returns
        -------
        TrialComponent
            This object.

        Raises
        ------
        ConflictError
            If the component still belongs to a trial.
        """
        if force_disassociate:
            # Collect first: disassociating while paging would shift the pages.
            trial_names = [summary.trial_name for summary in self.list_trials()]
            for trial_name in trial_names:
                self.sagemaker_boto_client.disassociate_trial_component(
                    TrialComponentName=self.trial_component_name, TrialName=trial_name
                )
        return self._invoke_api(self._boto_delete_method, self._boto_delete_members)

    def list_trials(self) -> Iterator[TrialSummary]:
        """Iterate over the trials this component belongs to."""
        # Imported here because trial.py imports this module.
        from .trial import Trial

        return Trial.list(
            trial_component_name=self.trial_component_name,
            sagemaker_boto_client=self.sagemaker_boto_client,
        )


def trial_component_name_of(component: Any) -> str:
    """Return the name of a trial component given in any accepted form.

    Parameters
    ----------
    component : Tracker, TrialComponent, TrialComponentSummary, TrialComponentSearchResult or str

    Raises
    ------
    ValidationError
        For any other value.
    """
    if isinstance(component, str):
        return component
    name = getattr(component, "trial_component_name", None)
    if isinstance(name, str):
        return name
    # A Tracker carries its component in the ``trial_component`` attribute.
    tracked = getattr(component, "trial_component", None)
    name = getattr(tracked, "trial_component_name", None)
    if isinstance(name, str):
        return name
    raise ValidationError.invalid(
        "trial_component",
        component,
        "must be a Tracker, TrialComponent, TrialComponentSummary or trial component name",
    )
