"""Columns, parameters and artifacts of a trial component, written from
checked fields.

``fields`` maps ``display_name``, ``status``, ``status_message``,
``start_time``, ``end_time``, ``source_arn`` and ``source_type`` to column
values, ``parameters`` to ``(name, number, text)`` triples,
``input_artifacts`` and ``output_artifacts`` to ``(name, value, media type)``
triples, and the ``*_to_remove`` keys to lists of names.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from .. import _limits
from ..exceptions import ResourceLimitExceeded
from .schema import artifacts, parameters

COLUMN_FIELDS = (
    "display_name",
    "status",
    "status_message",
    "start_time",
    "end_time",
    "source_arn",
    "source_type",
)


def column_values(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: fields[key] for key in COLUMN_FIELDS if key in fields}


def write_component_maps(connection: sa.Connection, row_id: int, fields: dict[str, Any]) -> None:
    """Upsert parameters and artifacts (replace by key)."""
    new_parameters = fields.get("parameters") or []
    if new_parameters:
        names = [name for name, _, _ in new_parameters]
        connection.execute(
            sa.delete(parameters).where(
                parameters.c.trial_component_id == row_id, parameters.c.name.in_(names)
            )
        )
        connection.execute(
            sa.insert(parameters),
            [
                {
                    "trial_component_id": row_id,
                    "name": name,
                    "number_value": number,
                    "string_value": text,
                }
                for name, number, text in new_parameters
            ],
        )
    for direction in ("input", "output"):
        new_artifacts = fields.get(f"{direction}_artifacts") or []
        if not new_artifacts:
            continue
        names = [name for name, _, _ in new_artifacts]
        connection.execute(
            sa.delete(artifacts).where(
                artifacts.c.trial_component_id == row_id,
                artifacts.c.direction == direction,
                artifacts.c.name.in_(names),
            )
        )
        connection.execute(
            sa.insert(artifacts),
            [
                {
                    "trial_component_id": row_id,
                    "direction": direction,
                    "name": name,
                    "value": value,
                    "media_type": media_type,
                }
                for name, value, media_type in new_artifacts
            ],
        )


def remove_component_keys(connection: sa.Connection, row_id: int, fields: dict[str, Any]) -> None:
    if fields.get("parameters_to_remove"):
        connection.execute(
            sa.delete(parameters).where(
                parameters.c.trial_component_id == row_id,
                parameters.c.name.in_(fields["parameters_to_remove"]),
            )
        )
    for direction in ("input", "output"):
        keys = fields.get(f"{direction}_artifacts_to_remove")
        if keys:
            connection.execute(
                sa.delete(artifacts).where(
                    artifacts.c.trial_component_id == row_id,
                    artifacts.c.direction == direction,
                    artifacts.c.name.in_(keys),
                )
            )


def check_component_counts(connection: sa.Connection, row_id: int, fields: dict[str, Any]) -> None:
    """Enforce the per-component limits after a merge; raising rolls it back.

    Only called with new parameters or artifacts, and counted in one query.
    """
    if not any(fields.get(key) for key in ("parameters", "input_artifacts", "output_artifacts")):
        return

    def count(table: sa.Table, *conditions: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
        return (
            sa.select(sa.func.count())
            .select_from(table)
            .where(table.c.trial_component_id == row_id, *conditions)
            .scalar_subquery()
        )

    parameter_count, input_count, output_count = connection.execute(
        sa.select(
            count(parameters),
            count(artifacts, artifacts.c.direction == "input"),
            count(artifacts, artifacts.c.direction == "output"),
        )
    ).one()
    if parameter_count > _limits.PARAMETERS_PER_COMPONENT:
        raise ResourceLimitExceeded.invalid(
            "Parameters",
            f"{parameter_count} parameters",
            f"at most {_limits.PARAMETERS_PER_COMPONENT} parameters per trial component",
        )
    for direction, found in (("input", input_count), ("output", output_count)):
        if found > _limits.ARTIFACTS_PER_DIRECTION:
            raise ResourceLimitExceeded.invalid(
                f"{direction.capitalize()}Artifacts",
                f"{found} artifacts",
                f"at most {_limits.ARTIFACTS_PER_DIRECTION} {direction} artifacts "
                "per trial component",
            )
