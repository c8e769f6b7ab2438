"""``trial-components/{name}/metrics/{metric_name}``."""

from __future__ import annotations

from typing import ClassVar

from jupyter_server.auth.decorator import authorized
from tornado import web

from .. import queries
from ..base_handler import ExperimentsAPIHandler


class MetricSeriesHandler(ExperimentsAPIHandler):
    """Return every point of one metric of a trial component."""

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {"get": ()}

    @web.authenticated
    @authorized
    async def get(self, name: str, metric_name: str) -> None:
        """Return ``{"metric_name", "points"}`` in step order."""
        self.query_arguments()
        body = await self.service.run(queries.get_metric_series, name, metric_name)
        self.write_json(body)
