"""CSV text of the trial component table, safe to open in a spreadsheet.

* RFC 4180: fields that contain a comma, a double quote, CR or LF are
  enclosed in double quotes with inner quotes doubled, header cells
  included, and lines end with CRLF.
* Text cells that start with ``=``, ``+``, ``-``, ``@``, a tab or CR get a
  leading ``'``, so that spreadsheets show them as text instead of running
  them as formulas. Numbers, negative ones included, are written as plain
  numbers; non-finite numbers as ``NaN``, ``Infinity`` and ``-Infinity``.
* Times are ISO 8601 in UTC with a ``Z``.
* The file starts with a UTF-8 byte order mark, so that spreadsheet programs
  read it as UTF-8 instead of a legacy code page; Python's ``utf-8-sig``
  codec and pandas skip it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from ..store.column_values import number_text
from .serializers import json_time

BYTE_ORDER_MARK = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: Any) -> str:
    """Return the CSV text of one cell value, before quoting."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, dt.datetime):
        return json_time(value) or ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_lines(rows: Iterable[Sequence[Any]]) -> str:
    """Return rows of cell values as CSV lines, each ending with CRLF."""
    buffer = io.StringIO()
    # QUOTE_MINIMAL quotes a field that contains the delimiter, the quote
    # character or any character of the line terminator (CR and LF).
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([cell_text(value) for value in row] for row in rows)
    return buffer.getvalue()
