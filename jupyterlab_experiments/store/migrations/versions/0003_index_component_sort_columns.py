"""Index the trial component columns that the table sorts by.

Sorting 100,000 components by start time, end time or display name then
walks an index instead of sorting every row.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 00:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COLUMNS = ("start_time", "end_time", "display_name")


def upgrade() -> None:
    for column in _COLUMNS:
        op.create_index(f"ix_trial_components_{column}", "trial_components", [column])


def downgrade() -> None:
    for column in _COLUMNS:
        op.drop_index(f"ix_trial_components_{column}", table_name="trial_components")
