"""Tables of the store (SQLAlchemy Core).

Times are epoch seconds in double precision, the same on every database.
Text that is compared or sorted uses binary collation on PostgreSQL, so that
the order and the case-sensitivity of names match SQLite's.

Unique names are enforced on ``name_key``, the lower-cased name, because
SageMaker treats names that differ only in case as the same resource.

Metric summaries are kept in their own table and updated on every write, so
that sorting and filtering by a metric statistic read one indexed row per
component instead of the metric's history.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def binary_text(length: int | None = None) -> sa.types.TypeEngine[str]:
    """Return a text type with byte-order collation on PostgreSQL (SQLite's default)."""
    base = sa.String(length) if length else sa.Text()
    variant = sa.String(length, collation="C") if length else sa.Text(collation="C")
    return base.with_variant(variant, "postgresql")


Time = sa.Double

store_state = sa.Table(
    "store_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("revision", sa.BigInteger, nullable=False),
)

experiments = sa.Table(
    "experiments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", binary_text(120), nullable=False),
    sa.Column("name_key", binary_text(120), nullable=False, unique=True),
    sa.Column("display_name", binary_text(120)),
    sa.Column("description", sa.Text),
    sa.Column("source_arn", sa.String(256)),
    sa.Column("source_type", sa.String(128)),
    sa.Column("creation_time", Time, nullable=False, index=True),
    sa.Column("last_modified_time", Time, nullable=False),
)

trials = sa.Table(
    "trials",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", binary_text(120), nullable=False),
    sa.Column("name_key", binary_text(120), nullable=False, unique=True),
    sa.Column("display_name", binary_text(120)),
    sa.Column("experiment_id", sa.Integer, sa.ForeignKey("experiments.id"), nullable=False),
    sa.Column("source_arn", sa.String(256)),
    sa.Column("source_type", sa.String(128)),
    sa.Column("creation_time", Time, nullable=False),
    sa.Column("last_modified_time", Time, nullable=False),
    sa.Index(None, "experiment_id", "creation_time"),
)

trial_components = sa.Table(
    "trial_components",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", binary_text(120), nullable=False),
    sa.Column("name_key", binary_text(120), nullable=False, unique=True),
    sa.Column("display_name", binary_text(120), index=True),
    sa.Column("source_arn", sa.String(256), index=True),
    sa.Column("source_type", sa.String(128)),
    sa.Column("status", sa.String(16)),
    sa.Column("status_message", sa.Text),
    sa.Column("start_time", Time, index=True),
    sa.Column("end_time", Time, index=True),
    sa.Column("creation_time", Time, nullable=False, index=True),
    sa.Column("last_modified_time", Time, nullable=False, index=True),
    # Set periodically by the process that tracks an InProgress component, so
    # that readers can tell a live component from one whose process died.
    sa.Column("heartbeat_time", Time),
)

trial_component_links = sa.Table(
    "trial_component_links",
    metadata,
    sa.Column("trial_id", sa.Integer, sa.ForeignKey("trials.id"), primary_key=True),
    sa.Column(
        "trial_component_id",
        sa.Integer,
        sa.ForeignKey("trial_components.id"),
        primary_key=True,
    ),
    sa.Column("creation_time", Time, nullable=False),
    sa.Index(None, "trial_component_id", "trial_id"),
)

# A parameter has either a number or a string value, as in SageMaker.
parameters = sa.Table(
    "parameters",
    metadata,
    sa.Column(
        "trial_component_id",
        sa.Integer,
        sa.ForeignKey("trial_components.id"),
        primary_key=True,
    ),
    sa.Column("name", binary_text(320), primary_key=True),
    sa.Column("number_value", sa.Double),
    sa.Column("string_value", binary_text()),
    sa.Index(None, "name", "number_value", "trial_component_id"),
)

artifacts = sa.Table(
    "artifacts",
    metadata,
    sa.Column(
        "trial_component_id",
        sa.Integer,
        sa.ForeignKey("trial_components.id"),
        primary_key=True,
    ),
    sa.Column("direction", sa.String(6), primary_key=True),
    sa.Column("name", binary_text(128), primary_key=True),
    sa.Column("value", binary_text(), nullable=False),
    sa.Column("media_type", sa.String(64)),
    sa.Index(None, "name", "direction"),
)

tags = sa.Table(
    "tags",
    metadata,
    sa.Column("resource_type", sa.String(16), primary_key=True),
    sa.Column("resource_id", sa.Integer, primary_key=True),
    sa.Column("key", binary_text(128), primary_key=True),
    sa.Column("value", binary_text(256), nullable=False),
    sa.Index(None, "key", "value"),
)

# One row per component and metric. Statistics cover the finite values;
# ``count`` covers every point. ``avg`` and ``m2`` are Welford's running
# mean and sum of squared deviations, kept so that each write updates the
# sample standard deviation without reading the history. ``last`` is the
# value of the point with the greatest (step, timestamp), the later write
# winning a tie; points without a step come before points with one. A NULL
# value with a count stands for NaN.
metric_summaries = sa.Table(
    "metric_summaries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "trial_component_id",
        sa.Integer,
        sa.ForeignKey("trial_components.id"),
        nullable=False,
    ),
    sa.Column("name", binary_text(255), nullable=False),
    sa.Column("count", sa.BigInteger, nullable=False),
    sa.Column("finite_count", sa.BigInteger, nullable=False),
    sa.Column("min", sa.Double),
    sa.Column("max", sa.Double),
    sa.Column("avg", sa.Double),
    sa.Column("std_dev", sa.Double),
    sa.Column("m2", sa.Double),
    sa.Column("last", sa.Double),
    sa.Column("last_step", sa.BigInteger),
    sa.Column("last_timestamp", Time),
    sa.Column("time_stamp", Time),
    sa.UniqueConstraint("trial_component_id", "name"),
    sa.Index(None, "name", "min", "trial_component_id"),
    sa.Index(None, "name", "max", "trial_component_id"),
    sa.Index(None, "name", "avg", "trial_component_id"),
    sa.Index(None, "name", "std_dev", "trial_component_id"),
    sa.Index(None, "name", "last", "trial_component_id"),
    sa.Index(None, "name", "count", "trial_component_id"),
)

metric_points = sa.Table(
    "metric_points",
    metadata,
    sa.Column(
        "id",
        sa.BigInteger().with_variant(sa.Integer, "sqlite"),
        primary_key=True,
    ),
    sa.Column("metric_id", sa.Integer, sa.ForeignKey("metric_summaries.id"), nullable=False),
    sa.Column("step", sa.BigInteger),
    sa.Column("timestamp", Time, nullable=False),
    sa.Column("value", sa.Double),
    sa.Index(None, "metric_id", "step", "timestamp"),
)

# A packed copy of metric_points for reading whole series; see point_blocks.py.
metric_point_blocks = sa.Table(
    "metric_point_blocks",
    metadata,
    sa.Column(
        "id",
        sa.BigInteger().with_variant(sa.Integer, "sqlite"),
        primary_key=True,
    ),
    sa.Column(
        "metric_id",
        sa.Integer,
        # A version from before the blocks deletes a component's summaries
        # without knowing of its blocks, so they go with the summaries.
        sa.ForeignKey("metric_summaries.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("point_count", sa.Integer, nullable=False),
    sa.Column("points", sa.LargeBinary, nullable=False),
    sa.Index(None, "metric_id", "point_count"),
)

RESOURCE_TABLES = {
    "experiment": experiments,
    "trial": trials,
    "trial_component": trial_components,
}
