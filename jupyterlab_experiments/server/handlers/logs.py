"""``trial-components/{name}/log``: the output log of a training job."""

from __future__ import annotations

from typing import ClassVar

from jupyter_server.auth.decorator import authorized
from tornado import web

from .. import job_logs, params
from ..base_handler import ExperimentsAPIHandler


class JobLogHandler(ExperimentsAPIHandler):
    """Return a training job's log from a byte offset on."""

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {"get": ("offset",)}

    @web.authenticated
    @authorized
    async def get(self, name: str) -> None:
        """Return ``{"text", "offset", "complete"}``."""
        query = self.query_arguments()
        offset = params.parse_offset(query.get("offset"))
        body = await self.service.run(
            job_logs.read_job_log, name, offset, self.service.config.log_chunk_bytes
        )
        self.write_json(body)
