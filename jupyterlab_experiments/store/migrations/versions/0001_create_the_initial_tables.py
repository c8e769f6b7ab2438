"""Create the initial tables.

Revision ID: 0001
Revises:
Create Date: 2026-12-04 21:08:39.678055
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "experiments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "name",
            sa.String(length=120).with_variant(sa.String(length=120, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "name_key",
            sa.String(length=120).with_variant(sa.String(length=120, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "display_name",
            sa.String(length=120).with_variant(sa.String(length=120, collation="C"), "postgresql"),
            nullable=True,
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("source_arn", sa.String(length=256), nullable=True),
        sa.Column("source_type", sa.String(length=128), nullable=True),
        sa.Column("creation_time", sa.Double(), nullable=False),
        sa.Column("last_modified_time", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiments")),
        sa.UniqueConstraint("name_key", name=op.f("uq_experiments_name_key")),
    )
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_experiments_creation_time"), ["creation_time"], unique=False
        )

    op.create_table(
        "store_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_state")),
    )
    op.create_table(
        "tags",
        sa.Column("resource_type", sa.String(length=16), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column(
            "key",
            sa.String(length=128).with_variant(sa.String(length=128, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "value",
            sa.String(length=256).with_variant(sa.String(length=256, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("resource_type", "resource_id", "key", name=op.f("pk_tags")),
    )
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tags_key_value"), ["key", "value"], unique=False)

    op.create_table(
        "trial_components",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "name",
            sa.String(length=120).with_variant(sa.String(length=120, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "name_key",
            sa.String(length=120).with_variant(sa.String(length=120, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "display_name",
            sa.String(length=120).with_variant(sa.String(length=120, collation="C"), "postgresql"),
            nullable=True,
        ),
        sa.Column("source_arn", sa.String(length=256), nullable=True),
        sa.Column("source_type", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("status_message", sa.Text(), nullable=True),
        sa.Column("start_time", sa.Double(), nullable=True),
        sa.Column("end_time", sa.Double(), nullable=True),
        sa.Column("creation_time", sa.Double(), nullable=False),
        sa.Column("last_modified_time", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trial_components")),
        sa.UniqueConstraint("name_key", name=op.f("uq_trial_components_name_key")),
    )
    with op.batch_alter_table("trial_components", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trial_components_creation_time"), ["creation_time"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_trial_components_last_modified_time"),
            ["last_modified_time"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_trial_components_source_arn"), ["source_arn"], unique=False
        )

    op.create_table(
        "artifacts",
        sa.Column("trial_component_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=6), nullable=False),
        sa.Column(
            "name",
            sa.String(length=128).with_variant(sa.String(length=128, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "value", sa.Text().with_variant(sa.Text(collation="C"), "postgresql"), nullable=False
        ),
        sa.Column("media_type", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["trial_component_id"],
            ["trial_components.id"],
            name=op.f("fk_artifacts_trial_component_id_trial_components"),
        ),
        sa.PrimaryKeyConstraint(
            "trial_component_id", "direction", "name", name=op.f("pk_artifacts")
        ),
    )
    with op.batch_alter_table("artifacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_artifacts_name_direction"), ["name", "direction"], unique=False
        )

    op.create_table(
        "metric_summaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trial_component_id", sa.Integer(), nullable=False),
        sa.Column(
            "name",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("finite_count", sa.BigInteger(), nullable=False),
        sa.Column("min", sa.Double(), nullable=True),
        sa.Column("max", sa.Double(), nullable=True),
        sa.Column("avg", sa.Double(), nullable=True),
        sa.Column("std_dev", sa.Double(), nullable=True),
        sa.Column("m2", sa.Double(), nullable=True),
        sa.Column("last", sa.Double(), nullable=True),
        sa.Column("last_step", sa.BigInteger(), nullable=True),
        sa.Column("last_timestamp", sa.Double(), nullable=True),
        sa.Column("time_stamp", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["trial_component_id"],
            ["trial_components.id"],
            name=op.f("fk_metric_summaries_trial_component_id_trial_components"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_summaries")),
        sa.UniqueConstraint(
            "trial_component_id", "name", name=op.f("uq_metric_summaries_trial_component_id_name")
        ),
    )
    with op.batch_alter_table("metric_summaries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_metric_summaries_name_avg_trial_component_id"),
            ["name", "avg", "trial_component_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_metric_summaries_name_count_trial_component_id"),
            ["name", "count", "trial_component_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_metric_summaries_name_last_trial_component_id"),
            ["name", "last", "trial_component_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_metric_summaries_name_max_trial_component_id"),
            ["name", "max", "trial_component_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_metric_summaries_name_min_trial_component_id"),
            ["name", "min", "trial_component_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_metric_summaries_name_std_dev_trial_component_id"),
            ["name", "std_dev", "trial_component_id"],
            unique=False,
        )

    op.create_table(
        "parameters",
        sa.Column("trial_component_id", sa.Integer(), nullable=False),
        sa.Column(
            "name",
            sa.String(length=320).with_variant(sa.String(length=320, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("number_value", sa.Double(), nullable=True),
        sa.Column(
            "string_value",
            sa.Text().with_variant(sa.Text(collation="C"), "postgresql"),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["trial_component_id"],
            ["trial_components.id"],
            name=op.f("fk_parameters_trial_component_id_trial_components"),
        ),
        sa.PrimaryKeyConstraint("trial_component_id", "name", name=op.f("pk_parameters")),
    )
    with op.batch_alter_table("parameters", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_parameters_name_number_value_trial_component_id"),
            ["name", "number_value", "trial_component_id"],
            unique=False,
        )

    op.create_table(
        "trials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "name",
            sa.String(length=120).with_variant(sa.String(length=120, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "name_key",
            sa.String(length=120).with_variant(sa.String(length=120, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "display_name",
            sa.String(length=120).with_variant(sa.String(length=120, collation="C"), "postgresql"),
            nullable=True,
        ),
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("source_arn", sa.String(length=256), nullable=True),
        sa.Column("source_type", sa.String(length=128), nullable=True),
        sa.Column("creation_time", sa.Double(), nullable=False),
        sa.Column("last_modified_time", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["experiment_id"], ["experiments.id"], name=op.f("fk_trials_experiment_id_experiments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trials")),
        sa.UniqueConstraint("name_key", name=op.f("uq_trials_name_key")),
    )
    with op.batch_alter_table("trials", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trials_experiment_id_creation_time"),
            ["experiment_id", "creation_time"],
            unique=False,
        )

    op.create_table(
        "metric_points",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.BigInteger(), nullable=True),
        sa.Column("timestamp", sa.Double(), nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["metric_summaries.id"],
            name=op.f("fk_metric_points_metric_id_metric_summaries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_points")),
    )
    with op.batch_alter_table("metric_points", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_metric_points_metric_id_step_timestamp"),
            ["metric_id", "step", "timestamp"],
            unique=False,
        )

    op.create_table(
        "trial_component_links",
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("trial_component_id", sa.Integer(), nullable=False),
        sa.Column("creation_time", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["trial_component_id"],
            ["trial_components.id"],
            name=op.f("fk_trial_component_links_trial_component_id_trial_components"),
        ),
        sa.ForeignKeyConstraint(
            ["trial_id"], ["trials.id"], name=op.f("fk_trial_component_links_trial_id_trials")
        ),
        sa.PrimaryKeyConstraint(
            "trial_id", "trial_component_id", name=op.f("pk_trial_component_links")
        ),
    )
    with op.batch_alter_table("trial_component_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trial_component_links_trial_component_id_trial_id"),
            ["trial_component_id", "trial_id"],
            unique=False,
        )

    op.bulk_insert(
        sa.table("store_state", sa.column("id"), sa.column("revision")),
        [{"id": 1, "revision": 0}],
    )


def downgrade() -> None:
    with op.batch_alter_table("trial_component_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trial_component_links_trial_component_id_trial_id"))

    op.drop_table("trial_component_links")
    with op.batch_alter_table("metric_points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_metric_points_metric_id_step_timestamp"))

    op.drop_table("metric_points")
    with op.batch_alter_table("trials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trials_experiment_id_creation_time"))

    op.drop_table("trials")
    with op.batch_alter_table("parameters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parameters_name_number_value_trial_component_id"))

    op.drop_table("parameters")
    with op.batch_alter_table("metric_summaries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_metric_summaries_name_std_dev_trial_component_id"))
        batch_op.drop_index(batch_op.f("ix_metric_summaries_name_min_trial_component_id"))
        batch_op.drop_index(batch_op.f("ix_metric_summaries_name_max_trial_component_id"))
        batch_op.drop_index(batch_op.f("ix_metric_summaries_name_last_trial_component_id"))
        batch_op.drop_index(batch_op.f("ix_metric_summaries_name_count_trial_component_id"))
        batch_op.drop_index(batch_op.f("ix_metric_summaries_name_avg_trial_component_id"))

    op.drop_table("metric_summaries")
    with op.batch_alter_table("artifacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_artifacts_name_direction"))

    op.drop_table("artifacts")
    with op.batch_alter_table("trial_components", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trial_components_source_arn"))
        batch_op.drop_index(batch_op.f("ix_trial_components_last_modified_time"))
        batch_op.drop_index(batch_op.f("ix_trial_components_creation_time"))

    op.drop_table("trial_components")
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tags_key_value"))

    op.drop_table("tags")
    op.drop_table("store_state")
    with op.batch_alter_table("experiments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experiments_creation_time"))

    op.drop_table("experiments")
