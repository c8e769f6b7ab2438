"""Reads of the trial component table: pages, column names, values and CSV export.

Every function runs on a worker thread and calls the store of the client
directly, because the client's boto-shaped ``search`` has no scope, no
column names and no value lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..client import LocalSageMakerClient
from ..store.properties import TRIAL_COMPONENT
from . import search, serializers
from .csv_export import csv_lines
from .params import PageQuery
from .table_columns import ExportColumn
from .table_scope import ScopeRequest, store_scope

# Rows read per store query while an export walks all pages.
EXPORT_PAGE_SIZE = 1000
_DEFAULT_SORT = "LastModifiedTime"


def list_trial_components(
    client: LocalSageMakerClient,
    scope: ScopeRequest,
    filter_expression: dict[str, Any] | None,
    page: PageQuery,
    *,
    include_total: bool = True,
) -> dict[str, Any]:
    """Return one page of trial components; ``total_count`` is None unless
    ``include_total``, which saves the count query.

    Raises ResourceNotFound if a name of the scope does not exist.
    """
    response = client.store.query_page(
        TRIAL_COMPONENT,
        _expression(filter_expression, page.search),
        page.sort_by or _DEFAULT_SORT,
        page.sort_order != "Ascending",
        page.max_results,
        page.next_token,
        include_total=include_total,
        scope=store_scope(client, scope),
    )
    return {
        "trial_components": [serializers.trial_component(item) for item in response["Records"]],
        "next_token": response.get("NextToken"),
        "total_count": response.get("TotalCount") if include_total else None,
    }


def column_names(client: LocalSageMakerClient, scope: ScopeRequest) -> dict[str, list[str]]:
    """Return the sorted parameter, metric and artifact names in scope."""
    return client.store.component_column_names(store_scope(client, scope))


def column_values(
    client: LocalSageMakerClient,
    scope: ScopeRequest,
    property_path: str,
    text: str | None,
    max_results: int,
) -> dict[str, Any]:
    """Return the distinct values of a property in scope, numbers as JSON numbers."""
    values, truncated = client.store.component_column_values(
        store_scope(client, scope), property_path, text, max_results
    )
    return {
        "values": [serializers.json_number(value) for value in values],
        "truncated": truncated,
    }


@dataclass(frozen=True)
class ExportQuery:
    """The scope, filters, order and columns of an export."""

    scope: ScopeRequest
    filter_expression: dict[str, Any] | None
    search: str | None
    sort_by: str | None
    descending: bool
    columns: list[ExportColumn]


def export_rows(
    client: LocalSageMakerClient, export: ExportQuery, next_token: str | None
) -> tuple[str, str | None]:
    """Return the CSV lines of up to ``EXPORT_PAGE_SIZE`` rows after
    ``next_token``, and the token of the rows that follow (None at the end).

    The first call also checks the scope, filter and sort, so that an
    invalid export fails before any of it is sent.
    """
    response = client.store.query_page(
        TRIAL_COMPONENT,
        _expression(export.filter_expression, export.search),
        export.sort_by or _DEFAULT_SORT,
        export.descending,
        EXPORT_PAGE_SIZE,
        next_token,
        scope=store_scope(client, export.scope),
    )
    rows = ([column.cell(record) for column in export.columns] for record in response["Records"])
    return csv_lines(rows), response.get("NextToken")


def _expression(
    filter_expression: dict[str, Any] | None, text: str | None
) -> dict[str, Any] | None:
    return search.all_of([], [filter_expression, search.text_search("TrialComponentName", text)])
