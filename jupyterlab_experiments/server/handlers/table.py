"""``trial-component-table/columns``, ``/values`` and ``/export``.

The routes sit under their own prefix, so that no trial component name
(``columns``, say) is shadowed by them.
"""

from __future__ import annotations

from typing import ClassVar

from jupyter_server.auth.decorator import authorized
from tornado import web
from tornado.iostream import StreamClosedError

from ...exceptions import ValidationError
from ...store.column_values import VALUES_MAX
from .. import params, table_queries
from ..base_handler import ExperimentsAPIHandler
from ..csv_export import BYTE_ORDER_MARK, csv_lines
from ..search import check_search_text
from ..table_columns import check_sort_key, parse_columns
from ..table_scope import SCOPE_PARAMETERS, parse_scope_request

VALUES_DEFAULT = 100
EXPORT_FILE_NAME = "trial-components.csv"


class TableColumnsHandler(ExperimentsAPIHandler):
    """List the parameter, metric and artifact names of the components in scope."""

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {"get": SCOPE_PARAMETERS}

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """Return ``{"parameters", "metrics", "input_artifacts", "output_artifacts"}``."""
        scope = parse_scope_request(self.query_arguments())
        body = await self.service.run(table_queries.column_names, scope)
        self.write_json(body)


class TableValuesHandler(ExperimentsAPIHandler):
    """List the distinct values of one column in scope, for a filter's value picker."""

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {
        "get": (*SCOPE_PARAMETERS, "property", "search", "max_results")
    }

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """Return ``{"values": [...], "truncated": bool}``."""
        query = self.query_arguments()
        scope = parse_scope_request(query)
        property_path = query.get("property")
        if not property_path:
            raise ValidationError.invalid(
                "property", property_path, "is required: the property path of a column"
            )
        params.check_property_path("property", property_path)
        text = query.get("search") or None
        if text is not None:
            check_search_text(text)
        max_results = params.parse_max_results(
            query.get("max_results"), VALUES_DEFAULT, maximum=VALUES_MAX
        )
        body = await self.service.run(
            table_queries.column_values, scope, property_path, text, max_results
        )
        self.write_json(body)


class TableExportHandler(ExperimentsAPIHandler):
    """Send every trial component of a table as CSV, in the table's order."""

    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {
        "get": (*SCOPE_PARAMETERS, "filter", "search", "sort_by", "sort_order", "columns")
    }

    @web.authenticated
    @authorized
    async def get(self) -> None:
        """Stream the CSV file, one chunk per page of rows.

        Errors found before the first chunk (invalid parameters, unknown
        names) get the usual JSON error response. A failure after it closes
        the connection without ending the response, so that the client sees
        a failed download instead of a file that silently lacks rows.
        """
        query = self.query_arguments()
        sort_by = params.parse_sort_by(query.get("sort_by"), "TrialComponentName")
        check_sort_key(sort_by)
        export = table_queries.ExportQuery(
            scope=parse_scope_request(query),
            filter_expression=params.parse_search_expression(query.get("filter")),
            search=query.get("search") or None,
            sort_by=sort_by,
            descending=params.parse_sort_order(query.get("sort_order")) != "Ascending",
            columns=parse_columns(query.get("columns")),
        )
        chunk, next_token = await self.service.run(table_queries.export_rows, export, None)
        header = csv_lines([[column.header for column in export.columns]])
        # Encoded before the response starts, so that text that UTF-8 cannot
        # encode fails with a JSON error instead of a dropped connection.
        first = (BYTE_ORDER_MARK + header + chunk).encode("utf-8")

        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition", f'attachment; filename="{EXPORT_FILE_NAME}"')
        pages = 1
        try:
            self.write(first)
            await self.flush()
            while next_token is not None:
                chunk, next_token = await self.service.run(
                    table_queries.export_rows, export, next_token
                )
                pages += 1
                self.write(chunk)
                await self.flush()
        except StreamClosedError:
            self.log.info("jupyterlab_experiments: the client closed a CSV export")
            return
        except Exception:
            self.log.exception(
                "jupyterlab_experiments: CSV export failed after %d pages of %d rows",
                pages,
                table_queries.EXPORT_PAGE_SIZE,
            )
            self.request.connection.close()  # type: ignore[union-attr]
            return
        self.finish()
