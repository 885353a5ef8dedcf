"""One CSV row per figure, with every part of the figure: nothing the YAML says is lost.

Also the small pieces every table's rows share: the city's names, where a record is
in the YAML, texts in both languages, dates and periods.
"""
from __future__ import annotations

from typing import Any

from .. import format as fmt
from ..model import Figure
from ..schema import catalogue as cat
from ..validate import Dataset

LIST_SEPARATOR = "|"


def city_cells(data: Dataset, slug: str) -> dict[str, Any]:
    name = data.names[slug]
    return {"city": slug, "city_zh": name["zh"], "city_en": name["en"]}


def record_of(data: Dataset, slug: str, path: str) -> str:
    """Where a record is: the display path of the city file, then the field path."""
    return f"{data.files[slug]}#{path}" if path else data.files[slug]


def pair(name: str, text: dict[str, str] | None) -> dict[str, str]:
    """A text in both languages as name_zh and name_en (empty when absent)."""
    return {f"{name}_zh": text["zh"] if text else "", f"{name}_en": text["en"] if text else ""}


def coded(name: str, choices: dict[str, cat.Choice], code: str | None) -> dict[str, str]:
    """A code with its labels in both languages: name, name_zh, name_en."""
    if code is None:
        return {name: "", f"{name}_zh": "", f"{name}_en": ""}
    return {name: code, f"{name}_zh": choices[code].zh, f"{name}_en": choices[code].en}


def edtf(date: str | None) -> str:
    """A partial date in EDTF: '--11-02' (year not stated) becomes 'XXXX-11-02'."""
    if not date:
        return ""
    return "XXXX" + date[1:] if date.startswith("--") else date


def date_cells(date: str | None, name: str = "date") -> dict[str, str]:
    return {name: edtf(date), f"{name}_zh": fmt.date_text(date, "zh") if date else "",
            f"{name}_en": fmt.date_text(date, "en") if date else ""}


def batch_cells(batch: int | None) -> dict[str, Any]:
    """A campaign batch as its number and its name in both languages (第四批, 4th batch)."""
    if batch is None:
        return {"batch": None, "batch_zh": "", "batch_en": ""}
    return {"batch": batch, "batch_zh": fmt.batch_text(batch, "zh"), "batch_en": fmt.batch_text(batch, "en")}


def period_cells(period: dict[str, Any] | None) -> dict[str, Any]:
    """The period's kind, its stated years and its wording in both languages."""
    if not period:
        return {"period_kind": "", "period_start": None, "period_end": None, "period_years": None,
                "period_zh": "", "period_en": ""}
    start, end = fmt.period_bounds(period)
    return {"period_kind": period["kind"], "period_start": start, "period_end": end,
            "period_years": period.get("years"), "period_zh": fmt.period_text(period, "zh"),
            "period_en": fmt.period_text(period, "en")}


def value_cells(value: float, unit: str, qualifier: str = "exact") -> dict[str, Any]:
    """A number with its unit and qualifier, coded and as the site displays it."""
    return {"value": value, **coded("unit", _UNIT_CHOICES, unit), **coded("qualifier", cat.QUALIFIERS, qualifier),
            "display_zh": fmt.value_text(value, unit, qualifier, "zh"),
            "display_en": fmt.value_text(value, unit, qualifier, "en")}


_UNIT_CHOICES = {u: cat.Choice(u, x.zh, x.en) for u, x in cat.UNITS.items()}


def figure_row(fig: Figure, data: Dataset) -> dict[str, Any]:
    return {
        **city_cells(data, fig.city), "theme": fig.theme, "metric": fig.metric or "",
        "metric_zh": fig.label["zh"], "metric_en": fig.label["en"],
        **value_cells(fig.value, fig.unit, fig.qualifier), "qualifier_class": cat.QUALIFIER_CLASS[fig.qualifier],
        "display_zh": fig.text("zh"), "display_en": fig.text("en"),  # a ranking reads 居全省第一
        **coded("change", cat.CHANGES, fig.change), "compared_to": fig.compared_to,
        **period_cells(fig.period), **pair("scope", fig.scope), **pair("among", fig.among),
        "channels": LIST_SEPARATOR.join(fig.channels),
        **pair("note", fig.note), "source": fig.source, "quote": fig.quote,
        "record": record_of(data, fig.city, fig.path),
    }
