"""``experiments/{name}/trials`` and ``trials/{name}``."""

from __future__ import annotations

from typing import ClassVar

from jupyter_server.auth.decorator import authorized
from tornado import web

from .. import deletion, params, queries
from ..base_handler import ExperimentsAPIHandler
from .experiments import LIST_PARAMETERS


class TrialListHandler(ExperimentsAPIHandler):
    """List the trials of an experiment."""

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {"get": LIST_PARAMETERS}

    @web.authenticated
    @authorized
    async def get(self, name: str) -> None:
        """Return one page of the experiment's trials."""
        query = self.query_arguments()
        page = params.parse_page_query(query, "TrialName", self.service.config.max_results_default)
        body = await self.service.run(queries.list_trials, name, page)
        self.write_json(body)


class TrialHandler(ExperimentsAPIHandler):
    """Read or delete one trial."""

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {"get": (), "delete": ("force",)}

    @web.authenticated
    @authorized
    async def get(self, name: str) -> None:
        """Return the trial."""
        self.query_arguments()
        body = await self.service.run(queries.get_trial, name)
        self.write_json(body)

    @web.authenticated
    @authorized
    async def delete(self, name: str) -> None:
        """Delete the trial; ``force=true`` also deletes its trial components."""
        query = self.query_arguments()
        force = params.parse_bool("force", query.get("force"))
        await self.service.run(deletion.delete_trial, name, force=force)
        self.log.info("jupyterlab_experiments: deleted trial %r (force=%s)", name, force)
        self.finish_no_content()
