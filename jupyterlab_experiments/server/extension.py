"""The loader that jupyter_server calls to start the extension.

The package's ``_jupyter_server_extension_points`` names this module.
"""

from __future__ import annotations

from jupyter_server.serverapp import ServerApp

from .base_handler import SERVICE_SETTING
from .config import ExperimentsConfig
from .routes import api_root, setup_routes
from .service import ExperimentsService


def _load_jupyter_server_extension(server_app: ServerApp) -> None:
    """Create the store service and register the REST routes.

    Parameters
    ----------
    server_app : jupyter_server.serverapp.ServerApp
        The server being started; ``ExperimentsConfig`` reads its configuration.
    """
    config = ExperimentsConfig(parent=server_app)
    service = ExperimentsService(config, server_app.log)
    server_app.web_app.settings[SERVICE_SETTING] = service
    setup_routes(server_app.web_app)
    server_app.log.info(
        "jupyterlab_experiments: REST API served at %s",
        api_root(server_app.web_app.settings["base_url"]),
    )
