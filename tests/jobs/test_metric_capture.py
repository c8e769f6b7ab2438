"""Metric definitions and log-line capture, without running a job."""

from __future__ import annotations

import math

import pytest

from jupyterlab_experiments.exceptions import ValidationError
from jupyterlab_experiments.sagemaker.estimator import Estimator
from jupyterlab_experiments.sagemaker.metric_capture import MetricCapture
from jupyterlab_experiments.sagemaker.metric_definitions import (
    parse_metric_definitions,
    parse_number,
)

FLOAT_PATTERN = r"loss=([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?|nan|inf)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5e-05", 1.5e-05),
        ("-0.3", -0.3),
        ("+2", 2.0),
        (".5", 0.5),
        ("3.", 3.0),
        (" 94 ", 94.0),
        ("1E3", 1000.0),
        ("inf", math.inf),
        ("-Infinity", -math.inf),
    ],
)
def test_parse_number_accepts(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["0.94;", "dog", "1_000", "0x10", "1,5", "", "--1", None])
def test_parse_number_rejects(text: str | None) -> None:
    assert parse_number(text) is None


def test_parse_number_nan() -> None:
    value = parse_number("NaN")
    assert value is not None
    assert math.isnan(value)


def test_capture_edge_case_lines() -> None:
    definitions = parse_metric_definitions(
        [
            {"Name": "train:loss", "Regex": FLOAT_PATTERN},
            {"Name": "validation:accuracy", "Regex": r"val_acc=(\S+)"},
        ]
    )
    capture = MetricCapture(definitions)
    lines = [
        "epoch 1 loss=1.5e-05 val_acc=0.93",
        "epoch 2 loss=-0.3 val_acc=0.94;",
        "epoch 3 loss=nan val_acc=dog",
        "epoch 4 loss=2.0 loss=3.0",
    ]
    points = [point for line in lines for point in capture.feed(line, 100.0)]

    loss = [point for point in points if point.metric_name == "train:loss"]
    assert [point.step for point in loss] == [0, 1, 2, 3]
    assert [point.value for point in loss][:2] == [1.5e-05, -0.3]
    assert math.isnan(loss[2].value)
    assert loss[3].value == 2.0
    accuracy = [point for point in points if point.metric_name == "validation:accuracy"]
    assert [(point.value, point.step) for point in accuracy] == [(0.93, 0)]
    assert capture.non_numeric["validation:accuracy"].count == 2
    assert capture.non_numeric["validation:accuracy"].examples == ["0.94;", "dog"]
    assert "train:loss" not in capture.non_numeric
    (report,) = capture.report_lines()
    assert "'validation:accuracy': 2 captured value(s) were not numbers" in report


def test_capture_keeps_line_time() -> None:
    capture = MetricCapture(parse_metric_definitions([{"Name": "m", "Regex": r"m=(\S+)"}]))
    first = capture.feed("m=1", 10.0)
    second = capture.feed("m=2", 12.5)
    assert [point.timestamp for point in first + second] == [10.0, 12.5]


def test_capture_counts_group_that_did_not_match() -> None:
    definitions = parse_metric_definitions([{"Name": "m", "Regex": r"m=(\d+)|none"}])
    capture = MetricCapture(definitions)
    assert capture.feed("none here", 1.0) == []
    assert capture.non_numeric["m"].count == 1


def test_invalid_regex_rejected_by_estimator() -> None:
    definitions = [
        {"Name": "train:loss", "Regex": FLOAT_PATTERN},
        {"Name": "bad", "Regex": "acc=(("},
    ]
    with pytest.raises(ValidationError, match=r"metric definition 'bad'.*missing \)") as raised:
        Estimator(entry_point="train.py", metric_definitions=definitions)
    assert raised.value.field == "metric_definitions[1].Regex"
    assert raised.value.value == "acc=(("


@pytest.mark.parametrize(
    ("definitions", "message"),
    [
        ([{"Name": "m", "Regex": r"m=\d+"}], "needs a capturing group"),
        ([{"Name": "m"}], 'must be a dict with "Name" and "Regex"'),
        ([{"Name": "", "Regex": "(x)"}], "MetricName"),
        ([{"Name": "m", "Regex": "(x)"}, {"Name": "m", "Regex": "(y)"}], "must be unique"),
        ({"Name": "m", "Regex": "(x)"}, "must be a list"),
        ([{"Name": "m", "Regex": "(x)" * 200}], "1 to 500 characters"),
    ],
)
def test_malformed_definitions_rejected(definitions: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_metric_definitions(definitions)  # type: ignore[arg-type]
