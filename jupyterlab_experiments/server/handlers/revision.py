"""``GET revision``: the store's change counter."""

from __future__ import annotations

from typing import ClassVar

from jupyter_server.auth.decorator import authorized
from tornado import web

from .. import queries
from ..base_handler import ExperimentsAPIHandler


class RevisionHandler(ExperimentsAPIHandler):
    """Return the store's revision, which the front end polls to learn of writes."""

    # Open views poll this route every second or so; counting those requests as
    # activity would keep an idle server from ever being culled.
    _track_activity = False

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {"get": ()}

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """Return ``{"revision": int}``."""
        self.query_arguments()
        body = await self.service.run(queries.get_revision)
        self.write_json(body)
