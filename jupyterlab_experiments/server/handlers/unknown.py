"""Any other path under the API: a JSON 404 instead of the server's HTML page."""

from __future__ import annotations

from typing import NoReturn

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..base_handler import ExperimentsAPIHandler


class UnknownRouteHandler(ExperimentsAPIHandler):
    """Respond to every verb on an unknown API path with a JSON 404."""

    def _not_found(self) -> NoReturn:
        raise web.HTTPError(
            404,
            "No API route matches %s; the routes are listed in openapi.yaml.",
            self.request.path,
        )

    @web.authenticated
    @authorized
    def get(self, *_path: str) -> None:
        """Raise 404."""
        self._not_found()

    @web.authenticated
    @authorized
    def post(self, *_path: str) -> None:
        """Raise 404."""
        self._not_found()

    @web.authenticated
    @authorized
    def put(self, *_path: str) -> None:
        """Raise 404."""
        self._not_found()

    @web.authenticated
    @authorized
    def patch(self, *_path: str) -> None:
        """Raise 404."""
        self._not_found()

    @web.authenticated
    @authorized
    def delete(self, *_path: str) -> None:
        """Raise 404."""
        self._not_found()
