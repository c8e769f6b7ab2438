"""JSON documents of the chart artifacts a Tracker logs.

The documents have the shapes SageMaker Studio renders: ``Table``,
``PrecisionRecallCurve``, ``ROCCurve`` and ``ConfusionMatrix``, each with
``"version": 0``. The curves are computed with NumPy and follow
scikit-learn's definitions (``precision_recall_curve`` keeping every
threshold, ``average_precision_score``, ``roc_curve`` with
``drop_intermediate=False``, ``confusion_matrix``), so scikit-learn is not
needed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .exceptions import ValidationError

_BINARY_LABEL_SETS = ({0, 1}, {-1, 1})


def table_document(
    title: str | None, values: Mapping[str, Sequence[Any]] | None, data_frame: Any
) -> dict[str, Any]:
    """Build a ``Table`` document from a dict of columns or a pandas DataFrame.

    Raises
    ------
    ValidationError
        Unless exactly one of ``values`` and ``data_frame`` is given, or if a
        column of ``values`` is not a list or the columns differ in length.
    """
    if (values is None) == (data_frame is None):
        raise ValidationError.invalid(
            "values/data_frame", None, "pass exactly one of values and data_frame"
        )
    if data_frame is not None:
        columns = {str(name): list(data_frame[name]) for name in data_frame.columns}
        types = {str(name): _pandas_field_type(data_frame[name]) for name in data_frame.columns}
    else:
        columns = _checked_columns(values)
        types = {name: _python_field_type(column) for name, column in columns.items()}
    return {
        "type": "Table",
        "version": 0,
        "title": title,
        "fields": [{"name": name, "type": types[name]} for name in columns],
        "data": {name: [_json_value(item) for item in column] for name, column in columns.items()},
    }


def _checked_columns(values: Any) -> dict[str, list[Any]]:
    if not isinstance(values, Mapping):
        raise ValidationError.invalid("values", values, "must be a dict of column name to list")
    columns: dict[str, list[Any]] = {}
    for name, column in values.items():
        if not isinstance(column, (list, tuple)):
            raise ValidationError.invalid(f"values[{name!r}]", column, "must be a list")
        columns[str(name)] = list(column)
    lengths = {len(column) for column in columns.values()}
    if len(lengths) > 1:
        raise ValidationError.invalid(
            "values",
            {name: len(column) for name, column in columns.items()},
            "all columns must have the same length",
        )
    return columns


def _pandas_field_type(series: Any) -> str:
    from pandas.api import types

    if types.is_bool_dtype(series):
        return "boolean"
    if types.is_numeric_dtype(series):
        return "number"
    if types.is_datetime64_any_dtype(series):
        return "datetime"
    return "string"


def _python_field_type(column: list[Any]) -> str:
    present = [item for item in column if item is not None]
    if present and all(isinstance(item, (bool, np.bool_)) for item in present):
        return "boolean"
    if present and all(
        isinstance(item, (int, float, np.integer, np.floating)) and not isinstance(item, bool)
        for item in present
    ):
        return "number"
    if present and all(isinstance(item, (dt.date, np.datetime64)) for item in present):
        return "datetime"
    return "string"


def _json_value(value: Any) -> Any:
    """Convert one cell to a JSON value, with null for NaN, infinity and missing cells."""
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else str(np.datetime_as_string(value))
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (dt.date, dt.datetime)):
        # pandas.NaT is a datetime subclass whose isoformat() returns "NaT".
        return None if value != value else value.isoformat()
    return str(value)


def _arrays(
    field_true: str, y_true: Any, field_score: str, y_score: Any
) -> tuple[np.ndarray, np.ndarray]:
    truth = np.asarray(y_true).ravel()
    scores = np.asarray(y_score).ravel()
    if truth.size != scores.size:
        raise ValidationError.invalid(
            field_score,
            f"{scores.size} values",
            f"must have as many values as {field_true} ({truth.size})",
        )
    if truth.size == 0:
        raise ValidationError.invalid(field_true, [], "must not be empty")
    try:
        scores = scores.astype(float)
    except (TypeError, ValueError):
        raise ValidationError.invalid(field_score, y_score, "must contain numbers") from None
    if not np.isfinite(scores).all():
        raise ValidationError.invalid(field_score, y_score, "must contain finite numbers")
    return truth, scores


def _positives(truth: np.ndarray, positive_label: Any) -> np.ndarray:
    if positive_label is None:
        labels = set(truth.tolist())
        if not any(labels <= allowed for allowed in _BINARY_LABEL_SETS):
            raise ValidationError.invalid(
                "y_true",
                sorted(labels, key=str),
                "must hold binary labels 0/1 or -1/1, or pass positive_label",
            )
        positive_label = 1
    return np.asarray(truth == positive_label)


def _cumulative_counts(positives: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return false and true positive counts at each distinct threshold, highest first."""
    order = np.argsort(-scores, kind="mergesort")
    sorted_scores = scores[order]
    sorted_positives = positives[order]
    last_of_each_score = np.r_[np.flatnonzero(np.diff(sorted_scores)), sorted_scores.size - 1]
    true_positives = np.cumsum(sorted_positives)[last_of_each_score]
    false_positives = 1 + last_of_each_score - true_positives
    return false_positives.astype(float), true_positives.astype(float)


def roc_curve_document(title: str | None, y_true: Any, y_score: Any) -> dict[str, Any]:
    """Build a ``ROCCurve`` document for binary labels and scores.

    Raises
    ------
    ValidationError
        If the lengths differ, the labels are not binary, or one class is missing.
    """
    truth, scores = _arrays("y_true", y_true, "y_score", y_score)
    false_positives, true_positives = _cumulative_counts(_positives(truth, None), scores)
    if true_positives[-1] == 0 or false_positives[-1] == 0:
        raise ValidationError.invalid(
            "y_true", truth.tolist()[:20], "must contain both positive and negative labels"
        )
    false_positive_rate = np.r_[0.0, false_positives / false_positives[-1]]
    true_positive_rate = np.r_[0.0, true_positives / true_positives[-1]]
    area = float(
        np.sum(np.diff(false_positive_rate) * (true_positive_rate[1:] + true_positive_rate[:-1]))
        / 2
    )
    return {
        "type": "ROCCurve",
        "version": 0,
        "title": title,
        "falsePositiveRate": false_positive_rate.tolist(),
        "truePositiveRate": true_positive_rate.tolist(),
        "areaUnderCurve": area,
    }


def precision_recall_document(
    title: str | None,
    y_true: Any,
    predicted_probabilities: Any,
    positive_label: Any = None,
    no_skill: float | None = None,
) -> dict[str, Any]:
    """Build a ``PrecisionRecallCurve`` document.

    ``noSkill`` defaults to the share of positive labels, the precision of a
    classifier that guesses.

    Raises
    ------
    ValidationError
        If the lengths differ, the labels are not binary (without
        ``positive_label``), or there is no positive label.
    """
    truth, scores = _arrays("y_true", y_true, "predicted_probabilities", predicted_probabilities)
    positives = _positives(truth, positive_label)
    false_positives, true_positives = _cumulative_counts(positives, scores)
    if true_positives[-1] == 0:
        raise ValidationError.invalid(
            "y_true", truth.tolist()[:20], "must contain at least one positive label"
        )
    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / true_positives[-1]
    # Reverse so that recall decreases, and end the curve at (recall 0, precision 1).
    precision = np.r_[precision[::-1], 1.0]
    recall = np.r_[recall[::-1], 0.0]
    average_precision = float(-np.sum(np.diff(recall) * precision[:-1]))
    if no_skill is None:
        no_skill = float(positives.sum()) / positives.size
    return {
        "type": "PrecisionRecallCurve",
        "version": 0,
        "title": title,
        "precision": precision.tolist(),
        "recall": recall.tolist(),
        "averagePrecisionScore": average_precision,
        "noSkill": no_skill,
    }


def confusion_matrix_document(title: str | None, y_true: Any, y_pred: Any) -> dict[str, Any]:
    """Build a ``ConfusionMatrix`` document.

    Rows are true labels and columns predicted labels, both in sorted order of
    all labels that occur.

    Raises
    ------
    ValidationError
        If the lengths differ or the labels cannot be sorted together.
    """
    truth = np.asarray(y_true).ravel().tolist()
    predicted = np.asarray(y_pred).ravel().tolist()
    if len(truth) != len(predicted):
        raise ValidationError.invalid(
            "y_pred",
            f"{len(predicted)} values",
            f"must have as many values as y_true ({len(truth)})",
        )
    try:
        labels = sorted(set(truth) | set(predicted))
    except TypeError:
        raise ValidationError.invalid(
            "y_true", truth[:20], "labels must be all numbers or all strings"
        ) from None
    index = {label: position for position, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for actual, guess in zip(truth, predicted, strict=True):
        matrix[index[actual]][index[guess]] += 1
    # "labels" is a local addition to SageMaker's document, so that viewers
    # can name the rows and columns; SageMaker readers ignore unknown keys.
    return {
        "type": "ConfusionMatrix",
        "version": 0,
        "title": title,
        "confusionMatrix": matrix,
        "labels": [_json_label(label) for label in labels],
    }


def _json_label(label: Any) -> Any:
    """Return a class label as a JSON value: NumPy scalars become Python ones."""
    return label.item() if isinstance(label, np.generic) else label
