"""``trial-components/{name}/artifacts/{artifact_name}``: a chart artifact's document."""

from __future__ import annotations

from typing import ClassVar

from jupyter_server.auth.decorator import authorized
from tornado import web

from ...exceptions import ValidationError
from .. import artifact_charts
from ..base_handler import ExperimentsAPIHandler


class ChartArtifactHandler(ExperimentsAPIHandler):
    """Return the JSON document of a chart artifact that the SDK logged."""

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {"get": ("direction",)}

    @web.authenticated
    @authorized
    async def get(self, name: str, artifact_name: str) -> None:
        """Return the document, e.g. ``{"type": "ConfusionMatrix", "version": 0, ...}``."""
        query = self.query_arguments()
        direction = parse_direction(query.get("direction"))
        body = await self.service.run(
            artifact_charts.read_chart_artifact, name, artifact_name, direction
        )
        self.write_json(body)


def parse_direction(text: str | None) -> str:
    """Parse ``direction``: ``output`` (the default) or ``input``."""
    if text is None or text == "":
        return "output"
    if text not in artifact_charts.DIRECTIONS:
        raise ValidationError.invalid("direction", text, "must be output or input")
    return text
