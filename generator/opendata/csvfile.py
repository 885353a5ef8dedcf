"""Write CSV that opens right in Excel and WPS (UTF-8 with BOM, CRLF) and still parses
with pandas, R and Python's csv module, and whose text cells can never start a formula.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from ..schema.columns import Column

BOM = "\ufeff"
#: What a spreadsheet reads as the start of a formula (OWASP's list), after NFKC folds
#: full-width and small forms (＝ ﹦ ＋ ﹢ － ﹣ ＠ ﹫) onto them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
NUMERIC_TYPES = ("number", "integer")


class CellTypeError(ValueError):
    """A value that does not fit its column's type: never written silently as text."""


BLANKS = " \u3000"
#: Characters that can never start a formula, so that most cells are settled by their first one.
_SAFE_FIRST = frozenset(chr(c) for c in range(0x20, 0x3000) if chr(c) not in BLANKS
                        and not unicodedata.normalize("NFKC", chr(c)).startswith(FORMULA_STARTS))


def _safe_first(char: str) -> bool:
    """A first character that can never start a formula (CJK ideographs neither)."""
    return char in _SAFE_FIRST or "\u4e00" <= char <= "\u9fff"


def starts_formula(text: str) -> bool:
    """True when a spreadsheet could run the text as a formula, leading blanks aside."""
    if not text:
        return False
    if _safe_first(text[0]):
        return False
    folded = unicodedata.normalize("NFKC", text[:8])
    return folded.startswith(FORMULA_STARTS) or folded.lstrip(BLANKS).startswith(FORMULA_STARTS)


def safe_cell(value: Any, column_type: str = "string") -> str:
    """A cell as text: numbers stay numbers; text that a spreadsheet would run as a formula
    is prefixed with an apostrophe, the form OWASP recommends."""
    if value is None or value == "":
        return ""
    if column_type in NUMERIC_TYPES:
        return number_cell(value, column_type)
    text = str(value)
    return "'" + text if starts_formula(text) else text


def number_cell(value: Any, column_type: str = "number") -> str:
    """Digits a spreadsheet and Table Schema both read as a number: no exponent, no grouping."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (
            float("inf"), float("-inf")):
        raise CellTypeError(f"expected a {column_type}, got {value!r}")
    if float(value).is_integer():
        return str(int(value))
    if column_type == "integer":
        raise CellTypeError(f"expected a whole number, got {value!r}")
    text = repr(float(value))
    return text if "e" not in text else f"{value:.15f}".rstrip("0")


def unneutralise(cell: str) -> str:
    """The original text of a cell that safe_cell prefixed with an apostrophe."""
    return cell[1:] if cell.startswith("'") and starts_formula(cell[1:]) else cell


def text_cell(value: Any) -> str:
    """safe_cell for a text column, with a fast path for the usual first characters."""
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    if not text or _safe_first(text[0]):
        return text
    return "'" + text if starts_formula(text) else text


def cell_writers(columns: list[Column]) -> list[tuple[str, Callable[[Any], str]]]:
    """For each column, its name and the function that writes its cells."""
    def numeric(kind: str) -> Callable[[Any], str]:
        return lambda value: "" if value is None or value == "" else number_cell(value, kind)
    return [(c.name, numeric(c.type) if c.type in NUMERIC_TYPES else text_cell) for c in columns]


def csv_lines(columns: list[Column], rows: Iterable[dict[str, Any]]) -> list[str]:
    """Each row as one CSV record (CRLF-terminated), so files that share rows encode them once."""
    writers = cell_writers(columns)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    lines = []
    for row in rows:
        try:
            writer.writerow([write(row.get(name)) for name, write in writers])
        except CellTypeError as error:
            raise CellTypeError(f"column {_failing(row, writers)} of {row.get('record', '?')}: {error}") from None
        lines.append(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()
    return lines


def csv_file(columns: list[Column], lines: Iterable[str]) -> bytes:
    """BOM, header of column names, then the records."""
    header = ",".join(c.name for c in columns) + "\r\n"
    return (BOM + header + "".join(lines)).encode("utf-8")


def csv_bytes(columns: list[Column], rows: Iterable[dict[str, Any]]) -> bytes:
    """The whole file: BOM, header of column names, then one line per row."""
    return csv_file(columns, csv_lines(columns, rows))


def _failing(row: dict[str, Any], writers: list[tuple[str, Callable[[Any], str]]]) -> str:
    """The first column of a row whose value does not fit its type (only called on error)."""
    for name, write in writers:
        try:
            write(row.get(name))
        except CellTypeError:
            return name
    return "?"


def count_rows(data: bytes) -> int:
    """Data rows of a CSV written by csv_bytes (quoted line breaks counted right)."""
    return sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))) - 1
