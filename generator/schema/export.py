"""Export the schema as JSON Schema, so editors autocomplete fields and underline mistakes."""
from __future__ import annotations

import json
from typing import Any

from .city import CHANGELOG, CITY

SCHEMA_DIR = "schema"
FILES = {"city.schema.json": (CITY, "城市数据文件 / City data file"),
         "changelog.schema.json": (CHANGELOG, "数据更新记录 / Data changelog")}


def json_schema(name: str) -> dict[str, Any]:
    record, title = FILES[name]
    schema = record.json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": name, "title": title, **schema}


def render(name: str) -> str:
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
