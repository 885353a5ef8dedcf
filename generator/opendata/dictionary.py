"""The data dictionary page (data/dictionary), generated from the schema: every CSV column
(from columns.py) and every YAML field (from schema/city.py), with type, unit and the
description in both languages. Nothing here is written by hand, so it cannot drift."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import format as fmt
from ..page import LANGS, Page
from ..schema import catalogue as cat
from ..schema.city import CHANGELOG, CITY
from ..schema.columns import CITY_FILE, TABLES, Column, TableSpec
from ..schema.spec import Enum, Field, Kind, ListOf, Number, PartialDate, Record, Ref, Str, Text, Variant
from .csvfile import safe_cell
from .render import render, word

TYPE_WORDS = {"string": ("文本", "text"), "number": ("数字", "number"), "integer": ("整数", "integer")}
LONG_CODE_LISTS = {"metric": "see_metrics", "unit": "see_units"}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


# ---------------------------------------------------------------- CSV columns
def column_groups() -> list[dict[str, Any]]:
    """Tables that share a column set are described once, with every file that uses it."""
    groups: list[dict[str, Any]] = []
    for spec in [*TABLES, CITY_FILE]:
        same = next((g for g in groups if g["columns"] is spec.columns), None)
        path = spec.path.replace("{slug}", "<slug>")  # one file per city: the pattern, not a placeholder
        if same:
            same["files"].append(path)
        else:
            groups.append({"id": spec.name.replace("{slug}", "slug"), "spec": spec, "columns": spec.columns,
                           "files": [path]})
    return groups


def group_title(spec: TableSpec, lang: str) -> str:
    """A table's title; the per-city file's title names its city, so here it says 'one city'."""
    if spec is CITY_FILE:
        return word("city_file_title", lang)
    return spec.zh if lang == "zh" else spec.en


def column_row(column: Column, lang: str) -> dict[str, Any]:
    unit = cat.UNITS.get(column.unit)
    codes = word(LONG_CODE_LISTS[column.name], lang) if column.name in LONG_CODE_LISTS and column.codes else (
        ", ".join(safe_cell(code) for code in column.codes))  # as the CSV writes them
    return {"name": column.name, "type": _pick(TYPE_WORDS[column.type], lang),
            "unit": (unit.zh if lang == "zh" else unit.en) if unit else column.unit,
            "zh": column.zh + (f"：{column.about_zh}" if column.about_zh else ""),
            "en": column.en + (f": {column.about_en}" if column.about_en else ""),
            "required": column.required, "codes": codes}


def nullable_integer_columns() -> list[str]:
    """Integer columns that may be empty: pandas reads them as float unless told (Int64)."""
    return sorted({c.name for spec in [*TABLES, CITY_FILE] for c in spec.columns
                   if c.type == "integer" and not c.required})


#: How to read the integer columns as integers in pandas (≥ 2.0) and R; shown as code, not translated.
READ_RECIPES = ('pandas.read_csv("figures.csv", dtype_backend="numpy_nullable")  # Int64',
                'readr::read_csv("figures.csv", col_types = readr::cols(period_start = "i", period_end = "i"))')


# ---------------------------------------------------------------- YAML fields
@dataclass
class FieldRow:
    path: str
    field: Field
    parent: Record


def walk(record: Record, prefix: str = "") -> list[FieldRow]:
    """Every field of a record and of the records inside it, depth first, in schema order."""
    rows: list[FieldRow] = []
    seen: set[str] = set()
    for spec in record.fields:
        path = f"{prefix}.{spec.name}" if prefix else spec.name
        rows.append(FieldRow(path, spec, record))
        if isinstance(spec.kind, Variant):  # its tag once, with every form it can take
            rows.append(FieldRow(f"{path}.{spec.kind.tag}", _variant_tag(spec.kind), record))
            seen.add(f"{path}.{spec.kind.tag}")
        for inner, inner_prefix in _inner_records(spec.kind, path):
            rows += [r for r in walk(inner, inner_prefix) if r.path not in seen]
            seen.update(r.path for r in rows)
    return rows


def _variant_tag(kind: Variant) -> Field:
    tags = {name: variant.by_name[kind.tag] for name, variant in kind.variants.items()}
    first = next(iter(tags.values()))
    choices = {name: tag.kind.values[name] for name, tag in tags.items() if isinstance(tag.kind, Enum)}
    return Field(kind.tag, Enum(choices), first.zh, first.en, required=True)


def _inner_records(kind: Kind, path: str) -> list[tuple[Record, str]]:
    if isinstance(kind, ListOf):
        return _inner_records(kind.item, path + "[]")
    if isinstance(kind, Record):
        return [(kind, path)]
    if isinstance(kind, Variant):
        return [(variant, path) for variant in kind.variants.values()]
    return []


def city_field_rows() -> list[FieldRow]:
    """The city file's fields. The figure themes share one record shape: the first is shown in
    full, the others only where they differ (their metrics, the complaint channels)."""
    rows = walk(CITY)
    first = cat.FIGURE_THEMES[0]
    shared = {r.path.split("[]", 1)[1] for r in rows if r.path.startswith(first + "[]")}
    keep = []
    for row in rows:
        theme, _, rest = row.path.partition("[]")
        if theme in cat.FIGURE_THEMES[1:] and rest in shared and not rest.startswith(".metric"):
            continue
        keep.append(row)
    return keep


def kind_text(kind: Kind, name: str, lang: str) -> str:
    """What a field holds, in words, from the kind itself."""
    zh = lang == "zh"
    if isinstance(kind, ListOf):
        inner = kind_text(kind.item, name, lang)
        return f"列表，每项：{inner}" if zh else f"list; each item: {inner}"
    if isinstance(kind, Enum):
        if len(kind.values) > 12:
            return word("see_metrics" if name == "metric" else "see_units", lang)
        return ("取值之一：" if zh else "one of: ") + ", ".join(kind.values)
    if isinstance(kind, Number):
        whole = ("整数" if zh else "whole number") if kind.integer else ("数字" if zh else "number")
        low = "" if kind.minimum is None else f"{kind.minimum:g}"
        high = "" if kind.maximum is None else f"{kind.maximum:g}"
        return whole + (f" {low}–{high}" if low or high else "")
    if isinstance(kind, Ref):
        return f"编号（引用 {kind.collection}）" if zh else f"an id (refers to {kind.collection})"
    if isinstance(kind, Variant):
        options = " | ".join(kind.variants)
        return f"年份，或 {{kind: {options}, …}}" if zh else f"a year, or {{kind: {options}, …}}"
    if isinstance(kind, (Str, Text, PartialDate, Record)):
        return kind.expected_zh if zh else kind.expected_en
    return kind.expected_zh if zh else kind.expected_en


def field_row(row: FieldRow, lang: str) -> dict[str, Any]:
    spec = row.field
    is_year = isinstance(spec.kind, Number) and spec.kind.minimum == 1949
    unit = ("年" if lang == "zh" else "year") if is_year else (
        ("见 unit" if lang == "zh" else "given by unit") if spec.name == "value" and "unit" in row.parent.by_name
        else "")
    return {"name": row.path, "type": kind_text(spec.kind, spec.name, lang), "unit": unit,
            "zh": spec.zh + (f"：{spec.about_zh}" if spec.about_zh else ""),
            "en": spec.en + (f": {spec.about_en}" if spec.about_en else ""),
            "required": spec.required, "codes": ""}


# ---------------------------------------------------------------- the page
def dictionary_page() -> Page:
    page = Page("data/dictionary", {"zh": "数据字典", "en": "Data dictionary"}, {})
    for lang in LANGS:
        groups = [{"id": g["id"], "title": group_title(g["spec"], lang),
                   "about": g["spec"].about_zh if lang == "zh" else g["spec"].about_en, "files": g["files"],
                   "rows": [column_row(c, lang) for c in g["columns"]]} for g in column_groups()]
        yaml_groups = [{"id": "yaml-city", "title": word("city_file_fields", lang),
                        "rows": [field_row(r, lang) for r in city_field_rows()]},
                       {"id": "yaml-changelog", "title": word("changelog_fields", lang),
                        "rows": [field_row(r, lang) for r in walk(CHANGELOG)]}]
        page.body[lang] = render("dictionary.html", lang=lang, w=lambda key, lang=lang: word(key, lang),
                                 colon=fmt.punct("colon", lang), list_sep=fmt.punct("list", lang),
                                 groups=groups, yaml_groups=yaml_groups, metrics=_metrics(), units=_units(),
                                 nullable_integers=nullable_integer_columns(), read_recipes=READ_RECIPES)
        page.description[lang] = word("dictionary_intro", lang)
    return page


def _metrics() -> list[dict[str, str]]:
    return [{"id": m.id, "theme": m.theme, "zh": m.zh, "en": m.en, "units": ", ".join(m.units)}
            for m in cat.METRICS.values()]


def _units() -> list[dict[str, str]]:
    return [{"id": u.id, "zh": u.zh, "en": u.en} for u in cat.UNITS.values()]

