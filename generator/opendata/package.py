"""The Frictionless data package (datapackage.json): every CSV with its Table Schema,
generated from the column declarations, with the licence, the sources and each file's
size and hash, so `frictionless validate` checks the files against their description.
"""
from __future__ import annotations

import json
import re
from typing import Any

from ..schema.columns import Column, TableSpec
from ..validate import Dataset
from . import meta
from .csvfile import safe_cell
from .tables import Table

DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}
KEYWORDS = ["食品安全", "food safety", "国家食品安全示范城市", "National Food Safety Demonstration City", "China"]


def both(zh: str, en: str) -> str:
    """A title or description in both languages, Chinese first."""
    return f"{zh} / {en}" if zh and en else zh or en


def field_schema(column: Column) -> dict[str, Any]:
    """A Table Schema field: type, bilingual title and description, unit and constraints."""
    field: dict[str, Any] = {"name": column.name, "type": column.type, "title": both(column.zh, column.en)}
    about = both(column.about_zh, column.about_en)
    if about:
        field["description"] = about
    if column.unit:
        field["unit"] = column.unit
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.codes:
        constraints["enum"] = [safe_cell(code) for code in column.codes]  # as written: '= for =
    if constraints:
        field["constraints"] = constraints
    return field


def schema_shape(spec: TableSpec) -> tuple[Any, ...]:
    """What table_schema reads of a table: equal shapes, equal schemas. Kept next to it: what one
    reads, the other must list. The columns by their list's identity (the city files' specs all hold
    CITY_FILE's; Column's equality leaves out its codes)."""
    return id(spec.columns), spec.primary_key, spec.name == "cities", spec.name == "sources"


def table_schema(spec: TableSpec) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [field_schema(c) for c in spec.columns], "missingValues": [""]}
    if spec.primary_key:
        schema["primaryKey"] = list(spec.primary_key)
    names = {c.name for c in spec.columns}
    keys = []
    if "city" in names and spec.name != "cities":
        keys.append({"fields": ["city"], "reference": {"resource": "cities", "fields": ["city"]}})
    for name in sorted(n for n in names if n == "source" or n.endswith("_source")):
        if spec.name != "sources":
            keys.append({"fields": [name], "reference": {"resource": "sources", "fields": ["source"]}})
    if keys:
        schema["foreignKeys"] = keys
    return schema


def resource(table: Table, schemas: dict[tuple[Any, ...], dict[str, Any]]) -> dict[str, Any]:
    """A table's resource. `schemas`: the schemas made so far, by what a schema is made of; tables
    alike (the city files, a thousand at national scale) share one, not a copy each (19 MB at
    1,000 cities)."""
    spec = table.spec
    shape = schema_shape(spec)
    if shape not in schemas:
        schemas[shape] = table_schema(spec)
    return {
        "name": spec.name, "path": spec.path, "profile": "tabular-data-resource",
        "title": both(spec.zh, spec.en), "description": both(spec.about_zh, spec.about_en),
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "dialect": DIALECT,
        "bytes": table.size, "hash": "sha256:" + table.sha256,
        "schema": schemas[shape],
    }


def package(data: Dataset, tables: list[Table]) -> dict[str, Any]:
    updated = meta.last_update(data)
    schemas: dict[tuple[Any, ...], dict[str, Any]] = {}
    out: dict[str, Any] = {
        "profile": "tabular-data-package", "name": meta.PACKAGE_NAME,
        "title": both(meta.DATA_TITLE["zh"], meta.DATA_TITLE["en"]),
        "description": both("各城市创建国家食品安全示范城市的公开数字、评审结论与目标，每个数字附原文摘录与出处。"
                            "CSV 为带 BOM 的 UTF-8、CRLF 换行；以 ' 开头的文字单元格是为防止被当作公式而加的。",
                            "Published figures, review verdicts and targets of the candidate cities, each with the "
                            "verbatim sentence and document it comes from. CSV files are UTF-8 with a BOM and CRLF "
                            "line ends; a text cell starting with ' had the apostrophe added so that no "
                            "spreadsheet runs it as a formula."),
        "keywords": KEYWORDS, "licenses": [meta.LICENCE],
        "sources": [_source(data.sources[s]) for s in sorted(data.sources)],
        "resources": [resource(t, schemas) for t in tables],
    }
    if updated:
        out["created"] = f"{meta.full_date(updated)}T00:00:00Z"
    return out


def _source(source: dict[str, Any]) -> dict[str, Any]:
    item = {"title": both(source["title"]["zh"], source["title"]["en"])}
    if source.get("url"):
        item["path"] = source["url"]
    return item


#: Where a resource's schema stands in the package while the rest is encoded (json escapes U+0000,
#: which no other text of the package holds), and the indent of a schema's lines there.
_SCHEMA_AT = re.compile(r'"\\u0000(\d+)"')
_SCHEMA_INDENT = " " * 6


def package_bytes(data: Dataset, tables: list[Table]) -> bytes:
    """datapackage.json, indented. Each distinct table schema is encoded once, to UTF-8, and put in
    place wherever it recurs (the city files share one): json's indented encoder is pure Python, and
    repeating one schema per city was most of its time. The file is joined from bytes: as one text
    (with Chinese, two bytes a character), copied, then encoded, it took 65 MB at 1,000 cities for a
    file of 10. The bytes are json.dumps(package(…), indent=2)'s."""
    out = package(data, tables)
    indented: dict[str, bytes] = {}
    schemas: list[bytes] = []
    for number, item in enumerate(out["resources"]):
        compact = json.dumps(item["schema"], ensure_ascii=False)  # C-encoded: a fast key
        if compact not in indented:
            text = json.dumps(item["schema"], ensure_ascii=False, indent=2)
            indented[compact] = text.replace("\n", "\n" + _SCHEMA_INDENT).encode("utf-8")  # newlines in JSON are all layout
        schemas.append(indented[compact])
        item["schema"] = f"\x00{number}"
    skeleton = json.dumps(out, ensure_ascii=False, indent=2)
    parts: list[bytes] = []
    at = 0
    for found in _SCHEMA_AT.finditer(skeleton):
        parts += [skeleton[at:found.start()].encode("utf-8"), schemas[int(found.group(1))]]
        at = found.end()
    parts += [skeleton[at:].encode("utf-8"), b"\n"]
    return b"".join(parts)
