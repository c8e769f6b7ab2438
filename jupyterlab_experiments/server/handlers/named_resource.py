"""The handler shape shared by ``experiments/{name}``, ``trials/{name}`` and
``trial-components/{name}``: GET reads the resource, DELETE deletes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from jupyter_server.auth.decorator import authorized
from tornado import web

from .. import params
from ..base_handler import ExperimentsAPIHandler


class NamedResourceHandler(ExperimentsAPIHandler):
    """Read or delete one named resource.

    Subclasses set ``label`` (used in the log), ``read`` (a ``queries``
    function of the client and the name) and ``remove`` (a ``deletion``
    function that also takes ``force``).
    """

    label: ClassVar[str]
    read: ClassVar[Callable[..., Any]]
    remove: ClassVar[Callable[..., Any]]
    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {"get": (), "delete": ("force",)}

    @web.authenticated
    @authorized
    async def get(self, name: str) -> None:
        """Return the resource."""
        self.query_arguments()
        body = await self.service.run(type(self).read, name)
        self.write_json(body)

    @web.authenticated
    @authorized
    async def delete(self, name: str) -> None:
        """Delete the resource; ``force=true`` also deletes or detaches what is attached."""
        query = self.query_arguments()
        force = params.parse_bool("force", query.get("force"))
        await self.service.run(type(self).remove, name, force=force)
        self.log.info("jupyterlab_experiments: deleted %s %r (force=%s)", self.label, name, force)
        self.finish_no_content()
