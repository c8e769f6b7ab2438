"""``experiments/{name}/trials`` and ``trials/{name}``."""

from __future__ import annotations

from typing import ClassVar

from jupyter_server.auth.decorator import authorized
from tornado import web

from .. import deletion, params, queries
from ..base_handler import ExperimentsAPIHandler
from .experiments import LIST_PARAMETERS
from .named_resource import NamedResourceHandler


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


class TrialHandler(NamedResourceHandler):
    """Read or delete one trial; force also deletes its trial components."""

    label = "trial"
    read = staticmethod(queries.get_trial)
    remove = staticmethod(deletion.delete_trial)
