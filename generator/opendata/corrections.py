"""corrections.csv: one row per correction of a published figure, beside the figure now.

A journalist who quoted the old number finds here when it changed, what it was, why, and
the document that says so; figure_record joins the row to figures.csv.
"""
from __future__ import annotations

from typing import Any

from .. import format as fmt
from ..model import CityModel, Figure
from ..validate import Dataset
from .rows import city_cells, date_cells, pair, period_cells, record_of, value_cells


def correction_rows(model: CityModel, data: Dataset) -> list[dict[str, Any]]:
    """The corrections of one city's figures, in file order."""
    rows = []
    slug = model.slug
    for fig in model.figures:
        for c in fig.corrections:
            rows.append({
                **city_cells(data, slug), "theme": fig.theme, "metric": fig.metric or "",
                "metric_zh": fig.label["zh"], "metric_en": fig.label["en"], **pair("scope", fig.scope),
                **period_cells(fig.period), **date_cells(c["date"]),
                "old_value": c["old_value"],
                "old_display_zh": fmt.value_text(c["old_value"], fig.unit, fig.qualifier, "zh"),
                "old_display_en": fmt.value_text(c["old_value"], fig.unit, fig.qualifier, "en"),
                **value_cells(fig.value, fig.unit, fig.qualifier), **pair("reason", c["reason"]),
                "source": c["source"], "quote": c["quote"], "figure_record": record_of(data, slug, fig.path),
                "record": record_of(data, slug, f"{fig.path}.corrections[{c['index']}]"),
            })
    return rows


def correction_entries(model: CityModel) -> list[tuple[Figure, dict[str, Any]]]:
    """Every correction of one city's figures, with its figure, in file order (the feeds)."""
    return [(fig, c) for fig in model.figures for c in fig.corrections]
