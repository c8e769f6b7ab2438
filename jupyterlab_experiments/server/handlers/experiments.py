"""``experiments`` and ``experiments/{name}``."""

from __future__ import annotations

from typing import ClassVar

from jupyter_server.auth.decorator import authorized
from tornado import web

from .. import deletion, params, queries
from ..base_handler import ExperimentsAPIHandler

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


class ExperimentHandler(ExperimentsAPIHandler):
    """Read or delete one experiment."""

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {"get": (), "delete": ("force",)}

    @web.authenticated
    @authorized
    async def get(self, name: str) -> None:
        """Return the experiment."""
        self.query_arguments()
        body = await self.service.run(queries.get_experiment, name)
        self.write_json(body)

    @web.authenticated
    @authorized
    async def delete(self, name: str) -> None:
        """Delete the experiment; ``force=true`` also deletes its trials and components."""
        query = self.query_arguments()
        force = params.parse_bool("force", query.get("force"))
        await self.service.run(deletion.delete_experiment, name, force=force)
        self.log.info("jupyterlab_experiments: deleted experiment %r (force=%s)", name, force)
        self.finish_no_content()
