"""The hooks that Jupyter uses to find and load the extension, and its settings."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from traitlets import TraitError

import jupyterlab_experiments
from jupyterlab_experiments.server import extension
from jupyterlab_experiments.server.config import ExperimentsConfig

from .conftest import server_config, strict_json

REPOSITORY = Path(__file__).resolve().parents[2]


def test_extension_point_module_has_loader():
    [point] = jupyterlab_experiments._jupyter_server_extension_points()

    module = importlib.import_module(point["module"])

    assert module is extension
    assert callable(module._load_jupyter_server_extension)


def test_labextension_path_is_in_package():
    [path] = jupyterlab_experiments._jupyter_labextension_paths()

    assert path == {"src": "labextension", "dest": "jupyterlab-experiments"}


def test_server_config_file_enables_extension():
    path = REPOSITORY / "jupyter-config" / "server-config" / "jupyterlab_experiments.json"

    config = json.loads(path.read_text(encoding="utf-8"))

    assert config == {"ServerApp": {"jpserver_extensions": {"jupyterlab_experiments": True}}}


def test_package_import_loads_no_server_modules():
    # Notebooks and training jobs import the package, which contains the hooks.
    # The import must not load tornado, jupyter_server or SQLAlchemy.
    script = (
        "import sys, jupyterlab_experiments; "
        "print(sorted(m for m in ('tornado', 'jupyter_server', 'sqlalchemy') "
        "if m in sys.modules))"
    )

    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=REPOSITORY,
    )

    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("trait", "value"),
    [
        ("max_results_default", 0),
        ("max_results_default", 101),
        ("worker_threads", 0),
        ("log_chunk_bytes", 10),
    ],
)
def test_config_rejects_bad_values(trait, value):
    with pytest.raises(TraitError, match=trait):
        ExperimentsConfig(**{trait: value})


@pytest.fixture
def jp_server_config(store_url):
    # No db_url, and a small default page: the server must find the store by the
    # SDK's rules, here from the JUPYTERLAB_EXPERIMENTS_DB_URL variable.
    config = server_config("")
    config.ExperimentsConfig.max_results_default = 2
    return config


async def test_store_from_environment(api, client, store_url):
    assert os.environ["JUPYTERLAB_EXPERIMENTS_DB_URL"] == store_url
    client.create_experiment(ExperimentName="found-by-environment")

    body = strict_json(await api("experiments"))

    assert [item["name"] for item in body["experiments"]] == ["found-by-environment"]


async def test_default_page_size_from_config(api, client):
    for index in range(3):
        client.create_experiment(ExperimentName=f"page-size-{index}")

    body = strict_json(await api("experiments"))

    assert len(body["experiments"]) == 2
    assert body["next_token"] is not None
    assert body["total_count"] == 3
