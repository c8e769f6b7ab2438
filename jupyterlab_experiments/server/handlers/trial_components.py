"""``trial-components`` and ``trial-components/{name}``."""

from __future__ import annotations

from typing import ClassVar

from jupyter_server.auth.decorator import authorized
from tornado import web

from .. import deletion, params, queries
from ..base_handler import ExperimentsAPIHandler
from .experiments import LIST_PARAMETERS

COMPONENT_LIST_PARAMETERS = (
    *LIST_PARAMETERS,
    "experiment_name",
    "trial_name",
    "unassigned",
    "filter",
)


class TrialComponentListHandler(ExperimentsAPIHandler):
    """List trial components of an experiment, of a trial, or without a trial."""

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {"get": COMPONENT_LIST_PARAMETERS}

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """Return one page of trial components."""
        query = self.query_arguments()
        scope = params.parse_component_scope(query)
        expression = params.parse_search_expression(query.get("filter"))
        page = params.parse_page_query(
            query, "TrialComponentName", self.service.config.max_results_default
        )
        body = await self.service.run(queries.list_trial_components, scope, expression, page)
        self.write_json(body)


class TrialComponentHandler(ExperimentsAPIHandler):
    """Read or delete one trial component."""

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {"get": (), "delete": ("force",)}

    @web.authenticated
    @authorized
    async def get(self, name: str) -> None:
        """Return the trial component with its parents and tags."""
        self.query_arguments()
        body = await self.service.run(queries.get_trial_component, name)
        self.write_json(body)

    @web.authenticated
    @authorized
    async def delete(self, name: str) -> None:
        """Delete the trial component; ``force=true`` first removes it from its trials."""
        query = self.query_arguments()
        force = params.parse_bool("force", query.get("force"))
        await self.service.run(deletion.delete_trial_component, name, force=force)
        self.log.info("jupyterlab_experiments: deleted trial component %r (force=%s)", name, force)
        self.finish_no_content()
