"""Fixtures shared by every test: isolated data folders and the two stores.

Store tests run twice, on an SQLite file and on a database of a real
PostgreSQL server that this test session starts and stops.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres_server import postgres_cluster

# The server tests use pytest-jupyter's jp_fetch; pytest accepts plugin
# declarations only in the top-level conftest.
pytest_plugins = ["pytest_jupyter.jupyter_server"]

STORE_KINDS = ("sqlite", "postgresql")
_database_numbers = itertools.count()


@pytest.fixture(autouse=True)
def isolated_jupyter_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point the Jupyter data folder at a temporary one, so no test writes to
    the user's real store, and clear any store URL from the environment."""
    data_dir = tmp_path_factory.mktemp("jupyter-data")
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(data_dir))
    monkeypatch.delenv("JUPYTERLAB_EXPERIMENTS_DB_URL", raising=False)
    monkeypatch.delenv("JUPYTERLAB_EXPERIMENTS_ARTIFACT_ROOT", raising=False)
    monkeypatch.delenv("JUPYTERLAB_EXPERIMENTS_TRIAL_COMPONENT", raising=False)
    monkeypatch.delenv("TRAINING_JOB_NAME", raising=False)
    return data_dir


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """URL of the maintenance database of the session's PostgreSQL cluster."""
    with postgres_cluster() as url:
        yield url


def _create_database(server_url: str) -> tuple[str, str]:
    import sqlalchemy as sa

    name = f"test_{os.getpid()}_{next(_database_numbers)}"
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return name, server_url.rsplit("/", 1)[0] + "/" + name


def _drop_database(server_url: str, name: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(params=STORE_KINDS)
def store_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[str]:
    """An empty store of each kind; also exported as JUPYTERLAB_EXPERIMENTS_DB_URL
    so that code that opens the default store (and subprocesses) uses it."""
    from jupyterlab_experiments.client import close_clients

    server_url = None
    database = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'experiments.db'}"
    else:
        server_url = request.getfixturevalue("postgres_server_url")
        database, url = _create_database(server_url)

    monkeypatch.setenv("JUPYTERLAB_EXPERIMENTS_DB_URL", url)
    monkeypatch.setenv("JUPYTERLAB_EXPERIMENTS_ARTIFACT_ROOT", str(tmp_path / "artifacts"))
    try:
        yield url
    finally:
        close_clients()
        if server_url is not None and database is not None:
            _drop_database(server_url, database)


@pytest.fixture
def client(store_url: str):  # type: ignore[no-untyped-def]
    """The local SageMaker client bound to an empty store of each kind."""
    from jupyterlab_experiments.client import get_client

    return get_client(store_url)
