"""Artifact methods of a Tracker: references, files copied to the artifact store, charts."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _chart_data, _utils
from ._limits import (
    ARTIFACT_NAME_MAX,
    ARTIFACT_VALUE_MAX,
    ARTIFACTS_PER_DIRECTION,
    check_artifact,
    check_media_type,
    check_text,
)
from .api_types import TrialComponentArtifact
from .artifacts import JSON_MEDIA_TYPE, ArtifactFolder, guess_media_type
from .exceptions import ResourceLimitExceeded, ValidationError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from .trial_component import TrialComponent

_UNSAFE_FILE_CHARACTERS = re.compile(r"[^\w.-]+")


class ArtifactLoggingMixin:
    """Artifact methods of ``Tracker``.

    Artifacts are kept in the trial component's ``input_artifacts`` and
    ``output_artifacts`` maps and written to the store by ``Tracker.close``.
    Each method checks names, media types and limits before it copies or
    records anything.
    """

    trial_component: TrialComponent
    _artifact_prefix: str

    def log_input(self, name: str, value: str, media_type: str | None = None) -> None:
        """Record an input artifact by reference, e.g. a dataset URI.

        Parameters
        ----------
        name : str
            Artifact name, 1 to 128 characters. An existing name is replaced.
        value : str
            The reference, e.g. ``s3://bucket/prefix``, up to 2048 characters.
        media_type : str, optional
            ``type/subtype``, e.g. ``s3/uri`` or ``text/csv``.

        Raises
        ------
        ValidationError
            If a value breaks its rule.
        ResourceLimitExceeded
            If the component already has 60 input artifacts.
        """
        check_artifact("InputArtifacts", name, value, media_type)
        self._check_artifact_slot("InputArtifacts", name)
        self._set_artifact("InputArtifacts", name, value, media_type)

    def log_output(self, name: str, value: str, media_type: str | None = None) -> None:
        """Record an output artifact by reference, e.g. a model URI.

        Parameters and errors are those of ``log_input``.
        """
        check_artifact("OutputArtifacts", name, value, media_type)
        self._check_artifact_slot("OutputArtifacts", name)
        self._set_artifact("OutputArtifacts", name, value, media_type)

    def _artifacts(self, direction: str) -> dict[str, TrialComponentArtifact]:
        attribute = "input_artifacts" if direction == "InputArtifacts" else "output_artifacts"
        artifacts: dict[str, TrialComponentArtifact] | None = getattr(
            self.trial_component, attribute
        )
        if artifacts is None:
            artifacts = {}
            setattr(self.trial_component, attribute, artifacts)
        return artifacts

    def _check_artifact_slot(self, direction: str, name: str) -> None:
        check_text(f"{direction} key", name, ARTIFACT_NAME_MAX, min_length=1)
        artifacts = self._artifacts(direction)
        if name not in artifacts and len(artifacts) >= ARTIFACTS_PER_DIRECTION:
            raise ResourceLimitExceeded.invalid(
                direction,
                name,
                f"a trial component has at most {ARTIFACTS_PER_DIRECTION} {direction}",
            )

    def _set_artifact(self, direction: str, name: str, value: str, media_type: str | None) -> None:
        self._artifacts(direction)[name] = TrialComponentArtifact(value, media_type=media_type)

    def _artifact_folder(self) -> ArtifactFolder:
        client = self.trial_component.sagemaker_boto_client
        root = getattr(client, "artifact_root", None)
        if root is None:
            raise ValidationError.invalid(
                "sagemaker_boto_client",
                client,
                "must have an artifact_root to store files; use a LocalSageMakerClient",
            )
        return ArtifactFolder(
            root, self._artifact_prefix, str(self.trial_component.trial_component_name)
        )

    def log_artifact(
        self,
        file_path: str | os.PathLike[str],
        name: str | None = None,
        media_type: str | None = None,
    ) -> None:
        """Store a file as an output artifact, like ``log_output_artifact``."""
        self.log_output_artifact(file_path, name=name, media_type=media_type)

    def log_output_artifact(
        self,
        file_path: str | os.PathLike[str],
        name: str | None = None,
        media_type: str | None = None,
    ) -> None:
        """Copy a file into the artifact store and record it as an output artifact.

        The copy goes to
        ``<artifact_root>/<artifact_prefix>/<trial component name>/<file name>``
        and the artifact's value is its ``file://`` URI.

        Parameters
        ----------
        file_path : path
            The file to copy.
        name : str, optional
            Artifact name, by default the file name.
        media_type : str, optional
            Defaults to a guess from the file extension.

        Raises
        ------
        ValidationError
            If the file does not exist or the name or media type is invalid.
        ResourceLimitExceeded
            If the component already has 60 output artifacts.
        StoreUnavailable
            If the copy cannot be written.
        """
        self._log_file("OutputArtifacts", file_path, name, media_type)

    def log_input_artifact(
        self,
        file_path: str | os.PathLike[str],
        name: str | None = None,
        media_type: str | None = None,
    ) -> None:
        """Copy a file into the artifact store and record it as an input artifact.

        Parameters and errors are those of ``log_output_artifact``.
        """
        self._log_file("InputArtifacts", file_path, name, media_type)

    def log_artifacts(
        self, directory: str | os.PathLike[str], media_type: str | None = None
    ) -> None:
        """Store every file of a folder as an output artifact named after its stem.

        Sub-folders are skipped. All names are checked before the first copy.

        Raises
        ------
        ValidationError
            If ``directory`` is not a folder.
        """
        folder = Path(directory)
        if not folder.is_dir():
            raise ValidationError.invalid("directory", str(directory), "must be an existing folder")
        files = sorted(path for path in folder.iterdir() if path.is_file())
        existing = self._artifacts("OutputArtifacts")
        for path in files:
            check_text("OutputArtifacts key", path.stem, ARTIFACT_NAME_MAX, min_length=1)
        added = {path.stem for path in files} - set(existing)
        if len(existing) + len(added) > ARTIFACTS_PER_DIRECTION:
            raise ResourceLimitExceeded.invalid(
                "OutputArtifacts",
                f"{len(added)} new artifacts from {str(directory)!r}",
                f"a trial component has at most {ARTIFACTS_PER_DIRECTION} OutputArtifacts "
                f"and {len(existing)} exist",
            )
        for path in files:
            self.log_output_artifact(path, name=path.stem, media_type=media_type)

    def _log_file(
        self,
        direction: str,
        file_path: str | os.PathLike[str],
        name: str | None,
        media_type: str | None,
    ) -> None:
        source = Path(file_path)
        if not source.is_file():
            raise ValidationError.invalid("file_path", str(file_path), "must be an existing file")
        name = name or source.name
        media_type = media_type or guess_media_type(source)
        self._check_artifact_slot(direction, name)
        check_media_type(f"{direction}[{name!r}].MediaType", media_type)
        folder = self._artifact_folder()
        check_text(f"{direction}[{name!r}].Value", folder.uri_of(source.name), ARTIFACT_VALUE_MAX)
        uri = folder.copy_file(source)
        self._set_artifact(direction, name, uri, media_type)

    def log_table(
        self,
        title: str | None = None,
        values: Mapping[str, Sequence[Any]] | None = None,
        data_frame: Any = None,
        output_artifact: bool = True,
    ) -> None:
        """Store a table as a JSON ``Table`` artifact.

        Parameters
        ----------
        title : str, optional
            Table title and artifact name, by default ``Table-<epoch seconds>``.
        values : dict of str to list, optional
            Columns of equal length.
        data_frame : pandas.DataFrame, optional
            Alternative to ``values``. Give exactly one of the two.
        output_artifact : bool, default True
            Record as an output artifact, else as an input artifact.

        Raises
        ------
        ValidationError
            Unless exactly one of ``values`` and ``data_frame`` is given, or if
            the columns are not lists of equal length.
        """
        document = _chart_data.table_document(title, values, data_frame)
        self._log_chart(document, title, output_artifact)

    def log_precision_recall(
        self,
        y_true: Sequence[Any],
        predicted_probabilities: Sequence[float],
        positive_label: Any = None,
        title: str | None = None,
        output_artifact: bool = True,
        no_skill: float | None = None,
    ) -> None:
        """Store a precision-recall curve as a JSON ``PrecisionRecallCurve`` artifact.

        Parameters
        ----------
        y_true : sequence
            True labels, binary 0/1 or -1/1 unless ``positive_label`` is given.
        predicted_probabilities : sequence of float
            Scores of the positive class, as many as ``y_true``.
        positive_label : optional
            The label counted as positive.
        title : str, optional
            Also the artifact name, by default ``PrecisionRecallCurve-<epoch seconds>``.
        output_artifact : bool, default True
        no_skill : float, optional
            Precision of a guessing classifier, by default the share of positives.

        Raises
        ------
        ValidationError
            If the lengths differ or the labels are not binary.
        """
        document = _chart_data.precision_recall_document(
            title, y_true, predicted_probabilities, positive_label, no_skill
        )
        self._log_chart(document, title, output_artifact)

    def log_roc_curve(
        self,
        y_true: Sequence[Any],
        y_score: Sequence[float],
        title: str | None = None,
        output_artifact: bool = True,
    ) -> None:
        """Store a ROC curve and its area as a JSON ``ROCCurve`` artifact.

        Parameters
        ----------
        y_true : sequence
            Binary labels 0/1 or -1/1, both present.
        y_score : sequence of float
            Scores of the positive class, as many as ``y_true``.
        title : str, optional
            Also the artifact name, by default ``ROCCurve-<epoch seconds>``.
        output_artifact : bool, default True

        Raises
        ------
        ValidationError
            If the lengths differ or the labels are not binary.
        """
        document = _chart_data.roc_curve_document(title, y_true, y_score)
        self._log_chart(document, title, output_artifact)

    def log_confusion_matrix(
        self,
        y_true: Sequence[Any],
        y_pred: Sequence[Any],
        title: str | None = None,
        output_artifact: bool = True,
    ) -> None:
        """Store a confusion matrix as a JSON ``ConfusionMatrix`` artifact.

        Rows are true labels and columns predicted labels, in sorted label order.

        Parameters
        ----------
        y_true, y_pred : sequence
            Labels of equal length.
        title : str, optional
            Also the artifact name, by default ``ConfusionMatrix-<epoch seconds>``.
        output_artifact : bool, default True

        Raises
        ------
        ValidationError
            If the lengths differ.
        """
        document = _chart_data.confusion_matrix_document(title, y_true, y_pred)
        self._log_chart(document, title, output_artifact)

    def _log_chart(
        self, document: dict[str, Any], title: str | None, output_artifact: bool
    ) -> None:
        direction = "OutputArtifacts" if output_artifact else "InputArtifacts"
        name = title or self._unused_chart_name(direction, document["type"])
        self._check_artifact_slot(direction, name)
        file_name = _UNSAFE_FILE_CHARACTERS.sub("-", name).strip("-.") or document["type"]
        folder = self._artifact_folder()
        value_field = f"{direction}[{name!r}].Value"
        check_text(value_field, folder.uri_of(f"{file_name}.json"), ARTIFACT_VALUE_MAX)
        uri = folder.write_json(f"{file_name}.json", document)
        self._set_artifact(direction, name, uri, JSON_MEDIA_TYPE)

    def _unused_chart_name(self, direction: str, chart_type: str) -> str:
        # SageMaker names untitled charts <type>-<epoch seconds>. A random suffix
        # is added when two charts of one type are logged in the same second.
        name = f"{chart_type}-{int(time.time())}"
        existing = self._artifacts(direction)
        while name in existing:
            name = f"{chart_type}-{int(time.time())}-{_utils.suffix()[-4:]}"
        return name
