"""Opening a store: engine settings, migrations and transactions.

SQLite runs in WAL mode with a busy timeout, so that a notebook kernel,
several training-job processes and the Jupyter server can use one file at
once: readers never wait for writers, and writers queue for up to
``BUSY_TIMEOUT_S``. Write transactions start with ``BEGIN IMMEDIATE`` so that
a writer takes the write lock before it reads; a deferred transaction that
reads first and writes later can fail at once instead of waiting.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ..exceptions import StoreUnavailable
from .location import redact, sqlite_path
from .schema import store_state

log = logging.getLogger(__name__)

# Writes take milliseconds, so a writer that waits this long faces a lock
# held by a stuck process. Giving up then reports it instead of hanging.
BUSY_TIMEOUT_S = 15
_MIGRATIONS = Path(__file__).with_name("migrations")
# A fixed key for PostgreSQL's advisory lock that serialises migrations.
_MIGRATION_LOCK_KEY = 0x6A6C6578


def create_store_engine(url: str) -> sa.Engine:
    """Create an engine with the settings that concurrent use needs."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = sqlite_path(url)
        if database is not None:
            _create_parent_folder(database, url)
        engine = sa.create_engine(
            url,
            connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        )
        sa.event.listen(engine, "connect", _configure_sqlite_connection)
        sa.event.listen(engine, "begin", _begin_sqlite_transaction)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _create_parent_folder(database: Path, url: str) -> None:
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreUnavailable(
            f"Cannot create the folder of the store {redact(url)}: {error}",
            field="store URL",
            value=redact(url),
            rule="the folder of an SQLite store must be writable",
        ) from error


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (see below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # NORMAL is durable across process crashes in WAL mode; only a power loss
    # can lose the last transactions.
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    # A 64 MiB page cache keeps the indexes of a 100,000-component store in
    # memory; SQLite's default is 2 MiB.
    cursor.execute("PRAGMA cache_size = -65536")
    cursor.close()


def _begin_sqlite_transaction(connection: sa.Connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


_BUMP_REVISION = (
    sa.update(store_state).where(store_state.c.id == 1).values(revision=store_state.c.revision + 1)
)


@contextlib.contextmanager
def write_transaction(engine: sa.Engine, *, bump_revision: bool = True) -> Iterator[sa.Connection]:
    """Open a transaction that writes: it takes SQLite's write lock at the start and
    increases the store revision, so that readers in any process learn that
    something changed. Writes that no reader needs to see at once, such as
    heartbeats, pass ``bump_revision=False``."""
    with translate_errors(engine), engine.connect() as connection:
        connection = connection.execution_options(sqlite_begin="IMMEDIATE")
        with connection.begin():
            if bump_revision:
                connection.execute(_BUMP_REVISION)
            yield connection


@contextlib.contextmanager
def read_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """Open a read-only transaction that reads one snapshot of the store.

    SQLite in WAL mode gives a transaction one snapshot. PostgreSQL does so
    only from REPEATABLE READ up, which makes a summary and the points read
    after it agree. At REPEATABLE READ, PostgreSQL raises serialization
    failures only for writes and row locks, so a transaction that only reads
    cannot get one.
    """
    with translate_errors(engine), engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


@contextlib.contextmanager
def translate_errors(engine: sa.Engine) -> Iterator[None]:
    """Turn driver errors about the database itself into StoreUnavailable."""
    try:
        yield
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as error:
        url = redact(engine.url.render_as_string(hide_password=False))
        log.warning("Store %s failed: %s", url, error.orig)
        raise StoreUnavailable(
            f"The store {url} cannot be used: {error.orig}",
            field="store URL",
            value=url,
            rule="the store must be reachable and writable",
        ) from error
    except sa.exc.DatabaseError as error:
        if isinstance(error, sa.exc.IntegrityError):
            raise
        url = redact(engine.url.render_as_string(hide_password=False))
        raise StoreUnavailable(
            f"The store {url} cannot be used: {error.orig}",
            field="store URL",
            value=url,
            rule="the store must be a jupyterlab_experiments database",
        ) from error


def _alembic_config(connection: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return ScriptDirectory.from_config(config)


def _head_revision() -> str | None:
    return _scripts().get_current_head()


def _current_revision(connection: sa.Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _check_known_revision(engine: sa.Engine, revision: str | None) -> None:
    """Raise StoreUnavailable for a store upgraded by a newer version of this package."""
    if revision is None:
        return
    known = {script.revision for script in _scripts().walk_revisions()}
    if revision in known:
        return
    url = redact(engine.url.render_as_string(hide_password=False))
    raise StoreUnavailable(
        f"The store {url} has schema revision {revision}, which a newer version of "
        "jupyterlab-experiments created; upgrade this installation to use the store",
        field="store URL",
        value=url,
        rule="the store's schema revision must be one that this version knows",
    )


def migrate(engine: sa.Engine) -> None:
    """Bring the store's schema to the newest revision.

    Several processes may open a new store at once, so the upgrade runs under
    a lock: a lock file beside an SQLite database, an advisory lock on
    PostgreSQL. The common case, a store that is already current, costs one
    query and takes no lock.
    """
    head = _head_revision()
    with translate_errors(engine):
        with engine.connect() as connection:
            current = _current_revision(connection)
        if current == head:
            return
        _check_known_revision(engine, current)
        with _migration_lock(engine), engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    sa.text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
                )
            try:
                current = _current_revision(connection)
                if current != head:
                    log.info(
                        "Upgrading the store %s from %s to %s",
                        redact(str(engine.url)),
                        current,
                        head,
                    )
                    command.upgrade(_alembic_config(connection), "head")
                    connection.commit()
            finally:
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        sa.text("SELECT pg_advisory_unlock(:key)"), {"key": _MIGRATION_LOCK_KEY}
                    )
                    connection.commit()


@contextlib.contextmanager
def _migration_lock(engine: sa.Engine) -> Iterator[None]:
    database = sqlite_path(engine.url.render_as_string(hide_password=False))
    if database is None:
        yield
        return
    lock_path = database.with_name(database.name + ".migration-lock")
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)
