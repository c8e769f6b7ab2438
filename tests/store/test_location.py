"""Where the store lives, and what happens when it cannot be used."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from jupyterlab_experiments.client import LocalSageMakerClient, get_client
from jupyterlab_experiments.exceptions import StoreUnavailable, ValidationError
from jupyterlab_experiments.store.location import resolve_artifact_root, resolve_store_url
from jupyterlab_experiments.store.schema import metadata


def test_default_store_under_jupyter_data_dir(isolated_jupyter_dirs):
    client = get_client()
    client.create_experiment(ExperimentName="e")

    expected = isolated_jupyter_dirs / "experiments" / "experiments.db"
    assert client.store_url == f"sqlite:///{expected}"
    assert expected.exists()
    assert resolve_artifact_root(client.store_url) == expected.parent / "artifacts"
    client.close()


def test_environment_path_and_url(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERLAB_EXPERIMENTS_DB_URL", str(tmp_path / "plain.db"))
    assert resolve_store_url() == f"sqlite:///{tmp_path / 'plain.db'}"

    monkeypatch.setenv("JUPYTERLAB_EXPERIMENTS_DB_URL", "sqlite:////srv/x.db")
    assert resolve_store_url() == "sqlite:////srv/x.db"
    assert resolve_store_url(tmp_path / "explicit.db") == f"sqlite:///{tmp_path / 'explicit.db'}"


@pytest.mark.parametrize("url", ["mysql://user@host/db", "not a url://"])
def test_unsupported_url_rejected(url):
    with pytest.raises(ValidationError, match="store URL"):
        resolve_store_url(url)


def test_password_not_in_messages(monkeypatch):
    monkeypatch.setenv("JUPYTERLAB_EXPERIMENTS_DB_URL", "mysql://user:secret@host/db")
    with pytest.raises(ValidationError) as caught:
        resolve_store_url()
    assert "secret" not in str(caught.value)


def test_migrated_schema_matches_tables(client):
    with client.store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_store_of_newer_version_unavailable(tmp_path):
    path = tmp_path / "newer.db"
    LocalSageMakerClient(path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()

    with pytest.raises(StoreUnavailable, match="revision 9999") as caught:
        LocalSageMakerClient(path)

    assert "newer version" in str(caught.value)


def test_sqlite_uses_wal(tmp_path):
    client = LocalSageMakerClient(tmp_path / "wal.db")
    with client.store.engine.connect() as connection:
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    client.close()
    assert mode == "wal"


def test_file_that_is_not_a_store_unavailable(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not a database" * 100)

    with pytest.raises(StoreUnavailable, match="cannot be used"):
        LocalSageMakerClient(path)


def test_unreachable_server_unavailable():
    with pytest.raises(StoreUnavailable, match="cannot be used"):
        LocalSageMakerClient("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")


def test_folder_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreUnavailable, match="Cannot create the folder"):
        LocalSageMakerClient(blocker / "sub" / "store.db")


def test_two_processes_create_store_at_once(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "race.db"
    script = (
        "from jupyterlab_experiments.client import LocalSageMakerClient;"
        f"LocalSageMakerClient({str(path)!r}).list_experiments()"
    )
    processes = [subprocess.Popen([sys.executable, "-c", script]) for _ in range(4)]
    assert [process.wait(120) for process in processes] == [0, 0, 0, 0]

    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT revision FROM store_state").scalar() == 0
    engine.dispose()
