"""``trial-components`` and ``trial-components/{name}``."""

from __future__ import annotations

from typing import ClassVar

from jupyter_server.auth.decorator import authorized
from tornado import web

from .. import deletion, params, queries
from ..base_handler import ExperimentsAPIHandler
from .experiments import LIST_PARAMETERS
from .named_resource import NamedResourceHandler

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


class TrialComponentHandler(NamedResourceHandler):
    """Read or delete one trial component; force first removes it from its trials."""

    label = "trial component"
    read = staticmethod(queries.get_trial_component)
    remove = staticmethod(deletion.delete_trial_component)
