"""Alembic environment: runs on the connection that the store hands over."""

from __future__ import annotations

from alembic import context

from jupyterlab_experiments.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Migrations run through jupyterlab_experiments.store.migrate, "
        "which passes an open connection."
    )

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
