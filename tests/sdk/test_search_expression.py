"""Search expressions: boto shape, validation and use in searches."""

from __future__ import annotations

from typing import Any

import pytest

from jupyterlab_experiments import ValidationError
from jupyterlab_experiments.search_expression import (
    BooleanOperator,
    Filter,
    NestedFilter,
    Operator,
    SearchExpression,
    search_expression_to_boto,
)
from jupyterlab_experiments.trial_component import TrialComponent


def names(results: Any) -> list[str]:
    return sorted(result.trial_component_name for result in results)


def test_to_boto_shape() -> None:
    expression = SearchExpression(
        filters=[Filter("DisplayName", Operator.EQUALS, "Training"), Filter("Tags.team")],
        nested_filters=[NestedFilter("Parents", [Filter("TrialName", Operator.IN, "t1,t2")])],
        sub_expressions=[SearchExpression(filters=[{"Name": "a", "Operator": "Exists"}])],
        boolean_operator=BooleanOperator.OR,
    )
    assert expression.to_boto() == {
        "Filters": [
            {"Name": "DisplayName", "Operator": "Equals", "Value": "Training"},
            {"Name": "Tags.team"},
        ],
        "NestedFilters": [
            {
                "NestedPropertyName": "Parents",
                "Filters": [{"Name": "TrialName", "Operator": "In", "Value": "t1,t2"}],
            }
        ],
        "SubExpressions": [{"Filters": [{"Name": "a", "Operator": "Exists"}], "Operator": "And"}],
        "Operator": "Or",
    }


@pytest.mark.parametrize("empty", [{}, {"filters": []}, {"sub_expressions": None}])
def test_empty_expression_raises(empty: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="at least one subexpression, filter, or nested filter"):
        SearchExpression(**empty)


def test_dict_is_copied_and_enums_converted() -> None:
    original = {"Filters": [{"Name": "DisplayName", "Operator": Operator.CONTAINS, "Value": "x"}]}
    converted = search_expression_to_boto(original)
    converted["Filters"].append({"Name": "extra"})
    assert converted["Filters"][0]["Operator"] == "Contains"
    assert len(original["Filters"]) == 1
    assert original["Filters"][0]["Operator"] is Operator.CONTAINS


def test_other_types_raise() -> None:
    with pytest.raises(ValidationError, match="must be a SearchExpression or a dict"):
        search_expression_to_boto("DisplayName = x")


def test_operators_in_search(client: Any) -> None:
    for name, lr in (("tc-1", 0.1), ("tc-2", 0.5), ("tc-3", 1.0)):
        client.create_trial_component(
            TrialComponentName=name, DisplayName=f"run {name}", Parameters={"lr": lr}
        )

    def search(*filters: Filter, operator: BooleanOperator = BooleanOperator.AND) -> list[str]:
        expression = SearchExpression(filters=list(filters), boolean_operator=operator)
        return names(TrialComponent.search(expression, sagemaker_boto_client=client))

    assert search(Filter("Parameters.lr", Operator.GREATER_THAN, "0.1")) == ["tc-2", "tc-3"]
    assert search(Filter("Parameters.lr", Operator.LESS_THAN_OR_EQUAL, "0.5")) == ["tc-1", "tc-2"]
    assert search(Filter("TrialComponentName", Operator.IN, "tc-1,tc-3")) == ["tc-1", "tc-3"]
    assert search(Filter("DisplayName", Operator.CONTAINS, "tc-2")) == ["tc-2"]
    assert search(Filter("TrialComponentName", Operator.NOT_EQUALS, "tc-2")) == ["tc-1", "tc-3"]
    assert search(
        Filter("TrialComponentName", Operator.EQUALS, "tc-1"),
        Filter("TrialComponentName", Operator.EQUALS, "tc-3"),
        operator=BooleanOperator.OR,
    ) == ["tc-1", "tc-3"]
    assert search(Filter("Parameters.lr", Operator.EXISTS)) == ["tc-1", "tc-2", "tc-3"]
    assert search(Filter("Parameters.momentum", Operator.NOT_EXISTS)) == ["tc-1", "tc-2", "tc-3"]
