"""The URL of every REST route, declared once.

Routes are written as templates relative to
``<base_url>/jupyterlab-experiments/api/``, the same templates as the paths in
``openapi.yaml``. A ``{placeholder}`` matches one percent-encoded path segment
and reaches the handler decoded, so names may contain any character, including
``/``, ``?``, ``#`` and spaces, as long as the client encodes them.
"""

from __future__ import annotations

import re

from jupyter_server.utils import url_path_join
from tornado.web import Application

from .base_handler import ExperimentsAPIHandler
from .handlers.artifacts import ChartArtifactHandler
from .handlers.experiments import ExperimentHandler, ExperimentListHandler
from .handlers.logs import JobLogHandler
from .handlers.metrics import MetricSeriesByQueryHandler, MetricSeriesHandler
from .handlers.revision import RevisionHandler
from .handlers.table import TableColumnsHandler, TableExportHandler, TableValuesHandler
from .handlers.trial_components import TrialComponentHandler, TrialComponentListHandler
from .handlers.trials import TrialHandler, TrialListHandler
from .handlers.unknown import UnknownRouteHandler

API_NAMESPACE = "jupyterlab-experiments"

ROUTES: tuple[tuple[str, type[ExperimentsAPIHandler]], ...] = (
    ("revision", RevisionHandler),
    ("experiments", ExperimentListHandler),
    ("experiments/{name}", ExperimentHandler),
    ("experiments/{name}/trials", TrialListHandler),
    ("trials/{name}", TrialHandler),
    ("trial-components", TrialComponentListHandler),
    ("trial-components/{name}", TrialComponentHandler),
    ("trial-components/{name}/metrics", MetricSeriesByQueryHandler),
    ("trial-components/{name}/metrics/{metric_name}", MetricSeriesHandler),
    ("trial-components/{name}/artifacts/{artifact_name}", ChartArtifactHandler),
    ("trial-components/{name}/log", JobLogHandler),
    ("trial-component-table/columns", TableColumnsHandler),
    ("trial-component-table/values", TableValuesHandler),
    ("trial-component-table/export", TableExportHandler),
)

# The last segment of a metric or artifact route may also contain unencoded
# slashes, so a metric such as "val/loss" is found even behind a proxy that
# decodes "%2F".
_PLACEHOLDER_PATTERNS = {"metric_name": ".+", "artifact_name": ".+"}
_SEGMENT_PATTERN = "[^/]+"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def api_root(base_url: str) -> str:
    """Return the URL path under which the REST API is served."""
    return url_path_join(base_url, API_NAMESPACE, "api")


def route_pattern(base_url: str, template: str) -> str:
    """Return the tornado URL pattern of a route template under ``base_url``."""
    parts = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position : match.start()]))
        name = match.group(1)
        pattern = _PLACEHOLDER_PATTERNS.get(name, _SEGMENT_PATTERN)
        parts.append(f"(?P<{name}>{pattern})")
        position = match.end()
    parts.append(re.escape(template[position:]))
    # The base URL is literal text too: JupyterHub puts user names in it.
    return url_path_join(re.escape(api_root(base_url)), "".join(parts))


def setup_routes(web_app: Application) -> None:
    """Register every route with the server's tornado application."""
    base_url = web_app.settings["base_url"]
    handlers: list[tuple[str, type]] = [
        (route_pattern(base_url, template), handler) for template, handler in ROUTES
    ]
    # Added last, so it only receives paths that no route matched.
    handlers.append((url_path_join(re.escape(api_root(base_url)), ".*"), UnknownRouteHandler))
    web_app.add_handlers(".*$", handlers)
