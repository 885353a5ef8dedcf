"""reviews.csv: one row per fact of a review, found by walking the review's schema.

Walking the schema (not a hand-made list of fields) means a field added to REVIEW
reaches the CSV, with its labels, without touching this module.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .. import format as fmt
from ..schema import catalogue as cat
from ..schema import city as schema
from ..schema.spec import Enum, Field, Kind, ListOf, Number, PartialDate, Record, Text, join
from ..validate import Dataset
from .rows import city_cells, coded, edtf, record_of

#: Fields only in columns of every row. (id, stage and level are columns too, and also rows of
#: their own, so the one-file-per-city view, which shows no review columns, keeps them.)
ROW_COLUMNS = ("source",)
Label = tuple[str, str]


def review_rows(data: Dataset) -> list[dict[str, Any]]:
    rows = []
    for slug in sorted(data.cities):
        for i, review in enumerate(data.cities[slug].get("reviews", [])):
            head = {**city_cells(data, slug), "review": review["id"],
                    **coded("stage", cat.REVIEW_STAGES, review["stage"]),
                    **coded("level", cat.REVIEW_LEVELS, review["level"]), "source": review["source"]}
            for fact in record_facts(schema.REVIEW, review, "", f"reviews[{i}]", None):
                rows.append({**head, **fact, "record": record_of(data, slug, fact.pop("_path"))})
    return rows


def record_facts(kind: Record, value: Mapping[str, Any], fact: str, path: str, label: Label | None
                 ) -> Iterator[dict[str, Any]]:
    """Every fact of a record, field by field, in schema order."""
    for spec in kind.fields:
        if spec.name in value and not (kind is schema.REVIEW and spec.name in ROW_COLUMNS):
            yield from field_facts(spec, value[spec.name], join(fact, spec.name), join(path, spec.name),
                                   _label(label, spec))


def _label(parent: Label | None, spec: Field) -> Label:
    if parent is None:
        return spec.zh, spec.en
    return f"{parent[0]}：{spec.zh}", f"{parent[1]}: {spec.en}"


def field_facts(spec: Field, value: Any, fact: str, path: str, label: Label) -> Iterator[dict[str, Any]]:
    if isinstance(spec.kind, ListOf):
        for i, item in enumerate(value):
            for row in item_facts(spec.kind.item, item, fact, join(path, i), label):
                yield {**row, "item": i + 1}
    else:
        yield from item_facts(spec.kind, value, fact, path, label)


def item_facts(kind: Kind, value: Any, fact: str, path: str, label: Label) -> Iterator[dict[str, Any]]:
    """The rows of one value: a count, a statement, a quoted record, a code, a date or a text."""
    base = {"fact": fact, "fact_zh": label[0], "fact_en": label[1], "_path": path}
    if kind is schema.COUNT:
        yield {**base, "value": value["value"], **coded("qualifier", cat.QUALIFIERS, value.get("qualifier", "exact")),
               "quote": value["quote"]}
    elif kind is schema.SCORE:
        yield {**base, "value": value["value"], "text_zh": fmt.value_text(value["value"], "score", "exact", "zh"),
               "text_en": fmt.value_text(value["value"], "score", "exact", "en"), "quote": value["quote"]}
    elif kind in (schema.STATEMENT, schema.SOURCED_STATEMENT):
        yield {**base, "text_zh": value["zh"], "text_en": value["en"], "quote": value.get("quote", value["zh"])}
    elif isinstance(kind, Record) and "quote" in kind.by_name:
        yield from quoted_record_facts(kind, value, base)
    elif isinstance(kind, Record):
        yield from record_facts(kind, value, fact, path, label)
    else:
        yield {**base, **scalar_cells(kind, value)}


def scalar_cells(kind: Kind, value: Any) -> dict[str, Any]:
    if isinstance(kind, Enum):
        return {"code": value, "text_zh": kind.values[value].zh, "text_en": kind.values[value].en}
    if isinstance(kind, PartialDate):
        return {"code": edtf(value), "text_zh": fmt.date_text(value, "zh"), "text_en": fmt.date_text(value, "en")}
    if isinstance(kind, Text):
        return {"text_zh": value["zh"], "text_en": value["en"]}
    if isinstance(kind, schema.Batch):
        return {"value": value, "text_zh": fmt.batch_text(value, "zh"), "text_en": fmt.batch_text(value, "en")}
    if isinstance(kind, Number):
        return {"value": value}
    return {"code": str(value)}


def quoted_record_facts(kind: Record, value: dict[str, Any], base: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A record with its own quote (an inspection visit, the verdict): its code and text on
    every row, one row per number it states (or one row when it states none)."""
    shared = {**base, "quote": value["quote"]}
    own_rows = []
    for spec in kind.fields:
        if spec.name not in value or spec.name == "quote":
            continue
        if isinstance(spec.kind, Enum) and "code" not in shared:
            shared["code"] = value[spec.name]
        elif isinstance(spec.kind, Text) and "text_zh" not in shared:
            shared.update(text_zh=value[spec.name]["zh"], text_en=value[spec.name]["en"])
        else:
            own_rows.append(spec)
    if not own_rows:
        yield shared
    for spec in own_rows:
        yield {**shared, "fact": f"{base['fact']}.{spec.name}", "fact_zh": f"{base['fact_zh']}：{spec.zh}",
               "fact_en": f"{base['fact_en']}: {spec.en}", **scalar_cells(spec.kind, value[spec.name])}
