"""The store: experiments, trials, trial components and their metrics.

Methods take checked Python values and return dicts shaped like SageMaker's
API responses; the local client (``jupyterlab_experiments.client``) maps
boto-style calls onto them. Every write runs in one transaction, so an
operation that fails leaves nothing half-written.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from .. import _limits
from .._time import now
from ..exceptions import (
    ConflictError,
    ResourceAlreadyExists,
    ResourceLimitExceeded,
    ResourceNotFound,
)
from . import point_blocks, records
from .column_values import distinct_names, distinct_values
from .component_fields import (
    check_component_counts,
    column_values,
    remove_component_keys,
    write_component_maps,
)
from .engine import create_store_engine, migrate, read_transaction, write_transaction
from .filters import compile_expression
from .location import resolve_artifact_root, resolve_store_url
from .metrics import Point, write_points
from .paging import decode_token, encode_token, query_fingerprint
from .properties import EXPERIMENT, TRIAL, TRIAL_COMPONENT, Resource, resolve_resource
from .schema import (
    RESOURCE_TABLES,
    artifacts,
    experiments,
    metric_points,
    metric_summaries,
    parameters,
    store_state,
    tags,
    trial_component_links,
    trial_components,
    trials,
)
from .scope import ComponentScope, resolve_scope, small_scope
from .sorting import fetch_page, sort_segments

log = logging.getLogger(__name__)

_KIND_LABELS = {"experiment": "Experiment", "trial": "Trial", "trial_component": "TrialComponent"}
# How many attached names a conflict message lists before "and N more".
_NAMES_IN_MESSAGE = 10


_ID_BY_NAME = {
    kind: sa.select(table.c.id).where(table.c.name_key == sa.bindparam("name_key"))
    for kind, table in RESOURCE_TABLES.items()
}


class Store:
    """One store (an SQLite file or a PostgreSQL database), migrated on open."""

    def __init__(self, url: str | None = None) -> None:
        self.url = resolve_store_url(url)
        self.artifact_root = resolve_artifact_root(self.url)
        self.engine = create_store_engine(self.url)
        migrate(self.engine)

    def close(self) -> None:
        """Close the store's connections."""
        self.engine.dispose()

    # -- lookups -----------------------------------------------------------

    def _id_of(self, connection: sa.Connection, kind: str, name: Any, field: str) -> int:
        if not isinstance(name, str) or not name:
            raise ResourceNotFound(_KIND_LABELS[kind], str(name), field=field)
        row_id = connection.execute(_ID_BY_NAME[kind], {"name_key": name.lower()}).scalar()
        if row_id is None:
            raise ResourceNotFound(_KIND_LABELS[kind], name, field=field)
        return int(row_id)

    def _existing_name(self, kind: str, name: str) -> str:
        table = RESOURCE_TABLES[kind]
        with read_transaction(self.engine) as connection:
            found = connection.execute(
                sa.select(table.c.name).where(table.c.name_key == name.lower())
            ).scalar()
        return found or name

    def revision(self) -> int:
        """Return a number that increases on every write by any process."""
        with read_transaction(self.engine) as connection:
            return int(connection.execute(sa.select(store_state.c.revision)).scalar_one())

    # -- creation ----------------------------------------------------------

    def _insert(self, kind: str, values: dict[str, Any], tag_list: list[tuple[str, str]]) -> int:
        """Insert a named resource and its tags, or raise ResourceAlreadyExists."""
        table = RESOURCE_TABLES[kind]
        stamp = now()
        row = {
            **values,
            "name_key": values["name"].lower(),
            "creation_time": stamp,
            "last_modified_time": stamp,
        }
        try:
            with write_transaction(self.engine) as connection:
                row_id = _inserted_id(connection.execute(sa.insert(table).values(**row)))
                if tag_list:
                    connection.execute(
                        sa.insert(tags),
                        [
                            {
                                "resource_type": kind,
                                "resource_id": row_id,
                                "key": key,
                                "value": value,
                            }
                            for key, value in tag_list
                        ],
                    )
                return row_id
        except sa.exc.IntegrityError:
            name = values["name"]
            raise ResourceAlreadyExists(
                _KIND_LABELS[kind], name, self._existing_name(kind, name)
            ) from None

    def create_experiment(
        self,
        name: str,
        display_name: str | None = None,
        description: str | None = None,
        tag_list: list[tuple[str, str]] | None = None,
    ) -> dict[str, Any]:
        """Create an experiment."""
        self._insert(
            "experiment",
            {"name": name, "display_name": display_name or name, "description": description},
            tag_list or [],
        )
        return {"ExperimentArn": records.arn("experiment", name)}

    def create_trial(
        self,
        name: str,
        experiment_name: str,
        display_name: str | None = None,
        tag_list: list[tuple[str, str]] | None = None,
    ) -> dict[str, Any]:
        """Create a trial in an existing experiment."""
        with read_transaction(self.engine) as connection:
            experiment_id = self._id_of(connection, "experiment", experiment_name, "ExperimentName")
        self._insert(
            "trial",
            {"name": name, "display_name": display_name or name, "experiment_id": experiment_id},
            tag_list or [],
        )
        return {"TrialArn": records.arn("trial", name)}

    def create_trial_component(
        self,
        name: str,
        display_name: str | None,
        fields: dict[str, Any],
        tag_list: list[tuple[str, str]],
    ) -> dict[str, Any]:
        """Create a trial component with its status, times, parameters and artifacts.

        ``fields`` contains the checked optional parts, as for
        :meth:`update_trial_component`.
        """
        values = {"name": name, "display_name": display_name or name, **column_values(fields)}
        table = trial_components
        stamp = now()
        row = {
            **values,
            "name_key": name.lower(),
            "creation_time": stamp,
            "last_modified_time": stamp,
        }
        try:
            with write_transaction(self.engine) as connection:
                row_id = _inserted_id(connection.execute(sa.insert(table).values(**row)))
                write_component_maps(connection, row_id, fields)
                check_component_counts(connection, row_id, fields)
                if tag_list:
                    connection.execute(
                        sa.insert(tags),
                        [
                            {
                                "resource_type": "trial_component",
                                "resource_id": row_id,
                                "key": k,
                                "value": v,
                            }
                            for k, v in tag_list
                        ],
                    )
        except sa.exc.IntegrityError:
            raise ResourceAlreadyExists(
                "TrialComponent", name, self._existing_name("trial_component", name)
            ) from None
        return {"TrialComponentArn": records.arn("trial_component", name)}

    # -- description -------------------------------------------------------

    def describe(self, kind: str, name: str) -> dict[str, Any]:
        """Return the full record of one resource."""
        field = f"{_KIND_LABELS[kind]}Name"
        with read_transaction(self.engine) as connection:
            row_id = self._id_of(connection, kind, name, field)
            loader = {
                "experiment": records.load_experiments,
                "trial": records.load_trials,
                "trial_component": records.load_trial_components,
            }[kind]
            return loader(connection, [row_id])[0]

    # -- updates -----------------------------------------------------------

    def update(self, kind: str, name: str, values: dict[str, Any]) -> dict[str, Any]:
        """Update columns of an experiment or trial (display name, description)."""
        table = RESOURCE_TABLES[kind]
        with write_transaction(self.engine) as connection:
            row_id = self._id_of(connection, kind, name, f"{_KIND_LABELS[kind]}Name")
            connection.execute(
                sa.update(table)
                .where(table.c.id == row_id)
                .values(**values, last_modified_time=now())
            )
        return {f"{_KIND_LABELS[kind]}Arn": records.arn(kind, name)}

    def update_trial_component(self, name: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Update a component; parameters and artifacts merge by key."""
        with write_transaction(self.engine) as connection:
            row_id = self._id_of(connection, "trial_component", name, "TrialComponentName")
            connection.execute(
                sa.update(trial_components)
                .where(trial_components.c.id == row_id)
                .values(**column_values(fields), last_modified_time=now())
            )
            remove_component_keys(connection, row_id, fields)
            write_component_maps(connection, row_id, fields)
            check_component_counts(connection, row_id, fields)
        return {"TrialComponentArn": records.arn("trial_component", name)}

    # -- associations ------------------------------------------------------

    def associate(self, component_name: str, trial_name: str) -> dict[str, Any]:
        """Add a component to a trial (a no-op when it is already there)."""
        with write_transaction(self.engine) as connection:
            component_id = self._id_of(
                connection, "trial_component", component_name, "TrialComponentName"
            )
            trial_id = self._id_of(connection, "trial", trial_name, "TrialName")
            linked = connection.execute(
                sa.select(sa.literal(1)).where(
                    trial_component_links.c.trial_id == trial_id,
                    trial_component_links.c.trial_component_id == component_id,
                )
            ).first()
            if linked is None:
                connection.execute(
                    sa.insert(trial_component_links).values(
                        trial_id=trial_id, trial_component_id=component_id, creation_time=now()
                    )
                )
                _touch(connection, trials, trial_id)
        return {
            "TrialComponentArn": records.arn("trial_component", component_name),
            "TrialArn": records.arn("trial", trial_name),
        }

    def disassociate(self, component_name: str, trial_name: str) -> dict[str, Any]:
        """Remove a component from a trial."""
        with write_transaction(self.engine) as connection:
            component_id = self._id_of(
                connection, "trial_component", component_name, "TrialComponentName"
            )
            trial_id = self._id_of(connection, "trial", trial_name, "TrialName")
            removed = connection.execute(
                sa.delete(trial_component_links).where(
                    trial_component_links.c.trial_id == trial_id,
                    trial_component_links.c.trial_component_id == component_id,
                )
            ).rowcount
            if not removed:
                raise ResourceNotFound(
                    "TrialComponent",
                    component_name,
                    message=f"TrialComponent {component_name!r} is not associated with "
                    f"trial {trial_name!r}.",
                )
            _touch(connection, trials, trial_id)
        return {
            "TrialComponentArn": records.arn("trial_component", component_name),
            "TrialArn": records.arn("trial", trial_name),
        }

    # -- deletion ----------------------------------------------------------

    def delete_experiment(self, name: str) -> dict[str, Any]:
        """Delete an experiment that has no trials."""
        with write_transaction(self.engine) as connection:
            row_id = self._id_of(connection, "experiment", name, "ExperimentName")
            attached = (
                connection.execute(
                    sa.select(trials.c.name)
                    .where(trials.c.experiment_id == row_id)
                    .order_by(trials.c.name)
                )
                .scalars()
                .all()
            )
            if attached:
                raise ConflictError(
                    f"Experiment {name!r} still has {len(attached)} trial(s) and cannot be "
                    f"deleted: {_name_list(attached)}. Delete the trials first, or use "
                    "Experiment.delete_all(action='--force').",
                    field="ExperimentName",
                    value=name,
                    rule="an experiment can be deleted only when it has no trials",
                )
            _delete_tags(connection, "experiment", [row_id])
            connection.execute(sa.delete(experiments).where(experiments.c.id == row_id))
        return {"ExperimentArn": records.arn("experiment", name)}

    def delete_trial(self, name: str) -> dict[str, Any]:
        """Delete a trial that has no components."""
        with write_transaction(self.engine) as connection:
            row_id = self._id_of(connection, "trial", name, "TrialName")
            attached = (
                connection.execute(
                    sa.select(trial_components.c.name)
                    .join(
                        trial_component_links,
                        trial_component_links.c.trial_component_id == trial_components.c.id,
                    )
                    .where(trial_component_links.c.trial_id == row_id)
                    .order_by(trial_components.c.name)
                )
                .scalars()
                .all()
            )
            if attached:
                raise ConflictError(
                    f"Trial {name!r} still has {len(attached)} trial component(s) and cannot be "
                    f"deleted: {_name_list(attached)}. Remove them first, or use "
                    "Trial.delete_all(action='--force').",
                    field="TrialName",
                    value=name,
                    rule="a trial can be deleted only when no trial component belongs to it",
                )
            _delete_tags(connection, "trial", [row_id])
            connection.execute(sa.delete(trials).where(trials.c.id == row_id))
        return {"TrialArn": records.arn("trial", name)}

    def delete_trial_component(self, name: str) -> dict[str, Any]:
        """Delete a component that belongs to no trial, with its metrics."""
        with write_transaction(self.engine) as connection:
            row_id = self._id_of(connection, "trial_component", name, "TrialComponentName")
            attached = (
                connection.execute(
                    sa.select(trials.c.name)
                    .join(trial_component_links, trial_component_links.c.trial_id == trials.c.id)
                    .where(trial_component_links.c.trial_component_id == row_id)
                    .order_by(trials.c.name)
                )
                .scalars()
                .all()
            )
            if attached:
                raise ConflictError(
                    f"TrialComponent {records.arn('trial_component', name)!r} is linked to 1 or "
                    f"more trials and cannot be deleted: {_name_list(attached)}. Use "
                    "TrialComponent.delete(force_disassociate=True).",
                    field="TrialComponentName",
                    value=name,
                    rule="a trial component can be deleted only when it belongs to no trial",
                )
            metric_ids = sa.select(metric_summaries.c.id).where(
                metric_summaries.c.trial_component_id == row_id
            )
            connection.execute(
                sa.delete(metric_points).where(metric_points.c.metric_id.in_(metric_ids))
            )
            point_blocks.delete(connection, metric_ids)
            for table in (metric_summaries, parameters, artifacts):
                connection.execute(sa.delete(table).where(table.c.trial_component_id == row_id))
            _delete_tags(connection, "trial_component", [row_id])
            connection.execute(sa.delete(trial_components).where(trial_components.c.id == row_id))
        return {"TrialComponentArn": records.arn("trial_component", name)}

    # -- tags --------------------------------------------------------------

    def set_tags(self, kind: str, name: str, tag_list: list[tuple[str, str]]) -> None:
        """Add or replace tags of a resource."""
        with write_transaction(self.engine) as connection:
            row_id = self._id_of(connection, kind, name, "ResourceArn")
            keys = [key for key, _ in tag_list]
            connection.execute(
                sa.delete(tags).where(
                    tags.c.resource_type == kind, tags.c.resource_id == row_id, tags.c.key.in_(keys)
                )
            )
            connection.execute(
                sa.insert(tags),
                [
                    {"resource_type": kind, "resource_id": row_id, "key": k, "value": v}
                    for k, v in tag_list
                ],
            )
            count = connection.execute(
                sa.select(sa.func.count()).where(
                    tags.c.resource_type == kind, tags.c.resource_id == row_id
                )
            ).scalar_one()
            if count > _limits.TAGS_PER_RESOURCE:
                raise ResourceLimitExceeded.invalid(
                    "Tags",
                    f"{count} tags",
                    f"at most {_limits.TAGS_PER_RESOURCE} tags per resource",
                )

    def remove_tags(self, kind: str, name: str, keys: list[str]) -> None:
        """Remove tags of a resource by key."""
        with write_transaction(self.engine) as connection:
            row_id = self._id_of(connection, kind, name, "ResourceArn")
            connection.execute(
                sa.delete(tags).where(
                    tags.c.resource_type == kind, tags.c.resource_id == row_id, tags.c.key.in_(keys)
                )
            )

    def get_tags(self, kind: str, name: str) -> list[dict[str, str]]:
        """Tags of a resource."""
        with read_transaction(self.engine) as connection:
            row_id = self._id_of(connection, kind, name, "ResourceArn")
            return records.load_tags(connection, kind, [row_id]).get(row_id, [])

    def heartbeat(self, component_name: str) -> None:
        """Record that the process tracking a component is alive."""
        with write_transaction(self.engine, bump_revision=False) as connection:
            row_id = self._id_of(
                connection, "trial_component", component_name, "TrialComponentName"
            )
            connection.execute(
                sa.update(trial_components)
                .where(trial_components.c.id == row_id)
                .values(heartbeat_time=now())
            )

    # -- metrics -----------------------------------------------------------

    def put_metrics(self, component_name: str, points: list[Point]) -> int:
        """Store checked metric points of one component; return how many were new."""
        with write_transaction(self.engine) as connection:
            row_id = self._id_of(
                connection, "trial_component", component_name, "TrialComponentName"
            )
            stored = write_points(connection, row_id, points)
            if stored:
                _touch(connection, trial_components, row_id)
            return stored

    # -- search and lists --------------------------------------------------

    def search(
        self,
        resource_name: str,
        expression: Any,
        sort_by: str | None,
        descending: bool,
        page_size: int,
        next_token: Any,
        *,
        include_total: bool = False,
    ) -> dict[str, Any]:
        """Return one page of a search, sorted and filtered in SQL."""
        resource = resolve_resource(resource_name)
        return self.query_page(
            resource,
            expression,
            sort_by or "LastModifiedTime",
            descending,
            page_size,
            next_token,
            include_total=include_total,
        )

    def query_page(
        self,
        resource: Resource,
        expression: Any,
        sort_by: str,
        descending: bool,
        page_size: int,
        next_token: Any,
        *,
        include_total: bool = False,
        scope: ComponentScope | None = None,
    ) -> dict[str, Any]:
        """Filter, sort and page any resource; records come in SageMaker's shape.

        ``scope`` limits a trial component search to the union that it
        names; it counts as part of the query that a page token belongs to.

        Raises
        ------
        ResourceNotFound
            If a name of the scope names no resource.
        """
        if scope is not None and resource is not TRIAL_COMPONENT:
            raise ValueError(f"a scope applies to trial components, not {resource.search_name}")
        where = compile_expression(resource, expression)
        fingerprint = query_fingerprint(
            resource.search_name,
            expression,
            sort_by.lower(),
            descending,
            None if scope is None else scope.fingerprint(),
        )
        start = decode_token(next_token, fingerprint, sort_segments(resource, sort_by))

        with read_transaction(self.engine) as connection:
            scoped = False
            if scope is not None:
                resolved = resolve_scope(connection, scope)
                where = _both(resolved.contains(resource.table.c.id), where)
                scoped = resolved.few_ids is not None
            if not scoped:
                pinned = small_scope(connection, resource, expression)
                if pinned is not None:
                    where = _both(resource.table.c.id.in_(pinned), where)
                    scoped = True
            segments = sort_segments(resource, sort_by, scoped=scoped)
            ids, position = fetch_page(connection, segments, where, descending, start, page_size)
            loader = {
                EXPERIMENT.kind: records.load_experiments,
                TRIAL.kind: records.load_trials,
                TRIAL_COMPONENT.kind: records.load_trial_components,
            }[resource.kind]
            found = loader(connection, ids)
            total = None
            if include_total:
                count = sa.select(sa.func.count()).select_from(resource.table)
                if where is not None:
                    count = count.where(where)
                total = int(connection.execute(count).scalar_one())

        page: dict[str, Any] = {"Records": found}
        if position is not None:
            page["NextToken"] = encode_token(fingerprint, *position)
        if total is not None:
            page["TotalCount"] = total
        return page

    # -- table columns and values -----------------------------------------

    def component_column_names(self, scope: ComponentScope | None) -> dict[str, list[str]]:
        """Return the sorted parameter, metric and artifact names of the
        components in ``scope`` (every component when None)."""
        with read_transaction(self.engine) as connection:
            resolved = None if scope is None else resolve_scope(connection, scope)
            return distinct_names(connection, resolved)

    def component_column_values(
        self, scope: ComponentScope | None, path: str, search: str | None, limit: int
    ) -> tuple[list[Any], bool]:
        """Return up to ``limit`` distinct values of a property over the
        components in ``scope``, and whether more exist."""
        with read_transaction(self.engine) as connection:
            resolved = None if scope is None else resolve_scope(connection, scope)
            return distinct_values(connection, resolved, path, search, limit)


def _both(
    condition: sa.ColumnElement[bool], other: sa.ColumnElement[bool] | None
) -> sa.ColumnElement[bool]:
    return condition if other is None else sa.and_(condition, other)


def _inserted_id(result: sa.CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _name_list(names: Sequence[str]) -> str:
    shown = ", ".join(repr(name) for name in names[:_NAMES_IN_MESSAGE])
    if len(names) > _NAMES_IN_MESSAGE:
        shown += f" and {len(names) - _NAMES_IN_MESSAGE} more"
    return shown


def _touch(connection: sa.Connection, table: sa.Table, row_id: int) -> None:
    connection.execute(
        sa.update(table).where(table.c.id == row_id).values(last_modified_time=now())
    )


def _delete_tags(connection: sa.Connection, kind: str, ids: list[int]) -> None:
    connection.execute(
        sa.delete(tags).where(tags.c.resource_type == kind, tags.c.resource_id.in_(ids))
    )
