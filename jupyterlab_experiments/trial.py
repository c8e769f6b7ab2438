"""Trials: one attempt within an experiment, made of trial components."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from . import _utils
from ._base_types import LIST_TIME_TYPES, Record
from ._limits import check_name
from .api_types import TrialComponentSummary, TrialSearchResult, TrialSource, TrialSummary
from .exceptions import ExperimentsError, ValidationError
from .trial_component import TrialComponent, trial_component_name_of

logger = logging.getLogger(__name__)


class Trial(Record):
    """A trial: a group of trial components inside one experiment.

    Attributes
    ----------
    trial_name : str
    experiment_name : str
    display_name : str
    tags : list of dict
    """

    trial_name: str | None = None
    trial_arn: str | None = None
    experiment_name: str | None = None
    display_name: str | None = None
    source: TrialSource | None = None
    tags: list[dict[str, str]] | None = None

    _boto_create_method = "create_trial"
    _search_resource = "ExperimentTrial"
    _search_result_type = TrialSearchResult
    _boto_load_method = "describe_trial"
    _boto_update_method = "update_trial"
    _boto_delete_method = "delete_trial"
    _boto_update_members: ClassVar[list[str]] = ["trial_name", "display_name"]
    _boto_delete_members: ClassVar[list[str]] = ["trial_name"]
    _custom_boto_types: ClassVar[dict[str, tuple[Any, bool]]] = {
        "source": (TrialSource, False),
        **LIST_TIME_TYPES,
    }

    @classmethod
    def _boto_ignore(cls) -> list[str]:
        return [*super()._boto_ignore(), "CreatedBy"]

    @classmethod
    def create(
        cls,
        experiment_name: str,
        trial_name: str | None = None,
        sagemaker_boto_client: Any = None,
        trial_components: Iterable[Any] | None = None,
        tags: list[dict[str, str]] | None = None,
        *,
        display_name: str | None = None,
        sagemaker_session: Any = None,
    ) -> Trial:
        """Create a trial in an experiment.

        Parameters
        ----------
        experiment_name : str
            Name of an existing experiment.
        trial_name : str, optional
            Defaults to a generated ``Trial-<time>-<letters>`` name.
        sagemaker_boto_client : LocalSageMakerClient, optional
            Client that selects the store; see ``resolve_client``.
        trial_components : iterable, optional
            Components to add: Trackers, TrialComponents, summaries or names.
        tags : list of dict, optional
        display_name : str, optional
        sagemaker_session : object, optional
            Object with a ``sagemaker_client`` attribute, used when no client is given.

        Returns
        -------
        Trial

        Raises
        ------
        ResourceNotFound
            If the experiment or a component does not exist. The trial is
            deleted again in that case, so nothing is left half-made.
        ResourceAlreadyExists
            If the trial name is taken.
        """
        trial_name = trial_name or _utils.name("Trial")
        check_name("TrialName", trial_name)
        check_name("ExperimentName", experiment_name)
        if trial_components is not None and (
            isinstance(trial_components, (str, bytes)) or not isinstance(trial_components, Iterable)
        ):
            raise ValidationError.invalid(
                "trial_components", trial_components, "must be a list of trial components or names"
            )
        component_names = [trial_component_name_of(item) for item in trial_components or ()]
        trial = cls._construct(
            cls._boto_create_method,
            experiment_name=experiment_name,
            trial_name=trial_name,
            display_name=display_name,
            tags=tags,
            sagemaker_boto_client=sagemaker_boto_client,
            sagemaker_session=sagemaker_session,
        )
        try:
            for name in component_names:
                trial.add_trial_component(name)
        except ExperimentsError:
            trial._undo_create(component_names)
            raise
        return trial

    def _undo_create(self, component_names: list[str]) -> None:
        # Best effort: the original error is what the caller needs to see.
        try:
            for name in component_names:
                try:
                    self.remove_trial_component(name)
                except ExperimentsError:
                    continue
            self.delete()
        except ExperimentsError:
            logger.exception("Could not delete trial %r after a failed create", self.trial_name)

    @classmethod
    def load(
        cls, trial_name: str, sagemaker_boto_client: Any = None, *, sagemaker_session: Any = None
    ) -> Trial:
        """Load an existing trial.

        Raises
        ------
        ResourceNotFound
            If no trial has this name.
        """
        return cls._construct(
            cls._boto_load_method,
            trial_name=trial_name,
            sagemaker_boto_client=sagemaker_boto_client,
            sagemaker_session=sagemaker_session,
        )

    @classmethod
    def list(
        cls,
        experiment_name: str | None = None,
        trial_component_name: str | None = None,
        created_before: Any = None,
        created_after: Any = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        sagemaker_boto_client: Any = None,
        *,
        sagemaker_session: Any = None,
    ) -> Iterator[TrialSummary]:
        """Iterate over trials, following every page.

        Parameters
        ----------
        experiment_name : str, optional
            Only trials of this experiment.
        trial_component_name : str, optional
            Only trials that contain this component.
        created_before, created_after : datetime or float, optional
            Naive datetimes are local time, numbers are epoch seconds.
        sort_by : {"Name", "CreationTime"}, optional
        sort_order : {"Ascending", "Descending"}, optional

        Returns
        -------
        iterator of TrialSummary
        """
        return cls._list(
            "list_trials",
            TrialSummary.from_boto,
            "TrialSummaries",
            experiment_name=experiment_name,
            trial_component_name=trial_component_name,
            created_before=created_before,
            created_after=created_after,
            sort_by=sort_by,
            sort_order=sort_order,
            sagemaker_boto_client=sagemaker_boto_client,
            sagemaker_session=sagemaker_session,
        )

    def save(self) -> Trial:
        """Write the display name to the store and return this trial."""
        return self._invoke_api(self._boto_update_method, self._boto_update_members)

    def delete(self) -> Trial:
        """Delete the trial.

        Raises
        ------
        ConflictError
            If components still belong to it. Remove them first or use
            ``delete_all(action="--force")``.
        """
        return self._invoke_api(self._boto_delete_method, self._boto_delete_members)

    def add_trial_component(self, tc: Any) -> None:
        """Add a trial component to this trial.

        Parameters
        ----------
        tc : Tracker, TrialComponent, TrialComponentSummary or str
            The component or its name. A component may belong to many trials.
        """
        self.sagemaker_boto_client.associate_trial_component(
            TrialName=self.trial_name, TrialComponentName=trial_component_name_of(tc)
        )

    def remove_trial_component(self, tc: Any) -> None:
        """Remove a trial component from this trial (the component is kept).

        Parameters
        ----------
        tc : Tracker, TrialComponent, TrialComponentSummary or str
        """
        self.sagemaker_boto_client.disassociate_trial_component(
            TrialName=self.trial_name, TrialComponentName=trial_component_name_of(tc)
        )

    def list_trial_components(
        self,
        created_before: Any = None,
        created_after: Any = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        max_results: int | None = None,
        next_token: str | None = None,
    ) -> Iterator[TrialComponentSummary]:
        """Iterate over the components of this trial, as ``TrialComponent.list`` does."""
        return TrialComponent.list(
            trial_name=self.trial_name,
            created_before=created_before,
            created_after=created_after,
            sort_by=sort_by,
            sort_order=sort_order,
            max_results=max_results,
            next_token=next_token,
            sagemaker_boto_client=self.sagemaker_boto_client,
        )

    def delete_all(self, action: str) -> None:
        """Delete this trial and every one of its components.

        Components are removed from all their trials before deletion, including
        trials of other experiments.

        Parameters
        ----------
        action : str
            Must be ``"--force"``, as a guard against accidental calls.

        Raises
        ------
        ValidationError
            A ``ValueError`` raised if ``action`` is not ``"--force"``.
        """
        check_force_action(action)
        names = [str(summary.trial_component_name) for summary in self.list_trial_components()]
        for name in names:
            TrialComponent.load(name, sagemaker_boto_client=self.sagemaker_boto_client).delete(
                force_disassociate=True
            )
        self.delete()


def check_force_action(action: Any) -> None:
    """Raise unless ``action`` is the ``"--force"`` confirmation of ``delete_all``.

    Raises
    ------
    ValidationError
        A ``ValueError`` subclass, as SageMaker raises ``ValueError`` here.
    """
    if action != "--force":
        raise ValidationError.invalid(
            "action", action, 'must be "--force" to confirm deleting everything'
        )
