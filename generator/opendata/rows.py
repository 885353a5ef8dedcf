"""One CSV row per figure, with every part of the figure: nothing the YAML says is lost."""
from __future__ import annotations

from typing import Any

from .. import format as fmt
from ..derive import Figure
from ..schema import catalogue as cat
from ..validate import Dataset


def figure_row(fig: Figure, data: Dataset) -> dict[str, Any]:
    city = data.cities[fig.city]
    unit = cat.UNITS[fig.unit]
    start, end = fmt.period_bounds(fig.period)
    return {
        "city": fig.city, "city_zh": city["name"]["zh"], "city_en": city["name"]["en"],
        "theme": fig.theme, "metric": fig.metric or "",
        "metric_zh": fig.label["zh"], "metric_en": fig.label["en"],
        "value": fig.value, "unit": fig.unit, "unit_zh": unit.zh, "unit_en": unit.en,
        "qualifier": fig.qualifier, "qualifier_class": cat.QUALIFIER_CLASS[fig.qualifier],
        "display_zh": fig.text("zh"), "display_en": fig.text("en"),
        "period_kind": fig.period["kind"], "period_start": start, "period_end": end,
        "period_years": fig.period.get("years"),
        "period_zh": fig.period_text("zh"), "period_en": fig.period_text("en"),
        "scope_zh": fig.scope["zh"] if fig.scope else "", "scope_en": fig.scope["en"] if fig.scope else "",
        "channels": "|".join(fig.channels),
        "note_zh": fig.note["zh"] if fig.note else "", "note_en": fig.note["en"] if fig.note else "",
        "source": fig.source, "quote": fig.quote, "record": f"{data.files[fig.city]}#{fig.path}",
    }
