"""``GET trial-components/{name}/log``."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import error_body, server_config, strict_json

# The smallest chunk the server accepts, so that a test log spans several chunks.
CHUNK_BYTES = 1024


@pytest.fixture
def jp_server_config(store_url):
    config = server_config(store_url)
    config.ExperimentsConfig.log_chunk_bytes = CHUNK_BYTES
    return config


def log_file(client, job_name: str) -> Path:
    path = Path(client.artifact_root) / "jobs" / job_name / "output.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


async def test_log_before_job_writes(api, tutorial):
    response = await api("trial-components", tutorial.JOB_1, "log")

    assert strict_json(response) == {"text": "", "offset": 0, "complete": False}


async def test_log_follows_running_job(api, client, tutorial):
    path = log_file(client, "job-1")
    path.write_text("epoch 1 loss=0.5\n", encoding="utf-8")

    first = strict_json(await api("trial-components", tutorial.JOB_1, "log"))
    with path.open("a", encoding="utf-8") as log:
        log.write("epoch 2 loss=0.4\n")
    second = strict_json(
        await api("trial-components", tutorial.JOB_1, "log", params={"offset": first["offset"]})
    )

    assert first == {"text": "epoch 1 loss=0.5\n", "offset": 17, "complete": False}
    assert second == {"text": "epoch 2 loss=0.4\n", "offset": 34, "complete": False}


@pytest.mark.parametrize("status", ["Completed", "Failed", "Stopped"])
async def test_log_complete_after_job_ends(api, client, tutorial, status):
    log_file(client, "job-1").write_text("done\n", encoding="utf-8")
    client.update_trial_component(
        TrialComponentName=tutorial.JOB_1, Status={"PrimaryStatus": status}
    )

    body = strict_json(await api("trial-components", tutorial.JOB_1, "log"))

    assert body == {"text": "done\n", "offset": 5, "complete": True}


async def test_log_stopping_job_not_complete(api, client, tutorial):
    log_file(client, "job-1").write_text("stopping\n", encoding="utf-8")
    client.update_trial_component(
        TrialComponentName=tutorial.JOB_1, Status={"PrimaryStatus": "Stopping"}
    )

    body = strict_json(await api("trial-components", tutorial.JOB_1, "log"))

    assert body["complete"] is False


async def test_log_ended_job_without_file_complete(api, tutorial):
    body = strict_json(await api("trial-components", tutorial.JOB_2, "log"))

    assert body == {"text": "", "offset": 0, "complete": True}


async def test_log_chunks_keep_characters_whole(api, client, tutorial):
    # 3-byte characters do not divide the chunk size.
    text = "精度" * 400
    log_file(client, "job-2").write_text(text, encoding="utf-8")

    received = []
    offset = 0
    while True:
        body = strict_json(
            await api("trial-components", tutorial.JOB_2, "log", params={"offset": offset})
        )
        received.append(body["text"])
        offset = body["offset"]
        if body["complete"]:
            break

    assert len(received) == 3
    assert "\ufffd" not in "".join(received)
    assert "".join(received) == text
    assert offset == len(text.encode("utf-8"))


async def test_log_running_job_defers_partial_character(api, client, tutorial):
    path = log_file(client, "job-1")
    path.write_bytes(b"ok " + "精".encode()[:2])

    body = strict_json(await api("trial-components", tutorial.JOB_1, "log"))

    assert body == {"text": "ok ", "offset": 3, "complete": False}


@pytest.mark.parametrize("offset", ["-1", "x", "1.5"])
async def test_log_bad_offset_400(api, tutorial, offset):
    response = await api("trial-components", tutorial.JOB_1, "log", params={"offset": offset})

    body = error_body(response, 400)
    assert body["field"] == "offset"


async def test_log_offset_beyond_end_400(api, client, tutorial):
    log_file(client, "job-1").write_text("short\n", encoding="utf-8")

    response = await api("trial-components", tutorial.JOB_1, "log", params={"offset": "100"})

    body = error_body(response, 400)
    assert body["field"] == "offset"
    assert "6 bytes" in body["message"]


async def test_log_not_a_job_404(api, tutorial):
    response = await api("trial-components", tutorial.PREPROCESSING, "log")

    body = error_body(response, 404)
    assert body["error_code"] == "ResourceNotFound"
    assert "not created by a training job" in body["message"]


async def test_log_unknown_component_404(api, client):
    response = await api("trial-components", "missing-aws-training-job", "log")

    body = error_body(response, 404)
    assert "missing-aws-training-job" in body["message"]


async def test_log_link_outside_artifact_root_404(api, client, tutorial, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "output.log").write_text("secret\n", encoding="utf-8")
    jobs = Path(client.artifact_root) / "jobs"
    jobs.mkdir(parents=True, exist_ok=True)
    (jobs / "job-1").symlink_to(outside, target_is_directory=True)

    response = await api("trial-components", tutorial.JOB_1, "log")

    body = error_body(response, 404)
    assert "outside the artifact folder" in body["message"]
    assert "secret" not in response.body.decode()
