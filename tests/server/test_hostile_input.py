"""Hostile query parameters: each gets a JSON 400 naming the parameter, on both stores.

Covers numbers too large for a double in filters, text that a database
cannot store (NUL characters, unpaired surrogates) or that is far longer
than any valid value, and page tokens edited by hand.
"""

from __future__ import annotations

import base64
import json

import pytest
from jupyter_server.utils import url_path_join

from .conftest import API_PREFIX, error_body, strict_json

HUGE_NUMBER = "1" + "0" * 400
# Far longer than any valid value, yet short enough for the URL: tornado
# closes the connection when the request line and headers pass 64 KiB.
LONG_TEXT = "x" * 50_000
# A NUL character, which PostgreSQL text cannot contain, and an unpaired
# surrogate, which UTF-8 cannot encode.
BAD_CHARACTERS = [
    pytest.param("a\x00b", "NUL characters", id="nul"),
    pytest.param("\ud800", "unpaired surrogate", id="surrogate"),
]
TABLE_ROUTES = [
    pytest.param(("trial-components",), {}, id="list"),
    pytest.param(
        ("trial-component-table", "export"), {"columns": '["TrialComponentName"]'}, id="export"
    ),
]


def export_params(params):
    """Return ``params`` with the columns that the export route requires."""
    return {"columns": json.dumps(["TrialComponentName"]), **params}


# -- numbers too large for a double ----------------------------------------


@pytest.mark.parametrize(
    ("name", "operator"),
    [
        ("Duration", "GreaterThan"),
        ("CreationTime", "GreaterThan"),
        ("Parameters.normalization_mean", "Equals"),
        ("Parameters.normalization_mean", "GreaterThan"),
        ("Parameters.normalization_mean", "NotEquals"),
        ("Metrics.test:accuracy.Max", "GreaterThan"),
        ("Metrics.test:accuracy.Max", "Equals"),
        ("DisplayName", "Equals"),
        ("Type", "Equals"),
        ("Tags.team", "Equals"),
    ],
)
@pytest.mark.parametrize("route", ["list", "export"])
async def test_filter_huge_integer_400(api, tutorial, name, operator, route):
    text = f'{{"Filters":[{{"Name":"{name}","Operator":"{operator}","Value":{HUGE_NUMBER}}}]}}'
    params = {"filter": text}
    if route == "list":
        response = await api("trial-components", params=params)
    else:
        response = await api("trial-component-table", "export", params=export_params(params))

    body = error_body(response, 400)
    # The route wraps the filter in an expression of its own.
    assert body["field"].endswith("Filters[0].Value")
    assert "double-precision" in body["message"]


@pytest.mark.parametrize(
    "expression",
    [
        {"SubExpressions": [{"Filters": [{"Name": "Duration", "Value": "HUGE"}]}]},
        {
            "NestedFilters": [
                {
                    "NestedPropertyName": "Parents",
                    "Filters": [{"Name": "Parents.TrialName", "Value": "HUGE"}],
                }
            ]
        },
        {"Filters": [{"Name": "Parameters.optimizer", "Operator": "In", "Value": "HUGE"}]},
    ],
    ids=["sub-expression", "nested", "in"],
)
async def test_filter_huge_integer_anywhere_400(api, tutorial, expression):
    text = json.dumps(expression).replace('"HUGE"', HUGE_NUMBER)

    response = await api("trial-components", params={"filter": text})

    body = error_body(response, 400)
    assert body["field"].endswith("Filters[0].Value")
    assert "double-precision" in body["message"]


@pytest.mark.parametrize("value", ["NaN", '"nan"'])
async def test_filter_nan_400(api, tutorial, value):
    text = f'{{"Filters":[{{"Name":"Duration","Operator":"LessThan","Value":{value}}}]}}'

    response = await api("trial-components", params={"filter": text})

    body = error_body(response, 400)
    assert body["field"].endswith("Filters[0].Value")
    assert "NaN" in body["message"]


async def test_filter_largest_double_200(api, tutorial):
    expression = {"Filters": [{"Name": "Duration", "Operator": "LessThan", "Value": 1.7e308}]}

    response = await api("trial-components", params={"filter": json.dumps(expression)})

    assert strict_json(response)["trial_components"] == []


# -- text no store can hold, in JSON parameters -----------------------------


@pytest.mark.parametrize(("text", "rule"), BAD_CHARACTERS)
@pytest.mark.parametrize("key", ["experiments", "trials", "trial_components"])
@pytest.mark.parametrize(
    ("segments", "extra"),
    [
        (("trial-components",), {}),
        (("trial-component-table", "columns"), {}),
        (("trial-component-table", "values"), {"property": "Type"}),
        (("trial-component-table", "export"), {"columns": '["Type"]'}),
    ],
    ids=["list", "columns", "values", "export"],
)
async def test_scope_bad_characters_400(api, tutorial, segments, extra, key, text, rule):
    scope = {"experiments": [tutorial.EXPERIMENT], key: [text]}

    response = await api(*segments, params={"scope": json.dumps(scope), **extra})

    body = error_body(response, 400)
    assert body["field"] == "scope"
    assert f"scope.{key}[" in body["message"]
    assert rule in body["message"]


@pytest.mark.parametrize(
    ("params", "field", "location"),
    [
        ({"scope": '{"trials": ["a\\u0000b"]}'}, "scope", "scope.trials[0]"),
        (
            {"filter": '{"Filters": [{"Name": "DisplayName", "Value": "a\\u0000b"}]}'},
            "filter",
            "filter.Filters[0].Value",
        ),
        (
            {"filter": '{"Filters": [{"Name": "Parameters.a\\u0000b", "Operator": "Exists"}]}'},
            "filter",
            "filter.Filters[0].Name",
        ),
    ],
)
async def test_nul_same_body_on_both_stores(api, tutorial, params, field, location):
    response = await api("trial-components", params=params)

    body = error_body(response, 400)
    value = "'Parameters.a\\x00b'" if location.endswith("Name") else "'a\\x00b'"
    assert body == {
        "error_code": "ValidationException",
        "message": f"Invalid {location} {value}: must not contain NUL characters",
        "field": field,
        "rule": "must not contain NUL characters",
        "reason": "Bad Request",
    }


async def test_scope_name_too_long_400(api, tutorial):
    scope = {"trials": [LONG_TEXT]}

    response = await api("trial-components", params={"scope": json.dumps(scope)})

    body = error_body(response, 400)
    assert body["field"] == "scope"
    assert "1 to 120 characters" in body["message"]
    assert len(body["message"]) < 1000


@pytest.mark.parametrize(("text", "rule"), BAD_CHARACTERS)
@pytest.mark.parametrize(
    "expression",
    [
        {"Filters": [{"Name": "DisplayName", "Operator": "Equals", "Value": "TEXT"}]},
        {"Filters": [{"Name": "Parameters.TEXT", "Operator": "Exists"}]},
        {"Filters": [{"Name": "Parameters.TEXT", "Operator": "Equals", "Value": "1"}]},
        {"Filters": [{"Name": "Metrics.TEXT.Max", "Operator": "GreaterThan", "Value": 1}]},
        {"Filters": [{"Name": "Parents.TrialName", "Operator": "Equals", "Value": "TEXT"}]},
        {"Filters": [{"Name": "DisplayName", "Operator": "TEXT", "Value": "x"}]},
        {"Filters": [{"Name": "DisplayName", "Value": "x", "TEXT": 1}]},
        {"SubExpressions": [{"Filters": [{"Name": "Tags.TEXT", "Value": "x"}]}]},
        {
            "NestedFilters": [
                {
                    "NestedPropertyName": "Parents",
                    "Filters": [{"Name": "Parents.ExperimentName", "Value": "TEXT"}],
                }
            ]
        },
    ],
)
@pytest.mark.parametrize(("segments", "extra"), TABLE_ROUTES)
async def test_filter_bad_characters_400(api, tutorial, segments, extra, expression, text, rule):
    filter_text = json.dumps(expression).replace("TEXT", json.dumps(text)[1:-1])

    response = await api(*segments, params={"filter": filter_text, **extra})

    body = error_body(response, 400)
    assert body["field"] == "filter"
    assert rule in body["message"]


@pytest.mark.parametrize(("text", "rule"), BAD_CHARACTERS)
@pytest.mark.parametrize(
    "columns",
    [["Parameters.TEXT"], ["Metrics.TEXT.Max"], ["OutputArtifacts.TEXT.Value"], ["TEXT"]],
)
async def test_export_columns_bad_characters_400(api, tutorial, columns, text, rule):
    columns_text = json.dumps(columns).replace("TEXT", json.dumps(text)[1:-1])

    response = await api("trial-component-table", "export", params={"columns": columns_text})

    body = error_body(response, 400)
    assert body["field"] == "columns"
    assert rule in body["message"]


@pytest.mark.parametrize(
    "column", [f"Parameters.{LONG_TEXT}", f"Metrics.{LONG_TEXT}.Max", LONG_TEXT]
)
async def test_export_column_too_long_400(api, tutorial, column):
    response = await api(
        "trial-component-table", "export", params={"columns": json.dumps([column])}
    )

    body = error_body(response, 400)
    assert body["field"] == "columns"
    assert len(body["message"]) < 1000


@pytest.mark.parametrize(
    ("expression", "field"),
    [
        ({"Filters": [{"Name": f"Parameters.{LONG_TEXT}", "Operator": "Exists"}]}, "Name"),
        ({"Filters": [{"Name": "DisplayName", "Value": LONG_TEXT}]}, "Value"),
    ],
    ids=["name", "value"],
)
async def test_filter_text_too_long_400(api, tutorial, expression, field):
    response = await api("trial-components", params={"filter": json.dumps(expression)})

    body = error_body(response, 400)
    assert body["field"].endswith(field)
    assert len(body["message"]) < 1000


# -- plain parameters and paths ---------------------------------------------
#
# tornado replaces control characters in query parameters with spaces and
# responds with 400 to bytes that are not UTF-8, so a NUL character or a surrogate
# reaches the handlers only through JSON escapes and path names.


@pytest.mark.parametrize(
    ("segments", "params", "field"),
    [
        (("trial-components",), {"search": LONG_TEXT}, "search"),
        (("trial-components",), {"sort_by": f"Parameters.{LONG_TEXT}"}, "sort_by"),
        (("trial-components",), {"next_token": LONG_TEXT}, "NextToken"),
        (("experiments",), {"sort_by": f"Tags.{LONG_TEXT}"}, "sort_by"),
        (("trial-component-table", "values"), {"property": f"Parameters.{LONG_TEXT}"}, "property"),
        (
            ("trial-component-table", "export"),
            {"columns": '["Type"]', "sort_by": f"Parameters.{LONG_TEXT}"},
            "sort_by",
        ),
    ],
)
async def test_plain_parameter_too_long_400(api, tutorial, segments, params, field):
    response = await api(*segments, params=params)

    body = error_body(response, 400)
    assert body["field"] == field
    assert len(body["message"]) < 1000


async def test_invalid_utf8_in_query_400(http_server_client, jp_base_url, jp_auth_header, client):
    url = url_path_join(jp_base_url, *API_PREFIX, "trial-components")
    # "%ED%A0%80" encodes a surrogate as UTF-8 would, which UTF-8 forbids.
    response = await http_server_client.fetch(
        url + "?search=%ED%A0%80", headers=jp_auth_header, raise_error=False
    )

    body = error_body(response, 400)
    assert "search" in body["message"]


@pytest.mark.parametrize(
    "segments",
    [
        ("experiments", "a\x00b"),
        ("trials", "a\x00b"),
        ("trial-components", "a\x00b"),
        ("trial-components", "job-1-aws-training-job", "metrics", "a\x00b"),
        ("trial-components", "job-1-aws-training-job", "artifacts", "a\x00b"),
        ("trial-components", "a\x00b", "log"),
    ],
)
async def test_path_name_nul_400(api_encoded, tutorial, segments):
    response = await api_encoded(*segments)

    body = error_body(response, 400)
    assert "NUL characters" in body["message"]


# -- page tokens edited by hand ----------------------------------------------


def decode(token):
    return json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))


def encode(payload):
    text = json.dumps(payload) if isinstance(payload, dict) else payload
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


async def first_token(api, params):
    body = strict_json(await api("trial-components", params={**params, "max_results": "1"}))
    assert body["next_token"] is not None
    return body["next_token"]


SORTS = [
    pytest.param({}, id="last-modified"),
    pytest.param({"sort_by": "Metrics.test:accuracy.Max"}, id="metric"),
    pytest.param({"sort_by": "DisplayName", "sort_order": "ascending"}, id="text"),
    pytest.param({"sort_by": "Parameters.optimizer"}, id="parameter"),
]
FORGERIES = [
    pytest.param({"v": {}}, id="v-object"),
    pytest.param({"v": [1, 2]}, id="v-list"),
    pytest.param({"v": 10**30}, id="v-huge"),
    pytest.param({"v": True}, id="v-bool"),
    pytest.param({"s": -1}, id="s-negative"),
    pytest.param({"s": 10**30}, id="s-huge"),
    pytest.param({"s": 3}, id="s-past-last"),
    pytest.param({"s": "0"}, id="s-string"),
    pytest.param({"s": 0.0}, id="s-float"),
    pytest.param({"s": None}, id="s-null"),
    pytest.param({"n": 5}, id="n-number"),
    pytest.param({"n": None}, id="n-null"),
    pytest.param({"n": "\ud800"}, id="n-surrogate"),
    pytest.param({"n": "a\x00b"}, id="n-nul"),
    pytest.param({"n": "x" * 121}, id="n-too-long"),
    pytest.param({"extra": 1}, id="extra-key"),
]


@pytest.mark.parametrize("change", FORGERIES)
@pytest.mark.parametrize("sort", SORTS)
async def test_forged_token_400(api, tutorial, sort, change):
    payload = decode(await first_token(api, sort))
    payload.update(change)

    response = await api(
        "trial-components", params={**sort, "max_results": "1", "next_token": encode(payload)}
    )

    body = error_body(response, 400)
    assert body["field"] == "NextToken"
    assert "previous page" in body["message"]


@pytest.mark.parametrize(
    ("sort", "value"),
    [
        pytest.param({}, "later", id="text-for-time"),
        pytest.param({"sort_by": "Metrics.test:accuracy.Max"}, "0.5", id="text-for-metric"),
        pytest.param({"sort_by": "DisplayName"}, 1.5, id="number-for-text"),
        pytest.param({"sort_by": "DisplayName"}, "\ud800", id="surrogate-for-text"),
        pytest.param({"sort_by": "DisplayName"}, "a\x00b", id="nul-for-text"),
        pytest.param({"sort_by": "DisplayName"}, "x" * 3073, id="long-text"),
    ],
)
async def test_forged_token_value_type_400(api, tutorial, sort, value):
    payload = decode(await first_token(api, sort))
    assert payload["s"] == 0
    payload["v"] = value

    response = await api(
        "trial-components", params={**sort, "max_results": "1", "next_token": encode(payload)}
    )

    assert error_body(response, 400)["field"] == "NextToken"


async def test_forged_token_missing_segment_value_400(api, tutorial):
    """The last segment contains the rows without the property, so its value must be null."""
    sort = {"sort_by": "Parameters.optimizer"}
    payload = decode(await first_token(api, sort))
    payload.update(s=2, v="sgd")

    response = await api(
        "trial-components", params={**sort, "max_results": "1", "next_token": encode(payload)}
    )

    assert error_body(response, 400)["field"] == "NextToken"


@pytest.mark.parametrize(
    "text",
    ["[1, 2]", '"token"', "null", "{", "\udcff", '{"q": "x", "s": 0, "v": null}'],
    ids=["list", "string", "null", "not-json", "surrogate", "missing-n"],
)
async def test_token_of_other_shape_400(api, tutorial, text):
    token = base64.urlsafe_b64encode(text.encode("utf-8", "surrogatepass")).decode()

    response = await api("trial-components", params={"next_token": token})

    assert error_body(response, 400)["field"] == "NextToken"


async def test_forged_token_experiments_route_400(api, tutorial):
    body = strict_json(await api("experiments", params={"max_results": "1"}))
    payload = decode(body["next_token"])
    payload["v"] = {"a": 1}

    response = await api("experiments", params={"max_results": "1", "next_token": encode(payload)})

    assert error_body(response, 400)["field"] == "NextToken"


async def test_issued_tokens_walk_every_sort(api, tutorial):
    for params in ({}, {"sort_by": "Parameters.optimizer"}, {"sort_by": "DisplayName"}):
        walked = []
        query = {**params, "max_results": "1"}
        while True:
            body = strict_json(await api("trial-components", params=query))
            walked += [component["name"] for component in body["trial_components"]]
            if body["next_token"] is None:
                break
            query["next_token"] = body["next_token"]
        assert len(walked) == 4, params
        assert len(set(walked)) == 4, params


# -- unknown keys --------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "field"),
    [
        (
            {"Filters": [{"Name": "DisplayName", "Operator": "Equals", "Value": "x", "Foo": 1}]},
            "Filters[0]",
        ),
        (
            {"Filters": [{"Name": "Parameters.optimizer", "Operator": "Exists", "value": "x"}]},
            "Filters[0]",
        ),
        (
            {
                "NestedFilters": [
                    {
                        "NestedPropertyName": "Parents",
                        "Filters": [{"Name": "Parents.TrialName", "Value": "x"}],
                        "Operator": "Or",
                    }
                ]
            },
            "NestedFilters[0]",
        ),
        (
            {
                "NestedFilters": [
                    {
                        "NestedPropertyName": "Parents",
                        "Filters": [{"Name": "Parents.TrialName", "Value": "x", "Foo": 1}],
                    }
                ]
            },
            "NestedFilters[0].Filters[0]",
        ),
    ],
)
async def test_filter_unknown_keys_400(api, tutorial, expression, field):
    response = await api("trial-components", params={"filter": json.dumps(expression)})

    body = error_body(response, 400)
    assert body["field"].endswith(f".{field}")
    assert "unknown keys" in body["message"]
