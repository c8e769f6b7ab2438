"""``experiments`` and ``experiments/{name}``."""

from __future__ import annotations

from typing import ClassVar

from jupyter_server.auth.decorator import authorized
from tornado import web

from .. import deletion, params, queries
from ..base_handler import ExperimentsAPIHandler
from .named_resource import NamedResourceHandler

LIST_PARAMETERS = ("search", "sort_by", "sort_order", "max_results", "next_token")


class ExperimentListHandler(ExperimentsAPIHandler):
    """List experiments."""

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {"get": LIST_PARAMETERS}

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """Return one page of experiments."""
        query = self.query_arguments()
        page = params.parse_page_query(
            query, "ExperimentName", self.service.config.max_results_default
        )
        body = await self.service.run(queries.list_experiments, page)
        self.write_json(body)


class ExperimentHandler(NamedResourceHandler):
    """Read or delete one experiment; force also deletes its trials and components."""

    label = "experiment"
    read = staticmethod(queries.get_experiment)
    remove = staticmethod(deletion.delete_experiment)
