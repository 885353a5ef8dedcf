"""CSV cells and files: formula injection is neutralised, numbers stay numbers, and the
encoding (UTF-8 with BOM, CRLF) reads back right with Python's csv module and pandas."""
from __future__ import annotations

import csv
import importlib.util
import io

import pytest

from generator.opendata.csvfile import BOM, CellTypeError, count_rows, csv_bytes, safe_cell, unneutralise
from generator.schema.columns import Column

TEXT = Column("text", "string", "文字", "text")
NUMBER = Column("value", "number", "数值", "value")
WHOLE = Column("count", "integer", "计数", "count")
COLUMNS = [TEXT, NUMBER, WHOLE]

INJECTIONS = [
    "=1+1", "=HYPERLINK(\"http://evil.example\",\"click\")", "+1", "-1", "-2+3", "@SUM(A1:A2)", "\t=1+1",
    "\r=1+1", "\n=1+1", "＝1+1", "＋1", "－1", "＠SUM(A1)", "﹦1+1", " =1+1", "\u3000=1+1",
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(text: str) -> None:
    cell = safe_cell(text)
    assert cell == "'" + text
    assert unneutralise(cell) == text


@pytest.mark.parametrize("text", ["绵阳市", "99.7%以上", "2019–2021年", "a=b", "12315|12345", "'quoted'", "≥99.7%",
                                  "XXXX-11-02", "> 98"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert safe_cell(text) == text
    assert unneutralise(text) == text


@pytest.mark.parametrize("value, column, expected", [
    (-5, NUMBER, "-5"), (-0.5, NUMBER, "-0.5"), (99.7, NUMBER, "99.7"), (5900000.0, NUMBER, "5900000"),
    (1e-7, NUMBER, "0.0000001"), (1e21, NUMBER, "1000000000000000000000"), (0, WHOLE, "0"), (-3, WHOLE, "-3"),
    (2021.0, WHOLE, "2021"),
])
def test_numbers_stay_numbers_even_when_negative(value: float, column: Column, expected: str) -> None:
    cell = safe_cell(value, column.type)
    assert cell == expected
    assert float(cell) == value


@pytest.mark.parametrize("value, column", [("=1+1", NUMBER), ("99.7%", NUMBER), (True, NUMBER), (2.5, WHOLE),
                                           (float("nan"), NUMBER), (float("inf"), NUMBER)])
def test_a_value_that_is_not_a_number_never_lands_in_a_number_column(value: object, column: Column) -> None:
    with pytest.raises(CellTypeError):
        csv_bytes([column], [{column.name: value}])


ROWS = [
    {"text": "=1+1", "value": -5, "count": 3},
    {"text": "西宁市，青海省\n第二行 \"引号\"", "value": 99.7, "count": None},
    {"text": "－1", "value": None, "count": 0},
]


def test_file_is_utf8_with_bom_crlf_and_a_header() -> None:
    data = csv_bytes(COLUMNS, ROWS)
    assert data.startswith(BOM.encode("utf-8"))
    assert data.split(b"\r\n")[0] == BOM.encode("utf-8") + b"text,value,count"
    assert data.count(b"\r\n") == 4, "header and three rows, each ended by CRLF"
    assert data.replace(b"\r\n", b"").count(b"\n") == 1, "only the line break inside the quoted cell is bare"
    assert count_rows(data) == 3


def test_python_csv_module_reads_it_back_exactly() -> None:
    data = csv_bytes(COLUMNS, ROWS)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r["text"] for r in rows] == ["'=1+1", "西宁市，青海省\n第二行 \"引号\"", "'－1"]
    assert [unneutralise(r["text"]) for r in rows] == [r["text"] for r in ROWS]
    assert [r["value"] for r in rows] == ["-5", "99.7", ""]
    assert float(rows[0]["value"]) == -5
    assert list(rows[0]) == ["text", "value", "count"], "the BOM must not stick to the first column name"


def test_plain_utf8_decoding_keeps_the_bom_visible() -> None:
    """Why the download page tells csv-module users to open with utf-8-sig."""
    data = csv_bytes(COLUMNS, ROWS)
    header = next(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert header[0] == BOM + "text"


@pytest.mark.skipif(importlib.util.find_spec("pandas") is None,
                    reason="pandas is not installed in this environment (not a project dependency: it would add "
                           "~100 MB for one test); the csv-module test above covers the encoding")
def test_pandas_reads_it_with_default_settings() -> None:  # pragma: no cover - runs only where pandas exists
    import pandas as pd

    frame = pd.read_csv(io.BytesIO(csv_bytes(COLUMNS, ROWS)))
    assert list(frame.columns) == ["text", "value", "count"]
    assert frame["value"].iloc[0] == -5
    assert frame["text"].iloc[1].startswith("西宁市")
