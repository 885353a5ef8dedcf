"""A synthetic city that fills every field of the schema, optional ones included, made by
walking the schema itself (generator/schema/city.py), so a field added there is filled here
without anyone remembering to.

Every bilingual text gets a value no other field has ("practice text n012" / "做法文本012号"),
so a page can be searched for where one field's text ends and the next begins. Figure lists hold
one figure per period kind; every quote is a sentence of the generated source document.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.schema import catalogue as cat
from generator.schema.city import CHANGELOG, CITY, PERIOD
from generator.schema.spec import Enum, Field, Kind, ListOf, Number, PartialDate, Record, Ref, Str, Text, Variant

SLUG = "everyfield"
SOURCE_ID = "everyfield-doc"
DOCUMENT = "everyfield-doc.txt"
#: A Chinese document number, as the real sources have ("鄂府发〔2022〕156号"): a proper name
#: that stays Chinese on English pages.
DOC_NUMBER = "测府发〔2022〕7号"

#: Numbers chosen so every record is consistent (passed ≤ batches, result fail, closed = received).
FIGURE_VALUE = {"percent": 98.5, "score": 91.5}
#: The campaign batch every record with a batch names; each quote states it (第二批).
BATCH = 2


@dataclass
class EveryField:
    """Builds the city; collects every bilingual text it wrote and every quote (the document)."""

    texts: list[dict[str, str]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    n: int = 0

    def text(self, spec: Field) -> dict[str, str]:
        self.n += 1
        value = {"zh": f"{spec.zh}文本{self.n:03d}号", "en": f"{spec.en} text n{self.n:03d}"}
        self.texts.append(value)
        return value

    def quote(self, number: float | None = None) -> str:
        self.n += 1
        shown = "" if number is None else f"，数值为{number:g}"
        sentence = f"这是第{self.n}条原文摘录{shown}。" if number is not None else f"这是原文摘录之{_zh_count(self.n)}。"
        sentence = sentence[:-1] + f"，属第{_zh_count(BATCH)}批。"  # the batch a record names (see _number)
        self.quotes.append(sentence)
        return sentence

    # ------------------------------------------------------------ records
    def record(self, record: Record, path: str, **fixed: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if {"zh", "en"} <= set(record.by_name):  # a statement: one sentence in both languages
            fixed = {**self.text(record.by_name["en"]), **fixed}
        for spec in record.fields:
            if spec.name in fixed:
                out[spec.name] = fixed[spec.name]
            elif spec.name == "quote":
                continue  # written last: it must state the record's number
            else:
                out[spec.name] = self.value(spec, spec.kind, f"{path}.{spec.name}", record)
        if "quote" in record.by_name:
            out["quote"] = self.quote(out.get("value") if isinstance(out.get("value"), (int, float)) else None)
        return out

    def value(self, spec: Field, kind: Kind, path: str, parent: Record) -> Any:
        if isinstance(kind, Text):
            return self.text(spec)
        if isinstance(kind, ListOf):
            return self.items(spec, kind, path)
        if isinstance(kind, Variant):
            return self.record(kind.variants["annual"], path, kind="annual")
        if isinstance(kind, Record):
            return self.record(kind, path)
        if isinstance(kind, Enum):
            return _enum_value(spec, kind, parent)
        if isinstance(kind, Ref):
            return SOURCE_ID if kind.collection == "sources" else SLUG
        if isinstance(kind, PartialDate):
            return {"start": "2022-06-01", "end": "2022-06-09", "end_date": "2024-12-31"}.get(spec.name, "2022-06-09")
        if isinstance(kind, Number):
            return _number(spec, kind, parent)
        if isinstance(kind, Str):
            return _string(spec, parent)
        raise TypeError(f"no value for {path} ({type(kind).__name__})")

    def items(self, spec: Field, kind: ListOf, path: str) -> list[Any]:
        item = kind.item
        if isinstance(item, Record) and item.name.endswith("-figure") or getattr(item, "name", "") == "indicator":
            return [self.figure(item, f"{path}[{i}]", i, period_kind) for i, period_kind in enumerate(PERIOD.variants)]
        if isinstance(item, Enum):
            return list(item.values)  # every choice: channels, methods
        if isinstance(item, Text):
            return [self.text(spec), self.text(spec)]
        if isinstance(item, Record):
            return [self.record(item, f"{path}[0]")]
        return [self.value(spec, item, f"{path}[0]", CITY)]

    def figure(self, record: Record, path: str, i: int, period_kind: str) -> dict[str, Any]:
        fixed: dict[str, Any] = {"period": self.period(period_kind), "source": SOURCE_ID}
        if "metric" in record.by_name:
            metric_kind = record.by_name["metric"].kind
            assert isinstance(metric_kind, Enum)
            metric = cat.METRICS[list(metric_kind.values)[i % len(metric_kind.values)]]
            fixed.update(metric=metric.id, unit=metric.units[0])
        else:
            fixed["unit"] = "percent"
        unit = cat.UNITS[fixed["unit"]]
        fixed["value"] = FIGURE_VALUE.get(fixed["unit"], 1200 if unit.maximum is None else unit.maximum / 2)
        qualifiers = list(cat.QUALIFIERS)
        fixed["qualifier"] = qualifiers[i % len(qualifiers)]
        if "among" in record.by_name and i == 0:  # a ranking: 居…第一
            fixed.update(unit="rank", value=1, qualifier="exact")
        figure = self.record(record, path, **fixed)
        if "among" in figure and figure["unit"] != "rank":
            self.texts.remove(figure.pop("among"))  # only a ranking says among what
        elif "among" in figure:
            self.quotes[-1] = figure["quote"] = figure["quote"].replace("数值为1", "居第一")
        if figure.get("compared_to"):  # a change states the year it is measured against
            self.quotes[-1] = figure["quote"] = figure["quote"][:-1] + f"，较{figure['compared_to']}年。"
        return figure

    def period(self, kind: str) -> dict[str, Any]:
        return {"year": {"year": 2021}, "range": {"start": 2019, "end": 2021}, "since": {"start": 2021},
                "recent": {"years": 3}, "consecutive": {"years": 5}, "annual": {"since": 2020},
                "unstated": {}}[kind] | {"kind": kind}

    # ------------------------------------------------------------ the city
    def city(self) -> dict[str, Any]:
        timeline = [self.record(record, "timeline[]", event=event, date=date) for record, event, date in _timeline()]
        city = self.record(CITY, "", slug=SLUG, timeline=timeline)
        first = city["sampling"][0]
        target = city["targets"][0]
        target.update(metric=first["metric"], unit=first["unit"], value=first["value"], comparator="=",
                      value_max=first["value"] + 1)  # a range: value to value_max
        target["quote"] = self.quote(first["value"])
        self.quotes[-1] = target["quote"] = target["quote"].replace("数值为", f"上限为{first['value'] + 1:g}，数值为")
        sample = city["you_pick_we_test"]["rounds"][0]["samples"][0]
        sample.update(batches=5, passed=4, result="fail")
        return city

    def changelog(self) -> dict[str, Any]:
        return self.record(CHANGELOG, "", changes=[self.record(_change(), "changes[0]", date="2026-01-02",
                                                               cities=[SLUG])])

    def document(self) -> str:
        return "测试用原文（每个字段都填写的测试城市）\n\n" + "\n".join(self.quotes) + f"\n{DOC_NUMBER}\n"


def _zh_count(n: int) -> str:
    """A number in Chinese words, so a quote without a figure holds no digits the value check reads."""
    digits = "零一二三四五六七八九"
    return "".join(digits[int(d)] for d in str(n))


def _enum_value(spec: Field, kind: Enum, parent: Record) -> str:
    """A value other than the default, so the page shows the field at all."""
    values = [v for v in kind.values if v != spec.default]
    if spec.name == "comparator":
        return ">="
    return values[0]


def _number(spec: Field, kind: Number, parent: Record) -> float:
    if kind.minimum == 1949:  # a year
        return 2025 if spec.name == "deadline" else 2021
    return {"business_types": 3, "points": 40, "votes": 321, "number": 1, "task": 1, "value": 12}.get(spec.name, 2)


def _string(spec: Field, parent: Record) -> str:
    if spec.name == "id" and parent.name == "source":
        return SOURCE_ID
    return {"id": f"{parent.name}-one", "url": "https://example.org/everyfield.html", "document": DOCUMENT,
            "number": DOC_NUMBER}[spec.name]


def _timeline() -> list[tuple[Record, str, str]]:
    from generator.schema.city import TIMELINE_EVENT

    return [(TIMELINE_EVENT, event, f"{2016 + i}-0{1 + i % 9}-15" if i < 8 else "--11-02")
            for i, event in enumerate(cat.TIMELINE_EVENTS)]


def _change() -> Record:
    changes = CHANGELOG.by_name["changes"].kind
    assert isinstance(changes, ListOf) and isinstance(changes.item, Record)
    return changes.item


def every_field_data() -> tuple[dict[str, Any], dict[str, Any], str, list[dict[str, str]]]:
    """The city, the changelog, the source document and every bilingual text written."""
    maker = EveryField()
    city = maker.city()
    changelog = maker.changelog()
    return city, changelog, maker.document(), maker.texts
