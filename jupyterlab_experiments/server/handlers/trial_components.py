"""``trial-components`` and ``trial-components/{name}``."""

from __future__ import annotations

from typing import ClassVar

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..._limits import TABLE_RESULTS_MAX
from .. import deletion, params, queries, table_queries
from ..base_handler import ExperimentsAPIHandler
from ..table_columns import check_sort_key
from ..table_scope import SCOPE_PARAMETERS, parse_scope_request
from .experiments import LIST_PARAMETERS
from .named_resource import NamedResourceHandler

COMPONENT_LIST_PARAMETERS = (*LIST_PARAMETERS, *SCOPE_PARAMETERS, "filter", "include_total_count")


class TrialComponentListHandler(ExperimentsAPIHandler):
    """List the trial components of a scope, filtered, sorted and paged."""

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {"get": COMPONENT_LIST_PARAMETERS}

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """Return one page of trial components, with the total count unless
        ``include_total_count=false``."""
        query = self.query_arguments()
        scope = parse_scope_request(query)
        expression = params.parse_search_expression(query.get("filter"))
        page = params.parse_page_query(
            query,
            "TrialComponentName",
            self.service.config.max_results_default,
            TABLE_RESULTS_MAX,
        )
        check_sort_key(page.sort_by)
        include_total = params.parse_bool(
            "include_total_count", query.get("include_total_count"), default=True
        )
        body = await self.service.run(
            table_queries.list_trial_components,
            scope,
            expression,
            page,
            include_total=include_total,
        )
        self.write_json(body)


class TrialComponentHandler(NamedResourceHandler):
    """Read or delete one trial component; force first removes it from its trials."""

    label = "trial component"
    read = staticmethod(queries.get_trial_component)
    remove = staticmethod(deletion.delete_trial_component)
