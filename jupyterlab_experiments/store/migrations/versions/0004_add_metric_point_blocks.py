"""Add packed blocks of metric points and fill them from the stored points.

A chart reads whole series; reading them from packed blocks instead of one
row per point makes the first chart of long series fast.

The blocks are filled here with this revision's own packing code, not the
store's, so that a later change to the store cannot change what this
revision writes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 03:00:00
"""

from __future__ import annotations

import numpy as np
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_BLOCK_POINTS = 1024
_NAN = float("nan")
_RECORD = np.dtype([("step", "<i8"), ("timestamp", "<f8"), ("value", "<f8")])


def upgrade() -> None:
    op.create_table(
        "metric_point_blocks",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=False),
        sa.Column("point_count", sa.Integer(), nullable=False),
        sa.Column("points", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["metric_summaries.id"],
            name=op.f("fk_metric_point_blocks_metric_id_metric_summaries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_point_blocks")),
    )
    op.create_index(
        op.f("ix_metric_point_blocks_metric_id_point_count"),
        "metric_point_blocks",
        ["metric_id", "point_count"],
    )
    _fill_blocks(op.get_bind())


def _fill_blocks(connection: sa.Connection) -> None:
    """Pack the points of every metric in the order they were stored."""
    metric_ids = connection.execute(
        sa.text("SELECT DISTINCT metric_id FROM metric_points ORDER BY metric_id")
    ).scalars()
    insert = sa.text(
        "INSERT INTO metric_point_blocks (metric_id, point_count, points) "
        "VALUES (:metric_id, :point_count, :points)"
    ).bindparams(sa.bindparam("points", type_=sa.LargeBinary))
    for metric_id in metric_ids.all():
        rows = connection.execute(
            sa.text(
                "SELECT coalesce(step, -1), timestamp, value "
                "FROM metric_points WHERE metric_id = :metric_id ORDER BY id"
            ),
            {"metric_id": metric_id},
        ).all()
        # Both databases store NaN as NULL.
        records = np.array(
            [
                (step, timestamp, _NAN if value is None else value)
                for step, timestamp, value in rows
            ],
            dtype=_RECORD,
        )
        blocks = [
            {
                "metric_id": metric_id,
                "point_count": len(chunk),
                "points": chunk.tobytes(),
            }
            for chunk in (
                records[start : start + _BLOCK_POINTS]
                for start in range(0, len(records), _BLOCK_POINTS)
            )
        ]
        connection.execute(insert, blocks)


def downgrade() -> None:
    op.drop_index(
        op.f("ix_metric_point_blocks_metric_id_point_count"), table_name="metric_point_blocks"
    )
    op.drop_table("metric_point_blocks")
