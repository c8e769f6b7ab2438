"""Scopes of trial component lists, and searches limited to a few components.

A :class:`ComponentScope` selects the union of the components of some
experiments, of some trials, some components by name, and optionally the
components that belong to no trial. It is a condition on the component id,
so a component that matches several parts is still one row.

Listing the components of one trial or one small experiment is the most
common query of the sidebar and the table. When a scope, or a search whose
top-level filters pin it to a trial or an experiment, has at most
``SMALL_SCOPE_MAX`` components, the sort runs over those ids only (one index
range) instead of walking a store-wide sort index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from .._limits import NAME_MAX, check_text
from ..exceptions import ResourceNotFound, ValidationError, quote_value
from .properties import TRIAL_COMPONENT, Resource
from .records import in_ids
from .schema import experiments, trial_component_links, trial_components, trials

SMALL_SCOPE_MAX = 1000
_SCOPE_PATHS = {"parents.trialname": "trial", "parents.experimentname": "experiment"}


@dataclass(frozen=True)
class ComponentScope:
    """Names whose trial components a list covers; names compare regardless of case.

    A scope without names and with ``unassigned`` false covers no component.

    Raises
    ------
    ValidationError
        With the field ``scope`` for a name that is not 1 to ``NAME_MAX``
        characters of text that the store can hold (no NUL character, no
        unpaired surrogate). No resource can have such a name, and PostgreSQL
        would fail on the NUL instead of finding nothing.
    """

    experiments: tuple[str, ...] = ()
    trials: tuple[str, ...] = ()
    trial_components: tuple[str, ...] = ()
    unassigned: bool = False

    def __post_init__(self) -> None:
        for key in ("experiments", "trials", "trial_components"):
            for index, name in enumerate(getattr(self, key)):
                _check_scope_name(f"scope.{key}[{index}]", name)

    def fingerprint(self) -> list[Any]:
        """Return the scope in a canonical form, for page tokens."""
        return [
            sorted({name.lower() for name in self.experiments}),
            sorted({name.lower() for name in self.trials}),
            sorted({name.lower() for name in self.trial_components}),
            self.unassigned,
        ]


@dataclass(frozen=True)
class ResolvedScope:
    """A scope with its names looked up, and all its component ids when they are few."""

    experiment_ids: tuple[int, ...]
    trial_ids: tuple[int, ...]
    component_ids: tuple[int, ...]
    unassigned: bool
    few_ids: list[int] | None

    def contains(self, component_id: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
        """Return the condition that ``component_id`` (any column holding a
        trial component id) is in the scope."""
        if self.few_ids is not None:
            return in_ids(component_id, self.few_ids)
        parts: list[sa.ColumnElement[bool]] = []
        if self.experiment_ids:
            parts.append(
                sa.exists(
                    sa.select(sa.literal(1))
                    .select_from(
                        trial_component_links.join(
                            trials, trials.c.id == trial_component_links.c.trial_id
                        )
                    )
                    .where(
                        trial_component_links.c.trial_component_id == component_id,
                        in_ids(trials.c.experiment_id, list(self.experiment_ids)),
                    )
                )
            )
        if self.trial_ids:
            parts.append(
                sa.exists(
                    sa.select(sa.literal(1)).where(
                        trial_component_links.c.trial_component_id == component_id,
                        in_ids(trial_component_links.c.trial_id, list(self.trial_ids)),
                    )
                )
            )
        if self.component_ids:
            parts.append(in_ids(component_id, list(self.component_ids)))
        if self.unassigned:
            parts.append(
                ~sa.exists(
                    sa.select(sa.literal(1)).where(
                        trial_component_links.c.trial_component_id == component_id
                    )
                )
            )
        return sa.or_(*parts) if parts else sa.false()


def _check_scope_name(label: str, name: Any) -> None:
    try:
        check_text(label, name, NAME_MAX, min_length=1)
    except ValidationError as error:
        # Keep the position in the message but name the parameter as the field,
        # as the ResourceNotFound of an unknown name does.
        raise ValidationError(error.message, field="scope", value=name, rule=error.rule) from None


def resolve_scope(connection: sa.Connection, scope: ComponentScope) -> ResolvedScope:
    """Look up the names of a scope and count its components up to ``SMALL_SCOPE_MAX``.

    Raises
    ------
    ResourceNotFound
        For the first name that names no resource, with the field ``scope``.
    """
    experiment_ids = _ids_of(connection, experiments, "Experiment", scope.experiments)
    trial_ids = _ids_of(connection, trials, "Trial", scope.trials)
    component_ids = _ids_of(connection, trial_components, "TrialComponent", scope.trial_components)

    # Each part is read with its own limit, so a large part costs a bounded
    # read instead of the whole union.
    bounded = SMALL_SCOPE_MAX + 1
    parts: list[sa.Select[Any]] = []
    if component_ids:
        parts.append(
            sa.select(trial_components.c.id).where(in_ids(trial_components.c.id, component_ids))
        )
    if experiment_ids:
        parts.append(
            sa.select(trial_component_links.c.trial_component_id)
            .join(trials, trials.c.id == trial_component_links.c.trial_id)
            .where(in_ids(trials.c.experiment_id, experiment_ids))
        )
    if trial_ids:
        parts.append(
            sa.select(trial_component_links.c.trial_component_id).where(
                in_ids(trial_component_links.c.trial_id, trial_ids)
            )
        )
    if scope.unassigned:
        parts.append(
            sa.select(trial_components.c.id).where(
                ~sa.exists(
                    sa.select(sa.literal(1)).where(
                        trial_component_links.c.trial_component_id == trial_components.c.id
                    )
                )
            )
        )
    members: set[int] = set()
    for part in parts:
        members.update(connection.execute(part.distinct().limit(bounded)).scalars())
        if len(members) > SMALL_SCOPE_MAX:
            break
    return ResolvedScope(
        experiment_ids=tuple(experiment_ids),
        trial_ids=tuple(trial_ids),
        component_ids=tuple(component_ids),
        unassigned=scope.unassigned,
        few_ids=sorted(members) if len(members) <= SMALL_SCOPE_MAX else None,
    )


def _ids_of(
    connection: sa.Connection, table: sa.Table, kind: str, names: tuple[str, ...]
) -> list[int]:
    if not names:
        return []
    keys = {name.lower(): name for name in names}
    found = dict(
        connection.execute(
            sa.select(table.c.name_key, table.c.id).where(table.c.name_key.in_(list(keys)))
        ).all()
    )
    for key, name in keys.items():
        if key not in found:
            raise ResourceNotFound(
                kind,
                name,
                field="scope",
                message=f"{kind} {quote_value(name)} of the scope does not exist.",
            )
    return [int(row_id) for row_id in found.values()]


def small_scope(
    connection: sa.Connection, resource: Resource, expression: Any
) -> sa.Select[Any] | None:
    """Return a query of the ids a search is pinned to when they are few, else None.

    The expression has already been compiled, so it is known to be valid.
    """
    if resource is not TRIAL_COMPONENT or not isinstance(expression, dict):
        return None
    if str(expression.get("Operator", "And")).lower() != "and":
        return None
    for item in expression.get("Filters") or []:
        path = str(item.get("Name", "")).lower()
        operator = str(item.get("Operator") or "Equals").lower()
        if path in _SCOPE_PATHS and operator == "equals" and item.get("Value") is not None:
            return _ids_in(connection, _SCOPE_PATHS[path], str(item["Value"]).lower())
    return None


def _ids_in(connection: sa.Connection, kind: str, name_key: str) -> sa.Select[Any] | None:
    query = sa.select(trial_component_links.c.trial_component_id).join(
        trials, trials.c.id == trial_component_links.c.trial_id
    )
    if kind == "trial":
        query = query.where(trials.c.name_key == name_key)
    else:
        query = query.join(experiments, experiments.c.id == trials.c.experiment_id).where(
            experiments.c.name_key == name_key
        )
    # Count at most one id past the limit, so a large scope costs little.
    bounded = query.distinct().limit(SMALL_SCOPE_MAX + 1).subquery()
    count = connection.execute(sa.select(sa.func.count()).select_from(bounded)).scalar_one()
    return query if count <= SMALL_SCOPE_MAX else None
