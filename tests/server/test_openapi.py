"""``openapi.yaml`` describes exactly the routes, verbs, parameters and bodies of the code."""

from __future__ import annotations

import re
from importlib.resources import files

import jsonschema
import pytest
import yaml

from jupyterlab_experiments.server.routes import ROUTES

from .conftest import implements, strict_json

SPEC = yaml.safe_load(
    files("jupyterlab_experiments.server").joinpath("openapi.yaml").read_text(encoding="utf-8")
)
VERBS = ("get", "delete", "post", "put", "patch")
HANDLERS = {f"/{template}": handler for template, handler in ROUTES}


def operations(path):
    return {verb: SPEC["paths"][path][verb] for verb in VERBS if verb in SPEC["paths"][path]}


def parameters(path, verb, location):
    declared = [
        *SPEC["paths"][path].get("parameters", []),
        *SPEC["paths"][path][verb].get("parameters", []),
    ]
    resolved = [resolve(parameter) for parameter in declared]
    return sorted(parameter["name"] for parameter in resolved if parameter["in"] == location)


def resolve(node):
    if "$ref" not in node:
        return node
    target = SPEC
    for part in node["$ref"].removeprefix("#/").split("/"):
        target = target[part]
    return target


def test_every_route_documented():
    assert sorted(SPEC["paths"]) == sorted(HANDLERS)


@pytest.mark.parametrize("path", sorted(HANDLERS))
def test_documented_verbs_match_handler(path):
    implemented = {verb for verb in VERBS if implements(HANDLERS[path], verb)}

    assert set(operations(path)) == implemented


@pytest.mark.parametrize("path", sorted(HANDLERS))
def test_documented_query_parameters_match_handler(path):
    handler = HANDLERS[path]
    for verb in operations(path):
        assert parameters(path, verb, "query") == sorted(handler.query_parameters[verb]), verb


@pytest.mark.parametrize("path", sorted(HANDLERS))
def test_documented_path_parameters_match_template(path):
    in_template = sorted(re.findall(r"\{(\w+)\}", path))
    for verb in operations(path):
        assert parameters(path, verb, "path") == in_template, verb


def validate(body, schema_name):
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": f"#/components/schemas/{schema_name}",
        "components": SPEC["components"],
    }
    jsonschema.validate(body, schema)


def response_schema(path, verb, status):
    response = resolve(SPEC["paths"][path][verb]["responses"][status])
    return response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]


READS = [
    ("/revision", ("revision",), {}),
    ("/experiments", ("experiments",), {}),
    ("/experiments/{name}", ("experiments", "mnist-classification"), {}),
    ("/experiments/{name}/trials", ("experiments", "mnist-classification", "trials"), {}),
    ("/trials/{name}", ("trials", "cnn-trial-1"), {}),
    ("/trial-components", ("trial-components",), {}),
    ("/trial-components", ("trial-components",), {"include_total_count": "false"}),
    ("/trial-components/{name}", ("trial-components", "job-1-aws-training-job"), {}),
    (
        "/trial-components/{name}/metrics/{metric_name}",
        ("trial-components", "job-1-aws-training-job", "metrics", "test:accuracy"),
        {},
    ),
    (
        "/trial-components/{name}/metrics",
        ("trial-components", "job-1-aws-training-job", "metrics"),
        {"metric_name": "test:accuracy"},
    ),
    ("/trial-components/{name}/log", ("trial-components", "job-1-aws-training-job", "log"), {}),
    ("/trial-component-table/columns", ("trial-component-table", "columns"), {}),
    (
        "/trial-component-table/values",
        ("trial-component-table", "values"),
        {"property": "Parameters.hidden_channels"},
    ),
]
# Routes whose 200 response is not JSON; test_csv_export_matches_spec covers them.
NON_JSON_READS = ["/trial-component-table/export"]
# Routes that need data the tutorial does not log; test_artifact_charts.py
# checks their bodies against the spec.
OTHER_READS = ["/trial-components/{name}/artifacts/{artifact_name}"]


def test_reads_cover_every_get_route():
    documented = sorted(path for path in SPEC["paths"] if "get" in SPEC["paths"][path])

    covered = {path for path, _, _ in READS} | set(NON_JSON_READS) | set(OTHER_READS)

    assert sorted(covered) == documented


@pytest.mark.parametrize(("path", "segments", "params"), READS)
async def test_response_body_matches_schema(api, tutorial, path, segments, params):
    response = await api(*segments, params=params)

    assert response.code == 200
    validate(strict_json(response), response_schema(path, "get", "200"))


async def test_csv_export_matches_spec(api, tutorial):
    documented = SPEC["paths"]["/trial-component-table/export"]["get"]["responses"]["200"]

    response = await api(
        "trial-component-table", "export", params={"columns": '["TrialComponentName"]'}
    )

    assert response.code == 200
    assert list(documented["content"]) == ["text/csv"]
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.body.decode("utf-8-sig").startswith("Name\r\n")


async def test_error_bodies_match_schema(api, tutorial):
    not_found = await api("experiments", "no-such-experiment")
    conflict = await api("experiments", tutorial.EXPERIMENT, method="DELETE")
    invalid = await api("experiments", params={"max_results": "0"})

    validate(strict_json(not_found), response_schema("/experiments/{name}", "get", "404"))
    validate(strict_json(conflict), response_schema("/experiments/{name}", "delete", "409"))
    validate(strict_json(invalid), response_schema("/experiments", "get", "400"))
