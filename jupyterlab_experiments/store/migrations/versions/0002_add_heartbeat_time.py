"""Add the heartbeat time of trial components.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 22:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("trial_components", schema=None) as batch_op:
        batch_op.add_column(sa.Column("heartbeat_time", sa.Double(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("trial_components", schema=None) as batch_op:
        batch_op.drop_column("heartbeat_time")
