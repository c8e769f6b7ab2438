"""Experiments: the top level that groups trials."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from . import _utils
from ._base_types import LIST_TIME_TYPES, Record
from ._limits import check_name
from .api_types import ExperimentSearchResult, ExperimentSource, ExperimentSummary, TrialSummary
from .exceptions import ResourceAlreadyExists
from .trial import Trial, check_force_action


class Experiment(Record):
    """An experiment: a named group of trials.

    Attributes
    ----------
    experiment_name : str
    description : str
    display_name : str
    tags : list of dict
    experiment_arn : str
        Set after ``create`` and ``load``.

    Examples
    --------
    >>> experiment = Experiment.create(  # doctest: +SKIP
    ...     experiment_name="mnist", description="Classify hand-written digits"
    ... )
    """

    experiment_name: str | None = None
    experiment_arn: str | None = None
    display_name: str | None = None
    description: str | None = None
    source: ExperimentSource | None = None
    tags: list[dict[str, str]] | None = None

    _boto_create_method = "create_experiment"
    _search_resource = "Experiment"
    _search_result_type = ExperimentSearchResult
    _boto_load_method = "describe_experiment"
    _boto_update_method = "update_experiment"
    _boto_delete_method = "delete_experiment"
    _boto_update_members: ClassVar[list[str]] = ["experiment_name", "description", "display_name"]
    _boto_delete_members: ClassVar[list[str]] = ["experiment_name"]
    _custom_boto_types: ClassVar[dict[str, tuple[Any, bool]]] = {
        "source": (ExperimentSource, False),
        **LIST_TIME_TYPES,
    }

    @classmethod
    def create(
        cls,
        experiment_name: str | None = None,
        description: str | None = None,
        tags: list[dict[str, str]] | None = None,
        sagemaker_boto_client: Any = None,
        *,
        display_name: str | None = None,
        sagemaker_session: Any = None,
    ) -> Experiment:
        """Create an experiment.

        Parameters
        ----------
        experiment_name : str
            Unique name (regardless of letter case), 1 to 120 ASCII letters,
            digits and hyphens.
        description : str, optional
            Up to 3072 characters.
        tags : list of dict, optional
            ``[{"Key": ..., "Value": ...}]``.
        sagemaker_boto_client : LocalSageMakerClient, optional
            Client that selects the store; see ``resolve_client``.
        display_name : str, optional
        sagemaker_session : object, optional
            Object with a ``sagemaker_client`` attribute, used when no client is given.

        Returns
        -------
        Experiment

        Raises
        ------
        ValidationError
            If a value breaks a naming rule or a limit.
        ResourceAlreadyExists
            If the name is taken.
        """
        check_name("ExperimentName", experiment_name)
        return cls._construct(
            cls._boto_create_method,
            experiment_name=experiment_name,
            description=description,
            display_name=display_name,
            tags=tags,
            sagemaker_boto_client=sagemaker_boto_client,
            sagemaker_session=sagemaker_session,
        )

    @classmethod
    def load(
        cls,
        experiment_name: str,
        sagemaker_boto_client: Any = None,
        *,
        sagemaker_session: Any = None,
    ) -> Experiment:
        """Load an existing experiment.

        Raises
        ------
        ResourceNotFound
            If no experiment has this name.
        """
        return cls._construct(
            cls._boto_load_method,
            experiment_name=experiment_name,
            sagemaker_boto_client=sagemaker_boto_client,
            sagemaker_session=sagemaker_session,
        )

    @classmethod
    def load_or_create(
        cls,
        experiment_name: str,
        description: str | None = None,
        tags: list[dict[str, str]] | None = None,
        sagemaker_boto_client: Any = None,
        *,
        display_name: str | None = None,
        sagemaker_session: Any = None,
    ) -> Experiment:
        """Return the named experiment, creating it if it does not exist.

        Safe when several processes call it at once: creation is tried first
        and, if another process won, the existing experiment is loaded.
        ``description``, ``tags`` and ``display_name`` are only used when the
        experiment is created.

        Returns
        -------
        Experiment
        """
        try:
            return cls.create(
                experiment_name=experiment_name,
                description=description,
                tags=tags,
                sagemaker_boto_client=sagemaker_boto_client,
                display_name=display_name,
                sagemaker_session=sagemaker_session,
            )
        except ResourceAlreadyExists:
            return cls.load(
                experiment_name,
                sagemaker_boto_client=sagemaker_boto_client,
                sagemaker_session=sagemaker_session,
            )

    @classmethod
    def list(
        cls,
        created_before: Any = None,
        created_after: Any = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
        sagemaker_boto_client: Any = None,
        *,
        sagemaker_session: Any = None,
    ) -> Iterator[ExperimentSummary]:
        """Iterate over experiments, following every page.

        Parameters
        ----------
        created_before, created_after : datetime or float, optional
            Naive datetimes are local time, numbers are epoch seconds.
        sort_by : {"Name", "CreationTime"}, optional
        sort_order : {"Ascending", "Descending"}, optional

        Returns
        -------
        iterator of ExperimentSummary
        """
        return cls._list(
            "list_experiments",
            ExperimentSummary.from_boto,
            "ExperimentSummaries",
            created_before=created_before,
            created_after=created_after,
            sort_by=sort_by,
            sort_order=sort_order,
            sagemaker_boto_client=sagemaker_boto_client,
            sagemaker_session=sagemaker_session,
        )

    def save(self) -> Experiment:
        """Write the description and display name to the store and return this experiment."""
        return self._invoke_api(self._boto_update_method, self._boto_update_members)

    def delete(self) -> Experiment:
        """Delete the experiment.

        Raises
        ------
        ConflictError
            If it still has trials. Delete them first or use
            ``delete_all(action="--force")``.
        """
        return self._invoke_api(self._boto_delete_method, self._boto_delete_members)

    def list_trials(
        self,
        created_before: Any = None,
        created_after: Any = None,
        sort_by: str | None = None,
        sort_order: str | None = None,
    ) -> Iterator[TrialSummary]:
        """Iterate over the trials of this experiment, as ``Trial.list`` does."""
        return Trial.list(
            experiment_name=self.experiment_name,
            created_before=created_before,
            created_after=created_after,
            sort_by=sort_by,
            sort_order=sort_order,
            sagemaker_boto_client=self.sagemaker_boto_client,
        )

    def create_trial(
        self, trial_name: str | None = None, trial_name_prefix: str = "SageMakerTrial"
    ) -> Trial:
        """Create a trial in this experiment.

        Parameters
        ----------
        trial_name : str, optional
            Defaults to ``<trial_name_prefix>-<time>-<letters>``.
        trial_name_prefix : str, default "SageMakerTrial"

        Returns
        -------
        Trial
        """
        return Trial.create(
            experiment_name=str(self.experiment_name),
            trial_name=trial_name or _utils.name(trial_name_prefix),
            sagemaker_boto_client=self.sagemaker_boto_client,
        )

    def delete_all(self, action: str) -> None:
        """Delete this experiment, its trials and all their trial components.

        Components are removed from every trial they belong to before they are
        deleted, including trials of other experiments. The local store is
        consistent, so unlike SageMaker no pauses or retries are needed.

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
        # Lists are read completely before deleting so that the pages do not shift.
        trial_names = [str(summary.trial_name) for summary in self.list_trials()]
        for trial_name in trial_names:
            trial = Trial.load(trial_name, sagemaker_boto_client=self.sagemaker_boto_client)
            trial.delete_all(action)
        self.delete()
