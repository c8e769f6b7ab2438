"""``GET trial-components/{name}/artifacts/{artifact_name}``: chart documents."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from jupyterlab_experiments import Tracker
from jupyterlab_experiments.server.artifact_charts import CHART_ARTIFACT_MAX_BYTES

from .conftest import SQLITE_ONLY, error_body, strict_json
from .test_openapi import response_schema, validate

Y_TRUE = [0, 1, 1, 0, 1, 0, 1, 1]
Y_SCORE = [0.1, 0.9, 0.7, 0.4, 0.35, 0.2, 0.8, 0.6]
CONFUSION_MATRIX = {
    "type": "ConfusionMatrix",
    "version": 0,
    "title": "cm",
    "confusionMatrix": [[1]],
}


@pytest.fixture
def charts(client: Any) -> str:
    """Log a confusion matrix, a ROC curve, a PR curve and a table through a Tracker."""
    with Tracker.create(display_name="Evaluation", sagemaker_boto_client=client) as tracker:
        tracker.log_confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1], title="confusion")
        tracker.log_roc_curve(Y_TRUE, Y_SCORE, title="roc")
        tracker.log_precision_recall(Y_TRUE, Y_SCORE, title="pr")
        tracker.log_table(title="table", values={"x": [1, 2], "y": ["a", "b"]})
        tracker.log_roc_curve(Y_TRUE, Y_SCORE, title="roc-input", output_artifact=False)
    return str(tracker.trial_component.trial_component_name)


@pytest.fixture
def component(client: Any) -> str:
    """Create a component without artifacts, for artifacts that point anywhere."""
    client.create_trial_component(TrialComponentName="hand-made")
    return "hand-made"


def set_artifact(client: Any, name: str, artifact: str, value: str, media_type: str | None):
    """Record an output artifact with any value, as a client outside the SDK could."""
    client.update_trial_component(
        TrialComponentName=name,
        OutputArtifacts={artifact: {"Value": value, "MediaType": media_type}},
    )


def write_json(path: Path, document: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def stored_file(client: Any, name: str, artifact: str, key: str = "OutputArtifacts") -> Path:
    uri = client.describe_trial_component(TrialComponentName=name)[key][artifact]["Value"]
    assert uri.startswith("file://")
    return Path(uri.removeprefix("file://"))


@pytest.mark.parametrize(
    ("artifact", "chart_type", "field"),
    [
        ("confusion", "ConfusionMatrix", "confusionMatrix"),
        ("roc", "ROCCurve", "areaUnderCurve"),
        ("pr", "PrecisionRecallCurve", "averagePrecisionScore"),
        ("table", "Table", "fields"),
    ],
)
async def test_chart_artifact_logged_by_tracker(api, client, charts, artifact, chart_type, field):
    response = await api("trial-components", charts, "artifacts", artifact)

    body = strict_json(response)
    assert response.code == 200
    assert body["type"] == chart_type
    assert body["title"] == artifact
    assert field in body
    expected = json.loads(stored_file(client, charts, artifact).read_text(encoding="utf-8"))
    assert body == expected


async def test_bodies_match_openapi(api, charts):
    path = "/trial-components/{name}/artifacts/{artifact_name}"
    for artifact in ("confusion", "roc", "pr", "table"):
        response = await api("trial-components", charts, "artifacts", artifact)
        validate(strict_json(response), response_schema(path, "get", "200"))

    not_found = await api("trial-components", charts, "artifacts", "no-such-chart")
    validate(strict_json(not_found), response_schema(path, "get", "404"))


async def test_confusion_matrix_counts(api, charts):
    response = await api("trial-components", charts, "artifacts", "confusion")

    assert strict_json(response)["confusionMatrix"] == [[1, 0, 0], [0, 1, 1], [0, 0, 2]]


async def test_input_direction(api, charts):
    as_input = await api(
        "trial-components", charts, "artifacts", "roc-input", params={"direction": "input"}
    )
    as_output = await api("trial-components", charts, "artifacts", "roc-input")

    assert strict_json(as_input)["type"] == "ROCCurve"
    assert error_body(as_output, 404)["error_code"] == "ResourceNotFound"


async def test_unknown_direction_400(api, charts):
    response = await api(
        "trial-components", charts, "artifacts", "roc", params={"direction": "sideways"}
    )

    body = error_body(response, 400)
    assert body["field"] == "direction"
    assert "sideways" in body["message"]


async def test_unknown_component_404(api, client):
    response = await api("trial-components", "no-such-component", "artifacts", "roc")

    body = error_body(response, 404)
    assert body["error_code"] == "ResourceNotFound"
    assert "no-such-component" in body["message"]


async def test_unknown_artifact_404(api, charts):
    response = await api("trial-components", charts, "artifacts", "no-such-chart")

    body = error_body(response, 404)
    assert body["error_code"] == "ResourceNotFound"
    assert body["field"] == "artifact_name"
    assert "no-such-chart" in body["message"]


async def test_missing_file_404(api, client, charts):
    stored_file(client, charts, "roc").unlink()

    response = await api("trial-components", charts, "artifacts", "roc")

    body = error_body(response, 404)
    assert body["field"] == "artifact_name"
    assert "does not exist" in body["message"]


async def test_encoded_artifact_name(api_encoded, client):
    title = "val/roc curve #1 ?"
    with Tracker.create(sagemaker_boto_client=client) as tracker:
        tracker.log_roc_curve(Y_TRUE, Y_SCORE, title=title)
    name = str(tracker.trial_component.trial_component_name)

    response = await api_encoded("trial-components", name, "artifacts", title)

    assert response.code == 200
    assert strict_json(response)["title"] == title


async def test_reference_artifact_400(api, client, component):
    set_artifact(client, component, "model", "s3://bucket/model.tar.gz", None)

    response = await api("trial-components", component, "artifacts", "model")

    body = error_body(response, 400)
    assert body["error_code"] == "NotAChartArtifact"
    assert "application/json" in body["rule"]


async def test_json_reference_outside_files_400(api, client, component):
    set_artifact(client, component, "remote", "s3://bucket/chart.json", "application/json")

    response = await api("trial-components", component, "artifacts", "remote")

    body = error_body(response, 400)
    assert body["error_code"] == "NotAChartArtifact"
    assert "file:// URI" in body["rule"]


async def test_json_file_that_is_not_a_chart_400(api, client, tmp_path):
    settings = write_json(tmp_path / "settings.json", {"learning_rate": 0.1})
    with Tracker.create(sagemaker_boto_client=client) as tracker:
        tracker.log_output_artifact(settings, name="settings")
    name = str(tracker.trial_component.trial_component_name)

    response = await api("trial-components", name, "artifacts", "settings")

    body = error_body(response, 400)
    assert body["error_code"] == "NotAChartArtifact"
    assert "ConfusionMatrix" in body["rule"]


@pytest.mark.parametrize(
    ("content", "rule"),
    [
        (b'{"type": "ROCCurve", "version": 0, "areaUnderCurve": NaN}', "valid JSON"),
        (b"\xff\xfe not utf-8", "valid JSON"),
        (b'[{"type": "ROCCurve"}]', "JSON object"),
        (b'{"type": "ROCCurve", "version": 1}', "version"),
        (b'{"type": "ROCCurve", "version": "0"}', "version"),
    ],
)
async def test_invalid_chart_document_400(api, client, component, content, rule):
    path = client.artifact_root / "hand-made" / "chart.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    set_artifact(client, component, "chart", path.as_uri(), "application/json")

    response = await api("trial-components", component, "artifacts", "chart")

    body = error_body(response, 400)
    assert body["error_code"] == "NotAChartArtifact"
    assert rule in body["rule"]


async def test_uri_outside_root_400(api, client, component, tmp_path):
    outside = write_json(tmp_path / "outside" / "cm.json", CONFUSION_MATRIX)
    set_artifact(client, component, "escape", outside.as_uri(), "application/json")

    response = await api("trial-components", component, "artifacts", "escape")

    body = error_body(response, 400)
    assert body["error_code"] == "NotAChartArtifact"
    assert "inside the artifact folder" in body["rule"]
    assert "confusionMatrix" not in response.body.decode()


async def test_uri_with_dot_dot_400(api, client, component, tmp_path):
    write_json(tmp_path / "outside" / "cm.json", CONFUSION_MATRIX)
    root = client.artifact_root
    root.mkdir(parents=True, exist_ok=True)
    uri = f"file://{root}/../outside/cm.json"

    set_artifact(client, component, "escape", uri, "application/json")

    response = await api("trial-components", component, "artifacts", "escape")

    assert error_body(response, 400)["error_code"] == "NotAChartArtifact"


async def test_uri_with_host_400(api, client, component):
    path = write_json(client.artifact_root / "cm.json", CONFUSION_MATRIX)
    set_artifact(client, component, "remote", f"file://fileserver{path}", "application/json")

    response = await api("trial-components", component, "artifacts", "remote")

    assert error_body(response, 400)["error_code"] == "NotAChartArtifact"


async def test_symlink_to_outside_file_400(api, client, component, tmp_path):
    outside = write_json(tmp_path / "outside" / "cm.json", CONFUSION_MATRIX)
    link = client.artifact_root / "hand-made" / "cm.json"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside)
    set_artifact(client, component, "link", link.as_uri(), "application/json")

    response = await api("trial-components", component, "artifacts", "link")

    body = error_body(response, 400)
    assert body["error_code"] == "NotAChartArtifact"
    assert "confusionMatrix" not in response.body.decode()


async def test_symlinked_folder_to_outside_400(api, client, component, tmp_path):
    write_json(tmp_path / "outside" / "cm.json", CONFUSION_MATRIX)
    client.artifact_root.mkdir(parents=True, exist_ok=True)
    (client.artifact_root / "linked").symlink_to(tmp_path / "outside", target_is_directory=True)
    uri = (client.artifact_root / "linked" / "cm.json").as_uri()
    set_artifact(client, component, "link", uri, "application/json")

    response = await api("trial-components", component, "artifacts", "link")

    assert error_body(response, 400)["error_code"] == "NotAChartArtifact"


async def test_symlink_inside_root_200(api, client, component):
    target = write_json(client.artifact_root / "charts" / "cm.json", CONFUSION_MATRIX)
    link = client.artifact_root / "hand-made" / "latest.json"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    set_artifact(client, component, "link", link.as_uri(), "application/json")

    response = await api("trial-components", component, "artifacts", "link")

    assert strict_json(response) == CONFUSION_MATRIX


async def test_folder_instead_of_file_400(api, client, component):
    folder = client.artifact_root / "hand-made" / "folder.json"
    folder.mkdir(parents=True)
    set_artifact(client, component, "folder", folder.as_uri(), "application/json")

    response = await api("trial-components", component, "artifacts", "folder")

    assert error_body(response, 400)["error_code"] == "NotAChartArtifact"


@SQLITE_ONLY
async def test_named_pipe_400(api, client, component):
    pipe = client.artifact_root / "hand-made" / "pipe.json"
    pipe.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(pipe)
    set_artifact(client, component, "pipe", pipe.as_uri(), "application/json")

    response = await api("trial-components", component, "artifacts", "pipe")

    assert error_body(response, 400)["rule"] == "must be a regular file"


async def test_file_over_size_limit_413(api, client, component):
    path = client.artifact_root / "hand-made" / "big.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    padding = "x" * (CHART_ARTIFACT_MAX_BYTES + 1)
    path.write_text(f'{{"type": "Table", "version": 0, "title": "{padding}"}}', "utf-8")
    set_artifact(client, component, "big", path.as_uri(), "application/json")

    response = await api("trial-components", component, "artifacts", "big")

    body = error_body(response, 413)
    validate(
        body, response_schema("/trial-components/{name}/artifacts/{artifact_name}", "get", "413")
    )
    assert body["error_code"] == "ArtifactTooLarge"
    assert str(CHART_ARTIFACT_MAX_BYTES) in body["rule"]


@SQLITE_ONLY
async def test_without_credentials_403(api, charts):
    response = await api(
        "trial-components", charts, "artifacts", "roc", headers={"Authorization": ""}
    )

    assert error_body(response, 403)["error_code"] == "AccessDenied"
