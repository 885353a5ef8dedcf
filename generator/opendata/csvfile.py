"""Write CSV that opens right in Excel and WPS (UTF-8 with BOM, CRLF) and still parses
with pandas, R and Python's csv module, and whose text cells can never start a formula.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from ..schema.columns import Column

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell(value: Any, column_type: str = "string") -> str:
    """A cell as text: numbers stay numbers; text that a spreadsheet would run as a formula
    is prefixed with an apostrophe, the form OWASP recommends."""
    if value is None:
        return ""
    if column_type in ("number", "integer", "year") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_cell(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def number_cell(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def csv_bytes(columns: list[Column], rows: Iterable[dict[str, Any]]) -> bytes:
    """The whole file: BOM, header of column names, then one line per row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(c.name), c.type) for c in columns])
    return (BOM + buffer.getvalue()).encode("utf-8")
