"""Recognise searches limited to a few trial components.

Listing the components of one trial or one small experiment is the most
common query of the sidebar and the table. When a search's top-level filters
pin it to a trial or an experiment with at most ``SMALL_SCOPE_MAX``
components, the sort runs over those ids only (one index range) instead of
walking a store-wide sort index.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from .properties import TRIAL_COMPONENT, Resource
from .schema import experiments, trial_component_links, trials

SMALL_SCOPE_MAX = 1000
_SCOPE_PATHS = {"parents.trialname": "trial", "parents.experimentname": "experiment"}


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
