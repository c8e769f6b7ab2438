"""``trial-components/{name}/metrics/{metric_name}``, and ``trial-components/{name}/metrics``
with the name in a query parameter."""

from __future__ import annotations

import math
import re
from typing import ClassVar

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..._downsample import MAX_POINTS_MIN
from ...exceptions import ValidationError
from .. import queries
from ..base_handler import ExperimentsAPIHandler
from ..base_handler import _dump_json as dump_json

# The largest max_points a request may set. A chart gains nothing from more
# points than it has pixels, and the cap bounds a response to about 8 MB.
MAX_POINTS_MAX = 100_000

# The order and downsampling axis for each value of ``x``. Both time axes
# order by timestamp, and the client computes relative times itself.
_SORT_BY_X = {"step": "Step", "wall_time": "Timestamp", "relative_time": "Timestamp"}

_PLAIN_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?|-?\.[0-9]+([eE][-+]?[0-9]+)?")


class MetricSeriesHandler(ExperimentsAPIHandler):
    """Return the points of one metric of a trial component, downsampled if long."""

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {
        "get": ("max_points", "x", "x_min", "x_max", "x_scale")
    }

    @web.authenticated
    @authorized
    async def get(self, name: str, metric_name: str) -> None:
        """Return ``{"metric_name", "point_count", "downsampled", "points"}``."""
        await self._send_series(name, metric_name, self.query_arguments())

    async def _send_series(self, name: str, metric_name: str, query: dict[str, str]) -> None:
        max_points = parse_max_points(query.get("max_points"))
        sort_by = parse_x(query.get("x"))
        x_range = (
            parse_bound("x_min", query.get("x_min")),
            parse_bound("x_max", query.get("x_max")),
        )
        if None not in x_range and x_range[0] > x_range[1]:
            raise ValidationError.invalid(
                "x_min", query["x_min"], f"must not exceed x_max ({query['x_max']})"
            )
        log_x = parse_x_scale(query.get("x_scale"))
        if log_x and query.get("x") == "wall_time":
            rule = "must be linear with x=wall_time, whose axis shows dates"
            raise ValidationError.invalid("x_scale", query["x_scale"], rule)
        text = await self.service.run(
            queries.get_metric_series_text,
            name,
            metric_name,
            max_points,
            sort_by,
            dump_json,
            x_range=x_range,
            log_x=log_x,
        )
        self.finish(text)


class MetricSeriesByQueryHandler(MetricSeriesHandler):
    """Return a metric's points, for a metric name given as a query parameter.

    URLs drop path segments that are ``.`` or ``..``, even percent-encoded, so
    a metric with such a name can only be named in the query.
    """

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {
        "get": ("metric_name", *MetricSeriesHandler.query_parameters["get"])
    }

    @web.authenticated
    @authorized
    async def get(self, name: str) -> None:  # type: ignore[override]
        """Return the body of ``MetricSeriesHandler.get`` for ``metric_name``."""
        query = self.query_arguments()
        metric_name = query.pop("metric_name", None)
        if not metric_name:
            raise ValidationError.invalid(
                "metric_name", metric_name, "is required: the name of the metric"
            )
        await self._send_series(name, metric_name, query)


def parse_max_points(text: str | None) -> int | None:
    """Parse ``max_points``: an integer from 2 to 100,000, or None when absent."""
    if text is None or text == "":
        return None
    rule = f"must be an integer from {MAX_POINTS_MIN} to {MAX_POINTS_MAX}"
    if not _PLAIN_INTEGER.fullmatch(text):
        raise ValidationError.invalid("max_points", text, rule)
    value = int(text)
    if not MAX_POINTS_MIN <= value <= MAX_POINTS_MAX:
        raise ValidationError.invalid("max_points", text, rule)
    return value


def parse_x(text: str | None) -> str:
    """Parse ``x`` (``step``, ``wall_time`` or ``relative_time``) into the client's SortBy."""
    if text is None or text == "":
        return "Step"
    try:
        return _SORT_BY_X[text]
    except KeyError:
        raise ValidationError.invalid(
            "x", text, "must be step, wall_time or relative_time"
        ) from None


def parse_x_scale(text: str | None) -> bool:
    """Parse ``x_scale`` (``linear`` or ``log``) and tell whether it is ``log``."""
    if text is None or text == "" or text == "linear":
        return False
    if text == "log":
        return True
    raise ValidationError.invalid("x_scale", text, "must be linear or log")


def parse_bound(field: str, text: str | None) -> float | None:
    """Parse ``x_min`` or ``x_max``: a finite decimal number, or None when absent."""
    if text is None or text == "":
        return None
    rule = "must be a finite decimal number, such as 1500 or 1733356800.25"
    if not _DECIMAL.fullmatch(text):
        raise ValidationError.invalid(field, text, rule)
    value = float(text)
    if not math.isfinite(value):
        raise ValidationError.invalid(field, text, rule)
    return value
