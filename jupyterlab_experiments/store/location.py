"""The location of the store and of its artifacts.

The same rules apply in a notebook kernel, in a training-job subprocess and in
the Jupyter server, so all of them open the same store without configuration:

1. an explicit URL or file path passed by the caller;
2. the environment variable ``JUPYTERLAB_EXPERIMENTS_DB_URL`` (a SQLAlchemy
   URL or a plain file path);
3. ``experiments/experiments.db`` under the Jupyter data folder
   (``jupyter --data-dir``), created on first use.

Artifacts (copied files, job folders) go to ``JUPYTERLAB_EXPERIMENTS_ARTIFACT_ROOT``
when set, else to an ``artifacts`` folder beside an SQLite file, else to
``experiments/artifacts`` under the Jupyter data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from jupyter_core.paths import jupyter_data_dir

from ..exceptions import ValidationError

DB_URL_VARIABLE = "JUPYTERLAB_EXPERIMENTS_DB_URL"
ARTIFACT_ROOT_VARIABLE = "JUPYTERLAB_EXPERIMENTS_ARTIFACT_ROOT"


def default_database_path() -> Path:
    """Return the default SQLite file under the Jupyter data folder."""
    return Path(jupyter_data_dir()) / "experiments" / "experiments.db"


def resolve_store_url(explicit: str | os.PathLike[str] | None = None) -> str:
    """Return the SQLAlchemy URL of the store, following the rules above."""
    candidate: str | os.PathLike[str] | None = explicit
    source = "store URL"
    if candidate is None or candidate == "":
        candidate = os.environ.get(DB_URL_VARIABLE) or None
        source = DB_URL_VARIABLE
    if candidate is None:
        return _sqlite_url(default_database_path())
    text = os.fspath(candidate)
    if "://" not in text:
        return _sqlite_url(Path(text).expanduser())
    try:
        url = sa.engine.make_url(text)
    except sa.exc.ArgumentError as error:
        raise ValidationError.invalid(source, text, f"must be a SQLAlchemy URL ({error})") from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValidationError.invalid(
            source, url.render_as_string(hide_password=True), "must be a sqlite or postgresql URL"
        )
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        raise ValidationError.invalid(
            source,
            text,
            "must name a database file; an in-memory store is lost when the process ends "
            "and other processes cannot see it",
        )
    return text


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.absolute()}"


def sqlite_path(url: str) -> Path | None:
    """Return the database file of an SQLite URL, or None for other stores and ``:memory:``."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def resolve_artifact_root(store_url: str) -> Path:
    """Return the folder that contains the store's artifacts (not created here)."""
    configured = os.environ.get(ARTIFACT_ROOT_VARIABLE)
    if configured:
        return Path(configured).expanduser().absolute()
    database = sqlite_path(store_url)
    if database is not None:
        return database.parent / "artifacts"
    return Path(jupyter_data_dir()) / "experiments" / "artifacts"


def redact(url: str) -> str:
    """Return the URL without its password, for messages and logs."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<invalid URL>"
