"""Generated names: SageMaker's format, always a valid name of at most 120 characters."""

from __future__ import annotations

import re
from typing import Any

import pytest

from jupyterlab_experiments import _utils
from jupyterlab_experiments.trial_component import TrialComponent

SUFFIX = r"\d{4}-\d\d-\d\d-\d{12}-[a-z]{4}"


@pytest.mark.parametrize(
    ("prefix", "expected_start"),
    [
        ("TrialComponent", "TrialComponent-"),
        ("my_run v2", "my-run-v2-"),
        ("--édge__", "dge-"),
        ("a" * 200, "a" * 91 + "-"),
        ("a" * 88 + "_b", "a" * 88 + "-b-"),
        ("", ""),
        ("___", ""),
    ],
)
def test_generated_name_is_accepted(client: Any, prefix: str, expected_start: str) -> None:
    name = _utils.name(prefix)
    assert len(name) <= 120
    assert name.startswith(expected_start)
    assert re.fullmatch(re.escape(expected_start) + SUFFIX, name)
    created = TrialComponent.create(name, sagemaker_boto_client=client)
    assert created.trial_component_name == name


def test_generated_names_differ(client: Any) -> None:
    names = {_utils.name("Trial") for _ in range(200)}
    assert len(names) == 200
